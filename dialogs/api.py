"""The contract between the bot's pipeline and the dialog. Pure data; the engine implements it.

The pipeline does: dedupe -> lock -> load doc -> `Dialog.step(doc, inp, services)` -> save doc
-> perform effects (submit case, hand off). The dialog never does I/O: whatever it needs from
the outside world comes in `Services`, whatever must happen outside goes out as `Effect`s.

Names: a *turn* is the pipeline's (bot.store.Turn, bot.messages.TurnResult: one inbound message
handled under the conversation's lock); a *step* is the dialog's part of it (`StepInput` in,
`StepResult` out; dialogs.context.Step while it runs).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from nlp.colour import ColourRule
from nlp.types import Analysis

# Placeholder the dialog may put in reply text when the case number is not known yet; the
# pipeline allocates the number atomically when it performs the "submit" effect and fills it in.
CASE_NUMBER_PLACEHOLDER = "{case_number}"


@dataclass(frozen=True, slots=True)
class StepInput:
    """What the citizen sent (or the platform event) for one dialog step."""

    text: str
    kind: str  # text | voice | media | location | event  (see bot.messages.InboundMessage)
    channel: str
    now: datetime  # timezone-aware, Asia/Shanghai
    event: str = ""
    location: tuple[float, float, str] | None = None  # lat, lon, label
    attachments: tuple[dict[str, str], ...] = ()
    message_id: str = ""


@dataclass(frozen=True, slots=True)
class CaseBrief:
    """A case of this citizen, for 查询/进度 and the repeat-petition check."""

    case_id: str
    case_number: str
    status: str
    category_code: str
    phone: str
    submitted_at: datetime
    due_at: datetime | None = None
    message: str = ""
    external_number: str = ""  # the county case system's own number, once it gave one


@dataclass(frozen=True, slots=True)
class DueDate:
    at: datetime | None  # None when the calendar does not cover the date (flagged for staff)
    flagged: bool
    label: str  # human text, e.g. "2026年11月27日 12:00 前"
    # Counted on a provisional calendar (the year's holidays are not published yet; weekends,
    # fixed and lunar holidays only): the label says so, staff confirm it (bot/deadlines.py).
    provisional: bool = False


@dataclass(frozen=True, slots=True)
class Services:
    """What the dialog needs from the outside world for one step (pure functions and data)."""

    analyze: Callable[[str], Analysis]  # pure and fast (a few ms), from nlp/
    due_at: Callable[[str, datetime], DueDate]  # colour, start -> deadline
    recent_cases: tuple[CaseBrief, ...] = ()  # this citizen's cases, newest first
    # The county's four-colour rule (config/colour_rule.toml, the classifier's own): it colours
    # a nature the dialog decides (a question taken down is 咨询; a report verb, 投诉举报).
    # None: such a nature gets no colour (常规) and staff colour it.
    colour_rule: ColourRule | None = None


@dataclass(frozen=True, slots=True)
class Say:
    text: str
    short: str = ""  # SMS variant
    choices: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Effect:
    """Something the pipeline must do after saving the doc.

    kind: "submit" (payload: the case dict, SPEC webhook shape without case_number),
    "handoff" (payload: {"reason": "low_confidence"|"asked_for_person"|"stuck"|..., ...}),
    "closed" (conversation ended: cancel/unsubscribe), "rating" (payload: case_id, rating, comment).
    """

    kind: str
    payload: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class StepResult:
    doc: dict[str, Any]  # the whole conversation document to save (JSON-able)
    replies: tuple[Say, ...]
    state: str
    expecting: str | None = None
    effects: tuple[Effect, ...] = ()
