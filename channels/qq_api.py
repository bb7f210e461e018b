"""The QQ bot OpenAPI: the access token shared by every process, and passive replies.

The token comes from `POST token_url {"appId", "clientSecret"}` -> `{"access_token",
"expires_in": "7200"}` (expires_in is a string). It lives in Redis with its real expiry so that
every worker uses the same one; within REFRESH_MARGIN seconds of expiry one process, holding a
Redis lock, fetches the next (the platform hands out a new token only in the last 60 seconds,
and the old one stays valid during them). Replies are passive: they quote the triggering
msg_id, and each reply to one msg_id carries the next msg_seq (the platform refuses a repeated
msg_id + msg_seq), counted in Redis so that retries and several processes never reuse one.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Callable
from typing import Any

import httpx
from redis.asyncio import Redis

from bot import keys, metrics
from bot.messages import conversation_key
from bot.redisconn import as_text

log = logging.getLogger("petition.qq.api")

REFRESH_MARGIN = 50  # seconds before expiry at which the token is renewed
LOCK_MS = 15_000
SAFETY = 5  # seconds taken off expires_in for the time the answer travelled
RETRY_DELAY = 0.2  # seconds before a 5xx answer is asked again
SEQ_TTL = 3600  # a passive reply is possible for at most an hour after the message

QQ_SENT = metrics.Counter("petition_qq_sent_total", "QQ replies sent, by outcome", ("outcome",))
QQ_TOKEN = metrics.Counter("petition_qq_token_fetched_total",
                           "QQ access tokens fetched from the token endpoint", ("outcome",))

_RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0
"""


class QQApiError(Exception):
    pass


def msg_seq_key(openid: str, group: str, msg_id: str) -> str:
    return keys.qq_msg_seq(conversation_key("qq", openid, group), msg_id)


class QQTokens:
    def __init__(self, settings: Any, redis: Callable[[], Redis],
                 http: Callable[[], httpx.AsyncClient]):
        self.appid = settings.qq.appid
        self._secret = settings.qq.secret
        self.token_url = settings.qq.token_url
        self._redis = redis
        self._http = http
        self.key = keys.platform_token("qq")
        self.lock = keys.platform_token_lock("qq")

    async def _cached(self) -> tuple[str | None, int]:
        pipe = self._redis().pipeline(transaction=False)
        pipe.get(self.key)
        pipe.ttl(self.key)
        value, ttl = await pipe.execute()
        token = as_text(value)
        return token, int(ttl)

    async def get(self) -> str:
        token, ttl = await self._cached()
        if token and ttl > REFRESH_MARGIN:
            return token
        owner = secrets.token_hex(8)
        redis = self._redis()
        if await redis.set(self.lock, owner, nx=True, px=LOCK_MS):
            try:
                return await self._refresh()
            finally:
                await redis.eval(_RELEASE, 1, self.lock, owner)
        # Another process is renewing: wait for its token, else keep the old one while valid.
        for _ in range(50):
            await asyncio.sleep(0.1)
            fresh, fresh_ttl = await self._cached()
            if fresh and fresh_ttl > REFRESH_MARGIN:
                return fresh
        if token and ttl > 0:
            return token
        raise QQApiError("no QQ access token: the token refresh did not finish")

    async def _refresh(self) -> str:
        try:
            response = await self._http().post(self.token_url, json={
                "appId": self.appid, "clientSecret": self._secret})
            if response.status_code >= 500 or response.status_code == 429:
                # Asking again is harmless (the platform hands out the same token meanwhile).
                await asyncio.sleep(RETRY_DELAY)
                response = await self._http().post(self.token_url, json={
                    "appId": self.appid, "clientSecret": self._secret})
            data = response.json()
            token = str(data["access_token"])
            expires = int(str(data["expires_in"]))
        except (httpx.HTTPError, ValueError, KeyError, TypeError) as exc:
            QQ_TOKEN.inc("error")
            raise QQApiError(f"QQ token endpoint failed: {type(exc).__name__}") from exc
        if not token or expires <= 0:
            QQ_TOKEN.inc("error")
            raise QQApiError("QQ token endpoint returned no token")
        QQ_TOKEN.inc("ok")
        await self._redis().set(self.key, token, ex=max(expires - SAFETY, 1))
        return token

    async def invalidate(self, token: str) -> None:
        """Forget a token the API refused, unless another process already replaced it."""
        await self._redis().eval(_RELEASE, 1, self.key, token)


class QQApi:
    def __init__(self, settings: Any, tokens: QQTokens, redis: Callable[[], Redis],
                 http: Callable[[], httpx.AsyncClient]):
        self.base = settings.qq.api_base.rstrip("/")
        self.appid = settings.qq.appid
        self.tokens = tokens
        self._redis = redis
        self._http = http

    async def reply(self, *, openid: str, group: str, msg_id: str, text: str) -> bool:
        """A passive text reply to message `msg_id`; False when the platform refused it."""
        path = f"/v2/groups/{group}/messages" if group else f"/v2/users/{openid}/messages"
        seq_key = msg_seq_key(openid, group, msg_id)
        pipe = self._redis().pipeline(transaction=True)
        pipe.incr(seq_key)
        pipe.expire(seq_key, SEQ_TTL)
        seq, _ = await pipe.execute()
        body = {"content": text, "msg_type": 0, "msg_id": msg_id, "msg_seq": int(seq)}
        for attempt in range(2):
            try:
                token = await self.tokens.get()
                response = await self._http().post(self.base + path, json=body, headers={
                    "Authorization": f"QQBot {token}", "X-Union-Appid": self.appid})
            except (QQApiError, httpx.HTTPError) as exc:
                log.warning("qq reply failed: %s", exc if isinstance(exc, QQApiError)
                            else type(exc).__name__)
                QQ_SENT.inc("error")
                return False
            if response.status_code == 401 and attempt == 0:
                await self.tokens.invalidate(token)
                continue
            if response.status_code >= 500 and attempt == 0:
                # Safe to repeat: the same msg_id + msg_seq is refused if the first one arrived.
                await asyncio.sleep(RETRY_DELAY)
                continue
            break
        if 200 <= response.status_code < 300:
            QQ_SENT.inc("ok")
            return True
        code = _error_code(response)
        # e.g. the reply window of the message has passed (an hour for C2C, 5 min in groups).
        log.warning("qq reply refused status=%s code=%s", response.status_code, code)
        QQ_SENT.inc("refused")
        return False


def _error_code(response: httpx.Response) -> Any:
    try:
        data = response.json()
    except ValueError:
        return None
    return data.get("code") if isinstance(data, dict) else None
