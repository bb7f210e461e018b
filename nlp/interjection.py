"""An exclamation at the head of a message (乖乖隆地咚, 我的个乖乖, 哎呀妈呀, 老天爷啊, 唉呀我的天呐,
哎呦我去): how the citizen feels about telling it, not part of the account.

A grammar, closed on purpose (interjections are a small set, dialect ones included): one or more
interjections, each with an optional particle, then a pause (comma, space, ！, ~). A word that only
looks like one and runs on into the sentence (天天, 妈妈的养老金, 老天爷都看不下去了, 我去了三趟) is
not cut: the pause is required.
"""

from __future__ import annotations

import re

_ONE = (r"(?:乖乖(?:隆地咚|隆的咚|龙地咚|隆嘚咚|隆咚)?|我(?:的|滴|嘞)个?乖乖|哎呀妈呀|我的妈呀|我(?:的|滴)妈|妈呀|"
        r"我(?:的|滴)个?天(?:呐|哪|啊|哪|老爷)?|天哪|天呐|天啊|老天爷|天老爷|"
        r"哎哟喂|哎呦喂|哎哟|哎呦|哎呀|唉呀|唉哟|哎|唉|嗨|咳|啊呀|哇塞|我去|卧槽|要命)")
_HEAD = re.compile(rf"^(?:{_ONE}(?:啊|呀|哟|喂|呐|哪|嘞|了)?)+[，,！!。.~～\s]+")


def without_exclamation(text: str) -> str:
    """`text` without the exclamations at its head (module docstring); unchanged when nothing
    follows them."""
    m = _HEAD.match(text)
    if m is None or not text[m.end():].strip():
        return text
    return text[m.end():]
