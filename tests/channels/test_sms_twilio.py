"""The Twilio SMS provider through the real app: signed webhooks, TwiML, opt-out, outbound
messages and status callbacks, with the Twilio REST API served by a local aiohttp server."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any
from xml.etree import ElementTree

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from multidict import MultiDict
from twilio.request_validator import RequestValidator

from bot import appkeys, metrics
from bot.app import create_app
from bot.messages import Reply
from bot.settings import Settings
from channels.sms_config import load_sms_config
from channels.sms_twilio import TwilioProvider
from dialogs.api import Services, StepInput, StepResult
from tests.fakes import CountingDialog, FakeClassifier

TOKEN = "12345"
SID = "AC" + "1" * 32
FROM = "+15005550006"
PUBLIC = "https://petition.example.gov.cn"
CITIZEN = "+15551234567"


# ------------------------------------------------------------------ twilio-python's own vectors

# twilio/twilio-python tests/unit/test_request_validator.py (ValidationTest.setUp and tests).
VECTOR_URI = "https://mycompany.com/myapp.php?foo=1&bar=2"
VECTOR_PARAMS = {"CallSid": "CA1234567890ABCDE", "Digits": "1234", "From": "+14158675309",
                 "To": "+18005551212", "Caller": "+14158675309"}


def _provider(make_settings: Callable[..., Settings]) -> TwilioProvider:
    settings = make_settings(PETITION_TWILIO_AUTH_TOKEN=TOKEN, PETITION_TWILIO_ACCOUNT_SID=SID,
                             PETITION_TWILIO_FROM="+15005550006")
    return TwilioProvider(settings, lambda: None)  # type: ignore[arg-type,return-value]


def test_twilio_python_vector_compute_signature() -> None:
    assert RequestValidator(TOKEN).compute_signature(VECTOR_URI, VECTOR_PARAMS) == \
        "RSOYDt4T1cUTdK1PDd93/VVr8B8="


def test_twilio_python_vector_duplicate_parameters() -> None:
    params = MultiDict([("Sid", "CA123"), ("SidAccount", "AC123"), ("Digits", "5678"),
                        ("Digits", "1234")])
    assert RequestValidator(TOKEN).compute_signature(VECTOR_URI, params) == \
        "IK+Dwps556ElfBT0I3Rgjkr1wJU="


@pytest.mark.parametrize(("uri", "signature"), [
    (VECTOR_URI, "RSOYDt4T1cUTdK1PDd93/VVr8B8="),  # test_validation
    (VECTOR_URI.replace(".com", ".com:1234"), "RSOYDt4T1cUTdK1PDd93/VVr8B8="),  # removes port
    (VECTOR_URI.replace(".com", ".com:1234").replace("https", "http"),
     "Zmvh+3yNM1Phv2jhDCwEM3q5ebU="),  # http uri with port 1234
    (VECTOR_URI, "kvajT1Ptam85bY51eRf/AJRuM3w="),  # signed with port 443 added
    (VECTOR_URI.replace("https", "http"), "0ZXoZLH/DfblKGATFgpif+LLRf4="),  # port 80 added
])
def test_our_check_accepts_the_twilio_python_vectors(
        make_settings: Callable[..., Settings], uri: str, signature: str) -> None:
    provider = _provider(make_settings)
    assert provider.signature_ok(uri, MultiDict(VECTOR_PARAMS), signature)


def test_our_check_refuses_altered_requests(make_settings: Callable[..., Settings]) -> None:
    provider = _provider(make_settings)
    good = "RSOYDt4T1cUTdK1PDd93/VVr8B8="
    assert not provider.signature_ok(VECTOR_URI, MultiDict({**VECTOR_PARAMS, "Digits": "1235"}),
                                     good)
    assert not provider.signature_ok(VECTOR_URI.replace("foo=1", "foo=2"),
                                     MultiDict(VECTOR_PARAMS), good)
    assert not provider.signature_ok(VECTOR_URI, MultiDict(VECTOR_PARAMS), good[:-2] + "x=")


# ------------------------------------------------------------------ the app end to end

class RecordingDialog(CountingDialog):
    """CountingDialog that also keeps every turn it was given."""

    def __init__(self) -> None:
        self.turns: list[StepInput] = []

    def step(self, doc: dict[str, Any] | None, turn: StepInput, ctx: Services) -> StepResult:
        self.turns.append(turn)
        return super().step(doc, turn, ctx)


class TwilioApi:
    """A local stand-in for api.twilio.com's Messages resource."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []
        self.app = web.Application()
        self.app.router.add_post("/2010-04-01/Accounts/{sid}/Messages.json", self.create)

    async def create(self, request: web.Request) -> web.Response:
        form = await request.post()
        self.calls.append({"sid": request.match_info["sid"], "form": dict(form),
                           "auth": request.headers.get("Authorization", "")})
        if form.get("To") == "+15550000400":
            return web.json_response({"code": 21211, "message": "invalid 'To'", "status": 400},
                                     status=400)
        return web.json_response({"sid": "SM" + "a" * 32, "status": "queued"}, status=201)


@pytest.fixture
async def twilio_api(aiohttp_server: Any) -> tuple[TwilioApi, TestServer]:
    api = TwilioApi()
    return api, await aiohttp_server(api.app)


@pytest.fixture
def dialog() -> RecordingDialog:
    return RecordingDialog()


@pytest.fixture
async def client(aiohttp_client: Any, make_settings: Callable[..., Settings],
                 twilio_api: tuple[TwilioApi, TestServer], dialog: RecordingDialog) -> TestClient:
    _, server = twilio_api
    settings = make_settings(
        PETITION_TWILIO_AUTH_TOKEN=TOKEN, PETITION_TWILIO_ACCOUNT_SID=SID,
        PETITION_TWILIO_FROM=FROM, PETITION_TWILIO_API_BASE=str(server.make_url("")),
        PETITION_PUBLIC_URL=PUBLIC)
    return await aiohttp_client(create_app(settings, dialog=dialog, classifier=FakeClassifier()))


def _signed(path: str, params: dict[str, str], base: str = PUBLIC) -> dict[str, str]:
    return {"X-Twilio-Signature": RequestValidator(TOKEN).compute_signature(base + path, params)}


_seq = iter(range(10**6))


def _sms(body: str, sid: str | None = None, sender: str = CITIZEN, **extra: str) -> dict[str, str]:
    sid = sid or "SM" + format(next(_seq), "032x")
    return {"MessageSid": sid, "SmsSid": sid, "AccountSid": SID, "From": sender, "To": FROM,
            "Body": body, "NumMedia": "0", **extra}


async def _text(client: TestClient, body: str, **kw: Any) -> list[str]:
    params = _sms(body, **kw)
    resp = await client.post("/sms/twilio", data=params, headers=_signed("/sms/twilio", params))
    assert resp.status == 200, await resp.text()
    assert resp.content_type == "application/xml"
    return _messages(await resp.text())


def _messages(xml: str) -> list[str]:
    root = ElementTree.fromstring(xml)
    assert root.tag == "Response"
    return [m.text or "" for m in root.findall("Message")]


async def test_a_conversation_over_sms_gets_twiml_replies(client: TestClient,
                                                          dialog: RecordingDialog) -> None:
    assert await _text(client, "你好") == ["第1条：你好\n1 好"]
    assert await _text(client, "路灯坏了") == ["第2条：路灯坏了\n1 好"]
    assert [(t.channel, t.text) for t in dialog.turns] == [("sms", "你好"), ("sms", "路灯坏了")]


async def test_submit_over_sms_tells_the_case_number(client: TestClient) -> None:
    [reply] = await _text(client, "submit")
    assert reply.startswith("已受理，编号JH-") and "{case_number}" not in reply


async def test_a_retried_message_sid_is_answered_but_not_processed_twice(
        client: TestClient, dialog: RecordingDialog) -> None:
    sid = "SM" + "b" * 32
    first = await _text(client, "一次", sid=sid)
    again = await _text(client, "一次", sid=sid)
    assert first == again == ["第1条：一次\n1 好"]
    assert len(dialog.turns) == 1


async def test_mms_media_become_attachments(client: TestClient, dialog: RecordingDialog) -> None:
    url = "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1"
    await _text(client, "", NumMedia="1", MediaUrl0=url, MediaContentType0="image/jpeg")
    [turn] = dialog.turns
    assert turn.kind == "media"
    assert turn.attachments == ({"kind": "image", "ref": url, "name": "image/jpeg",
                                 "stored_path": ""},)


async def test_signature_is_checked_against_the_public_url_with_the_query(
        client: TestClient) -> None:
    params = _sms("你好")
    # Signed for the URL the app itself sees (behind a proxy that is not what Twilio called).
    seen = str(client.make_url("/sms/twilio"))
    resp = await client.post("/sms/twilio", data=params, headers=_signed("", params, base=seen))
    assert resp.status == 403
    path = "/sms/twilio?source=kiosk"
    resp = await client.post(path, data=params, headers=_signed("/sms/twilio", params))
    assert resp.status == 403  # the query is part of what Twilio signs
    resp = await client.post(path, data=params, headers=_signed(path, params))
    assert resp.status == 200


async def test_stop_opts_out_until_start(client: TestClient,
                                         twilio_api: tuple[TwilioApi, TestServer],
                                         dialog: RecordingDialog, redis: Any) -> None:
    api, _ = twilio_api
    [confirm] = await _text(client, "退订")
    assert "已退订" in confirm
    assert [k for k in await redis.keys("*") if k.endswith(b":sms-optout")]
    params = _sms("我还有事")
    resp = await client.post("/sms/twilio", data=params, headers=_signed("/sms/twilio", params))
    assert await resp.text() == '<?xml version="1.0" encoding="UTF-8"?><Response />'
    assert await _text(client, "HELP") == []
    sender = client.app[appkeys.SENDERS]["sms"]
    assert await sender.send({"sender": CITIZEN, "reply_context": {"provider": "twilio"}},
                             Reply(text="您的事项已受理。")) is False
    assert api.calls == []
    assert dialog.turns == []
    [back] = await _text(client, "订阅")
    assert "恢复" in back
    assert await _text(client, "你好") == ["第1条：你好\n1 好"]


@pytest.mark.parametrize("word", ["STOP", "stop", " Unsubscribe ", "TD", "退订。", "CANCEL"])
async def test_stop_words(client: TestClient, word: str) -> None:
    [confirm] = await _text(client, word)
    assert "已退订" in confirm


async def test_cancel_in_chinese_is_the_dialogs_command_not_an_opt_out(
        client: TestClient, dialog: RecordingDialog) -> None:
    assert await _text(client, "取消") == ["第1条：取消\n1 好"]
    assert [t.text for t in dialog.turns] == ["取消"]


async def test_help_answers_with_the_service_and_the_office_phone(
        client: TestClient, dialog: RecordingDialog) -> None:
    [help_text] = await _text(client, "帮助")
    config = load_sms_config(client.app[appkeys.SETTINGS].config_dir)
    assert help_text == config.say("help")
    assert "金湖县" in help_text and config.office_phone in help_text
    assert dialog.turns == []


async def test_outbound_sms_goes_through_the_twilio_api(
        client: TestClient, twilio_api: tuple[TwilioApi, TestServer]) -> None:
    api, _ = twilio_api
    sender = client.app[appkeys.SENDERS]["sms"]
    reply = Reply(text="很长的完整文本" * 30, short="您的事项已办结，请打分：1-5分。",
                  choices=("5", "4", "3", "2", "1"))
    assert await sender.send({"sender": CITIZEN, "reply_context": {"provider": "twilio"}},
                             reply) is True
    [call] = api.calls
    assert call["sid"] == SID
    assert call["form"] == {"To": CITIZEN, "From": FROM, "Body": "您的事项已办结，请打分：1-5分。",
                            "StatusCallback": PUBLIC + "/sms/twilio/status"}
    assert call["auth"].startswith("Basic ")
    refused = {"sender": "+15550000400", "reply_context": {"provider": "twilio"}}
    assert await sender.send(refused, Reply(text="x")) is False


async def test_status_callbacks_are_recorded(client: TestClient, redis: Any) -> None:
    before = _status_count("delivered")
    params = {"MessageSid": "SM" + "c" * 32, "MessageStatus": "delivered", "AccountSid": SID,
              "To": CITIZEN, "From": FROM}
    path = "/sms/twilio/status"
    resp = await client.post(path, data=params, headers=_signed(path, params))
    assert resp.status == 204
    assert _status_count("delivered") == before + 1
    [key] = await redis.keys("pb:{sms}:status:*")
    assert await redis.hget(key, "twilio:delivered") == b"1"
    assert (await client.post(path, data=params)).status == 401
    assert (await client.post(path, data=params, headers={"X-Twilio-Signature": "x"})).status \
        == 403


def _status_count(status: str) -> float:
    from channels.sms_core import SMS_STATUS

    return SMS_STATUS.value("twilio", status)


async def test_bad_requests_are_refused_and_change_nothing(client: TestClient,
                                                           redis: Any) -> None:
    await _text(client, "先建一个会话")
    before = sorted(await redis.keys("*"))
    rejected = metrics.HTTP_REJECTED.value("sms_twilio", "403")
    params = _sms("你好")
    assert (await client.post("/sms/twilio", data=params)).status == 401
    assert (await client.post("/sms/twilio", data=params,
                              headers={"X-Twilio-Signature": "AAAA"})).status == 403
    tampered = {**params, "Body": "改过的"}
    assert (await client.post("/sms/twilio", data=tampered,
                              headers=_signed("/sms/twilio", params))).status == 403
    no_sid = {k: v for k, v in params.items() if k not in ("MessageSid", "SmsSid")}
    assert (await client.post("/sms/twilio", data=no_sid,
                              headers=_signed("/sms/twilio", no_sid))).status == 400
    bad_media = {**params, "NumMedia": "2", "MediaUrl0": "https://x/1"}
    assert (await client.post("/sms/twilio", data=bad_media,
                              headers=_signed("/sms/twilio", bad_media))).status == 400
    assert (await client.post("/sms/twilio", data=b"\xff\xfe=%%", headers={
        **_signed("/sms/twilio", {}), "Content-Type": "application/x-www-form-urlencoded"})
    ).status == 400
    assert (await client.post("/sms/twilio", json=params,
                              headers=_signed("/sms/twilio", params))).status == 415
    big = io.BytesIO(b"Body=" + b"a" * 2_000_000)
    assert (await client.post("/sms/twilio", data=big, headers={
        **_signed("/sms/twilio", params),
        "Content-Type": "application/x-www-form-urlencoded"})).status == 413
    assert sorted(await redis.keys("*")) == before
    assert metrics.HTTP_REJECTED.value("sms_twilio", "403") == rejected + 2
