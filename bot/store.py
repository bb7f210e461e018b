"""Conversation store in Redis: one document per conversation, a lock, and retry dedupe.

A turn is two round trips: `begin` (dedupe check, rate limit, lock, load — one script) and
`commit` (save document with its TTL, remember the replies for this message id, unlock — one
script, refused if the lock was lost). The lock is taken *before* loading, so two messages of one
citizen, in one process or several, are serialized and no update is lost.

Only `commit` is a durable write: what `begin` writes (lock, claim, rate count) lives in memory
and is kept out of the AOF and the replicas, so with `appendfsync always` a turn waits for one
fsync, not two. A Redis restart forgets it, which only ends turns that were running then (their
commit finds no lock: LockLost, nothing saved, the citizen is asked to send again).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
from dataclasses import dataclass
from typing import Any

import orjson
from redis.asyncio import Redis
from redis.asyncio.cluster import RedisCluster

from bot import keys, metrics

# A signed request's binding to the one message it carried (WeChat: bot/messages.py
# `request_binding`): 1 when it is this message's (now or already), 0 when another's.
BIND_REQUEST = """
local bound = redis.call('GET', KEYS[1])
if not bound then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
  return 1
end
if bound == ARGV[1] then return 1 end
return 0
"""

# What `begin` writes (the lock, the claim on the message id, the rate count, a new binding) is
# the turn's own short-lived state: it is kept out of the AOF and replicas (REPL_NONE), so begin
# costs no fsync; `commit` writes what must survive (and the binding with it). A turn that ends
# in begin (already answered, rate-limited, in flight) writes its new binding durably there.
# The binding first, when KEYS[6] is given (ARGV[6] the identity, ARGV[7] its TTL).
_BEGIN = """
redis.set_repl(redis.REPL_NONE)
local bound_now = false
if ARGV[6] ~= '' then
  local bound = redis.call('GET', KEYS[6])
  if not bound then
    redis.call('SET', KEYS[6], ARGV[6], 'EX', ARGV[7])
    bound_now = true
  elseif bound ~= ARGV[6] then
    return {5, false}
  end
end
local function ends_here(status, value)
  if bound_now then
    redis.set_repl(redis.REPL_ALL)
    redis.call('SET', KEYS[6], ARGV[6], 'EX', ARGV[7])
  end
  return {status, value}
end
local seen = redis.call('GET', KEYS[1])
if seen then return ends_here(1, seen) end
if ARGV[5] == '1' then
  if tonumber(ARGV[3]) > 0 then
    local n = redis.call('INCR', KEYS[4])
    if n == 1 then redis.call('EXPIRE', KEYS[4], ARGV[4]) end
    if n > tonumber(ARGV[3]) then return ends_here(3, false) end
  end
  if not redis.call('SET', KEYS[5], ARGV[1], 'NX', 'PX', ARGV[2]) then return ends_here(4, false) end
end
if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return {0, redis.call('GET', KEYS[3])}
end
return {2, false}
"""

# The binding begin made (KEYS[BK], identity ARGV[BA]) written again with what is left of its
# TTL, so that it is in the AOF.
_KEEP_BINDING = """
if ARGV[BA] then
  local ttl = redis.call('PTTL', KEYS[BK])
  if ttl > 0 and redis.call('GET', KEYS[BK]) == ARGV[BA] then
    redis.call('SET', KEYS[BK], ARGV[BA], 'PX', ttl)
  end
end
"""

# KEYS: doc, lock, seen, in flight[, binding]. The binding, when given, is made durable with
# the turn.
_COMMIT = """
if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
if ARGV[2] == '' then
  redis.call('DEL', KEYS[1])
else
  redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
end
if ARGV[4] ~= '' then redis.call('SET', KEYS[3], ARGV[4], 'EX', ARGV[5]) end
""" + _KEEP_BINDING.replace("BK", "5").replace("BA", "6") + """
redis.set_repl(redis.REPL_NONE)
redis.call('DEL', KEYS[2], KEYS[4])
return 1
"""

# KEYS: lock, in flight[, binding]: as commit, the binding is made durable when given.
_RELEASE = _KEEP_BINDING.replace("BK", "3").replace("BA", "2") + """
redis.set_repl(redis.REPL_NONE)
if redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


class Busy(Exception):
    """The conversation lock could not be taken in time (another turn is still running)."""


class RateLimited(Exception):
    """The citizen sent more messages than the configured limit in the current minute."""


class InFlight(Exception):
    """The same message id is being processed right now (a platform retry arrived early)."""


class LockLost(Exception):
    """The turn took longer than the lock's lifetime; nothing was saved."""


class Replayed(Exception):
    """The signed request was already used for another message (`request_binding`); nothing
    was done."""


@dataclass(slots=True)
class Turn:
    """An open turn: the lock is held until `commit` or `release`."""

    conversation_key: str
    message_id: str
    token: str
    doc: dict[str, Any] | None
    seen_key: str  # keys.seen_message(conversation_key, message_id), computed once
    duplicate_of: Any = None  # the stored replies when this message id was already processed
    # (key, identity) of the request binding begin made, for commit/release to make durable
    binding: tuple[str, str] | None = None


class ConversationStore:
    def __init__(self, redis: Redis, *, lock_ms: int = 15_000, wait_ms: int = 5000,
                 dedupe_ttl: int = 86_400, rate_per_minute: int = 0, scripts: Any = None):
        """`scripts`: what runs the begin/commit scripts (bot.redis_mux.scripts_client_for);
        by default `redis` itself."""
        self.redis = redis
        self.lock_ms = lock_ms
        self.wait_ms = wait_ms
        self.dedupe_ttl = dedupe_ttl
        self.rate_per_minute = rate_per_minute
        # conversation key -> resolved when the turn holding its lock in this process ends
        self._running: dict[str, asyncio.Future[None]] = {}
        runner = scripts if scripts is not None else redis
        self._runner = runner
        self._begin = runner.register_script(_BEGIN)
        self._bind = runner.register_script(BIND_REQUEST)
        # On a Redis Cluster the binding's key is in another slot: bound by its own script.
        self._fold_binding = not isinstance(runner, RedisCluster)
        self._commit = runner.register_script(_COMMIT)
        self._release = runner.register_script(_RELEASE)

    async def begin(self, conversation_key: str, message_id: str, *,
                    count_rate: bool = True,
                    binding: tuple[str, str, int] | None = None) -> Turn:
        """Dedupe, rate-limit, claim the message id, lock and load (one script per attempt);
        first, the request's `binding` (InboundMessage.request_binding) when given.

        Raises Replayed, RateLimited, InFlight (the same message id is being processed) or Busy
        (the conversation lock was not free within `wait_ms`). The claim on the message id lives
        as long as the lock, so a crashed process blocks the platform's retries only briefly.
        """
        bind_args: list[str | int] = ["", 0]
        bound: tuple[str, str] | None = None  # folded into begin: made durable at the end
        if binding is not None:
            if self._fold_binding:
                bind_args = [binding[1], binding[2]]
                bound = (binding[0], binding[1])
            elif not int(await self._bind(keys=[binding[0]], args=[binding[1], binding[2]])):
                raise Replayed()
        token = os.urandom(12).hex()
        window = int(time.time() // 60)
        rate = self.rate_per_minute if count_rate else 0
        seen_key = keys.seen_message(conversation_key, message_id)
        ks = [seen_key, keys.conversation_lock(conversation_key),
              keys.conversation_doc(conversation_key), keys.rate_window(conversation_key, window),
              keys.in_flight_of(seen_key)]
        if bind_args[0]:
            ks.append(binding[0])  # type: ignore[index]  # bind_args set from it
        deadline = time.monotonic() + self.wait_ms / 1000
        delay = 0.002
        first = "1"
        while True:
            status, value = await self._begin(
                keys=ks, args=[token, self.lock_ms, rate, 120, first, *bind_args])
            bind_args = ["", 0]  # bound by the first attempt
            if status == 0:
                doc = orjson.loads(value) if value else None
                self._running.setdefault(conversation_key,
                                         asyncio.get_running_loop().create_future())
                return Turn(conversation_key, message_id, token, doc, seen_key, binding=bound)
            if status == 1:
                if first == "0":  # our own claim is void: the message was answered meanwhile
                    await self._release(*_release_args(ks[1], ks[4], token, bound))
                return Turn(conversation_key, message_id, "", None, seen_key,
                            orjson.loads(value))
            if status == 3:
                raise RateLimited()
            if status == 4:
                raise InFlight()
            if status == 5:
                raise Replayed()
            if first == "1":
                metrics.LOCK_WAITS.inc()
            first = "0"  # counted and claimed once; later attempts only try the lock
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                await self._release(*_release_args(ks[1], ks[4], token, bound))
                raise Busy()
            running = self._running.get(conversation_key)
            if running is not None:
                # The turn holding the lock runs in this process: wake up when it ends (and
                # poll anyway now and then, in case it lost the lock to an expiry).
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(asyncio.shield(running), min(remaining, 0.25))
            else:  # held by another process: poll
                await asyncio.sleep(min(delay, remaining))
                delay = min(delay * 2, 0.02)

    def _ended(self, conversation_key: str) -> None:
        """Wake the turns of this conversation waiting in this process for its lock."""
        running = self._running.pop(conversation_key, None)
        if running is not None and not running.done():
            running.set_result(None)

    async def commit(self, turn: Turn, doc: dict[str, Any] | None, ttl_seconds: int,
                     replies: Any = None) -> None:
        """Save the document (None deletes it) and remember the replies for retries."""
        body = orjson.dumps(doc) if doc is not None else b""
        seen = orjson.dumps(replies if replies is not None else {}) if turn.message_id else b""
        ks = [keys.conversation_doc(turn.conversation_key),
              keys.conversation_lock(turn.conversation_key),
              turn.seen_key, keys.in_flight_of(turn.seen_key)]
        args: list[str | bytes | int] = [turn.token, body, max(1, int(ttl_seconds)), seen,
                                         self.dedupe_ttl]
        if turn.binding is not None:
            ks.append(turn.binding[0])
            args.append(turn.binding[1])
        try:
            ok = await self._commit(keys=ks, args=args)
        finally:
            self._ended(turn.conversation_key)
        if not ok:
            raise LockLost()

    async def release(self, turn: Turn) -> None:
        if turn.token:
            try:
                await self._release(*_release_args(
                    keys.conversation_lock(turn.conversation_key),
                    keys.in_flight_of(turn.seen_key), turn.token, turn.binding))
            finally:
                self._ended(turn.conversation_key)

    async def load(self, conversation_key: str) -> dict[str, Any] | None:
        """Read without the lock (staff console display, telling a citizen about their case;
        never modify what this returns). On the scripts client: after every delivered case."""
        value = await self._runner.execute_command("GET", keys.conversation_doc(conversation_key))
        return orjson.loads(value) if value else None


def _release_args(lock: str, in_flight: str, token: str,
                  binding: tuple[str, str] | None) -> tuple[list[str], list[str]]:
    """(keys, args) of the release script; a binding begin made is made durable with it."""
    if binding is None:
        return [lock, in_flight], [token]
    return [lock, in_flight, binding[0]], [token, binding[1]]
