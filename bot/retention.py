"""Retention of what the bot keeps on disk: the file sinks (`cases.jsonl`, `ratings.jsonl`, used
when no case system is configured) and the downloaded media under `<data dir>/media/`.

`[retention] files_days` and `media_days` (0 = keep forever) say how long. `purge` removes the
lines of the file sinks whose `submitted_at` (cases) or `rated_at` (ratings) is older, and media
files whose modification time is. A line without such a date (a county mapping that renamed or
dropped the field) is kept and counted: nothing is removed on a guess. `petition-bot purge` runs
it by hand; `serve` runs it daily (one process per data dir and day, under a Redis lock).

A file sink is rewritten while holding its advisory lock, the one `FileTarget` takes to append:
the kept lines go to a new file (locked before it takes the old one's name), which replaces the
old one atomically, and the offsets the outbox recorded for deliveries in flight are moved with
their lines. A writer that was waiting for the old file's lock sees that the name now belongs to
another file and opens it again, so no line is lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import hashlib
import logging
import os
import socket
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson
from aiohttp import web

from bot import appkeys, keys

log = logging.getLogger("petition.retention")

DAY = 86400
FIRST_RUN_SECONDS = 300.0  # after start-up; then every day
SINKS = (("cases.jsonl", "submitted_at", False), ("ratings.jsonl", "rated_at", True))


@dataclass
class PurgeReport:
    lines_removed: dict[str, int] = field(default_factory=dict)
    lines_undated: dict[str, int] = field(default_factory=dict)
    media_removed: int = 0
    media_bytes: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {"lines_removed": self.lines_removed, "lines_undated": self.lines_undated,
                "media_removed": self.media_removed, "media_bytes": self.media_bytes}


def line_time(line: bytes, field_name: str) -> float | None:
    """The line's date (unix seconds), or None when it has none that can be read."""
    try:
        record = orjson.loads(line)
    except orjson.JSONDecodeError:
        return None
    value = record.get(field_name) if isinstance(record, dict) else None
    if not isinstance(value, str):
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    return when.timestamp() if when.tzinfo is not None else None


@dataclass
class _Rewrite:
    """A file sink held locked while it is rewritten: the old file, the new one, and where each
    kept line moved."""

    old_fd: int
    new_fd: int | None = None
    moved: dict[int, int] = field(default_factory=dict)  # old offset -> new offset
    removed: int = 0
    undated: int = 0


def _plan(path: Path, field_name: str, cutoff: float, apply: bool) -> _Rewrite | None:
    """Lock the file, decide which lines go, and (when `apply`) write the kept ones to a new
    file that is locked and put in the old one's place. Returns None when there is no file."""
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # the lock FileTarget appends under
        with os.fdopen(os.dup(fd), "rb") as f:
            data = f.read()
        rewrite = _Rewrite(fd)
        kept: list[bytes] = []
        old = new = 0
        for line in data.splitlines(keepends=True):
            when = line_time(line, field_name) if line.strip() else None
            if when is None and line.strip():
                rewrite.undated += 1
            if when is not None and when < cutoff:
                rewrite.removed += 1
            else:
                rewrite.moved[old] = new
                kept.append(line)
                new += len(line)
            old += len(line)
        if not apply or not rewrite.removed:
            return rewrite
        tmp = path.with_name(path.name + ".purge")
        new_fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        rewrite.new_fd = new_fd
        fcntl.flock(new_fd, fcntl.LOCK_EX)  # writers opening the new name wait for us too
        view = memoryview(b"".join(kept))
        while view:
            view = view[os.write(new_fd, view):]
        os.fsync(new_fd)
        os.replace(tmp, path)
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
        return rewrite
    except BaseException:
        _release(_Rewrite(fd))
        raise


def _release(rewrite: _Rewrite) -> None:
    for fd in (rewrite.new_fd, rewrite.old_fd):
        if fd is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)


async def _move_offsets(redis: Any, rewrite: _Rewrite, ratings: bool) -> None:
    """The outbox's recorded offsets of deliveries in flight follow their lines (a line that
    is gone, or not known, loses its offset: a re-delivery then writes it again)."""
    recorded = await redis.hgetall(keys.OUTBOX_FILE_OFFSETS)
    for raw_key, raw_offset in recorded.items():
        key = raw_key.decode() if isinstance(raw_key, bytes) else str(raw_key)
        if key.startswith("rating:") != ratings:
            continue
        moved = rewrite.moved.get(int(raw_offset))
        if moved is None:
            await redis.hdel(keys.OUTBOX_FILE_OFFSETS, key)
        elif moved != int(raw_offset):
            await redis.hset(keys.OUTBOX_FILE_OFFSETS, key, moved)


def _purge_media(media_dir: Path, cutoff: float, apply: bool) -> tuple[int, int, list[str]]:
    removed = size = 0
    gone: list[str] = []
    if not media_dir.is_dir():
        return 0, 0, gone
    for path in media_dir.rglob("*"):
        try:
            stat = path.stat()
        except FileNotFoundError:
            continue
        if not path.is_file() or stat.st_mtime >= cutoff:
            continue
        if apply:
            path.unlink(missing_ok=True)
        removed += 1
        size += stat.st_size
        gone.append(str(path.relative_to(media_dir.parent)))
    return removed, size, gone


async def purge(settings: Any, redis: Any, *, apply: bool = True,
                now: float | None = None) -> PurgeReport:
    """Remove what is older than the retention settings; with apply=False only count it."""
    now = time.time() if now is None else now
    retention = settings.retention
    report = PurgeReport()
    if retention.files_days > 0:
        cutoff = now - retention.files_days * DAY
        for name, field_name, ratings in SINKS:
            path = settings.data_dir / name
            rewrite = await asyncio.to_thread(_plan, path, field_name, cutoff, apply)
            if rewrite is None:
                continue
            try:
                if apply and rewrite.removed and redis is not None:
                    await _move_offsets(redis, rewrite, ratings)
            finally:
                await asyncio.to_thread(_release, rewrite)
            report.lines_removed[name] = rewrite.removed
            report.lines_undated[name] = rewrite.undated
    if retention.media_days > 0:
        cutoff = now - retention.media_days * DAY
        removed, size, gone = await asyncio.to_thread(
            _purge_media, settings.data_dir / "media", cutoff, apply)
        report.media_removed, report.media_bytes = removed, size
        if apply and gone and redis is not None:
            await _forget_media(redis, set(gone))
    return report


async def _forget_media(redis: Any, gone: set[str]) -> None:
    """Drop the stored-path entries of WeChat media whose files were removed."""
    stored = await redis.hgetall(keys.WECHAT_MEDIA_PATHS)
    stale = [k for k, v in stored.items()
             if (v.decode() if isinstance(v, bytes) else str(v)) in gone]
    if stale:
        await redis.hdel(keys.WECHAT_MEDIA_PATHS, *stale)


# --- the daily job in serve ------------------------------------------------------------------

def _lock_key(settings: Any) -> str:
    """One daily run per data dir (machines have their own file sinks), whatever the number of
    processes sharing it."""
    where = f"{socket.gethostname()}:{Path(settings.data_dir).resolve()}"
    return keys.retention_run(hashlib.sha256(where.encode()).hexdigest()[:24])


async def run_daily(app: web.Application) -> None:
    settings = app[appkeys.SETTINGS]
    await asyncio.sleep(FIRST_RUN_SECONDS)
    while True:
        try:
            redis = app[appkeys.REDIS]
            if await redis.set(_lock_key(settings), str(time.time()), nx=True, ex=DAY - 600):
                report = await purge(settings, redis)
                log.info("retention purge done %s", orjson.dumps(report.as_dict()).decode())
        except Exception as exc:  # noqa: BLE001 - logged without detail; tried tomorrow
            log.error("retention purge failed: %s", type(exc).__name__)
        await asyncio.sleep(DAY)


def setup(app: web.Application) -> None:
    """Start the daily purge with the app (after Redis), stop it with the app."""

    async def ctx(app: web.Application) -> AsyncIterator[None]:
        settings = app[appkeys.SETTINGS]
        task = None
        if settings.retention.files_days > 0 or settings.retention.media_days > 0:
            task = asyncio.create_task(run_daily(app), name="retention-purge")
        yield
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    app.cleanup_ctx.append(ctx)
