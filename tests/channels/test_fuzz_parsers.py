"""Hostile input with VALID signatures, on every signed endpoint: WeChat XML, Twilio forms, QQ
JSON and case-system events. Whatever the body, the answer is a reply or a clear 4xx, never a
500, and Redis holds nothing but what a real message would leave.

The signatures are computed as the platforms do (WeChat: sha1 over token/timestamp/nonce; Twilio:
twilio's RequestValidator; QQ: ed25519 over timestamp + body; case system: HMAC-SHA256 over
timestamp + "." + body), so the fuzzed bytes reach the parsers behind the signature checks.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from twilio.request_validator import RequestValidator

from bot.app import create_app
from bot.settings import Settings
from channels.qq_sign import QQSigner
from tests.fakes import CountingDialog, FakeClassifier

WX_TOKEN = "fuzztoken"
TWILIO_TOKEN = "12345"
QQ_SECRET = "DG5g3B4j9X2KOErG"
HOOK_SECRET = "fuzz-secret"
PUBLIC = "https://xinfang.example.gov.cn"
FUZZ = hsettings(max_examples=40, deadline=None,
                 suppress_health_check=[HealthCheck.function_scoped_fixture])

text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | text,
    lambda c: st.lists(c, max_size=3) | st.dictionaries(text, c, max_size=4), max_leaves=10)


@pytest.fixture
async def client(aiohttp_client: Any, make_settings: Callable[..., Settings]) -> TestClient:
    settings = make_settings(
        PETITION_PUBLIC_URL=PUBLIC, PETITION_WECHAT_TOKEN=WX_TOKEN,
        PETITION_TWILIO_AUTH_TOKEN=TWILIO_TOKEN, PETITION_TWILIO_ACCOUNT_SID="AC" + "1" * 32,
        PETITION_TWILIO_FROM="+15005550006", PETITION_QQ_APPID="11111111",
        PETITION_QQ_SECRET=QQ_SECRET, PETITION_CASE_WEBHOOK_URL="http://127.0.0.1:9/none",
        PETITION_CASE_WEBHOOK_SECRET=HOOK_SECRET, PETITION_LIMITS_CITIZEN_PER_MINUTE="100000",
        PETITION_QQ_API_BASE="http://127.0.0.1:9", PETITION_QQ_TOKEN_URL="http://127.0.0.1:9/t",
        PETITION_WECHAT_API_BASE="http://127.0.0.1:9")
    return await aiohttp_client(create_app(settings, dialog=CountingDialog(),
                                           classifier=FakeClassifier()))


def _wechat_query() -> str:
    ts, nonce = str(int(time.time())), secrets.token_hex(6)  # a new nonce per request
    sig = hashlib.sha1("".join(sorted([WX_TOKEN, ts, nonce])).encode()).hexdigest()
    return f"/wechat?signature={sig}&timestamp={ts}&nonce={nonce}&openid=o1"


xml_fields = st.dictionaries(
    st.sampled_from(["ToUserName", "FromUserName", "CreateTime", "MsgType", "Content", "MsgId",
                     "Event", "EventKey", "Location_X", "Location_Y", "Label", "MediaId",
                     "Recognition", "Format", "PicUrl", "Url", "Title"]),
    text | st.integers().map(str), max_size=8)


@FUZZ
@given(fields=xml_fields, junk=st.binary(max_size=40), raw=st.booleans())
async def test_wechat_xml(client: TestClient, fields: dict[str, str], junk: bytes,
                          raw: bool) -> None:
    if raw:
        body = junk
    else:
        inner = "".join(f"<{k}><![CDATA[{v.replace(']]>', '')}]]></{k}>" for k, v in fields.items())
        body = f"<xml>{inner}</xml>".encode()
    resp = await client.post(_wechat_query(), data=body, headers={"Content-Type": "text/xml"})
    assert resp.status in (200, 400), await resp.text()


@FUZZ
@given(params=st.dictionaries(
    st.sampled_from(["From", "To", "Body", "MessageSid", "SmsSid", "NumMedia", "MediaUrl0",
                     "MediaContentType0", "AccountSid", "x"]),
    text | st.integers().map(str), max_size=7))
async def test_twilio_form(client: TestClient, params: dict[str, str]) -> None:
    url = PUBLIC + "/sms/twilio"
    sig = RequestValidator(TWILIO_TOKEN).compute_signature(url, params)
    resp = await client.post("/sms/twilio", data=params, headers={"X-Twilio-Signature": sig})
    assert resp.status in (200, 400), await resp.text()


SIGNER = QQSigner(QQ_SECRET)


@FUZZ
@given(op=st.sampled_from([0, 12, 13, 7, None, "0"]),
       t=st.sampled_from(["C2C_MESSAGE_CREATE", "GROUP_AT_MESSAGE_CREATE", "X", None]),
       d=json_values, raw=st.one_of(st.none(), st.binary(max_size=40)))
async def test_qq_json(client: TestClient, op: Any, t: Any, d: Any, raw: bytes | None) -> None:
    body = raw if raw is not None else json.dumps({"op": op, "t": t, "d": d, "id": "e1"}).encode()
    ts = str(int(time.time()))
    resp = await client.post("/qq", data=body, headers={
        "X-Signature-Ed25519": SIGNER.sign(ts.encode() + body), "X-Signature-Timestamp": ts,
        "Content-Type": "application/json"})
    assert resp.status in (200, 400), await resp.text()


@FUZZ
@given(event=json_values | st.dictionaries(
    st.sampled_from(["case_id", "status", "case_number", "message"]), json_values, max_size=4))
async def test_case_system_events(client: TestClient, event: Any) -> None:
    body = json.dumps(event).encode()
    ts = str(int(time.time()))
    mac = hmac.new(HOOK_SECRET.encode(), ts.encode() + b"." + body, hashlib.sha256).hexdigest()
    resp = await client.post("/case-system/events", data=body, headers={
        "X-Petition-Timestamp": ts, "X-Petition-Signature": f"sha256={mac}",
        "Content-Type": "application/json"})
    assert resp.status in (400, 404), await resp.text()  # no such case exists
