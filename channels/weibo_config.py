"""config/weibo.toml: how replies look on Weibo, the menu keys the dialog knows, the limits.

Checked once at start-up; every problem is reported at once, naming the file and the key.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from bot.messages import Reply
from bot.settings import SettingsError
from channels.sms_text import numbered

FILE = "weibo.toml"


@dataclass(frozen=True)
class WeiboConfig:
    menu_keys: frozenset[str]
    unsupported: str
    item: str = "{n}. {label}"
    separator: str = "\n"
    intro: str = ""
    max_text_chars: int = 300

    def render(self, reply: Reply) -> str:
        """A reply as Weibo text: the sentence, then its choices numbered (plain text)."""
        text = reply.text.strip()
        if not numbered(reply.choices):
            return text
        items = self.separator.join(self.item.format(n=i, label=c)
                                    for i, c in enumerate(reply.choices, 1))
        listing = f"{self.intro}\n{items}" if self.intro else items
        return f"{text}\n{listing}" if text else listing


def load_weibo_config(config_dir: Path) -> WeiboConfig:
    path = config_dir / FILE
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SettingsError([f"{path}: cannot be read ({exc})"]) from exc
    problems: list[str] = []
    choices = data.get("choices", {})
    item = str(choices.get("item", WeiboConfig.item))
    if "{n}" not in item or "{label}" not in item:
        problems.append(f"{path}: [choices] item needs {{n}} and {{label}}")
    keys = data.get("menu", {}).get("keys", [])
    if not isinstance(keys, list) or not all(isinstance(k, str) and k for k in keys):
        problems.append(f"{path}: [menu] keys must be a list of strings")
        keys = []
    limit = data.get("limits", {}).get("max_text_chars", 300)
    if not isinstance(limit, int) or isinstance(limit, bool) or not 20 <= limit <= 2000:
        problems.append(f"{path}: [limits] max_text_chars must be between 20 and 2000")
        limit = 300
    unsupported = data.get("text", {}).get("unsupported")
    if not isinstance(unsupported, str) or not unsupported.strip():
        problems.append(f"{path}: [text] unsupported is required")
        unsupported = ""
    if problems:
        raise SettingsError(problems)
    return WeiboConfig(menu_keys=frozenset(keys), unsupported=unsupported, item=item,
                       separator=str(choices.get("separator", "\n")),
                       intro=str(choices.get("intro", "")), max_text_chars=limit)
