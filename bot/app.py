"""The app factory: the only place where the pieces are wired together.

Redis, the HTTP client, the classifier, the pipeline and the background workers start and stop
in cleanup contexts, in that order, and stop in reverse.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import AsyncIterator
from typing import Any

import httpx
from aiohttp import web
from redis.exceptions import RedisError

from bot import appkeys, console, health, landing, logs, outbox, retention
from bot.cases import CaseStore
from bot.channel_registry import channel_setup
from bot.deadlines import DeadlineConfigError, Deadlines
from bot.handoffs import StaffQueueWriter
from bot.lookup import CaseLookup, LookupTexts
from bot.messages import InboundMessage, TurnResult
from bot.prompts import load_system_prompts
from bot.redis_mux import scripts_client_for
from bot.redisconn import open_redis
from bot.settings import Settings, SettingsError
from bot.store import ConversationStore

log = logging.getLogger("petition.app")

def load_classifier(settings: Settings) -> Any:
    from nlp.classifier import Classifier

    return Classifier.load(settings.config_dir, settings.data_dir / "model",
                           threshold=settings.nlp.threshold or None)


def load_dialog(settings: Settings) -> Any:
    from dialogs.engine import Dialog

    d = settings.dialog
    return Dialog.from_config(settings.config_dir, idle_minutes=d.idle_minutes,
                              retention_days=d.retention_days, max_chars=d.max_chars,
                              max_attempts=d.max_attempts, cache_dir=settings.data_dir / "model")


def load_deadlines(settings: Settings) -> Deadlines:
    """The due-date rules; a broken deadlines.toml is a start-up error (SettingsError)."""
    path = settings.config_dir / "deadlines.toml"
    try:
        return Deadlines.load(path)
    except DeadlineConfigError as exc:
        problem = str(exc) if str(path) in str(exc) else f"{path}: {exc}"
        raise SettingsError([problem]) from exc


def create_app(settings: Settings, *, dialog: Any = None, classifier: Any = None
               ) -> web.Application:
    """Build the application. `dialog`/`classifier` may be injected (tests); by default they are
    loaded from config/ at start-up, never on a citizen's first message."""
    logs.install_redaction()  # library log records are redacted whoever configures logging
    app = web.Application(client_max_size=settings.server.max_body_bytes,
                          middlewares=[unavailable_middleware])
    app[appkeys.SETTINGS] = settings
    app[appkeys.DEADLINES] = load_deadlines(settings)
    app[appkeys.SENDERS] = {}
    app[appkeys.BACKGROUND] = set()
    lookup_texts = LookupTexts.load(settings.config_dir / "lookup.toml")  # refused at start

    async def redis_ctx(app: web.Application) -> AsyncIterator[None]:
        async with open_redis(settings) as (client, embedded):
            app[appkeys.REDIS] = client
            supervisor = None
            if embedded is not None:
                supervisor = asyncio.create_task(_supervise(embedded))
            yield
            if supervisor is not None:
                supervisor.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await supervisor

    async def components_ctx(app: web.Application) -> AsyncIterator[None]:
        loop = asyncio.get_running_loop()
        clf = classifier if classifier is not None else await loop.run_in_executor(
            None, load_classifier, settings)
        if dialog is None:
            dlg = load_dialog(settings)
            # The intent model may have trained just now: its scratch memory goes back too.
            from nlp.classifier import release_training_memory

            release_training_memory()
        else:
            dlg = dialog
        app[appkeys.CLASSIFIER] = clf
        app[appkeys.DIALOG] = dlg
        redis = app[appkeys.REDIS]
        scripts = scripts_client_for(redis)  # the scripts of every turn: a leaner path
        app[appkeys.SCRIPTS] = scripts
        store = ConversationStore(redis, wait_ms=settings.dialog.lock_timeout_ms,
                                  dedupe_ttl=settings.dialog.dedupe_ttl_seconds,
                                  rate_per_minute=settings.limits.citizen_per_minute,
                                  scripts=scripts)
        app[appkeys.STORE] = store
        app[appkeys.CASES] = CaseStore(redis, settings.case_retention_days, scripts=scripts,
                                          timezone=settings.timezone)
        async with httpx.AsyncClient(timeout=10.0) as http:
            app[appkeys.HTTP] = http
            from bot.pipeline import Pipeline

            app[appkeys.PIPELINE] = Pipeline(
                # The dialog analyses the same description again at the summary and at submit;
                # Analysis is immutable, so a small per-process cache is safe.
                store=store, cases=app[appkeys.CASES], dialog=dlg,
                analyze=functools.lru_cache(maxsize=1024)(clf.analyze),
                due_at=app[appkeys.DEADLINES].due_at, system_prompts=load_system_prompts(settings.config_dir),
                staff_queue=StaffQueueWriter(redis), ratings=outbox.rating_sink(app),
                timezone=settings.timezone,  # (a test's stand-in classifier may carry no rule)
                colour_rule=getattr(clf, "colour_rule", None),
                lookup=CaseLookup(redis, app[appkeys.CASES], lookup_texts,
                                  timezone=settings.timezone,
                                  due_label=lambda at, _p: app[appkeys.DEADLINES].label(at)))
            yield
            tasks = app[appkeys.BACKGROUND]
            if tasks:
                await asyncio.wait(tasks, timeout=5)
        if scripts is not redis:
            await scripts.aclose()

    app.cleanup_ctx.append(redis_ctx)
    app.cleanup_ctx.append(components_ctx)
    outbox.setup(app)
    console.setup(app)
    retention.setup(app)  # the daily purge of the file sinks and media
    landing.setup(app, settings.config_dir)  # `/`: links to the web chat and the console

    async def handler(message: InboundMessage) -> TurnResult:
        result: TurnResult = await app[appkeys.PIPELINE](message)
        return result

    health.setup(app)
    for name in settings.enabled_channels:  # loaded by name: see bot/channel_registry.py
        channel_setup(name)(app, settings, handler)
    return app


@web.middleware
async def unavailable_middleware(request: web.Request, handler: Any) -> web.StreamResponse:
    """Redis unreachable outside a dialog turn (which answers politely itself): a clean 503 so
    platforms retry, never a stack trace."""
    try:
        response: web.StreamResponse = await handler(request)
        return response
    except (RedisError, ConnectionError) as exc:
        log.warning("redis unavailable path=%s error=%s", request.path, type(exc).__name__)
        return web.json_response({"error": "unavailable",
                                  "message": "service temporarily unavailable"}, status=503,
                                 headers={"Retry-After": "5"})


async def _supervise(embedded: Any) -> None:
    """Restart the embedded redis-server if it dies; AOF brings the data back."""
    while True:
        await asyncio.sleep(1.0)
        if not embedded.alive():
            log.error("embedded redis died; restarting")
            try:
                await asyncio.get_running_loop().run_in_executor(None, embedded.start)
            except RuntimeError:
                log.exception("embedded redis restart failed")
