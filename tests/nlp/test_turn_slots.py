"""Corrections with their new value, refusals of a field, places, request clauses."""

from __future__ import annotations

import pytest

from nlp.entities import Gazetteer
from nlp.names import NameReader, Surnames
from nlp.turn_slots import (
    ValueTyper,
    find_correction,
    find_place,
    find_refusal,
    find_request,
    place_answer,
)


@pytest.fixture(scope="module")
def gazetteer(config_dir) -> Gazetteer:
    return Gazetteer.from_toml(config_dir / "towns.toml")


@pytest.fixture(scope="module")
def typer(config_dir, gazetteer) -> ValueTyper:
    return ValueTyper(gazetteer, NameReader(Surnames.load(config_dir / "nlp" / "surnames.txt")))


@pytest.mark.parametrize("text,field,value", [
    ("不是戴楼，是黎城", "town", "黎城街道"),
    ("不在金南在吕良", "town", "吕良镇"),
    ("是银集不是前锋", "town", "银涂镇"),                     # old name -> today's town
    ("手机号打错了，应该是一八八 幺二三四 洞洞九九", "phone", "18812340099"),
    ("电话改为15900001111", "phone", "15900001111"),
    ("姓名填错了，正确的是欧阳春燕", "name", "欧阳春燕"),
    ("我叫卞玉芬不是卞玉分", "name", "卞玉芬"),
    ("住址更正为朱河村九组", "address", "朱河村九组"),
    ("门牌号错了，是健康路33号", "address", "健康路33号"),
    ("诉求改成希望补发三个月的工资", "request", "希望补发三个月的工资"),
])
def test_a_correction_carries_field_and_new_value(typer, text, field, value):
    c = find_correction(text, "confirm", typer)
    assert c is not None and (c.field, c.value) == (field, value)


def test_a_correction_without_a_field_word_takes_the_kind_of_value(typer):
    c = find_correction("刚才说错了，是塔集", "confirm", typer)
    assert c is not None and (c.field, c.value) == ("town", "塔集镇")
    c = find_correction("说错了应该是13600002222", "", typer)
    assert c is not None and (c.field, c.value) == ("phone", "13600002222")


@pytest.mark.parametrize("text", [
    "不是我不想管，是真管不了", "老板说改成下个月发工资", "电话改成139",
    "他们家的狗不是第一次咬人了",
])
def test_no_correction_without_a_usable_value(typer, text):
    assert find_correction(text, "confirm", typer) is None


@pytest.mark.parametrize("text,expecting,field", [
    ("名字我就不留了", "name", "name"),
    ("手机号就免了", "phone", "phone"),
    ("门牌号不想讲", "address", "address"),
    ("乡镇保密", "town", "town"),
    ("不方便透露我的名字", "phone", "name"),        # the field named wins over the one asked
    ("这个就算了吧", "address", "address"),         # nothing named: the one asked
    ("我要匿名反映", "name", "name"),
])
def test_refusals(text, expecting, field):
    assert find_refusal(text, expecting) == field


@pytest.mark.parametrize("text", [
    "老板不给报销", "我们村的路不修", "建设村五组", "我不想再等了，村里的路到底什么时候修好？？？？？？",
])
def test_not_refusals(text):
    assert find_refusal(text, "address") is None


@pytest.mark.parametrize("text,place", [
    ("夹沟村八组", "夹沟村八组"),
    ("吕良镇朱河村", "朱河村"),
    ("就在汽车站对面", "汽车站对面"),
    ("衡阳路106号", "衡阳路106号"),
])
def test_place_answers(gazetteer, text, place):
    assert place_answer(text, gazetteer) == place


@pytest.mark.parametrize("text", ["匿名", "保密", "不想说", "不知道", "算了", "实名"])
def test_an_address_is_never_a_refusal_or_anonymity_word(gazetteer, text):
    assert place_answer(text, gazetteer) is None and find_place(text, gazetteer) is None


@pytest.mark.parametrize("text,wanted", [
    ("下水道一直堵，建议把管子换粗一点", "建议把管子换粗一点"),
    ("我们强烈要求厂子停产整改。", "我们强烈要求厂子停产整改"),
    ("说了好几次了，希望领导重视一下", "希望领导重视一下"),
])
def test_request_clauses(text, wanted):
    assert find_request(text) == wanted


def test_no_request_clause_in_a_plain_story():
    assert find_request("村口的路灯坏了半年了") is None


def test_another_place_named_in_a_comparison_is_no_address():
    assert find_place("俺家的补贴一直没到账，其他村的早就到了") is None
    assert find_place("人家小区都装了路灯，就我们没有") is None
