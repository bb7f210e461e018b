"""Whether a reply to 您希望怎么解决 tells someone to do something, even beside a question of its
own ("定下来到底谁管 把管子换了", "查查这个收费合不合法 不合法就取缔").

A grammar of Chinese directive forms, not a list of wishes: a clause in the disposal form
(把管子换了, 把电线杆挪开), with an urging adverb (赶紧修好, 尽快处理), a conditional order
(不合法就取缔, 没依据就退钱), 该…的… (该发的发给我, 违章的拆掉), or 不能再… / 别再… (不能再拖了).
"""

from __future__ import annotations

import re

_CLAUSE = re.compile(r"[，,。.！!？?；;\s]+")
_HAN = r"[\u4e00-\u9fff]"
_DIRECTIVE = re.compile(
    r"^(?:就|先|再|赶紧|快|快点|尽快|早点)?把" + _HAN + r"{1,12}?" + _HAN + r"(?:了|掉|好|走|开|上|回来|出来|通|清|给我们?|给俺们?|起来|下来)?"
    r"(?:吧|啊|呀)?$"                                       # 把管子换了, 把钱退给我们
    r"|^(?:赶紧|尽快|早点|早日|赶快|快点|马上|立即|立刻|抓紧)(?:给|帮|把|派人)?" + _HAN + r"{1,10}$"  # 赶紧修好
    r"|^" + _HAN + r"{1,8}?就(?:取缔|拆|拆掉|退|退钱|赔|罚|查|处理|关|关掉|停|停掉|撤|撤掉|收回|改|整改|处分)"  # 不合法就取缔
    r"|^(?:该|应该)" + _HAN + r"{1,4}的" + _HAN + r"{0,4}(?:给|就|要)?" + _HAN + r"{1,4}"  # 该发的发给我
    r"|^" + _HAN + r"{1,6}的(?:拆掉|拆了|拆|退掉|退了|退给|补上|补给|赔)"                     # 违章的拆掉
    r"|^(?:反正|可)?(?:不能|别|不要|不许|不准)再" + _HAN + r"{1,6}"                          # 不能再拖了
)
_QUESTION_END = re.compile(r"[吗呢么]$")


def directs(text: str) -> bool:
    """Some clause of `text` tells someone to do something (module docstring)."""
    return any(c and _DIRECTIVE.search(c) and not _QUESTION_END.search(c) for c in _CLAUSE.split(text))
