"""Phone numbers as voice input writes them: spelled-out digits, 幺/两/洞/拐/勾, separators."""

from __future__ import annotations

import pytest

from nlp.phones import before_phone, digit_count, find_spoken_phones, joined_halves


@pytest.mark.parametrize("text,number", [
    ("幺五二 两两八四 洞七六九", "15222840769"),
    ("一八六，零零三一，四五六七", "18600314567"),
    ("我手机1五8-2拐3勾-0011", "15827390011"),
    ("１５９　２２３３　４４５５", "15922334455"),
    ("洞五幺拐 八六九洞四四四二", "0517-86904442"),
])
def test_spoken_and_mixed_numbers(text, number):
    assert [p.number for p in find_spoken_phones(text, answer=True)] == [number]


def test_a_bare_local_number_counts_only_as_an_answer():
    assert find_spoken_phones("八六九零一一二二") == []
    assert [p.number for p in find_spoken_phones("八六九零一一二二", answer=True)] == ["0517-86901122"]


@pytest.mark.parametrize("text", ["两个人一直在吵", "一三五去镇上", "五六个人三四天", "第一二三组"])
def test_numerals_in_words_are_not_phones(text):
    assert find_spoken_phones(text, answer=True) == []


def test_digit_count_says_how_long_a_wrong_number_is():
    assert digit_count("幺三八 一二三四 五六七") == 10


@pytest.mark.parametrize(("first", "second", "number"), [
    ("0517 8690", "1234", "0517-86901234"),  # a landline in two parts
    ("1395172660", "1395172660", None),  # a wrong number said twice is no two halves
    ("我家三口人", "13951726608", None),  # a word's digit is no first half
    ("139 5172", "好的", None),  # no second half
    ("13951726608", "12", None),  # the first was a number already
    ("139 5172", "66 08 99", None),  # 13 digits: no number
])
def test_joined_halves_only_when_they_make_one_number(first, second, number):
    assert joined_halves(first, second) == number


# ---------------------------------------------------------------- what comes before a number
@pytest.mark.parametrize("text,head", [
    ("要求赶紧修 俺手机 幺五九 二六八三 四四七零", "要求赶紧修"),
    ("请尽快接通 有啥事打这个号13951728846", "请尽快接通"),
    ("希望给个说法 找俺就打 18762034519", "希望给个说法"),
    ("要求恢复供水 有消息回个电话 13651728890", "要求恢复供水"),
    ("要求把工钱结给我 13912345678", "要求把工钱结给我"),  # (我 with no contact word stays)
    ("要求把路修好", "要求把路修好"),
])
def test_before_phone(text, head):
    assert before_phone(text).strip() == head
