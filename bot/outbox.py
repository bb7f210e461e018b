"""Case delivery (durable outbox -> signed webhook). Placeholder wiring until issue 7 lands:
cases already wait durably in the outbox stream (bot.keys.OUTBOX_STREAM)."""

from __future__ import annotations

from typing import Any

from aiohttp import web


def setup(app: web.Application) -> None:
    """Register the delivery worker and the case-system events endpoint."""


def rating_sink(app: web.Application) -> Any:
    return None
