"""From a WeChat POST to one InboundMessage: signatures, freshness, 安全模式, safe XML, mapping.

Order of checks (each refusal changes nothing): `signature` over (token, timestamp, nonce) and the
timestamp's age come from the query string and are checked before the body is read; then the
body is parsed with defusedxml, which refuses any DOCTYPE (hence any entity) before expanding
anything; in 安全模式/兼容模式 (`encrypt_type=aes`) `msg_signature` over the Encrypt element is
checked and the message decrypted with wechatpy's AES (AppID checked), and the plaintext is
parsed safely again; only then does wechatpy's `parse_message` (xmltodict) see it.
Signatures are compared with hmac.compare_digest (wechatpy's helpers use `!=`).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import logging
import struct
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import ParseError

import defusedxml
import defusedxml.ElementTree as SafeET
from wechatpy import parse_message
from wechatpy.crypto import PrpCrypto
from wechatpy.exceptions import InvalidAppIdException
from wechatpy.messages import BaseMessage

from channels.base import Attachment, InboundMessage, Location

log = logging.getLogger("petition.wechat")

CHANNEL = "wechat"
MAX_TEXT = 10_000


class Rejected(Exception):
    """A request refused with an HTTP status; `reason` is safe to log (no personal data)."""

    def __init__(self, status: int, reason: str):
        self.status = status
        self.reason = reason
        super().__init__(f"{status} {reason}")


@dataclass(frozen=True, slots=True)
class Ignored:
    """Something to acknowledge with "success" and otherwise ignore (unknown events)."""

    what: str


@dataclass(frozen=True, slots=True)
class Unsupported:
    """A message kind the bot cannot use (mini-program cards, unknown types)."""

    what: str
    sender: str = ""
    account: str = ""


def sign(*parts: str) -> str:
    """WeChat's signature: SHA-1 over the parts sorted as UTF-8 bytes and concatenated, which is
    what wechatpy.utils.WeChatSigner computes, without building a signer per call."""
    return hashlib.sha1(b"".join(sorted([part.encode() for part in parts]))).hexdigest()


def signature_ok(token: str, signature: str, timestamp: str, nonce: str,
                 extra: str | None = None) -> bool:
    parts = [token, timestamp, nonce] + ([extra] if extra is not None else [])
    return bool(signature) and hmac.compare_digest(sign(*parts).encode(), signature.encode())


def check_query(query: Any, token: str, replay_window: int, now: float | None = None) -> None:
    """The URL part of every request: signature and timestamp age. Raises Rejected(403)."""
    signature = query.get("signature", "")
    timestamp = query.get("timestamp", "")
    nonce = query.get("nonce", "")
    if not (signature and timestamp and nonce):
        raise Rejected(403, "missing signature, timestamp or nonce")
    if len(timestamp) > 12 or not timestamp.isdigit():
        raise Rejected(403, "malformed timestamp")
    if replay_window > 0:
        age = abs((time.time() if now is None else now) - int(timestamp))
        if age > replay_window:
            raise Rejected(403, "timestamp outside the replay window")
    if not signature_ok(token, signature, timestamp, nonce):
        raise Rejected(403, "bad signature")


def safe_root(body: bytes) -> Any:
    """Parse with defusedxml: DOCTYPE/entities and malformed XML are refused (400)."""
    try:
        root = SafeET.fromstring(body, forbid_dtd=True, forbid_entities=True,
                                 forbid_external=True)
    except defusedxml.DefusedXmlException:
        raise Rejected(400, "XML with DOCTYPE or entities refused") from None
    except (ParseError, ValueError):
        raise Rejected(400, "malformed XML") from None
    if root.tag != "xml":
        raise Rejected(400, "root element is not <xml>")
    return root


def decrypt(root: Any, query: Any, *, token: str, aes_key: str, appid: str) -> bytes:
    """安全模式/兼容模式: check msg_signature over Encrypt, decrypt, check the AppID."""
    if not aes_key:
        raise Rejected(400, "encrypted message but no EncodingAESKey configured")
    encrypt = (root.findtext("Encrypt") or "").strip()
    if not encrypt:
        raise Rejected(400, "encrypt_type=aes without an Encrypt element")
    if not signature_ok(token, query.get("msg_signature", ""), query.get("timestamp", ""),
                        query.get("nonce", ""), encrypt):
        raise Rejected(403, "bad msg_signature")
    try:
        key = base64.b64decode(aes_key + "=")
        plain = PrpCrypto(key).decrypt(encrypt, appid)
    except InvalidAppIdException:
        raise Rejected(403, "encrypted for another AppID") from None
    except (ValueError, TypeError, IndexError, struct.error, binascii.Error,
            UnicodeDecodeError):
        raise Rejected(400, "Encrypt does not decrypt") from None
    return plain if isinstance(plain, bytes) else str(plain).encode("utf-8")


def read_message(body: bytes, query: Any, *, token: str, aes_key: str, appid: str) -> bytes:
    """The plaintext message XML of a request whose query string was already checked."""
    root = safe_root(body)
    if query.get("encrypt_type", "raw").lower() == "aes":
        plain = decrypt(root, query, token=token, aes_key=aes_key, appid=appid)
        safe_root(plain)
        return plain
    return body


def _float(value: Any, what: str, low: float, high: float) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise Rejected(400, f"{what} is not a number") from None
    if not low <= number <= high:
        raise Rejected(400, f"{what} out of range")
    return number


def to_inbound(xml: bytes, *, click_keys: frozenset[str], received_at: float | None = None
               ) -> InboundMessage | Ignored | Unsupported:
    """Map one plaintext WeChat message or event to the normalized message."""
    try:
        msg = parse_message(xml.decode("utf-8"))
        sender = msg.source or ""
        create_time = msg._data.get("CreateTime", "")
    except (KeyError, TypeError, ValueError, AttributeError, UnicodeDecodeError):
        raise Rejected(400, "not a WeChat message") from None
    if not isinstance(sender, str) or not sender or len(sender) > 64:
        raise Rejected(400, "missing FromUserName")
    data: dict[str, Any] = msg._data
    raw_type = str(data.get("MsgType", "")).lower()
    account = str(data.get("ToUserName") or "")
    arrival = received_at or time.time()

    def new(message_id: str, **fields: Any) -> InboundMessage:
        # reply_context keeps our own account id (gh_...) for passive replies; not personal.
        return InboundMessage(channel=CHANNEL, sender=sender, message_id=message_id,
                              received_at=arrival, reply_context={"account": account}, **fields)

    msg_id = str(data.get("MsgId") or data.get("MsgID") or "")
    if len(msg_id) > 32 or not str(create_time).isdigit() or len(str(create_time)) > 12:
        raise Rejected(400, "malformed MsgId or CreateTime")
    message_id = f"msg:{msg_id}" if msg_id else f"{sender}:{create_time}:{raw_type}"

    def text_of(value: Any) -> str:
        text = value if isinstance(value, str) else ""
        if len(text) > MAX_TEXT:
            raise Rejected(400, "text too long")
        return text

    if raw_type == "text":
        return new(message_id, text=text_of(data.get("Content")))
    if raw_type == "voice":
        voice = (Attachment("voice", text_of(data.get("MediaId"))),)
        recognition = text_of(data.get("Recognition")).strip()
        if recognition:
            return new(message_id, text=recognition, kind="text", attachments=voice)
        return new(message_id, kind="voice", attachments=voice)
    if raw_type in ("image", "video", "shortvideo", "file"):
        kind = "video" if raw_type == "shortvideo" else raw_type
        ref = text_of(data.get("MediaId") or data.get("FileKey"))
        if not ref:
            raise Rejected(400, "media message without MediaId")
        attachment = Attachment(kind, ref, name=text_of(data.get("Title")))
        return new(message_id, kind="media", attachments=(attachment,))
    if raw_type == "link":
        url = text_of(data.get("Url"))
        if not url:
            raise Rejected(400, "link message without Url")
        attachment = Attachment("link", url, name=text_of(data.get("Title")))
        return new(message_id, kind="media", attachments=(attachment,))
    if raw_type == "location":
        # Location_X is the latitude, Location_Y the longitude (WeChat's naming).
        location = Location(_float(data.get("Location_X"), "Location_X", -90, 90),
                            _float(data.get("Location_Y"), "Location_Y", -180, 180),
                            text_of(data.get("Label")))
        return new(message_id, kind="location", location=location)
    if raw_type == "event":
        return _event(msg, data, new, sender, str(create_time), click_keys)
    return Unsupported(raw_type or "unknown", sender, account)


def _event(msg: BaseMessage, data: dict[str, Any], new: Callable[..., InboundMessage],
           sender: str, create_time: str, click_keys: frozenset[str]
           ) -> InboundMessage | Ignored:
    event = str(getattr(msg, "event", "") or data.get("Event", "")).lower()
    # Events carry no MsgId: FromUserName + CreateTime (+ the event) identify a retry.
    message_id = f"{sender}:{create_time}:{event}"
    if event in ("subscribe", "subscribe_scan"):
        return new(message_id, kind="event", event="subscribe")
    if event == "unsubscribe":
        return new(message_id, kind="event", event="unsubscribe")
    if event == "click":
        key = str(data.get("EventKey") or "")
        if key in click_keys:
            return new(message_id, kind="event", event=f"menu:{key}")
        return Ignored("click:unknown-key")
    if event == "location":
        location = Location(_float(data.get("Latitude"), "Latitude", -90, 90),
                            _float(data.get("Longitude"), "Longitude", -180, 180))
        return new(message_id, kind="event", event="location", location=location)
    return Ignored(event[:40] or "unnamed")
