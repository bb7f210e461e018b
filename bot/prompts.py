"""Loading the service's own sentences (config/system.toml)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from bot.messages import Reply


def load_system_prompts(config_dir: Path) -> dict[str, Reply]:
    data = tomllib.loads((config_dir / "system.toml").read_text(encoding="utf-8"))
    return {name: Reply(text=v["text"], short=v.get("short", "")) for name, v in data.items()}
