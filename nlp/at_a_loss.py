"""At a loss for words ("我也不知道咋说", "不晓得从哪讲起", "这事说来话长", "我嘴笨 说不清楚"): talk about
telling, not the matter.

A grammar, closed on purpose: (不知道 | 不晓得 | 不清楚) + (该) + (咋 | 怎么 | 从哪 | 从何 | 如何) + a verb
of saying (说 / 讲 / 开口 / 说起 / 写) + (清楚 / 才好); 咋说呢 / 怎么说呢; 说来话长; 说不清楚 /
说不明白; 嘴笨. A message is only that when nothing but such phrases, its subject, fillers and
punctuation is left.
"""

from __future__ import annotations

import re

from nlp.hanzi import cjk_count, to_simplified

_PHRASE = re.compile(
    r"(?:不知道|不晓得|不清楚|不知)(?:该|要|应该)?(?:咋|怎么|怎样|从哪儿?|从何|如何)(?:样)?"
    r"(?:说起|讲起|说|讲|开口|写|表达)(?:清楚|明白|才好|好)?"
    r"|(?:咋|怎么)说呢|说来话长|(?:说|讲)不(?:明白|清楚|清|好|来)|嘴笨")
_FILLER = re.compile(r"我|俺|也|都|真|实在|反正|这个|这|事情?|哎|唉|嗯|呢|啊|呀|了|的|就是|有点|些")


def at_a_loss(text: str) -> bool:
    """`text` only says the citizen does not know how to tell it (module docstring)."""
    t = to_simplified(text)
    if not _PHRASE.search(t):
        return False
    rest = _FILLER.sub("", _PHRASE.sub("", t))
    return cjk_count(rest) == 0
