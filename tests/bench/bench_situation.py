"""Situation page benchmark: the figures from the counters kept at write time vs a SCAN of the
keyspace (how the page was computed before), at a county's year of data.

Redis (embedded, appendfsync everysec) holds 100,000 conversation documents and 20,000 cases
spread over the last 365 days with a mix of statuses, ratings and due dates. Each case is
written and then recounted as the service's writers do (bot/situation_counts.py). Then, for the
7-, 30- and 365-day periods:
- counters: `bot.console.situation.gather`, the page's own data step;
- SCAN: SCAN of the whole keyspace for case records, HMGET of each, the same per-case
  contribution summed over the period (what `gather` cost when it scanned).
Both must give the same figures; the script prints the median time of each and their ratio.

    .venv/bin/python tests/bench/bench_situation.py [--conversations 100000] [--cases 20000]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

import orjson

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from redis.asyncio import Redis

from bot import keys, situation_counts
from bot.console.situation import gather
from bot.redis_embedded import EmbeddedRedis

TZ = ZoneInfo("Asia/Shanghai")
CATEGORIES = ("城乡建设", "劳动保障", "农业农村", "国土资源", "生态环境", "卫生健康", "教育文体",
              "交通运输", "市场监管", "政法公安", "民政", "纪检监察", "其他")
TOWNS = ("黎城街道", "戴楼街道", "金北街道", "金南镇", "塔集镇", "银涂镇", "前锋镇", "吕良镇")
# Recent cases are still being handled; after about six weeks most are concluded.
RECENT = ("delivered",) * 4 + ("accepted", "in_progress", "in_progress", "concluded", "review",
                               "not_petition", "queued")
OLDER = ("concluded",) * 17 + ("rejected", "not_petition", "in_progress")


def conversation(i: int) -> bytes:
    return orjson.dumps({"state": "collect", "data": {"description": "路灯坏了很久" * 20},
                         "transcript": [{"role": "citizen", "text": f"第{i}条" * 10}] * 6,
                         "meta": {"channel": "web", "created": 1.0}})


def case_fields(i: int, rng: random.Random, now: float) -> dict[str, Any]:
    created = now - rng.uniform(0, 365 * 86400)
    first = created - rng.uniform(60, 3600)
    status = rng.choice(RECENT if now - created < 45 * 86400 else OLDER)
    body = {"case_id": f"{i:032x}", "channel": rng.choice(("web", "wechat", "sms", "qq")),
            "town": rng.choice(TOWNS), "color": rng.choice(("blue", "yellow", "red", None)),
            "category": {"name": rng.choice(CATEGORIES),
                         "source": "model" if rng.random() < 0.8 else "staff"},
            "via_handoff": rng.random() < 0.1,
            "first_message_at": datetime.fromtimestamp(first, TZ).isoformat(),
            "due_at": datetime.fromtimestamp(created + 15 * 86400, TZ).isoformat(),
            "description": "小区门口的路灯坏了三个月没人修。" * 12,
            "transcript": [{"role": "citizen", "text": "路灯坏了", "time": "t"}] * 10}
    fields = {"body": orjson.dumps(body), "number": f"JH-{i:08d}", "status": status,
              "created": repr(created), "conv": f"web:{i:024x}"}
    if status not in ("review", "queued"):
        fields["delivered_at"] = repr(first + rng.uniform(5, 7200))
    if status == "concluded" and rng.random() < 0.6:
        fields["rating"] = str(rng.randint(1, 5))
    return fields


async def fill(redis: Redis, conversations: int, cases: int) -> None:
    rng = random.Random(1)
    now = time.time()
    for start in range(0, conversations, 2000):
        pipe = redis.pipeline(transaction=False)
        for i in range(start, min(start + 2000, conversations)):
            pipe.set(keys.conversation_doc(f"web:{i:024x}"), conversation(i), ex=7 * 86400)
        await pipe.execute()
    sem = asyncio.Semaphore(32)

    async def write(i: int) -> None:
        async with sem:
            await redis.hset(keys.case_record(f"{i:032x}"), mapping=case_fields(i, rng, now))
            await situation_counts.recount(redis, f"{i:032x}", TZ)

    await asyncio.gather(*(write(i) for i in range(cases)))


async def scan_figures(redis: Redis, days: int, now: float) -> tuple[int, Counter[str]]:
    """The SCAN way: every case record read and counted on every view."""
    first_day = datetime.fromtimestamp(now - days * 86400, TZ).date().isoformat()
    counts: Counter[str] = Counter()
    seen = 0
    async for batch in _scan_batches(redis):
        pipe = redis.pipeline(transaction=False)
        for k in batch:
            pipe.hmget(k, list(situation_counts.FIELDS))
        for values in await pipe.execute():
            made = situation_counts.contribution(values, TZ)
            seen += 1
            if made is not None and made[0] >= first_day:
                counts.update(made[1]["f"])
    return seen, counts


async def _scan_batches(redis: Redis) -> Any:
    cursor: Any = 0
    while True:
        cursor, found = await redis.scan(cursor, match=keys.case_record("*"), count=500)
        if found:
            yield found
        if not int(cursor):
            break


async def timed(make: Any, runs: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = await make()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


async def main(conversations: int, cases: int, runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        server = EmbeddedRedis(Path(tmp), appendfsync="everysec")
        server.start()
        redis = Redis.from_url(server.url)
        try:
            t0 = time.perf_counter()
            await fill(redis, conversations, cases)
            filled = time.perf_counter() - t0
            while (await redis.info("persistence"))["aof_rewrite_in_progress"]:
                await asyncio.sleep(0.5)  # the AOF rewrite the fill set off would skew the first
            size = await redis.dbsize()
            print(f"keyspace: {size} keys ({conversations} conversations, {cases} cases written "
                  f"and recounted in {filled:.1f} s, {cases / filled:.0f} cases/s)")
            console = SimpleNamespace(
                redis=redis, text=lambda key, **_: "未知",
                settings=SimpleNamespace(timezone="Asia/Shanghai", case_retention_days=400))
            now = time.time()
            print(f"{'period':>8} {'counters ms':>12} {'SCAN ms':>10} {'ratio':>7}")
            await gather(console, 30, now)  # warm both paths once, untimed
            await scan_figures(redis, 30, now)
            for days in (7, 30, 365):
                fast, sit = await timed(lambda: gather(console, days, now), runs)  # noqa: B023
                slow, (seen, counts) = await timed(
                    lambda: scan_figures(redis, days, now), max(1, runs // 2))  # noqa: B023
                assert seen == cases
                assert (sit.total, sit.sent, sit.auto) == (
                    counts["total"], counts["sent"], counts["auto"]), (sit.total, counts)
                print(f"{days:>6} d {fast * 1000:>12.1f} {slow * 1000:>10.1f} "
                      f"{slow / fast:>6.0f}x")
        finally:
            await redis.aclose()
            server.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--conversations", type=int, default=100_000)
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    asyncio.run(main(args.conversations, args.cases, args.runs))
