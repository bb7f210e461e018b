"""One way to get a Redis client for every process: the configured Redis, or the embedded server.

Standalone (redis://, rediss://, unix://), Redis Cluster (PETITION_REDIS_CLUSTER) and Sentinel
(PETITION_REDIS_SENTINELS) give clients with the same interface; the code path after connect is
the same for all of them.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from redis.asyncio import BlockingConnectionPool, Redis
from redis.asyncio.cluster import RedisCluster
from redis.asyncio.retry import Retry
from redis.asyncio.sentinel import Sentinel
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from bot.redis_embedded import EmbeddedRedis, socket_answers
from bot.settings import Settings

log = logging.getLogger("petition.redis")


def as_text(reply: Any) -> str:
    """A Redis reply (bytes, or a str, number or None from other clients) as text; None is ""."""
    if isinstance(reply, bytes):
        return reply.decode()
    return "" if reply is None else str(reply)


def as_time(value: Any) -> float | None:
    """A stored time as unix seconds: a number, a number as text (how Redis hands one back) or
    ISO 8601 with offset (the case body's times); None when absent or unreadable."""
    if not value:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    text = as_text(value)
    try:
        return float(text)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text).timestamp()
    except ValueError:
        return None

# A connection that died with a Redis restart is retried once on a fresh one, quickly.
TIMEOUTS: dict[str, Any] = {
    "socket_timeout": 5, "socket_connect_timeout": 3,
    "retry": Retry(ExponentialBackoff(cap=0.2, base=0.02), 2),
    "retry_on_error": [RedisConnectionError, RedisTimeoutError],
}
POOL_SIZE = 64  # connections per process; Redis is single-threaded, more do not help


def client_for(url: str, settings: Settings | None = None) -> Any:
    """A client for the configured topology (typed Any: Redis or RedisCluster)."""
    if settings is not None and settings.redis_sentinels:
        nodes = []
        for part in settings.redis_sentinels.split(","):
            host, _, port = part.strip().rpartition(":")
            nodes.append((host, int(port)))
        parts = urlsplit(url) if url else None
        kwargs: dict[str, Any] = dict(TIMEOUTS)
        if parts is not None and parts.password:
            kwargs["password"] = parts.password
        if parts is not None and parts.scheme == "rediss":
            kwargs["ssl"] = True
        return Sentinel(nodes, **TIMEOUTS).master_for(settings.redis_sentinel_master, **kwargs)
    if settings is not None and settings.redis_cluster:
        return RedisCluster.from_url(url, max_connections=POOL_SIZE, **TIMEOUTS)
    # A blocking pool: under a burst, a turn waits briefly for a free connection instead of
    # failing with "Too many connections".
    pool = BlockingConnectionPool.from_url(url, max_connections=POOL_SIZE, timeout=5,
                                           health_check_interval=30, **TIMEOUTS)
    return Redis.from_pool(pool)  # the client owns the pool: aclose() closes its connections


async def close_client(client: Any) -> None:
    """Close a client from `client_for`, with the Sentinel connections behind it if any."""
    await client.aclose()
    manager = getattr(getattr(client, "connection_pool", None), "sentinel_manager", None)
    for sentinel in getattr(manager, "sentinels", ()):
        await sentinel.aclose()


@contextlib.asynccontextmanager
async def open_redis(settings: Settings) -> AsyncIterator[tuple[Any, EmbeddedRedis | None]]:
    """Yield (client, embedded server or None). Start the embedded server when no Redis is
    configured and no other process of ours is already running it on the data dir's socket."""
    embedded: EmbeddedRedis | None = None
    url = settings.redis_url
    if not url and not settings.redis_sentinels:
        candidate = EmbeddedRedis(settings.data_dir, appendfsync=settings.redis_appendfsync)
        if socket_answers(candidate.socket):
            url = candidate.url
        else:
            candidate.start()
            embedded, url = candidate, candidate.url
    client = client_for(url, settings)
    try:
        yield client, embedded
    finally:
        await close_client(client)
        if embedded is not None:
            embedded.stop()
