"""Tencent Cloud SMS (the domestic provider) through the real app: reply callback in, SendSms
out (TC3-HMAC-SHA256), with the Tencent Cloud API served by a local aiohttp server."""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from twilio.request_validator import RequestValidator

from bot import appkeys, metrics
from bot.app import create_app
from bot.messages import Reply
from bot.settings import Settings, SettingsError
from channels.sms_tencent import tc3_authorization
from tests.channels.test_sms_twilio import RecordingDialog
from tests.fakes import FakeClassifier

FIXTURES = Path(__file__).parent / "fixtures" / "sms"
CALLBACK_TOKEN = "cb-" + "k" * 29
SECRET_ID = "AKIDtest"
SECRET_KEY = "tencent-secret-key"
PHONE = "+8613800000000"


def _fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def test_tc3_signature_matches_the_tencent_cloud_documentation_example() -> None:
    # Tencent Cloud API 3.0 "签名方法 v3" worked example (CVM DescribeInstances, POST):
    # SecretKey Gu5t9xGARNpq86cd98joQYCN3EXAMPLE, timestamp 1551113065, hashed payload
    # 35e9c5b0..., canonical request hash 5ffe6a04..., signature 72e494ea....
    payload = (b'{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], '
               b'"Name": "instance-name"}]}')
    auth = tc3_authorization(secret_id="AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE",
                             secret_key="Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", service="cvm",
                             host="cvm.tencentcloudapi.com", payload=payload,
                             timestamp=1551113065)
    assert auth == ("TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/"
                    "2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, "
                    "Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168")


class TencentApi:
    """A local stand-in for sms.tencentcloudapi.com (SendSms, version 2021-01-11)."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []
        self.fail_code = ""
        self.app = web.Application()
        self.app.router.add_post("/", self.handle)

    async def handle(self, request: web.Request) -> web.Response:
        raw = await request.read()
        h = request.headers
        # What was signed must be what was sent: host, timestamp and the exact body bytes.
        expected = tc3_authorization(secret_id=SECRET_ID, secret_key=SECRET_KEY, service="sms",
                                     host=h["Host"], payload=raw,
                                     timestamp=int(h["X-TC-Timestamp"]),
                                     content_type=h["Content-Type"])
        body = json.loads(raw)
        self.calls.append({"action": h.get("X-TC-Action"), "version": h.get("X-TC-Version"),
                           "region": h.get("X-TC-Region"), "body": body,
                           "signed": h.get("Authorization") == expected})
        if self.fail_code:
            return web.json_response({"Response": {"Error": {
                "Code": self.fail_code, "Message": "x"}, "RequestId": "r-1"}})
        return web.json_response({"Response": {"SendStatusSet": [{
            "SerialNo": "5000:1045710669157053657849499619", "PhoneNumber": p, "Fee": 1,
            "SessionContext": "", "Code": "Ok", "Message": "send success", "IsoCode": "CN"}
            for p in body["PhoneNumberSet"]], "RequestId": "r-2"}})


@pytest.fixture
async def tencent_api(aiohttp_server: Any) -> tuple[TencentApi, TestServer]:
    api = TencentApi()
    return api, await aiohttp_server(api.app)


def _env(server: TestServer) -> dict[str, str]:
    return {"PETITION_TENCENT_SMS_SECRET_ID": SECRET_ID,
            "PETITION_TENCENT_SMS_SECRET_KEY": SECRET_KEY,
            "PETITION_TENCENT_SMS_CALLBACK_TOKEN": CALLBACK_TOKEN,
            "PETITION_TENCENT_SMS_SDK_APP_ID": "1400000000",
            "PETITION_TENCENT_SMS_SIGN_NAME": "金湖信访",
            "PETITION_TENCENT_SMS_TEMPLATE_ID": "449739",
            "PETITION_TENCENT_SMS_API_BASE": str(server.make_url(""))}


@pytest.fixture
def dialog() -> RecordingDialog:
    return RecordingDialog()


@pytest.fixture
async def client(aiohttp_client: Any, make_settings: Callable[..., Settings],
                 tencent_api: tuple[TencentApi, TestServer],
                 dialog: RecordingDialog) -> TestClient:
    settings = make_settings(**_env(tencent_api[1]))
    return await aiohttp_client(create_app(settings, dialog=dialog, classifier=FakeClassifier()))


async def _settle(client: TestClient) -> None:
    tasks = list(client.app[appkeys.BACKGROUND])
    if tasks:
        await asyncio.gather(*tasks)


async def _reply(client: TestClient, text: str, time: int = 1457336869, **kw: Any) -> Any:
    body = {**_fixture("tencent_reply.json"), "text": text, "time": time, **kw}
    resp = await client.post(f"/sms/tencent?token={CALLBACK_TOKEN}", json=body)
    assert resp.status == 200, await resp.text()
    await _settle(client)
    return await resp.json()


def test_settings_name_every_missing_variable(make_settings: Callable[..., Settings]) -> None:
    with pytest.raises(SettingsError) as err:
        make_settings(PETITION_TENCENT_SMS_SECRET_KEY="x")
    text = str(err.value)
    for name in ("SECRET_ID", "SDK_APP_ID", "SIGN_NAME", "TEMPLATE_ID", "CALLBACK_TOKEN"):
        assert f"PETITION_TENCENT_SMS_{name}" in text


async def test_the_documented_callback_is_answered_through_sendsms(
        client: TestClient, tencent_api: tuple[TencentApi, TestServer],
        dialog: RecordingDialog) -> None:
    api, _ = tencent_api
    resp = await client.post(f"/sms/tencent?token={CALLBACK_TOKEN}",
                             json=_fixture("tencent_reply.json"))
    assert resp.status == 200
    assert await resp.json() == {"result": 0, "errmsg": "OK"}
    await _settle(client)
    [turn] = dialog.turns
    assert (turn.channel, turn.text) == ("sms", "用户回复的内容")
    [call] = api.calls
    assert call["signed"] and (call["action"], call["version"], call["region"]) == (
        "SendSms", "2021-01-11", "ap-guangzhou")
    assert call["body"] == {"PhoneNumberSet": [PHONE], "SmsSdkAppId": "1400000000",
                            "SignName": "金湖信访", "TemplateId": "449739",
                            "TemplateParamSet": ["第1条：用户回复的内容\n1 好"]}


async def test_a_whole_conversation_and_a_retried_callback(
        client: TestClient, tencent_api: tuple[TencentApi, TestServer],
        dialog: RecordingDialog) -> None:
    api, _ = tencent_api
    await _reply(client, "你好", time=1700000001)
    await _reply(client, "submit", time=1700000002)
    await _reply(client, "submit", time=1700000002)  # Tencent retried: same number/time/text
    texts = [c["body"]["TemplateParamSet"][0] for c in api.calls]
    assert len(texts) == 2 and texts[1].startswith("已受理，编号JH-")
    assert len(dialog.turns) == 2


async def test_stop_and_start_over_the_domestic_provider(
        client: TestClient, tencent_api: tuple[TencentApi, TestServer]) -> None:
    api, _ = tencent_api
    await _reply(client, "TD", time=1)
    await _reply(client, "在吗", time=2)
    sender = client.app[appkeys.SENDERS]["sms"]
    assert await sender.send({"sender": PHONE}, Reply(text="进度通知")) is False
    assert len(api.calls) == 1  # the confirmation only: nothing to "在吗", nor the notice
    assert "已退订" in _said(api, 0)
    await _reply(client, "订阅", time=3)
    assert "恢复" in _said(api, 1)
    assert await sender.send({"sender": PHONE}, Reply(text="进度通知")) is True
    assert _said(api, 2) == "进度通知"


def _said(api: TencentApi, i: int) -> str:
    return str(api.calls[i]["body"]["TemplateParamSet"][0])


async def test_api_errors_make_the_sender_report_failure(
        client: TestClient, tencent_api: tuple[TencentApi, TestServer]) -> None:
    api, _ = tencent_api
    api.fail_code = "FailedOperation.InsufficientBalanceInSmsPackage"
    sender = client.app[appkeys.SENDERS]["sms"]
    assert await sender.send({"sender": PHONE}, Reply(text="x")) is False


async def test_status_callback_is_counted(client: TestClient, redis: Any) -> None:
    resp = await client.post(f"/sms/tencent/status?token={CALLBACK_TOKEN}",
                             json=_fixture("tencent_status.json"))
    assert resp.status == 200
    [key] = await redis.keys("pb:{sms}:status:*")
    assert await redis.hget(key, "tencent:success") == b"1"


async def test_bad_callbacks_are_refused_and_change_nothing(client: TestClient,
                                                            redis: Any) -> None:
    await _reply(client, "先建一个会话", time=10)
    before = sorted(await redis.keys("*"))
    rejected = metrics.HTTP_REJECTED.value("sms_tencent", "403")
    body = _fixture("tencent_reply.json")
    assert (await client.post("/sms/tencent", json=body)).status == 401
    assert (await client.post("/sms/tencent?token=wrong", json=body)).status == 403
    url = f"/sms/tencent?token={CALLBACK_TOKEN}"
    assert (await client.post(url, data=b"{not json",
                              headers={"Content-Type": "application/json"})).status == 400
    assert (await client.post(url, json={**body, "mobile": "13a"})).status == 400
    assert (await client.post(url, json={**body, "time": "yesterday"})).status == 400
    assert (await client.post(url, json=[body, {"text": 1}])).status == 400
    assert (await client.post(url, json=[])).status == 400
    big = io.BytesIO(b'{"text": "' + b"a" * 2_000_000 + b'"}')
    assert (await client.post(url, data=big,
                              headers={"Content-Type": "application/json"})).status == 413
    assert sorted(await redis.keys("*")) == before
    assert metrics.HTTP_REJECTED.value("sms_tencent", "403") == rejected + 1


async def test_one_number_is_one_conversation_across_providers(
        aiohttp_client: Any, make_settings: Callable[..., Settings],
        tencent_api: tuple[TencentApi, TestServer], dialog: RecordingDialog) -> None:
    api, server = tencent_api
    settings = make_settings(**_env(server), PETITION_TWILIO_AUTH_TOKEN="12345",
                             PETITION_TWILIO_ACCOUNT_SID="AC" + "1" * 32,
                             PETITION_TWILIO_FROM="+15005550006",
                             PETITION_PUBLIC_URL="https://petition.example.gov.cn")
    client = await aiohttp_client(create_app(settings, dialog=dialog,
                                             classifier=FakeClassifier()))
    params = {"MessageSid": "SM" + "d" * 32, "From": PHONE, "To": "+15005550006",
              "Body": "第一条", "NumMedia": "0"}
    sig = RequestValidator("12345").compute_signature(
        "https://petition.example.gov.cn/sms/twilio", params)
    resp = await client.post("/sms/twilio", data=params, headers={"X-Twilio-Signature": sig})
    assert "第1条" in await resp.text()
    await _reply(client, "第二条", time=20)
    assert _said(api, 0).startswith("第2条：第二条")
    # Outbound to a mainland number with no reply context goes through the domestic provider.
    assert await client.app[appkeys.SENDERS]["sms"].send({"sender": PHONE},
                                                         Reply(text="通知")) is True
    assert _said(api, 1) == "通知"
