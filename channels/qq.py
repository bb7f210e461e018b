"""The qq channel. Placeholder until its issue lands: the routes are not registered."""

from __future__ import annotations

from typing import Any

from aiohttp import web


def setup(app: web.Application, settings: Any, handler: Any) -> None:
    """Register this channel's routes on the app."""
