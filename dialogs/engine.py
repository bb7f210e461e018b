"""The intake dialog engine: `Dialog.step(doc, inp, services) -> StepResult` (see dialogs/api.py).

Pure: the document comes in, a new one goes out with the replies and the effects the pipeline
must perform. The engine reads the document into a `Conversation` (dialogs/conversation.py),
runs the message through the interceptors (dialogs/interceptors.py) and then the handler of
the state it is in (dialogs/handlers/), adds the state's question when no one asked it, and
writes the document back. The flow is the table in dialogs/states.py; the engine is the
`Context` (dialogs/context.py) that handlers and interceptors see.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from dialogs.api import Services, StepInput, StepResult
from dialogs.as_typed import keep_as_typed, told
from dialogs.change_of_mind import ChangeOfMind
from dialogs.commands import core
from dialogs.context import Handler, Interceptor, Limits, Step
from dialogs.conversation import Conversation, PendingRating
from dialogs.events import on_event
from dialogs.fields import advance, has_draft
from dialogs.handlers.collect import CollectHandler
from dialogs.handlers.consent import ConsentHandler
from dialogs.handlers.handoff import HandoffHandler
from dialogs.handlers.rating import RatingHandler
from dialogs.handlers.rest import AtRestHandler
from dialogs.handlers.resume import ResumeHandler
from dialogs.handlers.review import ReviewHandler
from dialogs.interceptors import Commands, HandOver, IdleResume, Media
from dialogs.interceptors import PendingRating as Pending
from dialogs.prompts import PromptError, Prompts, join
from dialogs.questions import question
from dialogs.states import STATES, StateTableError, validate
from dialogs.transcript import add_line
from dialogs.understand import Understand
from dialogs.wording import CHOICES, PROMPTS, WORDS
from nlp.entities import Gazetteer
from nlp.faq import Faq
from nlp.hanzi import to_simplified
from nlp.understanding import Understanding

SHANGHAI = ZoneInfo("Asia/Shanghai")


_UNDERSTANDING: dict[Path, Understanding] = {}


def load_understanding(config_dir: Path, cache_dir: Path | None) -> Understanding:
    """The turn-understanding layer, once per process and config dir (training takes seconds;
    `cache_dir` keeps the trained model on disk for the next process)."""
    key = config_dir.resolve()
    found = _UNDERSTANDING.get(key)
    if found is None:
        found = _UNDERSTANDING[key] = Understanding.load(config_dir, cache_dir)
    return found


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
        clock: Callable[[], datetime] | None = None,
        understanding: Understanding | None = None,
        faq: Faq | None = None,
    ):
        if idle_minutes <= 0 or retention_days <= 0 or max_chars < 50 or max_attempts < 1:
            raise ValueError(
                "dialog settings: idle_minutes and retention_days must be positive, "
                "max_chars at least 50, max_attempts at least 1"
            )
        validate()
        self.prompts = prompts
        self.gazetteer = gazetteer
        self.understanding = understanding
        self.faq = faq
        self.limits = Limits(timedelta(minutes=idle_minutes), timedelta(days=retention_days),
                             retention_days, max_chars, max_attempts)
        self.clock: Callable[[], datetime] = clock or (lambda: datetime.now(SHANGHAI))
        consent, rating, handoff = ConsentHandler(), RatingHandler(), HandoffHandler()
        handlers: tuple[Handler, ...] = (
            consent, CollectHandler(), ReviewHandler(), rating, handoff, ResumeHandler(),
            AtRestHandler(consent),
        )
        self._handlers: dict[str, Handler] = {s: h for h in handlers for s in h.states}
        missing = sorted(set(STATES) - set(self._handlers))
        if missing:
            raise StateTableError(f"state table: no handler for {missing}")
        # In this order; the first that deals with a message ends the step.
        self.interceptors: tuple[Interceptor, ...] = (
            HandOver(handoff), ChangeOfMind(), Commands(), Pending(rating), IdleResume(), Media(),
            Understand(),
        )
        prompts.require([s.prompt for s in STATES.values() if s.prompt] + list(PROMPTS), WORDS)
        # Choices are read by position (first = yes/continue/new...): their number is fixed.
        for key, n in CHOICES.items():
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
        cache_dir: Path | None = None,
    ) -> Dialog:
        """`cache_dir`: where the trained intent model may be kept between starts (the data
        dir's model/); without it the model is trained once per process."""
        config_dir = Path(config_dir)
        dialog = cls(
            Prompts.from_toml(config_dir / "prompts.toml"),
            Gazetteer.from_toml(config_dir / "towns.toml"),
            idle_minutes=idle_minutes,
            retention_days=retention_days,
            max_chars=max_chars,
            max_attempts=max_attempts,
        )
        # (after the wording is checked: a missing sentence is reported before anything else)
        dialog.understanding = load_understanding(config_dir, cache_dir)
        dialog.faq = Faq.load(config_dir / "faq.toml")
        return dialog

    # ---------------------------------------------------------------------------- settings

    @property
    def retention_days(self) -> int:
        return self.limits.retention_days

    @property
    def max_chars(self) -> int:
        return self.limits.max_chars

    @property
    def max_attempts(self) -> int:
        return self.limits.max_attempts

    # ---------------------------------------------------------------------------- public API

    def step(self, doc: dict[str, Any] | Conversation | None, inp: StepInput,
             services: Services) -> StepResult:
        """One message (or platform event). `doc` is not changed."""
        now = _aware(inp.now)
        stamp = now.isoformat()
        conv, expired = self._load(doc, now)
        step = Step(conv, now, inp.channel, self, services, stamp=stamp)
        if expired and _was_collecting(doc):
            step.tell("expired", retention_days=self.limits.retention_days)
        text = (inp.text or "").strip()
        if len(text) > self.limits.max_chars:
            text = text[: self.limits.max_chars]
            cut = True
        else:
            cut = False
        if inp.kind == "event":
            on_event(step, inp.event)
        else:
            add_line(conv.transcript, "citizen", self._as_line(inp, text), stamp)
            if cut:
                step.tell("too_long", max_chars=self.limits.max_chars)
            # Read in simplified characters (繁體 input too); the transcript keeps what was typed.
            # (a run dictated without punctuation gets its clause boundaries: nlp.boundaries;
            # they are for reading, the account keeps only the commas typed: dialogs.as_typed)
            before = told(conv)
            self._on_message(step, self.understanding.punctuated(to_simplified(text))
                             if self.understanding is not None else to_simplified(text), inp)
            keep_as_typed(conv, before)
        return self._finish(step)

    def hand_back(self, doc: dict[str, Any] | Conversation | None, now: datetime) -> StepResult:
        """Staff return the conversation to the bot: it asks for whatever is still missing."""
        now = _aware(now)
        conv, _ = self._load(doc, now)
        step = Step(conv, now, str((conv.meta or {}).get("channel", "")), self)
        if conv.state == "handoff":
            conv.handoff = None
            step.reset_attempts()
            step.tell("hand_back")
            if conv.consent_at:
                advance(step)
            else:
                step.goto("consent")
        return self._finish(step)

    def ask_rating(self, doc: dict[str, Any] | Conversation | None, case_id: str,
                   case_number: str, now: datetime) -> StepResult:
        """A case concluded: ask for a 1-5 rating now, or after the draft in progress."""
        now = _aware(now)
        conv, _ = self._load(doc, now)
        step = Step(conv, now, str((conv.meta or {}).get("channel", "")), self)
        conv.pending_rating = PendingRating(case_id, case_number)
        last_activity = conv.updated_at
        if not step.collecting and conv.state not in ("handoff", "resume"):
            conv.rating_return = "submitted" if conv.state == "submitted" else "closed"
            step.goto("rating")
        result = self._finish(step)
        if last_activity:  # the citizen did nothing: the idle clock keeps running
            result.doc["updated_at"] = last_activity
        return result

    def ttl_seconds(self, doc: dict[str, Any], now: datetime | None = None) -> int:
        """Seconds until the document must be deleted (its Redis TTL), at least 1."""
        now = _aware(now or self.clock())
        try:
            expires = datetime.fromisoformat(str(doc["expires_at"]))
        except (KeyError, ValueError):
            return int(self.limits.retention.total_seconds())
        return max(1, int((expires - now).total_seconds()))

    def has_draft(self, doc: dict[str, Any]) -> bool:
        return has_draft(Conversation.from_json(doc))

    # ---------------------------------------------------------------------------- Context

    def dispatch(self, step: Step, text: str) -> None:
        self._handlers[step.conv.state].handle(step, text)

    # ---------------------------------------------------------------------------- helpers

    def _load(self, doc: dict[str, Any] | Conversation | None,
              now: datetime) -> tuple[Conversation, bool]:
        """A private conversation from `doc` (a new one when there is none, it expired or it
        cannot be read), and whether it expired."""
        if doc is None:
            return self._new(now), False
        if isinstance(doc, Conversation):
            doc = doc.to_json()  # a private copy, read like a stored one
        expired = _expired(doc, now)
        if expired or not isinstance(doc.get("data", {}), dict):
            fresh = self._new(now)
            meta = doc.get("meta")
            fresh.meta = meta if isinstance(meta, dict) else None
            fresh.pending_rating = PendingRating.from_json(doc.get("pending_rating"))
            return fresh, expired
        conv = Conversation.from_json(doc)
        if conv.state not in STATES:
            conv.state = "new"  # a document from an older version: start cleanly, keep data
        return conv, False

    def _new(self, now: datetime) -> Conversation:
        stamp = now.isoformat()
        return Conversation(created_at=stamp, updated_at=stamp,
                            expires_at=(now + self.limits.retention).isoformat())

    def _as_line(self, inp: StepInput, text: str) -> str:
        if inp.kind == "text" and not inp.attachments and not inp.location:
            return text
        tags = []
        if inp.kind == "voice" and not text:
            tags.append(f"[{self.prompts.word('voice')}]")
        for a in inp.attachments:
            kind = str(a.get("kind", "file"))
            word = self.prompts.words.get(kind, self.prompts.word("attachment"))
            tags.append(f"[{word}]")
        if inp.location:
            tags.append(f"[{inp.location[2] or self.prompts.word('location')}]")
        return " ".join([*tags, text]).strip()

    def _on_message(self, step: Step, text: str, inp: StepInput) -> None:
        if step.state != "handoff":
            text = _pick_choice(step.conv, text)
        for intercept in self.interceptors:
            if intercept(step, text, inp):
                return
        self.dispatch(step, text)

    def _finish(self, step: Step) -> StepResult:
        conv = step.conv
        if not step.silent and not step.asked:
            q = question(step)
            if q is not None:
                step.parts.append(q)
        reply = None if step.silent else join(step.parts)
        if reply is not None:
            add_line(conv.transcript, "bot", reply.text, step.stamp)
        conv.last_choices = list(reply.choices) if reply else []
        conv.updated_at = step.stamp
        conv.expires_at = (step.now + self.limits.retention).isoformat()
        state = conv.state
        return StepResult(
            doc=conv.to_json(),
            replies=(reply,) if reply else (),
            state=state,
            expecting=STATES[state].expecting,
            effects=tuple(step.effects),
        )


def _pick_choice(conv: Conversation, text: str) -> str:
    """SMS shows choices numbered: "2" means the second button of the last reply."""
    choices = conv.last_choices
    if not choices or conv.state == "rating":
        return text
    c = core(text)
    if len(c) == 1 and c in "123456789":
        i = int(c)
        if 1 <= i <= len(choices):
            return choices[i - 1]
    return text


def _aware(now: datetime) -> datetime:
    return now if now.tzinfo else now.replace(tzinfo=SHANGHAI)


def _expired(doc: dict[str, Any], now: datetime) -> bool:
    try:
        return datetime.fromisoformat(str(doc["expires_at"])) <= now
    except (KeyError, ValueError):
        return False


def _was_collecting(doc: dict[str, Any] | Conversation | None) -> bool:
    state = doc.state if isinstance(doc, Conversation) else (doc or {}).get("state")
    s = STATES.get(str(state))
    return s is not None and s.collecting

