"""A whole petition over Weibo private messages, end to end over loopback HTTP: signed pushes to
/weibo with the real intake dialog from config/, the case delivered to a county case system
(tests/bot/casesystem.py, a real aiohttp server) with `channel: "weibo"`, and the case system's
status event pushed back to the fan through the reply API within the 48-hour window.

The driver answers by the conversation's current state (read from Redis), so rewording the
prompts in config/ does not break it.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import orjson

from bot import keys
from bot.messages import conversation_key
from bot.settings import Settings
from tests.bot.casesystem import SECRET, CaseSystem, fast_config, signed_headers
from tests.channels.test_weibo import (
    FakeWeibo,
    Fan,
    client_for,
    fake_weibo,  # noqa: F401  (fixture)
    settings_for,
)
from tests.channels.test_weibo_inbound import DOC_SENDER

CONV = conversation_key("weibo", DOC_SENDER)


async def wait_for(check: Callable[[], Awaitable[bool]], seconds: float = 10) -> None:
    for _ in range(int(seconds / 0.05)):
        if await check():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("condition not reached")


async def test_a_whole_petition_over_weibo_reaches_the_case_system(
        aiohttp_client: Any, aiohttp_server: Any, make_settings: Callable[..., Settings],
        fake_weibo: FakeWeibo, tmp_path: Path, redis: Any) -> None:  # noqa: F811
    system = CaseSystem()
    server = await aiohttp_server(system.app(), host="127.0.0.1")
    settings = settings_for(make_settings, fake_weibo,
                            PETITION_CONFIG_DIR=str(fast_config(tmp_path / "config")),
                            PETITION_CASE_WEBHOOK_URL=str(server.make_url("/intake")),
                            PETITION_CASE_WEBHOOK_SECRET=SECRET)
    client = await client_for(aiohttp_client, settings)
    me = Fan(client)
    description = "我们村的路坏了半年了，下雨天根本没法走，老人孩子出门很危险"
    photo_sent = False

    def answer(state: str) -> dict[str, Any]:
        nonlocal photo_sent
        if state == "ask_description":
            return me.text(description)
        if state == "ask_town" and not photo_sent:
            photo_sent = True
            return me.push("image.json")  # a photo of the road, while the bot asks where
        if state == "ask_town":  # a map location inside 金北街道
            return me.push("position.json", text="江苏省淮安市金湖县金北街道",
                           data={"latitude": "33.0812", "longitude": "119.0231"})
        texts = {"ask_address": "健康路18号", "ask_name": "张三", "ask_anonymous": "张三",
                 "ask_phone": "13812345678", "ask_request": "希望尽快把路修好"}
        return me.text(texts.get(state, "1"))  # consent, confirm, ...: the first option

    reply = await me.say(me.push("follow.json"))
    transcript = [reply]
    for _ in range(20):
        assert reply is not None, transcript
        if re.search(r"JH-\d{8}-\d{4}", reply):
            break
        doc = orjson.loads(await redis.get(keys.conversation_doc(CONV)))
        reply = await me.say(answer(doc["state"]))
        transcript.append(reply)
    number = re.search(r"JH-\d{8}-\d{4}", reply or "")
    assert number is not None, transcript
    assert "微博私信" in (reply or "")  # [notify.weibo]: how progress will be told here
    said = "\n".join(r or "" for r in transcript)
    # Plain-text choices: the [*.weibo] sentences say "reply", never "tap".
    assert "回复镇名或序号" in said and "没问题请回复“确认提交”" in said and "点下面" not in said

    await wait_for(lambda: _arrived(system))
    [received] = system.received
    assert received.signature_ok
    case = received.json
    assert case["channel"] == "weibo"
    assert description in case["description"]
    assert case["town"] == "金北街道"
    assert case["location"]["lat"] == 33.0812
    assert case["petitioner"]["phone"] == "13812345678"
    assert [(a["kind"], a["ref"]) for a in case["attachments"]] == [("image", "821804469")]

    # The outbox tells the fan the case went on (已转送) just after the case system's answer:
    # wait for it, so that it is not taken for the answer to the event below.
    async def delivered_told() -> bool:
        return any("已转送" in t for t in fake_weibo.texts())

    await wait_for(delivered_told)
    # The case system accepts it: the fan is told through the reply API (within 48 hours).
    before = len(fake_weibo.sent)
    event = orjson.dumps({"case_id": case["case_id"], "status": "accepted",
                          "case_number": "JHXF-0001", "message": "已转交住建局"})
    resp = await client.post("/case-system/events", data=event,
                             headers=signed_headers(SECRET, event))
    assert resp.status == 200, await resp.text()
    # The delivery notice (转送…) may still be on its way: wait for the acceptance itself.
    await wait_for(lambda: _sent_with(fake_weibo, before, "已受理"))
    [(told, sent)] = [(t, s) for t, s in zip(fake_weibo.texts(), fake_weibo.sent, strict=True)
                      if "已受理" in t]
    assert number.group(0) in told and "JHXF-0001" in told
    assert sent["receiver_id"] == DOC_SENDER


async def _arrived(system: CaseSystem) -> bool:
    return bool(system.received)


async def _sent_with(fake: FakeWeibo, before: int, words: str) -> bool:
    return any(words in text for text in fake.texts()[before:])
