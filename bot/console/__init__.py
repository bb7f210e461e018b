"""The staff console (/staff/): review handoffs, take over conversations, watch deadlines, see
the situation. Server-rendered HTML; one small script (static/live.js) refreshes the marked parts
of the queue and conversation pages by short polling. See bot/console/pages.py for the guard every page
goes through (session, role, CSRF)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

from aiohttp import web

from bot import appkeys

STATIC = Path(__file__).parent / "static"


def setup(app: web.Application) -> None:
    """Register the console routes; bind its Redis-backed parts once Redis is up."""
    from bot.console.admin import admin_routes
    from bot.console.app import Console
    from bot.console.case_view import case_routes
    from bot.console.pages import PREFIX, SECURITY_HEADERS, login_page, login_submit, logout
    from bot.console.queue import queue_routes
    from bot.console.situation import situation_routes

    console = Console(app)
    app[appkeys.STAFF] = console  # type: ignore[misc]  # (the key is typed Any)

    async def bind(app: web.Application) -> AsyncIterator[None]:
        await console.bind()
        yield

    # After the Redis context (registered before setup() is called), so the client exists.
    app.cleanup_ctx.append(bind)

    async def to_queue(request: web.Request) -> web.StreamResponse:
        raise web.HTTPFound(f"{PREFIX}/")

    async def stylesheet(request: web.Request) -> web.StreamResponse:
        return web.FileResponse(STATIC / "console.css", headers={
            "Content-Type": "text/css; charset=utf-8", "Cache-Control": "max-age=3600",
            "X-Content-Type-Options": SECURITY_HEADERS["X-Content-Type-Options"]})

    async def script(request: web.Request) -> web.StreamResponse:
        return web.FileResponse(STATIC / "live.js", headers={
            "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "max-age=3600",
            "X-Content-Type-Options": SECURITY_HEADERS["X-Content-Type-Options"]})

    app.add_routes([
        web.get(PREFIX, to_queue),
        web.get(f"{PREFIX}/login", login_page),
        web.post(f"{PREFIX}/login", login_submit),
        web.post(f"{PREFIX}/logout", logout),
        web.get(f"{PREFIX}/static/console.css", stylesheet),
        web.get(f"{PREFIX}/static/live.js", script),
        *queue_routes(), *case_routes(), *admin_routes(), *situation_routes(),
    ])
