"""Reading JSON that strangers send: every JSON endpoint parses its body here.

orjson refuses what must never reach Redis keys or documents, with a reason that is safe to
log: malformed JSON, bytes that are not UTF-8, lone surrogates (`"\\ud800"`, which Python's json
accepts and every later `.encode()` chokes on), NaN/Infinity. Nesting deeper than MAX_DEPTH is
refused too (orjson's own limit is 1024; nothing the bot reads is nested more than a few
levels). Callers answer BadJson with a 400.
"""

from __future__ import annotations

import re
from typing import Any

import orjson

MAX_DEPTH = 32
_SURROGATE = re.compile("[\ud800-\udfff]")


class BadJson(ValueError):
    """The body is not JSON the bot accepts; `reason` names why, without quoting it."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


def loads(raw: bytes | str) -> Any:
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        text = str(exc)
        if "depth" in text or "recursion" in text.lower():
            raise BadJson("JSON nested too deeply") from None
        if "surrogate" in text or "UTF-8" in text:
            raise BadJson("body is not valid UTF-8 JSON (lone surrogate or bad bytes)") from None
        raise BadJson("body is not valid JSON") from None
    if _depth_exceeds(value, MAX_DEPTH):
        raise BadJson("JSON nested too deeply")
    return value


def _depth_exceeds(value: Any, limit: int) -> bool:
    """True when `value` nests lists/objects more than `limit` levels (iterative: no recursion
    for an attacker to exhaust)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children
                     if isinstance(child, (dict, list)))
    return False


def clean_text(value: str) -> str:
    """`value` with every surrogate code point replaced by U+FFFD: for text that did not come
    through `loads` (headers and query strings are decoded with surrogateescape)."""
    return _SURROGATE.sub("\ufffd", value) if _SURROGATE.search(value) else value
