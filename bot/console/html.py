"""A tiny HTML helper: everything is escaped unless it is already `Markup`.

No template engine: pages are small functions that join escaped fragments, so a value from a
citizen can never become markup.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any


class Markup(str):
    """A string known to be safe HTML; `+` keeps it safe by escaping a plain string."""

    def __add__(self, other: str) -> Markup:
        return Markup(str.__add__(self, esc(other)))

    def __radd__(self, other: str) -> Markup:
        return Markup(str.__add__(esc(other), self))


def esc(value: Any) -> Markup:
    if isinstance(value, Markup):
        return value
    return Markup(html.escape("" if value is None else str(value), quote=True))


def join(parts: Iterable[Any]) -> Markup:
    return Markup("".join(esc(p) for p in parts))


def el(tag: str, *children: Any, **attrs: Any) -> Markup:
    """`el("a", "text", href="/x", class_="c")`; attribute False/None is omitted, True is bare."""
    rendered = []
    for name, value in attrs.items():
        if value is None or value is False:
            continue
        name = name.rstrip("_").replace("_", "-")
        rendered.append(f" {name}" if value is True else f' {name}="{esc(value)}"')
    open_tag = f"<{tag}{''.join(rendered)}>"
    if tag in ("input", "meta", "link", "br", "hr"):
        return Markup(open_tag)
    return Markup("".join((open_tag, join(children), f"</{tag}>")))


def options(choices: Iterable[tuple[str, str]], selected: str) -> Markup:
    return join(el("option", label, value=value, selected=value == selected)
                for value, label in choices)
