"""The console's words (config/console.toml, zh-CN) and display rules, loaded once."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any


class ConsoleText:
    """`t("section.key", **values)` -> the configured sentence with placeholders filled."""

    def __init__(self, data: dict[str, Any]):
        self.data = data

    @classmethod
    def load(cls, config_dir: Path) -> ConsoleText:
        path = config_dir / "console.toml"
        return cls(tomllib.loads(path.read_text(encoding="utf-8")))

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
