"""`petition-bot serve`: one process, or N worker processes sharing the port (SO_REUSEPORT).

With several workers, the parent starts the embedded redis-server (when no URL is set) so that
all workers share it, forwards SIGTERM/SIGINT to them, and stops Redis last.
"""

from __future__ import annotations

import dataclasses
import logging
import multiprocessing as mp
import signal
import sys
from types import FrameType

from aiohttp import web

from bot.app import create_app
from bot.logs import setup_logging
from bot.redis_embedded import EmbeddedRedis, socket_answers
from bot.settings import Settings, SettingsError

log = logging.getLogger("petition.serve")


def _announce(settings: Settings, host: str, port: int, workers: int) -> None:
    enabled = settings.enabled_channels
    disabled = [c for c in ("wechat", "sms", "qq") if c not in enabled]
    print(f"petition-bot: serving on http://{host}:{port} with {workers} worker(s)", flush=True)
    print(f"petition-bot: channels enabled: {', '.join(enabled)}", flush=True)
    hints = {"wechat": "PETITION_WECHAT_TOKEN",
             "sms": "PETITION_TWILIO_AUTH_TOKEN or PETITION_TENCENT_SMS_SECRET_KEY",
             "qq": "PETITION_QQ_SECRET"}
    for name in disabled:
        print(f"petition-bot: channel {name} disabled ({hints[name]} not set)", flush=True)
    if not settings.case_webhook.url:
        print(f"petition-bot: no PETITION_CASE_WEBHOOK_URL; cases go to "
              f"{settings.data_dir / 'cases.jsonl'}", flush=True)


def _run_one(settings: Settings, host: str, port: int, reuse_port: bool) -> None:
    setup_logging(settings.log_level)
    web.run_app(create_app(settings), host=host, port=port, print=None, access_log=None,
                reuse_port=reuse_port or None, shutdown_timeout=10)


def serve(settings: Settings, *, host: str, port: int, workers: int = 1) -> int:
    setup_logging(settings.log_level)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    try:
        create_app(settings)  # channel configs in config/ are checked here, before anything runs
    except SettingsError as exc:
        print(f"petition-bot: {exc}", file=sys.stderr)
        return 2
    _announce(settings, host, port, workers)
    if workers <= 1:
        _run_one(settings, host, port, reuse_port=False)
        return 0
    embedded = None
    if not settings.redis_url and not settings.redis_sentinels:
        embedded = EmbeddedRedis(settings.data_dir, appendfsync=settings.redis_appendfsync)
        if not socket_answers(embedded.socket):
            embedded.start()
        settings = dataclasses.replace(settings, redis_url=embedded.url)
    ctx = mp.get_context("spawn")
    procs = [ctx.Process(target=_run_one, args=(settings, host, port, True), daemon=False)
             for _ in range(workers)]
    for p in procs:
        p.start()

    def stop(signum: int, frame: FrameType | None) -> None:
        for p in procs:
            if p.is_alive() and p.pid:
                p.terminate()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for p in procs:
        p.join()
    if embedded is not None:
        embedded.stop()
    return 0 if all(p.exitcode in (0, -signal.SIGTERM) for p in procs) else 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit("use `petition-bot serve`")
