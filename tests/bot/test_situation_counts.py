"""The situation figures kept at write time, against a real Redis: whatever order and repetition
the writers of a case come in, the counters equal a count made from scratch."""

from __future__ import annotations

import asyncio
import random
from datetime import datetime, timedelta
from typing import Any

import orjson

from bot import keys, situation_counts
from bot.cases import CaseStore
from bot.outbox_store import RatingSink
from tests.bot.test_console_helpers import TZ, case_body

CHANNELS = ("web", "wechat", "sms", "qq")
TOWNS = ("金南镇", "塔集镇", "前锋镇", "")
CATEGORIES = (("labour_security", "劳动保障"), ("environment", "生态环境"), ("other", "其他"))


async def _figures(redis: Any, days: list[Any]) -> tuple[dict[str, int], list[float], dict]:
    got = await situation_counts.read_days(redis, days)
    opened = await situation_counts.open_cases(redis)
    return dict(got.counts), sorted(got.delivery_seconds), opened


async def _from_scratch(redis: Any) -> None:
    """Forget every counter and count the records again, as a first start would."""
    stale = [k async for k in redis.scan_iter(match=keys.situation_day("*"))]
    await redis.delete(*stale, keys.SITUATION_OPEN, keys.SITUATION_COUNTED)
    async for k in redis.scan_iter(match=keys.case_record("*")):
        await redis.hdel(k, "situation")
    await situation_counts.count_existing(redis, TZ)


async def test_counters_follow_every_change_and_equal_a_recount(redis: Any) -> None:
    rng = random.Random(7)
    store = CaseStore(redis, timezone="Asia/Shanghai")
    ratings = RatingSink(redis)
    now = datetime.now(TZ)
    days = [(now - timedelta(days=i)).date() for i in range(4)]
    ids = []
    for i in range(40):
        code, name = rng.choice(CATEGORIES)
        body = case_body(f"{i:032d}", channel=rng.choice(CHANNELS), town=rng.choice(TOWNS),
                         category={"code": code, "name": name, "departments": [],
                                   "confidence": 0.9, "source": rng.choice(["model", "staff"])},
                         color=rng.choice(["blue", "red", None]),
                         via_handoff=rng.random() < 0.2)
        await store.submit(body, conversation_key=f"web:{i:024d}",
                           needs_review=rng.random() < 0.3,
                           submitted_at=now - timedelta(days=rng.randrange(3)))
        ids.append(body["case_id"])
    # The later writers of a case, in a random order, some of them twice and concurrently.
    for cid in rng.sample(ids, 25):
        record = keys.case_record(cid)
        change = rng.choice(["delivered", "concluded", "not_petition", "rating", "category"])
        if change == "delivered":
            await redis.hset(record, mapping={"status": "delivered",
                                              "delivered_at": now.timestamp()})
        elif change == "rating":
            await ratings.send_rating({"case_id": cid, "rating": rng.randint(1, 5)})
            continue
        elif change == "category":
            body = orjson.loads(await redis.hget(record, "body"))
            body["category"] = {"code": "other", "name": "其他", "source": "staff"}
            await redis.hset(record, "body", orjson.dumps(body))
        else:
            await redis.hset(record, "status", change)
        await asyncio.gather(*(situation_counts.recount(redis, cid, TZ) for _ in range(3)))
    kept = await _figures(redis, days)
    assert kept[0]["total"] + kept[0].get("closed", 0) == 40
    await _from_scratch(redis)
    assert await _figures(redis, days) == kept


async def test_a_repeat_changes_nothing_and_a_vanished_case_leaves_the_watch(redis: Any) -> None:
    store = CaseStore(redis)
    now = datetime.now(TZ)
    body = case_body("a" * 32)
    await store.submit(body, conversation_key="web:" + "0" * 24, needs_review=False,
                       submitted_at=now)
    day = [now.date()]
    once = await _figures(redis, day)
    assert once[0] == {"total": 1, "channel:web": 1, "category:其他": 1, "town:金南镇": 1,
                       "color:yellow": 1, "bot": 1, "sent": 1, "auto": 1}
    assert list(once[2]) == ["a" * 32]  # queued, with a due date: watched
    for _ in range(3):
        assert await situation_counts.recount(redis, "a" * 32, TZ)
    assert await _figures(redis, day) == once
    await redis.delete(keys.case_record("a" * 32))
    await situation_counts.recount(redis, "a" * 32, TZ)
    assert (await _figures(redis, day))[2] == {}


async def test_a_redis_failure_is_reported_not_raised() -> None:
    from redis.asyncio import Redis

    dead = Redis(unix_socket_path="/nonexistent/redis.sock")
    try:
        assert not await situation_counts.recount(dead, "b" * 32, TZ)
    finally:
        await dead.aclose()


async def test_a_submission_counts_from_what_its_script_read(redis: Any) -> None:
    """The submit script hands the recount the record's fields: the submitting turn sends no
    separate read for the figures (and a resubmission still counts once)."""
    sent: list[str] = []

    class Recording:  # the scripts runner, recording the plain commands sent through it
        def register_script(self, source: str) -> Any:
            return redis.register_script(source)

        async def execute_command(self, *args: Any) -> Any:
            sent.append(str(args[0]))
            return await redis.execute_command(*args)

    store = CaseStore(redis, scripts=Recording())
    now = datetime.now(TZ)
    for _ in range(2):
        await store.submit(case_body("b" * 32), conversation_key="web:" + "1" * 24,
                           needs_review=False, submitted_at=now)
    assert sent == []
    kept = await _figures(redis, [now.date()])
    assert kept[0]["total"] == 1
    await _from_scratch(redis)
    assert await _figures(redis, [now.date()]) == kept
