"""The normalized message types every channel shares, and the callback a channel is given.

This is the channel contract: it lives in bot/ so that nothing in bot/ imports channels/; every
adapter in channels/ imports it from here."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Protocol

CHANNELS = ("wechat", "sms", "qq", "weibo", "web", "cli")


@dataclass(frozen=True, slots=True)
class Location:
    lat: float
    lon: float
    label: str = ""


@dataclass(frozen=True, slots=True)
class Attachment:
    kind: str  # image | voice | video | file | link
    ref: str  # platform media id or URL
    name: str = ""
    stored_path: str = ""  # set once the file is saved under the data dir


@dataclass(frozen=True, slots=True)
class InboundMessage:
    """One thing a citizen did on a channel, whatever the platform.

    `kind` is "text" for typed text (also voice with recognition), "voice" for voice without
    text, "media" for images/video/files/links, "location", or "event" (then `event` names it:
    "subscribe", "unsubscribe", "menu:<key>").
    """

    channel: str
    sender: str  # platform user id (openid, phone number, QQ openid, web token id)
    message_id: str  # platform message id used to dedupe retries; unique per sender
    text: str = ""
    kind: str = "text"
    event: str = ""
    location: Location | None = None
    attachments: tuple[Attachment, ...] = ()
    received_at: float = 0.0  # unix time of arrival at our server
    group: str = ""  # QQ group openid for group @-messages
    reply_context: dict[str, str] = field(default_factory=dict)  # e.g. QQ msg_id for replies
    # A signed request that may carry only this message (WeChat's signature+timestamp+nonce):
    # (key, digest of the message's identity, seconds to remember it). The pipeline binds it in
    # the same Redis script that begins the turn (bot/store.py), so that a turn waits for one
    # durable write fewer; a request already bound to another message raises Replayed.
    request_binding: tuple[str, str, int] | None = None
    # The one definition of "which conversation": channel + sender (+ group), hashed so that
    # phone numbers and openids never appear in Redis key names or logs. Computed once.
    conversation_key: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "conversation_key",
                           conversation_key(self.channel, self.sender, self.group))


def conversation_key(channel: str, sender: str, group: str = "") -> str:
    raw = f"{channel}\x1f{group}\x1f{sender}".encode()
    return channel + ":" + hashlib.sha256(raw).hexdigest()[:24]


@dataclass(frozen=True, slots=True)
class Reply:
    text: str
    short: str = ""  # SMS variant (fits 2 UCS-2 segments where possible); "" = use text
    choices: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TurnResult:
    replies: tuple[Reply, ...]
    state: str = ""
    expecting: str | None = None
    duplicate: bool = False  # a platform retry: these replies were given before
    silent: bool = False  # a person owns the conversation, or the citizen opted out
    in_flight: bool = False  # a retry of a message whose first delivery is still being handled


class Handler(Protocol):
    """What a channel calls for every inbound message (the bot's pipeline)."""

    async def __call__(self, message: InboundMessage) -> TurnResult: ...


class Sender(Protocol):
    """Pushes a message to a citizen outside a reply (staff replies, case status updates).

    `meta` is the conversation's meta (channel, sender, group, reply_context, last_seen).
    Returns False where the platform does not allow it now (e.g. QQ, or WeChat after 48 h).
    """

    async def send(self, meta: dict[str, object], reply: Reply) -> bool: ...
