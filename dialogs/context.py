"""What every handler and interceptor depends on instead of the engine.

`Context` is the engine's face towards them: the wording, the gazetteer, the limits, the clock,
and `dispatch` (hand a message to the handler of the state the conversation is in now, e.g. a
message held before consent). `Step` is one step in progress: the conversation being changed,
the replies and effects gathered so far. `Handler` and `Interceptor` are the two shapes of
behaviour the engine (dialogs/engine.py) is built from.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from dialogs.api import Effect, Say, Services, StepInput
from dialogs.conversation import Conversation, Draft
from dialogs.prompts import Prompts
from dialogs.states import STATES, allowed
from nlp.entities import Gazetteer

if TYPE_CHECKING:
    from nlp.faq import Faq
    from nlp.understanding import Understanding


class DialogError(RuntimeError):
    """The engine tried a move the state table does not declare (a bug, caught by the tests)."""


@dataclass(frozen=True, slots=True)
class Limits:
    idle: timedelta  # a draft idle this long gets "继续 / 重新开始" first
    retention: timedelta  # a document lives this long after the last activity
    retention_days: int
    max_chars: int  # a longer message is cut (and the citizen told)
    max_attempts: int  # wrong answers to one question before staff take over


class Context(Protocol):
    prompts: Prompts
    gazetteer: Gazetteer
    limits: Limits
    understanding: Understanding | None  # reads each message first (dialogs/understand.py)
    faq: Faq | None  # instant answers to common questions (咨询)
    clock: Callable[[], datetime]

    def dispatch(self, step: Step, text: str) -> None:
        """Hand `text` to the handler of the state `step` is in now."""


class Handler(Protocol):
    """The behaviour of a group of states (consent, collect, review, rating, ...)."""

    @property
    def states(self) -> tuple[str, ...]:
        """The states this handler answers in."""

    def handle(self, step: Step, text: str) -> None: ...


class Interceptor(Protocol):
    """Looks at a message before the state's handler; True when it dealt with it."""

    def __call__(self, step: Step, text: str, inp: StepInput) -> bool: ...


@dataclass(slots=True)
class Step:
    conv: Conversation
    now: datetime
    channel: str
    ctx: Context
    services: Services | None = None
    parts: list[Say] = field(default_factory=list)
    effects: list[Effect] = field(default_factory=list)
    asked: bool = False  # the current state's question (or a sentence standing for it) was said
    silent: bool = False  # say nothing more this step (unsubscribe, staff own the conversation)
    stamp: str = ""  # now.isoformat(): the time this step writes in the document

    def __post_init__(self) -> None:
        if not self.stamp:
            self.stamp = self.now.isoformat()

    @property
    def state(self) -> str:
        return self.conv.state

    @property
    def data(self) -> Draft:
        return self.conv.data

    @property
    def collecting(self) -> bool:
        return STATES[self.conv.state].collecting

    def goto(self, target: str) -> None:
        if target not in STATES:
            raise DialogError(f"unknown state {target!r}")
        if not allowed(self.conv.state, target):
            raise DialogError(f"move {self.conv.state} -> {target} is not in the state table")
        if target != self.conv.state:
            self.asked = False
        self.conv.state = target

    def say(self, key: str, **values: Any) -> Say:
        return self.ctx.prompts.say(key, self.channel, **values)

    def add(self, say: Say, *, asks: bool = False) -> None:
        self.parts.append(say)
        if asks:
            self.asked = True

    def tell(self, key: str, **values: Any) -> None:
        """Add the sentence `key` of prompts.toml to the reply."""
        self.parts.append(self.ctx.prompts.say(key, self.channel, **values))

    def unsay(self, *keys: str) -> None:
        """Take the sentences `keys` of prompts.toml back out of this step's reply."""
        said = {self.ctx.prompts.say(k, self.channel).text for k in keys}
        self.parts = [p for p in self.parts if p.text not in said]

    def effect(self, kind: str, payload: dict[str, Any] | None = None) -> None:
        self.effects.append(Effect(kind, payload or {}))

    def dispatch(self, text: str) -> None:
        self.ctx.dispatch(self, text)

    def attempt(self, what: str) -> int:
        attempts = self.conv.attempts
        attempts[what] = attempts.get(what, 0) + 1
        return attempts[what]

    def reset_attempts(self, what: str | None = None) -> None:
        if what is None:
            self.conv.attempts = {}
        else:
            self.conv.attempts.pop(what, None)
