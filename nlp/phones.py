"""Phone numbers as voice input and hurried typing write them.

Speech-to-text spells digits out (一三九, 幺 for 1, 两 for 2, 洞 for 0, 拐 for 7, 勾 for 9),
mixes them with Arabic and full-width digits, and puts spaces, dashes, commas or 、 between
groups. `find_spoken_phones` turns every such run of seven or more digits into ASCII digits and
lets `nlp.entities.find_phones` decide what is a mobile or a 0517 landline, so the rules for a
valid number stay in one place.
"""

from __future__ import annotations

import re

from nlp.entities import Phone, find_phones, normalize

_SPOKEN = str.maketrans("零〇一幺二两三四五六七八九洞拐勾", "001122345678907" + "9")
_DIGIT = r"[0-9零〇一幺二两三四五六七八九洞拐勾]"
# Digits with at most one separator between two of them: a run of seven or more (a number),
# or a part of any length (a number sent in two messages).
_NEXT_DIGIT = r"(?:[\s\-,，、.·]?" + _DIGIT + ")"
_RUN = re.compile(_DIGIT + _NEXT_DIGIT + "{6,}")
_PART = re.compile(_DIGIT + _NEXT_DIGIT + "*")
_ANY_DIGIT = re.compile(_DIGIT)


def spoken_to_digits(text: str) -> str:
    """`text` (normalized) with every run of 7+ spoken or written digits as plain digits,
    separators inside the run dropped; length changes, so spans refer to the result."""

    def one(m: re.Match[str]) -> str:
        return re.sub(r"[\s\-,，、.·]", "", m.group(0)).translate(_SPOKEN)

    return _RUN.sub(one, text)


def find_spoken_phones(text: str, *, answer: bool = False) -> list[Phone]:
    """Phones in `text`, digits spoken or typed (`answer`: the message replies to "your
    phone?", so a bare 8-digit local number counts). Spans refer to the converted text."""
    t = normalize(text)
    if not _ANY_DIGIT.search(t):
        return []
    return find_phones(spoken_to_digits(t), assume_local=answer)


def spoken_phone_spans(text: str) -> list[tuple[str, tuple[int, int]]]:
    """(number, span) of each phone in `text`, digits spoken or typed, with spans in `text`
    itself (normalized, same length), separators inside the number included: "手机幺三八 幺二五八
    七六零三金南镇…" -> the span from 幺 to 三, so the number can be cut out whole."""
    t = normalize(text)
    out = []
    for m in _RUN.finditer(t):
        at = [m.start() + i for i, c in enumerate(m.group(0)) if _ANY_DIGIT.match(c)]
        digits = "".join(t[i] for i in at).translate(_SPOKEN)
        for p in find_phones(digits):
            out.append((p.number, (at[p.span[0]], at[p.span[1] - 1] + 1)))
    return out


def digit_count(text: str) -> int:
    """How many digits (spoken or written) the longest digit run of `text` has: 10 or 12 means
    a mobile with a digit missing or extra, which the bot can say."""
    return max((len(r) for r in _digit_runs(text, _RUN)), default=0)


def _digit_runs(text: str, run: re.Pattern[str]) -> list[str]:
    """The digits (spoken or written, as ASCII) of each match of `run` in `text`."""
    return [re.sub(r"[^0-9]", "", m.group(0).translate(_SPOKEN)) for m in run.finditer(normalize(text))]


def joined_halves(first: str, second: str) -> str | None:
    """The number two messages make together when the first was sent before it was finished
    ("139 5172" + "6608 刚才没打完"): the first holds one run of 3-10 digits and no number of its
    own, the second's first run of two or more digits completes it to a mobile (11 digits) or a
    0517 landline (12). None when they make no number."""
    if find_spoken_phones(first, answer=True) or find_phones(normalize(first), assume_local=True):
        return None
    head = _digit_runs(first, _PART)  # (a match holds a digit at least)
    tail = [d for d in _digit_runs(second, _PART) if len(d) >= 2]
    if len(head) != 1 or not 3 <= len(head[0]) <= 10 or not tail:
        return None
    joined = head[0] + tail[0]
    if len(joined) not in (11, 12):
        return None
    phones = find_phones(joined, assume_local=False)
    return phones[0].number if len(phones) == 1 else None


# The words that lead to a number said after what one wants ("…修好 俺手机 幺五九…", "有啥事打这个号
# 139…", "找俺就打 187…", "有消息回个电话 136…"), read backwards from the number.
_LEAD_IN = re.compile(
    r"[，,。.、\s]*(?:(?:有事|有啥事|有什么事|有情况|有消息|有结果|方便的话|需要的话)[，,\s]*)?"
    r"(?:请|可以|麻烦|就)?(?:打|拨打|拨|联系|找|回个?|打给)?(?:我|俺|本人|咱)?(?:的)?(?:就)?(?:打|拨)?"
    r"(?:这个|这)?(?:联系)?(?:(?:电话|手机|電話|手機)(?:号码?|號碼?)?|号码?|號碼?|联系方式)?"
    r"(?:是|为|[:：])?[\s:：]*$")
_CONTACT_WORD = re.compile(r"电话|手机|号|联系|打|拨|找|回|電話|手機|號|有事|有消息")


def before_phone(text: str) -> str:
    """`text` up to the first phone in it (a run of seven or more digits, spoken or written),
    without the words leading to the number; `text` itself when it holds no phone."""
    m = _RUN.search(text)
    if m is None:
        return text
    head = text[:m.start()]
    lead = _LEAD_IN.search(head)
    if lead is not None and _CONTACT_WORD.search(lead.group(0)):
        return head[:lead.start()]
    return head.rstrip(" ，,。.、:：")


# A local landline said without 0517 ("家里座机 八六一二三四五六", "有事打俺家座机 86901234"): the
# eight digits right after a landline's or a phone's word (with 是 / 号码 / a pause between).
_LANDLINE_CUE = re.compile(r"(?:座机|座機|固话|固話|固定电话|家里电话|家里的电话|家里的|电话|電話|号码|號碼|打)"
                           r"(?:号码?|號碼?)?(?:是|为|[:：])?(?:吧|啊|呀)?[\s,，]*$")


def cued_landlines(text: str) -> list[Phone]:
    """0517 landlines in `text` said as their eight local digits after a phone word (digits
    spoken or typed, pauses inside); spans in `text` itself (normalized, same length)."""
    t = normalize(text)
    out = []
    for m in _RUN.finditer(t):
        at = [m.start() + i for i, c in enumerate(m.group(0)) if _ANY_DIGIT.match(c)]
        digits = "".join(t[i] for i in at).translate(_SPOKEN)
        if len(digits) == 8 and digits[0] in "23456789" and _LANDLINE_CUE.search(t[max(0, m.start() - 10):m.start()]):
            out.append(Phone("0517-" + digits, "landline", (at[0], at[-1] + 1)))
    return out
