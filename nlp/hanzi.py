"""Traditional characters to simplified, character by character, before a message is read.

Citizens from Hong Kong, Taiwan or abroad, and phones set to 繁體 input, write 電話號碼, 請問;
the rules and the intent model are written for simplified text. The table is hanziconv's
one-to-one character map, only for characters outside GB 2312 (the simplified set), so no
character of simplified text is ever rewritten; a message with none of them costs one regex scan.
"""

from __future__ import annotations

import functools
import re

from hanziconv.charmap import simplified_charmap, traditional_charmap


def _simplified_already(c: str) -> bool:
    """In GB 2312, the simplified character set: a character of simplified text as it is (佘 is
    a surname, not a form of 畲; 乾, 著 are words of their own)."""
    try:
        c.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


_SURNAMES = frozenset("郤")  # outside GB 2312 but a surname of its own, not a form of 却
_TABLE = {ord(t): ord(s) for t, s in zip(traditional_charmap, simplified_charmap, strict=True)
          if t != s and not _simplified_already(t) and t not in _SURNAMES}
_ANY = re.compile("[" + "".join(re.escape(chr(c)) for c in _TABLE) + "]")


@functools.lru_cache(maxsize=512)
def to_simplified(text: str) -> str:
    """`text` with traditional characters replaced by simplified ones (length unchanged)."""
    return text.translate(_TABLE) if _ANY.search(text) else text


_NOT_CJK = re.compile(r"[^\u4e00-\u9fff]+")


def cjk_count(text: str) -> int:
    """How many CJK ideographs (U+4E00..U+9FFF) `text` has."""
    return len(_NOT_CJK.sub("", text))
