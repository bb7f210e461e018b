"""`petition-bot serve`: one process, or N worker processes sharing the port (SO_REUSEPORT).

With several workers, the parent starts the embedded redis-server (when no URL is set) so that
all workers share it, forwards SIGTERM/SIGINT to them, and stops Redis last.
"""

from __future__ import annotations

import asyncio
import dataclasses
import gc
import logging
import multiprocessing as mp
import multiprocessing.connection as mp_connection
import signal
import sys
from collections.abc import Awaitable, Callable
from datetime import date, datetime
from multiprocessing.process import BaseProcess
from types import FrameType
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import web
from redis.exceptions import RedisError

from bot import appkeys, keys, metrics
from bot.app import create_app, load_deadlines
from bot.deadlines import Deadlines
from bot.logs import setup_logging
from bot.model_cache import warm_caches
from bot.redis_embedded import EmbeddedRedis, socket_answers
from bot.redisconn import open_redis
from bot.settings import Settings, SettingsError

log = logging.getLogger("petition.serve")


def base_url(host: str, port: int) -> str:
    """The URL to open in a browser on this machine for a listen address."""
    if host in ("", "0.0.0.0"):
        host = "127.0.0.1"
    elif host == "::":
        host = "::1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"


def _announce(settings: Settings, host: str, port: int, workers: int) -> None:
    """The first lines: where to go, then what runs (channels, where cases go)."""
    enabled = settings.enabled_channels
    disabled = [c for c in ("wechat", "sms", "qq", "weibo") if c not in enabled]
    base = base_url(host, port)
    print(f"petition-bot: web chat (网上信访):  {base}/web", flush=True)
    print(f"petition-bot: staff console:       {base}/staff/", flush=True)
    print(f"petition-bot: serving on http://{host}:{port} with {workers} worker(s)", flush=True)
    print(f"petition-bot: channels enabled: {', '.join(enabled)}", flush=True)
    hints = {"wechat": "PETITION_WECHAT_TOKEN",
             "sms": "PETITION_TWILIO_AUTH_TOKEN or PETITION_TENCENT_SMS_SECRET_KEY",
             "qq": "PETITION_QQ_SECRET", "weibo": "PETITION_WEIBO_APP_SECRET"}
    for name in disabled:
        print(f"petition-bot: channel {name} disabled ({hints[name]} not set)", flush=True)
    if not settings.case_webhook.url:
        print(f"petition-bot: no PETITION_CASE_WEBHOOK_URL; cases go to "
              f"{settings.data_dir / 'cases.jsonl'}", flush=True)
    today = datetime.now(ZoneInfo(settings.timezone)).date()
    for line in provisional_warnings(load_deadlines(settings), today):
        print(line, flush=True)


def provisional_warnings(deadlines: Deadlines, today: date) -> list[str]:
    """A year whose holidays nobody published yet: its deadlines are provisional (暂定)."""
    return [f"petition-bot: WARNING holiday calendar for {year} not published yet: deadlines "
            f"reaching into {year} are provisional (weekends, fixed and lunar holidays only) "
            f"until its notice is entered as [calendar.\"{year}\"] in config/deadlines.toml"
            for year in deadlines.provisional_years(today)]


def staff_accounts_line(count: int, console_url: str) -> str:
    if count:
        return f"petition-bot: staff accounts: {count}; log in at {console_url}"
    return ("petition-bot: no staff account yet; create one with "
            "`petition-bot staff add USERNAME --role admin` (the password is read from stdin), "
            f"then log in at {console_url}")


async def _count_staff_accounts(redis: Any) -> int | None:
    try:
        return int(await redis.hlen(keys.STAFF_USERS))
    except (RedisError, OSError):
        return None  # not worth failing the start for; the console says more


def staff_announcer(console_url: str) -> Callable[[web.Application], Awaitable[None]]:
    """An on_startup hook that says whether a staff account exists (Redis is up by then)."""

    async def announce(app: web.Application) -> None:
        count = await _count_staff_accounts(app[appkeys.REDIS])
        if count is not None:
            print(staff_accounts_line(count, console_url), flush=True)

    return announce


# The cyclic collector's first threshold while serving (CPython's default is 700; the others
# stay at their defaults). Almost everything a turn allocates is freed by reference counting,
# so the count of tracked objects only rises by a few per turn; but at 700 it crossed the
# threshold every ~25 turns with 32 requests in flight, and each young collection walked
# their coroutines, readers and documents: ~10 ms of CPU per collection on the 2 shared cores,
# about half of a turn's CPU under load (1.14 -> 0.52 ms per turn, README "issue 13, fourth
# pass"). At this threshold a collection comes every few thousand turns.
SERVING_GC_THRESHOLD = 20_000


async def freeze_startup_heap(app: web.Application) -> None:
    """jieba's dictionaries and the model are long-lived objects that every full collection of
    the cyclic GC traversed: about 65 ms with the process stopped, which under load was the p99
    latency. Everything alive once the app has started is moved out of the collector's view (it
    lives as long as the process anyway); garbage made while serving is collected as before,
    less often (SERVING_GC_THRESHOLD). Only for serving processes: a test process builds many
    apps and must free them."""
    gc.collect()
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(SERVING_GC_THRESHOLD, older, oldest)


def _run_one(settings: Settings, host: str, port: int, reuse_port: bool,
             app: web.Application | None = None, announce: bool = False) -> None:
    setup_logging(settings.log_level)
    app = app or create_app(settings)
    if announce:
        app.on_startup.append(staff_announcer(f"{base_url(host, port)}/staff/"))
    app.on_startup.append(freeze_startup_heap)  # after the app's own start-up contexts
    loop_factory = None
    try:  # uvloop: the same asyncio API with a faster event loop and transports
        import uvloop

        loop_factory = uvloop.new_event_loop
    except ImportError:
        pass
    web.run_app(app, host=host, port=port, print=None, access_log=None,
                reuse_port=reuse_port or None, shutdown_timeout=10,
                loop=loop_factory() if loop_factory else None)


def _announce_staff(settings: Settings, console_url: str) -> None:
    """With several workers the parent says it once (Redis is reachable from here)."""

    async def count() -> int | None:
        async with open_redis(settings) as (redis, _embedded):
            return await _count_staff_accounts(redis)

    try:
        found = asyncio.run(asyncio.wait_for(count(), 10))
    except (RedisError, OSError, TimeoutError):
        found = None
    if found is not None:
        print(staff_accounts_line(found, console_url), flush=True)


def serve(settings: Settings, *, host: str, port: int, workers: int = 1) -> int:
    setup_logging(settings.log_level)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    try:
        app = create_app(settings)  # channel configs in config/ are checked here, at once
    except SettingsError as exc:
        print(f"petition-bot: {exc}", file=sys.stderr)
        return 2
    warm_caches(settings)  # a first start trains in a child, not in the server (bot/model_cache.py)
    _announce(settings, host, port, workers)
    if workers <= 1:
        _run_one(settings, host, port, reuse_port=False, app=app, announce=True)
        return 0
    embedded = None
    if not settings.redis_url and not settings.redis_sentinels:
        embedded = EmbeddedRedis(settings.data_dir, appendfsync=settings.redis_appendfsync)
        if not socket_answers(embedded.socket):
            embedded.start()
        settings = dataclasses.replace(settings, redis_url=embedded.url)
    _announce_staff(settings, f"{base_url(host, port)}/staff/")
    metrics.share_between_workers(settings.data_dir)  # /metrics sums every worker's figures
    ctx = mp.get_context("spawn")

    def start_worker() -> BaseProcess:
        proc = ctx.Process(target=_run_one, args=(settings, host, port, True), daemon=False)
        proc.start()
        return proc

    procs = [start_worker() for _ in range(workers)]
    stopping = False

    def stop(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True
        for p in procs:
            if p.is_alive() and p.pid:
                p.terminate()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    # Supervise: a worker that dies (crash, OOM kill) is replaced; its conversations were never
    # its own (state, locks and the outbox are in Redis), so the others and the new one go on.
    while not stopping:
        mp_connection.wait([p.sentinel for p in procs], timeout=1.0)
        for i, p in enumerate(procs):
            if not p.is_alive() and not stopping:
                log.error("worker pid=%s exited with %s; starting a new one", p.pid, p.exitcode)
                procs[i] = start_worker()
    for p in procs:
        p.join()
    if embedded is not None:
        embedded.stop()
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit("use `petition-bot serve`")
