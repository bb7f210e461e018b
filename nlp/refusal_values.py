"""A refusal that carries a value: "哪个组就不说了，怕组长有意见，就写中心村吧".

The citizen declines one detail and gives what they are willing to give in the same message. A
clerk writes down the value and does not ask again for what was declined: the refusal only
limits how precise the value is. For any field: an address without its 组 or 门牌, a name
without the given name (写个王先生吧), a phone other than the one declined (打我儿子的139…).

`beside_refusal(text, field, …)` splits the message into clauses (a pause, or the end of a
refusal in unpunctuated voice input: "组就算了写夹沟村"), and finds one clause that is a refusal
and another that, without its lead-in (就写 / 写个 / 记个 / 留个 / 打…) and its tail (吧 / 就行),
is a value of the field. Pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from nlp.entities import Gazetteer, find_phones, normalize
from nlp.hanzi import to_simplified
from nlp.names import NameReader
from nlp.phones import find_spoken_phones
from nlp.turn_slots import _REFUSE_AFTER, _REFUSE_BEFORE, place_answer

_PAUSE = re.compile(r"[，,。.！!；;、\s~～…]+")
# Where a refusal ends inside an unpunctuated clause: after its words (算了, 不说了, 不方便讲…).
_REFUSAL_END = re.compile(_REFUSE_AFTER.pattern + r"(?:了|吧|啊)?")
_REFUSAL = re.compile(r"不(?:想|愿意?|方便|便|太想|好|能)?(?:说|留|告诉|透露|讲|给|写|填|提供|报)(?![修办补发管解赔退批钱])|"
                      r"算了|保密|免了|不用了?|不重要|没必要|跳过|不方便(?:了|吧|啊)?$")  # (村里不给修: the matter, no refusal)
_REFUSAL_HINT = re.compile(r"不|算了|保密|免了|没必要|跳过|匿名")
# A remark that the citizen stays anonymous ("我是匿名举报的", "俺匿名的", "匿名就行") declines
# the name: beside it, the value of another field asked for is given (issue 14, round 8, 14cmd).
_ANONYMOUS = re.compile(r"匿名|不留名|不署名")
_LEAD = re.compile(r"^(?:那|那就|要不|你|您|我|俺)*(?:就|还是|先)?(?:(?:写|填|记|留|登记|报|说|打|写成|填成|记成|算)"
                   r"(?:成|个|上|一个|下|一下)?(?:我的?|俺的?)?|(?:叫|称呼)(?:我|俺))")
_TAIL = re.compile(r"(?:吧|就行了?|就好了?|就可以了?|好了|行了?|啊|呗|哈|也行|得了|的)+$")
# A phone of somebody else the citizen asks to be called on: the lead-in, not the value.
_WHOSE = re.compile(r"^(?:我|俺)?(?:家里?|儿子|女儿|闺女|老伴|爱人|孩子|孙子|亲戚|邻居)?的?(?:座机|固话|电话|手机|号码)?"
                    r"(?:号码?)?(?:是|为|[:：])?")
_GRAMMAR = re.compile(r"[把被给让他她我你们了是和跟对向从这那个去来说要想就都也还又很没不吗呢啊过找到]")
_LOCAL = re.compile(r"(?<!\d)([2-9]\d{7})(?!\d)")


@dataclass(frozen=True, slots=True)
class Kept:
    field: str
    value: str
    surname_only: bool = False  # a name: only the surname (with a title) was given
    anonymous: bool = False  # what was declined beside it is the name (an anonymity remark)


def clauses(text: str) -> list[str]:
    """The message's clauses; a refusal's words end a clause even without a pause."""
    out = []
    for part in _PAUSE.split(text):
        pos = 0
        for m in _REFUSAL_END.finditer(part):
            if m.end() < len(part):
                out.append(part[pos:m.end()])
                pos = m.end()
        out.append(part[pos:])
    return [c for c in out if c]


def _bare_value(clause: str) -> str:
    return _TAIL.sub("", _LEAD.sub("", clause)).strip()


def beside_refusal(text: str, field: str, names: NameReader,
                   gazetteer: Gazetteer | None) -> Kept | None:
    """The value of `field` given beside a refusal in `text` (module docstring), or None."""
    t = normalize(to_simplified(text)).strip()
    if len(t) > 60 or not _REFUSAL_HINT.search(t):
        return None  # (cheap: most messages hold no refusal)
    parts = clauses(t)
    anonymous = [i for i, c in enumerate(parts) if field != "name" and _ANONYMOUS.search(c)]
    refusing = [i for i, c in enumerate(parts) if _REFUSAL.search(c) or _REFUSE_BEFORE.search(c)
                or i in anonymous]
    if not refusing or len(parts) < 2:
        return None
    for i in reversed(range(len(parts))):
        if i in refusing:
            continue
        found = _value(parts[i], field, names, gazetteer)
        if found is not None:
            only_name = all(j in anonymous for j in refusing)
            return replace(found, anonymous=True) if only_name else found
    return None


def _value(clause: str, field: str, names: NameReader, gazetteer: Gazetteer | None) -> Kept | None:
    bare = _bare_value(clause)
    if len(bare) < 2:
        return None
    if field == "address":
        place = place_answer(bare, gazetteer)
        if place and place in bare:  # ("幸福家园小区": the whole phrase, not its first unit)
            tail = bare[bare.find(place) + len(place):]
            if len(tail) <= 4 and not _GRAMMAR.search(tail):
                place += tail
        return Kept("address", place) if place else None
    if field == "name":
        found = names.find(bare, asked=True)
        if found is None or found.name != bare and found.span != (0, len(bare)):
            return None  # (the clause is the name, or says it whole: "姓冒")
        return Kept("name", found.name, found.surname_only)
    if field == "phone":
        phones = find_phones(clause) or find_spoken_phones(clause, answer=True)
        if phones:
            return Kept("phone", phones[0].number)
        rest = _WHOSE.sub("", bare)
        local = _LOCAL.fullmatch(rest)
        return Kept("phone", "0517-" + local.group(1)) if local else None
    return None
