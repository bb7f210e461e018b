"""The outbox worker against a real case system on loopback and a real Redis."""

from __future__ import annotations

import asyncio
import contextlib
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import orjson
import pytest
from redis.asyncio import Redis

from bot import keys, metrics
from bot.cases import CaseStore
from bot.outbox import (
    RatingSink,
    Worker,
    enqueue_case,
    list_dead_letters,
    outbox_status,
    resend_dead_letter,
)
from bot.outbox_store import lease_key
from bot.webhook import FileTarget, HttpTarget, PayloadMapping, RetryPolicy, WorkerTuning
from tests.bot.casesystem import SECRET, CaseSystem

TZ = ZoneInfo("Asia/Shanghai")
FAST = RetryPolicy(base_ms=5, cap_seconds=0.05, max_retry_seconds=60)


def make_case(i: int = 1) -> dict[str, Any]:
    return {
        "case_id": f"{i:032x}", "submitted_at": "2026-11-24T09:00:00+08:00", "channel": "web",
        "petitioner": {"name": None, "phone": f"1380000{i:04d}", "anonymous": True},
        "town": "黎城街道", "address": "某路1号", "location": None,
        "description": "路灯坏了很久", "request": "尽快修复",
        "category": {"code": "urban", "name": "城乡建设", "departments": ["住建局"],
                     "confidence": 0.9, "source": "model"},
        "nature": "求决", "color": "yellow", "due_at": None, "keywords": ["路灯"],
        "legal_path": None, "attachments": [], "transcript": []}


async def submit(redis: Redis, i: int = 1, *, review: bool = False,
                 conv: str = "web:conv") -> dict[str, Any]:
    case = make_case(i)
    await CaseStore(redis).submit(case, conversation_key=conv, needs_review=review,
                                  submitted_at=datetime(2026, 11, 24, 9, 0, tzinfo=TZ))
    return case


async def wait_for(cond: Callable[[], Awaitable[bool]], timeout: float = 8.0) -> None:
    deadline = time.monotonic() + timeout
    while not await cond():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.01)


@contextlib.asynccontextmanager
async def running(*workers: Worker) -> AsyncIterator[None]:
    tasks = [asyncio.create_task(w.run()) for w in workers]
    try:
        yield
    finally:
        for w in workers:
            await w.stop(grace=1.0)
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as client:
        yield client


@pytest.fixture
async def casesystem(aiohttp_server: Any) -> tuple[CaseSystem, str]:
    system = CaseSystem()
    server = await aiohttp_server(system.app(), host="127.0.0.1")
    return system, str(server.make_url("/intake"))


def worker(redis: Redis, http: httpx.AsyncClient, url: str, *, policy: RetryPolicy = FAST,
           claim_idle: float = 5.0, max_takeovers: int = 50, **kw: Any) -> Worker:
    return Worker(redis, HttpTarget(http, url, SECRET, 2.0), policy=policy,
                  tuning=WorkerTuning(block_ms=20, claim_idle_seconds=claim_idle,
                                      max_takeovers=max_takeovers),
                  request_timeout=2.0, lease_margin=0.5, **kw)


async def record(redis: Redis, case_id: str) -> dict[str, str]:
    raw = await redis.hgetall(keys.case_record(case_id))
    return {k.decode(): v.decode() for k, v in raw.items() if k != b"body"}


async def delivered(redis: Redis, case_id: str) -> bool:
    return (await record(redis, case_id)).get("status") == "delivered"


async def test_failures_then_success_deliver_once_with_the_same_case_id(
        redis: Redis, http: httpx.AsyncClient, casesystem: tuple[CaseSystem, str],
        scripts: Any) -> None:
    system, url = casesystem
    system.plan = [503, 500, 408, 429]
    system.retry_after = "0"
    case = await submit(redis)
    before = metrics.RETRIED.value("case"), metrics.DELIVERED.value("case")
    told: list[tuple[str, str, str, str]] = []

    async def on_delivered(*args: str) -> None:
        told.append(args)

    async with running(worker(redis, http, url, on_delivered=on_delivered, scripts=scripts)):
        await wait_for(lambda: delivered(redis, case["case_id"]))
    assert system.keys() == [case["case_id"]] * 5
    assert all(r.signature_ok and r.fresh for r in system.received)
    body = system.received[-1].json
    assert {k: v for k, v in body.items() if k != "reference"} == case
    assert body["reference"].startswith("JH-20261124-")
    rec = await record(redis, case["case_id"])
    assert rec["external_number"].startswith("JHXF-") and float(rec["delivered_at"]) > 0
    assert told == [(case["case_id"], "web:conv", rec["number"], rec["external_number"])]
    assert await redis.xlen(keys.OUTBOX_STREAM) == 0
    assert await redis.zcard(keys.OUTBOX_RETRY) == 0
    assert metrics.RETRIED.value("case") - before[0] == 4
    assert metrics.DELIVERED.value("case") - before[1] == 1


async def test_permanent_4xx_is_dead_lettered_then_resent(
        redis: Redis, http: httpx.AsyncClient, casesystem: tuple[CaseSystem, str],
        scripts: Any) -> None:
    system, url = casesystem
    system.plan = [422]
    case = await submit(redis)
    w = worker(redis, http, url, scripts=scripts)
    async with running(w):
        await wait_for(lambda: _has_dead(redis))
    [dead] = await list_dead_letters(redis)
    assert dead["id"] == f"case:{case['case_id']}" and dead["case_id"] == case["case_id"]
    assert dead["kind"] == "case" and dead["attempts"] == 1 and "HTTP 422" in dead["reason"]
    assert time.time() - dead["failed_at"] < 30
    rec = await record(redis, case["case_id"])
    assert rec["delivery"] == "dead" and rec["status"] == "queued"
    assert len(system.received) == 1  # no retry of a permanent refusal

    assert await resend_dead_letter(redis, dead["id"])
    assert not await resend_dead_letter(redis, dead["id"])  # gone from the dead letters
    assert not await resend_dead_letter(redis, "nonsense")
    async with running(worker(redis, http, url)):
        await wait_for(lambda: delivered(redis, case["case_id"]))
    assert await list_dead_letters(redis) == []
    assert system.keys() == [case["case_id"]] * 2


async def _has_dead(redis: Redis) -> bool:
    return bool(await redis.hlen(keys.OUTBOX_DEAD))


async def test_retries_stop_after_the_retry_period_and_dead_letter(
        redis: Redis, http: httpx.AsyncClient, casesystem: tuple[CaseSystem, str]) -> None:
    system, url = casesystem
    system.plan = [503] * 1000
    case = await submit(redis)
    policy = RetryPolicy(base_ms=5, cap_seconds=0.02, max_retry_seconds=0.3)
    started = time.monotonic()
    async with running(worker(redis, http, url, policy=policy)):
        await wait_for(lambda: _has_dead(redis))
    assert time.monotonic() - started >= 0.3  # kept retrying for the whole period
    [dead] = await list_dead_letters(redis)
    assert dead["reason"].startswith(f"gave up after {dead['attempts']} attempts: HTTP 503")
    assert dead["attempts"] == len(system.received) > 3
    assert set(system.keys()) == {case["case_id"]}


async def test_network_errors_are_retried(redis: Redis, http: httpx.AsyncClient) -> None:
    case = await submit(redis)
    w = worker(redis, http, "http://127.0.0.1:9/intake")  # discard port: connection refused
    await w.ensure_group()
    [[_, [(entry_id, fields)]]] = await redis.xreadgroup(
        keys.OUTBOX_GROUP, w.consumer, {keys.OUTBOX_STREAM: ">"}, count=1)
    assert await w.process(entry_id.decode(), {k.decode(): v.decode()
                                               for k, v in fields.items()}) == "retry"
    rec = await record(redis, case["case_id"])
    assert rec["delivery"] == "retrying" and rec["last_error"].startswith("network:")
    [(member, due)] = await redis.zrange(keys.OUTBOX_RETRY, 0, -1, withscores=True)
    assert orjson.loads(member)["attempts"] == "1" and due > time.time() - 1


def test_backoff_is_exponential_capped_and_jittered() -> None:
    import random

    policy = RetryPolicy(base_ms=2000, cap_seconds=1800, max_retry_seconds=86400)
    rng = random.Random(7)
    for attempt in range(1, 30):
        step = min(1800, 2 * 2 ** (attempt - 1))
        delays = [policy.delay(attempt, rng=rng) for _ in range(50)]
        assert all(step / 2 <= d <= step for d in delays)
        assert max(delays) - min(delays) > 0  # jitter spreads the workers' retries
    assert policy.delay(3, retry_after=120, rng=rng) >= 120
    assert policy.delay(3, retry_after=10**9, rng=rng) <= 1800
    # With the defaults, the retries of one entry span at least the whole day before giving up.
    total, attempt = 0.0, 0
    while total < policy.max_retry_seconds:
        attempt += 1
        total += policy.delay(attempt, rng=rng)
    assert attempt > 40


async def test_an_entry_left_pending_by_a_crashed_worker_is_taken_over(
        redis: Redis, http: httpx.AsyncClient, casesystem: tuple[CaseSystem, str]) -> None:
    system, url = casesystem
    case = await submit(redis)
    crashed = worker(redis, http, url, consumer="crashed")
    await crashed.ensure_group()
    got = await redis.xreadgroup(keys.OUTBOX_GROUP, "crashed", {keys.OUTBOX_STREAM: ">"}, count=1)
    assert got  # read, never acknowledged: the worker "died" here
    assert system.received == []
    async with running(worker(redis, http, url, claim_idle=0.2, consumer="survivor")):
        await wait_for(lambda: delivered(redis, case["case_id"]))
    assert system.keys() == [case["case_id"]]
    assert (await outbox_status(redis))["pending"] == []


# A worker process: redis URL, webhook URL, secret, consumer name, claim idle seconds, and the
# request timeout and lease margin that make up its lease.
WORKER_PROCESS = """
import asyncio, sys, httpx
from redis.asyncio import Redis
from bot.outbox import Worker
from bot.webhook import HttpTarget, RetryPolicy, WorkerTuning

async def main():
    redis = Redis.from_url(sys.argv[1])
    async with httpx.AsyncClient() as http:
        w = Worker(redis, HttpTarget(http, sys.argv[2], sys.argv[3], 30.0),
                   policy=RetryPolicy(base_ms=5, cap_seconds=0.05), consumer=sys.argv[4],
                   tuning=WorkerTuning(block_ms=20, claim_idle_seconds=float(sys.argv[5])),
                   request_timeout=float(sys.argv[6]), lease_margin=float(sys.argv[7]))
        await w.ensure_group()
        print("ready", flush=True)
        await w.run()

asyncio.run(main())
"""


async def worker_process(redis_url: str, url: str, consumer: str, claim_idle: float,
                         request_timeout: float, lease_margin: float) -> Any:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-c", WORKER_PROCESS, redis_url, url, SECRET, consumer,
        str(claim_idle), str(request_timeout), str(lease_margin),
        cwd=str(Path(__file__).resolve().parents[2]), stdout=asyncio.subprocess.PIPE)


async def test_the_bot_killed_mid_delivery_delivers_after_restart(
        redis: Redis, redis_url: str, http: httpx.AsyncClient,
        casesystem: tuple[CaseSystem, str]) -> None:
    system, url = casesystem
    system.hold = asyncio.Event()  # the first request hangs until the worker is dead
    case = await submit(redis)
    # Its lease (0.4 s) ends soon after the kill, as a real one ends after timeout + margin.
    proc = await worker_process(redis_url, url, "doomed", 0.3, 0.2, 0.2)
    try:
        await asyncio.wait_for(system.arrived.wait(), 20)
    finally:
        proc.kill()  # SIGKILL: no cleanup, no acknowledgement, the lease left behind
        await proc.wait()
    system.hold.set()
    assert not await delivered(redis, case["case_id"])
    async with running(worker(redis, http, url, claim_idle=0.3)):
        await wait_for(lambda: delivered(redis, case["case_id"]))
    assert system.keys() == [case["case_id"]] * 2  # at least once, same Idempotency-Key
    assert all(r.signature_ok for r in system.received)


async def test_two_workers_never_deliver_one_entry_at_the_same_time(
        redis: Redis, http: httpx.AsyncClient, casesystem: tuple[CaseSystem, str]) -> None:
    system, url = casesystem
    system.delay = 0.15  # longer than claim_idle: workers keep trying to take over
    cases = [await submit(redis, i) for i in range(1, 25)]
    a = worker(redis, http, url, claim_idle=0.03, consumer="a")
    b = worker(redis, http, url, claim_idle=0.03, consumer="b")

    async def all_delivered() -> bool:
        return all([await delivered(redis, c["case_id"]) for c in cases])

    async with running(a, b):
        await wait_for(all_delivered, timeout=20)
    assert max(system.max_inflight.values()) == 1
    assert sorted(system.keys()) == sorted(c["case_id"] for c in cases)  # once each


async def test_a_review_case_waits_until_staff_enqueue_it(
        redis: Redis, http: httpx.AsyncClient, casesystem: tuple[CaseSystem, str]) -> None:
    system, url = casesystem
    case = await submit(redis, review=True)
    assert await redis.xlen(keys.OUTBOX_STREAM) == 0
    with pytest.raises(LookupError):
        await enqueue_case(redis, "f" * 32)
    await enqueue_case(redis, case["case_id"])
    await enqueue_case(redis, case["case_id"])  # a double click sends nothing twice
    assert await redis.xlen(keys.OUTBOX_STREAM) == 1
    assert (await record(redis, case["case_id"]))["status"] == "queued"
    async with running(worker(redis, http, url)):
        await wait_for(lambda: delivered(redis, case["case_id"]))
    assert system.keys() == [case["case_id"]]


async def test_a_rating_goes_out_as_a_signed_event(
        redis: Redis, http: httpx.AsyncClient, casesystem: tuple[CaseSystem, str]) -> None:
    system, url = casesystem
    case = await submit(redis)
    await redis.hset(keys.case_record(case["case_id"]), mapping={
        "status": "concluded", "external_number": "JHXF-77"})
    sink = RatingSink(redis)
    await sink.send_rating({"case_id": case["case_id"], "rating": 4, "comment": "处理及时"})
    await sink.send_rating({"case_id": case["case_id"], "rating": 1, "comment": "改主意"})
    for bad in ({"case_id": case["case_id"], "rating": 9}, {"rating": 3},
                {"case_id": case["case_id"], "rating": "很好"}, {"case_id": "f" * 32, "rating": 5}):
        await sink.send_rating(bad)  # ignored (logged): a citizen's turn never fails over it
    rec = await record(redis, case["case_id"])
    assert (rec["rating"], rec["rating_comment"]) == ("4", "处理及时")  # one rating per case
    # The dialog's follow-up with a comment revises the rating: a new event, its own key.
    await sink.send_rating({"case_id": case["case_id"], "rating": 4, "comment": "谢谢",
                            "update": True})
    assert (await record(redis, case["case_id"]))["rating_comment"] == "谢谢"

    async def all_delivered() -> bool:  # the case itself, its rating and the revision
        return await redis.xlen(keys.OUTBOX_STREAM) == 0 and len(system.received) == 3

    async with running(worker(redis, http, url)):
        await wait_for(all_delivered)
    ratings = sorted((r for r in system.received if r.key != case["case_id"]),
                     key=lambda r: r.key)
    assert [r.key for r in ratings] == [f"rating:{case['case_id']}",
                                        f"rating:{case['case_id']}:2"]
    assert all(r.signature_ok for r in ratings)
    first, revised = (r.json for r in ratings)
    assert first["event"] == "rating" and first["case_id"] == case["case_id"]
    assert (first["rating"], first["comment"], first["case_number"]) == (4, "处理及时", "JHXF-77")
    assert (revised["comment"], revised["update"]) == ("谢谢", True)
    assert datetime.fromisoformat(first["rated_at"]).utcoffset() is not None
    # The late delivery acknowledgement did not turn the concluded case back into "delivered".
    assert (await record(redis, case["case_id"]))["status"] == "concluded"


async def test_the_payload_mapping_shapes_what_is_sent_and_signed(
        redis: Redis, http: httpx.AsyncClient, casesystem: tuple[CaseSystem, str]) -> None:
    system, url = casesystem
    case = await submit(redis)
    mapping = PayloadMapping.from_table({
        "rename": {"description": "content", "petitioner.phone": "contact.mobile",
                   "category.code": "category_code"},
        "drop": ["transcript", "petitioner"],
        "constants": {"source": "jinhu-bot"}}, "case")
    async with running(worker(redis, http, url, case_mapping=mapping)):
        await wait_for(lambda: delivered(redis, case["case_id"]))
    [got] = system.received
    body = got.json
    assert got.signature_ok
    assert body["content"] == case["description"] and "description" not in body
    assert body["contact"] == {"mobile": case["petitioner"]["phone"]}
    assert body["category_code"] == "urban" and "code" not in body["category"]
    assert "transcript" not in body and "petitioner" not in body
    assert body["source"] == "jinhu-bot"


async def test_without_a_webhook_url_cases_go_to_a_jsonl_file_once(
        redis: Redis, tmp_path: Path) -> None:
    path = tmp_path / "cases.jsonl"
    cases = [await submit(redis, i) for i in (1, 2)]
    target = FileTarget(path, redis, keys.OUTBOX_FILE_OFFSETS)
    w = Worker(redis, target, policy=FAST, tuning=WorkerTuning(block_ms=20))

    async def both() -> bool:
        return all([await delivered(redis, c["case_id"]) for c in cases])

    async with running(w):
        await wait_for(both)
    lines = path.read_bytes().splitlines()
    assert sorted(orjson.loads(x)["case_id"] for x in lines) == sorted(c["case_id"] for c in cases)
    assert {k: v for k, v in orjson.loads(lines[0]).items() if k != "reference"} in cases
    # Offsets are forgotten once acknowledged: nothing is left behind.
    assert await redis.hlen(keys.OUTBOX_FILE_OFFSETS) == 0


async def test_file_sink_writes_no_second_line_for_a_reprocessed_entry(
        redis: Redis, tmp_path: Path) -> None:
    path = tmp_path / "cases.jsonl"
    target = FileTarget(path, redis, keys.OUTBOX_FILE_OFFSETS)
    body = orjson.dumps(make_case(1))
    # The worker died after writing and before acknowledging: the entry comes round again.
    assert (await target.deliver(body, "k1")).kind == "delivered"
    assert (await target.deliver(orjson.dumps(make_case(2)), "k2")).kind == "delivered"
    assert (await target.deliver(body, "k1")).kind == "delivered"
    assert path.read_bytes() == body + b"\n" + orjson.dumps(make_case(2)) + b"\n"
    # The line at the recorded offset is not this one (a write that never happened): write it.
    await redis.hset(keys.OUTBOX_FILE_OFFSETS, "k3", path.stat().st_size)
    assert (await target.deliver(b'{"case_id":"3"}', "k3")).kind == "delivered"
    assert path.read_bytes().endswith(b'{"case_id":"3"}\n')


async def test_unreadable_entries_are_dead_lettered_not_retried_forever(
        redis: Redis, http: httpx.AsyncClient, casesystem: tuple[CaseSystem, str]) -> None:
    system, url = casesystem
    await redis.xadd(keys.OUTBOX_STREAM, {"kind": "case", "case_id": "0" * 32, "attempts": "0",
                                          "first_at": "", "enqueued_at": "1"})
    await redis.xadd(keys.OUTBOX_STREAM, {"kind": "parcel", "case_id": "1" * 32})
    async with running(worker(redis, http, url)):
        await wait_for(lambda: _count_dead(redis, 2))
    reasons = sorted(d["reason"] for d in await list_dead_letters(redis))
    assert reasons == ["case record missing", "unknown kind 'parcel'"]
    assert system.received == []


async def _count_dead(redis: Redis, n: int) -> bool:
    return await redis.hlen(keys.OUTBOX_DEAD) == n


async def test_an_entry_workers_keep_dying_on_is_dead_lettered(
        redis: Redis, http: httpx.AsyncClient, casesystem: tuple[CaseSystem, str]) -> None:
    system, url = casesystem
    case = await submit(redis)
    w = worker(redis, http, url, claim_idle=0.01, max_takeovers=3)
    await w.ensure_group()
    # Read by one worker, then taken over by two more: each of them "died" holding it.
    await redis.xreadgroup(keys.OUTBOX_GROUP, "first", {keys.OUTBOX_STREAM: ">"}, count=1)
    for name in ("second", "third"):
        await redis.xautoclaim(keys.OUTBOX_STREAM, keys.OUTBOX_GROUP, name, 0, "0-0")
    async with running(w):
        await wait_for(lambda: _has_dead(redis))
    [dead] = await list_dead_letters(redis)
    # 4 or more: the surviving worker may claim it once more before it looks at the count.
    times = int(dead["reason"].removeprefix("taken over ").split()[0])
    assert times > 3 and dead["reason"].endswith(" times without finishing")
    assert dead["number"].startswith("JH-") and system.received == []
    assert await resend_dead_letter(redis, dead["id"])  # staff can still send it
    async with running(worker(redis, http, url)):
        await wait_for(lambda: delivered(redis, case["case_id"]))


async def test_takeover_reaches_past_entries_a_live_worker_still_holds(
        redis: Redis, http: httpx.AsyncClient, casesystem: tuple[CaseSystem, str]) -> None:
    system, url = casesystem
    held, stale = await submit(redis, 1), await submit(redis, 2)
    w = Worker(redis, HttpTarget(http, url, SECRET, 2.0), policy=FAST,
               tuning=WorkerTuning(block_ms=20, claim_idle_seconds=0.02, batch=1,
                                   concurrency=1), request_timeout=2.0, lease_margin=0.5)
    await w.ensure_group()
    await redis.xreadgroup(keys.OUTBOX_GROUP, "slow", {keys.OUTBOX_STREAM: ">"}, count=2)
    # A live worker is still delivering the first entry: it holds the lease.
    await redis.set(lease_key("case", held["case_id"]), "slow-worker", px=60_000)
    async with running(w):
        await wait_for(lambda: delivered(redis, stale["case_id"]))
    assert system.keys() == [stale["case_id"]]
    assert not await delivered(redis, held["case_id"])


async def test_two_worker_processes_never_deliver_one_entry_at_the_same_time(
        redis: Redis, redis_url: str, casesystem: tuple[CaseSystem, str]) -> None:
    system, url = casesystem
    system.delay = 0.1  # longer than claim_idle: each keeps trying to take the other's entries
    procs = [await worker_process(redis_url, url, name, 0.02, 5.0, 1.0) for name in ("p", "q")]

    async def all_delivered() -> bool:
        return all([await delivered(redis, c["case_id"]) for c in cases])

    try:
        for p in procs:  # both running before any case exists: they compete for every one
            assert await asyncio.wait_for(p.stdout.readline(), 30) == b"ready\n"
        cases = [await submit(redis, i) for i in range(1, 31)]
        await wait_for(all_delivered, timeout=30)
    finally:
        for p in procs:
            p.terminate()
            await p.wait()
    consumers = await redis.xinfo_consumers(keys.OUTBOX_STREAM, keys.OUTBOX_GROUP)
    assert {b"p", b"q"} <= {c["name"] for c in consumers}  # both took part
    assert max(system.max_inflight.values()) == 1
    assert sorted(system.keys()) == sorted(c["case_id"] for c in cases)  # once each
