"""`petition-bot purge`: remove what is older than the retention settings (bot/retention.py).

    petition-bot purge [--dry-run] [--json]

Lines of `<data dir>/cases.jsonl` and `ratings.jsonl` older than `[retention] files_days`, and
files under `<data dir>/media/` older than `media_days`. `serve` does the same once a day. It
talks to the same Redis as `serve` (to move the offsets of deliveries in flight); the output is
counts only.
"""

from __future__ import annotations

import argparse
import asyncio
from typing import Any

import orjson


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "purge", help="remove file-sink lines and media older than the retention settings",
        description="Remove lines of cases.jsonl / ratings.jsonl older than [retention] "
                    "files_days and media files older than media_days (0 = keep forever).")
    p.add_argument("--dry-run", action="store_true", help="count what would go; change nothing")
    p.add_argument("--json", action="store_true", help="one JSON object on standard output")
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from bot.cli import _settings

    return asyncio.run(_main(_settings(), args))


async def _main(settings: Any, args: argparse.Namespace) -> int:
    from bot.redisconn import open_redis
    from bot.retention import purge

    async with open_redis(settings) as (redis, _embedded):
        report = await purge(settings, redis, apply=not args.dry_run)
    if args.json:
        print(orjson.dumps({"dry_run": args.dry_run, **report.as_dict()}).decode())
        return 0
    verb = "would remove" if args.dry_run else "removed"
    r = settings.retention
    for name, removed in report.lines_removed.items():
        undated = report.lines_undated.get(name, 0)
        print(f"{name}: {verb} {removed} lines older than {r.files_days} days"
              + (f" ({undated} lines without a date kept)" if undated else ""))
    if r.files_days == 0:
        print("file sinks: kept forever (files_days = 0)")
    if r.media_days:
        print(f"media: {verb} {report.media_removed} files ({report.media_bytes} bytes) older "
              f"than {r.media_days} days")
    else:
        print("media: kept forever (media_days = 0)")
    return 0
