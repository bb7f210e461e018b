"""The web chat channel (网上信访 on the county site).

`POST /web/session` issues an opaque random token; only its SHA-256 is stored, with the
conversation's sender id. `POST /web/messages` carries the token as a Bearer credential. A client
may send its own `message_id` so that a network retry of the same message is answered, not
processed twice.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import secrets
import time
from pathlib import Path
from typing import Any

import orjson
from aiohttp import web

from bot import appkeys, jsonbody, keys, metrics
from bot.messages import Handler, InboundMessage, Location, Reply, TurnResult, conversation_key
from bot.redisconn import as_text

log = logging.getLogger("petition.web")

STATIC = Path(__file__).parent / "static"
MAX_TEXT = 10_000  # hard cap before the dialog's own cut (which tells the citizen)
MAX_PUSHED = 50  # messages kept for a page that is not polling


def _dumps(obj: Any) -> str:
    """UTF-8 JSON (Chinese as is, not \\u escapes): smaller replies, faster to encode."""
    return orjson.dumps(obj).decode()


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _error(status: int, code: str, message: str, endpoint: str) -> web.Response:
    metrics.HTTP_REJECTED.inc(endpoint, str(status))
    return web.json_response({"error": code, "message": message}, status=status)


def _client_ip(request: web.Request) -> str:
    return request.remote or "unknown"


def _count_ip(pipe: Any, request: web.Request) -> None:
    """Queue this request's count in the client IP's per-minute window on `pipe`."""
    key = keys.web_ip_rate(_digest(_client_ip(request))[:24], int(time.time() // 60))
    pipe.incr(key)
    pipe.expire(key, 120)


async def _ip_allowed(request: web.Request, per_minute: int) -> bool:
    if per_minute <= 0:
        return True
    pipe = request.app[appkeys.REDIS].pipeline(transaction=False)
    _count_ip(pipe, request)
    count, _ = await pipe.execute()
    return int(count) <= per_minute


async def _sessions_allowed(request: web.Request, per_hour: int) -> bool:
    """At most `per_hour` new sessions per client IP per clock hour (each is a key kept for the
    retention period); 0 turns the limit off. Counted before the session is made, atomically."""
    if per_hour <= 0:
        return True
    key = keys.web_session_rate(_digest(_client_ip(request))[:24], int(time.time() // 3600))
    pipe = request.app[appkeys.REDIS].pipeline(transaction=False)
    pipe.incr(key)
    pipe.expire(key, 7200)
    count, _ = await pipe.execute()
    return int(count) <= per_hour


def result_json(result: TurnResult) -> dict[str, Any]:
    return {
        "replies": [{"text": r.text, "choices": list(r.choices)} for r in result.replies],
        "state": result.state,
        "expecting": result.expecting,
    }


class WebSender:
    """Staff replies and case updates for web-chat citizens: queued in Redis (one list per
    conversation, same slot, same retention as the conversation) for the page to fetch with
    `GET /web/updates`."""

    def __init__(self, app: web.Application, retention: int):
        self.app = app
        self.retention = retention

    async def send(self, meta: dict[str, object], reply: Reply) -> bool:
        key = keys.web_push(conversation_key("web", str(meta.get("sender", "")),
                                             str(meta.get("group", "") or "")))
        item = json.dumps({"text": reply.text, "choices": list(reply.choices)},
                          ensure_ascii=False)
        pipe = self.app[appkeys.REDIS].pipeline(transaction=True)
        pipe.rpush(key, item)
        pipe.ltrim(key, -MAX_PUSHED, -1)
        pipe.expire(key, self.retention)
        await pipe.execute()
        return True


def setup(app: web.Application, settings: Any, handler: Handler) -> None:
    retention = settings.dialog.retention_days * 86400
    app[appkeys.SENDERS]["web"] = WebSender(app, retention)
    per_ip = settings.limits.web_ip_per_minute
    sessions_per_hour = settings.limits.web_sessions_per_ip_hour
    page = STATIC / "web.html"

    async def chat_page(request: web.Request) -> web.StreamResponse:
        if not page.exists():
            raise web.HTTPNotFound()
        return web.FileResponse(page, headers={
            "Content-Type": "text/html; charset=utf-8",
            "Cache-Control": "no-cache",
            "Content-Security-Policy": "default-src 'self'; style-src 'self' 'unsafe-inline'; "
                                       "script-src 'self' 'unsafe-inline'; img-src 'self' data:",
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
        })

    async def new_session(request: web.Request) -> web.Response:
        if not await _ip_allowed(request, per_ip) or not await _sessions_allowed(
                request, sessions_per_hour):
            return _error(429, "rate_limited", "too many requests, try again later", "web_session")
        token = secrets.token_urlsafe(32)
        sender = "w" + secrets.token_hex(12)
        redis = request.app[appkeys.REDIS]
        await redis.set(keys.web_session(_digest(token)), sender, ex=retention)
        return web.json_response({"token": token}, status=201)

    async def session_of(request: web.Request, endpoint: str) -> str | web.Response:
        """The conversation's sender id for the request's bearer token, or the refusal."""
        auth = request.headers.get("Authorization", "")
        scheme, _, token = auth.partition(" ")
        if scheme.lower() != "bearer" or not token or len(token) > 200 or not token.isascii():
            if not await _ip_allowed(request, per_ip):
                return _error(429, "rate_limited", "too many requests, try again later",
                              endpoint)
            return _error(401, "unauthorized", "missing bearer token", endpoint)
        # One round trip on every message: the IP's count, the session, its renewed lifetime.
        session_key = keys.web_session(_digest(token.strip()))
        pipe = request.app[appkeys.REDIS].pipeline(transaction=False)
        if per_ip > 0:
            _count_ip(pipe, request)
        pipe.get(session_key)
        pipe.expire(session_key, retention)
        answers = await pipe.execute()
        if per_ip > 0 and int(answers[0]) > per_ip:
            return _error(429, "rate_limited", "too many requests, try again later", endpoint)
        sender = answers[-2]
        if sender is None:
            return _error(401, "unauthorized", "unknown or expired session token", endpoint)
        return as_text(sender)

    async def updates(request: web.Request) -> web.Response:
        sender_id = await session_of(request, "web_updates")
        if isinstance(sender_id, web.Response):
            return sender_id
        key = keys.web_push(conversation_key("web", sender_id))
        pipe = request.app[appkeys.REDIS].pipeline(transaction=True)
        pipe.lrange(key, 0, -1)
        pipe.delete(key)
        items, _ = await pipe.execute()
        return web.json_response({"replies": [json.loads(i) for i in items]}, dumps=_dumps)

    async def post_message(request: web.Request) -> web.Response:
        sender_id = await session_of(request, "web_messages")
        if isinstance(sender_id, web.Response):
            return sender_id
        if request.content_type != "application/json":
            return _error(415, "unsupported_media_type", "use application/json", "web_messages")
        try:
            body = jsonbody.loads(await request.read())
        except web.HTTPRequestEntityTooLarge:
            return _error(413, "too_large", "request body too large", "web_messages")
        except jsonbody.BadJson as exc:
            return _error(400, "malformed", exc.reason, "web_messages")
        parsed = parse_message(body)
        if isinstance(parsed, str):
            return _error(400, "malformed", parsed, "web_messages")
        text, location, message_id = parsed
        message = InboundMessage(
            channel="web", sender=sender_id, message_id=message_id or os.urandom(12).hex(),
            text=text, kind="location" if location and not text else "text",
            location=location, received_at=time.time())
        result = await handler(message)
        return web.json_response(result_json(result), dumps=_dumps)

    app.router.add_get("/web", chat_page)
    app.router.add_post("/web/session", new_session)
    app.router.add_post("/web/messages", post_message)
    app.router.add_get("/web/updates", updates)


def parse_message(body: Any) -> tuple[str, Location | None, str] | str:
    """Validate the JSON body; returns (text, location, client message id) or an error text."""
    if not isinstance(body, dict):
        return "body must be a JSON object"
    text = body.get("text", "")
    if not isinstance(text, str):
        return "text must be a string"
    if len(text) > MAX_TEXT:
        return f"text longer than {MAX_TEXT} characters"
    location = None
    loc = body.get("location")
    if loc is not None:
        if not isinstance(loc, dict):
            return "location must be an object"
        lat, lon, label = loc.get("lat"), loc.get("lon"), loc.get("label", "")
        if not (isinstance(lat, (int, float)) and isinstance(lon, (int, float))) \
                or isinstance(lat, bool) or isinstance(lon, bool):
            return "location needs numeric lat and lon"
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            return "location out of range"
        if not isinstance(label, str) or len(label) > 200:
            return "location.label must be a string of at most 200 characters"
        location = Location(float(lat), float(lon), label)
    if not text.strip() and location is None:
        return "text or location is required"
    message_id = body.get("message_id", "")
    if not isinstance(message_id, str) or len(message_id) > 64:
        return "message_id must be a string of at most 64 characters"
    return text, location, message_id


__all__ = ["WebSender", "parse_message", "result_json", "setup"]
