"""A real county case system for the outbox tests: an aiohttp server on 127.0.0.1.

It checks every request the way a county integrator would (signature over timestamp + "." +
raw body with its own HMAC code, timestamp freshness, Idempotency-Key present), records what it
got, answers from a script of statuses, and measures how many requests for one Idempotency-Key
are in flight at once.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import orjson
from aiohttp import web

SECRET = "test-secret-不要外传"


def expected_signature(secret: str, timestamp: str, body: bytes) -> str:
    """Written from the SPEC text, independently of bot.webhook."""
    digest = hmac.new(secret.encode("utf-8"), f"{timestamp}.".encode() + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


@dataclass
class Received:
    key: str
    body: bytes
    timestamp: str
    signature_ok: bool
    fresh: bool

    @property
    def json(self) -> Any:
        return orjson.loads(self.body)


@dataclass
class CaseSystem:
    secret: str = SECRET
    plan: list[int] = field(default_factory=list)  # statuses to answer, in order; then 200
    delay: float = 0.0
    hold: asyncio.Event | None = None  # when set up, requests wait for it before answering
    retry_after: str | None = None
    received: list[Received] = field(default_factory=list)
    inflight: Counter[str] = field(default_factory=Counter)
    max_inflight: Counter[str] = field(default_factory=Counter)
    arrived: asyncio.Event = field(default_factory=asyncio.Event)

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/intake", self.intake)
        return app

    async def intake(self, request: web.Request) -> web.Response:
        body = await request.read()
        ts = request.headers.get("X-Petition-Timestamp", "")
        sig = request.headers.get("X-Petition-Signature", "")
        key = request.headers.get("Idempotency-Key", "")
        self.received.append(Received(
            key=key, body=body, timestamp=ts,
            signature_ok=hmac.compare_digest(sig, expected_signature(self.secret, ts, body)),
            fresh=ts.isdigit() and abs(time.time() - int(ts)) < 60))
        self.arrived.set()
        self.inflight[key] += 1
        self.max_inflight[key] = max(self.max_inflight[key], self.inflight[key])
        try:
            if self.hold is not None:
                await self.hold.wait()
            if self.delay:
                await asyncio.sleep(self.delay)
            status = self.plan.pop(0) if self.plan else 200
        finally:
            self.inflight[key] -= 1
        headers = {"Retry-After": self.retry_after} if self.retry_after and status == 429 else {}
        if status == 200:
            number = "JHXF-" + hashlib.sha256(key.encode()).hexdigest()[:6]
            return web.json_response({"case_number": number}, headers=headers)
        return web.json_response({"error": f"scripted {status}"}, status=status,
                                 headers=headers)

    def keys(self) -> list[str]:
        return [r.key for r in self.received]


def signed_headers(secret: str, body: bytes, *, timestamp: int | None = None) -> dict[str, str]:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    return {"X-Petition-Timestamp": ts,
            "X-Petition-Signature": expected_signature(secret, ts, body),
            "Content-Type": "application/json"}


class RecordingSender:
    """A channel's outbound side as the platforms behave: `allow=False` is QQ (no push)."""

    def __init__(self, allow: bool = True):
        self.allow = allow
        self.sent: list[tuple[dict[str, object], Any]] = []

    async def send(self, meta: dict[str, object], reply: Any) -> bool:
        self.sent.append((dict(meta), reply))
        return self.allow

    def texts(self) -> list[str]:
        return [r.text for _, r in self.sent]


def fast_config(target: Any) -> Any:
    """A copy of config/ whose webhook retries and polling take milliseconds, not seconds."""
    import shutil

    from bot.settings import CONFIG_DIR

    shutil.copytree(CONFIG_DIR, target)
    path = target / "webhook.toml"
    text = path.read_text(encoding="utf-8")
    for old, new in (("base_ms = 2000", "base_ms = 5"), ("cap_seconds = 1800", "cap_seconds = 0.05"),
                     ("block_ms = 1000", "block_ms = 20")):
        assert old in text, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return target
