"""Loading the service's own sentences (config/system.toml)."""

from __future__ import annotations

from pathlib import Path

from bot.messages import Reply
from nlp.configfile import read_toml


def load_system_prompts(config_dir: Path) -> dict[str, Reply]:
    data = read_toml(config_dir / "system.toml")
    return {name: Reply(text=v["text"], short=v.get("short", "")) for name, v in data.items()}
