"""Talk at the summary that is no part of the account: thanks and praise of the clerk, and a
question about what follows the submission.

    only_thanks_or_praise("谢谢你啊同志 比镇上那个王干事耐心多了")   # True
    asks_what_follows("提交以后会怎么处理啊")                        # True

Both are closed forms (a grammar): thanks formulas; praise is the clerk or the service as
subject, or a comparison (比…), with a word of manner (耐心, 客气, 热情, 态度好, 方便, 强) and a
degree (多了, 得多, 真, 不错); what follows is asked with 提交/交上去/登记 + 以后/之后/完 (or 后面,
接下来, 下一步) and a question form. A comparison of things (比别村多收了一倍) has no word of
manner and stays the account. Pure.
"""

from __future__ import annotations

import re

from nlp.clauses import clause_texts
from nlp.hanzi import to_simplified

_THANKS = re.compile(r"^(?:(?:那|好的?|嗯+|哦|行)?(?:真的?|太|非常|十分)?(?:谢谢|多谢|感谢|谢了|辛苦|麻烦|费心)"
                     r"(?:你们?|您|恁|同志|小同志|姑娘|领导|政府|啦|了|啊|呀|哈|大家|你们了)*|好人一生平安|"
                     r"(?:谢谢|辛苦)(?:你们?|您)?(?:啊|了)?(?:谢谢|辛苦)(?:你们?|您)?)[啊呀哈了啦哦]*$")
_MANNER = (r"(?:耐心|有耐心|耐烦|客气|热情|和气|和蔼|态度(?:也|真|很|蛮|挺)?好|服务(?:也|真|很|蛮|挺)?好|有礼貌|细心|周到|"
           r"方便|省事|快|强|好|不错|靠谱|讲理)")
_DEGREE = r"(?:多了|得多|太多了?|些|一些|一点|点|多|了)?"
_CLERK = r"(?:你|您|你们|恁|小同志|同志|姑娘|小姑娘|这个(?:服务|系统|平台|网上)?|网上|这里|这儿|这边)"
_PRAISE = re.compile(
    r"^(?:还是|真是|就是)?" + _CLERK + r"(?:这个|的)?(?:服务|态度)?(?:真的?|很|蛮|挺|太|比较|就是)?(?:不错|好|" + _MANNER +
    r")(?:比[^，,。！!？?]{1,14}?" + _MANNER + r")?" + _DEGREE + r"[啊呀哈了啦哦的]*$"
    r"|^(?:" + _CLERK + r"(?:这个|的)?(?:服务|态度)?)?(?:真的?|可)?比[^，,。！!？?]{1,14}?" + _MANNER + _DEGREE +
    r"[啊呀哈了啦哦的]*$")
_SUBMIT = r"(?:提交|交上去|交了|报上去|登记|发出去|弄好|填完|这样)"
_FOLLOWS = re.compile(r"(?:" + _SUBMIT + r"(?:了|完了?|好了?)?(?:以后|之后|后)|" + _SUBMIT + r"完了?|后面|后头|接下来|"
                      r"下一步|然后呢|然后怎么)")
_QUESTION = re.compile(r"[?？吗么呢]|怎么|怎样|咋|啥|什么|谁|多久|哪|几|要不要|会不会|能不能|[^，,。\s]不[啊呀]?$")


def _clauses(text: str) -> list[str]:
    return [c for c in (re.sub(r"[\W_]+", "", x) for x in clause_texts(to_simplified(text))) if c]


def only_thanks_or_praise(text: str) -> bool:
    """Every clause thanks the clerk or praises the clerk or the service (and one at least)."""
    parts = _clauses(text)
    return bool(parts) and all(_THANKS.match(p) or _PRAISE.match(p) for p in parts)


def asks_what_follows(text: str) -> bool:
    """A question about what happens after the case is submitted ("提交以后谁来管啊",
    "那提交完了我还要干啥不")."""
    t = to_simplified(text)
    return bool(_FOLLOWS.search(t)) and bool(_QUESTION.search(t)) and len(_clauses(t)) <= 3
