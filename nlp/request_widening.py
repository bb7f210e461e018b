"""A request widened rather than replaced ("诉求改一下 不光要补偿款 还要把账目公示出来", "要求不只是修路
还要追究施工队的责任", "修路之外还要把积水排掉", "诉求补充一下 另外要公开账目"): the part added.

A grammar, closed on purpose (Chinese additive connectives are a small set):
- 不光 / 不仅 / 不只 / 不单(单) / 除了 … then 还 / 也 / 另外 / 再 …: what follows the second is added;
- … 之外 / 以外 then 还 / 也 …: the same;
- a request word with 补充 / 另外 / 再加 (诉求补充一下 另外要…): what follows is added.
The first part restates what was asked (不光要修路): it is not stored again.
"""

from __future__ import annotations

import re

from nlp.hanzi import to_simplified

_STOP = "，,。.！!？?；;、 \n"
_THEN = r"(?:还|也|另外|再)(?:要|想|希望|得|需要|请)?"
_PAIRED = re.compile(r"(?:不光|不仅|不只|不单单?|除了|除去)[^。！!？?；;]{1,24}?(?:[，,\s]|(?<=[\u4e00-\u9fff]))"
                     + _THEN + r"(?P<added>[^。！!？?；;]{2,60})$")
_BEYOND = re.compile(r"(?:之外|以外)[，,\s]*" + _THEN + r"(?P<added>[^。！!？?；;]{2,60})$")
_MORE = re.compile(r"(?:诉求|要求|请求)[^，,。\s]{0,4}?(?:补充|再加|另外加|加)(?:一下|一点|一条|一个|几句)?[，,。:：\s]+"
                   r"(?:另外|还有|还|也|再加上|再)(?:要|想|希望|得|需要|请)?(?P<added>[^。！!？?；;]{2,60})$")
_QUESTION = re.compile(r"[?？吗呢]$")


def added_request(text: str) -> str | None:
    """The part `text` adds to a request it widens (module docstring), or None."""
    t = to_simplified(text).strip(_STOP)
    if _QUESTION.search(t):
        return None
    for rx in (_PAIRED, _BEYOND, _MORE):
        m = rx.search(t)
        if m:
            start = m.start("added")
            added = text.strip(_STOP)[start:start + len(m.group("added"))].strip(_STOP)
            return added if len(re.findall(r"[\u4e00-\u9fff]", added)) >= 2 else None
    return None
