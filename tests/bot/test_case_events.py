"""POST /case-system/events on the real app: signed status updates in, citizens told, ratings out.

The app runs with a real Redis and delivers to a real case system on loopback; the channels'
outbound side is a recording Sender (QQ's refuses, as the QQ platform does for pushes).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest
from aiohttp.test_utils import TestClient
from redis.asyncio import Redis

from bot import appkeys, keys
from bot.app import create_app
from bot.cases import CaseStore
from bot.messages import InboundMessage, conversation_key
from bot.settings import Settings
from dialogs.api import Effect, Say, Services, StepInput, StepResult
from tests.bot.casesystem import SECRET, CaseSystem, RecordingSender, fast_config, signed_headers
from tests.bot.test_outbox import TZ, make_case, wait_for
from tests.fakes import CountingDialog, FakeClassifier


class RatingDialog(CountingDialog):
    """CountingDialog plus what the real dialog does with ratings: `ask_rating` puts the
    question up; a digit answers it with a "rating" effect."""

    def ask_rating(self, doc: dict[str, Any] | None, case_id: str, case_number: str,
                   now: Any) -> StepResult:
        doc = dict(doc or {})
        doc["pending_rating"] = {"case_id": case_id, "case_number": case_number}
        doc["state"] = "rating"
        return StepResult(doc=doc, replies=(Say(f"请为{case_number}打分", "请打分"),),
                          state="rating")

    def step(self, doc: dict[str, Any] | None, turn: StepInput, ctx: Services) -> StepResult:
        pending = (doc or {}).get("pending_rating")
        if pending and turn.text.isdigit():
            doc = {k: v for k, v in (doc or {}).items() if k != "pending_rating"}
            effect = Effect("rating", {**pending, "rating": int(turn.text), "comment": "还行"})
            return StepResult(doc=doc, replies=(Say("谢谢评价"),), state="closed",
                              effects=(effect,))
        return super().step(doc, turn, ctx)


class Bot:
    def __init__(self, client: TestClient, system: CaseSystem):
        self.client, self.system = client, system
        self.app = client.server.app
        self.redis: Redis = self.app[appkeys.REDIS]
        self.web = RecordingSender(True)
        self.qq = RecordingSender(False)

    async def conversation(self, channel: str, sender: str) -> str:
        conv = conversation_key(channel, sender)
        store = self.app[appkeys.STORE]
        turn = await store.begin(conv, "seed", count_rate=False)
        await store.commit(turn, {"meta": {"channel": channel, "sender": sender, "group": "",
                                           "draft": "d1", "cases": []},
                                  "state": "submitted", "count": 1}, 3600)
        return conv

    async def case(self, conv: str, i: int = 1) -> dict[str, Any]:
        from datetime import datetime

        case = make_case(i)
        await CaseStore(self.redis).submit(case, conversation_key=conv, needs_review=False,
                                           submitted_at=datetime(2026, 11, 24, 9, tzinfo=TZ))
        await wait_for(lambda: self._field_is(case["case_id"], "status", "delivered"))
        await self.settle()
        return case

    async def _field_is(self, case_id: str, name: str, value: str) -> bool:
        got = await self.redis.hget(keys.case_record(case_id), name)
        return got is not None and got.decode() == value

    async def record(self, case_id: str) -> dict[str, str]:
        raw = await self.redis.hgetall(keys.case_record(case_id))
        return {k.decode(): v.decode() for k, v in raw.items() if k != b"body"}

    async def doc(self, conv: str) -> dict[str, Any]:
        return await self.app[appkeys.STORE].load(conv) or {}

    async def event(self, payload: Any, *, headers: dict[str, str] | None = None,
                    raw: bytes | None = None) -> tuple[int, Any]:
        body = raw if raw is not None else orjson.dumps(payload)
        resp = await self.client.post("/case-system/events", data=body,
                                      headers=headers or signed_headers(SECRET, body))
        data = await resp.json() if resp.content_type == "application/json" else None
        await self.settle()
        return resp.status, data

    async def settle(self) -> None:
        """Wait for the notifications the app sends in tracked background tasks."""
        tasks = list(self.app[appkeys.BACKGROUND])
        if tasks:
            await asyncio.gather(*tasks)

    async def snapshot(self) -> dict[str, Any]:
        out = {}
        for key in sorted(await self.redis.keys("*")):
            kind = (await self.redis.type(key)).decode()
            if kind == "hash":
                out[key] = await self.redis.hgetall(key)
            elif kind == "string":
                out[key] = await self.redis.get(key)
            else:
                out[key] = kind
        return out


@pytest.fixture
async def bot(aiohttp_client: Any, aiohttp_server: Any, make_settings: Callable[..., Settings],
              tmp_path: Path) -> Bot:
    system = CaseSystem()
    server = await aiohttp_server(system.app(), host="127.0.0.1")
    settings = make_settings(PETITION_CONFIG_DIR=str(fast_config(tmp_path / "config")),
                             PETITION_CASE_WEBHOOK_URL=str(server.make_url("/intake")),
                             PETITION_CASE_WEBHOOK_SECRET=SECRET)
    app = create_app(settings, dialog=RatingDialog(), classifier=FakeClassifier())
    b = Bot(await aiohttp_client(app), system)
    app[appkeys.SENDERS].update(web=b.web, qq=b.qq)  # looked up at send time
    return b


async def test_delivery_is_told_with_both_numbers(bot: Bot) -> None:
    conv = await bot.conversation("web", "u1")
    case = await bot.case(conv)
    rec = await bot.record(case["case_id"])

    async def told_once() -> bool:  # the worker tells the citizen just after it records
        await bot.settle()
        return bool(bot.web.sent)

    await wait_for(told_once)
    [told] = bot.web.texts()
    assert rec["number"] in told and rec["external_number"] in told
    assert bot.web.sent[0][0]["sender"] == "u1"


async def test_status_updates_change_the_case_and_tell_the_citizen_once(bot: Bot) -> None:
    conv = await bot.conversation("web", "u1")
    case = await bot.case(conv)
    cid = case["case_id"]
    event = {"case_id": cid, "status": "accepted", "case_number": "XF-2026-9",
             "message": "已交县住建局办理"}
    assert await bot.event(event) == (200, {"ok": True, "case_id": cid, "status": "accepted"})
    rec = await bot.record(cid)
    assert (rec["status"], rec["external_number"], rec["status_message"]) == (
        "accepted", "XF-2026-9", "已交县住建局办理")
    told = bot.web.texts()[-1]
    assert "已受理" in told and rec["number"] in told and "XF-2026-9" in told
    assert "已交县住建局办理" in told
    # The same update again (the case system retried): nothing changes, nobody is told twice.
    n = len(bot.web.sent)
    status, data = await bot.event(dict(reversed(list(event.items()))))
    assert status == 200 and data["duplicate"] is True and len(bot.web.sent) == n

    assert (await bot.event({"case_id": cid, "status": "in_progress"}))[0] == 200
    assert (await bot.record(cid))["status_message"] == ""
    assert "正在办理" in bot.web.texts()[-1]


async def test_concluded_asks_for_a_rating_and_the_rating_goes_back(bot: Bot) -> None:
    conv = await bot.conversation("web", "u1")
    case = await bot.case(conv)
    cid = case["case_id"]
    number = (await bot.record(cid))["number"]
    status, _ = await bot.event({"case_id": cid, "status": "concluded", "message": "路灯已修复"})
    assert status == 200
    doc = await bot.doc(conv)
    assert doc["pending_rating"] == {"case_id": cid, "case_number": number}
    assert doc["state"] == "rating" and doc["meta"]["sender"] == "u1"
    concluded, question = bot.web.texts()[-2:]
    assert "已办结" in concluded and "路灯已修复" in concluded
    assert question == f"请为{number}打分"
    # A repeat of the event does not ask again.
    await bot.event({"case_id": cid, "status": "concluded", "message": "路灯已修复"})
    assert bot.web.texts()[-1] == question

    result = await bot.app[appkeys.PIPELINE](InboundMessage(
        channel="web", sender="u1", message_id="r1", text="5", received_at=time.time()))
    assert result.replies[0].text == "谢谢评价"
    rec = await bot.record(cid)
    assert (rec["rating"], rec["rating_comment"]) == ("5", "还行")

    def rating_sent() -> Any:
        async def check() -> bool:
            return any(r.key == f"rating:{cid}" for r in bot.system.received)
        return check

    await wait_for(rating_sent())
    [got] = [r for r in bot.system.received if r.key == f"rating:{cid}"]
    assert got.signature_ok and got.fresh
    assert got.json["rating"] == 5 and got.json["case_id"] == cid
    assert got.json["case_number"] == (await bot.record(cid))["external_number"]
    # A concluded case does not go back to "accepted".
    assert (await bot.event({"case_id": cid, "status": "accepted"}))[0] == 409
    assert (await bot.record(cid))["status"] == "concluded"


async def test_qq_cannot_be_pushed_so_the_status_waits_for_the_query(bot: Bot) -> None:
    conv = await bot.conversation("qq", "openid-1")
    case = await bot.case(conv)
    status, _ = await bot.event({"case_id": case["case_id"], "status": "rejected",
                                 "message": "不属于信访事项"})
    assert status == 200
    assert (await bot.record(case["case_id"]))["status"] == "rejected"
    assert len(bot.qq.sent) == 2  # delivered, rejected: tried, and the platform said no
    assert bot.web.sent == []


async def test_bad_events_are_refused_and_change_nothing(bot: Bot) -> None:
    conv = await bot.conversation("web", "u1")
    case = await bot.case(conv)
    cid = case["case_id"]
    good = orjson.dumps({"case_id": cid, "status": "accepted"})
    stale = signed_headers(SECRET, good, timestamp=int(time.time()) - 1000)
    future = signed_headers(SECRET, good, timestamp=int(time.time()) + 1000)
    forged = signed_headers("another-secret", good)
    plain = {**signed_headers(SECRET, good), "Content-Type": "text/plain"}
    cases: list[tuple[int, bytes, dict[str, str] | None]] = [
        (401, good, {"Content-Type": "application/json"}),
        (401, good, {**signed_headers(SECRET, good), "X-Petition-Timestamp": "yesterday"}),
        (403, good, forged),
        (403, good, stale),
        (403, good, future),
        (403, good + b" ", signed_headers(SECRET, good)),  # body changed after signing
        (415, good, plain),
        (400, b"{not json", None),
        (400, b"[1, 2]", None),
        (400, orjson.dumps({"case_id": cid, "status": "done"}), None),
        (400, orjson.dumps({"case_id": cid}), None),
        (400, orjson.dumps({"status": "accepted"}), None),
        (400, orjson.dumps({"case_id": cid, "status": "accepted", "case_number": True}), None),
        (400, orjson.dumps({"case_id": cid, "status": "accepted", "message": "长" * 1001}), None),
        (404, orjson.dumps({"case_id": "f" * 32, "status": "accepted"}), None),
    ]
    before = await bot.snapshot()
    told = len(bot.web.sent)
    for expected, body, headers in cases:
        status, data = await bot.event(None, raw=body, headers=headers)
        assert status == expected, (expected, body[:40], data)
        assert data and data.get("error")
    assert await bot.snapshot() == before
    assert len(bot.web.sent) == told


async def test_without_a_shared_secret_events_are_refused(
        aiohttp_client: Any, make_settings: Callable[..., Settings], tmp_path: Path,
        redis: Redis) -> None:
    settings = make_settings(PETITION_CONFIG_DIR=str(fast_config(tmp_path / "config")))
    client = await aiohttp_client(create_app(settings, dialog=CountingDialog(),
                                             classifier=FakeClassifier()))
    body = orjson.dumps({"case_id": "a" * 32, "status": "accepted"})
    resp = await client.post("/case-system/events", data=body,
                             headers=signed_headers("", body))
    assert resp.status == 403


def test_every_notification_renders_and_sms_variants_fit_two_segments() -> None:
    from bot.case_events import STATUSES, Notifications
    from bot.settings import CONFIG_DIR

    n = Notifications.load(CONFIG_DIR / "notifications.toml")
    for name in ("delivered", *STATUSES, "rating_request"):
        full = n.render(name, number="JH-20261124-0001", external_number="XF" + "9" * 18,
                        message="经核查，" + "处理意见" * 200)
        bare = n.render(name, number="JH-20261124-0001")
        assert full.text and bare.text and "{" not in full.text + full.short + bare.text
        assert len(full.short) <= 134, (name, len(full.short))  # two UCS-2 SMS segments
        if name not in ("rating_request",):
            assert "JH-20261124-0001" in full.text and "JH-20261124-0001" in full.short
        if name in STATUSES:
            assert "经核查" in full.text and "经核查" in full.short


def test_a_notifications_file_missing_a_status_is_refused(tmp_path: Path) -> None:
    from bot.case_events import Notifications
    from bot.settings import CONFIG_DIR

    text = (CONFIG_DIR / "notifications.toml").read_text(encoding="utf-8")
    broken = tmp_path / "notifications.toml"
    broken.write_text(text.replace("[rejected]", "[rejectd]"), encoding="utf-8")
    with pytest.raises(ValueError, match="rejected"):
        Notifications.load(broken)


async def test_f9_the_status_only_moves_forward(bot: Bot) -> None:
    """`accepted` after `in_progress` was accepted (the citizen told 已受理 again): a move back
    is now 409 and changes nothing; skipping ahead and rejecting an open case are allowed."""
    conv = await bot.conversation("web", "u1")
    cid = (await bot.case(conv))["case_id"]
    assert (await bot.event({"case_id": cid, "status": "in_progress"}))[0] == 200
    status, data = await bot.event({"case_id": cid, "status": "accepted",
                                    "message": "重新受理"})
    assert status == 409 and "forward" in data["error"]
    rec = await bot.record(cid)
    assert (rec["status"], rec["status_message"]) == ("in_progress", "")
    assert not any("已受理" in text for text in bot.web.texts())
    assert (await bot.event({"case_id": cid, "status": "rejected", "message": "不予受理"}))[0] \
        == 200
    for later in ("concluded", "in_progress", "accepted"):
        assert (await bot.event({"case_id": cid, "status": later, "message": "新"}))[0] == 409
    assert (await bot.record(cid))["status"] == "rejected"

    other = (await bot.case(await bot.conversation("web", "u2"), 2))["case_id"]
    assert (await bot.event({"case_id": other, "status": "concluded"}))[0] == 200
    assert (await bot.event({"case_id": other, "status": "rejected"}))[0] == 409


async def test_f9_a_second_final_event_with_another_message_notifies_nobody(bot: Bot) -> None:
    conv = await bot.conversation("web", "u1")
    cid = (await bot.case(conv))["case_id"]
    assert (await bot.event({"case_id": cid, "status": "concluded", "message": "已修复"}))[0] \
        == 200
    await wait_for(lambda: _told(bot, "已办结"))
    sent = len(bot.web.sent)
    doc = await bot.doc(conv)
    status, data = await bot.event({"case_id": cid, "status": "concluded",
                                    "message": "另一条办结意见"})
    assert status == 200 and data["duplicate"] is True
    assert len(bot.web.sent) == sent  # no second notice, no second rating request
    assert (await bot.record(cid))["status_message"] == "已修复"
    assert await bot.doc(conv) == doc


async def _told(bot: Bot, words: str) -> bool:
    await bot.settle()
    return any(words in text for text in bot.web.texts())
