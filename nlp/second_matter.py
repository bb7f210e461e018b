"""Another matter announced (issue 14, round p): "还有个事 …", "另外俺再反映个事 …", "对了还有 …".

After a consultation was answered, a citizen often goes on to a matter of their own. The
announcement is a closed form (对了 / 还有 / 另外 / 再 / 顺便, a verb of telling, 个事 / 一件事 /
个问题), so it is read by rule; what follows it is another matter when it tells something
(eight characters or more) and asks nothing.
"""

from __future__ import annotations

import re

from nlp.hanzi import cjk_count, to_simplified

_ANNOUNCED = re.compile(
    r"^[\s哦噢哎嗯啊，,]*(?:(?:对了|哦对了)[，,\s]*还有(?:一个|一件|个|件)?(?:事情?|事儿|问题|情况)?|"
    r"(?:对了[，,\s]*)?(?:还有|另外|另|再|顺便|顺带)[^，,。！!？?\s]{0,8}?(?:事情?|事儿|问题|情况|一个|一件))"
    r"[啊呀哈哦，,。:：！!\s]*")
_ASKS = re.compile(r"[?？]|[吗呢么][\s，,。.！!]*$|怎么|咋|如何|哪里|哪儿|什么时候|多少|能不能|可不可以|是不是|要不要")
_MIN_TOLD = 8


def another_matter(text: str) -> str | None:
    """What follows an announcement of another matter at the start of `text`, when it tells
    something and asks nothing; None otherwise."""
    t = to_simplified(text)
    m = _ANNOUNCED.match(t)
    if m is None:
        return None
    rest = text[m.end():].strip()
    if cjk_count(rest) < _MIN_TOLD or _ASKS.search(to_simplified(rest)):
        return None
    return rest
