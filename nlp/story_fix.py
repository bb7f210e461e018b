"""A fact of the story corrected while another question is open.

    story_fix("哦不对 是四千八 我看了下收据")      -> StoryFix(new="四千八", old=None)
    story_fix("不是三个月 是半年")                -> StoryFix(new="半年", old="三个月")
    story_fix("不对 是五组")                      -> None   (a part of an address: the field's)

A citizen asked where it happened may say "哦不对 是四千八": the amount told in the story was
wrong. A clerk puts that right in the account; it is never the address, the name or the phone.
What makes the class closed is the grammar of what is corrected: a quantity of the story, that
is an amount of money (三千二, 4800块, 七百一个月), a length of time or a count (三个月, 半年,
两回, 五户), or a date (前年, 十月份, 九月三号), and no unit of an address (组, 号, 栋, 室, 楼,
队, 村, 路) nor a phone number. The message must say it corrects (不对, 说错了, 记错了, 不是…是…,
更正, 纠正) and name no field (电话, 名字, 地址 …: then it is that field's correction).

Pure; no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlp.entities import normalize

_N = r"(?:[0-9]+(?:\.[0-9]+)?|[零〇一二两三四五六七八九十百千万几半]+)"
# Units of an address or a phone: a number before one of these is a place, never a story fact.
_PLACE_UNIT = r"(?:号楼|号|组|队|栋|幢|单元|室|楼|层|弄|排|村|路|街|巷|门)"
_QUANTITY = re.compile(
    # money: 三千二, 一万二, 4800块, 七百元, 五毛, 两千多
    rf"{_N}(?:多)?(?:万|千|百)(?:[一二三四五六七八九]|多)?(?:块钱?|元|块)?(?!{_PLACE_UNIT})|"
    rf"{_N}(?:多)?(?:块钱?|元|毛钱?|角|分钱)|"
    # a length of time or a count: 三个月, 半年, 两回, 五户, 三个人, 十来天
    rf"{_N}(?:来|多)?(?:个)?(?:月|年|天|星期|礼拜|周|小时|钟头|回|次|趟|遍|户|人|口人|亩|分地|米|公里|斤|吨|车)(?!{_PLACE_UNIT})|"
    # dates: 前年, 十月份, 九月三号
    r"今年|去年|前年|大前年|上个月|上上个月|这个月|年初|年底|年前|年后|"
    rf"{_N}月份?(?:{_N}[号日])?|"
    # a bare number of three digits or more, not a phone nor a house number
    rf"(?<![0-9])[0-9]{{3,6}}(?![0-9])(?!\s*{_PLACE_UNIT})")
# Saying that something said before was wrong (the correction words of nlp/turn_slots, and the
# ways of announcing one).
_FIXES = re.compile(r"不对|说错|讲错|记错|搞错|弄错|打错|写错|错了|有误|更正|纠正|不是[^，,。\s]{1,12}?[，,\s]*(?:而)?是|"
                    r"是[^，,。\s]{1,12}?[，,\s]*(?:而)?不是")
_NOT_IS = re.compile(r"不是(?P<old>[^，,。！!？?\s]{1,12}?)[，,\s]*(?:而|应该)?是(?P<new>[^，,。！!？?\s]{1,12})")
_IS_NOT = re.compile(r"是(?P<new>[^，,。！!？?\s]{1,12}?)[，,\s]*(?:而)?不是(?P<old>[^，,。！!？?\s]{1,12})")
_IS = re.compile(r"(?:应该是|其实是|是|为)(?P<new>[^，,。！!？?\s]{1,12})")
_EDGE = "，,。.！!？?；;、 ~～…"


@dataclass(frozen=True, slots=True)
class StoryFix:
    new: str  # the corrected fact, as said ("四千八")
    old: str | None = None  # the wrong one, when said ("三千二")


def _quantity(s: str) -> bool:
    m = _QUANTITY.search(s)
    return m is not None and bool(m.group(0).strip())


def story_fix(text: str) -> StoryFix | None:
    """The fact of the story a correction carries (module docstring), or None."""
    t = normalize(text).strip(_EDGE)
    if len(t) > 40 or not _FIXES.search(t):
        return None
    for rx in (_NOT_IS, _IS_NOT):
        m = rx.search(t)
        if m and _quantity(m.group("new")) and _quantity(m.group("old")):
            return StoryFix(m.group("new").strip(_EDGE), m.group("old").strip(_EDGE))
    m = _IS.search(t)
    if m and _quantity(m.group("new")):
        return StoryFix(m.group("new").strip(_EDGE))
    return None


def whole_quantity(s: str) -> bool:
    """`s` is one quantity and nothing else ("三千二", "3800块", "两回"; not "练了三回以后")."""
    return _QUANTITY.fullmatch(s.strip(_EDGE)) is not None
