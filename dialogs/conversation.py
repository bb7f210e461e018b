"""The conversation document as typed, slotted dataclasses, with explicit versioned JSON.

`Conversation.from_json(doc)` reads a stored document (this version's, or version 1's: the
dict documents of the first engine, which have the same keys); `Conversation.to_json()` writes
the JSON-able dict the pipeline stores (orjson). The layout of the JSON is the contract with
bot/ (the pipeline, the console and the case events read `meta`, `state`, `data`, `transcript`,
`pending_rating`, `handoff`): a key is written only when it has a value, as before.

Version history:
- 1: the dict engine (dialogs v1). Unknown states load as "new" (data kept); a `data` that is
  not an object starts a fresh conversation (the engine decides: `loadable`).
- 2: written from these dataclasses; same keys and meanings as 1.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import orjson

VERSION = 2
READS = (1, 2)  # versions from_json accepts (a document without "v" is version 1)

Line = dict[str, str]  # a transcript line: {"role": "citizen"|"bot"|"staff", "text", "time"}
Meta = dict[str, Any]  # owned by the pipeline (channel, sender, owner, cases...): opaque here


class DocumentError(ValueError):
    """A stored document of a version this code cannot read."""


@dataclass(slots=True)
class Draft:
    """The petition being collected (`data` in the document). None means "not given yet";
    for `address` and `request` an empty string is an answer ("不知道", "没有要求")."""

    description: str | None = None
    town: str | None = None
    town_unknown: bool = False  # the citizen does not know the town (town stays None)
    address: str | None = None
    name: str | None = None
    name_partial: bool = False  # only a surname ("我姓李")
    anonymous: bool | None = None
    phone: str | None = None  # normalized: 13912345678 or 0517-86901234
    request: str | None = None
    location: dict[str, Any] | None = None  # {"lat", "lon", "label"}
    attachments: list[dict[str, str]] = field(default_factory=list)
    follow_up_of: str | None = None
    follow_up_number: str | None = None
    intent: str | None = None  # 投诉/举报/咨询... said before the matter
    urgent: bool = False  # danger words: 110/120/119 said once, staff look first

    def contacts(self) -> Draft:
        """What stays after a submission: phone and name (for 进度 and the next petition)."""
        return Draft(phone=self.phone, name=self.name, anonymous=self.anonymous)

    def has_any(self, fields: tuple[str, ...]) -> bool:
        return any(getattr(self, f) for f in fields)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.description is not None:
            out["description"] = self.description
        if self.town is not None or self.town_unknown:
            out["town"] = self.town
        if self.town_unknown:
            out["town_unknown"] = True
        if self.address is not None:
            out["address"] = self.address
        if self.name is not None or self.anonymous:
            out["name"] = self.name
        if self.name_partial:
            out["name_partial"] = True
        if self.anonymous is not None:
            out["anonymous"] = self.anonymous
        if self.phone is not None:
            out["phone"] = self.phone
        if self.request is not None:
            out["request"] = self.request
        if self.location is not None:
            out["location"] = self.location
        if self.attachments:
            out["attachments"] = [dict(a) for a in self.attachments]
        if self.follow_up_of is not None:
            out["follow_up_of"] = self.follow_up_of
        if self.follow_up_number is not None:
            out["follow_up_number"] = self.follow_up_number
        if self.intent is not None:
            out["intent"] = self.intent
        if self.urgent:
            out["urgent"] = True
        return out

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Draft:
        if d.keys() <= _DRAFT_KEYS:  # the keys this code writes: taken as they are
            draft = cls(**d)
            if draft.attachments:
                draft.attachments = list(draft.attachments)  # a step extends its own copy
            return draft
        return cls.read_loosely(d)

    @classmethod
    def read_loosely(cls, d: dict[str, Any]) -> Draft:
        """Field by field, converting types, ignoring keys this code does not know."""
        g = d.get
        return cls(
            description=_opt_str(g("description")),
            town=_opt_str(g("town")),
            town_unknown=bool(g("town_unknown")),
            address=_opt_str(g("address")),
            name=_opt_str(g("name")),
            name_partial=bool(g("name_partial")),
            anonymous=None if g("anonymous") is None else bool(g("anonymous")),
            phone=_opt_str(g("phone")),
            request=_opt_str(g("request")),
            location=_opt_dict(g("location")),
            attachments=[dict(a) for a in g("attachments") or () if isinstance(a, dict)],
            follow_up_of=_opt_str(g("follow_up_of")),
            follow_up_number=_opt_str(g("follow_up_number")),
            intent=_opt_str(g("intent")),
            urgent=bool(g("urgent")),
        )


@dataclass(frozen=True, slots=True)
class PendingRating:
    """A concluded case waiting for the citizen's 1-5 rating."""

    case_id: str
    case_number: str

    def to_json(self) -> dict[str, Any]:
        return {"case_id": self.case_id, "case_number": self.case_number}

    @classmethod
    def from_json(cls, d: Any) -> PendingRating | None:
        if not isinstance(d, dict):
            return None
        return cls(str(d.get("case_id") or ""), str(d.get("case_number") or ""))


@dataclass(frozen=True, slots=True)
class RatingGiven:
    """A rating given without a comment: the comment, if one follows, updates it."""

    case_id: str
    case_number: str
    rating: int
    comment: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"case_id": self.case_id, "case_number": self.case_number,
                "rating": self.rating, "comment": self.comment}

    @classmethod
    def from_json(cls, d: Any) -> RatingGiven | None:
        if not isinstance(d, dict):
            return None
        return cls(str(d.get("case_id") or ""), str(d.get("case_number") or ""),
                   int(d.get("rating") or 0), str(d.get("comment") or ""))


@dataclass(slots=True)
class Handoff:
    """Staff have the conversation (reason: asked_for_person, stuck, ...)."""

    reason: str
    came_from: str = ""  # the state the conversation was in
    acked: bool = False  # the citizen was told once that staff will answer
    at: str = ""  # ISO time

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"reason": self.reason}
        if self.came_from:
            out["from"] = self.came_from
        out["acked"] = self.acked
        if self.at:
            out["at"] = self.at
        return out

    @classmethod
    def from_json(cls, d: Any) -> Handoff | None:
        if not isinstance(d, dict):
            return None
        return cls(str(d.get("reason") or "unknown"), str(d.get("from") or ""),
                   bool(d.get("acked")), str(d.get("at") or ""))


@dataclass(slots=True)
class Resume:
    """Back after the idle time: the state to return to and the messages held meanwhile."""

    state: str
    held: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"state": self.state, "held": list(self.held)}

    @classmethod
    def from_json(cls, d: Any) -> Resume | None:
        if not isinstance(d, dict):
            return None
        return cls(str(d.get("state") or ""), [str(h) for h in d.get("held") or ()])


@dataclass(frozen=True, slots=True)
class RepeatOffer:
    """An open case of the same category from the last 30 days: new matter or follow-up?"""

    case_id: str
    case_number: str
    date: str  # as told to the citizen
    status: str  # as told to the citizen

    def to_json(self) -> dict[str, Any]:
        return {"case_id": self.case_id, "case_number": self.case_number, "date": self.date,
                "status": self.status}

    @classmethod
    def from_json(cls, d: Any) -> RepeatOffer | None:
        if not isinstance(d, dict):
            return None
        return cls(str(d.get("case_id") or ""), str(d.get("case_number") or ""),
                   str(d.get("date") or ""), str(d.get("status") or ""))


@dataclass(frozen=True, slots=True)
class LastSubmit:
    at: str  # ISO time
    color: str

    def to_json(self) -> dict[str, Any]:
        return {"at": self.at, "color": self.color}

    @classmethod
    def from_json(cls, d: Any) -> LastSubmit | None:
        if not isinstance(d, dict):
            return None
        return cls(str(d.get("at") or ""), str(d.get("color") or ""))


@dataclass(slots=True)
class TurnNotes:
    """What turn understanding keeps between messages (dialogs/understand.py)."""

    followups: int = 0  # targeted questions asked about a thin account (at most two)
    parts: bool = False  # the citizen tells the story in several messages, until 说完了
    explained: list[str] = field(default_factory=list)  # fields whose refusal was explained
    # The field whose refusal was explained by the last reply: an unnamed "还是不想说" right
    # after it is about that field, not the question then open (read for one message only).
    refused: str = ""

    def empty(self) -> bool:
        return not (self.followups or self.parts or self.explained or self.refused)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"followups": self.followups, "parts": self.parts,
                               "explained": list(self.explained)}
        if self.refused:
            out["refused"] = self.refused
        return out

    @classmethod
    def from_json(cls, d: Any) -> TurnNotes:
        if not isinstance(d, dict):
            return cls()
        return cls(int(d.get("followups") or 0), bool(d.get("parts")),
                   [str(f) for f in d.get("explained") or ()], str(d.get("refused") or ""))


@dataclass(slots=True)
class Conversation:
    """One citizen's conversation on one channel (the stored document)."""

    state: str = "new"
    meta: Meta | None = None  # the pipeline's; never changed by the dialog
    data: Draft = field(default_factory=Draft)
    transcript: list[Line] = field(default_factory=list)
    created_at: str = ""  # ISO times
    updated_at: str = ""
    expires_at: str = ""
    consent_at: str | None = None
    attempts: dict[str, int] = field(default_factory=dict)  # wrong answers per question
    analysis: dict[str, Any] | None = None  # dialogs.case.analysis_to_dict of the matter
    editing: bool = False  # a correction from the summary: back to the summary after it
    appending: bool = False  # "我再补充一点": the next description adds to the matter
    held: list[str] = field(default_factory=list)  # the matter, said before consent
    held_attachments: list[dict[str, str]] = field(default_factory=list)  # before consent
    resume: Resume | None = None
    repeat: RepeatOffer | None = None
    repeat_checked: bool = False
    handoff: Handoff | None = None
    pending_rating: PendingRating | None = None
    rating_done: RatingGiven | None = None
    rating_return: str | None = None  # "submitted" | "closed": where the rating returns to
    last_choices: list[str] = field(default_factory=list)
    last_submit: LastSubmit | None = None
    notes: TurnNotes = field(default_factory=TurnNotes)
    v: int = VERSION

    # ------------------------------------------------------------------------- one way each

    def reset_draft(self, keep: Draft | None = None) -> None:
        """Forget the petition in progress and its working state; `keep`: the new draft
        (e.g. the contacts of a submitted one). The transcript is the caller's business."""
        self.data = keep if keep is not None else Draft()
        self.analysis = None
        self.editing = self.appending = self.repeat_checked = False
        self.repeat = self.resume = None
        self.held = []
        self.held_attachments = []
        self.attempts = {}
        self.notes = TurnNotes()

    def leave_rating(self) -> str:
        """Drop the pending rating (given, skipped or let go): returns the state to go back to,
        "submitted" or "closed"."""
        back = self.rating_return
        self.pending_rating = self.rating_done = self.rating_return = None
        return back if back in ("closed", "submitted") else "closed"

    # ------------------------------------------------------------------------- JSON

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"v": VERSION, "state": self.state}
        if self.meta is not None:
            out["meta"] = self.meta
        out["data"] = self.data.to_json()
        out["attempts"] = dict(self.attempts)
        out["transcript"] = list(self.transcript)
        if self.created_at:
            out["created_at"] = self.created_at
        out["updated_at"] = self.updated_at
        out["expires_at"] = self.expires_at
        if self.consent_at is not None:
            out["consent_at"] = self.consent_at
        if self.analysis is not None:
            out["analysis"] = self.analysis
        if self.editing:
            out["editing"] = True
        if self.appending:
            out["appending"] = True
        if self.held:
            out["held"] = list(self.held)
        if self.held_attachments:
            out["held_attachments"] = [dict(a) for a in self.held_attachments]
        if self.resume is not None:
            out["resume"] = self.resume.to_json()
        if self.repeat is not None:
            out["repeat"] = self.repeat.to_json()
        if self.repeat_checked:
            out["repeat_checked"] = True
        if self.handoff is not None:
            out["handoff"] = self.handoff.to_json()
        if self.pending_rating is not None:
            out["pending_rating"] = self.pending_rating.to_json()
        if self.rating_done is not None:
            out["rating_done"] = self.rating_done.to_json()
        if self.rating_return is not None:
            out["rating_return"] = self.rating_return
        out["last_choices"] = list(self.last_choices)
        if self.last_submit is not None:
            out["last_submit"] = self.last_submit.to_json()
        if not self.notes.empty():
            out["notes"] = self.notes.to_json()
        return out

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Conversation:
        """Read a stored document of any version in READS (the input is not changed: what a
        step changes in place is copied, the rest is shared)."""
        v = d.get("v", 1)
        if v not in READS:
            raise DocumentError(f"conversation document version {v!r} (this code reads {READS})")
        if not d.keys() <= _CONVERSATION_KEYS:
            return cls.read_loosely(d)
        kw = dict(d)
        kw["v"] = VERSION
        data = kw.get("data")
        kw["data"] = Draft.from_json(data) if isinstance(data, dict) else Draft()
        kw["transcript"] = list(kw.get("transcript") or ())
        kw["attempts"] = dict(kw.get("attempts") or {})
        for key, typ in _NESTED:
            if key in kw:
                kw[key] = typ.from_json(kw[key])
        for key in ("held", "held_attachments", "last_choices"):
            if key in kw:
                kw[key] = list(kw[key] or ())
        if kw.get("state") is None:
            kw["state"] = "new"
        if kw.get("meta") is not None and not isinstance(kw["meta"], dict):
            kw["meta"] = None
        return cls(**kw)

    @classmethod
    def read_loosely(cls, d: dict[str, Any]) -> Conversation:
        """Field by field, converting types, ignoring keys this code does not know."""
        g = d.get
        data = g("data")
        meta = g("meta")
        attempts = g("attempts")
        return cls(
            state=str(g("state") or "new"),
            meta=meta if isinstance(meta, dict) else None,
            data=Draft.from_json(data) if isinstance(data, dict) else Draft(),
            transcript=list(g("transcript") or ()),
            created_at=str(g("created_at") or ""),
            updated_at=str(g("updated_at") or ""),
            expires_at=str(g("expires_at") or ""),
            consent_at=_opt_str(g("consent_at")),
            attempts=dict(attempts) if isinstance(attempts, dict) else {},
            analysis=g("analysis") if isinstance(g("analysis"), dict) else None,
            editing=bool(g("editing")),
            appending=bool(g("appending")),
            held=[str(h) for h in g("held") or ()],
            held_attachments=[dict(a) for a in g("held_attachments") or ()
                              if isinstance(a, dict)],
            resume=Resume.from_json(g("resume")),
            repeat=RepeatOffer.from_json(g("repeat")),
            repeat_checked=bool(g("repeat_checked")),
            handoff=Handoff.from_json(g("handoff")),
            pending_rating=PendingRating.from_json(g("pending_rating")),
            rating_done=RatingGiven.from_json(g("rating_done")),
            rating_return=_opt_str(g("rating_return")),
            last_choices=[str(c) for c in g("last_choices") or ()],
            last_submit=LastSubmit.from_json(g("last_submit")),
            notes=TurnNotes.from_json(g("notes")),
        )

    def dumps(self) -> bytes:
        return orjson.dumps(self.to_json())

    @classmethod
    def loads(cls, raw: bytes | str) -> Conversation:
        return cls.from_json(orjson.loads(raw))


_DRAFT_KEYS = frozenset(Draft.__dataclass_fields__)
_CONVERSATION_KEYS = frozenset(Conversation.__dataclass_fields__)
_NESTED: tuple[tuple[str, Any], ...] = (
    ("resume", Resume), ("repeat", RepeatOffer), ("handoff", Handoff),
    ("pending_rating", PendingRating), ("rating_done", RatingGiven), ("last_submit", LastSubmit),
    ("notes", TurnNotes),
)


def _opt_dict(v: Any) -> dict[str, Any] | None:
    return dict(v) if isinstance(v, dict) else None


def _opt_str(v: Any) -> str | None:
    return None if v is None else str(v)
