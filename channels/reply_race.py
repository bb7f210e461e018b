"""Who delivers a turn's replies on a platform that waits a few seconds for a passive reply
(WeChat, Weibo): the waiting request, if the turn ends in time, or else the turn task itself
through the platform's reply API."""

from __future__ import annotations

import asyncio

from bot.messages import TurnResult


class ReplyRace:
    """Shared between the request and its turn task: who delivers the replies. Whichever comes
    first on the event loop wins: the turn's result (the request replies passively), or the
    reply budget running out or the request going away (the task then delivers through the
    platform's reply API: WeChat's 客服消息, Weibo's reply API)."""

    __slots__ = ("outcome",)

    def __init__(self, loop: asyncio.AbstractEventLoop):
        self.outcome: asyncio.Future[TurnResult | None] = loop.create_future()

    def give_up(self) -> None:
        if not self.outcome.done():
            self.outcome.set_result(None)

    def finished(self, result: TurnResult | None, exc: Exception | None = None) -> bool:
        """Hand the result to the waiting request; False when it no longer waits."""
        if self.outcome.done():
            return False
        if exc is not None:
            self.outcome.set_exception(exc)
        else:
            self.outcome.set_result(result)
        return True
