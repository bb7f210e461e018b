"""The QQ channel (official QQ bot platform, webhook mode): `POST /qq`.

Every request is verified first (`X-Signature-Ed25519` over `X-Signature-Timestamp` + raw body,
channels/qq_sign.py), op 13 included. op 13 (URL validation) is answered with the signature of
event_ts + plain_token; op 0 C2C_MESSAGE_CREATE / GROUP_AT_MESSAGE_CREATE is acknowledged with
op 12 at once and handled in a tracked background task, whose replies go out through the QQ API
as passive replies (channels/qq_api.py). An event id seen before is acknowledged and dropped, so
a redelivered message is answered once.

QQ bots can no longer message a user first, so the sender registered for "qq" refuses: case
updates cannot be pushed there (the dialog tells QQ citizens to use 查询 + their case number).
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiohttp import web

from bot import appkeys, jsonbody, keys, metrics
from bot.messages import Handler, InboundMessage, Reply
from bot.settings import SettingsError
from channels.body import read_limited
from channels.qq_api import QQApi, QQTokens
from channels.qq_inbound import EVENTS, parse_message, parse_validation
from channels.qq_sign import QQSigner
from channels.sms_text import numbered
from nlp.configfile import read_toml

log = logging.getLogger("petition.qq")

PATH = "/qq"
MAX_BODY = 64 * 1024
ENDPOINT = "qq"
QQ_EVENTS = metrics.Counter("petition_qq_events_total", "QQ webhook events, by type and outcome",
                            ("event", "outcome"))


@dataclass(frozen=True)
class QQStyle:
    item: str = "{n}. {label}"
    separator: str = "\n"
    intro: str = ""

    def render(self, reply: Reply) -> str:
        text = reply.text.strip()
        if not numbered(reply.choices):
            return text
        items = self.separator.join(self.item.format(n=i, label=c)
                                    for i, c in enumerate(reply.choices, 1))
        listing = f"{self.intro}\n{items}" if self.intro else items
        return f"{text}\n{listing}" if text else listing


def load_style(config_dir: Path) -> QQStyle:
    path = config_dir / "qq.toml"
    data = read_toml(path, error=SettingsError)
    c = data.get("choices", {})
    style = QQStyle(item=str(c.get("item", QQStyle.item)),
                    separator=str(c.get("separator", QQStyle.separator)),
                    intro=str(c.get("intro", "")))
    if "{n}" not in style.item or "{label}" not in style.item:
        raise SettingsError([f"{path}: [choices] item needs {{n}} and {{label}}"])
    return style


class QQSender:
    """QQ cannot push: a bot may only answer a message, within its reply window."""

    async def send(self, meta: dict[str, object], reply: Reply) -> bool:
        return False


def event_key(message: InboundMessage) -> str:
    return keys.qq_event(message.conversation_key, message.message_id)


def _refuse(status: int, message: str) -> web.Response:
    metrics.HTTP_REJECTED.inc(ENDPOINT, str(status))
    return web.json_response({"error": message}, status=status)


def setup(app: web.Application, settings: Any, handler: Handler) -> None:
    signer = QQSigner(settings.qq.secret)
    style = load_style(settings.config_dir)
    dedupe_ttl = settings.dialog.dedupe_ttl_seconds
    window = settings.qq.replay_window

    def redis() -> Any:
        return app[appkeys.REDIS]

    def http() -> Any:
        return app[appkeys.HTTP]

    api = QQApi(settings, QQTokens(settings, redis, http), redis, http)

    async def answer(message: InboundMessage) -> None:
        try:
            result = await handler(message)
            if result.duplicate or result.silent:
                return
            for reply in result.replies:
                text = style.render(reply)
                if text and not await api.reply(openid=message.sender, group=message.group,
                                                msg_id=message.message_id, text=text):
                    break
        except Exception:
            log.exception("qq event failed conv=%s", message.conversation_key)

    async def webhook(request: web.Request) -> web.Response:
        if request.content_length is not None and request.content_length > MAX_BODY:
            return _refuse(413, "request body too large")
        signature = request.headers.get("X-Signature-Ed25519", "")
        timestamp = request.headers.get("X-Signature-Timestamp", "")
        if not signature or not timestamp:
            return _refuse(401, "missing X-Signature-Ed25519 or X-Signature-Timestamp")
        raw = await read_limited(request, MAX_BODY)
        if raw is None:
            return _refuse(413, "request body too large")
        if len(timestamp) > 20 or not timestamp.isdigit() or not timestamp.isascii():
            return _refuse(403, "malformed timestamp")
        if window > 0 and abs(time.time() - int(timestamp)) > window:
            # A captured request must not replay once the event id's dedupe has expired.
            return _refuse(403, "timestamp outside the replay window")
        if not signer.verify(timestamp, raw, signature):
            return _refuse(403, "bad signature")
        try:
            payload = jsonbody.loads(raw)
        except jsonbody.BadJson as exc:
            return _refuse(400, exc.reason)
        if not isinstance(payload, dict):
            return _refuse(400, "body must be a JSON object")
        op = payload.get("op")
        if op == 13:
            parsed = parse_validation(payload.get("d"))
            if isinstance(parsed, str):
                return _refuse(400, parsed)
            plain_token, event_ts = parsed
            return web.json_response({"plain_token": plain_token,
                                      "signature": signer.validation_signature(event_ts,
                                                                               plain_token)})
        if op != 0:
            return _refuse(400, "unsupported op")
        event = payload.get("t")
        if event not in EVENTS:
            QQ_EVENTS.inc(str(event)[:40] if isinstance(event, str) else "?", "ignored")
            return web.json_response({"op": 12})
        message = parse_message(event, payload.get("d"))
        if isinstance(message, str):
            return _refuse(400, message)
        # Claimed before acknowledging: a second delivery, even a concurrent one, is dropped.
        if not await redis().set(event_key(message), "1", nx=True, ex=dedupe_ttl):
            QQ_EVENTS.inc(event, "duplicate")
            return web.json_response({"op": 12})
        QQ_EVENTS.inc(event, "accepted")
        task = asyncio.create_task(answer(message))
        tasks = request.app[appkeys.BACKGROUND]
        tasks.add(task)
        task.add_done_callback(tasks.discard)
        return web.json_response({"op": 12})

    app.router.add_post(PATH, webhook)
    app[appkeys.SENDERS]["qq"] = QQSender()
