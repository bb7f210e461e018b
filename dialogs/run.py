"""One turn in progress: the document being changed, the replies and effects gathered so far."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from dialogs.api import Effect, Say, TurnContext
from dialogs.states import STATES, allowed


class DialogError(RuntimeError):
    """The engine tried a move the state table does not declare (a bug, caught by the tests)."""


@dataclass(slots=True)
class Run:
    doc: dict[str, Any]
    now: datetime
    channel: str
    ctx: TurnContext | None = None
    parts: list[Say] = field(default_factory=list)
    effects: list[Effect] = field(default_factory=list)
    asked: bool = False  # the current state's question (or a sentence standing for it) was said
    silent: bool = False  # say nothing more this turn (unsubscribe, staff owns the conversation)
    stamp: str = field(init=False)  # now.isoformat(): the time this turn writes in the document

    def __post_init__(self) -> None:
        self.stamp = self.now.isoformat()

    @property
    def state(self) -> str:
        return str(self.doc.get("state") or "new")

    @property
    def data(self) -> dict[str, Any]:
        data: dict[str, Any] = self.doc.setdefault("data", {})
        return data

    def goto(self, target: str) -> None:
        if target not in STATES:
            raise DialogError(f"unknown state {target!r}")
        if not allowed(self.state, target):
            raise DialogError(f"move {self.state} -> {target} is not in the state table")
        if target != self.state:
            self.asked = False
        self.doc["state"] = target

    def add(self, say: Say, *, asks: bool = False) -> None:
        self.parts.append(say)
        if asks:
            self.asked = True

    def effect(self, kind: str, payload: dict[str, Any] | None = None) -> None:
        self.effects.append(Effect(kind, payload or {}))

    def attempt(self, what: str) -> int:
        attempts: dict[str, int] = self.doc.setdefault("attempts", {})
        attempts[what] = attempts.get(what, 0) + 1
        return attempts[what]

    def reset_attempts(self, what: str | None = None) -> None:
        if what is None:
            self.doc["attempts"] = {}
        else:
            self.doc.setdefault("attempts", {}).pop(what, None)
