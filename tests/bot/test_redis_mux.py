"""The multiplexed connection that runs the per-turn scripts, against a real redis-server."""

from __future__ import annotations

import asyncio
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from redis.asyncio import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import ResponseError
from redis.exceptions import TimeoutError as RedisTimeoutError

from bot import redis_mux
from bot.redis_embedded import EmbeddedRedis
from bot.redis_mux import MuxClient, check_redis_internals, scripts_client_for

ECHO = "return {KEYS[1], ARGV[1], tonumber(ARGV[2]) + 1}"


async def test_many_concurrent_commands_each_get_their_own_reply(redis: Redis) -> None:
    mux = scripts_client_for(redis)
    script = mux.register_script(ECHO)
    try:
        replies = await asyncio.gather(*(script(keys=[f"k{i}"], args=[f"中{i}", i])
                                         for i in range(500)))
        assert replies == [[f"k{i}".encode(), f"中{i}".encode(), i + 1] for i in range(500)]
    finally:
        await mux.aclose()


async def test_script_unknown_to_the_server_is_sent_whole_then_by_digest(redis: Redis) -> None:
    mux = scripts_client_for(redis)
    script = mux.register_script("return redis.call('INCR', KEYS[1])")
    try:
        assert await script(keys=["n"]) == 1  # NOSCRIPT -> EVAL
        assert await redis.script_exists(script.sha) == [True]
        await redis.script_flush()  # as after a Redis restart
        assert await script(keys=["n"]) == 2
    finally:
        await mux.aclose()


async def test_a_script_error_fails_only_its_own_command(redis: Redis) -> None:
    mux = scripts_client_for(redis)
    bad = mux.register_script("return redis.call('NOSUCHCOMMAND')")
    good = mux.register_script(ECHO)
    try:
        results = await asyncio.gather(good(keys=["a"], args=["x", 1]), bad(),
                                       good(keys=["b"], args=["y", 2]), return_exceptions=True)
        assert results[0] == [b"a", b"x", 2]
        assert isinstance(results[1], ResponseError)
        assert results[2] == [b"b", b"y", 3]
    finally:
        await mux.aclose()


async def test_a_cancelled_caller_does_not_shift_the_replies_of_others(redis: Redis) -> None:
    mux = scripts_client_for(redis)
    script = mux.register_script(ECHO)
    try:
        await script(keys=["warm"], args=["w", 0])
        first = asyncio.ensure_future(script(keys=["a"], args=["x", 1]))
        second = asyncio.ensure_future(script(keys=["b"], args=["y", 2]))
        await asyncio.sleep(0)  # both written
        first.cancel()
        assert await second == [b"b", b"y", 3]
        assert await script(keys=["c"], args=["z", 3]) == [b"c", b"z", 4]
    finally:
        await mux.aclose()


async def test_restart_fails_what_was_in_flight_then_reconnects(tmp_path: Path) -> None:
    server = EmbeddedRedis(tmp_path)
    server.start()
    client = Redis.from_url(server.url)
    mux = scripts_client_for(client)
    script = mux.register_script("return redis.call('INCR', KEYS[1])")
    try:
        assert await script(keys=["n"]) == 1
        server.stop()
        with pytest.raises(RedisConnectionError):
            await script(keys=["n"])
        server.start()
        assert await script(keys=["n"]) == 2  # appendonly: the count survived the restart
    finally:
        await mux.aclose()
        await client.aclose()
        server.stop()


async def test_password_and_database_from_the_url(tmp_path: Path) -> None:
    server = EmbeddedRedis(tmp_path)
    server.start()
    admin = Redis.from_url(server.url)
    try:
        await admin.config_set("requirepass", "s3cret")
        client = Redis.from_url(f"unix://:s3cret@{server.socket}?db=3")
        mux = scripts_client_for(client)
        assert isinstance(mux, MuxClient)
        try:
            await mux.register_script("return redis.call('SET', KEYS[1], 'v')")(keys=["x"])
            assert await client.get("x") == b"v"  # database 3, as the URL says
            wrong = MuxClient(path=str(server.socket), password="wrong")
            with pytest.raises(ResponseError):
                await wrong.execute_command("PING")
            await wrong.aclose()
        finally:
            await mux.aclose()
            await client.aclose()
    finally:
        server.stop()
        await admin.aclose()


async def test_a_server_that_stops_answering_times_out(tmp_path: Path) -> None:
    received: list[bytes] = []
    done = asyncio.Event()

    async def mute(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        received.append(await reader.read(1000))
        await done.wait()
        writer.close()

    path = str(tmp_path / "mute.sock")
    server = await asyncio.start_unix_server(mute, path)
    mux = MuxClient(path=path, timeout=0.3)
    try:
        with pytest.raises(RedisTimeoutError):
            await asyncio.wait_for(mux.execute_command("PING"), 5)
        assert received == [b"*1\r\n$4\r\nPING\r\n"]
    finally:
        await mux.aclose()
        done.set()
        server.close()
        await server.wait_closed()


async def test_nothing_listening_is_a_connection_error(tmp_path: Path) -> None:
    mux = MuxClient(path=str(tmp_path / "none.sock"))
    with pytest.raises(RedisConnectionError):
        await mux.execute_command("PING")
    await mux.aclose()


def test_cluster_sentinel_and_tls_keep_redis_py() -> None:
    from redis.asyncio.cluster import RedisCluster

    tls = Redis.from_url("rediss://localhost:6380/0")
    assert scripts_client_for(tls) is tls
    plain = Redis.from_url("redis://localhost:6390/2")
    mux: Any = scripts_client_for(plain)
    assert isinstance(mux, MuxClient) and (mux.host, mux.port, mux.db) == ("localhost", 6390, 2)
    fake_cluster = object.__new__(RedisCluster)
    assert scripts_client_for(fake_cluster) is fake_cluster


def test_the_redis_internals_read_here_are_there() -> None:
    check_redis_internals()  # the pinned redis-py major version


def test_changed_redis_internals_fail_at_start_up_saying_what(monkeypatch: Any) -> None:
    """As if a redis-py release renamed the pool's attributes."""
    def from_url_without_internals(*args: Any, **kwargs: Any) -> Any:
        return SimpleNamespace(connection_pool=SimpleNamespace(kwargs={}))

    monkeypatch.setattr(redis_mux.Redis, "from_url", from_url_without_internals)
    with pytest.raises(redis_mux.RedisInternalsChanged, match="connection_class"):
        check_redis_internals()
