"""Load benchmark: whole intakes over signed WeChat requests vs two baselines in the same run.

Starts `petition-bot serve` (embedded Redis with appendfsync always, WeChat enabled, default log
level, cases to the file sink), a stateless wechatpy echo (tests/bench/wechat_echo.py) and a
naive stateful handler (tests/bench/wechat_naive.py: redis-py GET + SET, no dialog), and drives
them in turn with the same load, round after round, so that the shared machine's drifting load
touches all three alike: wrk when installed (`apt-get install wrk`), otherwise a Python asyncio
driver. Prints the median requests per second and latencies, the ratios per round, errors, the
bot's RSS, lock waits, and checks that every submitted case reached the file sink.

    .venv/bin/python tests/bench/bench_load.py [--seconds 8] [--rounds 3] [--workers 1]
                                               [--without-dialog] [--everysec] [--default-gc]

`--everysec` also starts the same bot with `PETITION_REDIS_APPENDFSYNC=everysec` (its own data
dir and embedded Redis) and drives it in every round right after the default one, so that the
durability setting's cost is measured in the same run ("intake, everysec" in the report).
`--default-gc` likewise starts the same bot with CPython's default first GC threshold (700,
tests/bench/serve_default_gc.py) instead of the serving one (bot.serve.SERVING_GC_THRESHOLD),
drives it in every round, and reports both bots' CPU per turn and collections while serving.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import json
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
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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


_NONCES = iter(range(1, 10**12))


def signed_query() -> str:
    """A signed query with a nonce of its own: the bot binds each nonce to the message it
    carried, as WeChat gives every request a new one."""
    ts, nonce = str(int(time.time())), f"b{os.getpid()}x{next(_NONCES)}"
    sig = hashlib.sha1("".join(sorted([TOKEN, ts, nonce])).encode()).hexdigest()
    return f"?signature={sig}&timestamp={ts}&nonce={nonce}&openid=bench"


def query_file(count: int = 120_000) -> str:
    """`count` signed queries, one a line, for the wrk script (which cannot compute SHA-1)."""
    fd, path = tempfile.mkstemp(prefix="pb-queries-", suffix=".txt")
    with os.fdopen(fd, "w") as f:
        f.write("\n".join(signed_query() for _ in range(count)) + "\n")
    return path


# A first start trains the models in a child (bot/model_cache.py): on the busy 2-core machine,
# with two bots starting at once, that took more than 90 s.
def wait_healthy(url: str, proc: subprocess.Popen[bytes], timeout: float = 300) -> None:
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
    queries = query_file()
    env = {**os.environ, "PB_QUERIES": queries, "PB_RUN": str(next(RUNS)),
           "PB_ACTIVE": str(max(1, active // 2))}  # per wrk thread
    try:
        out = subprocess.run(
            ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency",
             "-s", str(ROOT / "tests/bench/wechat_intake.lua"), f"http://127.0.0.1:{port}"],
            env=env, capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(queries)

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
            url = f"http://127.0.0.1:{port}/wechat{signed_query()}"
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


def cpu_seconds(pid: int) -> float:
    """User + system CPU of the bot (its workers too, redis-server excluded): CPU per turn
    depends much less on the shared machine's load than turns per second do."""
    proc = psutil.Process(pid)
    procs = [proc] + [c for c in proc.children(recursive=True) if "redis-server" not in c.name()]
    return sum(t.user + t.system for t in (p.cpu_times() for p in procs))


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


@contextlib.contextmanager
def server(command: list[str], health_url: str, **popen: Any) -> Iterator[subprocess.Popen[bytes]]:
    proc = subprocess.Popen(command, **popen)
    try:
        wait_healthy(health_url, proc)
        yield proc
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(60)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=int, default=8, help="per server and round")
    ap.add_argument("--rounds", type=int, default=3,
                    help="each round drives the intake, then the echo, then the naive handler "
                         "(all three running), so that the machine's load drifts into all alike")
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--without-dialog", action="store_true",
                    help="replace the dialog and NLP by a trivial dialog "
                         "(tests/bench/serve_without_dialog.py): what the rest of a turn costs")
    ap.add_argument("--everysec", action="store_true",
                    help="also drive the same bot with appendfsync everysec in every round")
    ap.add_argument("--default-gc", action="store_true",
                    help="also drive the same bot with CPython's default GC threshold in every "
                         "round")
    ap.add_argument("--active", type=int, default=28,
                    help="citizens mid-intake at once; fewer than --connections makes some "
                         "turns of one citizen concurrent (they wait for the conversation lock)")
    args = ap.parse_args()
    driver = "wrk" if shutil.which("wrk") else "python (install wrk for a lighter driver)"
    print(f"driver: {driver}; {args.connections} connections; {args.rounds} rounds of "
          f"{args.seconds} s per server")
    py = sys.executable
    names = (("echo", "naive", "intake") + (("everysec",) if args.everysec else ())
             + (("defaultgc",) if args.default_gc else ()))
    ports = {name: free_port() for name in names}
    with contextlib.ExitStack() as stack:
        naive_dir = stack.enter_context(tempfile.TemporaryDirectory(prefix="pb-naive-"))
        naive_redis = stack.enter_context(EmbeddedRedis(Path(naive_dir)))  # appendfsync always
        data = stack.enter_context(tempfile.TemporaryDirectory(prefix="pb-bench-"))
        log_file = stack.enter_context(Path(data, "bot.log").open("wb"))  # as a service manager
        env = {**os.environ, "PETITION_DATA_DIR": data, "PETITION_WECHAT_TOKEN": TOKEN,
               "PETITION_LIMITS_CITIZEN_PER_MINUTE": "60"}
        env.pop("PETITION_REDIS_URL", None)
        env.pop("PETITION_LOG_LEVEL", None)  # the default level, as deployed

        def bot_command(port: int, gc_default: bool = False) -> list[str]:
            if args.without_dialog:
                return [py, str(ROOT / "tests/bench/serve_without_dialog.py"), str(port)]
            serve = ["serve", "--port", str(port), "--workers", str(args.workers)]
            if args.default_gc:  # both bots through the wrapper, which counts collections
                return [py, str(ROOT / "tests/bench/serve_default_gc.py"),
                        *(["--default"] if gc_default else []), *serve]
            return [str(Path(py).parent / "petition-bot"), *serve]

        # What the bots' GC recorders write when they stop, read before their directory goes
        # (the stack unwinds in reverse: the servers stop first).
        gc_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="pb-gc-")))
        gc_stats = {name: gc_dir / f"{name}.json" for name in ("intake", "defaultgc")}
        gc_read: dict[str, dict[str, float]] = {}
        stack.callback(lambda: gc_read.update(
            {name: json.loads(path.read_text()) for name, path in gc_stats.items()
             if path.exists()}))

        bot = stack.enter_context(server(
            bot_command(ports["intake"]), f"http://127.0.0.1:{ports['intake']}/healthz",
            env={**env, "PB_GC_STATS": str(gc_stats["intake"])}, stdout=subprocess.DEVNULL,
            stderr=log_file))
        bots = {"intake": bot}
        if args.default_gc:
            data_gc = stack.enter_context(tempfile.TemporaryDirectory(prefix="pb-bench-gc-"))
            log_gc = stack.enter_context(Path(data_gc, "bot.log").open("wb"))
            bots["defaultgc"] = stack.enter_context(server(
                bot_command(ports["defaultgc"], gc_default=True),
                f"http://127.0.0.1:{ports['defaultgc']}/healthz",
                env={**env, "PETITION_DATA_DIR": data_gc,
                     "PB_GC_STATS": str(gc_stats["defaultgc"])},
                stdout=subprocess.DEVNULL, stderr=log_gc))
        if args.everysec:
            data_es = stack.enter_context(tempfile.TemporaryDirectory(prefix="pb-bench-es-"))
            log_es = stack.enter_context(Path(data_es, "bot.log").open("wb"))
            env_es = {**env, "PETITION_DATA_DIR": data_es,
                      "PETITION_REDIS_APPENDFSYNC": "everysec"}
            stack.enter_context(server(
                bot_command(ports["everysec"]), f"http://127.0.0.1:{ports['everysec']}/healthz",
                env=env_es, stdout=subprocess.DEVNULL, stderr=log_es))
        stack.enter_context(server(
            [py, str(ROOT / "tests/bench/wechat_echo.py"), str(ports["echo"]), TOKEN],
            f"http://127.0.0.1:{ports['echo']}/"))
        stack.enter_context(server(
            [py, str(ROOT / "tests/bench/wechat_naive.py"), str(ports["naive"]), TOKEN,
             naive_redis.url], f"http://127.0.0.1:{ports['naive']}/"))
        cases = Path(data, "cases.jsonl")
        rss_start = rss_mib(bot.pid)
        for port in ports.values():
            drive(port, 2, args.connections, args.active)  # warm-up
        wait_drained(cases)
        waits_before = metric(ports["intake"], "petition_lock_waits_total")
        results: dict[str, list[dict[str, float]]] = {name: [] for name in ports}
        drain_s = []
        for _ in range(args.rounds):
            for name, proc in bots.items():
                cpu_before = cpu_seconds(proc.pid)
                results[name].append(drive(ports[name], args.seconds, args.connections,
                                           args.active))
                results[name][-1]["cpu_ms"] = (1000 * (cpu_seconds(proc.pid) - cpu_before)
                                               / max(1, results[name][-1]["requests"]))
                if name == "intake":
                    drain_s.append(wait_drained(cases)[1])  # the outbox's tail
            for name in ("everysec", "echo", "naive")[0 if args.everysec else 1:]:
                results[name].append(drive(ports[name], args.seconds, args.connections,
                                           args.active))
        lock_waits = metric(ports["intake"], "petition_lock_waits_total") - waits_before
        rss_end = rss_mib(bot.pid)
        submitted = metric(ports["intake"], "petition_cases_submitted_total")
        n_cases = sum(1 for _ in cases.open()) if cases.exists() else 0
    report(args, results, rss_start, rss_end, lock_waits, submitted, n_cases, max(drain_s))
    if args.default_gc:  # (the servers have stopped: their collection counts are written)
        report_gc(results, gc_read)


def report_gc(results: dict[str, list[dict[str, float]]],
              stats: dict[str, dict[str, float]]) -> None:
    med = statistics.median
    rs = [x["rps"] / y["rps"] for x, y in zip(results["intake"], results["defaultgc"],
                                               strict=True)]
    print(f"this / the same bot at CPython's default GC threshold: {med(rs):.2f}x turns/s "
          f"(rounds: {', '.join(f'{r:.2f}' for r in rs)})")
    for name, label in (("intake", "serving threshold"), ("defaultgc", "default threshold")):
        got = stats.get(name, {})
        cpu = [r["cpu_ms"] for r in results[name]]
        print(f"  {label:18} CPU per turn {med(cpu):.3f} ms (rounds: "
              f"{', '.join(f'{c:.3f}' for c in cpu)}), p99 worst round "
              f"{max(r['p99'] for r in results[name]):.1f} ms; collections while serving "
              f"{got.get('collections', '?')}, {1000 * got.get('cpu_s', float('nan')):.0f} ms "
              f"of CPU")


def report(args: argparse.Namespace, results: dict[str, list[dict[str, float]]],
           rss_start: float, rss_end: float, lock_waits: float, submitted: float,
           n_cases: int, drain_s: float) -> None:
    med = statistics.median
    labels = {"echo": "echo", "naive": "naive stateful",
              "intake": "intake, no dialog" if args.without_dialog else "intake",
              "everysec": "intake, everysec"}
    print(f"{'(median of rounds)':18}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}"
          f"{'requests':>10}")
    for name in ("echo", "naive", "intake", "everysec")[:4 if args.everysec else 3]:
        rs = results[name]
        print(f"{labels[name]:18}{med(r['rps'] for r in rs):>9.0f}"
              f"{med(r['p50'] for r in rs):>9.2f}{med(r['p99'] for r in rs):>9.2f}"
              f"{sum(r['errors'] for r in rs):>8.0f}{sum(r['requests'] for r in rs):>10.0f}")

    def ratios(a: str, b: str) -> str:
        rs = [x["rps"] / y["rps"] for x, y in zip(results[a], results[b], strict=True)]
        return f"{med(rs):.2f} (rounds: {', '.join(f'{r:.2f}' for r in rs)})"

    print(f"intake/echo throughput: {ratios('intake', 'echo')}  (goal >= 0.5)")
    print(f"naive/echo: {ratios('naive', 'echo')}; intake/naive: {ratios('intake', 'naive')}")
    if args.everysec:
        print(f"everysec/echo: {ratios('everysec', 'echo')}; everysec/always (the same bot): "
              f"{ratios('everysec', 'intake')}; everysec p99, worst round: "
              f"{max(r['p99'] for r in results['everysec']):.1f} ms")
    cpu = [r["cpu_ms"] for r in results["intake"]]
    print(f"bot CPU per turn (user+sys, during the intake's load): {med(cpu):.3f} ms "
          f"(rounds: {', '.join(f'{c:.3f}' for c in cpu)})")
    p99 = max(r["p99"] for r in results["intake"])
    print(f"intake p99, worst round: {p99:.1f} ms (goal <= 50 ms)")
    print(f"bot RSS: {rss_start:.0f} MiB after start, {rss_end:.0f} MiB after load "
          f"(goal <= 300 MiB, redis-server excluded)")
    turns = sum(r["requests"] for r in results["intake"])
    print(f"turns that waited for their conversation's lock (one citizen's messages concurrent): "
          f"{lock_waits:.0f} ({100 * lock_waits / max(1, turns):.1f}%)"
          + (" — per worker process, this one only" if args.workers > 1 else ""))
    print(f"cases: {n_cases} written to the file sink (the outbox's tail: up to {drain_s:.0f} s "
          f"after each round)" + (f"; {submitted:.0f} submitted" if args.workers == 1 else
                                  " (submissions are counted per worker process)"))


if __name__ == "__main__":
    main()
