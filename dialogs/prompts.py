"""The bot's sentences, loaded from config/prompts.toml, rendered per channel.

Code refers to sentences by key only; the county edits the wording in the TOML file. Loading
checks the file's shape so that a typo is a clear error at start, not a crash at the first
message.
"""

from __future__ import annotations

import functools
import re
import string
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dialogs.api import Say

CHANNELS = ("wechat", "sms", "qq", "weibo", "web", "cli")
SMS_LIMIT = 134  # two concatenated UCS-2 segments (2 x 67 characters)
_ENTRY_KEYS = {"text", "short", "choices", "variants"}
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


class PromptError(ValueError):
    """prompts.toml is missing a sentence or is malformed."""


@dataclass(frozen=True, slots=True)
class Prompt:
    text: str
    short: str
    choices: tuple[str, ...]
    variants: tuple[str, ...] = ()


class _Keep(dict[str, Any]):
    """format_map dict that leaves unknown placeholders (e.g. {case_number}) as they are."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(template: str, values: Mapping[str, Any]) -> str:
    if "{" not in template and "}" not in template:  # most sentences: nothing to fill
        return template
    return template.format_map(_Keep(values))


def _check_template(where: str, s: object) -> str:
    if not isinstance(s, str) or not s.strip():
        raise PromptError(f"prompts: {where} must be a non-empty string")
    try:
        for _, name, spec, conv in string.Formatter().parse(s):
            if name is not None and (not re.fullmatch(r"[a-z_]+", name) or spec or conv):
                raise PromptError(f"prompts: {where}: bad placeholder {{{name}}}")
    except ValueError as e:  # unbalanced braces
        raise PromptError(f"prompts: {where}: {e}") from e
    return s


def _entry(where: str, raw: Mapping[str, Any], base: Prompt | None = None) -> Prompt:
    unknown = set(raw) - _ENTRY_KEYS - (set(CHANNELS) if base is None else set())
    if unknown:
        raise PromptError(f"prompts: [{where}] has unknown keys {sorted(unknown)}")
    if "text" in raw or base is None:
        text = _check_template(f"[{where}].text", raw.get("text"))
    else:
        text = base.text
    short = _check_template(f"[{where}].short", raw["short"]) if "short" in raw else ""
    # An override's own text is its SMS text only for [key.sms]; other channels never send
    # the short variant, so they keep the base one (which is checked for length).
    if not short and base is not None and ("text" not in raw or not where.endswith(".sms")):
        short = base.short
    choices = raw.get("choices", base.choices if base else ())
    variants = raw.get("variants", base.variants if base else ())
    for name, lst in (("choices", choices), ("variants", variants)):
        if not isinstance(lst, list | tuple) or not all(isinstance(c, str) and c for c in lst):
            raise PromptError(f"prompts: [{where}].{name} must be a list of strings")
    return Prompt(text, short or text, tuple(choices), tuple(variants))


class Prompts:
    def __init__(self, raw: Mapping[str, Any]):
        self._entries: dict[str, dict[str, Prompt]] = {}
        words = raw.get("words", {})
        if not isinstance(words, dict):
            raise PromptError("prompts: [words] must be a table")
        self.words: dict[str, Any] = dict(words)
        for key, value in raw.items():
            if key == "words":
                continue
            if not isinstance(value, dict):
                raise PromptError(f"prompts: {key!r} must be a table like [{key}]")
            base = _entry(key, value)
            per = {"": base}
            for ch in CHANNELS:
                if ch in value:
                    if not isinstance(value[ch], dict):
                        raise PromptError(f"prompts: [{key}.{ch}] must be a table")
                    per[ch] = _entry(f"{key}.{ch}", value[ch], base)
            self._entries[key] = per
        # Sentences with values: the same values come back (a town, a field list) and a Say is
        # immutable, so rendered ones are kept (bounded).
        self._said: dict[Any, Say] = {}
        # Most sentences are said without values: each channel's Say is made once.
        self._plain: dict[str, dict[str, Say]] = {
            key: {ch: self._render(p, {}) for ch, p in per.items()}
            for key, per in self._entries.items()
        }

    @classmethod
    def from_toml(cls, path: Path) -> Prompts:
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as e:
            raise PromptError(f"{path}: cannot read prompts: {e}") from e
        return cls(raw)

    def require(self, keys: Iterable[str], words: Iterable[str] = ()) -> None:
        missing = sorted(k for k in set(keys) if k not in self._entries)
        missing_words = sorted(w for w in set(words) if not isinstance(self.words.get(w), str))
        if missing or missing_words:
            raise PromptError(
                "prompts.toml lacks "
                + ", ".join([f"[{k}]" for k in missing] + [f"words.{w}" for w in missing_words])
            )

    def keys(self) -> list[str]:
        return sorted(self._entries)

    def get(self, key: str, channel: str = "") -> Prompt:
        per = self._entries[key]
        return per.get(channel, per[""])

    def word(self, key: str) -> str:
        return str(self.words[key])

    def status_name(self, status: str) -> str:
        table = self.words.get("status", {})
        return str(table.get(status, status)) if isinstance(table, dict) else status

    def say(self, key: str, channel: str = "", **values: Any) -> Say:
        if not values:
            per = self._plain[key]
            return per.get(channel) or per[""]
        try:
            memo_key: Any = (key, channel, *values.items())
            return self._said[memo_key]
        except KeyError:
            pass
        except TypeError:  # a value that cannot be a key: rendered every time
            return self._render(self.get(key, channel), values)
        said = self._render(self.get(key, channel), values)
        if len(self._said) >= _SAID_MAX:
            self._said.clear()
        self._said[memo_key] = said
        return said

    @staticmethod
    def _render(p: Prompt, values: Mapping[str, Any]) -> Say:
        text = fill(p.text, values)
        return Say(text, text if p.short == p.text else fill(p.short, values), p.choices)

    def placeholders(self, key: str) -> set[str]:
        out: set[str] = set()
        for p in self._entries[key].values():
            out |= set(_PLACEHOLDER.findall(p.text)) | set(_PLACEHOLDER.findall(p.short))
        return out


def join(parts: Iterable[Say]) -> Say | None:
    """One reply from several pieces (ack + question): texts run on, last choices win."""
    parts = tuple(parts)
    if len(parts) == 1:
        return parts[0] if parts[0].text and parts[0].short else _join(parts)
    return _join(parts)


@functools.lru_cache(maxsize=1024)  # Says are immutable; the same pieces come together often
def _join(parts: tuple[Say, ...]) -> Say | None:
    items = [p for p in parts if p.text]
    if not items:
        return None
    if len(items) == 1 and items[0].short:
        return items[0]  # (a Say is immutable)
    text = _concat([p.text for p in items])
    short = _concat([p.short or p.text for p in items])
    choices: tuple[str, ...] = ()
    for p in items:
        if p.choices:
            choices = p.choices
    return Say(text, short, choices)


_SAID_MAX = 4096


def _concat(pieces: Iterable[str]) -> str:
    out = ""
    for piece in pieces:
        if out and not out.endswith(("\n", "：", ":")) and len(out) > 60:
            out += "\n"
        out += piece
    return out
