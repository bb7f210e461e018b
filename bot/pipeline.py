"""The pipeline every channel calls: dedupe -> lock -> load -> dialog step -> hand-offs -> save.

It is the only place that joins the store, the dialog, the classifier and the case hand-off.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from redis.exceptions import RedisError

from bot import metrics
from bot.cases import CaseStore
from bot.lookup import CaseLookup, parse_lookup
from bot.messages import InboundMessage, Reply, TurnResult
from bot.store import Busy, ConversationStore, InFlight, LockLost, RateLimited, Turn
from bot.submission import MAX_CASE_BRIEFS, submit_case
from dialogs.api import (
    CASE_NUMBER_PLACEHOLDER,
    CaseBrief,
    DueDate,
    Effect,
    Say,
    Services,
    StepInput,
    StepResult,
)
from dialogs.transcript import append as append_line
from dialogs.transcript import fill_case_number
from nlp.colour import ColourRule
from nlp.types import Analysis

log = logging.getLogger("petition.pipeline")

REPEAT_WINDOW_DAYS = 30
FALLBACK_TTL_S = 7 * 86400  # a document the dialog cannot even date is still kept this long
PHONE_CACHE_S = 300  # how long a phone's case lookup is trusted within one conversation


class DialogLike(Protocol):
    def step(self, doc: dict[str, Any] | None, turn: StepInput, ctx: Services) -> StepResult: ...
    def ttl_seconds(self, doc: dict[str, Any]) -> int: ...


class StaffQueue(Protocol):
    async def add_handoff(self, conversation_key: str, doc: dict[str, Any],
                          payload: dict[str, Any]) -> None: ...

    async def withdraw_handoff(self, conversation_key: str) -> None: ...


class RatingTarget(Protocol):
    async def send_rating(self, payload: dict[str, Any]) -> None: ...


def _reply(say: Say, case_number: str = "") -> Reply:
    text, short = say.text, say.short
    if case_number:
        text = text.replace(CASE_NUMBER_PLACEHOLDER, case_number)
        short = short.replace(CASE_NUMBER_PLACEHOLDER, case_number)
    return Reply(text=text, short=short, choices=tuple(say.choices))


def _encode(result: TurnResult) -> dict[str, Any]:
    return {"r": [[r.text, r.short, list(r.choices)] for r in result.replies],
            "s": result.state, "e": result.expecting}


def _decode(stored: Any) -> TurnResult:
    replies = tuple(Reply(t, s, tuple(c)) for t, s, c in stored.get("r", []))
    return TurnResult(replies=replies, state=stored.get("s", ""), expecting=stored.get("e"),
                      duplicate=True)


class Pipeline:
    def __init__(self, *, store: ConversationStore, cases: CaseStore, dialog: DialogLike,
                 analyze: Callable[[str], Analysis], due_at: Callable[[str, datetime], DueDate],
                 system_prompts: dict[str, Reply], staff_queue: StaffQueue | None = None,
                 ratings: RatingTarget | None = None, timezone: str = "Asia/Shanghai",
                 lookup: CaseLookup | None = None, colour_rule: ColourRule | None = None):
        self.store = store
        self.cases = cases
        self.dialog = dialog
        self.analyze = analyze
        self.due_at = due_at
        self.prompts = system_prompts
        self.staff_queue = staff_queue
        self.ratings = ratings
        self.tz = ZoneInfo(timezone)
        self.lookup = lookup  # 查询 <number> <phone>, answered before the dialog (bot/lookup.py)
        self.colour_rule = colour_rule  # the classifier's (config/colour_rule.toml), for the dialog

    async def __call__(self, message: InboundMessage) -> TurnResult:
        started = time.perf_counter()
        key = message.conversation_key
        try:
            turn = await self.store.begin(key, message.message_id,
                                          binding=message.request_binding)
        except (RedisError, OSError):
            # Nothing was stored: ask the citizen to send again (platforms retry on their own).
            log.warning("redis unavailable at begin conv=%s", key)
            metrics.TURNS.inc(message.channel, "redis_down")
            return TurnResult(replies=(self.prompts["busy"],))
        except RateLimited:
            metrics.TURNS.inc(message.channel, "rate_limited")
            return TurnResult(replies=(self.prompts["rate_limited"],))
        except InFlight:
            metrics.TURNS.inc(message.channel, "retry_in_flight")
            return TurnResult(replies=(), in_flight=True)
        except Busy:
            metrics.TURNS.inc(message.channel, "busy")
            return TurnResult(replies=(self.prompts["busy"],))
        if turn.duplicate_of is not None:
            metrics.TURNS.inc(message.channel, "duplicate")
            return _decode(turn.duplicate_of)
        try:
            result = await self._turn(message, turn)
        except LockLost:
            log.warning("lock lost conv=%s", key)
            metrics.TURNS.inc(message.channel, "lock_lost")
            return TurnResult(replies=(self.prompts["busy"],))
        except (RedisError, OSError):
            # The turn was not saved; a resend of the same message re-runs it (a case it
            # submitted keeps its id, so it is not duplicated).
            log.warning("redis unavailable during turn conv=%s", key)
            metrics.TURNS.inc(message.channel, "redis_down")
            with contextlib.suppress(RedisError, OSError):
                await self.store.release(turn)
            return TurnResult(replies=(self.prompts["busy"],))
        except BaseException:
            await self.store.release(turn)
            raise
        metrics.TURNS.inc(message.channel, "ok")
        metrics.TURN_SECONDS.observe(time.perf_counter() - started, message.channel)
        return result

    def _now(self, message: InboundMessage) -> datetime:
        ts = message.received_at or time.time()
        return datetime.fromtimestamp(ts, self.tz)

    def _new_doc(self, message: InboundMessage, now: datetime) -> dict[str, Any]:
        return {"meta": {"channel": message.channel, "sender": message.sender,
                         "group": message.group, "created": now.isoformat(),
                         "draft": uuid.uuid4().hex, "owner": None, "cases": []}}

    async def _turn(self, message: InboundMessage, turn: Turn) -> TurnResult:
        asked = parse_lookup(message.text) if self.lookup is not None and message.text else None
        if asked is not None and self.lookup is not None:
            return await self._lookup(turn, *asked)
        now = self._now(message)
        doc = turn.doc or self._new_doc(message, now)
        meta = doc.setdefault("meta", {})
        meta["last_seen"] = now.isoformat()
        if message.reply_context:
            meta["reply_context"] = dict(message.reply_context)
        if meta.get("owner"):
            # A staff member owns this conversation: the bot stays silent and keeps the words.
            append_line(doc, "citizen", message.text or f"[{message.kind}]", now)
            await self.store.commit(turn, doc, self.dialog.ttl_seconds(doc), _encode(
                TurnResult(replies=(), silent=True)))
            return TurnResult(replies=(), state=doc.get("state", ""), silent=True)

        user_turn = StepInput(
            text=message.text, kind=message.kind, channel=message.channel, now=now,
            event=message.event,
            location=(message.location.lat, message.location.lon, message.location.label)
            if message.location else None,
            attachments=tuple({"kind": a.kind, "ref": a.ref, "name": a.name,
                               "stored_path": a.stored_path} for a in message.attachments),
            message_id=message.message_id)
        ctx = Services(analyze=self.analyze, due_at=self.due_at,
                          recent_cases=await self._recent_cases(doc, now), colour_rule=self.colour_rule)
        try:
            step = self.dialog.step(doc, user_turn, ctx)
        except Exception:
            # Never lose what the citizen wrote: keep it in the transcript and say sorry.
            log.exception("dialog step failed conv=%s state=%s", turn.conversation_key,
                          doc.get("state"))
            append_line(doc, "citizen", message.text or f"[{message.kind}]", now)
            try:
                ttl = self.dialog.ttl_seconds(doc)  # the draft's retention, as after any turn
            except (TypeError, ValueError, KeyError, AttributeError):  # a malformed document
                ttl = FALLBACK_TTL_S
            await self.store.commit(turn, doc, ttl, None)
            return TurnResult(replies=(self.prompts["error"],), state=doc.get("state", ""))

        new_doc = step.doc
        new_doc["meta"] = meta
        case_number = ""
        # the situation recount of a submitted case goes out with the commit (both written in
        # one Redis iteration: one fsync); it runs whatever happens to the turn after the case
        deferred: list[Awaitable[Any]] = []
        sent = False
        try:
            for effect in step.effects:
                case_number = await self._perform(effect, turn.conversation_key, new_doc, now,
                                                  deferred) or case_number
            if case_number:
                fill_case_number(new_doc, case_number)  # the stored transcript says it too
            result = TurnResult(replies=tuple(_reply(s, case_number) for s in step.replies),
                                state=step.state, expecting=step.expecting)
            sent = True
            await asyncio.gather(self.store.commit(
                turn, new_doc, self.dialog.ttl_seconds(new_doc), _encode(result)), *deferred)
        finally:
            if deferred and not sent:
                await asyncio.gather(*deferred, return_exceptions=True)
        return result

    async def _lookup(self, turn: Turn, number: str, phone: str) -> TurnResult:
        """Progress from anywhere: the conversation is left as it was (a lookup is neither part
        of a petition nor kept in its transcript); a new sender gets no document at all."""
        assert self.lookup is not None
        reply = await self.lookup.answer(turn.conversation_key, number, phone)
        doc = turn.doc
        result = TurnResult(replies=(reply,), state=(doc or {}).get("state", ""))
        ttl = self.dialog.ttl_seconds(doc) if doc is not None else 1
        await self.store.commit(turn, doc, ttl, _encode(result))
        metrics.TURNS.inc(turn.conversation_key.split(":", 1)[0], "lookup")
        return result

    async def _perform(self, effect: Effect, conversation_key: str, doc: dict[str, Any],
                       now: datetime, deferred: list[Awaitable[Any]]) -> str:
        meta = doc["meta"]
        if effect.kind == "submit":
            case = dict(effect.payload)
            needs_review = bool(case.pop("needs_review", False))
            return await submit_case(self.cases, case, conversation_key=conversation_key,
                                     meta=meta, needs_review=needs_review, now=now,
                                     deferred=deferred)
        if effect.kind == "handoff":
            if self.staff_queue is not None:
                await self.staff_queue.add_handoff(conversation_key, doc, effect.payload)
            metrics.HANDOFFS.inc(str(effect.payload.get("reason", "")))
            log.info("handoff conv=%s reason=%s", conversation_key, effect.payload.get("reason"))
        elif effect.kind == "rating" and self.ratings is not None:
            await self.ratings.send_rating(effect.payload)
        elif effect.kind == "closed" and self.staff_queue is not None:
            # A citizen who cancels while waiting for a person no longer waits in the queue.
            await self.staff_queue.withdraw_handoff(conversation_key)
        return ""

    async def _recent_cases(self, doc: dict[str, Any], now: datetime) -> tuple[CaseBrief, ...]:
        """This citizen's cases: those of this conversation, and those filed with the same phone
        in the last 30 days (the repeat-petition check). The phone lookup is cached in the
        document for a few minutes, so a citizen with no cases costs no extra round trips."""
        meta = doc.setdefault("meta", {})
        ids: list[str] = list(meta.get("cases", []))
        phone = (doc.get("data") or {}).get("phone")
        if phone:
            digest = hashlib.sha256(str(phone).encode()).hexdigest()[:16]
            cached = meta.get("phone_cases") or {}
            ts = now.timestamp()
            if cached.get("phone") != digest or ts - float(cached.get("at", 0)) > PHONE_CACHE_S:
                since = (now - timedelta(days=REPEAT_WINDOW_DAYS)).timestamp()
                found = await self.cases.ids_for_phone(str(phone), since)
                cached = {"phone": digest, "ids": found, "at": ts}
                meta["phone_cases"] = cached
            ids.extend(cid for cid in cached.get("ids", []) if cid not in ids)
        if not ids:
            return ()
        briefs = []
        for rec in await self.cases.get_many(ids[:MAX_CASE_BRIEFS * 2]):
            body = rec.body
            due = body.get("due_at")
            briefs.append(CaseBrief(
                case_id=rec.case_id, case_number=rec.number, status=rec.status,
                category_code=(body.get("category") or {}).get("code", ""),
                phone=(body.get("petitioner") or {}).get("phone") or "",
                submitted_at=datetime.fromtimestamp(rec.created, self.tz),
                due_at=datetime.fromisoformat(due) if due else None,
                message=rec.status_message, external_number=rec.external_number))
        briefs.sort(key=lambda b: b.submitted_at, reverse=True)
        return tuple(briefs)
