"""From a Weibo 粉丝服务平台 push to one InboundMessage: signature, freshness, JSON, mapping.

Every request (the URL check and each push) carries `signature`, `timestamp` and `nonce` in the
query string. The signature is SHA-1 over the app secret, timestamp and nonce, sorted and
concatenated (the access guide, open.weibo.com/wiki/Messages_api_start); it is compared in
constant time. Weibo's timestamps are milliseconds.

Pushes are JSON (the platform's default; its WeChat-compatible XML mode is refused with 415):
`type` text | position | voice | image | event, `sender_id` (the citizen), `receiver_id` (our
account), `created_at`, `text`, `data`. Weibo gives no message id; the docs recommend
sender_id + created_at to spot retries. created_at has one-second resolution, so the id here
also carries a digest of the whole payload: a retry (the same payload) keeps its id, two
different messages in the same second do not share one.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import time
from collections.abc import Callable
from typing import Any

import orjson

from bot import jsonbody
from bot.messages import Attachment, InboundMessage, Location
from channels.inbound_outcomes import Ignored, Rejected, Unsupported

CHANNEL = "weibo"
MAX_TEXT = 10_000
MAX_ID_DIGITS = 20  # int64
# Events that start, end or steer a conversation; others (scan, view, mention...) are ignored.
FOLLOW = ("follow", "subscribe", "scan_follow")
UNFOLLOW = ("unfollow", "unsubscribe")


def sign(app_secret: str, timestamp: str, nonce: str) -> str:
    """Weibo's signature: SHA-1 of the three strings sorted and concatenated."""
    return hashlib.sha1("".join(sorted((app_secret, timestamp, nonce))).encode()).hexdigest()


def check_query(query: Any, app_secret: str, replay_window: int,
                now: float | None = None) -> None:
    """The URL part of every request: signature and timestamp age. Raises Rejected(403)."""
    signature = query.get("signature", "")
    timestamp = query.get("timestamp", "")
    nonce = query.get("nonce", "")
    if not (signature and timestamp and nonce):
        raise Rejected(403, "missing signature, timestamp or nonce")
    if len(timestamp) > 16 or not timestamp.isascii() or not timestamp.isdigit():
        raise Rejected(403, "malformed timestamp")
    if len(nonce) > 64 or len(signature) > 64:
        raise Rejected(403, "malformed nonce or signature")
    if replay_window > 0:
        now_ms = (time.time() if now is None else now) * 1000
        if abs(now_ms - int(timestamp)) > replay_window * 1000:
            raise Rejected(403, "timestamp outside the replay window")
    expected = sign(app_secret, timestamp, nonce)
    if not hmac.compare_digest(expected.encode(), signature.encode("utf-8", "replace")):
        raise Rejected(403, "bad signature")


def request_digest(query: Any) -> str:
    """Which signed request this is (its signature, timestamp and nonce), for the nonce memory."""
    raw = "\x1f".join(query.get(k, "") for k in ("signature", "timestamp", "nonce"))
    return hashlib.sha256(raw.encode("utf-8", "replace")).hexdigest()[:32]


def parse_body(body: bytes) -> dict[str, Any]:
    """The push's JSON object. XML (the platform's WeChat-compatible mode) is 415; anything
    else that is not one JSON object (malformed, too deep, invalid UTF-8) is 400."""
    if body.lstrip()[:1] == b"<":
        raise Rejected(415, "XML pushes are not supported: set the platform to JSON")
    try:
        payload = jsonbody.loads(body)  # also refuses nesting the message id could not encode
    except jsonbody.BadJson as exc:
        raise Rejected(400, exc.reason) from None
    if not isinstance(payload, dict):
        raise Rejected(400, "body must be a JSON object")
    return payload


def _user_id(value: Any, what: str) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise Rejected(400, f"{what} missing")
    text = str(value)
    if not text.isascii() or not text.isdigit() or len(text) > MAX_ID_DIGITS or text == "0":
        raise Rejected(400, f"{what} must be a Weibo user id")
    return text


def _text(value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise Rejected(400, "text must be a string")
    if len(value) > MAX_TEXT:
        raise Rejected(400, "text too long")
    return value


def _coordinate(value: Any, what: str, limit: float) -> float:
    if isinstance(value, bool):
        raise Rejected(400, f"{what} is not a number")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise Rejected(400, f"{what} is not a number") from None
    if not math.isfinite(number) or not -limit <= number <= limit:
        raise Rejected(400, f"{what} out of range")
    return number


def _media_ref(data: dict[str, Any]) -> str:
    # tovfid: the id with which the receiver (our account) fetches the file (2/mss/msget).
    ref = data.get("tovfid", data.get("vfid"))
    if isinstance(ref, bool) or not isinstance(ref, (int, str)) or not str(ref).strip():
        raise Rejected(400, "media message without tovfid")
    text = str(ref).strip()
    if len(text) > 64:
        raise Rejected(400, "tovfid too long")
    return text


def message_id(payload: dict[str, Any], sender: str, created_at: str, kind: str) -> str:
    digest = hashlib.sha256(orjson.dumps(payload, option=orjson.OPT_SORT_KEYS)).hexdigest()[:16]
    return f"{sender}:{created_at}:{kind}:{digest}"


def map_push(payload: dict[str, Any], *, menu_keys: frozenset[str],
             received_at: float | None = None) -> InboundMessage | Ignored | Unsupported:
    """Map one push to the normalized message."""
    raw_type = payload.get("type")
    if not isinstance(raw_type, str) or not raw_type or len(raw_type) > 32:
        raise Rejected(400, "not a Weibo push (no type)")
    sender = _user_id(payload.get("sender_id"), "sender_id")
    account = _user_id(payload.get("receiver_id"), "receiver_id")
    created_at = payload.get("created_at")
    if not isinstance(created_at, (str, int)) or isinstance(created_at, bool) \
            or not 0 < len(str(created_at)) <= 64:
        raise Rejected(400, "created_at missing")
    data = payload.get("data")
    if data is None or data == "":
        data = {}
    if not isinstance(data, dict):
        raise Rejected(400, "data must be an object")
    text = _text(payload.get("text"))
    kind = raw_type.lower()
    arrival = received_at or time.time()

    def new(subkind: str, **fields: Any) -> InboundMessage:
        # reply_context keeps our own account id (receiver_id) for passive replies.
        return InboundMessage(channel=CHANNEL, sender=sender,
                              message_id=message_id(payload, sender, str(created_at), subkind),
                              received_at=arrival, reply_context={"account": account}, **fields)

    if kind == "text":
        return new("text", text=text)
    if kind == "position":
        location = Location(_coordinate(data.get("latitude"), "latitude", 90),
                            _coordinate(data.get("longitude"), "longitude", 180),
                            text.strip()[:200])
        return new("position", kind="location", location=location)
    if kind == "voice":
        return new("voice", kind="voice", attachments=(Attachment("voice", _media_ref(data)),))
    if kind == "image":
        return new("image", kind="media", attachments=(Attachment("image", _media_ref(data)),))
    if kind == "event":
        return _event(data, new, menu_keys)
    return Unsupported(kind, sender, account)


def _event(data: dict[str, Any], new: Callable[..., InboundMessage], menu_keys: frozenset[str]
           ) -> InboundMessage | Ignored:
    subtype = data.get("subtype")
    if not isinstance(subtype, str) or not subtype or len(subtype) > 40:
        raise Rejected(400, "event without subtype")
    subtype = subtype.lower()
    if subtype in FOLLOW:
        return new(subtype, kind="event", event="subscribe")
    if subtype in UNFOLLOW:
        return new(subtype, kind="event", event="unsubscribe")
    if subtype == "click":
        key = data.get("key")
        if isinstance(key, str) and key in menu_keys:
            return new(subtype, kind="event", event=f"menu:{key}")
        return Ignored("click:unknown-key")
    return Ignored(subtype)


def read_push(body: bytes, *, menu_keys: frozenset[str], received_at: float | None = None
              ) -> InboundMessage | Ignored | Unsupported:
    """`map_push(parse_body(body))`: the request path."""
    return map_push(parse_body(body), menu_keys=menu_keys, received_at=received_at)
