"""The outbox's Redis structures and every atomic step on them (one Lua script each).

Everything lives on the cases' hash-tag slot (`pb:{cases}`), next to the case records, so that
each step — acknowledge an entry and mark its case delivered, move it to the retry schedule, to
the dead letters, or back — is one atomic script, also on Redis Cluster.

- `keys.OUTBOX_STREAM`: entries to deliver, read by the consumer group `keys.OUTBOX_GROUP`.
  Fields (all strings): kind ("case" | "rating"), case_id, attempts (failed so far), first_at
  (unix time of the first attempt, "" before it), enqueued_at, payload (rating events only).
- `keys.OUTBOX_RETRY`: sorted set of entries waiting for their next attempt, by due time.
- `keys.OUTBOX_DEAD`: hash dead-letter id -> JSON (id, case_id, kind, reason, attempts,
  failed_at, ...). The id is "<kind>:<case_id>", stable across re-sends.
- `keys.outbox_lease(<idempotency key>)`: held while one worker delivers, so two workers never
  deliver the same thing at the same time, even when one reclaims the other's pending entry.

Case records gain these fields here: delivery (pending|retrying|delivered|dead), attempts,
last_error, delivered_at, external_number (the case system's number), rating, rating_comment,
rated_at, rating_rev, rating_delivered_at.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import orjson
from redis.asyncio import Redis
from redis.exceptions import ResponseError

from bot import keys, situation_counts
from bot.redisconn import as_text

log = logging.getLogger("petition.outbox")

KINDS = ("case", "rating")
# Statuses from which a case is already on its way or beyond: enqueue_case leaves those alone.
IN_FLIGHT_OR_DONE = ("queued", "delivered", "accepted", "in_progress", "concluded", "rejected")


def idempotency_key(kind: str, case_id: str, rev: str = "") -> str:
    """The case itself is keyed by its case_id (SPEC); its rating needs a key of its own, or a
    case system that dedupes by Idempotency-Key would drop the rating as a repeat — and so does
    each later revision of the rating (the comment the citizen adds after the score)."""
    if kind == "case":
        return case_id
    return f"{kind}:{case_id}" if rev in ("", "1") else f"{kind}:{case_id}:{rev}"


def dead_id(kind: str, case_id: str) -> str:
    return f"{kind}:{case_id}"


def lease_key(kind: str, case_id: str, rev: str = "") -> str:
    return keys.outbox_lease(idempotency_key(kind, case_id, rev))


_RELEASE_LEASE = "if redis.call('GET', KEYS[LK]) == ARGV[LT] then redis.call('DEL', KEYS[LK]) end"

# KEYS: lease, stream, record.  ARGV: token, lease ms, group, entry id, kind
# Returns {0} lease held by another worker, {-1} no longer pending (someone finished it), or
# {1, times delivered, body, number, conv, created} (record fields for a case, else nil).
_BEGIN = """
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return {0} end
local p = redis.call('XPENDING', KEYS[2], ARGV[3], ARGV[4], ARGV[4], 1)
if #p == 0 then
  redis.call('DEL', KEYS[1])
  return {-1}
end
if ARGV[5] ~= 'case' then return {1, p[1][4]} end
local f = redis.call('HMGET', KEYS[3], 'body', 'number', 'conv', 'created')
return {1, p[1][4], f[1], f[2], f[3], f[4]}
"""

# KEYS: stream, record, lease, file offsets
# ARGV: group, entry id, kind, now, external number, idempotency key, lease token
_FINISH = """
if redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
redis.call('XDEL', KEYS[1], ARGV[2])
redis.call('HDEL', KEYS[4], ARGV[6])
""" + _RELEASE_LEASE.replace("LK", "3").replace("LT", "7") + """
if redis.call('EXISTS', KEYS[2]) == 0 then return 1 end
if ARGV[3] ~= 'case' then
  redis.call('HSET', KEYS[2], 'rating_delivered_at', ARGV[4])
  return 1
end
local first = redis.call('HEXISTS', KEYS[2], 'delivered_at') == 0
local status = redis.call('HGET', KEYS[2], 'status')
-- a status event of the case system may already have arrived: never go back from it
if status == false or status == 'queued' or status == 'review' then
  redis.call('HSET', KEYS[2], 'status', 'delivered')
end
redis.call('HSET', KEYS[2], 'delivered_at', ARGV[4], 'delivery', 'delivered')
redis.call('HDEL', KEYS[2], 'last_error')
if ARGV[5] ~= '' then redis.call('HSET', KEYS[2], 'external_number', ARGV[5]) end
if first then return 1 end
return 2
"""


def _settle(move: str, delivery: str) -> str:
    """Acknowledge the entry, `move` it (Lua, with KEYS[2] and ARGV[3], ARGV[4]), release the
    lease and record `delivery` with the reason and attempts on a case record."""
    return ("""
if redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
redis.call('XDEL', KEYS[1], ARGV[2])
""" + move + "\n" + _RELEASE_LEASE.replace("LK", "4").replace("LT", "6") + f"""
if ARGV[7] == 'case' and redis.call('EXISTS', KEYS[3]) == 1 then
  redis.call('HSET', KEYS[3], 'delivery', '{delivery}', 'last_error', ARGV[5], 'attempts', ARGV[8])
end
return 1
""")


# KEYS: stream, retry schedule, record, lease
# ARGV: group, entry id, due time, member JSON, reason, lease token, kind, attempts
_RESCHEDULE = _settle("redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])", "retrying")

# KEYS: stream, dead letters, record, lease
# ARGV: group, entry id, dead id, item JSON, reason, lease token, kind, attempts
_DEAD = _settle("redis.call('HSET', KEYS[2], ARGV[3], ARGV[4])", "dead")

# KEYS: retry schedule, stream.  ARGV: now, limit
_PROMOTE = """
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
for _, member in ipairs(due) do
  redis.call('ZREM', KEYS[1], member)
  local f = cjson.decode(member)
  local args = {}
  for k, v in pairs(f) do
    if k ~= 'prev' then
      args[#args + 1] = k
      args[#args + 1] = tostring(v)
    end
  end
  redis.call('XADD', KEYS[2], '*', unpack(args))
end
return #due
"""

# KEYS: dead letters, stream, record.  ARGV: dead id, now
_RESEND = """
local item = redis.call('HGET', KEYS[1], ARGV[1])
if not item then return 0 end
local d = cjson.decode(item)
redis.call('HDEL', KEYS[1], ARGV[1])
local args = {'kind', d.kind, 'case_id', d.case_id, 'attempts', '0', 'first_at', '',
              'enqueued_at', ARGV[2]}
if type(d.payload) == 'string' and d.payload ~= '' then
  args[#args + 1] = 'payload'
  args[#args + 1] = d.payload
end
if type(d.rev) == 'string' and d.rev ~= '' then
  args[#args + 1] = 'rev'
  args[#args + 1] = d.rev
end
redis.call('XADD', KEYS[2], '*', unpack(args))
if d.kind == 'case' and redis.call('EXISTS', KEYS[3]) == 1 then
  redis.call('HSET', KEYS[3], 'delivery', 'pending', 'attempts', '0')
  redis.call('HDEL', KEYS[3], 'last_error')
end
return 1
"""

# KEYS: record, stream.  ARGV: case id, now, statuses that leave the case alone...
_ENQUEUE = """
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
local status = redis.call('HGET', KEYS[1], 'status')
for i = 3, #ARGV do
  if status == ARGV[i] then return 0 end
end
redis.call('HSET', KEYS[1], 'status', 'queued', 'delivery', 'pending')
redis.call('XADD', KEYS[2], '*', 'kind', 'case', 'case_id', ARGV[1], 'attempts', '0',
           'first_at', '', 'enqueued_at', ARGV[2])
return 1
"""

# KEYS: record, stream.  ARGV: case id, rating, comment, now, payload JSON, update flag
# One rating per case; the dialog may send one update of it (the comment given after the score).
_RATE = """
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
if redis.call('HEXISTS', KEYS[1], 'rating') == 1 and ARGV[6] ~= '1' then return 0 end
local rev = redis.call('HINCRBY', KEYS[1], 'rating_rev', 1)
redis.call('HSET', KEYS[1], 'rating', ARGV[2], 'rating_comment', ARGV[3], 'rated_at', ARGV[4])
redis.call('XADD', KEYS[2], '*', 'kind', 'rating', 'case_id', ARGV[1], 'attempts', '0',
           'first_at', '', 'enqueued_at', ARGV[4], 'payload', ARGV[5], 'rev', tostring(rev))
return rev
"""


class OutboxStore:
    """The scripts, registered once per client."""

    def __init__(self, redis: Redis, scripts: Any = None):
        """`scripts`: what runs them (bot.redis_mux.scripts_client_for); by default `redis`."""
        self.redis = redis
        runner = scripts if scripts is not None else redis
        self.begin = runner.register_script(_BEGIN)
        self.finish = runner.register_script(_FINISH)
        self.reschedule = runner.register_script(_RESCHEDULE)
        self.dead = runner.register_script(_DEAD)
        self.promote = runner.register_script(_PROMOTE)
        self.resend = runner.register_script(_RESEND)
        self.enqueue = runner.register_script(_ENQUEUE)
        self.rate = runner.register_script(_RATE)
        self.release = runner.register_script(
            _RELEASE_LEASE.replace("LK", "1").replace("LT", "1"))


# --- the staff console's API (names fixed: the console is built against them) ------------

async def list_dead_letters(redis: Redis) -> list[dict[str, Any]]:
    """Dead letters, newest first: id, case_id, kind, reason, attempts, failed_at (+ number)."""
    raw = await redis.hgetall(keys.OUTBOX_DEAD)
    items = []
    for key, value in raw.items():
        try:
            item = orjson.loads(value)
        except orjson.JSONDecodeError:
            item = {"reason": "unreadable dead letter"}
        item["id"] = as_text(key)
        item.pop("payload", None)  # the rating text stays in Redis, out of listings
        items.append(item)
    items.sort(key=lambda d: d.get("failed_at", 0), reverse=True)
    return items


async def resend_dead_letter(redis: Redis, dead_letter_id: str) -> bool:
    """Put a dead letter back in the outbox (attempts start over). False if there is none."""
    kind, _, case_id = dead_letter_id.partition(":")
    if kind not in KINDS or not case_id:
        return False
    res = await OutboxStore(redis).resend(
        keys=[keys.OUTBOX_DEAD, keys.OUTBOX_STREAM, keys.case_record(case_id)],
        args=[dead_letter_id, repr(time.time())])
    return bool(res)


async def enqueue_case(redis: Redis, case_id: str) -> None:
    """Send a reviewed case: status "queued" and an outbox entry, in one step.

    Raises LookupError for an unknown case. A case already queued, delivered or further along is
    left alone (a second click in the console must not send it twice); a dead letter is re-sent
    with `resend_dead_letter`.
    """
    res = await OutboxStore(redis).enqueue(
        keys=[keys.case_record(case_id), keys.OUTBOX_STREAM],
        args=[case_id, repr(time.time()), *IN_FLIGHT_OR_DONE])
    if res == -1:
        raise LookupError(f"unknown case {case_id}")


class RatingSink:
    """The pipeline's "rating" effect: record the rating on the case and queue it for the case
    system (a signed event on the same webhook), in one step. One rating per case; a payload
    with "update": true (the dialog's follow-up with the citizen's comment) revises it and is
    sent as a new event with its own Idempotency-Key."""

    def __init__(self, redis: Redis, timezone: str = "Asia/Shanghai"):
        self.redis = redis
        self.store = OutboxStore(redis)
        self.tz = ZoneInfo(timezone)

    async def send_rating(self, payload: dict[str, Any]) -> None:
        case_id = str(payload.get("case_id") or "")
        try:
            rating = int(payload.get("rating"))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            rating = 0
        if not case_id or not 1 <= rating <= 5:
            # Never break the citizen's turn over it; the dialog validates before this.
            log.warning("rating ignored: needs a case_id and a rating from 1 to 5")
            return
        comment = str(payload.get("comment") or "")[:500]
        update = bool(payload.get("update"))
        number, external = await self.redis.hmget(keys.case_record(case_id),
                                                  ["number", "external_number"])
        now = time.time()
        event = {"event": "rating", "case_id": case_id,
                 "case_number": as_text(external) or None, "reference": as_text(number) or None,
                 "rating": rating, "comment": comment,
                 "rated_at": datetime.fromtimestamp(now, self.tz).isoformat(),
                 "update": update}
        res = await self.store.rate(keys=[keys.case_record(case_id), keys.OUTBOX_STREAM],
                                    args=[case_id, rating, comment, repr(now),
                                          orjson.dumps(event), "1" if update else "0"])
        if res == 1:
            await situation_counts.recount(self.redis, case_id, self.tz)
        elif res == -1:
            log.warning("rating ignored: unknown case case_id=%s", case_id)
        elif res == 0:
            log.info("rating ignored: case already rated case_id=%s", case_id)


async def outbox_status(redis: Redis, *, limit: int = 50) -> dict[str, Any]:
    """What waits where: new entries, entries being delivered, scheduled retries, dead letters."""
    length = await redis.xlen(keys.OUTBOX_STREAM)
    pending: list[dict[str, Any]] = []
    try:
        rows: Any = await redis.xpending_range(keys.OUTBOX_STREAM, keys.OUTBOX_GROUP, "-", "+",
                                               limit)
        for row in rows:
            pending.append({"entry": as_text(row["message_id"]),
                            "consumer": as_text(row["consumer"]),
                            "idle_seconds": row["time_since_delivered"] / 1000,
                            "deliveries": row["times_delivered"]})
    except ResponseError as exc:  # no group yet: nothing was ever read
        if "NOGROUP" not in str(exc):
            raise
    entries: Any = await redis.xrange(keys.OUTBOX_STREAM, "-", "+", count=limit)
    waiting = [{"entry": as_text(eid), "kind": as_text(f.get(b"kind")),
                "case_id": as_text(f.get(b"case_id")),
                "attempts": int(as_text(f.get(b"attempts")) or 0)} for eid, f in entries]
    retries = []
    scheduled: Any = await redis.zrange(keys.OUTBOX_RETRY, 0, limit - 1, withscores=True)
    for member, score in scheduled:
        f = orjson.loads(member)
        retries.append({"kind": f.get("kind"), "case_id": f.get("case_id"),
                        "attempts": int(f.get("attempts", 0)), "due_at": score})
    return {"stream_length": length, "entries": waiting, "pending": pending,
            "retries": retries, "retry_count": await redis.zcard(keys.OUTBOX_RETRY),
            "dead_letters": await list_dead_letters(redis)}
