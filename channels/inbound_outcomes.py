"""What reading a platform request can come to besides a message, shared by the adapters that
answer a push passively (WeChat, Weibo): refused, acknowledged and ignored, or unsupported."""

from __future__ import annotations

from dataclasses import dataclass


class Rejected(Exception):
    """A request refused with an HTTP status; `reason` is safe to log (no personal data)."""

    def __init__(self, status: int, reason: str):
        self.status = status
        self.reason = reason
        super().__init__(f"{status} {reason}")


@dataclass(frozen=True, slots=True)
class Ignored:
    """Acknowledged with the platform's empty answer and otherwise ignored (unknown events,
    @-mentions)."""

    what: str


@dataclass(frozen=True, slots=True)
class Unsupported:
    """A message type the bot cannot use (mini-program cards, unknown types): the citizen is
    told so, nothing is stored."""

    what: str
    sender: str = ""
    account: str = ""
