"""A message that answers ANOTHER question than the one asked: its value, read as that answer.

A counter clerk asking "which town?" and hearing "盛世华庭7栋" or "就想把工钱要回来" writes the
address or the request down and asks the town again. The dialog asks these readers only when
the message is no answer to the open question (dialogs/other_field.py), and each reads the
message AS A WHOLE as the answer to one other question, so a story clause is never taken:

- `estate_and_units`: a place named by an estate's (or a village's) own name and its units,
  "翰林华府3栋302", "水岸名都十一幢", "俺住在书香门第 5栋", "就在那个阳光城小区十八栋那边". A
  closed grammar: a lead (住在 / 就在 / 那个 …), a name without grammar words, a chain of
  numbered units (栋, 幢, 号楼, 单元, 室, 组, 排 …) and a vague tail (那边, 附近 …); nothing else.
- `wanted`: what the citizen wants, said as a want (要工资, 俺就想把工钱要回来, 还我血汗钱就行,
  我就要他把钱一分不少给我). A closed grammar of the want's head: a subject and adverbs, then
  想/要/只要/求 and a doing or a thing owed (把…, 回来, 退, 赔, 修, 工钱, 说法 …), or 还我/给我/
  赔我/退我, or a doing closed by 就行/就好; never a question, a negation, a past want (要过, 想了),
  a need (要交三百块) or an announcement of the matter (想反映, 要投诉).
"""

from __future__ import annotations

import re

from nlp.entities import normalize
from nlp.hanzi import cjk_count, to_simplified

_NUM = r"[0-9一二三四五六七八九十百零〇两]+"
_UNIT = r"(?:号楼|号院|栋|幢|单元|室|组|队|排|户|号|楼(?!下|上|道))"
_LEAD = re.compile(r"^(?:(?:我|俺|咱)(?:们)?(?:家)?(?:就|是)?(?:住在|住|在)|家住在|家住|住在|就在|在|就是|是|那个|这个|就|叫)+")
_TAIL = re.compile(r"(?:那边|这边|那块|这块|那里|这里|那儿|附近|一带|里面|里头|的|啊|吧|呢|呀|哈)+$")
_PLACE = re.compile(r"([\u4e00-\u9fff]{2,10}?)\s?((?:" + _NUM + _UNIT + r")+(?:" + _NUM + r")?)")
# (estates are named with 都, 和, 来, 城…: only words no estate name holds)
_GRAMMAR = re.compile(r"[把被让他她我你俺咱了吗呢啊过找说想没不很给是在住]")
_EDGE = " ，,。.！!？?；;、~～"


# A date is no estate ("上个月15号", "去年腊月8号").
_TIME = re.compile(r"去年|今年|前年|明年|年前|年底|年初|月份|个月|上月|本月|昨天|今天|前天|明天|后天|天前|星期|礼拜|"
                   r"周[一二三四五六日末]|腊月|正月|初[一二三四五六七八九十]|每月|每年|月$|月底|月初|号$")


def estate_and_units(text: str) -> str | None:
    """The place `text` is as a whole, when it is a name and its numbered units (see above)."""
    t = to_simplified(normalize(text)).strip(_EDGE)
    t = _TAIL.sub("", _LEAD.sub("", t)).strip(_EDGE)
    m = _PLACE.fullmatch(t)
    if m is None or _GRAMMAR.search(m.group(1)) or _TIME.search(m.group(1)):
        return None
    return m.group(1) + m.group(2)


_FILLER = re.compile(r"^(?:嗯|啊|哦|呃|那个|就是|反正|其实|说白了|总之|我看|我觉得)+[，,\s]*")
_SUBJECT = r"(?:我们|俺们|咱们|我|俺|咱|本人|大家|我家|俺家)?"
_ADVERB = r"(?:就|只|也|还是|都|主要|无非|现在|其实|反正|一心|真的|别的不|啥也不|什么也不)*"
_WANT_HEAD = re.compile(r"^" + _SUBJECT + _ADVERB + r"(?:想要|想让|想把|想|要|只要|求|盼着|盼)(?P<rest>.+)$")
_GIVE_BACK = re.compile(r"^" + _SUBJECT + _ADVERB + r"(?:还我|还给我|还俺|给我|给俺|赔我|赔俺|退我|退给我|补给我|补我)(?P<rest>.+)$")
_ENOUGH = re.compile(r"^(?P<rest>.*(?:把|给|还|退|赔|补|修|拆|结|发|说法|解决|处理|恢复).*)(?:就行|就好|就可以|就够了|就成|就中)"
                     r"(?:了|啦|啊|吧)?$")
# Not a want of the citizen's own: a question, a negation, a past want, an announcement of the
# matter or a process talk ("想反映个事", "要多久"), or a condition (要是, 要不).
_NOT_A_WANT = re.compile(r"^(?:了|过|是|不|么|吗|多|等|问|知道|说|了解|反映|反应|投诉|举报|咨询|登记|写|填|办|走|去|来|交|缴|花|跑|排|起|"
                         r"回|再|看看|看|试|怎么|咋|啥|什么|到|得|在|你|给你|求你|求求)")
# A want of 想/要 asks for a doing or a thing owed ("要交三百块" and "想起来了" are no want).
_DEMAND = re.compile(r"把|回来|给|还|退|赔|补|修|拆|结|发|说法|公道|解决|处理|恢复|工资|工钱|钱|款|落实|兑现|解释|道歉|"
                     r"停|关|撤|查|管|派人|安排|办")
_QUESTION = re.compile(r"[?？吗呢]$|多久|多长|什么时候|怎么|咋|能不能|可不可以|行不行|可以吗")
_STORY = re.compile(r"(?:他|她|他们|老板|村里|镇上|厂里|单位|对方)(?:一直|总|老|就|也|还)?(?:要|想)")


def wanted(text: str) -> str | None:
    """The want `text` says as a whole (its own words, cleaned of edges), or None."""
    t = to_simplified(normalize(text)).strip(_EDGE)
    t = _FILLER.sub("", t).strip(_EDGE)
    if not 2 <= cjk_count(t) <= 30 or _QUESTION.search(t) or _STORY.search(t):
        return None
    for rx in (_GIVE_BACK, _WANT_HEAD, _ENOUGH):
        m = rx.match(t)
        if m is None:
            continue
        rest = m.group("rest").strip(_EDGE)
        if rx is _WANT_HEAD and (_NOT_A_WANT.match(rest) or not _DEMAND.search(rest)):
            continue
        if cjk_count(rest) >= 2:
            return t
    return None


# How one is called rather than one's name: a surname with a title or an age word (姜老汉, 卞先生,
# 王师傅, 李阿姨) or 老/小/阿 before it (老姜): a name given next completes it.
_CALLED = re.compile(r"(?:[老小阿][\u4e00-\u9fff]|[\u4e00-\u9fff]{1,2}(?:老汉|老太太?|老头|老爷子|师傅|先生|女士|阿姨|"
                     r"大爷|大妈|大娘|大婶|大哥|大姐|老师|奶奶|爷爷))")


def called_only(name: str) -> bool:
    """`name` is how the citizen is called, not a full name (see above)."""
    return bool(_CALLED.fullmatch(name))
