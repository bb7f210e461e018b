"""No secret, token, openid, phone number, name or petition text in any log record, at any level,
from our code or from a library's (F1, F1b).

The flows run end to end on the real app with the real dialog, a real Redis and local stand-ins
for the platforms' APIs (a WeChat API that issues, rejects and re-issues access tokens and serves
media; the QQ bot API; the county case system): a web petition delivered to the case system and
its status events back; QQ messages answered through the QQ API (the openid is in the URL path);
WeChat images in 安全模式 whose media are downloaded with an access token that WeChat rejects
once (40001) so it is refreshed with the AppSecret, and a 客服消息 push. Every logger is set to
DEBUG and every record is captured, rendered as the project's JSON formatter renders it and as a
plain formatter would (with the traceback), and searched for each value this test planted.
"""

from __future__ import annotations

import asyncio
import base64
import logging
import os
import secrets
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient
from wechatpy.crypto import WeChatCrypto

from bot import appkeys, keys
from bot.app import create_app, load_dialog
from bot.console.auth import Accounts
from bot.logs import JsonFormatter, redact
from bot.messages import Reply, conversation_key
from channels.qq_sign import QQSigner
from channels.wechat_inbound import sign
from tests.bot.casesystem import CaseSystem, fast_config, signed_headers
from tests.channels.test_qq import QQPlatform, _message
from tests.channels.test_qq_intake import INTAKE
from tests.channels.test_wechat_api import JPEG, FakeWechat
from tests.fakes import FakeClassifier


def _hex(n: int) -> str:
    return secrets.token_hex(n)


class Planted:
    """Every secret and personal value of this run, each unique to it."""

    def __init__(self) -> None:
        self.wx_token = "wxtok" + _hex(8)
        self.wx_aes_key = base64.b64encode(os.urandom(32)).decode()[:43]
        self.wx_appid = "wx" + _hex(8)
        self.wx_secret = "wxsecret" + _hex(12)
        self.wx_openid = "oPlant" + _hex(11)
        self.qq_secret = "qqsecret" + _hex(8)
        self.qq_openid = _hex(16).upper()
        self.hook_secret = "hook-" + _hex(12)
        self.staff_password = "staff pass " + _hex(6)
        self.name = "欧阳春燕"
        self.phone = "139" + str(secrets.randbelow(10**8)).zfill(8)
        self.issued: list[str] = []  # access tokens the stand-ins issue, web session tokens

    def values(self) -> dict[str, str]:
        out = {k: v for k, v in vars(self).items() if isinstance(v, str)
               and k not in ("wx_appid",)}  # an AppID is public (it is in every menu link)
        out.update({f"issued{i}": v for i, v in enumerate(self.issued)})
        out["petition text"] = "老人走路摔倒了"
        return out


class PlantedWechat(FakeWechat):
    def __init__(self, planted: Planted):
        super().__init__()
        self.planted = planted
        self.media["MEDIA_IMG2"] = (JPEG, "image/jpeg", "photo2.jpg")

    async def token(self, request: web.Request) -> web.Response:
        q = request.query
        if (q.get("grant_type"), q.get("appid"), q.get("secret")) != (
                "client_credential", self.planted.wx_appid, self.planted.wx_secret):
            return web.json_response({"errcode": 40013, "errmsg": "invalid appid"})
        self.token_requests += 1
        token = "ACCESS" + _hex(16)
        self.planted.issued.append(token)
        self.valid = {token}
        return web.json_response({"access_token": token, "expires_in": 7200})


class PlantedQQ(QQPlatform):
    def __init__(self, planted: Planted, appid: str):
        super().__init__()
        self.planted, self.appid = planted, appid

    async def token(self, request: web.Request) -> web.Response:
        body = await request.json()
        if body != {"appId": self.appid, "clientSecret": self.planted.qq_secret}:
            return web.json_response({"code": 100016, "message": "invalid appid"}, status=400)
        token = "QQTOKEN" + _hex(16)
        self.planted.issued.append(token)
        return web.json_response({"access_token": token, "expires_in": "7200"})


class Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def every_logger_at_debug() -> Iterator[Capture]:
    """DEBUG on the root and on every logger that exists (libraries included); one handler
    that sees every record, also of loggers that do not propagate. Restored afterwards."""
    capture = Capture()
    manager = logging.Logger.manager
    loggers = [logging.getLogger()] + [lg for lg in manager.loggerDict.values()
                                       if isinstance(lg, logging.Logger)]
    saved = [(lg, lg.level, lg.disabled) for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.DEBUG)
        lg.disabled = False
        if lg is logging.getLogger() or not lg.propagate:
            lg.addHandler(capture)
    try:
        yield capture
    finally:
        for lg, level, disabled in saved:
            lg.setLevel(level)
            lg.disabled = disabled
            lg.removeHandler(capture)


def rendered(record: logging.LogRecord) -> str:
    parts = [record.getMessage(), JsonFormatter().format(record)]
    if record.exc_info:
        parts.append(logging.Formatter().formatException(record.exc_info))
    return "\n".join(parts)


async def settle(app: web.Application) -> None:
    for _ in range(100):
        tasks = set(app[appkeys.BACKGROUND])
        if not tasks:
            return
        await asyncio.wait(tasks, timeout=5)


async def wait_for(check: Callable[[], Any], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if await check():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("condition not reached")


async def test_f1_no_secret_or_personal_data_in_any_log_record(
        aiohttp_client: Any, aiohttp_server: Any, make_settings: Callable[..., Any],
        tmp_path: Path, every_logger_at_debug: Capture) -> None:
    planted = Planted()
    wechat_api = PlantedWechat(planted)
    wechat_api.server = await aiohttp_server(wechat_api.app())
    qq_appid = "102000001"
    qq_api = PlantedQQ(planted, qq_appid)
    qq_server = await aiohttp_server(qq_api.app)
    system = CaseSystem(secret=planted.hook_secret)
    case_server = await aiohttp_server(system.app(), host="127.0.0.1")
    settings = make_settings(
        PETITION_CONFIG_DIR=str(fast_config(tmp_path / "config")),
        PETITION_CASE_WEBHOOK_URL=str(case_server.make_url("/intake")),
        PETITION_CASE_WEBHOOK_SECRET=planted.hook_secret,
        PETITION_WECHAT_TOKEN=planted.wx_token, PETITION_WECHAT_AES_KEY=planted.wx_aes_key,
        PETITION_WECHAT_APPID=planted.wx_appid, PETITION_WECHAT_SECRET=planted.wx_secret,
        PETITION_WECHAT_API_BASE=wechat_api.url,
        PETITION_QQ_APPID=qq_appid, PETITION_QQ_SECRET=planted.qq_secret,
        PETITION_QQ_API_BASE=str(qq_server.make_url("")),
        PETITION_QQ_TOKEN_URL=str(qq_server.make_url("/app/getAppAccessToken")))
    client: TestClient = await aiohttp_client(create_app(
        settings, dialog=load_dialog(settings), classifier=FakeClassifier()))
    app = client.app

    # --- a web petition, delivered, and its status events back -----------------------------
    session = await (await client.post("/web/session")).json()
    planted.issued.append(session["token"])
    auth = {"Authorization": f"Bearer {session['token']}"}
    for text in INTAKE:
        text = {"张三": planted.name, "13812345678": planted.phone}.get(text, text)
        resp = await client.post("/web/messages", json={"text": text}, headers=auth)
        assert resp.status == 200, await resp.text()
    await wait_for(lambda: _received(system))
    case_id = system.received[0].json["case_id"]
    assert system.received[0].json["petitioner"]["phone"] == planted.phone
    for status in ("accepted", "concluded"):
        body = orjson.dumps({"case_id": case_id, "status": status, "message": "已办理"})
        resp = await client.post("/case-system/events", data=body,
                                 headers=signed_headers(planted.hook_secret, body))
        assert resp.status == 200, await resp.text()
    await settle(app)

    # --- staff open the case ------------------------------------------------------------
    await Accounts(app[appkeys.REDIS], settings.staff).add("wang", planted.staff_password,
                                                             "reviewer")
    page = await client.get("/staff/login")
    csrf = page.cookies["pb_staff_login"].value
    resp = await client.post("/staff/login", data={
        "_csrf": csrf, "username": "wang", "password": planted.staff_password},
        allow_redirects=False)
    assert resp.status == 303
    assert (await client.get(f"/staff/case/{case_id}")).status == 200

    # --- QQ: the reply goes to /v2/users/<openid>/messages ------------------------------
    signer = QQSigner(planted.qq_secret)
    for i, text in enumerate(("你好", "1")):
        payload = _message(text, msg_id=f"log-{i}", author={"user_openid": planted.qq_openid})
        raw = orjson.dumps(payload)
        ts = str(int(time.time()))
        resp = await client.post("/qq", data=raw, headers={
            "X-Signature-Ed25519": signer.sign(ts.encode() + raw),
            "X-Signature-Timestamp": ts, "Content-Type": "application/json"})
        assert resp.status == 200
        await settle(app)
    assert qq_api.sent and all(planted.qq_openid in s["path"] for s in qq_api.sent)

    # --- WeChat in 安全模式: images downloaded, the access token rejected once, a push -----
    crypto = WeChatCrypto(planted.wx_token, planted.wx_aes_key, planted.wx_appid)
    for n, media in ((1, "MEDIA_IMG"), (2, "MEDIA_IMG2")):
        if n == 2:
            wechat_api.valid = set()  # WeChat drops the token: 40001, refreshed, retried
        xml = (f"<xml><ToUserName><![CDATA[gh_account]]></ToUserName><FromUserName><![CDATA["
               f"{planted.wx_openid}]]></FromUserName><CreateTime>{int(time.time())}"
               f"</CreateTime><MsgType><![CDATA[image]]></MsgType><PicUrl><![CDATA["
               f"http://mmbiz.qpic.cn/x]]></PicUrl><MediaId><![CDATA[{media}]]></MediaId>"
               f"<MsgId>{7000 + n}</MsgId></xml>")
        resp = await _wechat_post(client, crypto, planted.wx_token, xml, planted.wx_openid)
        assert resp.status == 200, await resp.text()
        await settle(app)
    assert wechat_api.media_requests >= 2 and wechat_api.token_requests == 2
    redis = app[appkeys.REDIS]
    assert await redis.hget(keys.WECHAT_MEDIA_PATHS, "MEDIA_IMG2") is not None
    pushed = await app[appkeys.SENDERS]["wechat"].send(
        {"sender": planted.wx_openid, "last_seen": datetime.now(UTC).isoformat()},
        Reply(f"{planted.name}您好，您的信访事项已受理"))
    assert pushed and wechat_api.sent[-1]["touser"] == planted.wx_openid
    await settle(app)
    assert await redis.exists(keys.conversation_doc(conversation_key("wechat",
                                                                     planted.wx_openid)))

    # --- the logs ---------------------------------------------------------------------------
    records = every_logger_at_debug.records
    by_logger = {r.name.split(".")[0] for r in records} | {r.name for r in records}
    # The libraries did log at DEBUG/INFO (otherwise this test would prove nothing).
    for name in ("httpx", "httpcore", "aiohttp.access", "petition"):
        assert name in by_logger, f"no record from {name}"
    leaks = [(r.name, label) for r in records for label, value in planted.values().items()
             if value in rendered(r)]
    assert leaks == [], leaks


async def _received(system: CaseSystem) -> bool:
    return bool(system.received)


async def _wechat_post(client: TestClient, crypto: WeChatCrypto, token: str, xml: str,
                       openid: str) -> Any:
    ts, nonce = str(int(time.time())), secrets.token_hex(5)
    sealed = crypto.encrypt_message(xml, nonce, ts)
    root = ET.fromstring(sealed)
    body = (f"<xml><ToUserName><![CDATA[gh_account]]></ToUserName><Encrypt><![CDATA["
            f"{root.findtext('Encrypt')}]]></Encrypt></xml>")
    query = {"signature": sign(token, ts, nonce), "timestamp": ts, "nonce": nonce,
             "encrypt_type": "aes", "msg_signature": root.findtext("MsgSignature") or "",
             "openid": openid}  # WeChat adds the sender's openid to the URL
    return await client.post("/wechat", params=query, data=body.encode(),
                             headers={"Content-Type": "text/xml"})


def test_redact_removes_query_strings_and_identifiers_from_library_lines() -> None:
    # httpx's line for WeChat's token request and aiohttp's access line, as they are written.
    line = ('HTTP Request: GET https://api.weixin.qq.com/cgi-bin/token?grant_type='
            'client_credential&appid=wx1234&secret=S3CR3T "HTTP/1.1 200 OK"')
    assert redact(line) == ('HTTP Request: GET https://api.weixin.qq.com/cgi-bin/token?… '
                            '"HTTP/1.1 200 OK"')
    qq = 'HTTP Request: POST https://api.sgroup.qq.com/v2/users/E4F4AEA33253A2797FB8/messages'
    assert redact(qq) == "HTTP Request: POST https://api.sgroup.qq.com/v2/users/…/messages"
    access = ('127.0.0.1 [07/Dec/2026:05:00:00 +0000] "POST /sms/tencent?token=abc HTTP/1.1" '
              '200 5 "-" "curl/8"')
    assert "abc" not in redact(access) and "/sms/tencent?…" in redact(access)
    assert redact("clientSecret=xyz appSecret: 'q'") == "clientSecret=… appSecret: '…'"
