"""Load benchmark: whole intakes over signed WeChat requests vs a stateless wechatpy echo.

Starts `petition-bot serve` (one process, embedded Redis with appendfsync always, WeChat
enabled) and the echo server (tests/bench/wechat_echo.py), then drives both with the same load:
wrk when installed (`apt-get install wrk`), otherwise a Python asyncio driver. Prints requests
per second, latency percentiles, errors, the bot's RSS, and the ratio to the echo.

    .venv/bin/python tests/bench/bench_load.py [--seconds 20] [--connections 32] [--workers 1]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import psutil

from bot.redis_embedded import EmbeddedRedis

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "benchtoken"
TEXTS = ["你好", "同意", "我们村的道路破损严重，路面坑坑洼洼，下雨天全是积水，村民出行很不方便", "陈桥", "建设村三组",
         "我叫张三", "PHONE", "希望尽快修好", "确认提交"]


def intake_message(n: int, *, active: int, user_prefix: str, first_id: int = 1,
                   run: int = 0) -> bytes:
    """Message n of the load: citizen (n mod active), each turn of their intake in order, a new
    citizen (and phone) after the last turn; a unique MsgId per message."""
    slot, rnd = n % active, n // active
    generation = rnd // len(TEXTS)
    text = TEXTS[rnd % len(TEXTS)]
    if text == "PHONE":  # every citizen has a phone of their own, in every run
        text = f"139{run % 10}{slot % 1000:03d}{generation % 10000:04d}"
    return (f"<xml><ToUserName><![CDATA[gh_jinhu]]></ToUserName><FromUserName><![CDATA["
            f"{user_prefix}{slot}_{generation}]]></FromUserName><CreateTime>{int(time.time())}"
            f"</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[{text}]]>"
            f"</Content><MsgId>{first_id + n}</MsgId></xml>").encode()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def signed_query() -> str:
    ts, nonce = str(int(time.time())), "bench"
    sig = hashlib.sha1("".join(sorted([TOKEN, ts, nonce])).encode()).hexdigest()
    return f"?signature={sig}&timestamp={ts}&nonce={nonce}&openid=bench"


def wait_healthy(url: str, proc: subprocess.Popen[bytes], timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}")
        try:
            if httpx.get(url, timeout=1).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise SystemExit("server did not start")


RUNS = iter(range(1, 1000))  # each driven run gets new citizens and MsgIds (no replays)


def run_wrk(port: int, seconds: int, connections: int, active: int) -> dict[str, float]:
    env = {**os.environ, "PB_QUERY": signed_query(), "PB_RUN": str(next(RUNS)),
           "PB_ACTIVE": str(max(1, active // 2))}  # per wrk thread
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency",
         "-s", str(ROOT / "tests/bench/wechat_intake.lua"), f"http://127.0.0.1:{port}"],
        env=env, capture_output=True, text=True, check=True).stdout

    def ms(label: str) -> float:
        m = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)", out)
        if not m:
            return float("nan")
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    errors = 0
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if m:
        errors += int(m.group(1))
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if m:
        errors += sum(int(g) for g in m.groups())
    return {"rps": rps, "p50": ms("50"), "p99": ms("99"), "errors": errors, "requests": total}


async def run_python(port: int, seconds: int, connections: int,
                     active: int) -> dict[str, float]:
    query = signed_query()
    url = f"http://127.0.0.1:{port}/wechat{query}"
    run = next(RUNS)
    latencies: list[float] = []
    errors = 0
    counter = 0
    deadline = time.monotonic() + seconds

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal errors, counter
        while time.monotonic() < deadline:
            counter += 1
            n = counter
            body = intake_message(n, active=active, user_prefix=f"oBench{run}_",
                                  first_id=run * 10**12, run=run)
            t0 = time.perf_counter()
            try:
                r = await client.post(url, content=body, headers={"Content-Type": "text/xml"})
                if r.status_code != 200:
                    errors += 1
            except httpx.HTTPError:
                errors += 1
            latencies.append((time.perf_counter() - t0) * 1000)

    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    async with httpx.AsyncClient(limits=limits, timeout=10) as client:
        start = time.monotonic()
        await asyncio.gather(*(worker(client) for _ in range(connections)))
        elapsed = time.monotonic() - start
    latencies.sort()
    return {"rps": len(latencies) / elapsed, "p50": statistics.median(latencies),
            "p99": latencies[int(len(latencies) * 0.99) - 1], "errors": errors,
            "requests": len(latencies)}


def drive(port: int, seconds: int, connections: int, active: int) -> dict[str, float]:
    if shutil.which("wrk"):
        return run_wrk(port, seconds, connections, active)
    return asyncio.run(run_python(port, seconds, connections, active))


def metric(port: int, name: str) -> float:
    text = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=5).text
    return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines()
               if line.startswith(name) and not line.startswith("#"))


def rss_mib(pid: int) -> float:
    proc = psutil.Process(pid)
    total = proc.memory_info().rss
    for child in proc.children(recursive=True):
        if "redis-server" not in child.name():
            total += child.memory_info().rss
    return total / 2**20


def wait_drained(cases: Path, quiet_s: float = 3.0, limit_s: float = 180.0) -> tuple[int, float]:
    """Wait until the outbox has written every case to the file sink (its line count stops
    growing); returns (lines, seconds waited)."""
    start = last_change = time.monotonic()
    count = -1
    while time.monotonic() - start < limit_s:
        now_count = sum(1 for _ in cases.open()) if cases.exists() else 0
        if now_count != count:
            count, last_change = now_count, time.monotonic()
        elif time.monotonic() - last_change >= quiet_s:
            break
        time.sleep(0.5)
    return count, last_change - start


def baseline(script_and_args: list[str], args: argparse.Namespace) -> dict[str, float]:
    """Start a baseline server (tests/bench/<script> PORT TOKEN ...), warm it up, measure it."""
    port = free_port()
    script, *extra = script_and_args
    server = subprocess.Popen([sys.executable, str(ROOT / "tests/bench" / script), str(port),
                               TOKEN, *extra])
    try:
        wait_healthy(f"http://127.0.0.1:{port}/", server)
        drive(port, 2, args.connections, args.active)  # warm-up
        return drive(port, args.seconds, args.connections, args.active)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=int, default=20)
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--without-dialog", action="store_true",
                    help="replace the dialog and NLP by a trivial dialog "
                         "(tests/bench/serve_without_dialog.py): what the rest of a turn costs")
    ap.add_argument("--active", type=int, default=28,
                    help="citizens mid-intake at once; fewer than --connections makes some "
                         "turns of one citizen concurrent (they wait for the conversation lock)")
    args = ap.parse_args()
    driver = "wrk" if shutil.which("wrk") else "python (install wrk for a lighter driver)"
    print(f"driver: {driver}; {args.connections} connections, {args.seconds} s each")

    bot_port = free_port()
    echo_result = baseline(["wechat_echo.py"], args)
    with tempfile.TemporaryDirectory(prefix="pb-naive-") as naive_dir, \
            EmbeddedRedis(Path(naive_dir)) as naive_redis:  # appendfsync always, as the bot's
        naive_result = baseline(["wechat_naive.py", naive_redis.url], args)

    with tempfile.TemporaryDirectory(prefix="pb-bench-") as data, \
            Path(data, "bot.log").open("wb") as log_file:  # the JSON log, kept as a service manager would
        env = {**os.environ, "PETITION_DATA_DIR": data, "PETITION_WECHAT_TOKEN": TOKEN,
               "PETITION_LIMITS_CITIZEN_PER_MINUTE": "60"}
        env.pop("PETITION_REDIS_URL", None)
        env.pop("PETITION_LOG_LEVEL", None)  # the default level, as deployed
        command = ([sys.executable, str(ROOT / "tests/bench/serve_without_dialog.py"),
                    str(bot_port)] if args.without_dialog else
                   [str(Path(sys.executable).parent / "petition-bot"), "serve",
                    "--port", str(bot_port), "--workers", str(args.workers)])
        bot = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=log_file)
        try:
            wait_healthy(f"http://127.0.0.1:{bot_port}/healthz", bot)
            rss_start = rss_mib(bot.pid)
            drive(bot_port, 2, args.connections, args.active)  # warm-up
            waits_before = metric(bot_port, "petition_lock_waits_total")
            bot_result = drive(bot_port, args.seconds, args.connections, args.active)
            lock_waits = metric(bot_port, "petition_lock_waits_total") - waits_before
            rss_end = rss_mib(bot.pid)
            submitted = metric(bot_port, "petition_cases_submitted_total")
            n_cases, drained_s = wait_drained(Path(data, "cases.jsonl"))
        finally:
            bot.send_signal(signal.SIGTERM)
            bot.wait(60)

    print(f"{'':14}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'errors':>8}{'requests':>10}")
    intake = "intake, no dialog" if args.without_dialog else "intake"
    for name, r in (("echo", echo_result), ("naive stateful", naive_result),
                    (intake, bot_result)):
        print(f"{name:14}{r['rps']:>10.0f}{r['p50']:>10.2f}{r['p99']:>10.2f}"
              f"{r['errors']:>8.0f}{r['requests']:>10.0f}")
    print(f"intake/echo throughput ratio: {bot_result['rps'] / echo_result['rps']:.2f} "
          f"(goal >= 0.5); naive stateful/echo: {naive_result['rps'] / echo_result['rps']:.2f}; "
          f"intake/naive: {bot_result['rps'] / naive_result['rps']:.2f}")
    print(f"bot RSS: {rss_start:.0f} MiB after start, {rss_end:.0f} MiB after load "
          f"(goal <= 300 MiB, redis-server excluded)")
    print(f"turns that waited for their conversation's lock (one citizen's messages concurrent): "
          f"{lock_waits:.0f} ({100 * lock_waits / max(1, bot_result['requests']):.1f}%)"
          + (" — per worker process, this one only" if args.workers > 1 else ""))
    print(f"cases: {n_cases} written to the file sink, {drained_s:.0f} s after the load ended"
          + (f"; {submitted:.0f} submitted" if args.workers == 1 else
             " (submissions are counted per worker process)"))


if __name__ == "__main__":
    main()
