"""Case records and the atomic hand-off of a finished petition.

`submit` is one Redis script on the cases' slot: it creates the case record (a hash), allocates
the human case number (JH-YYYYMMDD-NNNN from a daily counter), indexes it, and either appends it
to the durable outbox stream or, when the model was unsure, puts it in the staff review queue.
It is idempotent by case id: a retried turn gets the same number and nothing is enqueued twice.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Awaitable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast
from zoneinfo import ZoneInfo

import orjson
from redis.asyncio import Redis

from bot import keys, situation_counts
from bot.redisconn import as_text

# Returns {number, the record's situation_counts.FIELDS} (what the recount reads: one round
# trip fewer on the submitting turn).
_SUBMIT = """
local function done(number)
  return {number, redis.call('HMGET', KEYS[1], """ + ", ".join(f"'{f}'" for f in situation_counts.FIELDS) + """)}
end
if redis.call('EXISTS', KEYS[1]) == 1 then return done(redis.call('HGET', KEYS[1], 'number')) end
local n = redis.call('INCR', KEYS[2])
redis.call('EXPIRE', KEYS[2], 259200)
local number = ARGV[3] .. string.format('%04d', n)
redis.call('HSET', KEYS[1], 'body', ARGV[2], 'number', number, 'status', ARGV[4],
           'conv', ARGV[5], 'created', ARGV[6])
if tonumber(ARGV[9]) > 0 then redis.call('EXPIRE', KEYS[1], ARGV[9]) end
redis.call('HSET', KEYS[3], number, ARGV[1])
if ARGV[4] == 'review' then
  redis.call('HSET', KEYS[5], 'case:' .. ARGV[1], ARGV[7])
else
  redis.call('XADD', KEYS[4], '*', 'kind', 'case', 'case_id', ARGV[1])
end
if ARGV[8] ~= '' then
  -- only the repeat-petition check reads this index, and only 30 days back
  redis.call('ZADD', KEYS[6], ARGV[6], ARGV[1])
  redis.call('ZREMRANGEBYSCORE', KEYS[6], '-inf', tonumber(ARGV[6]) - 2678400)
  redis.call('EXPIRE', KEYS[6], 2678400)
end
return done(number)
"""


def case_id_for(conversation_key: str, draft_id: str) -> str:
    """Deterministic per draft, so re-running a submission can never create a second case."""
    return hashlib.sha256(f"{conversation_key}\x1f{draft_id}".encode()).hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class CaseRecord:
    case_id: str
    number: str
    status: str
    conversation_key: str
    created: float
    body: dict[str, Any]
    status_message: str = ""  # the case system's last word on it (from its events)
    external_number: str = ""  # the case system's own number, once it has one


DEFAULT_RETENTION_DAYS = 400


class CaseStore:
    """Case records live `retention_days` after submission (the county's case system is the
    record; ours serves 查询, the console and its statistics), then Redis deletes them."""

    def __init__(self, redis: Redis, retention_days: int = DEFAULT_RETENTION_DAYS, *,
                 scripts: Any = None, timezone: str = "Asia/Shanghai"):
        """`scripts`: what runs the submit script and the per-turn phone lookup
        (bot.redis_mux.scripts_client_for); by default `redis` itself. `timezone`: the county's,
        whose days the situation figures count in."""
        self.redis = redis
        self.tz = ZoneInfo(timezone)
        self.retention_seconds = max(0, retention_days) * 86400
        self._runner = scripts if scripts is not None else redis
        self._submit = self._runner.register_script(_SUBMIT)

    async def submit(self, case: dict[str, Any], *, conversation_key: str,
                     needs_review: bool, submitted_at: datetime,
                     deferred: list[Awaitable[Any]] | None = None) -> str:
        """Record the case and hand it on (outbox or review queue). Returns the case number.
        The situation recount follows; with `deferred` it is added there for the caller to
        await together with its own save (one Redis iteration, so one fsync, for both)."""
        case_id = case["case_id"]
        phone = (case.get("petitioner") or {}).get("phone") or ""
        now = time.time()
        item = orjson.dumps({
            "id": f"case:{case_id}", "kind": "review",
            # a citizen told the legal path who asked for the lawyer room: staff arrange it
            "reason": "lawyer_appointment" if case.get("legal_choice") == "lawyer"
            else "low_confidence",
            "case_id": case_id, "conversation_key": conversation_key,
            "channel": case.get("channel", ""), "created_at": now,
        })
        number, fields = await self._submit(
            keys=[keys.case_record(case_id), keys.case_number_counter(submitted_at.strftime("%Y%m%d")),
                  keys.CASE_NUMBER_INDEX, keys.OUTBOX_STREAM, keys.STAFF_QUEUE,
                  keys.phone_cases(phone)],
            args=[case_id, orjson.dumps(case), "JH-" + submitted_at.strftime("%Y%m%d") + "-",
                  "review" if needs_review else "queued", conversation_key, now, item, phone,
                  self.retention_seconds])
        recount = situation_counts.recount(self._runner, case_id, self.tz, fields)
        if deferred is not None:
            deferred.append(recount)
        else:
            await recount
        return as_text(number)

    async def get(self, case_id: str) -> CaseRecord | None:
        raw = cast(dict[bytes, bytes], await self.redis.hgetall(keys.case_record(case_id)))
        return _record(case_id, raw) if raw else None

    async def get_many(self, case_ids: list[str]) -> list[CaseRecord]:
        if not case_ids:
            return []
        pipe = self.redis.pipeline(transaction=False)
        for cid in case_ids:
            pipe.hgetall(keys.case_record(cid))
        rows = await pipe.execute()
        return [_record(cid, raw) for cid, raw in zip(case_ids, rows) if raw]

    async def ids_for_phone(self, phone: str, since: float) -> list[str]:
        ids = cast(list[bytes], await self._runner.execute_command(
            "ZREVRANGEBYSCORE", keys.phone_cases(phone), "+inf", since, "LIMIT", 0, 10))
        return [i.decode() for i in ids]

    async def by_number(self, number: str) -> str | None:
        cid = await self.redis.hget(keys.CASE_NUMBER_INDEX, number)
        return as_text(cid) or None


def _record(case_id: str, raw: dict[bytes, bytes]) -> CaseRecord:
    def s(name: str) -> str:
        return as_text(raw.get(name.encode(), b""))

    return CaseRecord(case_id=case_id, number=s("number"), status=s("status"),
                      conversation_key=s("conv"), created=float(s("created") or 0),
                      body=orjson.loads(raw.get(b"body", b"{}")),
                      status_message=s("status_message"), external_number=s("external_number"))
