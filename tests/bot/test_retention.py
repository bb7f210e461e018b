"""Retention: `petition-bot purge` and the daily job remove file-sink lines and media older than
the settings, keep everything newer (and every line without a date), move the outbox's offsets
of deliveries in flight with their lines, and lose no line a writer appends meanwhile."""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest

from bot import keys, retention
from bot.app import create_app
from bot.cli import main
from bot.retention import purge
from bot.settings import Settings
from bot.webhook import FileTarget
from tests.fakes import CountingDialog, FakeClassifier

NOW = time.time()


def _iso(days_ago: float) -> str:
    return (datetime.now(UTC) - timedelta(days=days_ago)).astimezone().isoformat()


def case_line(case_id: str, days_ago: float) -> bytes:
    return orjson.dumps({"case_id": case_id, "submitted_at": _iso(days_ago),
                         "petitioner": {"name": "张三", "phone": "13800000000"}}) + b"\n"


def rating_line(case_id: str, days_ago: float) -> bytes:
    return orjson.dumps({"event": "rating", "case_id": case_id, "rating": 5,
                         "rated_at": _iso(days_ago)}) + b"\n"


def _media(data: Path, name: str, days_ago: float) -> Path:
    path = data / "media" / "wechat" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\xff\xd8jpeg")
    old = NOW - days_ago * 86400
    os.utime(path, (old, old))
    return path


@pytest.fixture
def settings(make_settings: Callable[..., Settings]) -> Settings:
    s = make_settings(PETITION_RETENTION_FILES_DAYS="30", PETITION_RETENTION_MEDIA_DAYS="10")
    s.data_dir.mkdir(parents=True, exist_ok=True)
    return s


async def test_old_lines_and_media_go_new_and_undated_stay(settings: Settings,
                                                           redis: Any) -> None:
    data = settings.data_dir
    cases = [case_line("old1", 400), case_line("old2", 31), case_line("new1", 29),
             b'{"case_id": "renamed", "date": "2020-01-01"}\n', case_line("new2", 0)]
    (data / "cases.jsonl").write_bytes(b"".join(cases))
    kept_rating = rating_line("new1", 1)
    (data / "ratings.jsonl").write_bytes(rating_line("old1", 90) + kept_rating)
    old_media, new_media = _media(data, "a.jpg", 11), _media(data, "b.jpg", 9)
    await redis.hset(keys.WECHAT_MEDIA_PATHS, mapping={"M1": "media/wechat/a.jpg",
                                                        "M2": "media/wechat/b.jpg"})

    dry = await purge(settings, redis, apply=False)
    assert dry.lines_removed == {"cases.jsonl": 2, "ratings.jsonl": 1}
    assert (data / "cases.jsonl").read_bytes() == b"".join(cases) and old_media.exists()

    report = await purge(settings, redis)
    assert report.lines_removed == {"cases.jsonl": 2, "ratings.jsonl": 1}
    assert report.lines_undated == {"cases.jsonl": 1, "ratings.jsonl": 0}
    assert (data / "cases.jsonl").read_bytes() == b"".join(cases[2:])
    assert (data / "ratings.jsonl").read_bytes() == kept_rating
    assert (data / "cases.jsonl").stat().st_mode & 0o777 == 0o600
    assert (report.media_removed, report.media_bytes) == (1, 6)
    assert not old_media.exists() and new_media.exists()
    assert await redis.hgetall(keys.WECHAT_MEDIA_PATHS) == {b"M2": b"media/wechat/b.jpg"}
    again = await purge(settings, redis)
    assert again.lines_removed == {"cases.jsonl": 0, "ratings.jsonl": 0}


async def test_zero_days_keeps_everything(make_settings: Callable[..., Settings],
                                          redis: Any) -> None:
    settings = make_settings(PETITION_RETENTION_FILES_DAYS="0", PETITION_RETENTION_MEDIA_DAYS="0")
    settings.data_dir.mkdir(parents=True)
    (settings.data_dir / "cases.jsonl").write_bytes(case_line("old", 5000))
    media = _media(settings.data_dir, "x.jpg", 5000)
    report = await purge(settings, redis)
    assert report.lines_removed == {} and report.media_removed == 0 and media.exists()
    assert make_settings().retention.files_days == 400


async def test_offsets_of_deliveries_in_flight_follow_their_lines(settings: Settings,
                                                                  redis: Any) -> None:
    """A worker that wrote a line and died before acknowledging finds it again after a purge,
    so the re-processed entry writes no second line."""
    path = settings.data_dir / "cases.jsonl"
    target = FileTarget(path, redis, keys.OUTBOX_FILE_OFFSETS)
    path.write_bytes(case_line("old", 100))
    line = case_line("inflight", 0)
    assert (await target.deliver(line.rstrip(b"\n"), "inflight")).kind == "delivered"
    await purge(settings, redis)
    assert path.read_bytes() == line
    assert await redis.hget(keys.OUTBOX_FILE_OFFSETS, "inflight") == b"0"
    await target.deliver(line.rstrip(b"\n"), "inflight")  # re-processed: found, not rewritten
    assert path.read_bytes() == line


async def test_lines_appended_during_purges_are_never_lost(settings: Settings,
                                                           redis: Any) -> None:
    path = settings.data_dir / "cases.jsonl"
    path.write_bytes(b"".join(case_line(f"old{i}", 60) for i in range(200)))
    writers = [FileTarget(path, redis, keys.OUTBOX_FILE_OFFSETS) for _ in range(3)]

    in_flight = asyncio.Semaphore(8)  # as many deliveries at once as a worker runs

    async def write(n: int) -> None:
        body = case_line(f"new{n}", 0).rstrip(b"\n")
        async with in_flight:
            assert (await writers[n % 3].deliver(body, f"k{n}")).kind == "delivered"

    async def purges() -> None:
        for _ in range(15):
            await purge(settings, redis)
            with path.open("ab") as f:  # more old lines keep arriving to be purged
                f.write(case_line("late-old", 60))

    await asyncio.gather(purges(), *(write(n) for n in range(150)))
    await purge(settings, redis)
    ids = [json.loads(x)["case_id"] for x in path.read_bytes().splitlines()]
    assert sorted(ids) == sorted(f"new{n}" for n in range(150))


def test_the_purge_command(settings: Settings, redis_url: str, monkeypatch: pytest.MonkeyPatch,
                           capsys: pytest.CaptureFixture[str]) -> None:
    for key in [k for k in os.environ if k.startswith("PETITION_")]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("PETITION_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("PETITION_REDIS_URL", redis_url)
    monkeypatch.setenv("PETITION_RETENTION_FILES_DAYS", "30")
    path = settings.data_dir / "cases.jsonl"
    new = case_line("new", 1)
    path.write_bytes(case_line("old", 40) + new)
    assert main(["purge", "--dry-run", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["dry_run"] is True and out["lines_removed"]["cases.jsonl"] == 1
    assert path.read_bytes().count(b"\n") == 2
    assert main(["purge"]) == 0
    text = capsys.readouterr().out
    assert "cases.jsonl: removed 1 lines older than 30 days" in text
    assert "13800000000" not in text and "张三" not in text
    assert path.read_bytes() == new


async def test_serve_purges_daily_once_per_data_dir(
        aiohttp_client: Any, settings: Settings, redis: Any,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(retention, "FIRST_RUN_SECONDS", 0.0)
    path = settings.data_dir / "cases.jsonl"
    new = case_line("new", 1)
    path.write_bytes(case_line("old", 40) + new)
    client = await aiohttp_client(create_app(settings, dialog=CountingDialog(),
                                             classifier=FakeClassifier()))
    for _ in range(200):
        if b"old" not in path.read_bytes():
            break
        await asyncio.sleep(0.02)
    assert path.read_bytes() == new
    [lock] = await redis.keys("pb:{retention}:run:*")
    assert 86400 - 700 < await redis.ttl(lock) <= 86400
    await client.close()
    # Another process (or a restart) the same day: the lock says it was done.
    with path.open("ab") as f:
        f.write(case_line("old2", 40))
    client = await aiohttp_client(create_app(settings, dialog=CountingDialog(),
                                             classifier=FakeClassifier()))
    await asyncio.sleep(0.3)
    assert b"old2" in path.read_bytes()
