"""Every JSON endpoint (web chat, QQ, Tencent SMS callbacks, case-system events): malformed,
too deep, invalid Unicode (lone surrogates, bytes that are not UTF-8) and hostile header bytes
get a 4xx, never a 500, and nothing reaches Redis.

The bodies reach the parsers behind *valid* credentials (QQ ed25519, the Tencent callback token,
the case-system HMAC, a live web session), so these are the parsers' answers, not the
signature checks'. Regressions of the attacks F5 (`'['*100000 + ']'*100000` on /web/messages:
500 RecursionError), F6 (a lone surrogate in `text` or `message_id`: 500 in bot/store.py and
bot/keys.py) and F7 (deeply nested JSON on /sms/tencent: 500).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import time
from collections.abc import Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from bot import appkeys, jsonbody
from bot.app import create_app
from bot.settings import Settings
from channels.qq_sign import QQSigner
from tests.fakes import CountingDialog, FakeClassifier

QQ_SECRET = "DG5g3B4j9X2KOErG"
HOOK_SECRET = "hostile-secret"
SMS_TOKEN = "cb-token-0123456789abcdef"
SIGNER = QQSigner(QQ_SECRET)
FUZZ = hsettings(max_examples=40, deadline=None,
                 suppress_health_check=[HealthCheck.function_scoped_fixture])

DEEP = b"[" * 100_000 + b"]" * 100_000
DEEP_OBJECT = b'{"a":' * 5_000 + b"1" + b"}" * 5_000
# JSON's \u escapes can name a lone surrogate; Python's json accepts it, Redis cannot store it.
LONE = [b'"\\ud800"', b'"x\\udfff"', b'"\\udc00\\ud800"', b'"\\ud83d"']
NOT_UTF8 = [b'"\xff\xfe"', b'"\xed\xa0\x80"', b'"\xc0\xaf"']


@pytest.fixture
async def client(aiohttp_client: Any, make_settings: Callable[..., Settings]) -> TestClient:
    settings = make_settings(
        PETITION_QQ_APPID="11111111", PETITION_QQ_SECRET=QQ_SECRET,
        PETITION_QQ_API_BASE="http://127.0.0.1:9", PETITION_QQ_TOKEN_URL="http://127.0.0.1:9/t",
        PETITION_CASE_WEBHOOK_URL="http://127.0.0.1:9/none",
        PETITION_CASE_WEBHOOK_SECRET=HOOK_SECRET,
        PETITION_TENCENT_SMS_SECRET_ID="AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE",
        PETITION_TENCENT_SMS_SECRET_KEY="Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
        PETITION_TENCENT_SMS_CALLBACK_TOKEN=SMS_TOKEN,
        PETITION_TENCENT_SMS_SDK_APP_ID="1400000000",
        PETITION_TENCENT_SMS_SIGN_NAME="金湖信访", PETITION_TENCENT_SMS_TEMPLATE_ID="449739",
        PETITION_TENCENT_SMS_API_BASE="http://127.0.0.1:9",
        PETITION_LIMITS_WEB_IP_PER_MINUTE="100000",
        PETITION_LIMITS_WEB_SESSIONS_PER_IP_HOUR="100000",
        PETITION_LIMITS_CITIZEN_PER_MINUTE="100000")
    return await aiohttp_client(create_app(settings, dialog=CountingDialog(),
                                           classifier=FakeClassifier()))


async def _token(client: TestClient) -> str:
    return str((await (await client.post("/web/session")).json())["token"])


async def post_web(client: TestClient, body: bytes, token: str) -> Any:
    return await client.post("/web/messages", data=body, headers={
        "Authorization": f"Bearer {token}", "Content-Type": "application/json"})


async def post_qq(client: TestClient, body: bytes) -> Any:
    ts = str(int(time.time()))
    return await client.post("/qq", data=body, headers={
        "X-Signature-Ed25519": SIGNER.sign(ts.encode() + body), "X-Signature-Timestamp": ts,
        "Content-Type": "application/json"})


async def post_sms(client: TestClient, body: bytes, path: str = "/sms/tencent") -> Any:
    return await client.post(f"{path}?token={SMS_TOKEN}", data=body,
                             headers={"Content-Type": "application/json"})


async def post_event(client: TestClient, body: bytes) -> Any:
    ts = str(int(time.time()))
    mac = hmac.new(HOOK_SECRET.encode(), ts.encode() + b"." + body, hashlib.sha256).hexdigest()
    return await client.post("/case-system/events", data=body, headers={
        "X-Petition-Timestamp": ts, "X-Petition-Signature": f"sha256={mac}",
        "Content-Type": "application/json"})


async def _all_endpoints(client: TestClient, token: str, body: bytes) -> list[int]:
    return [(await post_web(client, body, token)).status,
            (await post_qq(client, body)).status,
            (await post_sms(client, body)).status,
            (await post_sms(client, body, "/sms/tencent/status")).status,
            (await post_event(client, body)).status]


async def _state(client: TestClient) -> list[bytes]:
    redis = client.app[appkeys.REDIS]
    return sorted(k for k in await redis.keys("*") if not _is_bookkeeping(k))


def _is_bookkeeping(key: bytes) -> bool:
    # Rate windows, sessions and the outbox's consumer group exist whatever the body was.
    return b":ip:" in key or b":session" in key or key.endswith(b":outbox")


# ------------------------------------------------------------------ the reported attacks

async def test_f5_deep_nesting_on_web_messages_is_400(client: TestClient) -> None:
    token = await _token(client)
    resp = await post_web(client, DEEP, token)
    assert resp.status == 400
    assert (await resp.json())["message"] == "JSON nested too deeply"
    assert (await post_web(client, DEEP_OBJECT, token)).status == 400


@pytest.mark.parametrize("field", ["text", "message_id"])
@pytest.mark.parametrize("lone", LONE)
async def test_f6_lone_surrogates_in_web_messages_are_400_and_store_nothing(
        client: TestClient, field: str, lone: bytes) -> None:
    token = await _token(client)
    before = await _state(client)
    body = b'{"text": "hello", "' + field.encode() + b'": ' + lone + b"}"
    resp = await post_web(client, body, token)
    assert resp.status == 400, await resp.text()
    assert "surrogate" in (await resp.json())["message"]
    assert await _state(client) == before
    # The conversation goes on: a well-formed message is answered.
    assert (await post_web(client, b'{"text": "hello"}', token)).status == 200


async def test_f7_deep_nesting_on_the_tencent_callbacks_is_400(client: TestClient) -> None:
    for path in ("/sms/tencent", "/sms/tencent/status"):
        for body in (DEEP, DEEP_OBJECT, b'{"x":' + b"[" * 40 + b"]" * 40 + b"}"):
            resp = await post_sms(client, body, path)
            assert resp.status == 400, (path, await resp.text())


@pytest.mark.parametrize("body", [DEEP, DEEP_OBJECT, *LONE, *NOT_UTF8, b"{", b"", b"NaN"])
async def test_every_json_endpoint_answers_hostile_bodies_with_400(client: TestClient,
                                                                  body: bytes) -> None:
    token = await _token(client)
    before = await _state(client)
    # (413 where the body is over the endpoint's size limit first: QQ takes 64 KiB)
    assert all(s in (400, 413) for s in await _all_endpoints(client, token, body))
    assert await _state(client) == before


async def test_surrogates_inside_well_formed_messages_are_refused_everywhere(
        client: TestClient) -> None:
    token = await _token(client)
    qq = {"op": 0, "t": "C2C_MESSAGE_CREATE", "id": "e1", "d": {
        "id": "ROBOT1.0_x", "content": "@@", "author": {"user_openid": "E4F4AEA33253A2797"}}}
    sms = {"extend": "", "mobile": "13788888888", "nationcode": "86", "sign": "",
           "text": "@@", "time": 1457336869}
    event = {"case_id": "@@", "status": "accepted"}
    before = await _state(client)
    for send, payload in ((post_qq, qq), (post_sms, sms), (post_event, event)):
        body = json.dumps(payload).encode().replace(b"@@", b"\\ud800")
        resp = await send(client, body)
        assert resp.status == 400, await resp.text()
    assert (await post_web(client, b'{"text": "\\udfff"}', token)).status == 400
    assert await _state(client) == before


# ------------------------------------------------------------------ header bytes

async def _raw_request(client: TestClient, head: bytes, body: bytes = b"") -> int:
    """An HTTP/1.1 request written byte for byte (clients refuse to send non-ASCII headers)."""
    reader, writer = await asyncio.open_connection(client.host, client.port)
    writer.write(head + b"Content-Length: " + str(len(body)).encode() +
                 b"\r\nConnection: close\r\n\r\n" + body)
    await writer.drain()
    status_line = await reader.readline()
    writer.close()
    return int(status_line.split()[1])


@pytest.mark.parametrize("value", [b"\xff\xfe", b"\xed\xa0\x80", "\u4f60".encode()])
async def test_non_ascii_credentials_in_headers_are_refused_not_500(client: TestClient,
                                                                    value: bytes) -> None:
    body = b'{"text": "hello"}'
    assert await _raw_request(client, b"POST /web/messages HTTP/1.1\r\nHost: x\r\n"
                              b"Content-Type: application/json\r\n"
                              b"Authorization: Bearer " + value + b"\r\n", body) == 401
    ts = str(int(time.time())).encode()
    assert await _raw_request(client, b"POST /qq HTTP/1.1\r\nHost: x\r\n"
                              b"X-Signature-Ed25519: " + value + b"\r\n"
                              b"X-Signature-Timestamp: " + ts + value + b"\r\n", body) == 403
    assert await _raw_request(client, b"POST /case-system/events HTTP/1.1\r\nHost: x\r\n"
                              b"Content-Type: application/json\r\n"
                              b"X-Petition-Timestamp: " + ts + b"\r\n"
                              b"X-Petition-Signature: sha256=" + value + b"\r\n", body) == 403


# ------------------------------------------------------------------ fuzzing

# Hostile JSON text: nesting of random depth, \u escapes of any code unit (lone surrogates
# included), raw bytes that may not be UTF-8, spliced into otherwise well-formed payloads.
escapes = st.integers(0, 0xFFFF).map(lambda u: f"\\u{u:04x}".encode())
junk = st.binary(max_size=12)
atoms = st.one_of(escapes, junk, st.sampled_from([b"\\ud800", b"\\udfff", b"\xff", b"\xed\xa0\x80"]))


@st.composite
def hostile(draw: Any) -> bytes:
    depth = draw(st.integers(0, 3000))
    opener = draw(st.sampled_from([b"[", b'{"a":']))
    closer = b"]" if opener == b"[" else b"}"
    inner = b'"' + b"".join(draw(st.lists(atoms, max_size=4))) + b'"'
    shape = draw(st.sampled_from(["nested", "text", "message_id", "raw"]))
    if shape == "nested":
        return opener * depth + inner + closer * draw(st.integers(0, depth))
    if shape == "raw":
        return draw(st.binary(max_size=60))
    return b'{"text": "hi", "' + shape.encode() + b'": ' + inner + b"}"


@FUZZ
@given(body=hostile())
async def test_fuzz_hostile_json_never_500_and_never_stores_a_surrogate(client: TestClient,
                                                                       body: bytes) -> None:
    token = await _token(client)
    statuses = await _all_endpoints(client, token, body)
    assert all(s < 500 for s in statuses), statuses
    # Whatever was accepted was stored as valid UTF-8 (a surrogate cannot be encoded at all).
    redis = client.app[appkeys.REDIS]
    for key in await redis.keys("*"):
        key.decode("utf-8")


@FUZZ
@given(value=st.from_regex(r"[\[{]{0,40}", fullmatch=True), tail=st.binary(max_size=20))
def test_loader_refuses_or_returns_shallow_values(value: str, tail: bytes) -> None:
    raw = value.encode() + tail
    try:
        parsed = jsonbody.loads(raw)
    except jsonbody.BadJson as exc:
        assert exc.reason
        return
    assert not jsonbody._depth_exceeds(parsed, jsonbody.MAX_DEPTH)


@pytest.mark.parametrize("value", [b"\xff", b"\xed\xa0\x80", b"%ED%A0%80", b"%FF"])
async def test_non_utf8_query_strings_are_refused_not_500(client: TestClient,
                                                          value: bytes) -> None:
    body = b'{"mobile": "13788888888"}'
    assert await _raw_request(client, b"POST /sms/tencent?token=" + value + b" HTTP/1.1\r\n"
                              b"Host: x\r\nContent-Type: application/json\r\n", body) in (400, 403)
    assert await _raw_request(client, b"GET /web/updates?x=" + value + b" HTTP/1.1\r\n"
                              b"Host: x\r\n") in (400, 401)
