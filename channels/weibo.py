"""The Weibo channel (粉丝服务平台 private messages): `GET /weibo` (URL check), `POST /weibo`.

Weibo waits 5 seconds for the answer to a push and retries three times; an empty answer means
"received, no reply" and stops the retries. So every turn runs as a tracked task and the request
waits for it only until `reply_budget_ms` after arrival:
- done in time: the passive JSON reply of the platform (all replies in one message, separated
  by blank lines); nothing to say (silent, unfollow): an empty body;
- not done in time, or too long for one message: an empty body now, and the replies go out
  through the 客服消息 reply API (channels/weibo_api.py) when the turn ends.

Retries never advance the dialog twice: the pipeline remembers each message id (sender_id +
created_at + a digest of the push, channels/weibo_inbound.py) with its replies, so a retry after
the turn gets the same passive reply; a retry while the first delivery is being handled gets an
empty body; after a late delivery a marker keeps a retry from repeating the replies passively.
Each signed request (signature, timestamp, nonce) is remembered for the replay window with the
digest of its body: the same request again is a retry, the same signature with another body
is refused (403).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from collections.abc import Coroutine
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

import httpx
import orjson
from aiohttp import web

from bot import appkeys, keys, metrics
from bot.messages import Handler, InboundMessage, Reply, TurnResult
from channels.body import read_limited
from channels.reply_race import ReplyRace
from channels.weibo_api import WeiboApi, WeiboApiError, pieces
from channels.weibo_config import WeiboConfig, load_weibo_config
from channels.weibo_inbound import (
    CHANNEL,
    Ignored,
    Rejected,
    Unsupported,
    check_query,
    read_push,
    request_digest,
)

log = logging.getLogger("petition.weibo")

NO_REPLY = ""  # Weibo: an empty answer is "received", with no reply and no retry
LATE_MARK_TTL = 86_400  # as long as the pipeline remembers the message id
REPLY_WINDOW = 48 * 3600  # the reply API is open this long after the citizen's last message


def passive_reply(account: str, citizen: str, text: str) -> dict[str, Any]:
    """The passive text reply: `data` is the JSON {"text": ...} URL-encoded in UTF-8, as the
    docs' example shows (open.weibo.com/wiki/发送被动响应消息)."""
    data = quote(orjson.dumps({"text": text}).decode(), safe="")
    return {"result": True, "sender_id": account, "receiver_id": citizen, "type": "text",
            "data": data}


class WeiboChannel:
    def __init__(self, app: web.Application, settings: Any, handler: Handler,
                 config: WeiboConfig):
        self.app = app
        self.settings = settings
        self.wb = settings.weibo
        self.handler = handler
        self.config = config
        self.api = WeiboApi(lambda: app[appkeys.HTTP], access_token=self.wb.access_token,
                            api_base=self.wb.api_base, app_key=self.wb.app_key)

    def spawn(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        task = asyncio.get_running_loop().create_task(coro)
        tasks = self.app[appkeys.BACKGROUND]
        tasks.add(task)
        task.add_done_callback(tasks.discard)
        return task

    # --- HTTP ------------------------------------------------------------------------------

    def _refuse(self, exc: Rejected) -> web.Response:
        metrics.HTTP_REJECTED.inc(CHANNEL, str(exc.status))
        log.warning("weibo request refused status=%s reason=%s", exc.status, exc.reason)
        return web.json_response({"error": exc.reason}, status=exc.status)

    async def verify(self, request: web.Request) -> web.Response:
        try:
            check_query(request.query, self.wb.app_secret, self.wb.replay_window)
        except Rejected as exc:
            return self._refuse(exc)
        echostr = request.query.get("echostr", "")
        if not echostr or len(echostr) > 256:
            return self._refuse(Rejected(400, "missing echostr"))
        return web.Response(text=echostr)

    async def receive(self, request: web.Request) -> web.Response:
        arrived = time.monotonic()
        received_at = time.time()
        try:
            check_query(request.query, self.wb.app_secret, self.wb.replay_window)
            limit = self.settings.server.max_body_bytes
            if request.content_length is not None and request.content_length > limit:
                raise Rejected(413, "body too large")
            body = await read_limited(request, limit)
            if body is None:
                raise Rejected(413, "body too large")
            parsed = read_push(body, menu_keys=self.config.menu_keys, received_at=received_at)
            await self._check_nonce(request.query, body)
        except Rejected as exc:
            return self._refuse(exc)
        if isinstance(parsed, Ignored):
            log.info("weibo event ignored event=%s", parsed.what)
            return web.Response(text=NO_REPLY)
        if isinstance(parsed, Unsupported):
            log.info("weibo message type not supported type=%s", parsed.what[:32])
            return web.json_response(passive_reply(parsed.account, parsed.sender,
                                                   self.config.unsupported))
        return await self._turn(parsed, arrived)

    async def _check_nonce(self, query: Any, body: bytes) -> None:
        """A signed request seen before must carry the same body (a platform retry)."""
        redis = self.app[appkeys.REDIS]
        key = keys.weibo_nonce(request_digest(query))
        digest = hashlib.sha256(body).hexdigest()
        ttl = self.wb.replay_window or self.settings.dialog.dedupe_ttl_seconds
        if await redis.set(key, digest, nx=True, ex=max(ttl, 1)):
            return
        seen = await redis.get(key)
        if isinstance(seen, bytes):
            seen = seen.decode()
        if seen is not None and seen != digest:
            raise Rejected(403, "signature reused with another body")

    async def _turn(self, message: InboundMessage, arrived: float) -> web.Response:
        loop = asyncio.get_running_loop()
        turn = ReplyRace(loop)
        self.spawn(self._run(message, turn))
        remaining = self.wb.reply_budget_ms / 1000 - (time.monotonic() - arrived)
        timer = loop.call_later(max(remaining, 0), turn.give_up)
        try:
            result = await turn.outcome  # cancelled with the request: the task delivers
        except Exception:
            log.exception("weibo turn failed conv=%s", message.conversation_key)
            # 500: Weibo retries, and the pipeline kept nothing half-done for this message.
            return web.json_response({"error": "internal error"}, status=500)
        finally:
            timer.cancel()
        if result is None:
            metrics.TURNS.inc(CHANNEL, "late_reply")
            return web.Response(text=NO_REPLY)
        if result.in_flight:
            log.info("weibo retry while the first delivery runs conv=%s",
                     message.conversation_key)
            return web.Response(text=NO_REPLY)
        if result.duplicate and await self._sent_late(message):
            return web.Response(text=NO_REPLY)  # its replies already went out by the API
        if message.event == "unsubscribe" or result.silent or not result.replies:
            return web.Response(text=NO_REPLY)
        text = "\n\n".join(self.config.render(r) for r in result.replies)
        if len(text) > self.config.max_text_chars and self.api.configured:
            await self._mark_sent_late(message)
            self.spawn(self._send_replies(message, result))
            return web.Response(text=NO_REPLY)
        account = message.reply_context.get("account", "")
        return web.json_response(passive_reply(account, message.sender, text))

    async def _sent_late(self, message: InboundMessage) -> bool:
        redis = self.app[appkeys.REDIS]
        return bool(await redis.exists(keys.late_sent(message.conversation_key,
                                                      message.message_id)))

    async def _mark_sent_late(self, message: InboundMessage) -> None:
        redis = self.app[appkeys.REDIS]
        await redis.set(keys.late_sent(message.conversation_key, message.message_id), b"1",
                        ex=LATE_MARK_TTL)

    # --- the turn task ---------------------------------------------------------------------

    async def _run(self, message: InboundMessage, turn: ReplyRace) -> None:
        try:
            result = await self.handler(message)
        except Exception as exc:
            if not turn.finished(None, exc):
                log.exception("weibo late turn failed conv=%s", message.conversation_key)
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
        """Through the reply API: each reply its own message(s), in order."""
        if result.silent or not result.replies:
            return
        if not self.api.configured:
            log.error("weibo late reply dropped: no PETITION_WEIBO_ACCESS_TOKEN conv=%s",
                      message.conversation_key)
            return
        try:
            for reply in result.replies:
                for piece in pieces(self.config.render(reply), self.config.max_text_chars):
                    await self.api.send_text(message.sender, piece)
            metrics.TURNS.inc(CHANNEL, "sent_by_reply_api")
        except (WeiboApiError, httpx.HTTPError) as exc:  # logged without the text
            log.error("weibo reply API failed conv=%s error=%s", message.conversation_key,
                      getattr(exc, "code", None) or type(exc).__name__)


class WeiboSender:
    """Outbound messages outside a reply (case updates, staff): through the reply API within
    48 hours of the citizen's last message. False when that is not possible now (no access
    token, window passed, unfollowed) or Weibo refused; callers keep the news for 查询."""

    def __init__(self, channel: WeiboChannel):
        self.channel = channel

    async def send(self, meta: dict[str, object], reply: Reply) -> bool:
        api = self.channel.api
        uid = str(meta.get("sender") or "")
        if not api.configured or not uid or not within_window(meta.get("last_seen")):
            return False
        config = self.channel.config
        try:
            for piece in pieces(config.render(reply), config.max_text_chars):
                await api.send_text(uid, piece)
        except (WeiboApiError, httpx.HTTPError) as exc:
            log.error("weibo push failed error=%s",
                      getattr(exc, "code", None) or type(exc).__name__)
            return False
        return True


def within_window(last_seen: object, now: float | None = None) -> bool:
    if not isinstance(last_seen, str) or not last_seen:
        return False
    try:
        seen = datetime.fromisoformat(last_seen)
    except ValueError:
        return False
    if seen.tzinfo is None:
        seen = seen.replace(tzinfo=UTC)
    age = (time.time() if now is None else now) - seen.timestamp()
    return 0 <= age < REPLY_WINDOW - 60  # a minute's margin for clocks and queues


WEIBO = web.AppKey("weibo_channel", WeiboChannel)


def setup(app: web.Application, settings: Any, handler: Handler) -> None:
    """Register the routes and the outbound sender; config/weibo.toml is checked here."""
    channel = WeiboChannel(app, settings, handler, load_weibo_config(settings.config_dir))
    app[WEIBO] = channel
    app[appkeys.SENDERS][CHANNEL] = WeiboSender(channel)
    app.router.add_get("/weibo", channel.verify)
    app.router.add_post("/weibo", channel.receive)


__all__ = ["WEIBO", "WeiboChannel", "WeiboSender", "passive_reply", "setup", "within_window"]
