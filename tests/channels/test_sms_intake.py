"""A whole petition intake over SMS with the real dialog (dialogs/engine.py), through Twilio's
webhook and, for the domestic provider, Tencent Cloud SMS; every message fits the SMS limits."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson
from aiohttp.test_utils import TestClient, TestServer

from bot import appkeys, keys
from bot.app import create_app, load_dialog
from bot.settings import Settings
from channels.sms_text import MAX_CHARS, segments
from tests.channels.test_sms_tencent import (
    CALLBACK_TOKEN,
    PHONE,
    TencentApi,
    _env,
    _settle,
    tencent_api,  # noqa: F401  (fixture)
)
from tests.channels.test_sms_twilio import (
    CITIZEN,
    FROM,
    PUBLIC,
    SID,
    TOKEN,
    _messages,
    _signed,
    _sms,
)
from tests.fakes import FakeClassifier

# What a citizen texts, one message per line; "1" picks the first numbered choice.
INTAKE = ["你好", "1", "我家门口的路灯坏了一个月了，晚上很黑，老人走路摔倒了", "4",
          "金南镇建设村3组", "张三", "13812345678", "希望尽快修好路灯", "1"]


async def _outbox_case(client: TestClient) -> tuple[str, dict[str, Any]]:
    """The one case submitted: its number and its body."""
    redis = client.app[appkeys.REDIS]
    # By the number index written at submission: the outbox stream entry may already be
    # delivered and deleted by the worker running in the app.
    [case_id] = (await redis.hgetall(keys.CASE_NUMBER_INDEX)).values()
    record = await redis.hgetall(keys.case_record(case_id.decode()))
    body: dict[str, Any] = orjson.loads(record[b"body"])
    return record[b"number"].decode(), body


def _check_sizes(messages: list[str]) -> list[int]:
    parts = [segments(m) for m in messages]
    assert all(0 < len(m) <= MAX_CHARS for m in messages)
    return parts


async def test_a_whole_intake_over_twilio_sms(aiohttp_client: Any,
                                              make_settings: Callable[..., Settings]) -> None:
    settings = make_settings(PETITION_TWILIO_AUTH_TOKEN=TOKEN, PETITION_TWILIO_ACCOUNT_SID=SID,
                             PETITION_TWILIO_FROM=FROM, PETITION_PUBLIC_URL=PUBLIC)
    client = await aiohttp_client(create_app(settings, dialog=load_dialog(settings),
                                             classifier=FakeClassifier()))
    answers: list[list[str]] = []
    for text in INTAKE:
        params = _sms(text, sender=CITIZEN)
        resp = await client.post("/sms/twilio", data=params,
                                 headers=_signed("/sms/twilio", params))
        assert resp.status == 200
        answers.append(_messages(await resp.text()))
    assert all(answers), "every message got an answer"
    assert "1 同意 2 不同意" in answers[0][-1]  # consent asked with numbered choices
    assert "4 金南镇" in answers[2][-1]  # towns offered as numbers, "4" picked one
    number, case = await _outbox_case(client)
    assert number.startswith("JH-") and number in "\n".join(answers[-1])
    assert case["channel"] == "sms"
    assert case["town"] == "金南镇"
    assert case["petitioner"]["phone"] == "13812345678"
    # The dialog's short variants plus numbered choices all fit two UCS-2 segments.
    assert max(_check_sizes([m for a in answers for m in a])) <= 2


async def test_a_whole_intake_over_tencent_sms(
        aiohttp_client: Any, make_settings: Callable[..., Settings],
        tencent_api: tuple[TencentApi, TestServer]) -> None:  # noqa: F811
    api, server = tencent_api
    settings = make_settings(**_env(server))
    client = await aiohttp_client(create_app(settings, dialog=load_dialog(settings),
                                             classifier=FakeClassifier()))
    for i, text in enumerate(INTAKE):
        body = {"extend": "", "mobile": PHONE[3:], "nationcode": "86", "sign": "金湖信访",
                "text": text, "time": 1764100000 + i}
        resp = await client.post(f"/sms/tencent?token={CALLBACK_TOKEN}", json=body)
        assert resp.status == 200 and (await resp.json())["result"] == 0
        await _settle(client)
    sent = [c["body"]["TemplateParamSet"][0] for c in api.calls]
    assert all(c["signed"] and c["body"]["PhoneNumberSet"] == [PHONE] for c in api.calls)
    assert len(sent) >= len(INTAKE)
    number, case = await _outbox_case(client)
    assert number in "\n".join(sent[-2:])
    assert case["channel"] == "sms" and case["petitioner"]["phone"] == "13812345678"
    _check_sizes(sent)
