"""The figures of 形势网上判, kept when cases are written instead of counted on every view.

Each case record contributes to the counters of the local day it was created on: `total` (or
`closed` when staff closed it as not a petition), `channel:<x>`, `category:<name>`, `town:<x>`,
`color:<x>`, `bot` (submitted by the bot itself), `sent` (past review), `auto` (sent with the
model's category), `rating:<1-5>`; its submission-to-delivery time goes to the day's delivery
hash, and an open case with a due date to the open-cases hash (网上督). The contribution applied
is remembered on the record (field `situation`).

Whoever writes a case record (submission, review, delivery, a case-system status, a rating)
calls `recount(redis, case_id, tz)` afterwards. It reads the record, works out its contribution
and applies the difference from the one remembered, in one script that first checks the record
is still what was read (else it reads again). So a repeat changes nothing, concurrent writers
cannot count twice, and a recount that failed (Redis away) is repaired by the next write of the
case. All keys carry the case tag: one Cluster slot with the records.
"""

from __future__ import annotations

import hashlib
import logging
import weakref
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import orjson
from redis.exceptions import RedisError

from bot import keys
from bot.redisconn import as_text, as_time

log = logging.getLogger("petition.situation")

FIELDS = ("body", "status", "created", "delivered_at", "rating", "number")
# Cases on their way or being handled by the departments: their deadlines are watched (网上督).
# A case awaiting staff review is 在办 too: its deadline runs from submission.
OPEN_STATUSES = ("review", "queued", "delivered", "accepted", "in_progress")
SCAN_BATCH = 500

# KEYS: record, day counters, day delivery times, open cases.
# ARGV: case id, sha1 of the record's FIELDS as read, their contribution (JSON).
_APPLY = """
local f = redis.call('HMGET', KEYS[1], 'body', 'status', 'created', 'delivered_at', 'rating',
                     'number', 'situation')
local seen = {}
for i = 1, 6 do seen[i] = f[i] or '' end
if redis.sha1hex(table.concat(seen, '\\31')) ~= ARGV[2] then return 0 end
if not f[1] then
  redis.call('HDEL', KEYS[4], ARGV[1])
  return 1
end
if f[7] == ARGV[3] then return 1 end
local function add(list, by)
  for _, name in ipairs(list) do
    if redis.call('HINCRBY', KEYS[2], name, by) == 0 then redis.call('HDEL', KEYS[2], name) end
  end
end
if f[7] then add(cjson.decode(f[7]).f, -1) end
local new = cjson.decode(ARGV[3])
add(new.f, 1)
if new.d then redis.call('HSET', KEYS[3], ARGV[1], new.d) else redis.call('HDEL', KEYS[3], ARGV[1]) end
if new.w then redis.call('HSET', KEYS[4], ARGV[1], new.w) else redis.call('HDEL', KEYS[4], ARGV[1]) end
redis.call('HSET', KEYS[1], 'situation', ARGV[3])
local ttl = redis.call('TTL', KEYS[1])
if ttl > 0 then
  for i = 2, 3 do
    if redis.call('TTL', KEYS[i]) < ttl + 86400 then redis.call('EXPIRE', KEYS[i], ttl + 86400) end
  end
end
return 1
"""


def _fingerprint(values: Sequence[Any]) -> str:
    raw = [v if isinstance(v, bytes) else ("" if v is None else str(v)).encode() for v in values]
    return hashlib.sha1(b"\x1f".join(raw)).hexdigest()


def contribution(values: Sequence[Any], tz: ZoneInfo) -> tuple[str, dict[str, Any]] | None:
    """(local day, {"f": counters, "d": delivery seconds, "w": watched entry}) of a record's
    FIELDS; None when it has no body."""
    body_raw, status, created_s, delivered_s, rating, number = (as_text(v) for v in values)
    if not body_raw:
        return None
    body = orjson.loads(body_raw)
    created = float(created_s or 0)
    day = datetime.fromtimestamp(created, tz).date().isoformat()
    category = body.get("category") or {}
    out: dict[str, Any] = {}
    if status == "not_petition":
        out["f"] = ["closed"]
    else:
        counters = ["total", f"channel:{body.get('channel') or ''}",
                    f"category:{category.get('name') or ''}", f"town:{body.get('town') or ''}",
                    f"color:{body.get('color') or ''}"]
        if not body.get("via_handoff"):
            counters.append("bot")
        if status != "review":
            counters.append("sent")
            if category.get("source") == "model":
                counters.append("auto")
        if rating.strip().isdigit() and 1 <= int(rating) <= 5:
            counters.append(f"rating:{int(rating)}")
        out["f"] = counters
        first, delivered = as_time(body.get("first_message_at")), as_time(delivered_s)
        if first is not None and delivered is not None and delivered >= first:
            out["d"] = repr(delivered - first)
    due = as_time(body.get("due_at"))
    if status in OPEN_STATUSES and due is not None:
        out["w"] = orjson.dumps({"number": number, "category": category.get("name") or "",
                                 "town": body.get("town") or "", "color": body.get("color") or "",
                                 "created": created, "due": due}).decode()
    return day, out


_SCRIPTS: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()


def _script_for(redis: Any) -> Any:
    """The apply script registered once per client (registering hashes the source and, with
    redis-py, builds an object: on every case write that was measurable under load)."""
    try:
        script = _SCRIPTS.get(redis)
    except TypeError:  # a client that cannot be weakly referenced
        return redis.register_script(_APPLY)
    if script is None:
        script = _SCRIPTS[redis] = redis.register_script(_APPLY)
    return script


async def recount(redis: Any, case_id: str, tz: ZoneInfo,
                  fields: Sequence[Any] | None = None) -> bool:
    """Bring the counters up to date with one case record. Never raises for Redis trouble (the
    figures are repaired by the case's next write); False when they could not be updated.
    `redis`: a redis-py client or the per-turn scripts client (bot.redis_mux), which is
    cheaper on the hot paths (submission, delivery). `fields`: the record's FIELDS as the
    caller's script just read them (saves reading them again; checked like a read)."""
    record = keys.case_record(case_id)
    script = _script_for(redis)
    try:
        for _ in range(5):
            values = fields if fields is not None else \
                await redis.execute_command("HMGET", record, *FIELDS)
            fields = None
            made = contribution(values, tz)
            day, applied = made if made is not None else ("none", {"f": []})
            done = await script(
                keys=[record, keys.situation_day(day), keys.situation_delivery(day),
                      keys.SITUATION_OPEN],
                args=[case_id, _fingerprint(values), orjson.dumps(applied)])
            if int(done):
                return True
    except (RedisError, OSError) as exc:
        log.warning("situation counts not updated case_id=%s error=%s", case_id,
                    type(exc).__name__)
        return False
    log.warning("situation counts not updated case_id=%s: the record kept changing", case_id)
    return False


async def count_existing(redis: Any, tz: ZoneInfo) -> int:
    """Count every case already in Redis (once, when a deployment first runs this code): the
    records written before the counters existed. Redis trouble postpones it to the next start."""
    prefix = len(keys.case_record(""))
    n = 0
    try:
        if await redis.exists(keys.SITUATION_COUNTED):
            return 0
        async for k in redis.scan_iter(match=keys.case_record("*"), count=SCAN_BATCH):
            await recount(redis, as_text(k)[prefix:], tz)
            n += 1
        await redis.set(keys.SITUATION_COUNTED, "1")
    except (RedisError, OSError) as exc:
        log.warning("existing cases not counted yet error=%s", type(exc).__name__)
    return n


@dataclass
class DayFigures:
    """The counters of a span of days, summed; `per_day` has each day's total."""
    counts: Counter[str] = field(default_factory=Counter)
    per_day: dict[str, int] = field(default_factory=dict)
    delivery_seconds: list[float] = field(default_factory=list)

    def by(self, prefix: str) -> Counter[str]:
        """{"web": 3, ...} from the "channel:web" counters, for prefix "channel"."""
        start = prefix + ":"
        return Counter({k[len(start):]: v for k, v in self.counts.items()
                        if k.startswith(start) and v})


async def read_days(redis: Any, days: Iterable[date]) -> DayFigures:
    """The counters of the given days: two reads per day, whatever the number of cases."""
    names = [d.isoformat() for d in days]
    pipe = redis.pipeline(transaction=False)
    for name in names:
        pipe.hgetall(keys.situation_day(name))
        pipe.hvals(keys.situation_delivery(name))
    replies = await pipe.execute()
    figures = DayFigures()
    for i, name in enumerate(names):
        counters = {as_text(k): int(v) for k, v in replies[2 * i].items()}
        figures.counts.update(counters)
        figures.per_day[name] = counters.get("total", 0)
        figures.delivery_seconds.extend(float(v) for v in replies[2 * i + 1])
    return figures


async def open_cases(redis: Any) -> dict[str, dict[str, Any]]:
    """case id -> {number, category, town, color, created, due} of every watched open case."""
    raw = await redis.hgetall(keys.SITUATION_OPEN)
    return {as_text(k): orjson.loads(v) for k, v in raw.items()}
