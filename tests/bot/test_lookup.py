"""Progress from anywhere (SPEC): `查询 <case number> <phone>` from any conversation on any
channel, answered before the dialog with the real dialog, store and Redis behind it."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from bot import appkeys
from bot.app import create_app, load_dialog
from bot.lookup import parse_lookup, phone_digits
from bot.messages import InboundMessage
from bot.settings import Settings
from tests.fakes import FakeClassifier

PHONE = "13812345678"
INTAKE = ["你好", "1", "我家门口的路灯坏了一个月了，晚上很黑，老人走路摔倒了", "4",
          "金南镇建设村3组", "张三", PHONE, "希望尽快修好路灯", "1"]


@pytest.mark.parametrize(("text", "expected"), [
    ("查询 JH-20261207-0042 13812345678", ("JH-20261207-0042", PHONE)),
    ("查询JH202612070042 13812345678", ("JH-20261207-0042", PHONE)),
    ("jh-20261207-0042，手机号：138-1234-5678", ("JH-20261207-0042", PHONE)),
    ("查询 ＪＨ－２０２６１２０７－００４２ １３８１２３４５６７８", ("JH-20261207-0042", PHONE)),
    ("查询编号 JH-20261207-0042 电话 +86 138 1234 5678。", ("JH-20261207-0042", PHONE)),
    ("进度 JH-20261207-0042 0517-86801234", ("JH-20261207-0042", "051786801234")),
    ("查询 JH-20261207-0042", None),                      # no phone: the dialog answers
    ("查询 JH-20261207-0042 1381234", None),              # not a phone
    ("我家门口的路灯坏了 13812345678", None),
    ("", None),
])
def test_parse(text: str, expected: tuple[str, str] | None) -> None:
    assert parse_lookup(text) == expected


def test_phone_digits_ignore_spelling() -> None:
    assert phone_digits("+86 138-1234-5678") == phone_digits("13812345678") == PHONE


async def _session(client: TestClient) -> dict[str, str]:
    resp = await client.post("/web/session")
    assert resp.status == 201
    return {"Authorization": f"Bearer {(await resp.json())['token']}"}


async def _say(client: TestClient, h: dict[str, str], text: str) -> str:
    resp = await client.post("/web/messages", json={"text": text}, headers=h)
    assert resp.status == 200
    return "\n".join(r["text"] for r in (await resp.json())["replies"])


async def _file_case(client: TestClient) -> str:
    h = await _session(client)
    said = [await _say(client, h, text) for text in INTAKE]
    number = keys_number(said[-1])
    assert number, said
    return number


def keys_number(text: str) -> str:
    import re

    m = re.search(r"JH-\d{8}-\d{4}", text)
    return m.group(0) if m else ""


@pytest.fixture
async def client(aiohttp_client: Any, make_settings: Callable[..., Settings]) -> TestClient:
    settings = make_settings()
    return await aiohttp_client(create_app(settings, dialog=load_dialog(settings),
                                           classifier=FakeClassifier()))


async def test_a_new_session_with_the_right_phone_sees_the_status(client: TestClient,
                                                                  redis: Any) -> None:
    number = await _file_case(client)
    fresh = await _session(client)  # another device: a new web conversation
    answer = await _say(client, fresh, f"查询 {number} {PHONE}")
    assert number in answer and ("已提交" in answer or "已转交" in answer)
    assert "答复期限" in answer
    # The lookup is not a petition: the new conversation has no document at all.
    assert len(await redis.keys("pb:{web:*}:doc")) == 1


async def test_a_wrong_or_missing_phone_reveals_nothing(client: TestClient) -> None:
    number = await _file_case(client)
    other = await _session(client)
    wrong = await _say(client, other, f"查询 {number} 13900000000")
    unknown = await _say(client, other, f"查询 JH-20200101-9999 {PHONE}")
    assert wrong == unknown and number not in wrong and "没有查到" in wrong
    missing = await _say(client, other, f"查询 {number}")  # the dialog: only its own cases
    assert "没有查到" in missing and "手机号" in missing and "已转交" not in missing


async def test_every_channel_answers_through_the_pipeline(client: TestClient) -> None:
    number = await _file_case(client)
    pipeline = client.app[appkeys.PIPELINE]
    for channel in ("sms", "wechat", "qq"):
        result = await pipeline(InboundMessage(
            channel=channel, sender=f"someone-{channel}", message_id=f"m-{channel}",
            text=f"{number}，{PHONE}", received_at=time.time()))
        assert number in result.replies[0].text, channel


async def test_lookups_are_rate_limited_per_sender(client: TestClient) -> None:
    number = await _file_case(client)
    h = await _session(client)
    answers = [await _say(client, h, f"查询 JH-20200101-{i:04d} {PHONE}") for i in range(5)]
    assert all("没有查到" in a for a in answers)
    refused = await _say(client, h, f"查询 {number} {PHONE}")  # the 6th, even the right one
    assert "次数太多" in refused and number not in refused
    assert number in await _say(client, await _session(client), f"查询 {number} {PHONE}")


async def test_guessing_phones_for_one_number_locks_it(client: TestClient) -> None:
    number = await _file_case(client)
    for i in range(8):  # failures_per_number in config/lookup.toml, spread over senders
        h = await _session(client)
        assert "没有查到" in await _say(client, h, f"查询 {number} 1390000{i:04d}")
    refused = await _say(client, await _session(client), f"查询 {number} {PHONE}")
    assert number not in refused and "次数太多" in refused


async def test_in_the_middle_of_a_petition_the_draft_is_kept(client: TestClient,
                                                            redis: Any) -> None:
    number = await _file_case(client)
    h = await _session(client)
    await _say(client, h, INTAKE[0])
    await _say(client, h, INTAKE[1])
    before = await redis.keys("pb:{web:*}:doc")
    assert number in await _say(client, h, f"查询 {number} {PHONE}")
    after = await _say(client, h, "村里的水渠堵了，灌溉用不上水")
    assert "查询" not in after and len(await redis.keys("pb:{web:*}:doc")) == len(before)


async def test_a_provisional_deadline_is_told_as_such(client: TestClient) -> None:
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    now = datetime.now(ZoneInfo("Asia/Shanghai"))
    case = {"case_id": "9" * 32, "channel": "wechat", "description": "路灯坏了",
            "petitioner": {"name": None, "phone": "+86 138 1234 5678", "anonymous": False},
            "due_at": (now + timedelta(days=20)).isoformat(), "due_provisional": True,
            "color": None}
    number = await client.app[appkeys.CASES].submit(case, conversation_key="wechat:" + "1" * 24,
                                                    needs_review=False, submitted_at=now)
    answer = await _say(client, await _session(client), f"查询 {number} {PHONE}")
    assert number in answer and "暂定" in answer
