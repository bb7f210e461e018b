"""Consent said with a few words around it (issue 14, round 8, 14cmd): "想好了 同意", "跟我儿子
商量好了 可以", "中 同意 恁问吧", "好了好了 我同意 开始吧".

The bare word is not the only way to agree: after a deferral people say they have thought it
over, asked at home, and invite the first question. A message is consent here when one of its
clauses, without such words, is a yes (dialogs.commands.is_yes) and every other clause is only
such words or a yes; anything else in it (a matter, a question, a "but") is not read as consent
here. The words around are a closed class (thinking over, asking at home, go on), so a grammar.
"""

from __future__ import annotations

import re

from dialogs.commands import core, is_yes
from nlp.hanzi import to_simplified

_KIN = r"(?:家里人?|家人|儿子|女儿|闺女|老伴|老头子?|老婆|老公|爱人|孩子|孙子|孙女|媳妇)"
# "想好了", "考虑过了", "跟我儿子商量好了", "看完了", "想了想": thought over, asked at home.
_OVER = (r"(?:我|俺|咱)?(?:已经|都|也)?(?:(?:跟|和|同)?(?:我|俺)?" + _KIN + r")?"
         r"(?:想|考虑|商量|琢磨|合计|问|看|读)(?:了想|了一下|过|好|完|清楚|明白|通)+了?"
         # "问过我闺女了", "跟家里商量过了": whom one asked, after the verb
         r"(?:(?:跟|和|同)?(?:我|俺)?" + _KIN + r"了?)?")
# "开始吧", "恁问吧", "那就来吧", "接着弄": go on.
_GO_ON = r"(?:那|那就|就)?(?:(?:你|您|恁)(?:们)?)?(?:开始|来|继续|接着|问|说|登记|弄)(?:吧|哈|啊)?"
_AROUND = re.compile(r"(?:" + _OVER + "|" + _GO_ON + r"|好了|行了|那|那就|嗯+|哦|啊|吧|了)")
_CLAUSE = re.compile(r"[，,。.！!；;、~～\s]+")


def consents_in_words(text: str) -> bool:
    """One clause is a yes once the words around it are gone, every other clause is only
    such words (module docstring)."""
    t = to_simplified(text)
    if len(core(t)) > 24:
        return False
    yes = False
    for clause in (c for c in _CLAUSE.split(t) if core(c)):
        rest = _AROUND.sub("", core(clause))
        if not rest:
            continue
        if not is_yes(rest):
            return False
        yes = True
    return yes
