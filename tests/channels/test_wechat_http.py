"""The WeChat channel through the real app (create_app) over HTTP, with a real Redis and a local
server acting as api.weixin.qq.com (tests.channels.test_wechat_api.FakeWechat).

Credentials are those of Tencent's WXBizMsgCrypt sample (see test_wechat_inbound); the sample's
own encrypted request is replayed through the app. Other requests are sealed the way WeChat does
(wechatpy's WeChatCrypto, the reference the official SDK was ported to), and replies are opened
and their MsgSignature checked the same way. The dialog is a counting double (tests.fakes) that
also records what it was given, so the mapping of every message kind is checked end to end.
"""

from __future__ import annotations

import asyncio
import io
import logging
import secrets
import shutil
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest
from aiohttp.test_utils import TestClient
from wechatpy.crypto import WeChatCrypto

from bot import appkeys, keys, metrics
from bot.app import create_app
from bot.messages import Reply, conversation_key
from bot.settings import CONFIG_DIR, Settings, SettingsError
from channels.wechat import WECHAT
from channels.wechat_inbound import sign
from dialogs.api import Services, StepInput, StepResult
from tests.channels.test_wechat_api import APPID, JPEG, SECRET, FakeWechat, start_fake
from tests.channels.test_wechat_inbound import (
    SAMPLE_AES_KEY,
    SAMPLE_BODY,
    SAMPLE_NONCE,
    SAMPLE_QUERY,
    SAMPLE_TIMESTAMP,
    SAMPLE_TOKEN,
)
from tests.fakes import CountingDialog, FakeClassifier

OPENID = "oyORnuP8q7ou2gfYjqLzSIWZf0rs"
ACCOUNT = "gh_10f6c3c3ac5a"
CRYPTO = WeChatCrypto(SAMPLE_TOKEN, SAMPLE_AES_KEY, APPID)
CONV = conversation_key("wechat", OPENID)


@pytest.fixture
async def fake_wechat(aiohttp_server: Any) -> FakeWechat:
    return await start_fake(aiohttp_server)



def _root(xml: bytes) -> ET.Element:
    """The bot's reply (or an envelope we made), read with the standard parser: an independent
    check of what the bot writes."""
    root = ET.fromstring(xml)
    assert root.tag == "xml"
    return root

class RecordingDialog(CountingDialog):
    """The counting double, remembering each turn it was given."""

    def __init__(self) -> None:
        self.turns: list[StepInput] = []

    def step(self, doc: dict[str, Any] | None, turn: StepInput, ctx: Services) -> StepResult:
        self.turns.append(turn)
        return super().step(doc, turn, ctx)


def _settings(make_settings: Callable[..., Settings], fake: FakeWechat | None,
              **env: str) -> Settings:
    base = {"PETITION_WECHAT_TOKEN": SAMPLE_TOKEN, "PETITION_WECHAT_AES_KEY": SAMPLE_AES_KEY,
            "PETITION_WECHAT_APPID": APPID}
    if fake is not None:
        base.update(PETITION_WECHAT_SECRET=SECRET, PETITION_WECHAT_API_BASE=fake.url)
    base.update(env)
    return make_settings(**base)


class Citizen:
    """Plays WeChat's server for one follower of the account."""

    def __init__(self, client: TestClient, openid: str = OPENID):
        self.client = client
        self.openid = openid
        self.clock = int(time.time())

    def message(self, msgtype: str, msg_id: int | None = None, create_time: int | None = None,
                **fields: str) -> str:
        self.clock += 1
        parts = [f"<ToUserName><![CDATA[{ACCOUNT}]]></ToUserName>",
                 f"<FromUserName><![CDATA[{self.openid}]]></FromUserName>",
                 f"<CreateTime>{create_time or self.clock}</CreateTime>",
                 f"<MsgType><![CDATA[{msgtype}]]></MsgType>"]
        parts += [f"<{k}><![CDATA[{v}]]></{k}>" for k, v in fields.items()]
        if msg_id is not None:
            parts.append(f"<MsgId>{msg_id}</MsgId>")
        return "<xml>" + "".join(parts) + "</xml>"

    async def post(self, xml: str | bytes, *, mode: str = "aes", timestamp: str | None = None,
                   nonce: str = "", **override: str) -> Any:
        ts = timestamp or str(int(time.time()))
        nonce = nonce or secrets.token_hex(5)  # WeChat signs each request with a new nonce
        query = {"signature": sign(SAMPLE_TOKEN, ts, nonce), "timestamp": ts, "nonce": nonce,
                 "openid": self.openid}
        body = xml.encode() if isinstance(xml, str) else xml
        if mode == "aes":
            sealed = _root(CRYPTO.encrypt_message(body.decode(), nonce, ts).encode())
            body = (f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName><Encrypt><![CDATA["
                    f"{sealed.findtext('Encrypt')}]]></Encrypt></xml>").encode()
            query.update(encrypt_type="aes", msg_signature=sealed.findtext("MsgSignature") or "")
        query.update(override)
        return await self.client.post("/wechat", params=query, data=io.BytesIO(body),
                                      headers={"Content-Type": "text/xml"})

    async def reply(self, resp: Any, *, encrypted: bool = True) -> str | None:
        assert resp.status == 200, await resp.text()
        text = await resp.text()
        if text == "success":
            return None
        if encrypted:
            outer = _root(text.encode())
            assert outer.findtext("Encrypt") and outer.findtext("Content") is None
            text = CRYPTO.decrypt_message(text, outer.findtext("MsgSignature"),
                                          outer.findtext("TimeStamp"), outer.findtext("Nonce"))
        xml = _root(text.encode())
        assert xml.findtext("ToUserName") == self.openid
        assert xml.findtext("FromUserName") == ACCOUNT
        assert xml.findtext("MsgType") == "text"
        return xml.findtext("Content")

    async def say(self, xml: str, *, mode: str = "aes") -> str | None:
        return await self.reply(await self.post(xml, mode=mode), encrypted=mode == "aes")


async def settle(client: TestClient) -> None:
    """Wait for the app's tracked background tasks (media downloads, late replies)."""
    tasks = client.app[appkeys.BACKGROUND]
    for _ in range(50):
        if not tasks:
            return
        await asyncio.wait(set(tasks), timeout=5)
    raise AssertionError("background tasks did not finish")


async def _client(aiohttp_client: Any, settings: Settings,
                  dialog: CountingDialog | None = None) -> TestClient:
    app = create_app(settings, dialog=dialog or RecordingDialog(), classifier=FakeClassifier())
    return await aiohttp_client(app)


# --- URL verification --------------------------------------------------------------------------


async def test_url_verification_with_wechatpys_vector(aiohttp_client: Any,
                                                      make_settings: Callable[..., Settings]
                                                      ) -> None:
    # wechatpy tests/test_utils.py: token "test", timestamp 1410685589, nonce "test".
    client = await _client(aiohttp_client, make_settings(PETITION_WECHAT_TOKEN="test",
                                                         PETITION_WECHAT_REPLAY_WINDOW="0"))
    query = {"signature": "f21891de399b4e33a1a93c9a7b8a8fffb5a443ff",
             "timestamp": "1410685589", "nonce": "test", "echostr": "5837397874592434613"}
    resp = await client.get("/wechat", params=query)
    assert resp.status == 200 and await resp.text() == "5837397874592434613"
    bad = await client.get("/wechat", params={**query, "nonce": "tset"})
    assert bad.status == 403 and await bad.text() != "5837397874592434613"


async def test_url_verification_refuses_replays(aiohttp_client: Any,
                                                make_settings: Callable[..., Settings]) -> None:
    client = await _client(aiohttp_client, _settings(make_settings, None))
    old = str(int(time.time()) - 301)
    query = {"signature": sign(SAMPLE_TOKEN, old, "n"), "timestamp": old, "nonce": "n",
             "echostr": "e"}
    assert (await client.get("/wechat", params=query)).status == 403
    now = str(int(time.time()))
    query.update(signature=sign(SAMPLE_TOKEN, now, "n"), timestamp=now)
    assert await (await client.get("/wechat", params=query)).text() == "e"


# --- messages ------------------------------------------------------------------------------


async def test_tencent_sample_request_is_answered_encrypted(
        aiohttp_client: Any, make_settings: Callable[..., Settings]) -> None:
    # No AppSecret: passive replies need none. The 2014 sample needs the replay check off.
    client = await _client(aiohttp_client, _settings(make_settings, None,
                                                     PETITION_WECHAT_REPLAY_WINDOW="0"))
    query = {**SAMPLE_QUERY,
             "signature": sign(SAMPLE_TOKEN, SAMPLE_TIMESTAMP, SAMPLE_NONCE)}
    resp = await client.post("/wechat", params=query, data=SAMPLE_BODY)
    assert await Citizen(client).reply(resp) == "第1条：abcdteT\n请点选：" + _choice("好")


async def test_whole_intake_over_encrypted_messages(
        aiohttp_client: Any, make_settings: Callable[..., Settings], fake_wechat: FakeWechat,
        redis: Any, tmp_path: Path) -> None:
    dialog = RecordingDialog()
    settings = _settings(make_settings, fake_wechat)
    client = await _client(aiohttp_client, settings, dialog)
    me = Citizen(client)
    said = [
        await me.say(me.message("event", Event="subscribe")),
        await me.say(me.message("event", Event="CLICK", EventKey="start")),
        await me.say(me.message("text", 101, Content="村里的路坏了很久没人修")),
        await me.say(me.message("voice", 102, MediaId="MEDIA_VOICE", Format="amr",
                                Recognition="在金北街道")),
        await me.say(me.message("location", 103, Location_X="33.0125", Location_Y="119.0212",
                                Scale="15", Label="金湖县金北街道")),
        await me.say(me.message("image", 104, PicUrl="http://mmbiz.qpic.cn/x",
                                MediaId="MEDIA_IMG")),
        await me.say(me.message("text", 105, Content="submit")),
    ]
    assert said[:3] == ["第1条：\n请点选：" + _choice("好"), "第2条：\n请点选：" + _choice("好"),
                        "第3条：村里的路坏了很久没人修\n请点选：" + _choice("好")]
    assert said[3].startswith("第4条：在金北街道")
    assert said[6] is not None and said[6].startswith("已受理，编号JH-")
    assert [(t.kind, t.event) for t in dialog.turns] == [
        ("event", "subscribe"), ("event", "menu:start"), ("text", ""), ("text", ""),
        ("location", ""), ("media", ""), ("text", "")]
    assert dialog.turns[3].attachments[0]["kind"] == "voice"
    assert dialog.turns[4].location == (33.0125, 119.0212, "金湖县金北街道")
    assert dialog.turns[5].attachments == ({"kind": "image", "ref": "MEDIA_IMG", "name": "",
                                            "stored_path": ""},)
    # The case went to the outbox, from the WeChat channel.
    # (looked up by its number: the outbox worker may already have delivered the entry)
    numbers = await redis.hgetall(keys.CASE_NUMBER_INDEX)
    assert len(numbers) == 1
    [case_id] = numbers.values()
    record = await redis.hgetall(keys.case_record(case_id.decode()))
    assert orjson.loads(record[b"body"])["channel"] == "wechat"
    # The photo is fetched and stored before WeChat drops it (3 days); the voice is unknown to
    # the fake API (errcode 40007) and is dropped from the pending list with an error logged.
    await settle(client)
    stored = (await redis.hget(keys.WECHAT_MEDIA_PATHS, "MEDIA_IMG")).decode()
    assert (settings.data_dir / stored).read_bytes() == JPEG and stored.endswith(".jpg")
    assert await redis.hlen(keys.WECHAT_MEDIA_PENDING) == 0


def _choice(text: str, n: int = 1) -> str:
    return f'<a href="weixin://bizmsgmenu?msgmenucontent={text}&msgmenuid={n}">{text}</a>'


async def test_plaintext_mode_gets_a_plaintext_reply(aiohttp_client: Any,
                                                     make_settings: Callable[..., Settings]
                                                     ) -> None:
    client = await _client(aiohttp_client, make_settings(PETITION_WECHAT_TOKEN=SAMPLE_TOKEN))
    me = Citizen(client)
    assert (await me.say(me.message("text", 7, Content="明文"), mode="raw")
            or "").startswith("第1条：明文")
    # Without an EncodingAESKey an encrypted request cannot be read.
    resp = await me.post(me.message("text", 8, Content="x"), mode="aes")
    assert resp.status == 400


async def test_retried_msgid_is_answered_without_a_second_turn(
        aiohttp_client: Any, make_settings: Callable[..., Settings]) -> None:
    dialog = RecordingDialog()
    client = await _client(aiohttp_client, _settings(make_settings, None), dialog)
    me = Citizen(client)
    xml = me.message("text", 555, Content="只说一次")
    first = await me.say(xml)
    again = await me.say(xml)
    assert first == again and first is not None and first.startswith("第1条：只说一次")
    assert len(dialog.turns) == 1
    event = me.message("event", Event="subscribe")
    assert await me.say(event) == await me.say(event)
    assert len(dialog.turns) == 2
    assert (await me.say(me.message("text", 556, Content="下一条")) or "").startswith("第3条")


async def test_slow_turn_answers_success_then_customer_service_message(
        aiohttp_client: Any, make_settings: Callable[..., Settings], fake_wechat: FakeWechat,
        redis: Any) -> None:
    dialog = RecordingDialog()
    client = await _client(aiohttp_client, _settings(
        make_settings, fake_wechat, PETITION_WECHAT_REPLY_BUDGET_MS="150"), dialog)
    me = Citizen(client)
    # The conversation is busy for 0.8 s (as if an earlier turn still held its lock): this
    # message's turn waits for the lock without blocking the server, past the reply budget.
    await redis.set(keys.conversation_lock(CONV), "earlier-turn", px=800)
    xml = me.message("text", 777, Content="慢一点")
    started = time.monotonic()
    resp = await me.post(xml)
    assert await resp.text() == "success" and time.monotonic() - started < 0.6
    # WeChat's retry while the first is still being handled: "success" at once (it does not
    # wait for the conversation lock nor the reply budget), and no second turn.
    in_flight = metrics.TURNS.value("wechat", "retry_in_flight")
    started = time.monotonic()
    assert await (await me.post(xml)).text() == "success"
    assert time.monotonic() - started < 0.1
    assert metrics.TURNS.value("wechat", "retry_in_flight") == in_flight + 1
    sent = await fake_wechat.wait_sent(1)
    assert sent[0]["touser"] == OPENID and sent[0]["msgtype"] == "text"
    assert sent[0]["text"]["content"].startswith("第1条：慢一点")
    await settle(client)
    # A retry after the late delivery is not answered a second time either.
    assert await (await me.post(xml)).text() == "success"
    assert len(dialog.turns) == 1 and len(fake_wechat.sent) == 1
    assert metrics.TURNS.value("wechat", "late_reply") >= 1


async def test_long_reply_is_sent_in_pieces_by_customer_service(
        aiohttp_client: Any, make_settings: Callable[..., Settings],
        fake_wechat: FakeWechat) -> None:
    client = await _client(aiohttp_client, _settings(make_settings, fake_wechat))
    me = Citizen(client)
    long_text = "路" * 1200  # the double echoes it: 3600+ bytes, over WeChat's 2048
    assert await me.say(me.message("text", 9, Content=long_text)) is None
    await settle(client)
    pieces = [s["text"]["content"] for s in fake_wechat.sent]
    assert len(pieces) >= 2 and all(len(p.encode()) <= 2048 for p in pieces)
    assert long_text in "".join(pieces)


async def test_bad_requests_are_refused_and_change_nothing(
        aiohttp_client: Any, make_settings: Callable[..., Settings], redis: Any) -> None:
    dialog = RecordingDialog()
    client = await _client(aiohttp_client, _settings(make_settings, None), dialog)
    me = Citizen(client)
    xml = me.message("text", 42, Content="你好")
    async def state() -> list[bytes]:  # the outbox worker creates its stream on its own time
        return sorted(k for k in await redis.keys("*") if k != keys.OUTBOX_STREAM.encode())

    before = await state()
    rejected_before = {s: metrics.HTTP_REJECTED.value("wechat", s) for s in ("400", "403", "413")}
    cases = [
        (await me.post(xml, signature="0" * 40), 403),
        (await me.post(xml, msg_signature="0" * 40), 403),
        (await me.post(xml, timestamp=str(int(time.time()) - 3600)), 403),
        (await me.post(xml, mode="raw", timestamp=str(int(time.time()) + 3600)), 403),
        (await me.post(b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>'
                       b"<xml><Content>&a;</Content></xml>"), 400),
        (await me.post(b"<xml><MsgType>text"), 400),
        (await me.post(b"<xml>" + b"x" * (1024 * 1024 + 1) + b"</xml>"), 413),
        (await me.post(xml, mode="raw"), 403),  # 安全模式: a plain body is refused
    ]
    assert [r.status for r, _ in cases] == [s for _, s in cases]
    assert await state() == before
    assert dialog.turns == []
    assert metrics.HTTP_REJECTED.value("wechat", "403") == rejected_before["403"] + 5
    assert metrics.HTTP_REJECTED.value("wechat", "400") == rejected_before["400"] + 2
    assert metrics.HTTP_REJECTED.value("wechat", "413") == rejected_before["413"] + 1


async def test_unknown_events_are_acknowledged_and_logged_without_personal_data(
        aiohttp_client: Any, make_settings: Callable[..., Settings],
        caplog: pytest.LogCaptureFixture) -> None:
    dialog = RecordingDialog()
    client = await _client(aiohttp_client, _settings(make_settings, None), dialog)
    me = Citizen(client)
    with caplog.at_level(logging.INFO, logger="petition.wechat"):
        resp = await me.post(me.message("event", Event="VIEW", EventKey="https://x.test"))
        assert await resp.text() == "success"
        resp = await me.post(me.message("event", Event="CLICK", EventKey="not-in-config"))
        assert await resp.text() == "success"
    assert dialog.turns == []
    assert "event ignored event=view" in caplog.text
    assert OPENID not in caplog.text


async def test_unsupported_kind_gets_the_configured_sentence(
        aiohttp_client: Any, make_settings: Callable[..., Settings]) -> None:
    dialog = RecordingDialog()
    client = await _client(aiohttp_client, _settings(make_settings, None), dialog)
    me = Citizen(client)
    reply = await me.say(me.message("miniprogrampage", 5, Title="小程序"))
    assert reply is not None and reply.startswith("抱歉，这类消息我暂时看不了")
    assert dialog.turns == []


async def test_unsubscribe_reaches_the_dialog_and_sends_nothing(
        aiohttp_client: Any, make_settings: Callable[..., Settings]) -> None:
    dialog = RecordingDialog()
    client = await _client(aiohttp_client, _settings(make_settings, None), dialog)
    me = Citizen(client)
    assert await me.say(me.message("event", Event="unsubscribe")) is None
    assert [(t.kind, t.event) for t in dialog.turns] == [("event", "unsubscribe")]


async def test_two_app_instances_share_one_access_token(
        aiohttp_client: Any, make_settings: Callable[..., Settings],
        fake_wechat: FakeWechat) -> None:
    settings = _settings(make_settings, fake_wechat)
    fake_wechat.token_delay = 0.1
    first = await _client(aiohttp_client, settings)
    second = await _client(aiohttp_client, settings)
    meta = {"sender": OPENID, "last_seen": datetime.now(UTC).isoformat()}
    senders = [c.app[appkeys.SENDERS]["wechat"] for c in (first, second)]
    results = await asyncio.gather(*(s.send(meta, Reply(f"通知{i}")) for i in range(3)
                                     for s in senders))
    assert results == [True] * 6
    assert fake_wechat.token_requests == 1
    assert {s["token"] for s in fake_wechat.sent} == {"TOKEN-1"}
    assert first.app[WECHAT].api is not second.app[WECHAT].api


async def test_sender_uses_templates_after_48_hours(
        aiohttp_client: Any, make_settings: Callable[..., Settings], fake_wechat: FakeWechat,
        tmp_path: Path) -> None:
    sender = (await _client(aiohttp_client, _settings(make_settings, fake_wechat))
              ).app[appkeys.SENDERS]["wechat"]
    old = (datetime.now(UTC) - timedelta(hours=49)).isoformat()
    assert await sender.send({"sender": OPENID, "last_seen": old}, Reply("已办结")) is False
    assert fake_wechat.sent == [] and fake_wechat.templates == []

    config = tmp_path / "config"
    shutil.copytree(CONFIG_DIR, config)
    toml = (config / "wechat.toml").read_text(encoding="utf-8")
    (config / "wechat.toml").write_text(toml.replace('id = ""', 'id = "TPL-CASE"'),
                                        encoding="utf-8")
    client = await _client(aiohttp_client, _settings(make_settings, fake_wechat,
                                                     PETITION_CONFIG_DIR=str(config)))
    sender = client.app[appkeys.SENDERS]["wechat"]
    assert await sender.send({"sender": OPENID, "last_seen": old}, Reply("已办结")) is True
    assert fake_wechat.templates[0]["template_id"] == "TPL-CASE"
    assert fake_wechat.templates[0]["data"]["keyword1"] == {"value": "已办结"}
    # Inside the window WeChat may still refuse (45015): the template is the fallback.
    recent = datetime.now(UTC).isoformat()
    fake_wechat.send_errors = [45015]
    assert await sender.send({"sender": OPENID, "last_seen": recent}, Reply("有进展")) is True
    assert len(fake_wechat.templates) == 2 and fake_wechat.sent == []
    fake_wechat.send_errors = [43004]  # unsubscribed: nothing can reach them
    assert await sender.send({"sender": OPENID, "last_seen": recent}, Reply("有进展")) is False
    fake_wechat.send_errors = [45015, 40003]  # window passed, and the template refused too
    assert await sender.send({"sender": OPENID, "last_seen": recent}, Reply("有进展")) is False
    await fake_wechat.server.close()  # WeChat unreachable: False, not an exception
    assert await sender.send({"sender": OPENID, "last_seen": recent}, Reply("有进展")) is False


async def test_pending_media_resume_after_a_restart(
        aiohttp_client: Any, make_settings: Callable[..., Settings], fake_wechat: FakeWechat,
        redis: Any) -> None:
    # A previous process queued a download and died before it finished.
    await redis.hset(keys.WECHAT_MEDIA_PENDING, "MEDIA_IMG", orjson.dumps({"kind": "image",
                                                             "at": time.time() - 60}))
    await redis.hset(keys.WECHAT_MEDIA_PENDING, "TOO_OLD", orjson.dumps({"kind": "image",
                                                           "at": time.time() - 4 * 86400}))
    settings = _settings(make_settings, fake_wechat)
    client = await _client(aiohttp_client, settings)
    await settle(client)
    stored = await redis.hget(keys.WECHAT_MEDIA_PATHS, "MEDIA_IMG")
    assert stored is not None and (settings.data_dir / stored.decode()).read_bytes() == JPEG
    assert await redis.hlen(keys.WECHAT_MEDIA_PENDING) == 0 and fake_wechat.media_requests == 1


def test_broken_wechat_config_is_a_settings_error_at_start(
        make_settings: Callable[..., Settings], tmp_path: Path) -> None:
    config = tmp_path / "config"
    shutil.copytree(CONFIG_DIR, config)
    (config / "wechat.toml").write_text("[[menu.button]]\nname = 1\n", encoding="utf-8")
    settings = _settings(make_settings, None, PETITION_CONFIG_DIR=str(config))
    with pytest.raises(SettingsError) as exc:
        create_app(settings, dialog=RecordingDialog(), classifier=FakeClassifier())
    assert "wechat.toml" in str(exc.value) and "menu.button[0]" in str(exc.value)
    # The same file does not matter while the channel is disabled.
    create_app(make_settings(PETITION_CONFIG_DIR=str(config)), dialog=RecordingDialog(),
               classifier=FakeClassifier())


class FailingOnceDialog(RecordingDialog):
    """Fails after its step the first time (as a Redis error in the pipeline would)."""

    failed = False

    def ttl_seconds(self, doc: dict[str, Any]) -> int:
        if not self.failed:
            self.failed = True
            raise RuntimeError("storage trouble")
        return super().ttl_seconds(doc)


async def test_failed_turn_answers_500_so_that_wechats_retry_is_processed(
        aiohttp_client: Any, make_settings: Callable[..., Settings], redis: Any) -> None:
    dialog = FailingOnceDialog()
    client = await _client(aiohttp_client, _settings(make_settings, None), dialog)
    me = Citizen(client)
    xml = me.message("text", 31337, Content="第一次没存上")
    assert (await me.post(xml)).status == 500
    assert await redis.get(keys.conversation_doc(CONV)) is None  # nothing half-saved
    retry = await me.say(xml)
    assert retry is not None and retry.startswith("第1条：第一次没存上")
    assert await me.say(xml) == retry  # and from now on it is a known message id


async def test_turn_handover_whichever_comes_first_delivers() -> None:
    from bot.messages import TurnResult
    from channels.reply_race import ReplyRace

    loop = asyncio.get_running_loop()
    done = TurnResult(replies=())
    in_time = ReplyRace(loop)
    assert in_time.finished(done) and await in_time.outcome is done
    in_time.give_up()  # the budget timer firing afterwards changes nothing
    assert in_time.outcome.result() is done

    too_late = ReplyRace(loop)
    too_late.give_up()
    assert await too_late.outcome is None  # the request answers "success"
    assert not too_late.finished(done)  # the task delivers through 客服消息

    gone = ReplyRace(loop)

    async def request() -> TurnResult | None:
        return await gone.outcome

    waiting = asyncio.create_task(request())
    await asyncio.sleep(0)
    waiting.cancel()  # the request itself is cancelled (shutdown, client gone)
    await asyncio.sleep(0)
    assert not gone.finished(done)


# --- replays of a signed URL (F3) and plain bodies in 安全模式 (F3b) ---------------------------


async def test_f3_a_signed_url_cannot_carry_another_message(
        aiohttp_client: Any, make_settings: Callable[..., Settings], redis: Any) -> None:
    """Plain mode signs only token/timestamp/nonce: whoever saw one request URL could post any
    body with it for the replay window. The nonce is now bound to the message it carried."""
    dialog = RecordingDialog()
    client = await _client(aiohttp_client, make_settings(PETITION_WECHAT_TOKEN=SAMPLE_TOKEN),
                           dialog)
    me, mallory = Citizen(client), Citizen(client, openid="oMallory0000000000000000000")
    ts, nonce = str(int(time.time())), "1234567890"
    first = me.message("text", 9001, Content="我的信访")
    assert (await me.reply(await me.post(first, mode="raw", timestamp=ts, nonce=nonce),
                           encrypted=False) or "").startswith("第1条")
    forged = [mallory.message("text", 9002, Content="冒充的消息"),  # another FromUserName
              me.message("text", 9003, Content="另一条消息"),  # same citizen, another MsgId
              me.message("event", Event="subscribe")]
    for body in forged:
        resp = await me.post(body, mode="raw", timestamp=ts, nonce=nonce)
        assert resp.status == 403 and "nonce" in await resp.text()
    assert [t.text for t in dialog.turns] == ["我的信访"]
    assert await redis.exists(keys.conversation_doc(conversation_key("wechat", mallory.openid))) \
        == 0
    # WeChat's own retry (same MsgId), even with the same URL, gets the reply it got before.
    again = await me.reply(await me.post(first, mode="raw", timestamp=ts, nonce=nonce),
                           encrypted=False)
    assert (again or "").startswith("第1条：我的信访") and len(dialog.turns) == 1
    # A new nonce is a new request: the conversation goes on.
    assert (await me.say(me.message("text", 9004, Content="下一条"), mode="raw")
            or "").startswith("第2条")


async def test_f3_event_retries_keep_their_reply_and_the_memory_expires(
        aiohttp_client: Any, make_settings: Callable[..., Settings], redis: Any) -> None:
    dialog = RecordingDialog()
    client = await _client(aiohttp_client, _settings(make_settings, None), dialog)
    me = Citizen(client)
    ts, nonce = str(int(time.time())), "777"
    event = me.message("event", Event="subscribe")
    first = await me.reply(await me.post(event, timestamp=ts, nonce=nonce))
    assert first == await me.reply(await me.post(event, timestamp=ts, nonce=nonce))
    assert len(dialog.turns) == 1
    [key] = await redis.keys("pb:{wxnonce:*")
    assert 300 < await redis.ttl(key) <= 2 * 300 + 60  # as long as the timestamp is acceptable


async def test_f3b_plain_bodies_are_refused_when_an_aes_key_is_set(
        aiohttp_client: Any, make_settings: Callable[..., Settings]) -> None:
    dialog = RecordingDialog()
    client = await _client(aiohttp_client, _settings(make_settings, None), dialog)
    me = Citizen(client)
    resp = await me.post(me.message("text", 31, Content="伪造的明文"), mode="raw")
    assert resp.status == 403 and "plaintext" in await resp.text()
    assert dialog.turns == []
    # 兼容模式 as WeChat sends it (ciphertext next to the plaintext, encrypt_type=aes) is read
    # from the ciphertext; the plaintext copy is never trusted.
    assert (await me.say(me.message("text", 32, Content="真的"))
            or "").startswith("第1条：真的")
    ts, nonce = str(int(time.time())), "compat1"
    real = me.message("text", 35, Content="密文里的话")
    sealed = _root(CRYPTO.encrypt_message(real, nonce, ts).encode())
    plain_copy = me.message("text", 35, Content="被改过的明文")[len("<xml>"):-len("</xml>")]
    compat = (f"<xml>{plain_copy}<Encrypt><![CDATA[{sealed.findtext('Encrypt')}]]></Encrypt>"
              "</xml>").encode()
    resp = await client.post("/wechat", params={
        "signature": sign(SAMPLE_TOKEN, ts, nonce), "timestamp": ts, "nonce": nonce,
        "encrypt_type": "aes", "msg_signature": sealed.findtext("MsgSignature") or ""},
        data=compat, headers={"Content-Type": "text/xml"})
    assert (await me.reply(resp) or "").startswith("第2条：密文里的话")


async def test_f3b_plain_bodies_only_with_the_explicit_setting(
        aiohttp_client: Any, make_settings: Callable[..., Settings]) -> None:
    assert make_settings().wechat.accept_plaintext is False
    client = await _client(aiohttp_client, _settings(make_settings, None,
                                                     PETITION_WECHAT_ACCEPT_PLAINTEXT="true"))
    me = Citizen(client)
    assert (await me.say(me.message("text", 33, Content="过渡期"), mode="raw")
            or "").startswith("第1条：过渡期")
    assert (await me.say(me.message("text", 34, Content="加密"))
            or "").startswith("第2条：加密")


@pytest.mark.parametrize("value", [b"\xff", b"\xed\xa0\x80", b"%ED%A0%80"])
async def test_non_utf8_bytes_in_the_query_are_refused_not_500(
        aiohttp_client: Any, make_settings: Callable[..., Settings], value: bytes) -> None:
    from tests.channels.test_hostile_json import _raw_request

    client = await _client(aiohttp_client, _settings(make_settings, None))
    ts = str(int(time.time())).encode()
    for query in (b"signature=" + value + b"&timestamp=" + ts + b"&nonce=n",
                  b"signature=" + b"0" * 40 + b"&timestamp=" + ts + b"&nonce=" + value,
                  b"signature=" + b"0" * 40 + b"&timestamp=" + value + b"&nonce=n"):
        for method in (b"GET", b"POST"):
            status = await _raw_request(client, method + b" /wechat?" + query +
                                        b"&echostr=e HTTP/1.1\r\nHost: x\r\n", b"<xml/>")
            assert status in (400, 403), (query, method, status)
