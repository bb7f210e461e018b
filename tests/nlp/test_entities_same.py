"""The cheaper entity code gives what the straightforward code gave (kept here as the reference).

tests/bench/bench_entities.py measures the difference in cost.
"""

from __future__ import annotations

import re
import sys
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from nlp import entities
from nlp.entities import (
    _CN_DIGIT,
    _CN_DIGIT_RUN,
    _FOLD,
    _ID_CHECK,
    _ID_RE,
    _ID_WEIGHTS,
    _LANDLINE_RE,
    _LOCAL_RE,
    _MOBILE_RE,
    _NAME_INTRO,
    _NAME_TAIL,
    _NOT_NAMES,
    _SURNAME_INTRO,
    SURNAMES,
    SURNAMES_COMPOUND,
    NameMention,
    Phone,
    _digits,
    find_ids,
    find_name,
    find_phones,
    id_checksum_ok,
    mask_id,
    mask_ids,
    normalize,
    normalize_phone,
    phone_problem,
    plausible_name,
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


@settings(max_examples=300)
@given(_phone_texts | _texts)
def test_phones_as_before(text: str) -> None:
    for local in (False, True):
        assert find_phones(text, assume_local=local) == _ref_find_phones(text, assume_local=local)
    ref = _ref_find_phones(text, assume_local=True)
    assert normalize_phone(text) == (ref[0].number if len(ref) == 1 else None)
    assert phone_problem(text) == _ref_phone_problem(text)


# --- the reference: names before they were made cheaper


def _ref_plausible_name(s: str) -> bool:
    s = s.strip()
    if "·" in s:
        parts = s.split("·")
        return all(re.fullmatch(r"[\u4e00-\u9fff]{1,6}", p) for p in parts) and len(s) <= 15
    if not re.fullmatch(r"[\u4e00-\u9fff]{2,4}", s) or s in entities._COMMON_WORDS:
        return False
    if any(s.startswith(w) or w in s for w in _NOT_NAMES if len(w) >= 2):
        return False
    if s[-1] in "的了吗呢吧啊呀镇村区县市路街组":
        return False
    return entities._surname_of(s) is not None


def _ref_find_name(text: str) -> NameMention | None:
    t = text.translate(_FOLD)
    for m in _NAME_INTRO.finditer(t):
        raw = _NAME_TAIL.sub("", m.group(1))
        intro = m.group(0)[: m.start(1) - m.start()]
        for n in (4, 3, 2):
            cand = raw[:n]
            if intro.startswith(("我是", "本人")):
                end = m.start(1) + len(cand)
                if end < len(t) and t[end] not in "，,。.！!；;、 \n先女":
                    continue
            if _ref_plausible_name(cand):
                return NameMention(cand, False, (m.start(), m.start(1) + len(cand)))
    m3 = re.search(r"叫我([老小])([\u4e00-\u9fff])", t)
    if m3 and m3.group(2) in SURNAMES:
        return NameMention(m3.group(1) + m3.group(2), True, m3.span())
    m2 = _SURNAME_INTRO.search(t)
    if m2:
        s = m2.group(1)
        if entities._surname_of(s) == s:
            end = m2.end(1)
            for suffix in ("先生", "女士"):
                if t.startswith(suffix, end):
                    end += len(suffix)
            return NameMention(s, True, (m2.start(), end))
    return None


_NAME_BITS = [
    "我叫", "我是", "本人", "我的名字是", "名字叫", "姓名:", "姓名：", "联系人", "免贵姓", "我姓", "姓",
    "叫我", "老", "小", "先生", "女士", "·", "，", "。", " ", "的", "村", "镇", "在", "电话", "住在",
    *SURNAMES_COMPOUND[:5], *sorted(SURNAMES)[:40], *_NOT_NAMES, *sorted(entities._COMMON_WORDS)[:40],
    "三", "娜", "买买提", "阿依古丽", "建国", "丰收了",
]
_cjk = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
_name_bits = st.lists(st.sampled_from(_NAME_BITS) | _cjk, max_size=4).map("".join)
_intro = st.sampled_from(["我叫", "我是", "本人", "名字是", "姓名：", "联系人:", "免贵姓", "我姓", "，姓",
                          "姓", "叫我老", "叫我小", ""])
_surname = st.sampled_from([*SURNAMES_COMPOUND[:5], *sorted(SURNAMES)])
_given = st.lists(_cjk | st.sampled_from(["三", "娜娜", "·", "的", "村", "民", "先生"]),
                  max_size=4).map("".join)
_name_texts = st.tuples(_name_bits, _intro, _surname, _given, _name_bits).map("".join)


@settings(max_examples=1000)
@given(_name_texts | _texts)
def test_names_as_before(text: str) -> None:
    assert find_name(text) == _ref_find_name(text)
    assert plausible_name(text) == _ref_plausible_name(text)
    for i in range(len(text)):  # the bare answers inside it ("张三", "村民", "欧阳娜娜·买买提")
        for j in range(i + 1, min(len(text), i + 16) + 1):
            assert plausible_name(text[i:j]) == _ref_plausible_name(text[i:j])


# --- the reference: ID numbers before they were made cheaper


def _ref_find_ids(text: str) -> list[str]:
    t = text.translate(_FOLD).replace(" ", "")
    return [m.group(1).upper() for m in _ID_RE.finditer(t) if id_checksum_ok(m.group(1))]


def _ref_mask_ids(text: str) -> str:
    t = text.translate(_FOLD)
    out, pos = [], 0
    for m in _ID_RE.finditer(t):
        if id_checksum_ok(m.group(1)):
            out += [text[pos : m.start(1)], mask_id(m.group(1))]
            pos = m.end(1)
    out.append(text[pos:])
    return "".join(out)


def _with_check(body: str) -> str:
    return body + _ID_CHECK[sum(int(c) * w for c, w in zip(body, _ID_WEIGHTS, strict=True)) % 11]


_ids = st.tuples(st.from_regex(r"[0-9]{6}", fullmatch=True), st.dates(date(1880, 1, 1), date(2030, 12, 31)).map(lambda d: f"{d.year:04}{d.month:02}{d.day:02}"),
                 st.from_regex(r"[0-9]{3}", fullmatch=True)).map(lambda p: _with_check("".join(p)))
_id_sep = st.sampled_from(["", " ", "x", "0", "，", "身份证", "号码是", "ａ"])
_id_texts = st.tuples(_id_sep, _ids, _id_sep, _ids | _numbers | _bits, _bits).map("".join)


@settings(max_examples=300)
@given(_id_texts | _phone_texts | _texts)
def test_ids_as_before(text: str) -> None:
    assert find_ids(text) == _ref_find_ids(text)
    assert mask_ids(text) == _ref_mask_ids(text)
