"""The WeChat official account channel: `GET /wechat` (URL check) and `POST /wechat` (messages).

WeChat waits 5 seconds for an answer, retries three times, and shows "该公众号暂时无法提供服务"
to the citizen on an empty or broken reply. So every turn runs as a tracked task and the request
waits for it only until `reply_budget_ms` after arrival:
- done in time: a passive XML reply (encrypted when the request was), all replies in one text
  message separated by blank lines; nothing to say (silent, unsubscribe): "success";
- not done in time: "success" now, and the replies go out through 客服消息 when the turn ends.

Retries (same MsgId; events: FromUserName + CreateTime + Event) never advance the dialog twice:
the pipeline remembers each message id with its replies, so a retry after the turn gets the same
replies. A retry that arrives while the first delivery is still being handled is answered
"success" at once: the store's begin script claims the message id together with the lock
(no extra round trip; the claim expires with the lock if a process crashes). After a late
delivery through 客服消息 a marker (written only on that slow path) keeps a retry from
repeating those replies passively.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import hashlib
import logging
import time
from collections.abc import AsyncIterator, Coroutine
from datetime import UTC, datetime
from typing import Any

import httpx
from aiohttp import web
from wechatpy.crypto import WeChatCrypto

from bot import appkeys, keys, metrics
from bot.messages import Handler, InboundMessage, Reply, TurnResult
from bot.store import BIND_REQUEST, Replayed
from channels.body import read_limited
from channels.reply_race import ReplyRace
from channels.wechat_api import OUT_OF_WINDOW, UNSUBSCRIBED, WechatApi, WechatApiError
from channels.wechat_config import WechatConfig, load_wechat_config
from channels.wechat_inbound import (
    Ignored,
    Rejected,
    Unsupported,
    check_query,
    read_inbound,
)
from channels.wechat_media import MediaKeeper

log = logging.getLogger("petition.wechat")

SUCCESS = "success"  # WeChat's "received, no reply" (an empty body works too; this is explicit)
LATE_MARK_TTL = 86_400  # as long as the pipeline remembers the message id
MEDIA_SWEEP = 300.0  # seconds between retries of media downloads that failed
SERVICE_WINDOW = 48 * 3600  # 客服消息 are allowed this long after the citizen's last message


# KEYS: the request's nonce key.  ARGV: digest of the message it carried, TTL.
# 1: first use, or the same message again (WeChat's retry); 0: reused for another message.
REPLAYED = "nonce already used for another message"


def cdata_safe(text: str) -> str:
    """wechatpy writes text into CDATA as is; a "]]>" typed by a citizen must not end it."""
    return text.replace("]]>", "]]]]><![CDATA[>")


def text_reply_xml(account: str, openid: str, text: str, created: int) -> str:
    """A passive text reply, byte for byte what wechatpy's TextReply.render() writes (tested),
    without its per-field objects: this runs once per message."""
    return (f"<xml>\n<MsgType><![CDATA[text]]></MsgType>\n"
            f"<Content><![CDATA[{cdata_safe(text)}]]></Content>\n"
            f"<FromUserName><![CDATA[{cdata_safe(account)}]]></FromUserName>\n"
            f"<ToUserName><![CDATA[{cdata_safe(openid)}]]></ToUserName>\n"
            f"<CreateTime>{created}</CreateTime>\n</xml>")


def chunks(text: str, limit: int) -> list[str]:
    """Split text into pieces of at most `limit` UTF-8 bytes, preferring line breaks."""
    out: list[str] = []
    while len(text.encode()) > limit:
        cut, size = 0, 0
        for i, ch in enumerate(text):
            size += len(ch.encode())
            if size > limit:
                break
            cut = i + 1
        newline = text.rfind("\n", 0, cut)
        if newline > cut // 2:
            cut = newline + 1
        out.append(text[:cut].rstrip("\n"))
        text = text[cut:]
    if text:
        out.append(text)
    return out


class WechatChannel:
    def __init__(self, app: web.Application, settings: Any, handler: Handler,
                 config: WechatConfig):
        self.app = app
        self.settings = settings
        self.wx = settings.wechat
        self.handler = handler
        self.config = config
        self.crypto = (WeChatCrypto(self.wx.token, self.wx.aes_key, self.wx.appid)
                       if self.wx.aes_key else None)
        self.api: WechatApi | None = None
        self.media: MediaKeeper | None = None
        self._nonce_script: Any = None

    # --- lifecycle -------------------------------------------------------------------------

    async def ctx(self, app: web.Application) -> AsyncIterator[None]:
        """Runs after Redis and the HTTP client exist (and stops before they close)."""
        self.api = WechatApi(app[appkeys.HTTP], app[appkeys.REDIS], appid=self.wx.appid,
                             secret=self.wx.secret, api_base=self.wx.api_base)
        self.media = MediaKeeper(app[appkeys.REDIS], self.api, self.settings.data_dir,
                                 self.spawn)
        self._nonce_script = app[appkeys.SCRIPTS].register_script(BIND_REQUEST)
        if not self.api.configured:
            log.warning("wechat: no PETITION_WECHAT_SECRET/APPID; replies are passive only, "
                        "media are not fetched, no 客服消息 or template messages")
        sweeper = None
        if self.api.configured:
            resumed = await self.media.resume()
            if resumed:
                log.info("wechat: resumed %s pending media downloads", resumed)
            sweeper = asyncio.get_running_loop().create_task(self.media.sweep(MEDIA_SWEEP))
        yield
        if sweeper is not None:
            sweeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await sweeper

    def spawn(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        task = asyncio.get_running_loop().create_task(coro)
        tasks = self.app[appkeys.BACKGROUND]
        tasks.add(task)
        task.add_done_callback(tasks.discard)
        task.add_done_callback(_log_failure)
        return task

    # --- HTTP ------------------------------------------------------------------------------

    def _refuse(self, exc: Rejected) -> web.Response:
        metrics.HTTP_REJECTED.inc("wechat", str(exc.status))
        log.warning("wechat request refused status=%s reason=%s", exc.status, exc.reason)
        return web.Response(status=exc.status, text=exc.reason)

    async def verify(self, request: web.Request) -> web.Response:
        try:
            check_query(request.query, self.wx.token, self.wx.replay_window)
        except Rejected as exc:
            return self._refuse(exc)
        echostr = request.query.get("echostr", "")
        if not echostr or len(echostr) > 256:
            return self._refuse(Rejected(400, "missing echostr"))
        return web.Response(text=echostr)

    async def receive(self, request: web.Request) -> web.Response:
        arrived = time.monotonic()
        received_at = time.time()
        query = request.query
        try:
            check_query(query, self.wx.token, self.wx.replay_window)
            encrypted = query.get("encrypt_type", "").lower() == "aes"
            if self.crypto is not None and not encrypted and not self.wx.accept_plaintext:
                # 安全模式: with an EncodingAESKey, WeChat encrypts every message (兼容模式 too,
                # whose requests carry the ciphertext next to the plaintext). A plain body
                # would let anyone who saw one signed URL speak as any openid.
                raise Rejected(403, "plaintext message refused: an EncodingAESKey is set")
            limit = self.settings.server.max_body_bytes
            if request.content_length is not None and request.content_length > limit:
                raise Rejected(413, "body too large")
            body = await read_limited(request, limit)
            if body is None:
                raise Rejected(413, "body too large")
            parsed = read_inbound(body, query, token=self.wx.token, aes_key=self.wx.aes_key,
                                  appid=self.wx.appid, click_keys=self.config.click_keys,
                                  received_at=received_at)
            if isinstance(parsed, InboundMessage) and not parsed.attachments:
                # bound by the script that begins the turn: one durable write fewer per turn
                parsed = dataclasses.replace(parsed,
                                             request_binding=self._binding(query, parsed))
            elif not await self._bind_nonce(query, parsed):
                raise Rejected(403, REPLAYED)
        except Rejected as exc:
            return self._refuse(exc)
        if isinstance(parsed, Ignored):
            log.info("wechat event ignored event=%s", parsed.what)
            return web.Response(text=SUCCESS)
        if isinstance(parsed, Unsupported):
            log.info("wechat message kind not supported kind=%s", parsed.what[:40])
            return self._passive(parsed.account, parsed.sender, self.config.unsupported,
                                 encrypted, query["nonce"])
        return await self._turn(parsed, arrived, encrypted, query["nonce"])

    def _binding(self, query: Any,
                 parsed: InboundMessage | Ignored | Unsupported) -> tuple[str, str, int]:
        """This request's signature, timestamp and nonce bound to the message they carried, for
        as long as the timestamp is acceptable: the same signed URL with another body (a replay
        with another FromUserName or MsgId) is refused; WeChat's own retry of the same message
        (same MsgId; events: FromUserName + CreateTime) passes and gets its earlier reply from
        the pipeline's dedupe. (key, identity digest, TTL) as bot.store's BIND_REQUEST takes."""
        if isinstance(parsed, InboundMessage):
            identity = f"m\n{parsed.sender}\n{parsed.message_id}"
        elif isinstance(parsed, Unsupported):
            identity = f"u\n{parsed.sender}\n{parsed.what}"
        else:
            identity = f"i\n{parsed.what}"
        request = "\n".join(query.get(k, "") for k in ("signature", "timestamp", "nonce"))
        window = self.wx.replay_window
        ttl = 2 * window + 60 if window > 0 else self.settings.dialog.dedupe_ttl_seconds
        return (keys.wechat_nonce(hashlib.sha256(request.encode()).hexdigest()[:32]),
                hashlib.sha256(identity.encode()).hexdigest()[:32], ttl)

    async def _bind_nonce(self, query: Any,
                          parsed: InboundMessage | Ignored | Unsupported) -> bool:
        """Bind the request now (see `_binding`): events, unsupported kinds and messages with
        media, whose handling starts before a turn does. False when another message has it."""
        key, identity, ttl = self._binding(query, parsed)
        return int(await self._nonce_script(keys=[key], args=[identity, ttl])) == 1

    async def _turn(self, message: InboundMessage, arrived: float, encrypted: bool,
                    nonce: str) -> web.Response:
        if self.media is not None and message.attachments:
            await self.media.keep(message.attachments)
        loop = asyncio.get_running_loop()
        turn = ReplyRace(loop)
        self.spawn(self._run(message, turn))
        remaining = self.wx.reply_budget_ms / 1000 - (time.monotonic() - arrived)
        timer = loop.call_later(max(remaining, 0), turn.give_up)
        try:
            result = await turn.outcome  # cancelled with the request: the task delivers
        except Replayed:
            return self._refuse(Rejected(403, REPLAYED))
        except Exception:
            log.exception("wechat turn failed conv=%s", message.conversation_key)
            # 500: WeChat retries, and the pipeline kept nothing half-done for this message.
            return web.Response(status=500, text="internal error")
        finally:
            timer.cancel()
        if result is None:
            metrics.TURNS.inc("wechat", "late_reply")
            return web.Response(text=SUCCESS)
        if result.in_flight:
            # WeChat's retry while the first delivery is still being handled: that one answers.
            log.info("wechat retry answered success conv=%s", message.conversation_key)
            return web.Response(text=SUCCESS)
        if result.duplicate and await self._sent_late(message):
            return web.Response(text=SUCCESS)  # its replies already went out as 客服消息
        if message.event == "unsubscribe" or result.silent or not result.replies:
            return web.Response(text=SUCCESS)
        text = "\n\n".join(self.config.render(r) for r in result.replies)
        if len(cdata_safe(text).encode()) > self.config.max_text_bytes:
            await self._mark_sent_late(message)
            self.spawn(self._send_replies(message, result))
            return web.Response(text=SUCCESS)
        account = message.reply_context.get("account", "")
        return self._passive(account, message.sender, text, encrypted, nonce)

    async def _sent_late(self, message: InboundMessage) -> bool:
        redis = self.app[appkeys.REDIS]
        return bool(await redis.exists(keys.late_sent(message.conversation_key,
                                                      message.message_id)))

    async def _mark_sent_late(self, message: InboundMessage) -> None:
        redis = self.app[appkeys.REDIS]
        await redis.set(keys.late_sent(message.conversation_key, message.message_id), b"1",
                        ex=LATE_MARK_TTL)

    def _passive(self, account: str, openid: str, text: str, encrypted: bool,
                 nonce: str) -> web.Response:
        xml = text_reply_xml(account, openid, text, int(time.time()))
        if encrypted and self.crypto is not None:
            xml = self.crypto.encrypt_message(xml, nonce, str(int(time.time())))
        return web.Response(text=xml, content_type="application/xml")

    # --- the turn task ---------------------------------------------------------------------

    async def _run(self, message: InboundMessage, turn: ReplyRace) -> None:
        try:
            result = await self.handler(message)
        except Exception as exc:
            if turn.finished(None, exc) or isinstance(exc, Replayed):  # the request answers
                return
            log.exception("wechat late turn failed conv=%s", message.conversation_key)
            return
        if turn.finished(result):  # the waiting request replies passively
            return
        if result.in_flight or message.event == "unsubscribe":
            return
        if result.duplicate and await self._sent_late(message):
            return
        await self._mark_sent_late(message)
        await self._send_replies(message, result)

    async def _send_replies(self, message: InboundMessage, result: TurnResult) -> None:
        """客服消息: each reply as its own message (cut to WeChat's length limit), in order."""
        if result.silent or not result.replies:
            return
        api = self.api
        if api is None or not api.configured:
            log.error("wechat late reply dropped: no API credentials conv=%s",
                      message.conversation_key)
            return
        try:
            for reply in result.replies:
                for piece in chunks(self.config.render(reply), self.config.max_text_bytes):
                    await api.send_text(message.sender, piece)
            metrics.TURNS.inc("wechat", "sent_by_customer_service")
        except (WechatApiError, httpx.HTTPError) as exc:  # logged without the text
            log.error("wechat 客服消息 failed conv=%s error=%s", message.conversation_key,
                      getattr(exc, "errcode", type(exc).__name__))


class WechatSender:
    """Outbound messages outside a reply: 客服消息 within 48 h of the citizen's last message,
    else the template message of config/wechat.toml when one is configured. Returns False when
    neither is possible now (no credentials, window passed and no template, unsubscribed) or
    WeChat could not be reached (logged without the text); callers keep the news for later."""

    def __init__(self, channel: WechatChannel):
        self.channel = channel

    async def send(self, meta: dict[str, object], reply: Reply) -> bool:
        api = self.channel.api
        openid = str(meta.get("sender") or "")
        if api is None or not api.configured or not openid:
            return False
        try:
            return await self._send(api, openid, meta.get("last_seen"), reply)
        except (WechatApiError, httpx.HTTPError) as exc:
            log.error("wechat push failed error=%s",
                      getattr(exc, "errcode", None) or type(exc).__name__)
            return False

    async def _send(self, api: WechatApi, openid: str, last_seen: object, reply: Reply) -> bool:
        config = self.channel.config
        if _within_window(last_seen):
            try:
                for piece in chunks(config.render(reply), config.max_text_bytes):
                    await api.send_text(openid, piece)
                return True
            except WechatApiError as exc:
                if exc.errcode == UNSUBSCRIBED:
                    return False
                if exc.errcode not in OUT_OF_WINDOW:
                    raise
        if not config.template_id:
            return False
        try:
            await api.send_template(openid, config.template_id,
                                    config.template_fields(reply.text), config.template_url)
        except WechatApiError as exc:
            if exc.errcode == UNSUBSCRIBED:
                return False
            raise
        return True


def _within_window(last_seen: object, now: float | None = None) -> bool:
    if not isinstance(last_seen, str) or not last_seen:
        return False
    try:
        seen = datetime.fromisoformat(last_seen)
    except ValueError:
        return False
    if seen.tzinfo is None:
        seen = seen.replace(tzinfo=UTC)
    age = (time.time() if now is None else now) - seen.timestamp()
    return 0 <= age < SERVICE_WINDOW - 60  # a minute's margin for clocks and queues


def _log_failure(task: asyncio.Task[Any]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("wechat background task failed: %s", type(task.exception()).__name__)


WECHAT = web.AppKey("wechat_channel", WechatChannel)


def setup(app: web.Application, settings: Any, handler: Handler) -> None:
    """Register the routes, the API client's lifecycle and the outbound sender."""
    config = load_wechat_config(settings.config_dir)
    channel = WechatChannel(app, settings, handler, config)
    app[WECHAT] = channel
    app.cleanup_ctx.append(channel.ctx)
    app[appkeys.SENDERS]["wechat"] = WechatSender(channel)
    app.router.add_get("/wechat", channel.verify)
    app.router.add_post("/wechat", channel.receive)


__all__ = ["WECHAT", "WechatChannel", "WechatSender", "cdata_safe", "chunks", "setup"]
