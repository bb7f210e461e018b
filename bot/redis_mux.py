"""A lean Redis client for the two scripts every turn runs: one connection, many commands in flight.

redis-py's asyncio client checks a connection out of a pool and arms a timeout and a retry
wrapper for every command; under load that was most of what a turn cost (about 0.1 ms of CPU
per command). Redis answers the commands of one connection in order, so here every command is
written to one shared connection (all writes of one event-loop iteration in one syscall) and
its future is resolved when its reply comes back.

Used only for EVALSHA on a standalone Redis (unix socket or plain TCP); Redis Cluster, Sentinel
and TLS keep redis-py for everything (`scripts_client_for`). Failures raise redis-py's
exceptions, so callers handle them exactly as before: a lost connection fails the commands in
flight with ConnectionError and the next command reconnects; a connection that answers nothing
for `timeout` seconds while commands wait is closed and they fail with TimeoutError.
"""

from __future__ import annotations

import asyncio
import collections
import hashlib
from collections.abc import Sequence
from typing import Any

import hiredis
from redis import __version__ as redis_version
from redis.asyncio import Redis
from redis.asyncio.connection import Connection, UnixDomainSocketConnection
from redis.asyncio.sentinel import SentinelConnectionPool
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import ResponseError
from redis.exceptions import TimeoutError as RedisTimeoutError

Arg = str | bytes | int | float


def _pack(args: tuple[Arg, ...]) -> bytes:
    packed: bytes = hiredis.pack_command(args)  # type: ignore[arg-type]  # stub says 1-tuple
    return packed


class _Protocol(asyncio.Protocol):
    def __init__(self, loop: asyncio.AbstractEventLoop):
        self.loop = loop
        self.reader = hiredis.Reader(replyError=ResponseError)
        self.pending: collections.deque[asyncio.Future[Any]] = collections.deque()
        self.transport: asyncio.Transport | None = None
        self.outgoing: list[bytes] = []
        self.closed = False
        self.replies = 0  # replies received so far (the watchdog's sign of life)

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        self.reader.feed(data)
        pending = self.pending
        while True:
            try:
                reply = self.reader.gets()
            except hiredis.ProtocolError:
                self.abort(RedisConnectionError("protocol error in a Redis reply"))
                return
            if reply is False:
                return
            self.replies += 1
            if not pending:  # nothing asked for this: the stream is out of step
                self.abort(RedisConnectionError("unexpected reply from Redis"))
                return
            future = pending.popleft()
            if future.done():  # the caller was cancelled; its reply is dropped in order
                continue
            if isinstance(reply, ResponseError):
                future.set_exception(reply)
            else:
                future.set_result(reply)

    def connection_lost(self, exc: Exception | None) -> None:
        self.fail(RedisConnectionError("connection to Redis lost"))

    def send(self, packed: bytes) -> asyncio.Future[Any]:
        future = self.loop.create_future()
        self.pending.append(future)
        if not self.outgoing:
            self.loop.call_soon(self.flush)
        self.outgoing.append(packed)
        return future

    def flush(self) -> None:
        data, self.outgoing = self.outgoing, []
        if self.transport is not None and not self.closed:
            self.transport.write(b"".join(data))

    def abort(self, exc: Exception) -> None:
        if self.transport is not None:
            self.transport.abort()
        self.fail(exc)

    def fail(self, exc: Exception) -> None:
        self.closed = True
        self.outgoing = []
        while self.pending:
            future = self.pending.popleft()
            if not future.done():
                future.set_exception(exc)


class MuxClient:
    """`execute_command(...)` and `register_script(src)` as in redis-py (replies are not
    post-processed: bytes, ints and lists as Redis sends them)."""

    def __init__(self, *, path: str | None = None, host: str = "127.0.0.1", port: int = 6379,
                 username: str | None = None, password: str | None = None, db: int = 0,
                 timeout: float = 5.0, connect_timeout: float = 3.0):
        self.path, self.host, self.port = path, host, port
        self.username, self.password, self.db = username, password, db
        self.timeout, self.connect_timeout = timeout, connect_timeout
        self._proto: _Protocol | None = None
        self._connecting: asyncio.Lock | None = None
        self._watchdog: asyncio.TimerHandle | None = None

    async def execute_command(self, *args: Arg) -> Any:
        proto = self._proto
        if proto is None or proto.closed:
            proto = await self._connect()
        return await proto.send(_pack(args))

    def register_script(self, source: str) -> Script:
        return Script(self, source)

    async def aclose(self) -> None:
        if self._watchdog is not None:
            self._watchdog.cancel()
            self._watchdog = None
        if self._proto is not None and self._proto.transport is not None:
            self._proto.transport.close()
            self._proto.fail(RedisConnectionError("client closed"))

    async def _connect(self) -> _Protocol:
        if self._connecting is None:
            self._connecting = asyncio.Lock()
        async with self._connecting:
            if self._proto is not None and not self._proto.closed:
                return self._proto
            loop = asyncio.get_running_loop()
            proto = None
            try:
                async with asyncio.timeout(self.connect_timeout):
                    if self.path:
                        _, proto = await loop.create_unix_connection(
                            lambda: _Protocol(loop), self.path)
                    else:
                        _, proto = await loop.create_connection(
                            lambda: _Protocol(loop), self.host, self.port)
                    if self.password:
                        auth: tuple[Arg, ...] = (self.username, self.password) \
                            if self.username else (self.password,)
                        await proto.send(_pack(("AUTH", *auth)))
                    if self.db:
                        await proto.send(_pack(("SELECT", self.db)))
            except BaseException as exc:
                if proto is not None:
                    proto.abort(RedisConnectionError("connection set-up failed"))
                if isinstance(exc, (OSError, TimeoutError)):
                    raise RedisConnectionError(
                        f"cannot connect to Redis: {type(exc).__name__}") from exc
                raise
            self._proto = proto
            if self._watchdog is None:
                self._watchdog = loop.call_later(self.timeout, self._check, proto, proto.replies)
            return proto

    def _check(self, looked_at: _Protocol | None, replies_then: int) -> None:
        """Every `timeout` seconds: commands waiting on the connection looked at last time and
        no reply since means it hangs; close it so they fail (later commands reconnect)."""
        proto = self._proto
        if proto is not None and proto is looked_at and not proto.closed and proto.pending \
                and proto.replies == replies_then:
            proto.abort(RedisTimeoutError("Redis did not answer in time"))
        self._watchdog = asyncio.get_running_loop().call_later(
            self.timeout, self._check, proto, proto.replies if proto is not None else 0)


class Script:
    """EVALSHA, falling back to EVAL when the server does not know the script (a restart)."""

    def __init__(self, client: MuxClient, source: str):
        self.client = client
        self.source = source
        self.sha = hashlib.sha1(source.encode()).hexdigest()

    async def __call__(self, keys: Sequence[Arg] = (), args: Sequence[Arg] = ()) -> Any:
        try:
            return await self.client.execute_command("EVALSHA", self.sha, len(keys), *keys, *args)
        except ResponseError as exc:
            if not str(exc).startswith("NOSCRIPT"):
                raise
        return await self.client.execute_command("EVAL", self.source, len(keys), *keys, *args)


class RedisInternalsChanged(RuntimeError):
    """The installed redis-py no longer has the internals `scripts_client_for` reads."""


def check_redis_internals() -> None:
    """Start-up self-check: `scripts_client_for` reads redis-py internals (a pool's
    `connection_kwargs` and `connection_class`, a Sentinel pool's `sentinel_manager`), which
    pyproject pins to one major version. Fails at once, saying what changed, if they differ."""
    problems = []
    for url, cls, wanted in (
            ("unix:///tmp/check.sock?db=2", UnixDomainSocketConnection, ("path", "db")),
            ("redis://u:p@127.0.0.1:6390/3", Connection, ("host", "port", "db", "password"))):
        pool = Redis.from_url(url).connection_pool
        kwargs = getattr(pool, "connection_kwargs", None)
        if getattr(pool, "connection_class", None) is not cls:
            problems.append(f"{url.split(':')[0]} pool's connection_class is not {cls.__name__}")
        if not isinstance(kwargs, dict) or any(k not in kwargs for k in wanted):
            problems.append(f"{url.split(':')[0]} pool's connection_kwargs lack {wanted}")
    manager = object()
    if getattr(SentinelConnectionPool("petition", manager), "sentinel_manager", None) \
            is not manager:
        problems.append("SentinelConnectionPool has no sentinel_manager")
    if problems:
        raise RedisInternalsChanged(
            f"redis-py {redis_version} is not the version bot/redis_mux.py was written for "
            f"(pyproject pins redis to one major version): " + "; ".join(problems))


_checked = False


def scripts_client_for(client: Any) -> Any:
    """The client to run the per-turn scripts with: a MuxClient to the same server when `client`
    is a standalone redis-py client over a unix socket or plain TCP, else `client` itself."""
    global _checked
    if not _checked:
        check_redis_internals()
        _checked = True
    if type(client) is not Redis:  # RedisCluster, or a test double
        return client
    pool = client.connection_pool
    if getattr(pool, "sentinel_manager", None) is not None:
        return client
    kw = pool.connection_kwargs
    common: dict[str, Any] = {
        "username": kw.get("username"), "password": kw.get("password"),
        "db": int(kw.get("db") or 0), "timeout": float(kw.get("socket_timeout") or 5),
        "connect_timeout": float(kw.get("socket_connect_timeout") or 3)}
    if pool.connection_class is UnixDomainSocketConnection:
        return MuxClient(path=kw["path"], **common)
    if pool.connection_class is Connection:
        return MuxClient(host=kw.get("host", "localhost"), port=int(kw.get("port", 6379)),
                         **common)
    return client  # TLS and anything else: redis-py
