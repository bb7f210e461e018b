"""The Twilio client over httpx (`HttpxTwilioClient`) with transport mocks (respx).

From Twilio's docs (twilio.com/docs/usage/twilios-response / api/errors): `POST
/2010-04-01/Accounts/{AccountSid}/Messages.json` with HTTP basic auth (Account SID, Auth Token)
answers 201 with the Message resource, or an error body `{"code", "message", "more_info",
"status"}`: 21211 invalid 'To' number, 21408 permission to send to this region not enabled,
21610 the recipient replied STOP, 21614 'To' is not a mobile number (all 400); 20003
authentication failed (401: e.g. the Auth Token was rotated while a call was under way);
20429 too many requests (429) and 503 (Twilio did not take the request: asking again is safe).
The loopback fake in test_sms_twilio.py keeps the end-to-end webhook flows.
"""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator, Callable
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest
import respx

from bot.settings import Settings
from channels.sms_core import SMS_SENT
from channels.sms_twilio import TwilioProvider

SID = "AC" + "0123456789abcdef" * 2
TOKEN = "twilio-auth-token"
FROM = "+15005550006"
TO = "+8613711112222"
MESSAGES = f"https://api.twilio.com/2010-04-01/Accounts/{SID}/Messages.json"


def _created() -> httpx.Response:
    return httpx.Response(201, json={"sid": "SM" + "a" * 32, "status": "queued", "to": TO,
                                     "from": FROM, "account_sid": SID, "body": "x"})


def _error(status: int, code: int, message: str) -> httpx.Response:
    return httpx.Response(status, json={
        "code": code, "message": message, "status": status,
        "more_info": f"https://www.twilio.com/docs/errors/{code}"})


@pytest.fixture
async def provider(make_settings: Callable[..., Settings]) -> AsyncIterator[TwilioProvider]:
    settings = make_settings(PETITION_TWILIO_AUTH_TOKEN=TOKEN, PETITION_TWILIO_ACCOUNT_SID=SID,
                             PETITION_TWILIO_FROM=FROM,
                             PETITION_TWILIO_API_BASE="https://api.twilio.com",
                             PETITION_PUBLIC_URL="https://petition.example.gov.cn")
    async with httpx.AsyncClient(timeout=1.0) as http:
        yield TwilioProvider(settings, lambda: http)


async def test_send_posts_the_message_with_basic_auth(mock: respx.MockRouter,
                                                      provider: TwilioProvider) -> None:
    route = mock.post(MESSAGES).mock(return_value=_created())
    ok = SMS_SENT.value("twilio", "ok")
    assert await provider.send(TO, "您的信访件已受理")
    assert SMS_SENT.value("twilio", "ok") == ok + 1
    request = route.calls[0].request
    assert request.headers["Authorization"] == "Basic " + base64.b64encode(
        f"{SID}:{TOKEN}".encode()).decode()
    form = parse_qs(request.content.decode())
    assert form == {"To": [TO], "From": [FROM], "Body": ["您的信访件已受理"],
                    "StatusCallback": ["https://petition.example.gov.cn/sms/twilio/status"]}


@pytest.mark.parametrize(("status", "code"), [
    (400, 21211), (400, 21408), (400, 21610), (400, 21614), (401, 20003)])
async def test_documented_errors_are_refusals_and_not_repeated(
        mock: respx.MockRouter, provider: TwilioProvider, status: int, code: int) -> None:
    route = mock.post(MESSAGES).mock(side_effect=[_error(status, code, "refused"), _created()])
    refused = SMS_SENT.value("twilio", "refused")
    assert not await provider.send(TO, "x")
    assert route.call_count == 1 and SMS_SENT.value("twilio", "refused") == refused + 1


async def test_auth_token_rotated_mid_conversation(mock: respx.MockRouter,
                                                   provider: TwilioProvider) -> None:
    """Sends work, the token is rotated in the console, the next send is refused (20003):
    reported, not retried with the same dead credentials."""
    route = mock.post(MESSAGES).mock(side_effect=[
        _created(), _error(401, 20003, "Authenticate"), _error(401, 20003, "Authenticate")])
    assert await provider.send(TO, "一")
    assert not await provider.send(TO, "二")
    assert route.call_count == 2


@pytest.mark.parametrize("first", [
    _error(429, 20429, "Too Many Requests"), httpx.Response(503, text="unavailable"),
    httpx.Response(503, headers={"Retry-After": "0"}, text="unavailable")],
    ids=["429", "503", "503-retry-after"])
async def test_requests_twilio_did_not_take_are_asked_once_more(
        mock: respx.MockRouter, provider: TwilioProvider, first: httpx.Response) -> None:
    route = mock.post(MESSAGES).mock(side_effect=[first, _created()])
    assert await provider.send(TO, "x")
    assert route.call_count == 2


async def test_still_unavailable_after_the_repeat_is_a_refusal(
        mock: respx.MockRouter, provider: TwilioProvider) -> None:
    route = mock.post(MESSAGES).mock(side_effect=[httpx.Response(503), httpx.Response(503),
                                                  _created()])
    assert not await provider.send(TO, "x")
    assert route.call_count == 2


@pytest.mark.parametrize("failure", [
    httpx.Response(500, text="internal error"), httpx.ReadTimeout("slow"),
    httpx.ConnectError("refused")], ids=["500", "timeout", "connect"])
async def test_unclear_failures_are_reported_without_a_second_sms(
        mock: respx.MockRouter, provider: TwilioProvider, failure: Any) -> None:
    """After a 500 or a timeout the message may exist: no repeat, the failure is counted."""
    route = mock.post(MESSAGES).mock(side_effect=[failure, _created()])
    before = SMS_SENT.value("twilio", "refused") + SMS_SENT.value("twilio", "error")
    assert not await provider.send(TO, "x")
    assert route.call_count == 1
    assert SMS_SENT.value("twilio", "refused") + SMS_SENT.value("twilio", "error") == before + 1
