"""Openers that frame what follows and say nothing themselves (issue 14, round n).

"不是我说，村干部做事太不像话了": 不是我说 / 不是俺瞎讲 / 不是我夸张 / 不是我冤枉他 / 不是我们故意找事 /
不是我不讲理 open a statement the way "说句实话" does. Their 不是 corrects nothing. A grammar,
closed on purpose: 不是 + the speaker (我, 俺, 咱, with 们) + a verb of saying or of making
trouble, then a pause and more words. "不是我说的" (a denial) has no pause after it and is not
an opener.
"""

from __future__ import annotations

import re

from nlp.hanzi import to_simplified

_OPENER = re.compile(
    r"^\s*(?:哎|唉|嗨|哎呀|说实话|老实讲)?[，,\s]*不是(?:我|俺|咱|偶)(?:们)?(?:故意|要|想|非要|存心|成心)?"
    r"(?:说|讲|港|瞎说|乱说|瞎讲|乱讲|胡说|夸张|吹|吹牛|说大话|冤枉(?:他|她|他们|人)?|多事|多嘴|找事|找茬|闹事|"
    r"不讲理|不讲道理|不懂事|计较|小气|为难(?:他|她|他们|谁)?|告状)"
    r"(?:啊|哦|呀|哈|嘛|呢|哟|噢)?(?:[，,。.！!…~～\s]|[\U0001F300-\U0001FAFF\u2600-\u27BF\u200d\ufe0f])+")
_MIN_REST = 4


def after_opener(text: str) -> str | None:
    """What follows such an opener at the start of `text` (the opener dropped), or None when the
    message does not open so or nothing of substance follows."""
    m = _OPENER.match(to_simplified(text))
    if m is None:
        return None
    rest = text[m.end():].strip()
    return rest if len(re.findall(r"[\u4e00-\u9fff]", rest)) >= _MIN_REST else None
