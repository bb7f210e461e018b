"""Staff login under a flood of random user names: CPU per attempt, against a baseline measured
in the same run (what the previous code spent per unknown name: one argon2 check of the dummy
hash), and the same for wrong passwords on a real account.

    .venv/bin/python tests/bench/bench_login.py [--names 300]

Prints CPU seconds (process time: the executor threads that run argon2 included) per attempt
and the ratio flood / baseline; wall time per unknown-name answer stays about one check.
"""

from __future__ import annotations

import argparse
import asyncio
import secrets
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from redis.asyncio import Redis

from bot.console import auth
from bot.redis_embedded import EmbeddedRedis
from bot.settings import StaffSettings


async def run(names: int) -> None:
    with tempfile.TemporaryDirectory(prefix="pb-bench-login-") as d:
        server = EmbeddedRedis(Path(d))
        server.start()
        redis = Redis.from_url(server.url)
        try:
            accounts = auth.Accounts(redis, StaffSettings(lockout_failures=10**6,
                                                          login_ip_failures=10**6))
            await accounts.add("wang", "correct horse battery", "reviewer")

            cpu = time.process_time()
            for _ in range(10):  # the baseline: one dummy check per unknown name, as before
                auth._verify(auth._DUMMY_HASH, secrets.token_hex(8))
            baseline = (time.process_time() - cpu) / 10

            cpu = time.process_time()
            for i in range(10):
                await accounts.login("wang", f"wrong-{i}", ip="198.51.100.1")
            wrong = (time.process_time() - cpu) / 10

            cpu, wall = time.process_time(), time.perf_counter()
            sem = asyncio.Semaphore(50)

            async def one(i: int) -> None:
                async with sem:
                    await accounts.login(f"x{secrets.token_hex(6)}", "p", ip=f"10.0.{i // 250}.{i % 250}")

            await asyncio.gather(*(one(i) for i in range(names)))
            flood = (time.process_time() - cpu) / names
            wall_each = (time.perf_counter() - wall) / names * 50
        finally:
            await redis.aclose()
            server.stop()
    print(f"argon2 check (baseline, old cost per unknown name): {baseline * 1000:7.2f} ms CPU")
    print(f"wrong password on a real account:                   {wrong * 1000:7.2f} ms CPU")
    print(f"random unknown name ({names} from {names} IPs):        {flood * 1000:7.2f} ms CPU, "
          f"answer after ~{wall_each * 1000:.0f} ms")
    print(f"flood / baseline: {flood / baseline:.3f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--names", type=int, default=300)
    asyncio.run(run(parser.parse_args().names))


if __name__ == "__main__":
    main()
