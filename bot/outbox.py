"""Case delivery: the durable outbox (a Redis stream) drained by delivery workers.

`CaseStore.submit` appends {"kind": "case", "case_id"} to `keys.OUTBOX_STREAM` in the same script
that creates the case; a rating appends {"kind": "rating", ...} (see `RatingSink`). Every `serve`
process runs one `Worker`; all of them read through one consumer group, so an entry goes to one
worker at a time. An entry is acknowledged only in the same script that records its fate
(delivered, scheduled for retry, dead-lettered), so a worker killed at any point leaves it
pending, and another worker takes it over with XAUTOCLAIM once it has been idle longer than any
delivery can take. A lease per case (SET NX PX) guards the one remaining overlap: a slow worker
whose entry was reclaimed while its request was still in flight.

Delivery is at least once with the same Idempotency-Key (the case system dedupes); retries
follow `RetryPolicy` via a sorted set (`keys.OUTBOX_RETRY`) from which due entries
move back into the stream.

The staff console uses `list_dead_letters`, `resend_dead_letter` and `enqueue_case`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, Protocol
from zoneinfo import ZoneInfo

import orjson
from aiohttp import web
from redis.asyncio import Redis
from redis.exceptions import RedisError, ResponseError

from bot import appkeys, keys, metrics, situation_counts
from bot.outbox_store import (
    OutboxStore,
    RatingSink,
    dead_id,
    enqueue_case,
    idempotency_key,
    lease_key,
    list_dead_letters,
    outbox_status,
    resend_dead_letter,
)
from bot.redisconn import as_text
from bot.settings import SettingsError
from bot.webhook import (
    DeliveryOutcome,
    FileTarget,
    HttpTarget,
    MappingError,
    PayloadMapping,
    RetryPolicy,
    WebhookConfig,
    WorkerTuning,
)

__all__ = [
    "RatingSink",
    "Worker",
    "enqueue_case",
    "list_dead_letters",
    "outbox_status",
    "rating_sink",
    "resend_dead_letter",
    "setup",
]

log = logging.getLogger("petition.outbox")

# Called after a case was delivered for the first time: (case_id, conversation key, our
# number, the case system's number).
OnDelivered = Callable[[str, str, str, str], Awaitable[None]]


class Target(Protocol):
    async def deliver(self, body: bytes, idempotency_key: str) -> DeliveryOutcome: ...


DEFAULT_TUNING = WorkerTuning()
IDENTITY = PayloadMapping()  # the SPEC shape


def _loggable(reason: str) -> str:
    """The kind of failure without the case system's answer text, which may quote the
    petition (the full reason is kept on the dead letter, for staff)."""
    return reason.split(":", 1)[0] if "HTTP" in reason else reason[:80]


class Worker:
    def __init__(self, redis: Redis, target: Target, *, policy: RetryPolicy,
                 tuning: WorkerTuning = DEFAULT_TUNING,
                 case_mapping: PayloadMapping = IDENTITY,
                 rating_mapping: PayloadMapping = IDENTITY,
                 request_timeout: float = 10.0, lease_margin: float = 30.0,
                 on_delivered: OnDelivered | None = None, consumer: str | None = None,
                 scripts: Any = None, timezone: str = "Asia/Shanghai"):
        self.redis = redis
        self.tz = ZoneInfo(timezone)  # the county's days, for the situation figures
        self.target = target
        self.policy = policy
        self.tuning = tuning
        self.mappings = {"case": case_mapping, "rating": rating_mapping}
        self.on_delivered = on_delivered
        self.consumer = consumer or f"{socket.gethostname()}-{os.getpid()}-{os.urandom(3).hex()}"
        # The lease outlives any request; an entry is reclaimed only after its lease is gone.
        self.lease_ms = int((request_timeout + lease_margin) * 1000)
        claim = tuning.claim_idle_seconds or (2 * request_timeout + lease_margin)
        self.claim_idle_ms = max(int(claim * 1000), 1)
        self.scripts = OutboxStore(redis, scripts)  # blocking reads stay on redis-py
        self._runner = scripts if scripts is not None else redis  # the per-turn client
        self._stopping = asyncio.Event()
        self._inflight: set[asyncio.Task[None]] = set()
        self._slots = asyncio.Semaphore(tuning.concurrency)
        self._last_claim = 0.0
        self._active: set[str] = set()  # entry ids being delivered by this worker
        self._recheck_at: float | None = None  # when to look again at our own failed entries
        self._loop_task: asyncio.Task[Any] | None = None
        self._next_forget = 0.0
        self._claim_cursor = "0-0"

    # --- lifecycle ---------------------------------------------------------------------

    async def ensure_group(self) -> None:
        try:
            # "0": entries submitted before any worker ever ran are delivered too.
            await self.redis.xgroup_create(keys.OUTBOX_STREAM, keys.OUTBOX_GROUP, id="0",
                                           mkstream=True)
        except ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise

    async def run(self) -> None:
        """Deliver until `stop()`; Redis outages are waited out, never fatal."""
        self._loop_task = asyncio.current_task()
        pause = 0.1
        while not self._stopping.is_set():
            try:
                await self.ensure_group()
                while not self._stopping.is_set():
                    await self.step()
                    await self._forget_dead_consumers()
                pause = 0.1
            except (RedisError, OSError) as exc:
                log.warning("outbox worker: Redis unavailable (%s); retrying", type(exc).__name__)
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), pause)
                pause = min(pause * 2, 5.0)

    async def stop(self, grace: float = 5.0) -> None:
        """Stop reading; let deliveries in flight finish for `grace` seconds, then cancel them
        (their entries stay pending and another worker takes them over)."""
        self._stopping.set()
        # End the read loop now, so that no delivery starts after this point. Cancelling it
        # inside a blocking XREADGROUP is safe: an entry read but not yet started stays pending
        # in the group and is taken over later (at least once), and the client drops the
        # interrupted connection instead of reusing it.
        loop = self._loop_task
        if loop is not None and loop is not asyncio.current_task() and not loop.done():
            loop.cancel()
            await asyncio.wait({loop}, timeout=2.0)
        if self._inflight:
            _, late = await asyncio.wait(self._inflight, timeout=grace)
            for task in late:
                task.cancel()
            if late:
                await asyncio.wait(late, timeout=1.0)

    # --- one round ---------------------------------------------------------------------

    async def step(self) -> int:
        """Promote due retries, take over stale entries, read new ones; start their delivery.
        Returns the number of entries started."""
        await self.scripts.promote(keys=[keys.OUTBOX_RETRY, keys.OUTBOX_STREAM],
                                   args=[repr(time.time()), 100])
        await self._slots.acquire()  # wait for a free slot before reading anything
        self._slots.release()
        free = self._free_slots()
        entries = await self._own_failed(free) or await self._claim_stale(free)
        if not entries:
            block = self.tuning.block_ms
            rows: Any = await self.redis.xreadgroup(keys.OUTBOX_GROUP, self.consumer,
                                                    {keys.OUTBOX_STREAM: ">"}, count=free,
                                                    block=block)
            entries = [e for _, batch in rows for e in batch] if rows else []
        for entry_id, fields in entries:
            await self._slots.acquire()
            self._active.add(as_text(entry_id))
            task = asyncio.create_task(self._guarded(as_text(entry_id), fields))
            self._inflight.add(task)
            task.add_done_callback(self._inflight.discard)
        return len(entries)

    def _free_slots(self) -> int:
        return max(1, min(self.tuning.batch, self.tuning.concurrency - len(self._inflight)))

    async def _forget_dead_consumers(self) -> None:
        """Each process joins the group under a new name; names of processes gone for a day
        with nothing pending are removed so the group's consumer list does not grow forever.
        (A live worker is seen by Redis at every read, so its idle time stays small.)"""
        now = time.monotonic()
        if now < self._next_forget:
            return
        self._next_forget = now + 3600
        consumers: Any = await self.redis.xinfo_consumers(keys.OUTBOX_STREAM, keys.OUTBOX_GROUP)
        for c in consumers:
            name = as_text(c.get("name"))
            if name != self.consumer and c.get("pending") == 0 and c.get("idle", 0) > 86_400_000:
                await self.redis.xgroup_delconsumer(keys.OUTBOX_STREAM, keys.OUTBOX_GROUP, name)

    async def _own_failed(self, count: int) -> list[tuple[Any, Any]]:
        """Entries of ours whose delivery broke off (a Redis blip, a bug) are still in our
        pending list: try them again after a pause instead of waiting for another worker."""
        if self._recheck_at is None or time.monotonic() < self._recheck_at:
            return []
        self._recheck_at = None
        rows: Any = await self.redis.xreadgroup(keys.OUTBOX_GROUP, self.consumer,
                                                {keys.OUTBOX_STREAM: "0"}, count=count)
        return [(eid, f) for _, batch in rows or [] for eid, f in batch
                if f and as_text(eid) not in self._active]

    async def _claim_stale(self, count: int) -> list[tuple[Any, Any]]:
        now = time.monotonic()
        if now - self._last_claim < min(self.claim_idle_ms / 2000, 5.0):
            return []
        self._last_claim = now
        # Continue where the last scan stopped, so entries further down the pending list are
        # reached even while the first ones are still held by a live (slow) worker.
        res: Any = await self.redis.xautoclaim(keys.OUTBOX_STREAM, keys.OUTBOX_GROUP,
                                               self.consumer, self.claim_idle_ms,
                                               self._claim_cursor, count=count)
        self._claim_cursor = as_text(res[0]) or "0-0"
        claimed = []
        for item in res[1] if len(res) > 1 else []:
            if item is None:
                continue
            entry_id, fields = item
            if not fields:  # deleted from the stream but still pending: nothing to deliver
                await self.redis.xack(keys.OUTBOX_STREAM, keys.OUTBOX_GROUP, entry_id)
                continue
            claimed.append((entry_id, fields))
        if claimed:
            log.info("outbox: took over %d stale entries", len(claimed))
        return claimed

    async def _guarded(self, entry_id: str, raw: dict[Any, Any]) -> None:
        try:
            await self.process(entry_id, {as_text(k): as_text(v) for k, v in raw.items()})
        except asyncio.CancelledError:
            raise
        except Exception:  # the entry stays pending in our list; tried again in a while
            log.exception("outbox: delivery of entry %s failed unexpectedly", entry_id)
            self._recheck_at = time.monotonic() + 1.0
        finally:
            self._active.discard(entry_id)
            self._slots.release()

    # --- one entry ---------------------------------------------------------------------

    async def process(self, entry_id: str, fields: dict[str, str]) -> str:
        """Deliver one entry and record its fate. Returns "delivered", "retry", "dead",
        "busy" (another worker holds its lease) or "gone" (someone else finished it)."""
        kind, case_id = fields.get("kind", ""), fields.get("case_id", "")
        lease = lease_key(kind, case_id, fields.get("rev", ""))
        token = os.urandom(8).hex()
        # One script: take the lease, check the entry is still pending (read or reclaimed
        # before another worker finished it and let go of the lease? acknowledging and
        # releasing happen in one script, so holding the lease and still seeing it pending
        # means nobody has delivered it since), and read the case record.
        res: Any = await self.scripts.begin(
            keys=[lease, keys.OUTBOX_STREAM, keys.case_record(case_id)],
            args=[token, self.lease_ms, keys.OUTBOX_GROUP, entry_id, kind])
        if res[0] == 0:
            return "busy"
        if res[0] == -1:
            return "gone"
        try:
            times = int(res[1])
            if times > self.tuning.max_takeovers:
                # Workers keep dying on this entry (each death hands it to the next): stop the
                # crash loop and let staff look at it.
                return await self._dead(entry_id, fields, kind, case_id, lease, token,
                                        int(fields.get("attempts") or 0),
                                        f"taken over {times} times without finishing", "")
            return await self._deliver(entry_id, fields, kind, case_id, lease, token,
                                       res[2:6] if kind == "case" else [None] * 4)
        except BaseException:
            # Let another worker (or this one, later) try without waiting for the lease to end.
            with contextlib.suppress(Exception):
                await self._release(lease, token)
            raise

    async def _release(self, lease: str, token: str) -> None:
        await self.scripts.release(keys=[lease], args=[token])

    async def _deliver(self, entry_id: str, fields: dict[str, str], kind: str, case_id: str,
                       lease: str, token: str, record_fields: list[Any]) -> str:
        idem = idempotency_key(kind, case_id, fields.get("rev", ""))
        attempts = int(fields.get("attempts") or 0) + 1
        now = time.time()
        first_at = float(fields.get("first_at") or now)
        record = keys.case_record(case_id)
        created = 0.0
        number = conv = ""
        body: bytes | str | None = None
        if kind == "case":
            raw, number_b, conv_b, created_b = record_fields
            number, conv = as_text(number_b), as_text(conv_b)
            created = float(as_text(created_b) or 0)
            if raw is not None:
                case = orjson.loads(raw)
                case.setdefault("reference", number)
                body = self._encode("case", case)
            reason = "case record missing" if raw is None else ""
        elif kind == "rating":
            payload = fields.get("payload", "")
            body = self._encode("rating", orjson.loads(payload)) if payload else None
            reason = "" if payload else "rating payload missing"
        else:
            reason = f"unknown kind {kind!r}"
        if body is None:
            outcome = DeliveryOutcome("permanent", reason)
        elif isinstance(body, str):  # the configured mapping cannot be applied
            outcome = DeliveryOutcome("permanent", body)
        else:
            outcome = await self.target.deliver(body, idem)
        now = time.time()
        if outcome.kind == "delivered":
            res = await self.scripts.finish(
                keys=[keys.OUTBOX_STREAM, record, lease, keys.OUTBOX_FILE_OFFSETS],
                args=[keys.OUTBOX_GROUP, entry_id, kind, repr(now), outcome.case_number,
                      idem, token])
            if res == 0:
                return "gone"
            metrics.DELIVERED.inc(kind)
            if kind == "case":
                await situation_counts.recount(self._runner, case_id, self.tz)
            if kind == "case" and created:
                metrics.DELIVERY_SECONDS.observe(max(0.0, now - created), kind)
            log.info("outbox: delivered kind=%s case_id=%s attempts=%d", kind, case_id, attempts)
            if res == 1 and kind == "case" and self.on_delivered is not None:
                try:
                    await self.on_delivered(case_id, conv, number, outcome.case_number)
                except Exception:
                    log.exception("outbox: telling the citizen failed case_id=%s", case_id)
            return "delivered"
        if outcome.kind == "retry":
            wait = self.policy.delay(attempts, outcome.retry_after)
            if now - first_at < self.policy.max_retry_seconds:
                member = orjson.dumps({
                    "kind": kind, "case_id": case_id, "attempts": str(attempts),
                    "first_at": repr(first_at), "enqueued_at": fields.get("enqueued_at", ""),
                    **{k: fields[k] for k in ("payload", "rev") if fields.get(k)},
                    "prev": entry_id})
                res = await self.scripts.reschedule(
                    keys=[keys.OUTBOX_STREAM, keys.OUTBOX_RETRY, record, lease],
                    args=[keys.OUTBOX_GROUP, entry_id, repr(now + wait), member,
                          outcome.reason, token, kind, attempts])
                if res == 0:
                    return "gone"
                metrics.RETRIED.inc(kind)
                log.info("outbox: retry in %.1fs kind=%s case_id=%s attempts=%d reason=%s",
                         wait, kind, case_id, attempts, _loggable(outcome.reason))
                return "retry"
            reason = f"gave up after {attempts} attempts: {outcome.reason}"
        else:
            reason = outcome.reason
        return await self._dead(entry_id, fields, kind, case_id, lease, token, attempts, reason,
                                number)

    async def _dead(self, entry_id: str, fields: dict[str, str], kind: str, case_id: str,
                    lease: str, token: str, attempts: int, reason: str, number: str) -> str:
        now = time.time()
        record = keys.case_record(case_id)
        if not number:
            number = as_text(await self.redis.hget(record, "number"))
        item = orjson.dumps({"case_id": case_id, "kind": kind, "reason": reason,
                             "attempts": attempts, "failed_at": now, "number": number,
                             **{k: fields[k] for k in ("payload", "rev") if fields.get(k)}})
        res = await self.scripts.dead(
            keys=[keys.OUTBOX_STREAM, keys.OUTBOX_DEAD, record, lease],
            args=[keys.OUTBOX_GROUP, entry_id, dead_id(kind, case_id), item, reason, token,
                  kind, attempts])
        if res == 0:
            return "gone"
        metrics.DEAD_LETTERED.inc(kind)
        log.warning("outbox: dead-lettered kind=%s case_id=%s reason=%s", kind, case_id,
                    _loggable(reason))
        return "dead"

    def _encode(self, kind: str, body: dict[str, Any]) -> bytes | str:
        try:
            return orjson.dumps(self.mappings[kind].apply(body))
        except MappingError as exc:
            return f"payload mapping: {exc}"


# --- wiring ----------------------------------------------------------------------------

def setup(app: web.Application) -> None:
    """Register the delivery worker and the case-system events endpoint.

    config/webhook.toml and config/notifications.toml are read here, so a mistake in them stops
    the start with a message naming the file (SettingsError), not the first delivery."""
    from bot import case_events

    settings = app[appkeys.SETTINGS]
    try:
        config = WebhookConfig.load(settings.config_dir / "webhook.toml",
                                    max_retry_hours=settings.case_webhook.max_retry_hours)
        notifications = case_events.Notifications.load(
            settings.config_dir / "notifications.toml")
    except (OSError, ValueError) as exc:  # MappingError and TOMLDecodeError are ValueErrors
        raise SettingsError([str(exc)]) from exc
    case_events.setup(app, notifications)
    notifier = app[case_events.NOTIFIER]

    async def on_delivered(case_id: str, conv: str, number: str, external: str) -> None:
        await notifier.tell(conv, "delivered", number=number, external_number=external)

    async def worker_ctx(app: web.Application) -> AsyncIterator[None]:
        redis = app[appkeys.REDIS]
        hook = settings.case_webhook
        target: Target
        if hook.url:
            target = HttpTarget(app[appkeys.HTTP], hook.url, hook.secret, hook.timeout_seconds)
        else:
            target = _SplitFileTarget(
                FileTarget(settings.data_dir / "cases.jsonl", app[appkeys.SCRIPTS],
                           keys.OUTBOX_FILE_OFFSETS),
                FileTarget(settings.data_dir / "ratings.jsonl", app[appkeys.SCRIPTS],
                           keys.OUTBOX_FILE_OFFSETS))
        worker = Worker(redis, target, policy=config.retry, tuning=config.worker,
                        case_mapping=config.case, rating_mapping=config.rating,
                        request_timeout=hook.timeout_seconds, on_delivered=on_delivered,
                        scripts=app[appkeys.SCRIPTS], timezone=settings.timezone)
        app[appkeys.OUTBOX] = worker  # type: ignore[misc]  # AppKey typed Any
        task = asyncio.create_task(worker.run(), name="outbox-worker")
        yield
        await worker.stop(grace=min(5.0, hook.timeout_seconds))
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    app.cleanup_ctx.append(worker_ctx)


class _SplitFileTarget:
    """Without a case system, ratings go to their own file so cases.jsonl holds only cases."""

    def __init__(self, cases: Target, ratings: Target):
        self.cases, self.ratings = cases, ratings

    async def deliver(self, body: bytes, idempotency_key: str) -> DeliveryOutcome:
        target = self.ratings if idempotency_key.startswith("rating:") else self.cases
        return await target.deliver(body, idempotency_key)


def rating_sink(app: web.Application) -> RatingSink:
    return RatingSink(app[appkeys.REDIS], app[appkeys.SETTINGS].timezone)
