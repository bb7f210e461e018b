"""The citizen's own report verb: "我要举报…", "实名举报…", "检举我们村书记…", "揭发一下…".

    own_report("我要举报我们村会计 …")               -> True
    own_report("我举报过好几次了都没人管 …")          -> False  (what was tried, not this filing)
    own_report("我被人举报说违建 …")                 -> False  (someone else's report)
    asks_for_self("把补偿款发给我")                   -> True   (a solution for oneself: 求决)

The nature model reads 投诉举报 and 求决 from the words of the whole matter and confuses them
most (config/nlp/classifier.toml); a citizen who says in so many words that they report someone
files a report, unless what they ask is something for themselves. The class is closed: the four
verbs of reporting (举报, 检举, 揭发, 告发) as the citizen's act now (at a clause start, after
我/俺 + 要/想/来, 实名/匿名), not done before (举报过, 举报了好几次), not someone else's (被举报,
谁举报, 说…举报), not a noun (举报人, 举报信, 举报电话).

Pure; no I/O.
"""

from __future__ import annotations

import re

from nlp.entities import normalize
from nlp.hanzi import to_simplified

_VERB = r"(?:举报|检举|揭发|告发)"
_OWN = re.compile(r"(?:^|[，,。！!；;\s]|(?:我|俺|咱|本人)们?(?:要|想|来|是来|今天|现在|特此|就是来)?|要|想|来|实名|匿名|并|特此)"
                  + _VERB + r"(?!过|人|者|信|电话|箱|材料|了?(?:好几|几|多|两|三)[次回趟遍])")
_NOT_OWN = re.compile(r"被[^，,。！!\s]{0,3}" + _VERB + r"|谁" + _VERB + r"|(?:说|讲)[^，,。！!\s]{0,6}" + _VERB)
# A request for something for oneself: money paid back or out, damage made good, a benefit back.
_FOR_SELF = re.compile(r"补发|发给我|退(?:钱|还|给我|款)|赔(?:偿|钱)|还(?:给)?我|给我|恢复|补给我|补偿|返还|报销")


def own_report(text: str) -> bool:
    """The citizen reports someone in so many words (module docstring)."""
    t = normalize(to_simplified(text))
    return bool(_OWN.search(t)) and not _NOT_OWN.search(t)


def asks_for_self(request: str) -> bool:
    """The request asks for something for the citizen themselves."""
    return bool(_FOR_SELF.search(normalize(to_simplified(request))))


def files_report(description: str, intent: str | None) -> bool:
    """The citizen's own report verb is in the account, or was its opening, cleaned away as an
    announcement ("举报一下，…": dialogs keep intent 举报 from the raw words) while the account
    holds no report verb of another kind (举报过, 被举报)."""
    if own_report(description):
        return True
    return intent == "举报" and not re.search(_VERB, to_simplified(description))
