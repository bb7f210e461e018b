"""A whole petition over encrypted WeChat messages, with the real intake dialog from config/.

The citizen follows the account, taps the options the bot offers (a tap on a bizmsgmenu link
sends the option's words back as a text message, which is what this test does), sends a
location from the map, answers the questions and confirms; the case reaches the outbox with
what was said on WeChat. The driver answers by the conversation's current state (read from
Redis), so rewording the prompts in config/ does not break it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import orjson
import pytest

from bot import keys
from bot.app import create_app
from bot.settings import Settings
from tests.channels.test_wechat_api import FakeWechat, start_fake
from tests.channels.test_wechat_http import CONV, Citizen, _settings, settle
from tests.fakes import FakeClassifier

CHOICE = re.compile(r"msgmenucontent=([^&\"]+)&")


@pytest.fixture
async def fake_wechat(aiohttp_server: Any) -> FakeWechat:
    return await start_fake(aiohttp_server)


def _classifier() -> Any:
    """The trained classifier once nlp.classifier exists (create_app loads it), else a double."""
    try:
        import nlp.classifier  # noqa: F401
    except ImportError:
        return FakeClassifier()
    return None


# jieba.analyse leaves its IDF file open at import (jieba 0.42.1, not ours to fix here).
@pytest.mark.filterwarnings(
    "ignore:unclosed file.*jieba:ResourceWarning",
    "ignore:Exception ignored in.*jieba:pytest.PytestUnraisableExceptionWarning")
async def test_whole_petition_over_encrypted_wechat_with_the_real_dialog(
        aiohttp_client: Any, make_settings: Callable[..., Settings], fake_wechat: FakeWechat,
        redis: Any) -> None:
    client = await aiohttp_client(create_app(_settings(make_settings, fake_wechat),
                                             classifier=_classifier()))
    me = Citizen(client)
    description = "我们村的路坏了半年了，下雨天根本没法走，老人孩子出门很危险"
    answers = {
        "ask_description": lambda: me.message("text", next(ids), Content=description),
        "ask_town": lambda: me.message("location", next(ids), Location_X="33.0125",
                                       Location_Y="119.0212", Scale="15",
                                       Label="江苏省淮安市金湖县金北街道"),
        "ask_address": lambda: me.message("text", next(ids), Content="健康路18号"),
        "ask_name": lambda: me.message("text", next(ids), Content="张三"),
        "ask_anonymous": lambda: me.message("text", next(ids), Content="张三"),
        "ask_phone": lambda: me.message("text", next(ids), Content="13812345678"),
        "ask_request": lambda: me.message("text", next(ids), Content="希望尽快把路修好"),
    }
    ids = iter(range(9000, 9100))
    reply = await me.say(me.message("event", Event="subscribe"))
    transcript = [reply]
    for _ in range(15):
        assert reply is not None, transcript
        if "JH-" in reply:
            break
        doc = orjson.loads(await redis.get(keys.conversation_doc(CONV)))
        state = doc["state"]
        if state in answers:
            xml = answers[state]()
        else:  # consent, confirm, ...: tap the first option offered
            options = CHOICE.findall(reply)
            assert options, (state, reply)
            xml = me.message("text", next(ids), Content=options[0])
        reply = await me.say(xml)
        transcript.append(reply)
    assert reply is not None and "JH-" in reply, transcript
    number = re.search(r"JH-\d{8}-\d{4}", reply)
    assert number is not None

    case_id = await redis.hget(keys.CASE_NUMBER_INDEX, number.group(0))
    assert case_id is not None
    case = orjson.loads((await redis.hgetall(keys.case_record(case_id.decode())))[b"body"])
    assert case["channel"] == "wechat"
    assert description in case["description"]
    assert case["petitioner"]["phone"] == "13812345678"
    assert case["location"] is not None
    await settle(client)
    assert fake_wechat.sent == []  # every reply was passive, within the budget
