"""Async client of the WeChat official-account API (httpx; wechatpy's client is synchronous).

One access token serves every process: it lives in Redis (`keys.platform_token("wechat")`) with a
TTL a few minutes shorter than WeChat's `expires_in`, so it is replaced before it expires. Each
call to `cgi-bin/token` invalidates the previous token for everyone, so a refresh happens under a
Redis lock and re-reads the shared value first: a worker that finds a token another worker has
just fetched uses it instead of fetching (and invalidating) again. A call answered with
40001/40014/42001 (invalid or expired token) refreshes — unless someone already did — and is
retried once. Every request has a timeout. Neither the AppSecret nor a token is ever logged.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import time
from dataclasses import dataclass
from typing import Any

import httpx

from bot import keys
from bot.redisconn import as_text

log = logging.getLogger("petition.wechat.api")

TOKEN_ERRORS = frozenset({40001, 40014, 42001})
OUT_OF_WINDOW = frozenset({45015, 45047})  # 客服消息 outside the 48 h window / too many messages
UNSUBSCRIBED = 43004
INVALID_MEDIA = frozenset({40007})
SYSTEM_BUSY = -1
RETRY_DELAY = 0.2  # seconds before the token endpoint is asked a second time

_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


class WechatApiError(Exception):
    """The API answered with a non-zero errcode (or could not give a token in time)."""

    def __init__(self, errcode: int, errmsg: str = ""):
        self.errcode = errcode
        self.errmsg = errmsg
        super().__init__(f"wechat api error {errcode}: {errmsg}")


@dataclass(frozen=True, slots=True)
class Media:
    content: bytes
    content_type: str
    filename: str = ""


def _json_body(body: dict[str, Any]) -> bytes:
    # WeChat shows \uXXXX escapes literally in some places (menu names): send real UTF-8.
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        data = json.loads(response.content)
    except ValueError:
        raise WechatApiError(-2, "answer is not JSON") from None
    if not isinstance(data, dict):
        raise WechatApiError(-2, "answer is not a JSON object")
    return data


def _is_json(response: httpx.Response) -> bool:
    ctype = response.headers.get("content-type", "")
    return "json" in ctype or ctype.startswith("text/plain")


class WechatApi:
    def __init__(self, http: httpx.AsyncClient, redis: Any, *, appid: str, secret: str,
                 api_base: str, timeout: float = 5.0, refresh_margin: int = 300,
                 lock_ms: int = 10_000, lock_wait: float = 10.0):
        self.http = http
        self.redis = redis
        self.appid = appid
        self.secret = secret
        self.base = api_base.rstrip("/")
        self.timeout = timeout
        self.refresh_margin = refresh_margin
        self.lock_ms = lock_ms
        self.lock_wait = lock_wait
        self._release = redis.register_script(_RELEASE)
        self.token_key = keys.platform_token("wechat")
        self.lock_key = keys.platform_token_lock("wechat")

    @property
    def configured(self) -> bool:
        return bool(self.appid and self.secret)

    # --- the shared access token ---------------------------------------------------------

    async def access_token(self) -> str:
        value = await self.redis.get(self.token_key)
        if value:
            return as_text(value)
        return await self.refresh(stale=None)

    async def refresh(self, stale: str | None) -> str:
        """A token other than `stale`: the one another process just stored, or a new one."""
        if not self.configured:
            raise WechatApiError(-1, "PETITION_WECHAT_APPID and PETITION_WECHAT_SECRET are "
                                     "needed for API calls")
        owner = os.urandom(12).hex()
        deadline = time.monotonic() + self.lock_wait
        while True:
            current = await self.redis.get(self.token_key)
            if current and as_text(current) != stale:
                return as_text(current)
            if await self.redis.set(self.lock_key, owner, nx=True, px=self.lock_ms):
                try:
                    current = await self.redis.get(self.token_key)
                    if current and as_text(current) != stale:
                        return as_text(current)
                    token, expires_in = await self._fetch_token()
                    ttl = max(60, expires_in - self.refresh_margin)
                    await self.redis.set(self.token_key, token, ex=ttl)
                    log.info("access token refreshed ttl=%ss", ttl)
                    return token
                finally:
                    await self._release(keys=[self.lock_key], args=[owner])
            if time.monotonic() >= deadline:
                raise WechatApiError(-1, "timed out waiting for another process's token refresh")
            await asyncio.sleep(0.05)

    async def _fetch_token(self) -> tuple[str, int]:
        """One GET of cgi-bin/token, tried a second time after a 5xx, a network error or
        errcode -1 (系统繁忙): asking again is harmless, no token was issued."""
        for attempt in (0, 1):
            try:
                resp = await self.http.get(
                    f"{self.base}/cgi-bin/token", timeout=self.timeout,
                    params={"grant_type": "client_credential", "appid": self.appid,
                            "secret": self.secret})
            except httpx.TransportError:
                if attempt:
                    raise
            else:
                if resp.status_code < 500 or attempt:
                    resp.raise_for_status()
                    data = _json(resp)
                    if int(data.get("errcode", 0) or 0) != SYSTEM_BUSY or attempt:
                        break
            log.warning("token endpoint failed; trying once more")
            await asyncio.sleep(RETRY_DELAY)
        if data.get("errcode"):
            raise WechatApiError(int(data["errcode"]), str(data.get("errmsg", "")))
        try:
            return str(data["access_token"]), int(data.get("expires_in", 7200))
        except (KeyError, TypeError, ValueError):
            raise WechatApiError(-2, "token answer without access_token") from None

    # --- calls -----------------------------------------------------------------------------

    async def _request(self, method: str, path: str, *, params: dict[str, str] | None = None,
                       body: dict[str, Any] | None = None
                       ) -> tuple[httpx.Response, dict[str, Any] | None]:
        """One authenticated request, retried once with a fresh token on a token error.
        Returns the response and its JSON (None when the body is not JSON, e.g. media)."""
        token = await self.access_token()
        for attempt in (0, 1):
            resp = await self.http.request(
                method, f"{self.base}{path}", params={**(params or {}), "access_token": token},
                content=_json_body(body) if body is not None else None,
                headers={"Content-Type": "application/json; charset=utf-8"}
                if body is not None else None,
                timeout=self.timeout)
            resp.raise_for_status()
            data = _json(resp) if _is_json(resp) else None
            code = int(data.get("errcode", 0) or 0) if data else 0
            if code in TOKEN_ERRORS and attempt == 0:
                log.warning("access token rejected (errcode %s); refreshing", code)
                token = await self.refresh(stale=token)
                continue
            if code:
                raise WechatApiError(code, str(data.get("errmsg", "")) if data else "")
            return resp, data
        raise AssertionError("unreachable")

    async def call(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        _, data = await self._request("POST", path, body=body)
        return data or {}

    async def send_text(self, openid: str, text: str) -> None:
        """客服消息 (only within 48 h of the citizen's last message)."""
        await self.call("/cgi-bin/message/custom/send",
                        {"touser": openid, "msgtype": "text", "text": {"content": text}})

    async def send_template(self, openid: str, template_id: str, data: dict[str, str],
                            url: str = "") -> None:
        body: dict[str, Any] = {"touser": openid, "template_id": template_id,
                                "data": {k: {"value": v} for k, v in data.items()}}
        if url:
            body["url"] = url
        await self.call("/cgi-bin/message/template/send", body)

    async def create_menu(self, menu: dict[str, Any]) -> None:
        await self.call("/cgi-bin/menu/create", menu)

    async def get_media(self, media_id: str) -> Media:
        """Temporary media (kept 3 days by WeChat). Videos come back as a URL to fetch."""
        resp, data = await self._request("GET", "/cgi-bin/media/get",
                                         params={"media_id": media_id})
        if data is not None:
            url = data.get("video_url")
            if not url:
                raise WechatApiError(-1, "media/get answered JSON without video_url")
            video = await self.http.get(str(url), timeout=max(self.timeout, 30.0))
            video.raise_for_status()
            return Media(video.content, video.headers.get("content-type", "video/mp4"))
        return Media(resp.content, resp.headers.get("content-type", ""),
                     _filename(resp.headers.get("content-disposition", "")))


def _filename(disposition: str) -> str:
    match = re.search(r'filename="?([^";]+)"?', disposition)
    return match.group(1) if match else ""
