"""Reading a webhook's body within a size limit (shared by the signed platform endpoints)."""

from __future__ import annotations

from aiohttp import web


async def read_limited(request: web.Request, limit: int) -> bytes | None:
    """The raw body, or None when it is larger than `limit` bytes (or than the app's own
    client_max_size, which aiohttp enforces while reading)."""
    try:
        raw = await request.read()
    except web.HTTPRequestEntityTooLarge:
        return None
    return raw if len(raw) <= limit else None
