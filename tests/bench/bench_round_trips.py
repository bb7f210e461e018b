"""Redis round trips per turn: what one whole intake sends to Redis, counted with MONITOR.

Starts `petition-bot serve` as tests/bench/bench_load.py does (embedded Redis, WeChat, file
sink), then sends `--intakes` whole 9-turn intakes of bench_load's words one message at a time
(so that nothing overlaps), while `redis-cli MONITOR` records every command. Prints, per turn:
the commands the bot sent (each is a round trip, or part of a pipelined one), by command, the
writes among them, and the commands scripts ran inside Redis. Background work (the outbox's
polling and delivery, the file sink) is counted too, as it runs in the same process; `--idle`
first records a quiet period of the same length with no messages, so that the polling alone can
be told apart. Also prints what the turns appended to the AOF (`INFO persistence`), per turn:
with `appendfsync always` each event-loop iteration of Redis that appended something fsyncs
before it answers, so a round trip that appends nothing waits for no fsync of its own.

    .venv/bin/python tests/bench/bench_round_trips.py [--intakes 20]
"""

from __future__ import annotations

import argparse
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

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_load import TEXTS, TOKEN, free_port, intake_message, signed_query, wait_healthy

from bot.redis_embedded import redis_server_binary

# Commands that change data (each one, or the script containing it, is appended to the AOF).
WRITES = {"set", "setex", "del", "incr", "incrby", "expire", "pexpire", "hset", "hdel",
          "hincrby", "zadd", "zrem", "zremrangebyscore", "lpush", "rpush", "lpop", "rpop",
          "lrem", "ltrim", "xadd", "xack", "xdel", "xtrim", "xclaim", "xautoclaim",
          "xgroup", "sadd", "srem", "getdel", "unlink", "hsetnx", "setnx", "psetex", "rename",
          "persist", "publish", "lmove", "rpoplpush", "zincrby", "hmset"}
_LINE = re.compile(r'^[\d.]+ \[\d+ ([^\]]+)\] "([^"]+)"')


def monitor(socket_path: Path, out: Path) -> subprocess.Popen[bytes]:
    cli = Path(redis_server_binary()).with_name("redis-cli")
    return subprocess.Popen([str(cli), "-s", str(socket_path), "MONITOR"],
                            stdout=out.open("wb"), stderr=subprocess.DEVNULL)


def count(path: Path) -> tuple[Counter[str], Counter[str]]:
    """(client commands by name, commands run inside scripts by name)"""
    client: Counter[str] = Counter()
    inside: Counter[str] = Counter()
    for line in path.read_text(errors="replace").splitlines():
        m = _LINE.match(line)
        if not m:
            continue
        name = m.group(2).lower()
        (inside if m.group(1) == "lua" else client)[name] += 1
    return client, inside


def aof_size(socket_path: Path) -> int:
    cli = Path(redis_server_binary()).with_name("redis-cli")
    out = subprocess.run([str(cli), "-s", str(socket_path), "INFO", "persistence"],
                         capture_output=True, text=True, check=True).stdout
    return int(re.search(r"aof_current_size:(\d+)", out).group(1))  # type: ignore[union-attr]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--intakes", type=int, default=20)
    ap.add_argument("--log", help="keep the MONITOR output of the intakes in this file")
    ap.add_argument("--idle", action="store_true",
                    help="also record a quiet period as long as the intakes took")
    args = ap.parse_args()
    py = sys.executable
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="pb-rt-") as data:
        env = {**os.environ, "PETITION_DATA_DIR": data, "PETITION_WECHAT_TOKEN": TOKEN,
               "PETITION_LIMITS_CITIZEN_PER_MINUTE": "60"}
        env.pop("PETITION_REDIS_URL", None)
        bot = subprocess.Popen([str(Path(py).parent / "petition-bot"), "serve", "--port",
                                str(port)], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
        try:
            wait_healthy(f"http://127.0.0.1:{port}/healthz", bot, timeout=300)  # first start trains
            url = f"http://127.0.0.1:{port}/wechat"
            with httpx.Client(timeout=30) as client:
                def send(n: int, run: int) -> None:
                    body = intake_message(n, active=1, user_prefix=f"oRT{run}_",
                                          first_id=run * 10**9, run=run)
                    r = client.post(url + signed_query(), content=body,
                                    headers={"Content-Type": "text/xml"})
                    r.raise_for_status()
                for n in range(len(TEXTS)):  # warm-up: one intake, not recorded
                    send(n, 1)
                time.sleep(2)
                sock = Path(data, "redis", "redis.sock")
                turns = args.intakes * len(TEXTS)
                log = Path(data, "monitor.log")
                aof_before = aof_size(sock)
                mon = monitor(sock, log)
                time.sleep(0.5)
                t0 = time.monotonic()
                for n in range(turns):
                    send(n, 2)
                time.sleep(2)  # the outbox delivers the last cases
                took = time.monotonic() - t0
                mon.send_signal(signal.SIGTERM)
                mon.wait()
                aof_bytes = aof_size(sock) - aof_before
                with Path(data, "redis", "appendonly.aof").open("rb") as aof:
                    aof.seek(aof_before)
                    appended = aof.read(aof_bytes)
                # a script's writes are appended as one MULTI/EXEC block, a plain write alone
                durable_scripts = appended.count(b"*1\r\n$5\r\nMULTI\r\n")
                idle_log = Path(data, "idle.log")
                if args.idle:
                    mon = monitor(sock, idle_log)
                    time.sleep(took)
                    mon.send_signal(signal.SIGTERM)
                    mon.wait()
        finally:
            bot.send_signal(signal.SIGTERM)
            try:
                bot.wait(60)
            except subprocess.TimeoutExpired:
                bot.kill()
                bot.wait()
        client_cmds, inside = count(log)
        if args.log:
            Path(args.log).write_bytes(log.read_bytes())
        idle_cmds = count(idle_log)[0] if args.idle else Counter()
    print(f"{args.intakes} intakes x {len(TEXTS)} turns = {turns} turns, one at a time "
          f"({took:.1f} s recorded)")
    total = sum(client_cmds.values())
    writes_in_scripts = sum(c for k, c in inside.items() if k in WRITES)
    print(f"commands sent by the bot per turn: {total / turns:.2f}")
    for name, c in client_cmds.most_common():
        idle = f"   (idle: {idle_cmds[name] / turns:.2f})" if args.idle else ""
        print(f"  {name:14} {c / turns:6.2f}{idle}")
    client_writes = sum(c for k, c in client_cmds.items() if k in WRITES)
    scripts = client_cmds["evalsha"] + client_cmds["eval"]
    print(f"scripts per turn: {scripts / turns:.2f}; plain write commands per turn: "
          f"{client_writes / turns:.2f}; writes inside scripts per turn: "
          f"{writes_in_scripts / turns:.2f}")
    print(f"appended to the AOF per turn: {aof_bytes / turns:.0f} bytes, {durable_scripts / turns:.2f}"
          f" scripts with writes + {client_writes / turns:.2f} plain writes (the outbox's and the "
          f"file sink's included; each waits for an fsync with appendfsync always)")
    print("inside scripts, per turn: " + ", ".join(
        f"{k} {c / turns:.2f}" for k, c in inside.most_common()))


if __name__ == "__main__":
    main()
