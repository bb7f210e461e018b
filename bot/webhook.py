"""The signed webhook to the county case system: signature, payload mapping, retry policy, targets.

Signature (SPEC): `X-Petition-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>`
with `X-Petition-Timestamp: <unix seconds>`; the same scheme signs the events the case system
sends back to us (`verify`).

A target turns one body into a `DeliveryOutcome`: delivered (with the case system's
`case_number` when its reply has one), retry (408, 429, 5xx, network errors, timeouts) or
permanent (any other status). With no webhook URL the embedded default, `FileTarget`, appends
the body as one JSON line to a file under the data dir.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import fcntl
import hashlib
import hmac
import os
import random
import time
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import httpx
import orjson

from nlp.configfile import read_toml

SIGNATURE_PREFIX = "sha256="


def sign(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return SIGNATURE_PREFIX + mac.hexdigest()


class SignatureError(Exception):
    """Why a signed request was refused; `status` is the HTTP answer (401 or 403)."""

    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status = status
        self.reason = reason


def verify(secret: str, timestamp: str | None, signature: str | None, body: bytes, *,
           window_seconds: int, now: float | None = None) -> None:
    """Raise SignatureError unless `signature` signs `body` at a `timestamp` within the window."""
    if not secret:
        raise SignatureError(403, "no shared secret configured")
    if not timestamp or not signature:
        raise SignatureError(401, "missing signature headers")
    try:
        ts = int(timestamp)
    except ValueError:
        raise SignatureError(401, "malformed timestamp") from None
    now = time.time() if now is None else now
    if window_seconds > 0 and abs(now - ts) > window_seconds:
        raise SignatureError(403, "stale timestamp")
    expected = sign(secret, timestamp, body)
    if not hmac.compare_digest(expected.encode(), signature.strip().encode()):
        raise SignatureError(403, "bad signature")


# --- payload mapping ---------------------------------------------------------------------

class MappingError(ValueError):
    """config/webhook.toml describes a mapping that cannot be applied."""


def _path(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, str) or not value or any(not p for p in value.split(".")):
        raise MappingError(f"{where}: expected a dotted field path, got {value!r}")
    return tuple(value.split("."))


@dataclass(frozen=True)
class PayloadMapping:
    """Rename (and so nest or flatten) fields by dotted path, drop fields, add constants.

    Applied in that order to a deep copy of the SPEC-shaped body; the empty mapping is the
    identity, i.e. the SPEC shape.
    """

    rename: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = ()
    drop: tuple[tuple[str, ...], ...] = ()
    constants: tuple[tuple[tuple[str, ...], Any], ...] = ()

    @classmethod
    def from_table(cls, table: dict[str, Any], where: str) -> PayloadMapping:
        unknown = set(table) - {"rename", "drop", "constants"}
        if unknown:
            raise MappingError(f"[{where}]: unknown keys {sorted(unknown)} "
                               "(use rename, drop, constants)")
        rename = table.get("rename", {})
        drop = table.get("drop", [])
        constants = table.get("constants", {})
        if not isinstance(rename, dict) or not isinstance(drop, list) \
                or not isinstance(constants, dict):
            raise MappingError(f"[{where}]: rename and constants are tables, drop is a list")
        return cls(
            rename=tuple((_path(k, f"{where}.rename"), _path(v, f"{where}.rename.{k}"))
                         for k, v in rename.items()),
            drop=tuple(_path(p, f"{where}.drop") for p in drop),
            constants=tuple((_path(k, f"{where}.constants"), v) for k, v in constants.items()))

    def apply(self, body: dict[str, Any]) -> dict[str, Any]:
        if not (self.rename or self.drop or self.constants):
            return body  # the SPEC shape as it is (callers never modify the result)
        out = copy.deepcopy(body)
        for src, dst in self.rename:
            found, value = _pop(out, src)
            if found:
                _put(out, dst, value)
        for p in self.drop:
            _pop(out, p)
        for p, value in self.constants:
            _put(out, p, copy.deepcopy(value))
        return out


def _pop(doc: dict[str, Any], path: tuple[str, ...]) -> tuple[bool, Any]:
    node: Any = doc
    for part in path[:-1]:
        if not isinstance(node, dict) or part not in node:
            return False, None
        node = node[part]
    if not isinstance(node, dict) or path[-1] not in node:
        return False, None
    return True, node.pop(path[-1])


def _put(doc: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    node = doc
    for part in path[:-1]:
        child = node.setdefault(part, {})
        if not isinstance(child, dict):
            raise MappingError(f"cannot nest under {'.'.join(path[:-1])!r}: not an object")
        node = child
    node[path[-1]] = value


# --- configuration -----------------------------------------------------------------------

@dataclass(frozen=True)
class RetryPolicy:
    """Capped exponential backoff with jitter, for at least `max_retry_seconds` in total."""

    base_ms: int = 2000
    cap_seconds: float = 1800.0
    max_retry_seconds: float = 24 * 3600.0

    def delay(self, attempt: int, retry_after: float | None = None,
              rng: random.Random | None = None) -> float:
        """Seconds to wait before attempt `attempt + 1` (`attempt` >= 1 failed so far)."""
        ceiling = min(self.cap_seconds, self.base_ms / 1000 * (2 ** min(attempt - 1, 40)))
        # "Equal jitter": never less than half the step, so retries stay spread but still back off.
        d = ceiling / 2 + (rng or random).uniform(0, ceiling / 2)
        if retry_after is not None:
            d = max(d, min(retry_after, self.cap_seconds))
        return d


@dataclass(frozen=True)
class WorkerTuning:
    batch: int = 16  # entries read per XREADGROUP
    concurrency: int = 8  # deliveries in flight per worker
    block_ms: int = 1000  # how long XREADGROUP waits for new entries
    claim_idle_seconds: float = 0.0  # 0: derived from the webhook timeout (see outbox.Worker)
    max_takeovers: int = 50  # an entry handed from worker to worker this often is dead-lettered


@dataclass(frozen=True)
class WebhookConfig:
    case: PayloadMapping = field(default_factory=PayloadMapping)
    rating: PayloadMapping = field(default_factory=PayloadMapping)
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    worker: WorkerTuning = field(default_factory=WorkerTuning)

    @classmethod
    def load(cls, path: Path, *, max_retry_hours: float = 24.0) -> WebhookConfig:
        data = read_toml(path, optional=True, error=MappingError)
        retry = data.get("retry", {})
        worker = data.get("worker", {})
        try:
            policy = RetryPolicy(base_ms=int(retry.get("base_ms", 2000)),
                                 cap_seconds=float(retry.get("cap_seconds", 1800)),
                                 max_retry_seconds=max_retry_hours * 3600)
            tuning = WorkerTuning(batch=int(worker.get("batch", 16)),
                                  concurrency=int(worker.get("concurrency", 8)),
                                  block_ms=int(worker.get("block_ms", 1000)),
                                  claim_idle_seconds=float(worker.get("claim_idle_seconds", 0)),
                                  max_takeovers=int(worker.get("max_takeovers", 50)))
        except (TypeError, ValueError) as exc:
            raise MappingError(f"{path}: [retry]/[worker] values must be numbers ({exc})") from exc
        if policy.base_ms <= 0 or policy.cap_seconds <= 0 or tuning.batch <= 0 \
                or tuning.concurrency <= 0 or tuning.block_ms <= 0 or tuning.max_takeovers <= 0:
            raise MappingError(f"{path}: [retry]/[worker] values must be positive")
        try:
            return cls(case=PayloadMapping.from_table(data.get("case", {}), "case"),
                       rating=PayloadMapping.from_table(data.get("rating", {}), "rating"),
                       retry=policy, worker=tuning)
        except MappingError as exc:
            raise MappingError(f"{path}: {exc}") from exc


# --- delivery ------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class DeliveryOutcome:
    kind: str  # "delivered" | "retry" | "permanent"
    reason: str = ""
    case_number: str = ""
    retry_after: float | None = None


RETRY_STATUSES = frozenset({408, 429})
MAX_REASON = 200


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        try:
            return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
        except (TypeError, ValueError):
            return None


def _case_number(resp: httpx.Response) -> str:
    try:
        data = orjson.loads(resp.content) if resp.content else None
    except orjson.JSONDecodeError:
        return ""
    number = data.get("case_number") if isinstance(data, dict) else None
    return str(number)[:64] if isinstance(number, (str, int)) and str(number) else ""


class HttpTarget:
    def __init__(self, http: httpx.AsyncClient, url: str, secret: str, timeout: float):
        self.http, self.url, self.secret, self.timeout = http, url, secret, timeout

    async def deliver(self, body: bytes, idempotency_key: str) -> DeliveryOutcome:
        ts = str(int(time.time()))
        headers = {"Content-Type": "application/json; charset=utf-8",
                   "X-Petition-Timestamp": ts,
                   "X-Petition-Signature": sign(self.secret, ts, body),
                   "Idempotency-Key": idempotency_key}
        try:
            resp = await self.http.post(self.url, content=body, headers=headers,
                                        timeout=self.timeout, follow_redirects=False)
        except httpx.TimeoutException as exc:
            return DeliveryOutcome("retry", f"timeout: {type(exc).__name__}")
        except httpx.HTTPError as exc:
            return DeliveryOutcome("retry", f"network: {type(exc).__name__}")
        status = resp.status_code
        if 200 <= status < 300:
            return DeliveryOutcome("delivered", case_number=_case_number(resp))
        reason = f"HTTP {status}: {resp.text[:MAX_REASON]}".strip()
        if status in RETRY_STATUSES or status >= 500:
            return DeliveryOutcome("retry", reason,
                                   retry_after=_retry_after(resp.headers.get("Retry-After")))
        return DeliveryOutcome("permanent", reason)


class FileTarget:
    """Appends each body as one line; at least once, and no second line for a re-processed entry.

    Before writing, the line's intended offset is recorded in Redis under the idempotency key;
    a re-processed entry (the worker died after writing but before acknowledging) finds its line
    at that offset and does not write it again. Writers in several processes are serialized with
    an advisory file lock. The outbox clears the offset once the entry is acknowledged, so an
    explicit re-send by staff writes a new line.
    """

    def __init__(self, path: Path, redis: Any, offsets_key: str):
        """`redis`: a redis-py client or the per-turn scripts client (bot.redis_mux), which
        the app passes (two commands per line, cheaper there)."""
        self.path, self.redis, self.offsets_key = path, redis, offsets_key
        # One writer at a time in this process (the file lock serializes processes): without
        # it, every concurrent delivery parks an executor thread on flock.
        self._writers = asyncio.Lock()

    async def deliver(self, body: bytes, idempotency_key: str) -> DeliveryOutcome:
        line = body.replace(b"\n", b" ") + b"\n"  # orjson never emits newlines; be sure anyway
        try:
            recorded = await self.redis.execute_command("HGET", self.offsets_key,
                                                        idempotency_key)
            if recorded is not None and await asyncio.to_thread(
                    self._has_line_at, int(recorded), line):
                return DeliveryOutcome("delivered")
            async with self._writers:
                # Shielded: a delivery cancelled at shutdown must still close the file (and so
                # release its lock); otherwise every later writer would wait on it forever.
                await asyncio.shield(self._append(line, idempotency_key))
        except OSError as exc:
            return DeliveryOutcome("retry", f"file: {exc.strerror or type(exc).__name__}")
        return DeliveryOutcome("delivered")

    async def _append(self, line: bytes, idempotency_key: str) -> None:
        # One executor hop per line where there were three (each cost more CPU than the
        # syscalls it ran): the lock is first tried without waiting, here; only a lock held by
        # another process (a writer in another worker, a purge) is waited for in a thread.
        # Unlocking and closing never block.
        opened = self._try_open_locked()
        fd, offset = opened if opened is not None else await asyncio.to_thread(self._open_locked)
        try:
            await self.redis.execute_command("HSET", self.offsets_key, idempotency_key, offset)
        except BaseException:
            self._close(fd)
            raise
        await asyncio.to_thread(self._write_and_close, fd, line)

    def _has_line_at(self, offset: int, line: bytes) -> bool:
        try:
            with open(self.path, "rb") as f:
                f.seek(offset)
                return f.read(len(line)) == line
        except FileNotFoundError:
            return False

    def _try_open_locked(self) -> tuple[int, int] | None:
        """(fd, offset) when the lock is free now; None when another process holds it."""
        try:
            return self._open_locked(wait=False)
        except BlockingIOError:
            return None

    def _open_locked(self, *, wait: bool = True) -> tuple[int, int]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        while True:
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            try:
                # waiting blocks this (executor) thread only, never the event loop
                fcntl.flock(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
                # A purge (bot/retention.py) may have put a new file in its place while this
                # waited for the lock: then write to that one.
                with contextlib.suppress(FileNotFoundError):
                    if os.stat(self.path).st_ino == os.fstat(fd).st_ino:
                        return fd, os.fstat(fd).st_size
            except BaseException:
                os.close(fd)
                raise
            self._close(fd)

    @classmethod
    def _write_and_close(cls, fd: int, line: bytes) -> None:
        try:
            view = memoryview(line)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            cls._close(fd)

    @staticmethod
    def _close(fd: int) -> None:
        try:
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)
