"""The console's words (config/console.toml, zh-CN) and display rules, loaded once."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

# How the console's code names its sentences: t("<section>.<key>"), text(...), and the
# flash sentence of an action's Outcome("<key>").
_KEY_USE = re.compile(r'\b(?:t|text)\("([a-z_]+\.[a-z_0-9]+)"')
_FLASH_USE = re.compile(r'\bOutcome\("([a-z_]+)"')
# Keys built at run time, by section: every value the code can produce.
DYNAMIC = {
    "roles": ("reviewer", "admin"),
    "colors": ("blue", "yellow", "orange", "red", "none"),
    "reasons": ("low_confidence", "asked_for_person", "stuck", "dead_letter",
                "lawyer_appointment", "other"),
    "kinds": ("handoff", "review", "dead"),
    "close_reasons": ("not_petition",),
    "legal_choices": ("register", "lawyer"),
}


class ConsoleTextError(ValueError):
    pass


class ConsoleText:
    """`t("<section>.<key>", **values)` -> the configured sentence with placeholders filled."""

    def __init__(self, data: dict[str, Any]):
        self.data = data

    @classmethod
    def load(cls, config_dir: Path, sources: Iterable[Path] = ()) -> ConsoleText:
        """Read config/console.toml; refuse it when a sentence the code in `sources` uses is
        missing, so a bad edit stops the start with the keys named, not a page with a 500."""
        path = config_dir / "console.toml"
        try:
            text = cls(tomllib.loads(path.read_text(encoding="utf-8")))
        except tomllib.TOMLDecodeError as exc:
            raise ConsoleTextError(f"{path}: not valid TOML ({exc})") from exc
        missing = sorted(k for k in text.used_keys(sources) if not text.has(k))
        if missing:
            raise ConsoleTextError(f"{path}: missing " + ", ".join(missing))
        return text

    @staticmethod
    def used_keys(sources: Iterable[Path]) -> set[str]:
        used = {f"{section}.{name}" for section, names in DYNAMIC.items() for name in names}
        for source in sources:
            code = source.read_text(encoding="utf-8")
            used.update(_KEY_USE.findall(code))
            used.update(f"flash.{k}" for k in _FLASH_USE.findall(code))
        return used

    def section(self, name: str) -> dict[str, Any]:
        value = self.data.get(name, {})
        return value if isinstance(value, dict) else {}

    def has(self, key: str) -> bool:
        section, _, name = key.partition(".")
        return isinstance(self.section(section).get(name), str)

    def __call__(self, key: str, **values: Any) -> str:
        section, _, name = key.partition(".")
        text = self.section(section).get(name)
        if not isinstance(text, str):
            raise KeyError(f"config/console.toml has no [{section}] {name}")
        return text.format(**values) if values else text

    def number(self, key: str, default: float) -> float:
        section, _, name = key.partition(".")
        value = self.section(section).get(name, default)
        return float(value) if isinstance(value, (int, float)) else default
