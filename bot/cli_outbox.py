"""`petition-bot outbox`: what waits for delivery, the dead letters, and re-sending them.

    petition-bot outbox                 summary: waiting, in delivery, retries, dead letters
    petition-bot outbox list [--json]   every dead letter and pending entry
    petition-bot outbox resend ID...    put dead letters back in the outbox (ID as listed)
    petition-bot outbox resend --all

It talks to the same Redis as `serve` (PETITION_REDIS_URL, or the embedded server under the
data dir, started for the command if `serve` is not running). Output carries case ids and
numbers only, never petition content or personal data.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from datetime import datetime
from typing import Any

import orjson


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("outbox", help="case delivery: pending entries, dead letters, "
                              "re-send",
                              description="Inspect the case outbox and re-send dead letters. "
                              "Without ACTION: a one-line summary and the dead letters.")
    sub = p.add_subparsers(dest="outbox_command", metavar="ACTION")
    p.set_defaults(func=_run, outbox_command="summary")
    lst = sub.add_parser("list", help="list dead letters and entries waiting for delivery")
    lst.add_argument("--json", action="store_true", help="one JSON object on standard output")
    lst.set_defaults(func=_run)
    rs = sub.add_parser("resend", help="put dead letters back in the outbox")
    rs.add_argument("ids", nargs="*", metavar="ID", help="dead-letter ids as listed "
                    "(case:<case_id> or rating:<case_id>)")
    rs.add_argument("--all", action="store_true", help="re-send every dead letter")
    rs.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from bot.cli import _settings

    return asyncio.run(_main(_settings(), args))


async def _main(settings: Any, args: argparse.Namespace) -> int:
    from bot.outbox import list_dead_letters, outbox_status, resend_dead_letter
    from bot.redisconn import open_redis

    async with open_redis(settings) as (redis, _embedded):
        if args.outbox_command == "resend":
            ids = list(args.ids)
            if args.all:
                ids += [d["id"] for d in await list_dead_letters(redis)]
            if not ids:
                print("petition-bot outbox resend: give dead-letter ids or --all",
                      file=sys.stderr)
                return 2
            missing = 0
            for dead in dict.fromkeys(ids):
                if await resend_dead_letter(redis, dead):
                    print(f"re-queued {dead}")
                else:
                    print(f"no dead letter {dead}", file=sys.stderr)
                    missing += 1
            return 1 if missing else 0
        status = await outbox_status(redis)
    if args.outbox_command == "list" and getattr(args, "json", False):
        sys.stdout.write(orjson.dumps(status).decode() + "\n")
        return 0
    _print(status, full=args.outbox_command == "list")
    return 0


def _when(ts: float) -> str:
    return datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M:%S")


def _print(status: dict[str, Any], *, full: bool) -> None:
    dead = status["dead_letters"]
    print(f"waiting in stream: {status['stream_length']}  "
          f"being delivered: {len(status['pending'])}  "
          f"scheduled retries: {status['retry_count']}  dead letters: {len(dead)}")
    if full:
        for e in status["pending"]:
            print(f"  delivering {e['entry']} by {e['consumer']} "
                  f"(idle {e['idle_seconds']:.0f}s, tries {e['deliveries']})")
        now = time.time()
        for r in status["retries"]:
            print(f"  retry {r['kind']}:{r['case_id']} attempt {r['attempts'] + 1} "
                  f"in {max(0, r['due_at'] - now):.0f}s")
    if dead:
        print("dead letters (re-send with: petition-bot outbox resend ID):")
        for d in dead:
            print(f"  {d['id']}  {d.get('number', '')}  attempts {d.get('attempts', 0)}  "
                  f"failed {_when(float(d.get('failed_at', 0)))}  {d.get('reason', '')}")
