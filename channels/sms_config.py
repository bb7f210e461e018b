"""config/sms.toml: the SMS channel's own sentences, keywords and choice style, checked at start."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bot.settings import SettingsError
from channels.sms_text import ChoiceStyle, fits
from nlp.configfile import read_toml

SENTENCES = ("help", "opted_out", "opted_in")
_STRIP = re.compile(r"^[\s\W_]+|[\s\W_]+$", re.UNICODE)


class SmsConfigError(SettingsError):
    """A problem in config/sms.toml, reported like any other configuration problem."""

    def __init__(self, problem: str):
        super().__init__([problem])


@dataclass(frozen=True)
class SmsConfig:
    office_phone: str
    style: ChoiceStyle
    stop: frozenset[str]
    start: frozenset[str]
    help: frozenset[str]
    sentences: dict[str, str]

    def keyword(self, text: str) -> str | None:
        """"stop", "start", "help" when the whole message is such a keyword, else None."""
        word = normalize(text)
        if not word or len(word) > 20:
            return None
        for kind, words in (("stop", self.stop), ("start", self.start), ("help", self.help)):
            if word in words:
                return kind
        return None

    def say(self, name: str) -> str:
        return self.sentences[name]


def normalize(text: str) -> str:
    return " ".join(_STRIP.sub("", text).split()).upper()


def load_sms_config(config_dir: Path) -> SmsConfig:
    path = config_dir / "sms.toml"
    data = read_toml(path, error=SmsConfigError)
    phone = str(data.get("office_phone", "")).strip()
    if not phone:
        raise SmsConfigError(f"{path}: office_phone is required")
    choices = data.get("choices", {})
    style = ChoiceStyle(item=str(choices.get("item", "{n} {label}")),
                        separator=str(choices.get("separator", " ")))
    if "{n}" not in style.item or "{label}" not in style.item:
        raise SmsConfigError(f"{path}: [choices] item needs {{n}} and {{label}}")
    kw = data.get("keywords", {})
    sets = {}
    for kind in ("stop", "start", "help"):
        words = kw.get(kind)
        if not isinstance(words, list) or not words:
            raise SmsConfigError(f"{path}: [keywords] {kind} must be a non-empty list")
        sets[kind] = frozenset(normalize(str(w)) for w in words)
    raw = data.get("sentences", {})
    sentences = {}
    for name in SENTENCES:
        text = raw.get(name)
        if not isinstance(text, str) or not text.strip():
            raise SmsConfigError(f"{path}: [sentences] {name} is required")
        try:
            filled = text.format(office_phone=phone)
        except (KeyError, IndexError, ValueError) as exc:
            raise SmsConfigError(f"{path}: [sentences] {name}: bad placeholder ({exc})") from exc
        if not fits(filled):
            raise SmsConfigError(f"{path}: [sentences] {name} is longer than two SMS segments")
        sentences[name] = filled
    return SmsConfig(office_phone=phone, style=style, stop=sets["stop"], start=sets["start"],
                     help=sets["help"], sentences=sentences)
