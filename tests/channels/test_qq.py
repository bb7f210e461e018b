"""The QQ channel through the real app: ed25519 signatures (the platform docs' vectors), op 13
validation, op 0 messages answered through the QQ API (served by a local aiohttp server), the
shared access token, and refusals that change nothing."""

from __future__ import annotations

import asyncio
import copy
import io
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot import appkeys, keys, metrics
from bot.app import create_app
from bot.messages import Reply
from bot.settings import Settings
from channels.qq_api import QQApi, QQTokens
from channels.qq_sign import QQSigner
from tests.channels.test_sms_twilio import RecordingDialog
from tests.fakes import FakeClassifier

FIXTURES = Path(__file__).parent / "fixtures" / "qq"
DOC_SECRET = "DG5g3B4j9X2KOErG"  # event-emit.md: appid 11111111
APPID = "11111111"
OPENID = "E4F4AEA33253A2797FB897C50B81D7ED"
GROUP = "C9F778FE6ADF9D1D1DBE395BF744A33A"


def _fixture(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    return data


# ------------------------------------------------------------------ the docs' vectors

def test_op13_signature_vector_from_the_platform_docs() -> None:
    # tencent-connect/bot-docs docs/develop/api-v2/dev-prepare/interface-framework/event-emit.md
    signer = QQSigner(DOC_SECRET)
    assert signer.validation_signature("1725442341", "Arq0D5A61EgUu4OxUvOp") == (
        "87befc99c42c651b3aac0278e71ada338433ae26fcb24307bdc5ad38c1adc2d0"
        "1bcfcadc0842edac85e85205028a1132afe09280305f13aa6909ffc2d652c706")


def test_event_signature_vector_from_the_platform_docs() -> None:
    # tencent-connect/bot-docs docs/develop/api-v2/dev-prepare/interface-framework/sign.md DEMO:
    # secret naOC0ocQE3shWLAfffVLB1rhYPG7 -> public key [215 195 98 ...]; timestamp 1725442341.
    # The page renders the body on one line; the signature is over the pretty-printed JSON
    # (2-space indent, as other implementations found), which is what verifies.
    signer = QQSigner("naOC0ocQE3shWLAfffVLB1rhYPG7")
    assert list(signer._public.public_bytes_raw()) == [
        215, 195, 98, 254, 120, 174, 248, 31, 242, 50, 135, 180, 147, 98, 139, 93, 176, 42, 60,
        79, 227, 11, 33, 94, 77, 25, 96, 155, 93, 118, 103, 58]
    sig = ("865ad13a61752ca65e26bde6676459cd36cf1be609375b37bd62af366e1dc25a"
           "8dc789ba7f14e017ada3d554c671a911bfdf075ba54835b23391d509579ed002")
    body = b'{\n  "op": 0,\n  "d": {},\n  "t": "GATEWAY_EVENT_NAME"\n}'
    assert signer.verify("1725442341", body, sig)
    assert not signer.verify("1725442342", body, sig)
    assert not signer.verify("1725442341", body.replace(b"0", b"1"), sig)
    assert not signer.verify("1725442341", body, sig[:-2] + "00")
    assert not signer.verify("1725442341", body, "zz" * 64)


# ------------------------------------------------------------------ a local QQ API

class QQPlatform:
    """Token endpoint and message API of the QQ bot platform, recorded."""

    def __init__(self) -> None:
        self.tokens_issued = 0
        self.sent: list[dict[str, Any]] = []
        self.refuse_token: str | None = None
        self.app = web.Application()
        self.app.router.add_post("/app/getAppAccessToken", self.token)
        self.app.router.add_post("/v2/users/{openid}/messages", self.message)
        self.app.router.add_post("/v2/groups/{group}/messages", self.message)

    async def token(self, request: web.Request) -> web.Response:
        body = await request.json()
        if body != {"appId": APPID, "clientSecret": DOC_SECRET}:
            return web.json_response({"code": 100016, "message": "invalid appid"}, status=400)
        await asyncio.sleep(0.05)  # long enough for concurrent callers to overlap
        self.tokens_issued += 1
        return web.json_response({"access_token": f"tok-{self.tokens_issued}",
                                  "expires_in": "7200"})

    async def message(self, request: web.Request) -> web.Response:
        auth = request.headers.get("Authorization", "")
        if auth == f"QQBot {self.refuse_token}":
            return web.json_response({"code": 11244, "message": "token invalid"}, status=401)
        self.sent.append({"path": request.path, "auth": auth, "body": await request.json()})
        return web.json_response({"id": f"m{len(self.sent)}", "timestamp": 1700000000})


@pytest.fixture
async def platform(aiohttp_server: Any) -> tuple[QQPlatform, TestServer]:
    qq = QQPlatform()
    return qq, await aiohttp_server(qq.app)


def _settings(make_settings: Callable[..., Settings], server: TestServer) -> Settings:
    return make_settings(PETITION_QQ_APPID=APPID, PETITION_QQ_SECRET=DOC_SECRET,
                         PETITION_QQ_API_BASE=str(server.make_url("")),
                         PETITION_QQ_TOKEN_URL=str(server.make_url("/app/getAppAccessToken")))


@pytest.fixture
def dialog() -> RecordingDialog:
    return RecordingDialog()


@pytest.fixture
async def client(aiohttp_client: Any, make_settings: Callable[..., Settings],
                 platform: tuple[QQPlatform, TestServer], dialog: RecordingDialog) -> TestClient:
    settings = _settings(make_settings, platform[1])
    return await aiohttp_client(create_app(settings, dialog=dialog, classifier=FakeClassifier()))


PLATFORM_KEY = QQSigner(DOC_SECRET)  # the platform signs with the key seeded from the secret


def _headers(body: bytes, timestamp: str = "") -> dict[str, str]:
    timestamp = timestamp or str(int(time.time()))
    return {"X-Signature-Ed25519": PLATFORM_KEY.sign(timestamp.encode() + body),
            "X-Signature-Timestamp": timestamp, "X-Bot-Appid": APPID,
            "User-Agent": "QQBot-Callback", "Content-Type": "application/json"}


async def _post(client: TestClient, payload: dict[str, Any] | bytes) -> Any:
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return await client.post("/qq", data=body, headers=_headers(body))


async def _settle(client: TestClient) -> None:
    tasks = list(client.app[appkeys.BACKGROUND])
    if tasks:
        await asyncio.gather(*tasks)


_seq = iter(range(10**6))


def _message(text: str, fixture: str = "c2c_message.json", msg_id: str | None = None,
             **d: Any) -> dict[str, Any]:
    payload = copy.deepcopy(_fixture(fixture))
    payload["d"]["content"] = text
    payload["d"]["id"] = msg_id or f"ROBOT1.0_test{next(_seq)}"
    payload["d"].update(d)
    return payload


async def _say(client: TestClient, text: str, **kw: Any) -> None:
    resp = await _post(client, _message(text, **kw))
    assert resp.status == 200
    assert await resp.json() == {"op": 12}
    await _settle(client)


# ------------------------------------------------------------------ op 13

async def test_op13_is_answered_as_in_the_docs(client: TestClient) -> None:
    body = (FIXTURES / "validation.json").read_bytes().strip()
    resp = await _post(client, body)
    assert resp.status == 200
    assert await resp.json() == {
        "plain_token": "Arq0D5A61EgUu4OxUvOp",
        "signature": "87befc99c42c651b3aac0278e71ada338433ae26fcb24307bdc5ad38c1adc2d0"
                     "1bcfcadc0842edac85e85205028a1132afe09280305f13aa6909ffc2d652c706"}


@pytest.mark.parametrize("token", ["", "a" * 65, "abc-def", "中文", "a b", None, 12])
async def test_op13_plain_token_must_be_1_to_64_letters_and_digits(client: TestClient,
                                                                   token: Any) -> None:
    resp = await _post(client, {"op": 13, "d": {"plain_token": token, "event_ts": "1"}})
    assert resp.status == 400


async def test_op13_is_signature_checked_too(client: TestClient) -> None:
    body = (FIXTURES / "validation.json").read_bytes()
    assert (await client.post("/qq", data=body)).status == 401
    forged = {**_headers(body), "X-Signature-Ed25519": QQSigner("another-secret").sign(
        b"1725442341" + body)}
    assert (await client.post("/qq", data=body, headers=forged)).status == 403


# ------------------------------------------------------------------ conversations

async def test_a_c2c_conversation_is_answered_through_the_api(
        client: TestClient, platform: tuple[QQPlatform, TestServer],
        dialog: RecordingDialog) -> None:
    qq, _ = platform
    await _say(client, "你好", msg_id="m-1")
    await _say(client, "submit", msg_id="m-2")
    assert [(t.channel, t.text) for t in dialog.turns] == [("qq", "你好"), ("qq", "submit")]
    first, second = qq.sent
    assert first == {"path": f"/v2/users/{OPENID}/messages", "auth": "QQBot tok-1", "body": {
        "content": "第1条：你好\n请回复序号或文字：\n1. 好", "msg_type": 0, "msg_id": "m-1",
        "msg_seq": 1}}
    assert second["body"]["content"].startswith("已受理，编号JH-")
    assert second["body"]["msg_id"] == "m-2" and second["body"]["msg_seq"] == 1
    assert qq.tokens_issued == 1  # the token is cached in Redis and reused


async def test_the_documented_event_parses(client: TestClient,
                                           dialog: RecordingDialog) -> None:
    resp = await _post(client, _fixture("c2c_message.json"))
    assert await resp.json() == {"op": 12}
    await _settle(client)
    [turn] = dialog.turns
    assert turn.text == "123" and turn.message_id == \
        "ROBOT1.0_.b6nx.CVryAO0nR58RXuU6SC.m92gc19j02qKqdm8ek!"


async def test_group_at_messages_strip_the_mention_and_reply_in_the_group(
        client: TestClient, platform: tuple[QQPlatform, TestServer],
        dialog: RecordingDialog) -> None:
    qq, _ = platform
    await _say(client, "<@!1234567> 路灯坏了", fixture="group_at_message.json", msg_id="g-1")
    await _say(client, "你好", msg_id="c-1")  # the same person in private: another conversation
    assert [t.text for t in dialog.turns] == ["路灯坏了", "你好"]
    assert qq.sent[0]["path"] == f"/v2/groups/{GROUP}/messages"
    assert qq.sent[0]["body"]["content"].startswith("第1条：路灯坏了")
    assert qq.sent[1]["body"]["content"].startswith("第1条：你好")


async def test_the_same_event_delivered_twice_is_answered_once(
        client: TestClient, platform: tuple[QQPlatform, TestServer],
        dialog: RecordingDialog) -> None:
    qq, _ = platform
    payload = _message("一次", msg_id="dup-1")
    results = await asyncio.gather(_post(client, payload), _post(client, payload))
    assert [await r.json() for r in results] == [{"op": 12}, {"op": 12}]
    await _settle(client)
    await _say(client, "一次", msg_id="dup-1")
    assert len(dialog.turns) == 1 and len(qq.sent) == 1


async def test_attachments_become_media(client: TestClient, dialog: RecordingDialog) -> None:
    await _say(client, "", attachments=[{
        "content_type": "image/jpeg", "filename": "a.jpg", "height": 1, "width": 1, "size": 9,
        "url": "multimedia.nt.qq.com.cn/download?appid=1407&fileid=abc"}])
    [turn] = dialog.turns
    assert turn.kind == "media"
    assert turn.attachments == ({"kind": "image", "name": "a.jpg", "stored_path": "",
                                 "ref": "https://multimedia.nt.qq.com.cn/download?appid=1407"
                                        "&fileid=abc"},)


async def test_other_events_are_acknowledged_and_ignored(client: TestClient,
                                                         dialog: RecordingDialog) -> None:
    resp = await _post(client, {"op": 0, "id": "x", "t": "FRIEND_ADD",
                                "d": {"openid": OPENID, "timestamp": 1}})
    assert await resp.json() == {"op": 12}
    await _settle(client)
    assert dialog.turns == []


async def test_qq_cannot_push(client: TestClient) -> None:
    sender = client.app[appkeys.SENDERS]["qq"]
    assert await sender.send({"sender": OPENID, "channel": "qq"}, Reply(text="进度")) is False


# ------------------------------------------------------------------ the API client

@pytest.fixture
async def api(make_settings: Callable[..., Settings], platform: tuple[QQPlatform, TestServer],
              redis: Any) -> Any:
    settings = _settings(make_settings, platform[1])
    async with httpx.AsyncClient(timeout=5) as http:
        yield settings, http


def _tokens(settings: Settings, redis: Any, http: httpx.AsyncClient) -> QQTokens:
    return QQTokens(settings, lambda: redis, lambda: http)


async def test_one_token_is_shared_by_concurrent_processes(
        api: Any, redis: Any, platform: tuple[QQPlatform, TestServer]) -> None:
    settings, http = api
    qq, _ = platform
    workers = [_tokens(settings, redis, http) for _ in range(5)]  # five processes
    tokens = await asyncio.gather(*(w.get() for w in workers))
    assert set(tokens) == {"tok-1"} and qq.tokens_issued == 1
    assert 7000 < await redis.ttl(keys.platform_token("qq")) <= 7200


async def test_the_token_is_renewed_before_it_expires(
        api: Any, redis: Any, platform: tuple[QQPlatform, TestServer]) -> None:
    settings, http = api
    qq, _ = platform
    tokens = _tokens(settings, redis, http)
    assert await tokens.get() == "tok-1"
    await redis.expire(keys.platform_token("qq"), 120)
    assert await tokens.get() == "tok-1"  # still well before expiry
    await redis.expire(keys.platform_token("qq"), 30)
    assert await tokens.get() == "tok-2"
    assert qq.tokens_issued == 2


async def test_replies_to_one_message_carry_increasing_msg_seq_and_survive_a_dead_token(
        api: Any, redis: Any, platform: tuple[QQPlatform, TestServer]) -> None:
    settings, http = api
    qq, _ = platform
    tokens = _tokens(settings, redis, http)
    client = QQApi(settings, tokens, lambda: redis, lambda: http)
    assert await client.reply(openid=OPENID, group="", msg_id="m-9", text="一")
    qq.refuse_token = "tok-1"  # revoked early: the API answers 401 once, a new token is fetched
    assert await client.reply(openid=OPENID, group="", msg_id="m-9", text="二")
    # The refused attempt used no msg_seq on the platform, so the retry keeps 2.
    assert [(s["body"]["msg_seq"], s["auth"]) for s in qq.sent] == [(1, "QQBot tok-1"),
                                                                    (2, "QQBot tok-2")]


# ------------------------------------------------------------------ refusals

async def test_bad_requests_are_refused_and_change_nothing(client: TestClient,
                                                           redis: Any) -> None:
    await _say(client, "先建一个会话")
    before = sorted(await redis.keys("*"))
    rejected = metrics.HTTP_REJECTED.value("qq", "403")
    body = json.dumps(_message("你好")).encode()
    assert (await client.post("/qq", data=body)).status == 401
    assert (await client.post("/qq", data=body, headers={
        **_headers(body), "X-Signature-Timestamp": str(int(time.time()) + 1)})).status == 403
    assert (await client.post("/qq", data=body.replace(b"\\u4f60", b"\\u4f61"),
                              headers=_headers(body))).status == 403
    assert (await client.post("/qq", data=body, headers={
        **_headers(body), "X-Signature-Ed25519": "not-hex"})).status == 403
    assert (await _post(client, b"{not json")).status == 400
    assert (await _post(client, b"[1, 2]")).status == 400
    assert (await _post(client, {"op": 7})).status == 400
    no_author = _message("x")
    del no_author["d"]["author"]
    assert (await _post(client, no_author)).status == 400
    no_group = _message("x", fixture="group_at_message.json")
    del no_group["d"]["group_openid"]
    assert (await _post(client, no_group)).status == 400
    big = b'{"op": 0, "d": {"content": "' + b"a" * 2_000_000 + b'"}}'
    assert (await client.post("/qq", data=io.BytesIO(big), headers=_headers(big))).status == 413
    await _settle(client)
    assert sorted(await redis.keys("*")) == before
    assert metrics.HTTP_REJECTED.value("qq", "403") == rejected + 3


def test_qq_toml_problems_are_configuration_errors(tmp_path: Path) -> None:
    from bot.settings import SettingsError
    from channels.qq import load_style

    with pytest.raises(SettingsError, match="qq.toml"):
        load_style(tmp_path)
    (tmp_path / "qq.toml").write_text('[choices]\nitem = "{label}"\n', encoding="utf-8")
    with pytest.raises(SettingsError, match="item needs"):
        load_style(tmp_path)


# ------------------------------------------------------------------ replay window (F4)

@pytest.mark.parametrize("age", [301, -301, 10**9])
async def test_a_validly_signed_request_outside_the_window_is_refused(
        client: TestClient, redis: Any, platform: tuple[QQPlatform, TestServer],
        age: int) -> None:
    """A captured request replayed later (here: signed for a timestamp `age` seconds off, down
    to `X-Signature-Timestamp: 1`) is refused before anything is read, whatever the dedupe
    remembers by then."""
    body = json.dumps(_message("重放的消息")).encode()
    stale = str(max(1, int(time.time()) - age))
    async def state() -> list[bytes]:  # the outbox worker creates its stream on its own time
        return sorted(k for k in await redis.keys("*") if k != keys.OUTBOX_STREAM.encode())

    before = await state()
    resp = await client.post("/qq", data=body, headers=_headers(body, stale))
    assert resp.status == 403
    assert (await resp.json())["error"] == "timestamp outside the replay window"
    await _settle(client)
    assert await state() == before
    assert platform[0].sent == []
    assert (await client.post("/qq", data=body, headers=_headers(body, "1"))).status == 403


async def test_within_the_window_is_accepted_and_the_window_is_a_setting(
        aiohttp_client: Any, make_settings: Callable[..., Settings],
        platform: tuple[QQPlatform, TestServer]) -> None:
    body = json.dumps(_message("你好")).encode()
    old = str(int(time.time()) - 3600)
    settings = make_settings(PETITION_QQ_APPID=APPID, PETITION_QQ_SECRET=DOC_SECRET,
                             PETITION_QQ_API_BASE=str(platform[1].make_url("")),
                             PETITION_QQ_REPLAY_WINDOW="7200")
    assert settings.qq.replay_window == 7200
    wide = await aiohttp_client(create_app(settings, dialog=RecordingDialog(),
                                           classifier=FakeClassifier()))
    assert (await wide.post("/qq", data=body, headers=_headers(body, old))).status == 200
    assert make_settings().qq.replay_window == 300
