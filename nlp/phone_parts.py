"""A phone number corrected by the part that was wrong.

People who notice a slip in a number rarely say it again whole: they name the part and give its
digits ("后四位是4791", "最后一位是8", "尾号七六三六", "前三位是158 不是159", "中间四位打错了 是0571",
"倒数第二位是2"). This is a closed grammar (a position, then the new digits, spoken or written),
so it is read by rule: `part_fix` finds it in a message, `patched` applies it to a number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlp.entities import normalize
from nlp.hanzi import to_simplified

_SPOKEN = str.maketrans("零〇一幺二两三四五六七八九洞拐勾", "001122345678907" + "9")
_DIGITS = r"[0-9零〇一幺二两三四五六七八九洞拐勾]"
_COUNT = r"[1-9一二两三四五六七八]"
_UNIT = r"(?:位数?|个数字?|个号|个字|码)"
# Where the wrong part is: the end (后四位, 最后一位, 尾号), the start (前三位, 开头), the middle
# (中间四位), one place (第五位, 倒数第二位).
_POSITION = re.compile(
    rf"(?P<end>(?:最后面?|后面?|末尾?|尾巴?上?的?|倒数)(?:的)?{_COUNT}{_UNIT}|最后一{_UNIT}|末位|"
    rf"尾[号数]|末尾|最后面?(?=是|应该|打|写|错|不对))|"
    rf"(?P<start>(?:前面?|开头的?){_COUNT}{_UNIT}|开头)|"
    rf"(?P<middle>中间{_COUNT}{_UNIT})|"
    rf"(?P<place>(?P<back>倒数)?第{_COUNT}{_UNIT})")
_NEG = re.compile(r"不是\s*$")
_RUN = re.compile(_DIGITS + r"(?:\s?" + _DIGITS + ")*")
_NUMBER = re.compile(_DIGITS + r"(?:[\s\-]?" + _DIGITS + "){6,}")


@dataclass(frozen=True, slots=True)
class PartFix:
    where: str  # "end" | "start" | "middle" | "place"
    count: int | None  # how many digits the part has, when said (后四位); None: as many as given
    place: int | None  # for "place": 1-based index, negative from the end (倒数第二位 -> -2)
    digits: str  # the new digits, ASCII


def _count(s: str | None) -> int | None:
    return int(s.translate(_SPOKEN)) if s else None


def part_fix(text: str) -> PartFix | None:
    """The part of a number said to be wrong and its new digits, or None."""
    t = normalize(to_simplified(text)).replace("後", "后")  # (後 is 后 wherever a number is read)
    for m in _POSITION.finditer(t):
        c = re.search(_COUNT + "(?=" + _UNIT + ")", m.group(0))
        n = _count(c.group(0)) if c else (1 if m.group(0) == "末位" else None)
        where = next(w for w in ("end", "start", "middle", "place") if m.group(w))
        rest = t[m.end():]
        for v in _RUN.finditer(rest):
            if _NEG.search(rest[:v.start()]) or _NUMBER.fullmatch(v.group(0)):
                continue  # "…是98 不是89": the digits it is not; a whole number is no part
            value = re.sub(r"\s", "", v.group(0)).translate(_SPOKEN)
            if where == "place":
                if n is not None and len(value) == 1:
                    return PartFix("place", 1, -n if m.group("back") else n, value)
            elif n is None and where != "middle" or n == len(value):
                return PartFix(where, n, None, value)
    return None


def patched(number: str, fix: PartFix) -> str | None:
    """`number` (digits, a landline may hold one dash) with `fix` applied; None when the part
    does not fit it or changes nothing."""
    digits = number.replace("-", "")
    k = len(fix.digits)
    if k >= len(digits):
        return None
    if fix.where == "end":
        out = digits[:-k] + fix.digits
    elif fix.where == "start":
        out = fix.digits + digits[k:]
    elif fix.where == "middle":
        if len(digits) != 11 or k != 4:
            return None  # (the middle of a mobile is its 3-4-4 middle group)
        out = digits[:3] + fix.digits + digits[7:]
    else:
        assert fix.place is not None
        i = fix.place - 1 if fix.place > 0 else len(digits) + fix.place
        if not 0 <= i < len(digits):
            return None
        out = digits[:i] + fix.digits + digits[i + 1:]
    if out == digits:
        return None
    return out[:4] + "-" + out[4:] if "-" in number else out


def corrected_number(number: str, text: str) -> str | None:
    """`number` corrected by the part `text` says was wrong, or None."""
    fix = part_fix(text)
    return patched(number, fix) if fix is not None else None
