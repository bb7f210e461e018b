"""The intake dialog engine: `Dialog.step(doc, turn, ctx) -> StepResult` (see dialogs/api.py).

Pure: the document comes in, a changed copy goes out with the replies and the effects the
pipeline must perform. The flow is the table in dialogs/states.py; this module handles what can
happen in any state (commands, events, idle, expiry, rating, hand-off) and dispatches the rest
to the per-state handlers in dialogs/collect.py.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from dialogs import collect, media, review
from dialogs.api import CaseBrief, Say, StepResult, TurnContext, UserTurn
from dialogs.commands import (
    Command,
    asks_who,
    core,
    declines_edit,
    detect,
    is_emoji_only,
    is_greeting,
    is_nothing,
    is_thanks,
    is_yes,
    parse_rating,
)
from dialogs.prompts import PromptError, Prompts, join
from dialogs.run import Run
from dialogs.slots import intent_only
from dialogs.states import STATES, StateTableError, validate
from dialogs.transcript import add_line
from nlp.entities import Gazetteer

SHANGHAI = ZoneInfo("Asia/Shanghai")
DOC_VERSION = 1
# States in which a message is a reply to a finished conversation rather than part of a draft.
_AT_REST = frozenset({"new", "closed", "submitted", "declined"})
_HELD_MAX = 10


class Dialog:
    """The conversation engine, built once from config and shared by every conversation."""

    def __init__(
        self,
        prompts: Prompts,
        gazetteer: Gazetteer,
        *,
        idle_minutes: int = 30,
        retention_days: int = 7,
        max_chars: int = 2000,
        max_attempts: int = 3,
    ):
        if idle_minutes <= 0 or retention_days <= 0 or max_chars < 50 or max_attempts < 1:
            raise ValueError(
                "dialog settings: idle_minutes and retention_days must be positive, "
                "max_chars at least 50, max_attempts at least 1"
            )
        validate()
        self.prompts = prompts
        self.gazetteer = gazetteer
        self.idle = timedelta(minutes=idle_minutes)
        self.retention = timedelta(days=retention_days)
        self.retention_days = retention_days
        self.max_chars = max_chars
        self.max_attempts = max_attempts
        on_slot = functools.partial(collect.on_slot, self)
        self._handlers: dict[str, Callable[[Run, str], None]] = {
            "new": self._on_new,
            "consent": functools.partial(collect.on_consent, self),
            "declined": self._on_new,
            "ask_description": on_slot,
            "ask_town": on_slot,
            "ask_address": on_slot,
            "ask_name": on_slot,
            "ask_anonymous": on_slot,
            "ask_phone": on_slot,
            "ask_request": on_slot,
            "repeat_check": functools.partial(collect.on_repeat, self),
            "confirm": functools.partial(review.on_confirm, self),
            "edit_which": functools.partial(review.on_edit_which, self),
            "submitted": self._on_at_rest,
            "closed": self._on_at_rest,
            "resume": self._on_resume,
            "handoff": self._on_handoff,
            "rating": self._on_rating,
            "rating_comment": self._on_rating_comment,
        }
        missing = sorted(set(STATES) - set(self._handlers))
        if missing:
            raise StateTableError(f"state table: no handler for {missing}")
        prompts.require(
            [s.prompt for s in STATES.values() if s.prompt] + list(collect.PROMPTS),
            collect.WORDS,
        )
        # Choices are read by position (first = yes/continue/new...): their number is fixed.
        for key, n in collect.CHOICES.items():
            if len(prompts.get(key).choices) != n:
                raise PromptError(f"prompts.toml: [{key}] needs exactly {n} choices")

    @classmethod
    def from_config(
        cls,
        config_dir: Path,
        *,
        idle_minutes: int = 30,
        retention_days: int = 7,
        max_chars: int = 2000,
        max_attempts: int = 3,
    ) -> Dialog:
        config_dir = Path(config_dir)
        return cls(
            Prompts.from_toml(config_dir / "prompts.toml"),
            Gazetteer.from_toml(config_dir / "towns.toml"),
            idle_minutes=idle_minutes,
            retention_days=retention_days,
            max_chars=max_chars,
            max_attempts=max_attempts,
        )

    # ---------------------------------------------------------------------------- public API

    def step(self, doc: dict[str, Any] | None, turn: UserTurn, ctx: TurnContext) -> StepResult:
        now = _aware(turn.now)
        expired = doc is not None and self._expired(doc, now)
        run = Run(self._load(doc, now, expired), now, turn.channel, ctx)
        d = run.doc
        was = STATES.get(str((doc or {}).get("state")), STATES["new"])
        if expired and was.collecting:
            run.add(self.say(run, "expired", retention_days=self.retention_days))
        text, cut = self._clip(turn.text)
        if turn.kind != "event":
            add_line(d, "citizen", self._as_line(turn, text), run.stamp)
        if turn.kind == "event":
            self._on_event(run, turn.event)
        else:
            if cut:
                run.add(self.say(run, "too_long", max_chars=self.max_chars))
            self._on_message(run, text, turn)
        return self._finish(run)

    def hand_back(self, doc: dict[str, Any] | None, now: datetime) -> StepResult:
        """Staff return the conversation to the bot: it asks for whatever is still missing."""
        now = _aware(now)
        run = Run(self._load(doc, now), now, str(_meta(doc).get("channel", "")))
        if run.state == "handoff":
            run.doc.pop("handoff", None)
            run.reset_attempts()
            run.add(self.say(run, "hand_back"))
            if run.doc.get("consent_at"):
                collect.advance(self, run)
            else:
                run.goto("consent")
        return self._finish(run)

    def ask_rating(
        self, doc: dict[str, Any] | None, case_id: str, case_number: str, now: datetime
    ) -> StepResult:
        """A case concluded: ask for a 1-5 rating now, or after the draft in progress."""
        now = _aware(now)
        run = Run(self._load(doc, now), now, str(_meta(doc).get("channel", "")))
        run.doc["pending_rating"] = {"case_id": case_id, "case_number": case_number}
        last_activity = run.doc.get("updated_at")
        if not STATES[run.state].collecting and run.state not in ("handoff", "resume"):
            run.doc["rating_return"] = "submitted" if run.state == "submitted" else "closed"
            run.goto("rating")
        result = self._finish(run)
        if last_activity:  # the citizen did nothing: the idle clock keeps running
            result.doc["updated_at"] = last_activity
        return result

    def ttl_seconds(self, doc: dict[str, Any], now: datetime | None = None) -> int:
        """Seconds until the document must be deleted (its Redis TTL), at least 1."""
        now = _aware(now or datetime.now(SHANGHAI))
        try:
            expires = datetime.fromisoformat(str(doc["expires_at"]))
        except (KeyError, ValueError):
            return int(self.retention.total_seconds())
        return max(1, int((expires - now).total_seconds()))

    # ---------------------------------------------------------------------------- helpers

    def say(self, run: Run, key: str, **values: Any) -> Say:
        return self.prompts.say(key, run.channel, **values)

    def _load(
        self, doc: dict[str, Any] | None, now: datetime, expired: bool | None = None
    ) -> dict[str, Any]:
        """A private copy of `doc`, or a new document. (`expired`: `_expired(doc, now)` when
        the caller already knows it.)"""
        if expired is None:
            expired = doc is not None and self._expired(doc, now)
        if doc is None or expired or not isinstance(doc.get("data", {}), dict):
            fresh = self._new_doc(now)
            if doc is not None:
                for key in ("meta", "pending_rating"):
                    if key in doc:
                        fresh[key] = copy.deepcopy(doc[key])
            return fresh
        d = _copy(doc)
        if d.get("state") not in STATES:
            d["state"] = "new"  # a document from an older version: start cleanly, keep data
        d.setdefault("data", {})
        d.setdefault("attempts", {})
        d.setdefault("transcript", [])
        return d

    def _new_doc(self, now: datetime) -> dict[str, Any]:
        stamp = now.isoformat()
        return {
            "v": DOC_VERSION,
            "state": "new",
            "data": {},
            "attempts": {},
            "transcript": [],
            "created_at": stamp,
            "updated_at": stamp,
            "expires_at": (now + self.retention).isoformat(),
        }

    def _expired(self, doc: dict[str, Any], now: datetime) -> bool:
        try:
            return datetime.fromisoformat(str(doc["expires_at"])) <= now
        except (KeyError, ValueError):
            return False

    def _is_idle(self, doc: dict[str, Any], now: datetime) -> bool:
        try:
            return now - datetime.fromisoformat(str(doc["updated_at"])) > self.idle
        except (KeyError, ValueError):
            return False

    def _clip(self, text: str) -> tuple[str, bool]:
        t = (text or "").strip()
        if len(t) > self.max_chars:
            return t[: self.max_chars], True
        return t, False

    def _as_line(self, turn: UserTurn, text: str) -> str:
        tags = []
        if turn.kind == "voice" and not text:
            tags.append(f"[{self.prompts.word('voice')}]")
        for a in turn.attachments:
            kind = str(a.get("kind", "file"))
            word = self.prompts.words.get(kind, self.prompts.word("attachment"))
            tags.append(f"[{word}]")
        if turn.location:
            tags.append(f"[{turn.location[2] or self.prompts.word('location')}]")
        return " ".join([*tags, text]).strip()

    def _finish(self, run: Run) -> StepResult:
        d = run.doc
        if not run.silent and not run.asked:
            q = collect.question(self, run)
            if q is not None:
                run.add(q)
        reply = None if run.silent else join(run.parts)
        if reply is not None:
            add_line(d, "bot", reply.text, run.stamp)
        d["last_choices"] = list(reply.choices) if reply else []
        d["updated_at"] = run.stamp
        d["expires_at"] = (run.now + self.retention).isoformat()
        state = run.state
        return StepResult(
            doc=d,
            replies=(reply,) if reply else (),
            state=state,
            expecting=STATES[state].expecting,
            effects=tuple(run.effects),
        )

    def has_draft(self, doc: dict[str, Any]) -> bool:
        return STATES[str(doc.get("state", "new"))].collecting and (
            bool(doc.get("data", {}).get("description")) or doc.get("state") != "consent"
        )

    # ---------------------------------------------------------------------------- messages

    def _on_message(self, run: Run, text: str, turn: UserTurn) -> None:
        d = run.doc
        if run.state == "handoff":
            self._on_handoff(run, text, turn)
            return
        text = self._pick_choice(d, text)
        if (run.state == "edit_which" or d.get("editing")) and text and declines_edit(text):
            d["editing"] = False
            run.add(self.say(run, "edit_back"))
            collect.advance(self, run)  # the summary, or what is still missing
            return
        cmd = detect(text) if text else None
        if cmd is not None:
            self._command(run, cmd)
            return
        if text and asks_who(text):
            run.add(self.say(run, "who_am_i"))
            if run.state == "new":
                run.goto("consent")
            elif STATES[run.state].collecting:
                run.add(self.say(run, "continue_where"))
            return
        rating_now = run.state in _AT_REST or run.state == "rating"
        if d.get("pending_rating") and rating_now and (text or not turn.attachments):
            self._on_rating(run, text)
            return
        if STATES[run.state].collecting and self._is_idle(d, run.now) and self.has_draft(d):
            held = [text] if text and not is_greeting(text) and not is_emoji_only(text) else []
            d["resume"] = {"state": run.state, "held": held}
            if turn.attachments:  # kept now; the offer to continue is about the words
                run.data.setdefault("attachments", []).extend(dict(a) for a in turn.attachments)
            if turn.location:
                lat, lon, place = turn.location
                run.data["location"] = {"lat": float(lat), "lon": float(lon), "label": place}
            run.goto("resume")
            return
        if turn.kind == "voice" and not text:
            run.add(self.say(run, "voice_no_text"))
            return
        if turn.attachments or turn.location:
            media.on_media(self, run, turn)
        elif not text and STATES[run.state].prompt is None:
            self.dispatch(run, "")  # an empty message still deserves an answer
            return
        if not text:
            return
        if is_emoji_only(text):
            run.add(self.say(run, "emoji"))
            return
        self.dispatch(run, text)

    def dispatch(self, run: Run, text: str) -> None:
        self._handlers[run.state](run, text)

    def _pick_choice(self, doc: dict[str, Any], text: str) -> str:
        """SMS shows choices numbered: "2" means the second button of the last reply."""
        choices = doc.get("last_choices") or []
        c = core(text)
        if choices and len(c) == 1 and c in "123456789" and doc.get("state") != "rating":
            i = int(c)
            if 1 <= i <= len(choices):
                return str(choices[i - 1])
        return text

    def _on_new(self, run: Run, text: str) -> None:
        """A first message (or one after declining): greet, give the notice, ask consent."""
        if is_thanks(text) and run.state == "declined":
            run.add(self.say(run, "thanks_reply"))
            return
        if run.state == "declined" and is_yes(text):
            run.goto("consent")  # "好吧，我同意": changed their mind, no need to ask again
            collect.on_consent(self, run, text)
            return
        run.add(self.say(run, "greeting"))
        if collect.worth_holding(text):
            held = run.doc.setdefault("held", [])
            if len(held) < _HELD_MAX:
                held.append(text)
            run.add(self.say(run, "consent_held"))
        run.goto("consent")

    def _on_at_rest(self, run: Run, text: str) -> None:
        """After a submitted or cancelled petition: thanks get thanks, anything else starts anew."""
        if is_thanks(text) or (is_nothing(text) and run.state == "submitted"):
            run.add(self.say(run, "thanks_reply"))
            return
        if not run.doc.get("consent_at"):
            self._on_new(run, text)
            return
        collect.start_draft(self, run)
        if is_greeting(text) or not collect.substantive(text) or intent_only(text):
            key = "after_submit" if run.state == "submitted" else "ask_description_hello"
            run.goto("ask_description")
            run.add(self.say(run, key), asks=True)
            return
        run.goto("ask_description")
        self.dispatch(run, text)

    def _on_resume(self, run: Run, text: str) -> None:
        d = run.doc
        resume = d.pop("resume", None) or {}
        back = str(resume.get("state") or "ask_description")
        if back not in STATES or not STATES[back].collecting:
            back = "ask_description"
        run.goto(back)
        held = [str(h) for h in resume.get("held", [])]
        if is_yes(text):
            run.add(self.say(run, "resume_ok"))
        else:
            held.append(text)
        for h in held:
            self.dispatch(run, h)

    # ---------------------------------------------------------------------------- commands

    def _command(self, run: Run, cmd: Command) -> None:
        d = run.doc
        if cmd.kind == "cancel":
            self.cancel(run)
        elif cmd.kind == "restart":
            collect.start_draft(self, run, keep_contacts=False)
            d.pop("pending_rating", None)
            run.add(self.say(run, "restart"))
            run.goto("ask_description" if d.get("consent_at") else "consent")
        elif cmd.kind == "human":
            self.handoff(run, "asked_for_person")
        elif cmd.kind == "help":
            run.add(self.say(run, "help"))
            if run.state == "new":
                run.goto("consent")
            elif STATES[run.state].collecting:
                run.add(self.say(run, "continue_where"))
        elif cmd.kind == "status":
            self._status(run, cmd.case_number)
            if STATES[run.state].collecting:
                run.add(self.say(run, "continue_where"))

    def cancel(self, run: Run) -> None:
        d = run.doc
        active = STATES[run.state].collecting or run.state in ("handoff", "resume")
        d.pop("pending_rating", None)
        d.pop("rating_done", None)
        if run.state in ("rating", "rating_comment"):
            # "取消" to the rating question: no rating, and nothing else is cancelled.
            back = str(d.pop("rating_return", "closed"))
            run.add(self.say(run, "rating_skipped"))
            run.goto(back if back in ("closed", "submitted") else "closed")
            return
        if not active:
            run.add(self.say(run, "nothing_to_cancel"))
            return
        key = "declined" if run.state == "consent" else "cancelled"
        collect.start_draft(self, run)
        d.pop("handoff", None)
        d["transcript"] = d.get("transcript", [])[-1:]  # a cancelled draft is not kept
        run.add(self.say(run, key))
        run.goto("closed")
        run.effect("closed", {"reason": "cancelled"})

    def handoff(self, run: Run, reason: str) -> None:
        d = run.doc
        if run.state == "handoff":
            run.add(self.say(run, "handoff_already"))
            return
        came_from = run.state
        d["handoff"] = {"reason": reason, "from": came_from, "acked": False,
                        "at": run.stamp}
        run.add(self.say(run, "handoff_person" if reason == "asked_for_person" else "handoff_stuck"))
        run.goto("handoff")
        run.effect("handoff", {"reason": reason, "state": came_from})

    def _status(self, run: Run, number: str) -> None:
        cases: tuple[CaseBrief, ...] = run.ctx.recent_cases if run.ctx else ()
        if number:
            wanted = _plain(number)
            found = [c for c in cases if wanted in (_plain(c.case_number),
                                                    _plain(c.external_number))]
            if not found:
                # Only this citizen's own cases are ever described (privacy): an unknown number
                # and somebody else's number get the same answer.
                run.add(self.say(run, "status_not_found", number=number))
                return
            case = found[0]
        elif cases:
            case = cases[0]
        else:
            run.add(self.say(run, "status_none"))
            return
        message = case.message
        if case.due_at and case.status not in ("concluded", "rejected", "closed"):
            message = (message.rstrip("。. ") + "。" if message else "") + self.say(
                run, "status_due", due=collect.day_label(self, case.due_at)).text
        if case.external_number:
            message = self.say(run, "status_external", number=case.external_number).text + message
        run.add(self.say(run, "status_line", case_number=case.case_number,
                         date=collect.day_label(self, case.submitted_at),
                         status=self.prompts.status_name(case.status), message=message))

    # ---------------------------------------------------------------------------- events

    def _on_event(self, run: Run, event: str) -> None:
        d = run.doc
        if event == "subscribe":
            if self.has_draft(d) and run.state != "handoff":
                run.add(self.say(run, "greeting"))
                d["resume"] = {"state": run.state, "held": []}
                run.goto("resume")
                return
            if run.state == "handoff":
                run.silent = True
                return
            run.add(self.say(run, "greeting"))
            run.goto("consent")
        elif event == "unsubscribe":
            was = run.state
            for key in list(d):
                if key not in ("meta", "v", "created_at", "state"):
                    d.pop(key)
            d["data"], d["attempts"], d["transcript"] = {}, {}, []
            run.goto("closed")
            run.effect("closed", {"reason": "unsubscribed", "state": was})
            run.silent = True
        elif event == "menu:start":
            if run.state == "handoff":
                run.add(self.say(run, "handoff_already"))
                run.asked = True
            elif self.has_draft(d):
                d["resume"] = {"state": run.state, "held": []}
                run.goto("resume")
            elif d.get("consent_at"):
                collect.start_draft(self, run)
                run.goto("ask_description")
            else:
                run.add(self.say(run, "greeting"))
                run.goto("consent")
        elif event == "menu:progress":
            self._status(run, "")
            if STATES[run.state].collecting:
                run.add(self.say(run, "continue_where"))
        elif event == "menu:help":
            run.add(self.say(run, "help"))
            if run.state == "new":
                run.goto("consent")
            elif STATES[run.state].collecting:
                run.add(self.say(run, "continue_where"))
        else:
            run.silent = True  # an event we do not know: nothing to say, nothing changes

    # ---------------------------------------------------------------------------- hand-off

    def _on_handoff(self, run: Run, text: str, turn: UserTurn | None = None) -> None:
        """Staff have the conversation: keep what the citizen writes, acknowledge once."""
        d = run.doc
        cmd = detect(text) if text else None
        if cmd is not None and cmd.kind in ("cancel", "restart"):
            # The citizen may still end or restart; staff are told through the "closed" effect.
            if cmd.kind == "cancel":
                self.cancel(run)
            else:
                d.pop("handoff", None)
                run.effect("closed", {"reason": "restarted"})
                self._command(run, cmd)
            return
        if turn is not None and turn.attachments:
            run.data.setdefault("attachments", []).extend(dict(a) for a in turn.attachments)
        handoff = d.setdefault("handoff", {"reason": "unknown", "acked": False})
        if handoff.get("acked") or _meta(d).get("owner"):
            run.silent = True
            return
        handoff["acked"] = True
        run.add(self.say(run, "handoff_ack"))

    # ---------------------------------------------------------------------------- rating

    def _on_rating(self, run: Run, text: str) -> None:
        d = run.doc
        pending = d.get("pending_rating")
        if not isinstance(pending, dict):
            back = str(d.pop("rating_return", "closed"))
            run.goto(back if back in ("closed", "submitted") else "closed")
            self.dispatch(run, text)
            return
        if run.state != "rating":
            d["rating_return"] = "submitted" if run.state == "submitted" else "closed"
        parsed = parse_rating(text) if text else None
        back = str(d.get("rating_return", "closed"))
        if parsed is not None:
            value, comment = parsed
            payload = {"case_id": pending.get("case_id"), "case_number":
                       pending.get("case_number"), "rating": value, "comment": comment}
            run.effect("rating", payload)
            d.pop("pending_rating", None)
            run.reset_attempts("rating")
            if run.state != "rating":
                run.goto("rating")
            if comment:
                d.pop("rating_return", None)
                run.add(self.say(run, "rating_thanks_done"))
                run.goto(back)
            else:
                d["rating_done"] = payload
                run.add(self.say(run, "rating_thanks"))
                run.goto("rating_comment")
            return
        if text and is_nothing(text):
            d.pop("pending_rating", None)
            d.pop("rating_return", None)
            if run.state != "rating":
                run.goto("rating")
            run.add(self.say(run, "rating_skipped"))
            run.goto(back)
            return
        if run.state != "rating":
            run.goto("rating")  # the question is asked at the end of the turn
            return
        if run.attempt("rating") >= 2:
            # Not a rating twice: let it go rather than insist, and treat the message normally.
            d.pop("pending_rating", None)
            d.pop("rating_return", None)
            run.reset_attempts("rating")
            run.goto(back)
            if text:
                self.dispatch(run, text)
            return
        run.add(self.say(run, "bad_rating"), asks=True)

    def _on_rating_comment(self, run: Run, text: str) -> None:
        d = run.doc
        done = d.pop("rating_done", None)
        back = str(d.pop("rating_return", "closed"))
        back = back if back in ("closed", "submitted") else "closed"
        if done and text.strip() and not is_nothing(text) and not is_thanks(text):
            run.effect("rating", {**done, "comment": text, "update": True})
        run.add(self.say(run, "rating_thanks_done"))
        run.goto(back)


def _aware(now: datetime) -> datetime:
    return now if now.tzinfo else now.replace(tzinfo=SHANGHAI)


def _plain(number: str) -> str:
    """A case number as typed or stored, for comparison: no spaces or dashes, upper case."""
    return "".join(ch for ch in number.upper() if ch.isalnum()) if number else "\x00"


def _meta(doc: dict[str, Any] | None) -> dict[str, Any]:
    meta = (doc or {}).get("meta")
    return meta if isinstance(meta, dict) else {}


def _copy(doc: dict[str, Any]) -> dict[str, Any]:
    """A private copy of the document (the step must not change its input): of what a step
    changes in place, i.e. the document's dicts and lists (attempts, transcript, handoff...) and
    those in "data" (attachments are extended). Deeper values, and the transcript's lines, which
    a step only adds or drops, are shared. (tests/dialogs/fakes.py checks every step's input.)"""
    out = {k: v.copy() if isinstance(v, (dict, list)) else v for k, v in doc.items()}
    data = out.get("data")
    if isinstance(data, dict):
        for k, v in data.items():
            if isinstance(v, (dict, list)):
                data[k] = v.copy()
    return out
