"""Twilio: the inbound SMS webhook (TwiML reply), delivery status callbacks, outbound messages.

Signatures are checked against PETITION_PUBLIC_URL + the raw path and query, never the URL the
app sees: a proxy in front changes scheme, host and port, and Twilio signed the URL it called.
Outbound calls go through the twilio library with an `AsyncHttpClient` backed by the app's
shared httpx client, so timeouts and proxies are honoured and tests can serve the API locally.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, urlparse, urlsplit

import httpx
from aiohttp import web
from multidict import MultiDict
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http import AsyncHttpClient
from twilio.http.response import Response as TwilioResponse
from twilio.request_validator import RequestValidator, add_port, remove_port
from twilio.rest import Client
from twilio.twiml.messaging_response import MessagingResponse

from bot.messages import Attachment
from channels.body import read_limited
from channels.sms_core import SMS_SENT, InboundSms, SmsConversation, SmsState, refuse

log = logging.getLogger("petition.sms.twilio")

INBOUND_PATH = "/sms/twilio"
STATUS_PATH = "/sms/twilio/status"
MAX_BODY = 64 * 1024  # a Twilio webhook is a few hundred bytes; 1,600 characters at most of text
MAX_MEDIA = 10  # Twilio's own limit on media per MMS
_SID = re.compile(r"^[A-Za-z]{2}[0-9a-fA-F]{32}$")
_PHONE = re.compile(r"^\+?[0-9]{3,20}$")
TWIML_TYPE = "application/xml"
RETRYABLE = frozenset({429, 503})
MAX_RETRY_AFTER = 2.0  # seconds: the longest Retry-After waited for before the one repeat


def _retry_after(value: str | None) -> float:
    try:
        return min(MAX_RETRY_AFTER, max(0.0, float(value or 0.2)))
    except ValueError:
        return 0.2


class HttpxTwilioClient(AsyncHttpClient):
    """The twilio library's async HTTP client interface, served by httpx.

    Requests for api.twilio.com (and its regional hosts) are sent to `api_base` instead, keeping
    the path, so that PETITION_TWILIO_API_BASE can point at a local server.
    """

    def __init__(self, http: Callable[[], httpx.AsyncClient], api_base: str,
                 timeout: float = 10.0):
        super().__init__(logger=log, is_async=True, timeout=timeout)
        self._http = http
        self._base = api_base.rstrip("/")

    def rebase(self, uri: str) -> str:
        parts = urlsplit(uri)
        if not parts.hostname or not parts.hostname.endswith("twilio.com"):
            return uri
        rest = parts.path + (f"?{parts.query}" if parts.query else "")
        return self._base + rest

    async def request(self, method: str, uri: str, params: dict[str, object] | None = None,
                      data: dict[str, object] | None = None,
                      headers: dict[str, str] | None = None,
                      auth: tuple[str, str] | None = None, timeout: float | None = None,
                      allow_redirects: bool = False) -> TwilioResponse:
        # Deliberately no log_request(): the parameters hold phone numbers and message text.
        for attempt in (0, 1):
            response = await self._http().request(
                method.upper(), self.rebase(uri), params=params,  # type: ignore[arg-type]
                data=data, headers=headers, auth=auth,  # type: ignore[arg-type]
                timeout=timeout or self.timeout, follow_redirects=allow_redirects)
            # 429 (error 20429) and 503 mean Twilio did not take the request: asking again
            # cannot text the citizen twice. Other 5xx are not repeated (the message may exist).
            if response.status_code not in RETRYABLE or attempt:
                break
            await asyncio.sleep(_retry_after(response.headers.get("Retry-After")))
        return TwilioResponse(response.status_code, response.text, response.headers)


class TwilioProvider:
    name = "twilio"

    def __init__(self, settings: Any, http: Callable[[], httpx.AsyncClient]):
        tw = settings.twilio
        self.validator = RequestValidator(tw.auth_token)
        self.public_url = settings.public_url.rstrip("/")
        self.from_ = tw.from_
        self.http_client = HttpxTwilioClient(http, tw.api_base)
        # `environment` non-empty so that the library never reads TWILIO_* from os.environ.
        self.client = Client(username=tw.account_sid, password=tw.auth_token,
                             account_sid=tw.account_sid, http_client=self.http_client,
                             environment={"PETITION": "1"})

    # ---------------------------------------------------------------- outbound

    async def send(self, phone: str, text: str) -> bool:
        kwargs: dict[str, Any] = {"to": phone, "body": text,
                                  "status_callback": self.public_url + STATUS_PATH}
        if self.from_.startswith("MG"):
            kwargs["messaging_service_sid"] = self.from_
        else:
            kwargs["from_"] = self.from_
        try:
            await self.client.messages.create_async(**kwargs)
        except TwilioRestException as exc:
            # 21610: the number replied STOP to Twilio itself; the others are worth a look.
            log.warning("twilio send refused status=%s code=%s", exc.status, exc.code)
            SMS_SENT.inc(self.name, "refused")
            return False
        except (TwilioException, httpx.HTTPError) as exc:
            log.warning("twilio send failed: %s", type(exc).__name__)
            SMS_SENT.inc(self.name, "error")
            return False
        SMS_SENT.inc(self.name, "ok")
        return True

    # ---------------------------------------------------------------- signatures

    def signature_ok(self, url: str, params: MultiDict[str], signature: str) -> bool:
        parsed = urlparse(url)
        for candidate in (remove_port(parsed), add_port(parsed)):
            expected = self.validator.compute_signature(candidate, params)
            if hmac.compare_digest(expected.encode(), signature.encode()):
                return True
        return False

    async def signed_form(self, request: web.Request,
                          endpoint: str) -> MultiDict[str] | web.Response:
        """The form of a request signed by Twilio, or the refusal to answer with."""
        if request.content_length is not None and request.content_length > MAX_BODY:
            return refuse(413, "request body too large", endpoint)
        signature = request.headers.get("X-Twilio-Signature", "")
        if not signature:
            return refuse(401, "missing X-Twilio-Signature", endpoint)
        raw = await read_limited(request, MAX_BODY)
        if raw is None:
            return refuse(413, "request body too large", endpoint)
        if request.content_type != "application/x-www-form-urlencoded":
            return refuse(415, "use application/x-www-form-urlencoded", endpoint)
        try:
            pairs = parse_qsl(raw.decode("utf-8"), keep_blank_values=True, strict_parsing=bool(raw))
        except (UnicodeDecodeError, ValueError):
            return refuse(400, "malformed form body", endpoint)
        params: MultiDict[str] = MultiDict(pairs)
        if not self.signature_ok(self.public_url + request.raw_path, params, signature):
            return refuse(403, "bad X-Twilio-Signature", endpoint)
        return params


def parse_inbound(params: MultiDict[str]) -> InboundSms | str:
    """A signed inbound-message webhook -> InboundSms, or what is wrong with it."""
    sid = params.get("MessageSid") or params.get("SmsSid") or ""
    phone = params.get("From", "").strip()
    if not _SID.match(sid):
        return "MessageSid missing or malformed"
    if not _PHONE.match(phone):
        return "From missing or not a phone number"
    if not phone.startswith("+"):
        phone = "+" + phone
    body = params.get("Body", "")
    try:
        num_media = int(params.get("NumMedia", "0") or "0")
    except ValueError:
        return "NumMedia is not a number"
    if not 0 <= num_media <= MAX_MEDIA:
        return "NumMedia out of range"
    attachments = []
    for i in range(num_media):
        url = params.get(f"MediaUrl{i}", "")
        if not url.startswith(("https://", "http://")):
            return f"MediaUrl{i} missing"
        ctype = params.get(f"MediaContentType{i}", "")
        attachments.append(Attachment(kind=media_kind(ctype), ref=url, name=ctype))
    return InboundSms(provider="twilio", phone=phone, message_id=sid, text=body,
                      attachments=tuple(attachments))


def media_kind(content_type: str) -> str:
    major = content_type.split("/", 1)[0].lower()
    return {"image": "image", "audio": "voice", "video": "video"}.get(major, "file")


def twiml(texts: list[str]) -> web.Response:
    response = MessagingResponse()
    for text in texts:
        response.message(text)
    return web.Response(body=response.to_xml().encode("utf-8"), content_type=TWIML_TYPE,
                        charset="utf-8")


def add_routes(app: web.Application, provider: TwilioProvider, conversation: SmsConversation,
               state: SmsState) -> None:
    async def inbound(request: web.Request) -> web.Response:
        params = await provider.signed_form(request, "sms_twilio")
        if isinstance(params, web.Response):
            return params
        sms = parse_inbound(params)
        if isinstance(sms, str):
            return refuse(400, sms, "sms_twilio")
        # A retried MessageSid gets the same TwiML again: Twilio never saw the first answer.
        return twiml((await conversation.turn(sms)).texts)

    async def status(request: web.Request) -> web.Response:
        params = await provider.signed_form(request, "sms_twilio_status")
        if isinstance(params, web.Response):
            return params
        value = (params.get("MessageStatus") or params.get("SmsStatus") or "").strip().lower()
        if not re.fullmatch(r"[a-z_]{1,32}", value):
            return refuse(400, "MessageStatus missing or malformed", "sms_twilio_status")
        await state.record_status("twilio", value)
        if value in ("failed", "undelivered"):
            log.warning("twilio delivery %s error_code=%s", value, params.get("ErrorCode", ""))
        return web.Response(status=204)

    app.router.add_post(INBOUND_PATH, inbound)
    app.router.add_post(STATUS_PATH, status)
