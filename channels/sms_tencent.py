"""Tencent Cloud SMS, the domestic two-way provider: 上行短信回调 in, SendSms (API 3.0) out.

Tencent's reply callback (短信回复, https://cloud.tencent.com/document/api/382/5809) is a JSON
POST `{"extend", "mobile", "nationcode", "sign", "text", "time"}` answered with
`{"result": 0, "errmsg": "OK"}`; its delivery-status callback is a JSON array of
`{"user_receive_time", "nationcode", "mobile", "report_status", "errmsg", "description", "sid"}`.
Neither is signed by Tencent, so the callback URL configured in the console carries a shared
secret, `?token=<PETITION_TENCENT_SMS_CALLBACK_TOKEN>`, compared in constant time.
The callback has no message id: a retry carries the same number, time and text, so their digest
is the id the pipeline dedupes on. Replies cannot ride on the callback's answer; they are sent
through SendSms after the turn is saved. Mainland SMS must use an approved template: the reply
text goes into the template's single variable {1}.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import re
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import httpx
from aiohttp import web

from bot import appkeys, jsonbody
from channels.body import read_limited
from channels.sms_core import SMS_SENT, InboundSms, SmsConversation, SmsState, refuse

log = logging.getLogger("petition.sms.tencent")

INBOUND_PATH = "/sms/tencent"
STATUS_PATH = "/sms/tencent/status"
MAX_BODY = 256 * 1024  # a status callback may batch many reports
API_VERSION = "2021-01-11"
SERVICE = "sms"
ALGORITHM = "TC3-HMAC-SHA256"
_DIGITS = re.compile(r"^[0-9]{1,20}$")


def tc3_authorization(*, secret_id: str, secret_key: str, service: str, host: str,
                      payload: bytes, timestamp: int,
                      content_type: str = "application/json; charset=utf-8") -> str:
    """The Authorization header of Tencent Cloud API signature v3 for a POST to "/"."""
    date = datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d")
    signed_headers = "content-type;host"
    canonical = "\n".join([
        "POST", "/", "", f"content-type:{content_type}\nhost:{host}\n", signed_headers,
        hashlib.sha256(payload).hexdigest()])
    scope = f"{date}/{service}/tc3_request"
    to_sign = "\n".join([ALGORITHM, str(timestamp), scope,
                         hashlib.sha256(canonical.encode()).hexdigest()])

    def _hmac(key: bytes, msg: str) -> bytes:
        return hmac.new(key, msg.encode(), hashlib.sha256).digest()

    key = _hmac(_hmac(_hmac(("TC3" + secret_key).encode(), date), service), "tc3_request")
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    return (f"{ALGORITHM} Credential={secret_id}/{scope}, SignedHeaders={signed_headers}, "
            f"Signature={signature}")


class TencentSmsProvider:
    name = "tencent"

    def __init__(self, settings: Any, http: Callable[[], httpx.AsyncClient],
                 clock: Callable[[], float] = time.time):
        self.cfg = settings.tencent_sms
        self._http = http
        self._clock = clock
        self.url = self.cfg.api_base.rstrip("/") + "/"
        self.host = urlsplit(self.cfg.api_base).netloc

    def token_ok(self, token: str) -> bool:
        return hmac.compare_digest(token.encode(), self.cfg.callback_token.encode())

    async def send(self, phone: str, text: str) -> bool:
        payload = json.dumps({
            "PhoneNumberSet": [phone], "SmsSdkAppId": self.cfg.sdk_app_id,
            "SignName": self.cfg.sign_name, "TemplateId": self.cfg.template_id,
            "TemplateParamSet": [text]}, ensure_ascii=False).encode()
        timestamp = int(self._clock())
        content_type = "application/json; charset=utf-8"
        headers = {
            "Authorization": tc3_authorization(
                secret_id=self.cfg.secret_id, secret_key=self.cfg.secret_key, service=SERVICE,
                host=self.host, payload=payload, timestamp=timestamp, content_type=content_type),
            "Content-Type": content_type, "Host": self.host, "X-TC-Action": "SendSms",
            "X-TC-Version": API_VERSION, "X-TC-Timestamp": str(timestamp),
            "X-TC-Region": self.cfg.region,
        }
        try:
            response = await self._http().post(self.url, content=payload, headers=headers)
            data = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            log.warning("tencent send failed: %s", type(exc).__name__)
            SMS_SENT.inc(self.name, "error")
            return False
        body = data.get("Response") if isinstance(data, dict) else None
        if not isinstance(body, dict):
            log.warning("tencent send: unexpected answer status=%s", response.status_code)
            SMS_SENT.inc(self.name, "error")
            return False
        if "Error" in body or response.status_code != 200:
            err = body.get("Error") or {}
            log.warning("tencent send refused code=%s request=%s", err.get("Code"),
                        body.get("RequestId"))
            SMS_SENT.inc(self.name, "refused")
            return False
        statuses = body.get("SendStatusSet")
        codes = [s.get("Code") if isinstance(s, dict) else None
                 for s in (statuses if isinstance(statuses, list) else [])]
        ok = bool(codes) and all(code == "Ok" for code in codes)
        if not ok:
            log.warning("tencent send not ok codes=%s", codes)
        SMS_SENT.inc(self.name, "ok" if ok else "refused")
        return ok


def parse_reply(item: Any) -> InboundSms | str:
    if not isinstance(item, dict):
        return "body must be a JSON object"
    mobile, nation = item.get("mobile"), item.get("nationcode")
    text, ts = item.get("text"), item.get("time")
    if not isinstance(mobile, str) or not _DIGITS.match(mobile):
        return "mobile missing or not digits"
    if not isinstance(nation, (str, int)) or not _DIGITS.match(str(nation)):
        return "nationcode missing or not digits"
    if not isinstance(text, str) or len(text) > 2000:
        return "text missing or too long"
    if isinstance(ts, bool) or not isinstance(ts, (int, str)) or not str(ts).isdigit():
        return "time missing or not a unix timestamp"
    digest = hashlib.sha256(f"{nation}|{mobile}|{ts}|{text}".encode()).hexdigest()[:32]
    return InboundSms(provider="tencent", phone=f"+{nation}{mobile}", message_id="tc-" + digest,
                      text=text, received_at=float(ts) if int(ts) > 0 else time.time())


async def _json_body(request: web.Request, provider: TencentSmsProvider,
                     endpoint: str) -> Any:
    """The authenticated JSON body, or the web.Response refusing it."""
    if request.content_length is not None and request.content_length > MAX_BODY:
        return refuse(413, "request body too large", endpoint)
    token = request.query.get("token", "")
    if not token:
        return refuse(401, "missing token", endpoint)
    if not provider.token_ok(token):
        return refuse(403, "bad token", endpoint)
    raw = await read_limited(request, MAX_BODY)
    if raw is None:
        return refuse(413, "request body too large", endpoint)
    try:
        return jsonbody.loads(raw)
    except jsonbody.BadJson as exc:
        return refuse(400, exc.reason, endpoint)


def _ok() -> web.Response:
    return web.json_response({"result": 0, "errmsg": "OK"})


def add_routes(app: web.Application, provider: TencentSmsProvider,
               conversation: SmsConversation, state: SmsState) -> None:
    async def deliver(phone: str, texts: list[str]) -> None:
        for text in texts:
            if not await provider.send(phone, text):
                break

    async def inbound(request: web.Request) -> web.Response:
        body = await _json_body(request, provider, "sms_tencent")
        if isinstance(body, web.Response):
            return body
        items = body if isinstance(body, list) else [body]
        parsed = [parse_reply(item) for item in items]
        problems = [p for p in parsed if isinstance(p, str)]
        if problems or not parsed:
            return refuse(400, problems[0] if problems else "empty batch", "sms_tencent")
        for sms in parsed:
            assert isinstance(sms, InboundSms)
            # The turn is saved before Tencent gets its answer; the replies follow through
            # the API in a tracked task, so a slow gateway never delays the acknowledgement.
            turn = await conversation.turn(sms)
            # A retried callback was answered through the API already: never text twice.
            if turn.texts and not turn.duplicate:
                task = asyncio.create_task(deliver(sms.phone, turn.texts))
                tasks = request.app[appkeys.BACKGROUND]
                tasks.add(task)
                task.add_done_callback(tasks.discard)
        return _ok()

    async def status(request: web.Request) -> web.Response:
        body = await _json_body(request, provider, "sms_tencent_status")
        if isinstance(body, web.Response):
            return body
        items = body if isinstance(body, list) else [body]
        values = []
        for item in items:
            value = item.get("report_status") if isinstance(item, dict) else None
            if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z_]{1,32}", value):
                return refuse(400, "report_status missing or malformed", "sms_tencent_status")
            values.append(value.lower())
        for value in values:
            await state.record_status("tencent", value)
        return _ok()

    app.router.add_post(INBOUND_PATH, inbound)
    app.router.add_post(STATUS_PATH, status)
