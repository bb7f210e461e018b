"""QQ webhook payloads -> normalized messages (one parser per event type, real payloads in
tests/channels/fixtures/qq/)."""

from __future__ import annotations

import re
import time
from typing import Any

from bot.messages import Attachment, InboundMessage

C2C = "C2C_MESSAGE_CREATE"
GROUP_AT = "GROUP_AT_MESSAGE_CREATE"
EVENTS = (C2C, GROUP_AT)
MAX_TEXT = 10_000
PLAIN_TOKEN = re.compile(r"^[A-Za-z0-9]{1,64}$")
EVENT_TS = re.compile(r"^[0-9]{1,20}$")
_OPENID = re.compile(r"^[A-Za-z0-9_-]{1,128}$")
_MENTION = re.compile(r"^\s*(?:<@!?[A-Za-z0-9_-]+>\s*)+")


def parse_validation(d: Any) -> tuple[str, str] | str:
    """op 13 `d` -> (plain_token, event_ts), or what is wrong with it."""
    if not isinstance(d, dict):
        return "d must be an object"
    token, ts = d.get("plain_token"), d.get("event_ts")
    if not isinstance(token, str) or not PLAIN_TOKEN.match(token):
        return "plain_token must be 1-64 letters and digits"
    if isinstance(ts, int) and not isinstance(ts, bool):
        ts = str(ts)
    if not isinstance(ts, str) or not EVENT_TS.match(ts):
        return "event_ts must be a unix timestamp"
    return token, ts


def parse_message(event: str, d: Any) -> InboundMessage | str:
    """op 0 `d` of C2C_MESSAGE_CREATE / GROUP_AT_MESSAGE_CREATE -> InboundMessage, or an error."""
    if not isinstance(d, dict):
        return "d must be an object"
    msg_id = d.get("id")
    if not isinstance(msg_id, str) or not 0 < len(msg_id) <= 256:
        return "d.id missing"
    author = d.get("author")
    if not isinstance(author, dict):
        return "d.author missing"
    group: Any = ""
    if event == GROUP_AT:
        sender, group = author.get("member_openid"), d.get("group_openid")
        if not isinstance(group, str) or not _OPENID.match(group):
            return "d.group_openid missing"
    else:
        sender = author.get("user_openid")
    if not isinstance(sender, str) or not _OPENID.match(sender):
        return "author openid missing"
    content = d.get("content", "")
    if not isinstance(content, str) or len(content) > MAX_TEXT:
        return "d.content must be a string"
    text = _MENTION.sub("", content).strip() if group else content.strip()
    attachments = parse_attachments(d.get("attachments"))
    if isinstance(attachments, str):
        return attachments
    kind = "text"
    if not text and attachments:
        kind = "voice" if all(a.kind == "voice" for a in attachments) else "media"
    return InboundMessage(channel="qq", sender=sender, group=group, message_id=msg_id,
                          text=text, kind=kind, attachments=attachments,
                          received_at=time.time(), reply_context={"msg_id": msg_id})


def parse_attachments(raw: Any) -> tuple[Attachment, ...] | str:
    if raw is None:
        return ()
    if not isinstance(raw, list) or len(raw) > 20:
        return "d.attachments must be a list"
    out = []
    for item in raw:
        if not isinstance(item, dict) or not isinstance(item.get("url", ""), str):
            return "attachment must be an object with a url"
        url = item.get("url", "")
        if url and "://" not in url:
            url = "https://" + url  # the platform sometimes omits the scheme
        ctype = str(item.get("content_type", ""))
        out.append(Attachment(kind=_kind(ctype), ref=url, name=str(item.get("filename", ""))))
    return tuple(out)


def _kind(content_type: str) -> str:
    major = content_type.split("/", 1)[0].lower()
    return {"image": "image", "voice": "voice", "audio": "voice", "video": "video"}.get(
        major, "file")
