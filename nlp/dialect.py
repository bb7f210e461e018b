"""Dialect words read as the standard word, for understanding only (what is stored stays the
citizen's own words).

    standard("具体地方就不港了吧")       # -> "具体地方就不说了吧"   (淮安话: 港 = 说)
    standard("电话我明朝再跟你港")       # -> "电话我明天再跟你说"

A closed list, not a model: 港 as the verb 说 in Jianghuai speech (only where a verb stands:
after 再 / 跟你 / 不 / 就不 …, or before 了 / 吧 / 给你 / 清楚 …, so 港口 and 新港村 stay), and
the Jianghuai day words 今朝 / 明朝 / 后朝 (today, tomorrow, the day after).
"""

from __future__ import annotations

import re

_BEFORE_VERB = r"再|又|跟你|跟您|给你|给您|和你|同你|跟他|不|别|没|就|先|要|想|会|能|来|去|我|俺|你|他|她|咋|怎么|好好"
_AFTER_VERB = r"了|吧|啊|呀|的|给|清楚|清|不清|一下|过|完|啥|什么|个|两句|几句|明白"
_SAY = re.compile(rf"({_BEFORE_VERB})港(?!口|湾|区|务|澳|台|商)|港(?=(?:{_AFTER_VERB}))")
_DAYS = (("今朝", "今天"), ("明朝", "明天"), ("后朝", "后天"))


def standard(text: str) -> str:
    """`text` with the dialect words above as the standard ones (the same length)."""
    if "港" not in text and "朝" not in text:
        return text
    out = _SAY.sub(lambda m: (m.group(1) or "") + "说", text)
    for a, b in _DAYS:
        out = out.replace(a, b)
    return out
