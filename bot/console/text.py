"""The console's words (config/console.toml, zh-CN) and display rules, loaded once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nlp.configfile import read_toml

# Keys built at run time, by section: every value the code can produce. (The keys the code
# names literally, t("<section>.<key>") and Outcome("<key>"), are checked against
# config/console.toml by tests/bot/test_console_helpers.py.)
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
    def load(cls, config_dir: Path) -> ConsoleText:
        """Read config/console.toml; refuse it when a sentence built at run time (DYNAMIC) is
        missing, so a bad edit stops the start with the keys named, not a page with a 500."""
        path = config_dir / "console.toml"
        text = cls(read_toml(path, error=ConsoleTextError))
        missing = sorted(f"{section}.{name}" for section, names in DYNAMIC.items()
                         for name in names if not text.has(f"{section}.{name}"))
        if missing:
            raise ConsoleTextError(f"{path}: missing " + ", ".join(missing))
        return text

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
