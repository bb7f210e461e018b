"""The way back from the county case system: status events in, the citizen told, ratings asked.

`POST /case-system/events` is signed like the outgoing webhook (`bot.webhook.verify`). A valid
event updates the case record (status, status_at, external_number, status_message) in one
script that also remembers the event, so a repeated event changes nothing and tells nobody
twice. The status only moves forward (accepted -> in_progress -> concluded; rejected from any
open state): an event that would move it back is answered 409, and one that repeats the status
the case already has (a second "concluded" with another message) is a repeat: 200 with
`duplicate`, nothing changed, nobody told, no second rating request. The citizen is then told on their channel where the platform allows it (the channel's
Sender returns False where it does not: the status waits for their 查询). A concluded case gets a
pending rating on its conversation, set under the conversation lock, so the dialog asks for 1-5.

Order matters for "bad input changes nothing" and for retries of the case system: the request is
checked completely first; the conversation is updated before the event is recorded as applied,
so an event refused with 503 (the conversation was busy) is applied in full when it is retried.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import web
from redis.exceptions import RedisError

from bot import appkeys, jsonbody, keys, metrics, situation_counts
from bot.messages import Reply, Sender
from bot.redisconn import as_text
from bot.store import Busy, ConversationStore
from bot.webhook import SignatureError, verify
from nlp.configfile import read_toml

log = logging.getLogger("petition.case_events")

# The case system's statuses and their order: a status only moves to a higher rank. The ranks
# are spelled into the apply script below, so this table is the one place they are written.
STATUS_RANK = {"accepted": 1, "in_progress": 2, "concluded": 3, "rejected": 3}
STATUSES = tuple(STATUS_RANK)
EVENT_SEEN_TTL = 90 * 86400
MAX_MESSAGE = 1000
MAX_NUMBER = 64
ENDPOINT = "case_events"

# KEYS: record, seen marker.  ARGV: status, case number, message, now, ttl, check-only flag
# Returns {code, number, external number, conversation key}: 1 applied, 0 repeat (the same
# event, or the status the case already has), -1 unknown case, -2 would move the status back.
# The status only moves forward: accepted -> in_progress -> concluded, rejected from any open
# state; statuses the bot set itself (review, queued, delivered...) come before all of them.
_APPLY = """
if redis.call('EXISTS', KEYS[1]) == 0 then return {-1} end
if redis.call('EXISTS', KEYS[2]) == 1 then return {0} end
local rank = {RANKS}
local cur = redis.call('HGET', KEYS[1], 'status')
if cur == ARGV[1] then return {0} end
local cur_rank = (cur and rank[cur]) or 0
if rank[ARGV[1]] <= cur_rank then return {-2} end
local function out(code)
  local f = redis.call('HMGET', KEYS[1], 'number', 'external_number', 'conv')
  return {code, f[1] or '', f[2] or '', f[3] or ''}
end
if ARGV[6] == '1' then return out(1) end
redis.call('SET', KEYS[2], '1', 'EX', ARGV[5])
redis.call('HSET', KEYS[1], 'status', ARGV[1], 'status_at', ARGV[4], 'status_message', ARGV[3])
if ARGV[2] ~= '' then redis.call('HSET', KEYS[1], 'external_number', ARGV[2]) end
return out(1)
""".replace("RANKS", ", ".join(f"{status} = {rank}" for status, rank in STATUS_RANK.items()))


# --- what the citizen is told -------------------------------------------------------------

@dataclass(frozen=True)
class Notifications:
    texts: dict[str, tuple[str, str]]  # name -> (text, short)
    fragments: dict[str, str]
    message_short_chars: int = 40

    REQUIRED = ("delivered", *STATUSES, "rating_request")

    @classmethod
    def load(cls, path: Path) -> Notifications:
        data = read_toml(path, error=ValueError)
        missing = [n for n in cls.REQUIRED if not isinstance(data.get(n), dict)
                   or not data[n].get("text")]
        if missing:
            raise ValueError(f"{path}: [{'], ['.join(missing)}] with a text are required")
        frag = data.get("fragments", {})
        texts = {n: (str(t["text"]), str(t.get("short") or t["text"]))
                 for n, t in data.items() if n != "fragments" and isinstance(t, dict)}
        return cls(texts=texts,
                   fragments={k: str(v) for k, v in frag.items() if isinstance(v, str)},
                   message_short_chars=int(frag.get("message_short_chars", 40)))

    def render(self, name: str, *, number: str = "", external_number: str = "",
               message: str = "") -> Reply:
        text, short = self.texts[name]
        f = self.fragments

        def frag(key: str, **values: str) -> str:
            return f.get(key, "").format(**values)

        ext = frag("external", external_number=external_number) if external_number else ""
        ext_s = frag("external_short", external_number=external_number) if external_number else ""
        msg = frag("message", message=message) if message else ""
        cut = message[: self.message_short_chars] + ("…" if len(message) >
                                                     self.message_short_chars else "")
        msg_s = frag("message_short", message=cut) if message else ""
        return Reply(text=text.format(number=number, external=ext, message=msg).strip(),
                     short=short.format(number=number, external=ext_s, message=msg_s).strip())


class CitizenNotifier:
    """Tells the citizen of a case something on the channel they used, if the platform allows."""

    def __init__(self, app: web.Application, notifications: Notifications):
        self.app = app
        self.notifications = notifications

    async def send(self, conversation_key: str, replies: list[Reply]) -> bool:
        store: ConversationStore = self.app[appkeys.STORE]
        doc = await store.load(conversation_key) if conversation_key else None
        meta = (doc or {}).get("meta") or {}
        sender: Sender | None = self.app[appkeys.SENDERS].get(str(meta.get("channel", "")))
        if sender is None or not replies:
            return False
        try:
            for reply in replies:
                if not await sender.send(meta, reply):
                    return False
        except Exception:  # a platform outage must not undo what already happened to the case
            log.exception("telling the citizen failed conv=%s", conversation_key)
            return False
        return True

    async def tell(self, conversation_key: str, name: str, *, number: str,
                   external_number: str = "", message: str = "",
                   extra: tuple[Reply, ...] = ()) -> bool:
        reply = self.notifications.render(name, number=number, external_number=external_number,
                                          message=message)
        told = await self.send(conversation_key, [reply, *extra])
        log.info("citizen %s of %s conv=%s", "told" if told else "not pushed", name,
                 conversation_key)
        return told


NOTIFIER = web.AppKey("case_notifier", CitizenNotifier)


# --- the endpoint -----------------------------------------------------------------------

def _refuse(status: int, reason: str) -> web.Response:
    metrics.HTTP_REJECTED.inc(ENDPOINT, str(status))
    log.info("case event refused status=%s reason=%s", status, reason)
    return web.json_response({"error": reason}, status=status)


def _parse(body: bytes) -> dict[str, str] | str:
    """The event's fields, or the reason it is malformed."""
    try:
        data = jsonbody.loads(body)
    except jsonbody.BadJson as exc:
        return exc.reason
    if not isinstance(data, dict):
        return "body must be a JSON object"
    case_id, status = data.get("case_id"), data.get("status")
    if not isinstance(case_id, str) or not case_id or len(case_id) > 128:
        return "case_id must be a non-empty string"
    if status not in STATUSES:
        return f"status must be one of {', '.join(STATUSES)}"
    number, message = data.get("case_number"), data.get("message")
    if number is not None and (not isinstance(number, (str, int)) or isinstance(number, bool)
                               or len(str(number)) > MAX_NUMBER):
        return f"case_number must be a string of at most {MAX_NUMBER} characters"
    if message is not None and (not isinstance(message, str) or len(message) > MAX_MESSAGE):
        return f"message must be a string of at most {MAX_MESSAGE} characters"
    return {"case_id": case_id, "status": str(status),
            "case_number": "" if number is None else str(number), "message": message or ""}


def event_digest(event: dict[str, str]) -> str:
    """Identity of an event: the same update sent again (new timestamp, other key order) is the
    same event."""
    raw = "\x1f".join(event[k] for k in ("case_id", "status", "case_number", "message"))
    return hashlib.sha256(raw.encode()).hexdigest()[:24]


async def events_view(request: web.Request) -> web.Response:
    app = request.app
    cfg = app[appkeys.SETTINGS].case_webhook
    body = await request.read()
    timestamp = request.headers.get("X-Petition-Timestamp")
    signature = request.headers.get("X-Petition-Signature")
    if not (timestamp or "").isascii() or not (signature or "").isascii():
        # aiohttp decodes header bytes with surrogateescape; no signature is anything but ASCII
        return _refuse(403, "bad signature")
    try:
        verify(cfg.secret, timestamp, signature, body,
               window_seconds=cfg.event_window_seconds)
    except SignatureError as exc:
        return _refuse(exc.status, exc.reason)
    if request.content_type != "application/json":
        return _refuse(415, "Content-Type must be application/json")
    event = _parse(body)
    if isinstance(event, str):
        return _refuse(400, event)
    try:
        return await _apply(app, event)
    except Busy:
        return _refuse(503, "the conversation is busy; retry later")
    except RedisError:
        log.exception("case event: Redis unavailable")
        return _refuse(503, "storage unavailable; retry later")


async def _apply(app: web.Application, event: dict[str, str]) -> web.Response:
    redis = app[appkeys.REDIS]
    script = redis.register_script(_APPLY)
    digest = event_digest(event)
    ks = [keys.case_record(event["case_id"]), keys.case_event_seen(digest)]

    def args(check_only: bool) -> list[Any]:
        return [event["status"], event["case_number"], event["message"], repr(time.time()),
                EVENT_SEEN_TTL, "1" if check_only else "0"]

    res = await script(keys=ks, args=args(True))
    code = int(res[0])
    if code == -1:
        return _refuse(404, "unknown case_id")
    if code == -2:
        return _refuse(409, "the status of a case only moves forward "
                            "(accepted, in_progress, concluded; rejected from any open state)")
    if code == 0:
        return web.json_response({"ok": True, "duplicate": True})
    number, external, conv = (as_text(v) for v in res[1:4])
    external = event["case_number"] or external
    rating_question: tuple[Reply, ...] = ()
    if event["status"] == "concluded" and conv:
        rating_question = await _ask_rating(app, conv, event["case_id"], number or external,
                                            digest)
    res = await script(keys=ks, args=args(False))
    if int(res[0]) != 1:  # a concurrent copy of this event got there first
        return web.json_response({"ok": True, "duplicate": True})
    log.info("case event applied case_id=%s status=%s", event["case_id"], event["status"])
    await situation_counts.recount(redis, event["case_id"],
                                   ZoneInfo(app[appkeys.SETTINGS].timezone))
    notifier: CitizenNotifier | None = app.get(NOTIFIER)
    if notifier is not None and conv:
        task = asyncio.create_task(notifier.tell(
            conv, event["status"], number=number, external_number=external,
            message=event["message"], extra=rating_question))
        background: set[asyncio.Task[Any]] = app[appkeys.BACKGROUND]
        background.add(task)
        task.add_done_callback(background.discard)
    return web.json_response({"ok": True, "case_id": event["case_id"],
                              "status": event["status"]})


async def _ask_rating(app: web.Application, conv: str, case_id: str, case_number: str,
                      digest: str) -> tuple[Reply, ...]:
    """Put the pending rating on the conversation, under its lock; the synthetic message id
    makes a repeated event a no-op. Returns the question to send after the status: the dialog's
    own (none while the citizen is in the middle of a new petition: it asks after), or
    [rating_request] of notifications.toml for a dialog that cannot ask."""
    store: ConversationStore = app[appkeys.STORE]
    turn = await store.begin(conv, f"case-event:{digest}", count_rate=False)
    if turn.duplicate_of is not None:
        return ()
    if turn.doc is None:  # the conversation expired: nowhere to keep the question
        await store.release(turn)
        log.info("no conversation left to ask for a rating case_id=%s", case_id)
        return ()
    dialog = app.get(appkeys.DIALOG)
    tz = ZoneInfo(app[appkeys.SETTINGS].timezone)
    replies: tuple[Reply, ...] = ()
    try:
        if dialog is not None and hasattr(dialog, "ask_rating"):
            step = dialog.ask_rating(turn.doc, case_id, case_number, datetime.now(tz))
            doc = step.doc
            replies = tuple(Reply(s.text, s.short, tuple(s.choices)) for s in step.replies)
        else:
            doc = dict(turn.doc)
            doc["pending_rating"] = {"case_id": case_id, "case_number": case_number}
            notifier = app.get(NOTIFIER)
            if notifier is not None:
                replies = (notifier.notifications.render("rating_request"),)
        if dialog is not None and hasattr(dialog, "ttl_seconds"):
            ttl = int(dialog.ttl_seconds(doc))
        else:
            ttl = max(1, int(await app[appkeys.REDIS].ttl(keys.conversation_doc(conv))))
    except BaseException:
        await store.release(turn)
        raise
    await store.commit(turn, doc, ttl, {})
    return replies


def setup(app: web.Application, notifications: Notifications) -> None:
    app[NOTIFIER] = CitizenNotifier(app, notifications)
    app.router.add_post("/case-system/events", events_view)
