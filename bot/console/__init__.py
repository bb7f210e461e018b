"""The staff console (/staff/). Placeholder wiring until issue 8 lands."""

from __future__ import annotations

from aiohttp import web


def setup(app: web.Application) -> None:
    """Register the console routes."""
