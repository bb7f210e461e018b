"""Traditional characters to simplified, character by character, before a message is read.

Citizens from Hong Kong, Taiwan or abroad, and phones set to 繁體 input, write 電話號碼, 請問;
the rules and the intent model are written for simplified text. The table is hanziconv's
one-to-one character map (only characters that differ); a message with none of them costs one
regex scan.
"""

from __future__ import annotations

import functools
import re

from hanziconv.charmap import simplified_charmap, traditional_charmap

# Characters that are common in simplified text as they are: never rewritten.
_KEEP = frozenset("著乾後於藉瞭準製麵鬆彆")
_TABLE = {ord(t): ord(s) for t, s in zip(traditional_charmap, simplified_charmap, strict=True)
          if t != s and t not in _KEEP}
_ANY = re.compile("[" + "".join(re.escape(chr(c)) for c in _TABLE) + "]")


@functools.lru_cache(maxsize=512)
def to_simplified(text: str) -> str:
    """`text` with traditional characters replaced by simplified ones (length unchanged)."""
    return text.translate(_TABLE) if _ANY.search(text) else text
