"""From a WeChat POST to one InboundMessage: signatures, freshness, 安全模式, safe XML, mapping.

Order of checks (each refusal changes nothing): `signature` over (token, timestamp, nonce) and the
timestamp's age come from the query string and are checked before the body is read; then the
body is parsed by `parse_xml`: expat, read as UTF-8, with the guards defusedxml sets (a DOCTYPE, hence
any entity declaration, stops the parse before anything in it is read or expanded); in
安全模式/兼容模式 (`encrypt_type=aes`) `msg_signature` over the Encrypt element is checked and the
message decrypted with wechatpy's AES (AppID checked), and the plaintext is parsed the same way.
Each plaintext is parsed once: `parse_xml` builds the very dictionary that wechatpy's
`parse_message` gets from xmltodict, and `map_message` repeats parse_message's classification
on it, so the mapping sees what it saw when wechatpy parsed the message a second time.
Signatures are compared with hmac.compare_digest (wechatpy's helpers use `!=`).
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import hmac
import logging
import pyexpat
import struct
import time
from collections.abc import Callable
from typing import Any, NoReturn

from wechatpy.crypto import PrpCrypto
from wechatpy.events import EVENT_TYPES
from wechatpy.exceptions import InvalidAppIdException

from bot.messages import Attachment, InboundMessage, Location
from channels.inbound_outcomes import Ignored, Rejected, Unsupported

log = logging.getLogger("petition.wechat")

CHANNEL = "wechat"
MAX_TEXT = 10_000


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


class _Refused(Exception):
    """Raised by an expat handler: pyexpat stops the parse there and raises it from Parse."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


def _no_dtd(*_: Any) -> NoReturn:
    raise _Refused("XML with DOCTYPE or entities refused")


def _utf8_only(_version: str, encoding: str | None, _standalone: int) -> None:
    # The body is read as UTF-8 whatever it declares (as wechatpy did); a declaration of another
    # encoding would make it mean something else to other readers, so it is refused.
    if encoding is not None and encoding.lower() != "utf-8":
        raise _Refused("XML declared in an encoding other than UTF-8")


NAMESPACES_REFUSED = "XML namespaces refused"


class _Builder:
    """xmltodict's handler with the options wechatpy's `parse_message` uses (the defaults):
    attributes as "@name"; an element's text joined and stripped (None when empty), under "#text"
    when it has attributes or children; a repeated child as a list; comments and processing
    instructions dropped. WeChat uses no XML namespaces: prefixed names and xmlns are refused."""

    __slots__ = ("data", "item", "stack")

    def __init__(self) -> None:
        self.item: dict[str, Any] | None = None
        self.data: list[str] = []
        self.stack: list[tuple[dict[str, Any] | None, list[str]]] = []

    def start(self, name: str, attrs: list[str]) -> None:
        if ":" in name:
            raise _Refused(NAMESPACES_REFUSED)
        self.stack.append((self.item, self.data))
        self.data = []
        if not attrs:
            self.item = None
            return
        item: dict[str, Any] = {}
        for i in range(0, len(attrs), 2):
            key = attrs[i]
            if ":" in key or key == "xmlns":
                raise _Refused(NAMESPACES_REFUSED)
            item["@" + key] = attrs[i + 1]
        self.item = item

    def text(self, data: str) -> None:
        self.data.append(data)

    def end(self, name: str) -> None:
        text = ("".join(self.data).strip() or None) if self.data else None
        item = self.item
        self.item, self.data = self.stack.pop()
        if item is not None:
            if text:
                item["#text"] = text
            value: Any = item
        else:
            value = text
        parent = self.item
        if parent is None:
            self.item = {name: value}
        elif name not in parent:
            parent[name] = value
        elif isinstance(parent[name], list):
            parent[name].append(value)
        else:
            parent[name] = [parent[name], value]


def parse_xml(xml: bytes) -> Any:
    """One WeChat XML document, parsed once, to what `xmltodict.parse(xml)["xml"]` gives (a dict
    for a message). Refused with 400: a DOCTYPE (so any entity: the parse stops at the DOCTYPE,
    before its declarations are read), XML namespaces, a declared encoding other than UTF-8,
    malformed XML or bytes that are not UTF-8, a root other than <xml>."""
    if b"\0" in xml:
        # Expat reads UTF-16 when it sees it (a byte-order mark, "<" as 3C 00), whatever it was
        # told; UTF-16 XML always holds zero bytes, which UTF-8 XML never does.
        raise Rejected(400, "malformed XML (not UTF-8)")
    builder = _Builder()
    parser = pyexpat.ParserCreate("utf-8")
    parser.buffer_text = True
    parser.ordered_attributes = True
    parser.StartDoctypeDeclHandler = _no_dtd
    parser.EntityDeclHandler = _no_dtd
    parser.UnparsedEntityDeclHandler = _no_dtd
    parser.ExternalEntityRefHandler = _no_dtd
    parser.XmlDeclHandler = _utf8_only
    parser.StartElementHandler = builder.start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.text
    try:
        parser.Parse(xml, True)
    except _Refused as exc:
        raise Rejected(400, exc.reason) from None
    except pyexpat.ExpatError:
        raise Rejected(400, "malformed XML") from None
    top = builder.item
    if top is None or "xml" not in top:
        raise Rejected(400, "root element is not <xml>")
    return top["xml"]


@functools.lru_cache(maxsize=4)
def _prp_crypto(aes_key: str) -> PrpCrypto:
    # One per EncodingAESKey: it holds only the key (each decrypt makes its own decryptor).
    return PrpCrypto(base64.b64decode(aes_key + "="))


def decrypt(root: Any, query: Any, *, token: str, aes_key: str, appid: str) -> bytes:
    """安全模式/兼容模式: check msg_signature over Encrypt, decrypt, check the AppID. `root` is
    what `parse_xml` gives; Encrypt must be one element holding only text."""
    if not aes_key:
        raise Rejected(400, "encrypted message but no EncodingAESKey configured")
    encrypt = root.get("Encrypt") if isinstance(root, dict) else None
    if not encrypt or not isinstance(encrypt, str):
        raise Rejected(400, "encrypt_type=aes without an Encrypt element")
    if not signature_ok(token, query.get("msg_signature", ""), query.get("timestamp", ""),
                        query.get("nonce", ""), encrypt):
        raise Rejected(403, "bad msg_signature")
    try:
        plain = _prp_crypto(aes_key).decrypt(encrypt, appid)
    except InvalidAppIdException:
        raise Rejected(403, "encrypted for another AppID") from None
    except (ValueError, TypeError, IndexError, struct.error, binascii.Error,
            UnicodeDecodeError):
        raise Rejected(400, "Encrypt does not decrypt") from None
    return plain if isinstance(plain, bytes) else str(plain).encode("utf-8")


def read_inbound(body: bytes, query: Any, *, token: str, aes_key: str, appid: str,
                 click_keys: frozenset[str], received_at: float | None = None
                 ) -> InboundMessage | Ignored | Unsupported:
    """The normalized message of a request whose query string was already checked (decrypted
    first in 安全模式/兼容模式; the plaintext is parsed once)."""
    root = parse_xml(body)
    if query.get("encrypt_type", "raw").lower() == "aes":
        root = parse_xml(decrypt(root, query, token=token, aes_key=aes_key, appid=appid))
    return map_message(root, click_keys=click_keys, received_at=received_at)


def _float(value: Any, what: str, low: float, high: float) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise Rejected(400, f"{what} is not a number") from None
    if not low <= number <= high:
        raise Rejected(400, f"{what} out of range")
    return number


def _classify(root: Any) -> str:
    """What wechatpy's `parse_message` does after xmltodict, on the same dictionary: refuse what
    made it raise, rewrite a subscribe by QR code (qrscene_ key) or by product code as it does,
    and name the event as its event class does (another name than Event for a few, such as
    shakearoundusershake; "" when it has no class for it)."""
    message_type = root.get("MsgType") if isinstance(root, dict) else None
    if not isinstance(message_type, str):
        raise Rejected(400, "not a WeChat message")
    message_type = message_type.lower()
    device = message_type.startswith("device_")
    if message_type != "event" and not device:
        return ""
    event_type = None
    if "Event" in root:
        if not isinstance(root["Event"], str):
            raise Rejected(400, "not a WeChat message")
        event_type = root["Event"].lower()
    if device:
        event_type = message_type if event_type is None else f"device_{event_type}"
    key = root.get("EventKey")
    if event_type == "subscribe" and key:
        if not isinstance(key, str):
            raise Rejected(400, "not a WeChat message")
        if key.startswith(("scanbarcode|", "scanimage|")):
            event_type = root["Event"] = "subscribe_scan_product"
        elif key.startswith("qrscene_"):
            event_type = root["Event"] = "subscribe_scan"
            root["EventKey"] = key[len("qrscene_"):]
    return str(getattr(EVENT_TYPES.get(event_type), "event", "") or "")


def map_message(root: Any, *, click_keys: frozenset[str], received_at: float | None = None
                ) -> InboundMessage | Ignored | Unsupported:
    """Map a parsed message (`parse_xml`'s result, which is wechatpy's `parse_message(xml)._data`
    too) to the normalized message."""
    event_name = _classify(root)
    data: dict[str, Any] = root
    sender = data.get("FromUserName") or ""
    create_time = data.get("CreateTime", "")
    if not isinstance(sender, str) or not sender or len(sender) > 64:
        raise Rejected(400, "missing FromUserName")
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
        return _event(event_name, data, new, sender, str(create_time), click_keys)
    return Unsupported(raw_type or "unknown", sender, account)


def _event(event_name: str, data: dict[str, Any], new: Callable[..., InboundMessage],
           sender: str, create_time: str, click_keys: frozenset[str]
           ) -> InboundMessage | Ignored:
    event = str(event_name or data.get("Event", "")).lower()
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
