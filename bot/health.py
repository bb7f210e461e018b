"""GET /healthz and GET /metrics."""

from __future__ import annotations

import asyncio
import os

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST
from redis.exceptions import RedisError

from bot import appkeys, metrics


async def healthz(request: web.Request) -> web.Response:
    redis = request.app[appkeys.REDIS]
    settings = request.app[appkeys.SETTINGS]
    try:
        await asyncio.wait_for(redis.ping(), timeout=2.0)
    except (TimeoutError, RedisError, OSError):
        metrics.REDIS_UP.set(0)
        return web.json_response({"status": "unavailable", "redis": "down"}, status=503)
    metrics.REDIS_UP.set(1)
    return web.json_response({"status": "ok", "redis": "up", "worker": os.getpid(),
                              "channels": settings.enabled_channels})


async def metrics_view(request: web.Request) -> web.Response:
    return web.Response(body=metrics.render(), headers={
        "Content-Type": CONTENT_TYPE_LATEST, "X-Content-Type-Options": "nosniff"})


def setup(app: web.Application) -> None:
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/metrics", metrics_view)
