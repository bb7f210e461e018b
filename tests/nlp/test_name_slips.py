"""nlp.names: the input method's slips in the words introducing a name, and X某 then the name."""

from __future__ import annotations

import pytest

from nlp.names import input_slips


@pytest.mark.parametrize(("said", "meant"), [
    ("我教满丽娟", "我叫满丽娟"),
    ("俺较孔繁荣", "俺叫孔繁荣"),
    ("我的名子是葛德明", "我的名字是葛德明"),
    ("免贵性王", "免贵姓王"),
    ("我交了三百块钱的押金", "我交了三百块钱的押金"),  # a story: 交 is no slip there
    ("我性格直", "我性格直"),
])
def test_input_slips(said, meant):
    assert input_slips(said) == meant


@pytest.mark.parametrize(("text", "name"), [
    ("我是金北街道开理发店的龚某 龚秀珍", "龚秀珍"),
    ("本人郁某，全名郁建军", "郁建军"),
    ("我是黎城街道做早点的韦某 韦秀兰 城管把我的推车收走了", "韦秀兰"),
])
def test_x_mou_then_the_full_name(understanding, text, name):
    found = understanding.names.find(text)
    assert found is not None and found.name == name and not found.surname_only


def test_x_mou_alone_stays_what_it_is(understanding):
    found = understanding.names.find("我是金南镇开小卖部的付某")
    assert found is not None and found.name == "付某"
