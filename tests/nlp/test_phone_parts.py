"""A phone number corrected by the part that was wrong (nlp.phone_parts): the grammar of a
position and the new digits, and what is no such correction."""

from __future__ import annotations

import pytest

from nlp.phone_parts import corrected_number, part_fix

NUMBER = "13952417736"


@pytest.mark.parametrize("said,meant", [
    ("后四位是7763", "13952417763"),
    ("最后一位是5", "13952417735"),
    ("尾号七六三七", "13952417637"),
    ("末尾两位应该是63", "13952417763"),
    ("前三位是138 不是139", "13852417736"),
    ("开头是158", "15852417736"),
    ("中间四位打错了 是0517", "13905177736"),
    ("倒数第二位是9", "13952417796"),
    ("第三位是8", "13852417736"),
    ("最后两个数是63 不是36", "13952417763"),
    ("後四位是7763", "13952417763"),
    ("后4位是 七 七 六 三", "13952417763"),
])
def test_the_part_said_wrong_is_replaced(said, meant):
    assert corrected_number(NUMBER, said) == meant


def test_a_landline_keeps_its_dash():
    assert corrected_number("0517-86901234", "后四位是1243") == "0517-86901243"


@pytest.mark.parametrize("said", [
    "后四位是7736",  # the same digits: nothing changed
    "后四位是776",  # three digits for four places
    "我家后四组的路坏了",
    "前三位是对的",
    "电话13952417736 就这个",
    "我们村有四五十户 最后一户姓王",
    "前两年开始的 已经三年了",
    "第二个月就停了",
    "中间四位是13952417736",  # a whole number is no part
])
def test_no_part_correction(said):
    assert corrected_number(NUMBER, said) is None


def test_the_digits_it_is_not_are_skipped():
    fix = part_fix("最后一位不是6 是5")
    assert fix is not None and fix.digits == "5"
