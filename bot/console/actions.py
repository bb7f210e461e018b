"""What staff can do to a case or a conversation, independent of HTTP.

Every operation returns an `Outcome` naming a [flash] sentence of config/console.toml; bad input
raises `BadInput` before anything changes. Conversation documents are changed only under the
conversation lock (`ConversationStore.begin`/`commit`), like a citizen's turn.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo

import orjson
from aiohttp import web

from bot import appkeys, keys, outbox
from bot.case_events import NOTIFIER
from bot.cases import CaseStore
from bot.console.auth import Accounts
from bot.console.text import ConsoleText
from bot.messages import Reply
from bot.store import Busy, ConversationStore, LockLost
from bot.submission import submit_case
from dialogs.api import DueDate
from dialogs.case import build_case, petition_text
from dialogs.conversation import Conversation
from dialogs.states import FIELDS
from dialogs.transcript import append
from nlp.colour import ColourRule
from nlp.taxonomy import Taxonomy
from nlp.textproc import normalize

log = logging.getLogger("petition.console")

MAX_FIELD = 4000

# Change a case record only if its status (or delivery state, ARGV[5]) is still the one the page
# was showing.
_UPDATE_IF_STATUS = """
local st = redis.call('HGET', KEYS[1], ARGV[5])
if not st then return -1 end
if st ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'body', ARGV[2])
if ARGV[3] ~= '' then redis.call('HSET', KEYS[1], 'status', ARGV[3]) end
if ARGV[4] ~= '' then redis.call('HDEL', KEYS[2], ARGV[4]) end
return 1
"""


class NotFound(Exception):
    """The case or conversation does not exist (any more)."""


class BadInput(ValueError):
    """Form input that cannot be used; `what` says which field (shown to staff)."""

    def __init__(self, what: str):
        super().__init__(what)
        self.what = what


@dataclass(frozen=True, slots=True)
class Outcome:
    flash: str  # key in [flash]
    values: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Fields:
    description: str
    town: str
    address: str
    name: str
    phone: str
    request: str
    anonymous: bool


def read_fields(form: Any, towns: tuple[str, ...], current_town: str) -> Fields:
    values: dict[str, str] = {}
    for name in FIELDS:
        raw = str(form.get(name, "")).strip()
        if len(raw) > MAX_FIELD:
            raise BadInput(name)
        values[name] = raw
    if not values["description"]:
        raise BadInput("description")
    if values["town"] and values["town"] not in towns and values["town"] != current_town:
        raise BadInput("town")
    phone = values["phone"].replace(" ", "").replace("-", "")
    if phone and not (phone.lstrip("+").isdigit() and 5 <= len(phone) <= 20):
        raise BadInput("phone")
    values["phone"] = phone
    return Fields(anonymous=form.get("anonymous") == "1", **values)


def _apply_fields(body: dict[str, Any], f: Fields) -> None:
    body["description"] = f.description
    body["request"] = f.request
    body["town"] = f.town or None
    body["address"] = f.address
    body["petitioner"] = {"name": None if f.anonymous else (f.name or None),
                          "phone": f.phone or None, "anonymous": f.anonymous}


class ConsoleParts(Protocol):
    """What the actions use of the console (bot.console.app.Console), named here so that this
    module does not import the one that builds it."""

    app: web.Application
    text: ConsoleText
    taxonomy: Taxonomy
    colour_rule: ColourRule

    @property
    def redis(self) -> Any: ...
    @property
    def store(self) -> ConversationStore: ...
    @property
    def cases(self) -> CaseStore: ...
    @property
    def accounts(self) -> Accounts: ...

    async def recount(self, case_id: str) -> None: ...

    async def update_case(self, case_id: str, expect_status: str, body: dict[str, Any], *,
                          status: str = "", queue_item: str = "", field: str = "status"
                          ) -> int: ...

    def analyze(self, text: str) -> dict[str, Any]: ...


class Actions:
    def __init__(self, console: ConsoleParts):
        self.c = console

    # --- helpers ---------------------------------------------------------------------------

    @property
    def app(self) -> Any:
        return self.c.app

    def _now(self) -> datetime:
        return datetime.now(ZoneInfo(self.app[appkeys.SETTINGS].timezone))

    def _choice(self, category: str, nature: str) -> tuple[Any, Any]:
        taxonomy = self.c.taxonomy
        try:
            cat = taxonomy.category(taxonomy.category_code(category))
        except KeyError:
            raise BadInput("category") from None
        try:
            nat = taxonomy.nature(nature)
        except KeyError:
            raise BadInput("nature") from None
        return cat, nat

    async def _decision(self, text: str, category: str | None, nature: str | None,
                        **extra: str) -> None:
        """A training example for `petition-bot train` (closures carry category None)."""
        row = {"text": text, "category": category, "nature": nature, **extra}
        await self.c.redis.rpush(keys.TRAINING_DECISIONS, orjson.dumps(row))

    async def _locked(self, conv: str,
                      change: Callable[[dict[str, Any]], Awaitable[Outcome | None]]) -> Outcome:
        """Run `change(doc)` under the conversation lock and save the document."""
        store = self.app[appkeys.STORE]
        try:
            # No message id: a staff change is not a platform message, so nothing is remembered
            # for retries (an empty id is never marked as seen by `commit`).
            turn = await store.begin(conv, "", count_rate=False)
        except Busy:
            return Outcome("busy")
        try:
            if turn.doc is None:
                await store.release(turn)
                raise NotFound(conv)
            doc = turn.doc
            result = await change(doc)
            ttl = self.app[appkeys.DIALOG].ttl_seconds(doc)
            await store.commit(turn, doc, ttl, None)
        except LockLost:
            return Outcome("busy")
        except BaseException:
            await store.release(turn)
            raise
        return result or Outcome("already_done")

    async def _log_handoff_done(self, conv: str) -> None:
        raw = await self.c.redis.hget(keys.STAFF_QUEUE, f"conv:{conv}")
        created = orjson.loads(raw).get("created_at", time.time()) if raw else time.time()
        pipe = self.c.redis.pipeline(transaction=True)
        pipe.hdel(keys.STAFF_QUEUE, f"conv:{conv}")
        if raw:
            pipe.zadd(keys.STAFF_HANDOFF_LOG, {f"{conv}@{created}": created})
        await pipe.execute()

    # --- cases in review -------------------------------------------------------------------

    def _colour(self, nature: str, text: str, stored_multi: bool = False) -> str | None:
        """The county's rule (config/colour_rule.toml) on staff's nature and the current text."""
        multi = self.c.analyze(text).get("multi_department")
        return self.c.colour_rule.colour(
            nature, multi_department=bool(stored_multi if multi is None else multi),
            text=normalize(text))

    def _decided_body(self, record: Any, fields: Fields, cat: Any,
                      nat: Any) -> tuple[dict[str, Any], DueDate | None]:
        """The case as staff decided it, and its new deadline when that moved (else None)."""
        body = dict(record.body)
        _apply_fields(body, fields)
        old = body.get("category") or {}
        body["category"] = {"code": cat.code, "name": cat.name,
                            "departments": list(cat.departments),
                            "confidence": float(old.get("confidence") or 0.0)
                            if old.get("code") == cat.code else 1.0, "source": "staff"}
        colour = self._colour(nat.name, petition_text(body), bool(body.get("multi_department")))
        moved = None
        if body.get("nature") != nat.name or body.get("color") != colour:
            submitted = datetime.fromtimestamp(record.created, ZoneInfo(
                self.app[appkeys.SETTINGS].timezone))
            due = self.c.app[appkeys.DEADLINES].due_at(colour or "none", submitted)
            new_at = due.at.isoformat() if due.at else None
            if new_at != body.get("due_at"):
                moved = due
            body["due_at"] = new_at
            body["due_flagged"] = due.flagged
            body["due_provisional"] = due.provisional
        body["nature"], body["color"] = nat.name, colour
        body["reviewed_by_staff"] = True
        return body, moved

    async def _tell_new_due(self, record: Any, body: dict[str, Any], due: DueDate | None) -> None:
        """The citizen was told a date at submission: when staff's decision moves it, tell them
        the new one on their channel (config/notifications.toml [due_changed])."""
        notifier = self.app.get(NOTIFIER)
        if due is None or notifier is None:
            return
        text, short = notifier.notifications.texts.get("due_changed", ("", ""))
        if not text:
            log.warning("config/notifications.toml has no [due_changed]: citizen not told")
            return
        values = {"number": record.number, "nature": str(body.get("nature") or ""),
                  "due": due.label}
        await notifier.send(record.conversation_key,
                            [Reply(text=text.format(**values), short=short.format(**values))])

    async def send_case(self, user: str, case_id: str, fields: Fields, category: str,
                        nature: str) -> Outcome:
        cat, nat = self._choice(category, nature)
        record = await self.c.cases.get(case_id)
        if record is None:
            raise NotFound(case_id)
        if record.status != "review":
            return Outcome("already_done")
        body, moved = self._decided_body(record, fields, cat, nat)
        done = await self.c.update_case(case_id, "review", body)
        if done != 1:
            return Outcome("already_done")
        await outbox.enqueue_case(self.c.redis, case_id)
        await self.c.recount(case_id)
        await self.c.redis.hdel(keys.STAFF_QUEUE, f"case:{case_id}")
        await self._decision(petition_text(body), cat.code, nat.name)
        await self.c.accounts.audit(user, "send", case_id, f"{cat.code}/{body['color'] or 'none'}")
        await self._tell_new_due(record, body, moved)
        return Outcome("sent")

    async def close_case(self, user: str, case_id: str, reason: str, note: str) -> Outcome:
        if reason not in self.c.text.section("close_reasons"):
            raise BadInput("close_reason")
        if len(note) > MAX_FIELD:
            raise BadInput("close_note")
        record = await self.c.cases.get(case_id)
        if record is None:
            raise NotFound(case_id)
        if record.status != "review":
            return Outcome("already_done")
        body = dict(record.body)
        body["closed"] = {"reason": reason, "note": note, "at": self._now().isoformat()}
        done = await self.c.update_case(case_id, "review", body, status="not_petition",
                                        queue_item=f"case:{case_id}")
        if done != 1:
            return Outcome("already_done")
        await self._decision(petition_text(body), None, None, decision="not_petition",
                             reason=reason)
        await self.c.accounts.audit(user, "close", case_id, reason)
        return Outcome("closed")

    # --- handed-over conversations ---------------------------------------------------------

    async def create_case(self, user: str, conv: str, fields: Fields, category: str,
                          nature: str) -> Outcome:
        cat, nat = self._choice(category, nature)
        now = self._now()
        created: dict[str, str] = {}

        async def change(doc: dict[str, Any]) -> Outcome | None:
            meta = doc.setdefault("meta", {})
            data = doc.setdefault("data", {})
            data.update({k: getattr(fields, k) for k in FIELDS})
            data["anonymous"] = fields.anonymous
            text = petition_text(data)
            analysis = self.c.analyze(text)
            colour = self._colour(nat.name, text)
            created["colour"] = colour or "none"
            due = self.c.app[appkeys.DEADLINES].due_at(colour or "none", now)
            legal = analysis.get("legal_path") if colour == "orange" else None
            choice = {"category_code": cat.code, "category_name": cat.name,
                      "departments": list(cat.departments), "confidence": 1.0,
                      "nature": nat.name, "color": colour,
                      "nature_confidence": 1.0, "auto": True,
                      "multi_department": bool(analysis.get("multi_department")),
                      "keywords": analysis.get("keywords", []), "legal_path": legal}
            case = build_case(Conversation.from_json(doc), choice, due,
                              str(meta.get("channel", "")))
            case.pop("needs_review", None)
            case["category"]["source"] = "staff"
            case["first_message_at"] = meta.get("created")
            case["via_handoff"] = True
            number = await submit_case(self.c.cases, case, conversation_key=conv, meta=meta,
                                       needs_review=False, now=now)
            await self._decision(text, cat.code, nat.name)
            created["number"] = number
            created["case_id"] = case["case_id"]
            return Outcome("case_created", {"number": number})

        outcome = await self._locked(conv, change)
        if created:
            await self._log_handoff_done(conv)
            await self.c.accounts.audit(user, "create_case", created["case_id"],
                                        f"{cat.code}/{created['colour']}")
        return outcome

    async def close_handoff(self, user: str, conv: str) -> Outcome:
        doc = await self.c.store.load(conv)
        if doc is not None and (doc.get("meta") or {}).get("owner"):
            await self.hand_back(user, conv, force=True)
        await self._log_handoff_done(conv)
        await self.c.accounts.audit(user, "close_handoff", conv)
        return Outcome("handoff_closed")

    async def take_over(self, user: str, conv: str) -> Outcome:
        async def change(doc: dict[str, Any]) -> Outcome | None:
            meta = doc.setdefault("meta", {})
            owner = meta.get("owner")
            if owner and owner != user:
                return Outcome("not_owner", {"owner": str(owner)})
            meta["owner"] = user
            return Outcome("taken")

        outcome = await self._locked(conv, change)
        if outcome.flash == "taken":
            await self.c.accounts.audit(user, "take", conv)
        return outcome

    async def reply(self, user: str, conv: str, text: str) -> Outcome:
        text = text.strip()
        if not text or len(text) > MAX_FIELD:
            raise BadInput("reply")
        doc = await self.c.store.load(conv)
        if doc is None:
            raise NotFound(conv)
        meta = doc.get("meta") or {}
        if meta.get("owner") and meta["owner"] != user:
            return Outcome("not_owner", {"owner": str(meta["owner"])})
        sender = self.app[appkeys.SENDERS].get(str(meta.get("channel", "")))
        if sender is None:
            return Outcome("reply_unsupported")
        if not meta.get("owner"):
            taken = await self.take_over(user, conv)
            if taken.flash != "taken":
                return taken
        if not await sender.send(meta, Reply(text=text)):
            return Outcome("reply_failed")
        now = self._now()

        async def record(doc: dict[str, Any]) -> Outcome | None:
            append(doc, "staff", text, now)
            return Outcome("replied")

        outcome = await self._locked(conv, record)
        await self.c.accounts.audit(user, "reply", conv)
        return outcome

    async def hand_back(self, user: str, conv: str, *, force: bool = False) -> Outcome:
        dialog = self.app[appkeys.DIALOG]
        now = self._now()
        says: list[Any] = []

        async def change(doc: dict[str, Any]) -> Outcome | None:
            meta = doc.setdefault("meta", {})
            owner = meta.get("owner")
            if owner and owner != user and not force:
                return Outcome("not_owner", {"owner": str(owner)})
            if hasattr(dialog, "hand_back"):
                step = dialog.hand_back(doc, now)
                new = step.doc
                doc.clear()
                doc.update(new)
                says.extend(step.replies)
            doc["meta"] = meta
            meta["owner"] = None
            meta["handed_back_at"] = now.timestamp()  # the bot talks again (status line)
            return Outcome("handed_back")

        outcome = await self._locked(conv, change)
        if outcome.flash == "handed_back":
            await self.c.accounts.audit(user, "hand_back", conv)
            loaded = await self.c.store.load(conv)
            sender = self.app[appkeys.SENDERS].get(str(((loaded or {}).get("meta") or {})
                                                        .get("channel", "")))
            if sender is not None and loaded is not None:
                for say in says:
                    await sender.send(loaded["meta"], Reply(say.text, say.short,
                                                            tuple(say.choices)))
        return outcome

    # --- dead letters ----------------------------------------------------------------------

    async def fix_and_resend(self, user: str, case_id: str, fields: Fields, category: str,
                             nature: str) -> Outcome:
        """A case the case system refused (e.g. a 4xx for a field): correct it, send it again."""
        cat, nat = self._choice(category, nature)
        record = await self.c.cases.get(case_id)
        if record is None:
            raise NotFound(case_id)
        body, moved = self._decided_body(record, fields, cat, nat)
        old = record.body.get("category") or {}
        if old.get("code") == cat.code:
            body["category"] = old  # only the fields were corrected: the category keeps its source
        if await self.c.update_case(case_id, "dead", body, field="delivery") != 1:
            return Outcome("already_done")
        if not await outbox.resend_dead_letter(self.c.redis, f"case:{case_id}"):
            return Outcome("resend_failed")
        await self.c.accounts.audit(user, "fix_resend", case_id,
                                    f"{cat.code}/{body['color'] or 'none'}")
        await self._tell_new_due(record, body, moved)
        return Outcome("resent")

    async def resend(self, user: str, dead_id: str) -> Outcome:
        if not await outbox.resend_dead_letter(self.c.redis, dead_id):
            return Outcome("resend_failed")
        await self.c.accounts.audit(user, "resend", dead_id)
        return Outcome("resent")
