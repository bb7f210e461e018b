"""The Weibo 客服消息 reply API: `POST {api_base}/2/messages/reply.json`.

Form-encoded (the docs require application/x-www-form-urlencoded): `access_token`, `type=text`,
`data` = the JSON `{"text": ...}` (form encoding URL-encodes it with UTF-8, as the docs ask),
`receiver_id` = the citizen's uid. The token is sent in the body, never in the URL, so no
request log line carries it. Allowed for 48 hours after the citizen's last message, follow or
menu click; not after an unfollow (open.weibo.com/wiki/Send_Customer_Service_Message).
Errors come back as `{"error", "error_code", "request"}`; only the code is logged.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import httpx
import orjson

from bot import metrics

log = logging.getLogger("petition.weibo.api")

REPLY_PATH = "/2/messages/reply.json"
WEIBO_SENT = metrics.Counter("petition_weibo_sent_total",
                             "Weibo messages sent through the reply API, by outcome", ("outcome",))


class WeiboApiError(Exception):
    def __init__(self, code: object, status: int = 0):
        self.code = code
        self.status = status
        super().__init__(f"weibo api error {code} (HTTP {status})")


def pieces(text: str, limit: int) -> list[str]:
    """Text cut into messages of at most `limit` characters, preferring line breaks."""
    out: list[str] = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit + 1)
        if cut <= limit // 2:
            cut = limit
        out.append(text[:cut].rstrip("\n"))
        text = text[cut:].lstrip("\n")
    if text:
        out.append(text)
    return out


class WeiboApi:
    def __init__(self, http: Callable[[], httpx.AsyncClient], *, access_token: str,
                 api_base: str, app_key: str = ""):
        self._http = http
        self._token = access_token
        self.url = api_base.rstrip("/") + REPLY_PATH
        self.app_key = app_key

    @property
    def configured(self) -> bool:
        return bool(self._token)

    async def send_text(self, receiver_id: str, text: str) -> None:
        """One text message to the citizen; raises WeiboApiError when Weibo refuses it."""
        form = {"access_token": self._token, "type": "text",
                "data": orjson.dumps({"text": text}).decode(), "receiver_id": receiver_id}
        if self.app_key:
            form["source"] = self.app_key
        try:
            response = await self._http().post(self.url, data=form)
        except httpx.HTTPError:
            WEIBO_SENT.inc("error")
            raise
        try:
            body = response.json()
        except ValueError:
            body = None
        code = body.get("error_code") if isinstance(body, dict) else None
        if response.status_code != 200 or code:
            WEIBO_SENT.inc("refused")
            raise WeiboApiError(code, response.status_code)
        WEIBO_SENT.inc("ok")
