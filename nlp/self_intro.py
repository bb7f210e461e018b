"""A citizen's self-introduction, said before the matter: who they are, where they come from,
where they live or work and for how long ("俺是河南的 在金湖打工好几年了", "本人是退休教师").

It tells the clerk about the person, not what happened, so the account's checks of an event
(nlp/story.py `gaps`) read the text without it. A grammar, since the class is closed: an
identity clause (X是…的 / …人), a stay clause (在/来/嫁到 + a place + a verb of living or working,
with no event in it), a duration or an age said on its own (开了七八年了, 今年七十三了).
"""

from __future__ import annotations

import re

_WHO = r"(?:你好|您好)?(?:我|俺|本人|我们|俺们|咱)(?:老家|家)?"
_NUM = r"[0-9一二两三四五六七八九十几好多半]+"
_DURATION = (r"(?:" + _NUM + r"(?:个)?(?:年|个月|月)(?:多|半)?|一辈子|好些年|多年|几十年|大半辈子|" + _NUM +
             r"岁(?:多)?)(?:了|啦)?")
# (被 / 没 / 不 / 欠 …: an identity or stay clause with any of these says what happened)
_EVENT_MARK = r"被|没|不|欠|拖|坏|占|砸|拆|骗|打伤|吵|臭|污|罚|扣|停|漏|塌|偷"
_IDENTITY = re.compile(r"^" + _WHO + r"(?:就)?是(?:个|一个|一名|名)?(?!.*(?:" + _EVENT_MARK + r")).{1,14}?"
                       r"(?:的|人|居民|村民|户|教师|老师|农民|工人|党员|司机|师傅|老板|学生|家长)$")
_STAY = re.compile(r"^(?:" + _WHO + r")?(?:一直|现在|目前|已经)?(?:在|来|到|嫁到|嫁来|搬到|搬来)"
                   r"(?!.*(?:" + _EVENT_MARK + r")).{0,14}?"
                   r"(?:打零工|打工|住|上班|工作|开|种|干|做|跑|承包|包|生活|待|呆|读书|上学|安家|落户|定居|养|"
                   r"嫁|来|过来)(?!.*(?:" + _EVENT_MARK + r")).{0,10}$"
                   r"|^(?:" + _WHO + r")?(?:来|到|嫁到|嫁来|搬到|搬来)(?!.*(?:" + _EVENT_MARK + r")).{1,8}?"
                   + _DURATION + r"$")
_DURATION_ONLY = re.compile(r"^(?:已经|都|也)?(?:开|干|做|种|住|跑|养|包|承包|来)?了?" + _DURATION + r"(?:了|啦)?$"
                            r"|^(?:开|干|做|种|住|跑|养|包|承包)了?(?:有)?" + _DURATION + r"$"
                            r"|^(?:我|俺)?今年(?:都|已经)?" + _NUM + r"(?:岁)?(?:多)?(?:了|啦)?$")
_SPLIT = re.compile(r"[，,。.！!；;\s]+")


def is_self_introduction(clause: str) -> bool:
    """Whether one clause only introduces the citizen (identity, stay, duration, age)."""
    c = clause.strip()
    return bool(c) and bool(_IDENTITY.match(c) or _STAY.match(c) or _DURATION_ONLY.match(c))


def without_self_introduction(text: str) -> str:
    """The text without its self-introduction clauses (joined by '，'); the rest unchanged."""
    kept = [c for c in _SPLIT.split(text) if c and not is_self_introduction(c)]
    return "，".join(kept)
