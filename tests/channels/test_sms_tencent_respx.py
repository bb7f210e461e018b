"""Tencent Cloud SendSms (API 3.0, version 2021-01-11) with httpx transport mocks (respx).

From cloud.tencent.com/document/api/382/55981 (SendSms) and /382/52075 (错误码): a call
answers 200 with `{"Response": {"SendStatusSet": [{"Code": "Ok", ...}], "RequestId"}}`, or
`{"Response": {"Error": {"Code", "Message"}, "RequestId"}}` — common codes such as
AuthFailure.SignatureFailure, AuthFailure.SignatureExpire (timestamp more than five minutes off),
RequestLimitExceeded, and SMS codes such as FailedOperation.TemplateIncorrectOrUnapproved,
LimitExceeded.PhoneNumberDailyLimit; a per-number failure is a SendStatusSet Code such as
InvalidParameterValue.IncorrectPhoneNumber. TC3-HMAC-SHA256 itself is checked against the
documentation's worked example in test_sms_tencent.py; here, that what was signed is what was
sent. The loopback fake there keeps the end-to-end callback flows.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
import respx

from bot.settings import Settings
from channels.sms_core import SMS_SENT
from channels.sms_tencent import TencentSmsProvider, tc3_authorization

API = "https://sms.tencentcloudapi.com"
SECRET_ID = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE"
SECRET_KEY = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"
NOW = 1551113065  # 2019-02-25 in UTC: the credential scope's date
PHONE = "+8613711112222"


def _sent(code: str = "Ok") -> httpx.Response:
    return httpx.Response(200, json={"Response": {"SendStatusSet": [{
        "SerialNo": "5000:1045710669157053657849499619", "PhoneNumber": PHONE, "Fee": 1,
        "SessionContext": "", "Code": code, "Message": "send success", "IsoCode": "CN"}],
        "RequestId": "a0aabda6-cf91-4f3e-a81f-9198114a2279"}})


def _error(code: str) -> httpx.Response:
    return httpx.Response(200, json={"Response": {"Error": {"Code": code, "Message": "x"},
                                                  "RequestId": "ed93f3cb"}})


@pytest.fixture
async def provider(make_settings: Callable[..., Settings]) -> AsyncIterator[TencentSmsProvider]:
    settings = make_settings(
        PETITION_TENCENT_SMS_SECRET_ID=SECRET_ID, PETITION_TENCENT_SMS_SECRET_KEY=SECRET_KEY,
        PETITION_TENCENT_SMS_CALLBACK_TOKEN="cb-token", PETITION_TENCENT_SMS_SDK_APP_ID="1400006666",
        PETITION_TENCENT_SMS_SIGN_NAME="金湖信访", PETITION_TENCENT_SMS_TEMPLATE_ID="449739",
        PETITION_TENCENT_SMS_API_BASE=API)
    async with httpx.AsyncClient(timeout=1.0) as http:
        yield TencentSmsProvider(settings, lambda: http, clock=lambda: NOW)


async def test_send_signs_exactly_the_bytes_it_sends(mock: respx.MockRouter,
                                                     provider: TencentSmsProvider) -> None:
    route = mock.post(API + "/").mock(return_value=_sent())
    ok = SMS_SENT.value("tencent", "ok")
    assert await provider.send(PHONE, "您的信访件已受理")
    assert SMS_SENT.value("tencent", "ok") == ok + 1
    request = route.calls[0].request
    h = request.headers
    assert (h["X-TC-Action"], h["X-TC-Version"], h["X-TC-Timestamp"], h["Host"]) == (
        "SendSms", "2021-01-11", str(NOW), "sms.tencentcloudapi.com")
    assert h["Authorization"] == tc3_authorization(
        secret_id=SECRET_ID, secret_key=SECRET_KEY, service="sms", host=h["Host"],
        payload=request.content, timestamp=int(h["X-TC-Timestamp"]),
        content_type=h["Content-Type"])
    assert f"Credential={SECRET_ID}/2019-02-25/sms/tc3_request" in h["Authorization"]
    assert json.loads(request.content) == {
        "PhoneNumberSet": [PHONE], "SmsSdkAppId": "1400006666", "SignName": "金湖信访",
        "TemplateId": "449739", "TemplateParamSet": ["您的信访件已受理"]}


@pytest.mark.parametrize("code", [
    "AuthFailure.SignatureFailure", "AuthFailure.SignatureExpire", "AuthFailure.SecretIdNotFound",
    "RequestLimitExceeded", "FailedOperation.TemplateIncorrectOrUnapproved",
    "FailedOperation.SignatureIncorrectOrUnapproved", "LimitExceeded.PhoneNumberDailyLimit",
    "UnauthorizedOperation.SmsSdkAppIdVerifyFail", "InternalError.Timeout"])
async def test_documented_errors_are_refusals_and_not_repeated(
        mock: respx.MockRouter, provider: TencentSmsProvider, code: str) -> None:
    route = mock.post(API + "/").mock(return_value=_error(code))
    refused = SMS_SENT.value("tencent", "refused")
    assert not await provider.send(PHONE, "x")
    assert route.call_count == 1 and SMS_SENT.value("tencent", "refused") == refused + 1


@pytest.mark.parametrize("code", ["InvalidParameterValue.IncorrectPhoneNumber",
                                  "FailedOperation.PhoneNumberInBlacklist"])
async def test_a_number_refused_in_send_status_set_is_not_sent(
        mock: respx.MockRouter, provider: TencentSmsProvider, code: str) -> None:
    mock.post(API + "/").mock(return_value=_sent(code))
    assert not await provider.send(PHONE, "x")


@pytest.mark.parametrize("failure", [
    httpx.Response(502, text="bad gateway"), httpx.ReadTimeout("slow"),
    httpx.ConnectError("refused")], ids=["5xx", "timeout", "connect"])
async def test_transport_failures_are_errors_and_never_a_second_sms(
        mock: respx.MockRouter, provider: TencentSmsProvider, failure: Any) -> None:
    """SendSms has no idempotency key: after a 5xx or a timeout the SMS may have gone out, so
    the provider reports the failure instead of texting the citizen twice."""
    route = mock.post(API + "/").mock(side_effect=[failure, _sent()])
    errors = SMS_SENT.value("tencent", "error")
    assert not await provider.send(PHONE, "x")
    assert route.call_count == 1 and SMS_SENT.value("tencent", "error") == errors + 1
