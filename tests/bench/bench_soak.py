"""Soak: whole intakes over WeChat for a few minutes; memory and Redis keys over time.

Prints the bot's RSS and Redis's key count every interval, then groups the keys by kind and
shows which carry a TTL: everything per conversation must expire (drafts after the retention,
retry memory after a day, locks/claims/rate windows within seconds); only cases and their
indexes are kept (the case system is the record).

    .venv/bin/python tests/bench/bench_soak.py [--minutes 3] [--rate 300]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx
import redis

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_load import TOKEN, free_port, intake_message, rss_mib, signed_query, wait_healthy


async def load(port: int, seconds: float, rate: int, first: int) -> tuple[int, int]:
    """Open-loop load at about `rate` requests per second, messages numbered from `first`
    (one sequence over the whole soak); returns (sent, errors)."""
    url = f"http://127.0.0.1:{port}/wechat"
    sent = errors = 0
    n = 0
    active = 200
    limits = httpx.Limits(max_connections=32, max_keepalive_connections=32)
    async with httpx.AsyncClient(limits=limits, timeout=10) as client:
        start = time.monotonic()
        pending: set[asyncio.Task[None]] = set()

        async def one(i: int) -> None:
            nonlocal sent, errors
            body = intake_message(i, active=active, user_prefix="oSoak")
            try:
                r = await client.post(url + signed_query(), content=body)
                errors += r.status_code != 200
            except httpx.HTTPError:
                errors += 1
            sent += 1

        while time.monotonic() - start < seconds:
            task = asyncio.create_task(one(first + n))
            pending.add(task)
            task.add_done_callback(pending.discard)
            n += 1
            await asyncio.sleep(max(0.0, start + n / rate - time.monotonic()))
        await asyncio.gather(*pending)
    return sent, errors


def kind_of(key: bytes) -> str:
    k = key.decode(errors="replace")
    k = re.sub(r"\{(web|wechat|sms|qq|cli):[0-9a-f]+\}", "{conv}", k)
    k = re.sub(r":(seen):[0-9a-f]+", r":\1:*", k)
    k = re.sub(r":(rate):\d+", r":\1:*", k)
    k = re.sub(r":case:[0-9a-f]+", ":case:*", k)
    k = re.sub(r":seq:\d+", ":seq:*", k)
    k = re.sub(r":by-phone:[0-9a-f]+", ":by-phone:*", k)
    return k


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=float, default=3)
    ap.add_argument("--rate", type=int, default=300, help="requests per second")
    ap.add_argument("--interval", type=float, default=15)
    args = ap.parse_args()
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="pb-soak-") as data, \
            Path(data, "bot.log").open("wb") as log_file:  # the JSON log, kept as a service manager would
        env = {**os.environ, "PETITION_DATA_DIR": data, "PETITION_WECHAT_TOKEN": TOKEN,
               "PETITION_LIMITS_CITIZEN_PER_MINUTE": "60"}
        env.pop("PETITION_REDIS_URL", None)
        env.pop("PETITION_LOG_LEVEL", None)  # the default level, as deployed
        bot = subprocess.Popen([str(Path(sys.executable).parent / "petition-bot"), "serve",
                                "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                               stderr=log_file)
        try:
            wait_healthy(f"http://127.0.0.1:{port}/healthz", bot)
            r = redis.Redis(unix_socket_path=str(Path(data, "redis", "redis.sock")))
            print(f"{'t (s)':>6}{'RSS MiB':>9}{'keys':>9}{'sent':>9}{'errors':>8}")
            t0 = time.monotonic()
            total_sent = total_err = 0
            rss0 = rss_mib(bot.pid)
            samples = []
            while time.monotonic() - t0 < args.minutes * 60:
                sent, errors = asyncio.run(load(port, args.interval, args.rate, total_sent))
                total_sent += sent
                total_err += errors
                rss = rss_mib(bot.pid)
                samples.append(rss)
                print(f"{time.monotonic() - t0:>6.0f}{rss:>9.0f}{r.dbsize():>9}{total_sent:>9}"
                      f"{total_err:>8}", flush=True)
            kinds: Counter[str] = Counter()
            no_ttl: Counter[str] = Counter()
            for key in r.scan_iter(count=1000):
                kind = kind_of(key)
                kinds[kind] += 1
                if r.ttl(key) == -1:
                    no_ttl[kind] += 1
            print("\nkeys by kind (count, of which without TTL):")
            for kind, count in kinds.most_common():
                print(f"  {count:>7} {no_ttl[kind]:>7}  {kind}")
            half = samples[len(samples) // 2:]
            print(f"\nRSS: {rss0:.0f} MiB at start, {samples[0]:.0f} after the first interval, "
                  f"{max(half):.0f} max in the second half, {samples[-1]:.0f} at the end")
            leaking = [k for k in no_ttl if "{conv}" in k]
            print("per-conversation keys without TTL:", leaking or "none")
            r.close()
        finally:
            bot.send_signal(signal.SIGTERM)
            bot.wait(60)


if __name__ == "__main__":
    main()
