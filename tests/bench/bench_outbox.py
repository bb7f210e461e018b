"""Outbox benchmark: cases delivered per second through the durable outbox vs direct POSTs.

Baseline: the same signed POSTs of the same bodies sent straight to a loopback case system with
the same concurrency, no Redis. Outbox: the cases are submitted with CaseStore.submit (one Lua
script each, embedded redis-server with appendfsync always, as `make run` uses), then drained by
1 and by 2 worker processes (timed from the first delivery, so start-up is not counted). Prints
the submit rate, the delivery rates and each one's ratio to the baseline.

    .venv/bin/python tests/bench/bench_outbox.py [--cases 2000] [--concurrency 8]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import orjson
from aiohttp import web

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from redis.asyncio import Redis

from bot.cases import CaseStore
from bot.redis_embedded import EmbeddedRedis
from bot.webhook import HttpTarget

SECRET = "bench-secret"
TZ = ZoneInfo("Asia/Shanghai")


def case(i: int) -> dict[str, object]:
    return {"case_id": f"{i:032x}", "submitted_at": "2026-11-24T09:00:00+08:00",
            "channel": "web", "petitioner": {"name": None, "phone": "13800000000",
                                             "anonymous": True},
            "town": "黎城街道", "address": "某路1号", "location": None,
            "description": "路灯坏了很久，晚上走路很危险。" * 10, "request": "尽快修复",
            "category": {"code": "urban", "name": "城乡建设", "departments": ["住建局"],
                         "confidence": 0.9, "source": "model"},
            "nature": "求决", "color": "yellow", "due_at": None, "keywords": ["路灯"],
            "legal_path": None, "attachments": [],
            "transcript": [{"role": "citizen", "text": "路灯坏了", "time": "2026-11-24T09:00"}] * 8}


async def start_case_system() -> tuple[web.AppRunner, str, list[int]]:
    count = [0]

    async def intake(request: web.Request) -> web.Response:
        await request.read()
        count[0] += 1
        return web.json_response({"case_number": f"X{count[0]}"})

    app = web.Application()
    app.router.add_post("/intake", intake)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    return runner, f"http://127.0.0.1:{port}/intake", count


async def baseline(url: str, n: int, concurrency: int) -> float:
    async with httpx.AsyncClient() as http:
        target = HttpTarget(http, url, SECRET, 10.0)
        bodies = [orjson.dumps(case(i)) for i in range(n)]
        queue = list(range(n))

        async def one() -> None:
            while queue:
                i = queue.pop()
                outcome = await target.deliver(bodies[i], f"{i:032x}")
                assert outcome.kind == "delivered"

        start = time.perf_counter()
        await asyncio.gather(*(one() for _ in range(concurrency)))
        return time.perf_counter() - start


WORKER = """
import asyncio, sys, httpx
from redis.asyncio import Redis
from bot.outbox import Worker
from bot.webhook import HttpTarget, RetryPolicy, WorkerTuning

async def main():
    redis = Redis.from_url(sys.argv[1])
    c = int(sys.argv[3])
    async with httpx.AsyncClient() as http:
        w = Worker(redis, HttpTarget(http, sys.argv[2], "bench-secret", 10.0),
                   policy=RetryPolicy(), tuning=WorkerTuning(batch=c, concurrency=c, block_ms=50))
        await w.run()

asyncio.run(main())
"""


async def through_outbox(redis: Redis, redis_url: str, url: str, n: int, concurrency: int,
                         workers: int, offset: int, received: list[int]) -> tuple[float, float]:
    """Submit n cases, then start `workers` worker processes and time until all arrived."""
    store = CaseStore(redis)
    now = datetime.now(TZ)
    start = time.perf_counter()
    for i in range(offset, offset + n):
        await store.submit(case(i), conversation_key="web:bench", needs_review=False,
                           submitted_at=now)
    submit_s = time.perf_counter() - start
    target = received[0] + n
    procs = [await asyncio.create_subprocess_exec(
        sys.executable, "-c", WORKER, redis_url, url, str(concurrency), cwd=str(ROOT))
        for _ in range(workers)]
    try:
        # Timed from the first arrival, so process start-up (imports) is not counted.
        while received[0] == target - n:
            await asyncio.sleep(0.001)
        start = time.perf_counter()
        while received[0] < target:
            await asyncio.sleep(0.002)
        drain_s = time.perf_counter() - start
    finally:
        for p in procs:
            p.terminate()
            await p.wait()
    return submit_s, drain_s


async def main(n: int, concurrency: int) -> None:
    with tempfile.TemporaryDirectory(prefix="pb-bench-outbox-") as d:
        server = EmbeddedRedis(Path(d))
        server.start()
        runner, url, received = await start_case_system()
        redis = Redis.from_url(server.url)
        try:
            base_s = await baseline(url, n, concurrency)
            base_rate = n / base_s
            print(f"cases: {n}, concurrency per worker: {concurrency}, body "
                  f"{len(orjson.dumps(case(0)))} bytes")
            print(f"baseline direct signed POSTs: {base_rate:8.0f} cases/s")
            for workers, offset in ((1, 10**6), (2, 2 * 10**6)):
                before = received[0]
                submit_s, drain_s = await through_outbox(redis, server.url, url, n, concurrency,
                                                         workers, offset, received)
                assert received[0] - before >= n, (received[0] - before, n)
                rate = n / drain_s
                print(f"submit (record + outbox entry, fsync): {n / submit_s:8.0f} cases/s")
                print(f"outbox, {workers} worker(s):             {rate:8.0f} cases/s  "
                      f"ratio to baseline {rate / base_rate:.2f}")
        finally:
            await redis.aclose()
            await runner.cleanup()
            server.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    asyncio.run(main(args.cases, args.concurrency))
