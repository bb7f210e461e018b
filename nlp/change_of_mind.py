"""A citizen who chose 匿名 and then gives their name after all.

"算了 还是留名吧 我叫韦长顺", "名字还是写上吧 …", "不匿名了", "那还是实名吧": the words that take
anonymity back are a closed class (a grammar, not a corpus): 实名 / 不匿名, 留名, or the name
(名字, 姓名) with a verb of putting it down (写 留 填 登记 报 用) and no negation of it
(名字就不写了, 别写我名字: the opposite). Pure: the dialog decides what follows
(dialogs/name_after_all.py).
"""

from __future__ import annotations

import re

from nlp.entities import normalize
from nlp.hanzi import to_simplified

_PUT = r"(?:写|留|填|登记|报|用|署)"
_NAME = r"(?:名字|姓名|名|真名|大名)"
_TAKE_BACK = re.compile(
    r"不(?:要|用|搞|弄)?匿名|不匿了|实名|留(?:个|下)?" + _NAME + "|改主意|"
    + _NAME + r"(?:还是|就|也)?(?:给我)?" + _PUT + r"|"
    + _PUT + r"(?:上|下)?(?:我的?|俺的?)?" + _NAME + r"|把(?:我的?|俺的?)?" + _NAME + _PUT)
# A negated putting-down: the citizen keeps anonymity ("名字就不写了", "别写我名字", "不留名").
_KEEPS_IT = re.compile(r"(?:不|别|甭|没必要)(?:想|要|用|能)?(?:留|写|填|报|登记|署|用)|不实名")
_CLAUSE = re.compile(r"[^，,。.！!？?；;、\s~～]+")
# What is left of a clause of taking back when the cue is cut: fillers only.
_FILLER = re.compile(r"^(?:算了|算咯|算啦|嗯+|哦|好吧?|那|那就|还是|想了想|我|俺|咱|也|就|吧|了|啊|呀|"
                     r"上|去|给|的|把|还|再|举报|反映|这个|不怕他们|不怕)*$")


def takes_back_anonymity(text: str) -> bool:
    """`text` says the citizen will give their name after all (module docstring)."""
    t = to_simplified(normalize(text))
    if not _TAKE_BACK.search(t):
        return False
    return not _KEEPS_IT.search(t)


def without_take_back(text: str) -> str:
    """`text` without its clauses of taking anonymity back, so what is left is the name (and
    whatever else was said): "算了 还是留名吧 我叫韦长顺" -> "我叫韦长顺"."""
    t = to_simplified(normalize(text))
    kept = []
    for m in _CLAUSE.finditer(t):
        clause = m.group(0)
        rest = _TAKE_BACK.sub("", clause)
        if _FILLER.fullmatch(rest):
            continue
        if rest != clause:
            # (unpunctuated: "算了还是实名吧我叫顾长明" -> what follows the cue)
            clause = clause[_last_cue_end(clause):]
            clause = re.sub(r"^(?:吧|了|啊|呀|上|去)+", "", clause)
        kept.append(clause)
    return " ".join(kept)


def _last_cue_end(clause: str) -> int:
    end = 0
    for m in _TAKE_BACK.finditer(clause):
        end = m.end()
    return end


# Choosing 匿名 after the name was given ("算了 还是匿名吧", "名字别写了"): the opposite.
_CHOOSE_ANONYMITY = re.compile(r"(?<!不)匿名|不(?:想|要)?留名|(?:名字|姓名)(?:就|还是)?(?:别|不要?|甭)(?:写|留|填)|不实名")


def chooses_anonymity(text: str) -> bool:
    """`text` asks for 匿名 after all (and does not take it back)."""
    t = to_simplified(normalize(text))
    return bool(_CHOOSE_ANONYMITY.search(t)) and not takes_back_anonymity(t)


# Talk around a phone given after declining it, which answers no question: the phone's words,
# the change of mind, "有事打我".
_PHONE_TALK = re.compile(r"电话|手机|号码|联系方式|[0-9０-９]")
_PHONE_FILLER = re.compile(r"^(?:算了|算咯|想了想|改主意了?|我|俺|还是|那|就|吧|了|写上|留上|写|留|给|上|下|个|一个|"
                           r"你们|有事|打|这个|的|啊|呀|嗯|好|行)*$")


def without_phone_talk(text: str) -> str:
    """`text` without the clauses about the phone it gives ("电话还是留一个吧 138… 希望尽快修" ->
    "希望尽快修"): what is left answers the question open, if anything."""
    t = to_simplified(normalize(text))
    kept = [c for c in _CLAUSE.findall(t) if not _PHONE_TALK.search(c) and not _PHONE_FILLER.fullmatch(c)]
    return " ".join(kept)
