"""Turning replies into SMS text: segment arithmetic, numbered choices, fitting, packing.

An SMS is GSM-7 (160 characters alone, 153 per part of a long message) unless one character is
outside that alphabet; then the whole message is UCS-2 (70 alone, 67 per part), which is always
the case for Chinese. Carriers bill per part, so a reply should fit two parts where possible
(134 Chinese characters); Twilio refuses bodies over 1,600 characters, which is the hard cap.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.messages import Reply

# GSM 03.38 basic character set and its extension table (extension characters cost two septets).
_GSM_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")
_GSM_EXT = set("^{}\\[~]|€\f")

MAX_CHARS = 1600  # Twilio's limit on a message body
TARGET_SEGMENTS = 2


def is_gsm7(text: str) -> bool:
    return all(ch in _GSM_BASIC or ch in _GSM_EXT for ch in text)


def units(text: str) -> int:
    """Length in the units segments are counted in (septets, or UTF-16 code units)."""
    if is_gsm7(text):
        return sum(2 if ch in _GSM_EXT else 1 for ch in text)
    return len(text.encode("utf-16-le")) // 2


def segments(text: str) -> int:
    """How many SMS parts the text is sent as (0 for empty text)."""
    n = units(text)
    if n == 0:
        return 0
    single, part = (160, 153) if is_gsm7(text) else (70, 67)
    return 1 if n <= single else -(-n // part)


def fits(text: str, max_segments: int = TARGET_SEGMENTS) -> bool:
    return segments(text) <= max_segments and len(text) <= MAX_CHARS


@dataclass(frozen=True, slots=True)
class ChoiceStyle:
    """How choices are shown (from config/sms.toml): `item` is e.g. "{n} {label}"."""

    item: str = "{n} {label}"
    separator: str = " "


def numbered(choices: Sequence[str]) -> bool:
    """Choices that are themselves numbers (a 1-5 rating) are not numbered again:
    "1 5 2 4" would only confuse, and the prompt already says what to reply."""
    return bool(choices) and not all(c.strip().isdigit() for c in choices)


def render(reply: Reply, style: ChoiceStyle = ChoiceStyle()) -> str:
    """One reply as SMS text: the short variant (else the text), then the numbered choices."""
    body = (reply.short or reply.text).strip()
    if numbered(reply.choices):
        line = style.separator.join(style.item.format(n=i, label=c)
                                    for i, c in enumerate(reply.choices, 1))
        body = f"{body}\n{line}" if body else line
    return cap(body)


def cap(text: str, limit: int = MAX_CHARS) -> str:
    """Never more than `limit` characters; cut after the last sentence end that fits."""
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    ends = [cut.rfind(p) for p in "。！？；\n.!?"]
    best = max(ends)
    if best >= limit // 2:
        cut = cut[:best + 1]
    return cut.rstrip() + "…"


def pack(texts: Sequence[str], max_segments: int = TARGET_SEGMENTS) -> list[str]:
    """Join consecutive texts into as few messages as possible, each within `max_segments`
    where possible (a text that is longer on its own is sent alone, capped)."""
    out: list[str] = []
    for text in texts:
        if not text:
            continue
        if out and fits(out[-1] + "\n" + text, max_segments):
            out[-1] = out[-1] + "\n" + text
        else:
            out.append(cap(text))
    return out


def render_all(replies: Sequence[Reply], style: ChoiceStyle = ChoiceStyle()) -> list[str]:
    return pack([render(r, style) for r in replies])
