"""The cheaper entity code gives what the straightforward code gave (kept here as the reference).

tests/bench/bench_entities.py measures the difference in cost.
"""

from __future__ import annotations

import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from nlp import entities
from nlp.entities import (
    _CN_DIGIT,
    _CN_DIGIT_RUN,
    _FOLD,
    _LANDLINE_RE,
    _LOCAL_RE,
    _MOBILE_RE,
    Phone,
    _digits,
    find_phones,
    normalize,
    normalize_phone,
    phone_problem,
)

# Characters the entity code treats specially, so that generated strings hit them often.
_SPECIAL = (
    "".join(map(chr, _FOLD)) + "0123456789 +-()xX零〇一幺二三四五六七八九"
)
_texts = st.text(alphabet=st.sampled_from(_SPECIAL) | st.characters(), max_size=60)
# Pieces of phone numbers as people type them, in any order: most strings hold a number or
# nearly one.
_PHONE_BITS = ["0517", "(0517)", "（０５１７）", "86", "+86", "0086", "139", "1", "2", "8690",
               "1234", "5678", "１３９", " ", "-", "－", "　", "+", "一三九", "幺", "零", "电话",
               "，", "x", "我"]
_numbers = st.from_regex(
    r"(\+86|0086|86)?[ -]?1[3-9]([ -]?[0-9]){8,10}|\(?0517\)?[ -]?([ -]?[0-9]){7,9}"
    r"|[2-9][0-9]{6,8}|[一幺][三五八][零一二三四五六七八九幺]{9}", fullmatch=True)
_bits = st.lists(st.sampled_from(_PHONE_BITS) | st.text(max_size=2), max_size=6).map("".join)
_phone_texts = st.tuples(_bits, _numbers, _bits, _numbers | _bits, _bits).map("".join)


def test_normalize_is_the_translation_on_every_code_point() -> None:
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    assert entities.normalize.__wrapped__(every) == every.translate(_FOLD)


@given(_texts)
def test_normalize_is_the_translation(text: str) -> None:
    assert normalize(text) == text.translate(_FOLD)
    assert normalize(text) == text.translate(_FOLD)  # the cached answer too


# --- the reference: find_phones and phone_problem before they were made cheaper


def _ref_find_phones(text: str, *, assume_local: bool = False) -> list[Phone]:
    t = _CN_DIGIT_RUN.sub(lambda m: m.group(0).translate(_CN_DIGIT), text.translate(_FOLD))
    found: list[Phone] = []
    taken: list[tuple[int, int]] = []
    for m in _MOBILE_RE.finditer(t):
        found.append(Phone(_digits(m.group(1)), "mobile", m.span()))
        taken.append(m.span())
    for m in _LANDLINE_RE.finditer(t):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        local = _digits(m.group(1))[4:]
        found.append(Phone("0517-" + local, "landline", m.span()))
    if not found and assume_local:
        bare = _LOCAL_RE.match(t)
        if bare:
            found.append(Phone("0517-" + _digits(bare.group(1)), "landline", bare.span(1)))
    found.sort(key=lambda p: p.span)
    return found


def _ref_phone_problem(text: str) -> str | None:
    if _ref_find_phones(text, assume_local=True):
        return None
    d = _digits(_CN_DIGIT_RUN.sub(lambda m: m.group(0).translate(_CN_DIGIT),
                                  text.translate(_FOLD)))
    if d.startswith("0086"):
        d = d[4:]
    elif d.startswith("86") and len(d) > 11:
        d = d[2:]
    if not d:
        return "no_digits"
    if d.startswith("1"):
        return "mobile_length"
    if d.startswith("0") and not d.startswith("0517"):
        return "other_area"
    return "unknown"


@settings(max_examples=500)
@given(_phone_texts | _texts)
def test_phones_as_before(text: str) -> None:
    for local in (False, True):
        assert find_phones(text, assume_local=local) == _ref_find_phones(text, assume_local=local)
    ref = _ref_find_phones(text, assume_local=True)
    assert normalize_phone(text) == (ref[0].number if len(ref) == 1 else None)
    assert phone_problem(text) == _ref_phone_problem(text)
