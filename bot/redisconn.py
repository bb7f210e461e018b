"""One way to get a Redis client for every process: the configured URL, or the embedded server.

Same code path after connect whatever the URL (redis://, rediss://, unix://).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from pathlib import Path

from redis.asyncio import Redis

from bot.redis_embedded import EmbeddedRedis, socket_answers
from bot.settings import Settings

log = logging.getLogger("petition.redis")


def client_for(url: str) -> Redis:
    return Redis.from_url(url, socket_timeout=5, socket_connect_timeout=3,
                          health_check_interval=30, retry_on_timeout=False)


def embedded_socket(settings: Settings) -> Path:
    return EmbeddedRedis(settings.data_dir).socket


@contextlib.asynccontextmanager
async def open_redis(settings: Settings) -> AsyncIterator[tuple[Redis, EmbeddedRedis | None]]:
    """Yield (client, embedded server or None). Start the embedded server when no URL is set and
    no other process of ours is already running it on the data dir's socket."""
    embedded: EmbeddedRedis | None = None
    url = settings.redis_url
    if not url:
        candidate = EmbeddedRedis(settings.data_dir)
        if socket_answers(candidate.socket):
            url = candidate.url
        else:
            candidate.start()
            embedded, url = candidate, candidate.url
    client = client_for(url)
    try:
        yield client, embedded
    finally:
        await client.aclose()
        if embedded is not None:
            embedded.stop()
