"""What every SMS provider shares: the provider interface, opt-outs, the turn (keywords ->
pipeline -> SMS text) and the outbound sender.

Choices are shown numbered ("1 同意 2 不同意"); a reply of the bare digit is mapped back to the
choice by the dialog itself (dialogs/engine.py keeps the last reply's choices in the
conversation document for every channel), so the channel keeps no copy of them.

A citizen is the same conversation whichever provider carried the message: the sender id is the
E.164 phone number. The provider that last carried a message is kept in the conversation's
reply_context, so that outbound messages leave the way the citizen wrote in.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import orjson
from aiohttp import web
from redis.asyncio import Redis

from bot import keys, metrics
from bot.messages import Attachment, Handler, InboundMessage, Reply, conversation_key
from channels.sms_config import SmsConfig
from channels.sms_text import render_all

log = logging.getLogger("petition.sms")

SMS_STATUS = metrics.Counter("petition_sms_status_total",
                             "SMS delivery status callbacks, by provider and status",
                             ("provider", "status"))
SMS_SENT = metrics.Counter("petition_sms_sent_total", "Outbound SMS API calls, by provider and "
                           "outcome", ("provider", "outcome"))
SMS_KEYWORDS = metrics.Counter("petition_sms_keywords_total",
                               "STOP/START/HELP messages and messages dropped while opted out",
                               ("kind",))
STATUS_TTL = 90 * 86400


class SmsProvider(Protocol):
    """One SMS gateway: sends text to an E.164 number (True when the gateway accepted it)."""

    name: str

    async def send(self, phone: str, text: str) -> bool: ...


@dataclass(frozen=True, slots=True)
class InboundSms:
    provider: str
    phone: str  # E.164, e.g. +8613800000000
    message_id: str
    text: str
    attachments: tuple[Attachment, ...] = ()
    received_at: float = field(default_factory=time.time)


def refuse(status: int, message: str, endpoint: str) -> web.Response:
    """A clear 4xx for a provider's webhook, counted by endpoint and status."""
    metrics.HTTP_REJECTED.inc(endpoint, str(status))
    return web.Response(status=status, text=message + "\n")


def optout_key(phone: str) -> str:
    """No TTL: an opt-out lasts until the number opts back in."""
    return keys.sms_optout(conversation_key("sms", phone))


class SmsState:
    """Opt-outs and delivery-status counts, in Redis (phone numbers only hashed in key names)."""

    def __init__(self, redis: Callable[[], Redis]):
        self._redis = redis

    async def opted_out(self, phone: str) -> bool:
        return bool(await self._redis().exists(optout_key(phone)))

    async def opt_out(self, phone: str, provider: str) -> None:
        await self._redis().set(optout_key(phone), orjson.dumps(
            {"at": int(time.time()), "provider": provider}))

    async def opt_in(self, phone: str) -> None:
        await self._redis().delete(optout_key(phone))

    async def record_status(self, provider: str, status: str) -> None:
        SMS_STATUS.inc(provider, status)
        day = time.strftime("%Y%m%d", time.gmtime())
        pipe = self._redis().pipeline(transaction=False)
        pipe.hincrby(keys.sms_status(day), f"{provider}:{status}", 1)
        pipe.expire(keys.sms_status(day), STATUS_TTL)
        await pipe.execute()


@dataclass(frozen=True, slots=True)
class SmsTurn:
    texts: list[str]
    duplicate: bool = False  # a provider retry: these texts were the answer before


class SmsConversation:
    """One inbound SMS -> the texts to answer with (possibly none)."""

    def __init__(self, handler: Handler, config: SmsConfig, state: SmsState):
        self.handler = handler
        self.config = config
        self.state = state

    async def turn(self, sms: InboundSms) -> SmsTurn:
        keyword = self.config.keyword(sms.text) if not sms.attachments else None
        if await self.state.opted_out(sms.phone):
            if keyword == "start":
                await self.state.opt_in(sms.phone)
                SMS_KEYWORDS.inc("start")
                log.info("sms opt-in provider=%s", sms.provider)
                return SmsTurn([self.config.say("opted_in")])
            # Opted out: nothing is sent, not even to HELP, until the number opts back in.
            SMS_KEYWORDS.inc("dropped_opted_out")
            return SmsTurn([])
        if keyword == "stop":
            await self.state.opt_out(sms.phone, sms.provider)
            SMS_KEYWORDS.inc("stop")
            log.info("sms opt-out provider=%s", sms.provider)
            return SmsTurn([self.config.say("opted_out")])
        if keyword == "help":
            SMS_KEYWORDS.inc("help")
            return SmsTurn([self.config.say("help")])
        text = sms.text
        message = InboundMessage(
            channel="sms", sender=sms.phone, message_id=sms.message_id, text=text,
            kind="text" if text.strip() or not sms.attachments else "media",
            attachments=sms.attachments, received_at=sms.received_at,
            reply_context={"provider": sms.provider})
        result = await self.handler(message)
        return SmsTurn(render_all(result.replies, self.config.style), result.duplicate)


class SmsSender:
    """app[SENDERS]["sms"]: case updates and staff replies, through the citizen's provider."""

    def __init__(self, providers: dict[str, SmsProvider], config: SmsConfig, state: SmsState):
        self.providers = providers
        self.config = config
        self.state = state

    def provider_for(self, meta: dict[str, Any]) -> SmsProvider | None:
        ctx = meta.get("reply_context") or {}
        name = ctx.get("provider") if isinstance(ctx, dict) else None
        if name in self.providers:
            return self.providers[name]
        phone = str(meta.get("sender", ""))
        # Mainland numbers go through the domestic provider when there is one.
        if phone.startswith("+86") and "tencent" in self.providers:
            return self.providers["tencent"]
        return next(iter(self.providers.values()), None)

    async def send(self, meta: dict[str, object], reply: Reply) -> bool:
        phone = str(meta.get("sender", ""))
        provider = self.provider_for(dict(meta))
        if not phone or provider is None:
            return False
        if await self.state.opted_out(phone):
            SMS_KEYWORDS.inc("suppressed_opted_out")
            return False
        texts = render_all([reply], self.config.style)
        ok = True
        for text in texts:
            ok = await provider.send(phone, text) and ok
        return ok
