"""config/wechat.toml: the custom menu, this channel's sentences, choices and template message.

Checked once at start-up; every problem is reported at once, naming the file and the key.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.messages import Reply
from bot.settings import SettingsError
from nlp.configfile import read_toml

FILE = "wechat.toml"
BUTTON_TYPES = frozenset({"click", "view", "miniprogram", "location_select",
                          "scancode_push", "scancode_waitmsg", "pic_sysphoto",
                          "pic_photo_or_album", "pic_weixin"})


class WechatConfigError(SettingsError):
    """A SettingsError, so that start-up reports it like any other configuration problem."""

    def __init__(self, path: Path, problems: list[str]):
        super().__init__([f"{path}: {p}" for p in problems])


@dataclass(frozen=True)
class WechatConfig:
    menu: dict[str, Any]
    click_keys: frozenset[str]
    unsupported: str
    choice_prefix: str = ""
    choice_item: str = "{choice}"
    choice_separator: str = " "
    max_text_bytes: int = 2048
    template_id: str = ""
    template_url: str = ""
    template_data: dict[str, str] = field(default_factory=dict)

    def render(self, reply: Reply) -> str:
        """A reply as WeChat text: the sentence, then its choices as tappable options."""
        if not reply.choices:
            return reply.text
        items = [self.choice_item.format(choice=html.escape(c), number=i)
                 for i, c in enumerate(reply.choices, 1)]
        return f"{reply.text}\n{self.choice_prefix}{self.choice_separator.join(items)}"

    def template_fields(self, text: str) -> dict[str, str]:
        return {k: v.replace("{text}", text) for k, v in self.template_data.items()}


def _check_menu(menu: Any, problems: list[str]) -> frozenset[str]:
    keys: set[str] = set()
    buttons = menu.get("button") if isinstance(menu, dict) else None
    if not isinstance(buttons, list) or not 1 <= len(buttons) <= 3:
        problems.append("[[menu.button]]: between 1 and 3 buttons are needed")
        return frozenset()

    def check(button: Any, where: str, max_bytes: int) -> None:
        if not isinstance(button, dict):
            problems.append(f"{where}: must be a table")
            return
        name = button.get("name", "")
        if not isinstance(name, str) or not name or len(name.encode()) > max_bytes:
            problems.append(f"{where}.name: 1 to {max_bytes} bytes")
        subs = button.get("sub_button")
        if subs is not None:
            if not isinstance(subs, list) or not 1 <= len(subs) <= 5:
                problems.append(f"{where}.sub_button: between 1 and 5 entries")
                return
            for j, sub in enumerate(subs):
                check(sub, f"{where}.sub_button[{j}]", 60)
            return
        kind = button.get("type")
        if kind not in BUTTON_TYPES:
            problems.append(f"{where}.type: one of {', '.join(sorted(BUTTON_TYPES))}")
        elif kind == "view":
            if not str(button.get("url", "")).startswith(("http://", "https://")):
                problems.append(f"{where}.url: an http(s) URL is needed for a view button")
        elif kind != "miniprogram":
            key = button.get("key")
            if not isinstance(key, str) or not key or len(key.encode()) > 128:
                problems.append(f"{where}.key: 1 to 128 bytes")
            elif key in keys:
                problems.append(f"{where}.key: {key!r} is used twice")
            elif kind == "click":
                keys.add(key)

    for i, b in enumerate(buttons):
        check(b, f"menu.button[{i}]", 16)
    return frozenset(keys)


def load_wechat_config(config_dir: Path) -> WechatConfig:
    path = config_dir / FILE
    data = read_toml(path, error=SettingsError)
    problems: list[str] = []
    menu = data.get("menu", {})
    click_keys = _check_menu(menu, problems)
    sentences = data.get("sentences", {})
    unsupported = sentences.get("unsupported") if isinstance(sentences, dict) else None
    if not isinstance(unsupported, str) or not unsupported.strip():
        problems.append("[sentences] unsupported: a sentence is needed")
        unsupported = ""
    choices = data.get("choices", {})
    item = choices.get("item", "{choice}")
    if not isinstance(item, str) or "{choice}" not in item:
        problems.append("[choices] item: must contain {choice}")
    else:
        try:
            item.format(choice="x", number=1)
        except (KeyError, IndexError, ValueError):
            problems.append("[choices] item: only {choice} and {number} may be used")
    limits = data.get("limits", {})
    max_bytes = limits.get("max_text_bytes", 2048)
    if not isinstance(max_bytes, int) or not 200 <= max_bytes <= 20_000:
        problems.append("[limits] max_text_bytes: an integer between 200 and 20000")
    template = data.get("template", {})
    template_data = template.get("data", {})
    if not isinstance(template_data, dict) or not all(
            isinstance(v, str) for v in template_data.values()):
        problems.append("[template.data]: field = \"text\" pairs")
        template_data = {}
    if template.get("id") and not template_data:
        problems.append("[template.data]: needed when [template] id is set")
    if problems:
        raise WechatConfigError(path, problems)
    return WechatConfig(
        menu={"button": menu["button"]}, click_keys=click_keys, unsupported=unsupported.strip(),
        choice_prefix=str(choices.get("prefix", "")), choice_item=item,
        choice_separator=str(choices.get("separator", " ")), max_text_bytes=max_bytes,
        template_id=str(template.get("id", "")), template_url=str(template.get("url", "")),
        template_data=dict(template_data))
