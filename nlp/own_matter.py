"""A consultation that becomes a petition (issue 14, round t).

After a question was answered (or taken down for a staff answer), a citizen often says they want
it registered after all ("我还是正式反映一下吧", "算了 还是登记吧", "我想登记反映一下", "不问了
我直接反映吧", "我要投诉他们"). Saying so is a closed form, so it is read by rule, clause by
clause: a clause that is only the decision (who, 还是 / 就 / 直接 / 想 / 要, a verb of filing, 一下 /
个事 / 这个事, a particle). Such clauses, and the consultation's own talk about not filing
("就问问 不登记的", "不用登记"), are talk about the talk: never part of the account.

`decides_to_file(text)` is True when a clause of `text` says it; `strong` tells whether a verb of
petitioning was used (反映, 投诉, 举报, 上访, 告) rather than only 登记, which after an answered
question may mean "take my question down" (the short path's own offer).
`without_filing_talk(text)` is `text` without those clauses.
"""

from __future__ import annotations

import re

from nlp.hanzi import to_simplified

_WHO = r"(?:那|那就|那么)?(?:我|俺|咱|本人|我们|俺们)?(?:还是|就|直接|想|要|得|必须|今天|现在|决定|打算|准备){0,3}"
_FILE = r"(?:正式)?(?:登记|登个记|反映|反应|投诉|举报|上访|信访|告)"
_WHAT = (r"(?:一下|一哈|下|个事|个事情|一个事|件事|这个事情?|这件事|这事|这个|这个情况|情况|问题|他们|它|"
         r"上去|进去|进来|上)?(?:吧|啊|呀|哈|了|嘛|哦|好了|算了)?")
_DECISION = re.compile(
    rf"^(?:算了|不问了|不咨询了|不打听了|哎|唉|嗯|那)*{_WHO}(?:帮|给|替)?(?:我|俺)?(?:们)?{_FILE}{_WHAT}"
    rf"(?:{_WHO}{_FILE}{_WHAT})?$|"
    r"^(?:算了|不问了|不咨询了|不打听了|哎|唉)$|"
    r"^(?:帮|给|替)(?:我|俺)(?:们)?(?:登记|登个记|记|报|反映)(?:上|下来|一下|下)?(?:吧|啊|呀|哈)?$")
_STRONG = re.compile(r"反映|反应|投诉|举报|上访|信访|告")
# The consultation's own talk: "就问问", "不登记的", "不用登记", "先不登记"
_NOT_FILING = re.compile(
    r"^(?:我|俺)?(?:就|只是?|只|先|随便)?(?:问问|问一下|问下|打听一下|打听打听|咨询一下|了解一下)(?:哈|啊|呀|的|而已)?$|"
    r"^(?:我|俺)?(?:先|暂时|暂且|就)?(?:不|不用|不要|别)(?:登记|反映|记|留名|填)(?:的|了|哈|啊|呀)?$")
_CLAUSE = re.compile(r"[，,。.！!；;、\s~～]+")


def _clauses(text: str) -> list[str]:
    return [c for c in _CLAUSE.split(text) if c]


def _core(clause: str) -> str:
    return re.sub(r"[\W_]+", "", to_simplified(clause))


def decides_to_file(text: str) -> bool:
    """A clause of `text` says the citizen wants the matter filed after all."""
    return any(_DECISION.match(_core(c)) and _FILE_IN.search(_core(c)) for c in _clauses(text))


_FILE_IN = re.compile(r"登记|登个记|反映|反应|投诉|举报|上访|信访|告|记|报")


def strong(text: str) -> bool:
    """The decision names a petition (反映, 投诉, 举报, 上访, 告), not only a note (登记)."""
    return any(_DECISION.match(_core(c)) and _STRONG.search(_core(c)) for c in _clauses(text))


def without_filing_talk(text: str) -> str:
    """`text` without the clauses that decide to file or say one only asks ("" when nothing
    else); the rest as it was written (spaces and commas kept)."""
    parts = re.split(r"([，,。.！!；;、\s~～]+)", text)
    kept: list[str] = []
    for i in range(0, len(parts), 2):
        c = parts[i]
        core = _core(c)
        if core and (_DECISION.match(core) or _NOT_FILING.match(core)):
            continue
        if c:
            kept.append(c + (parts[i + 1] if i + 1 < len(parts) else ""))
    return "".join(kept).strip(" ，,。.！!；;、~～")
