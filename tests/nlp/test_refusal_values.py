"""A refusal that carries a value (nlp/refusal_values.py, issue 14), with sentences written for
these tests: the value is found for the field, and a refusal alone gives none."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.entities import Gazetteer
from nlp.names import NameReader, Surnames
from nlp.refusal_values import beside_refusal, clauses

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def readers() -> tuple[NameReader, Gazetteer]:
    return (NameReader(Surnames.load(ROOT / "config" / "nlp" / "surnames.txt")),
            Gazetteer.from_toml(ROOT / "config" / "towns.toml"))


@pytest.mark.parametrize(("text", "field", "value"), [
    ("门牌号不方便讲，你就写幸福家园小区吧", "address", "幸福家园小区"),
    ("几组就算了 记个高桥村", "address", "高桥村"),
    ("組就不說了寫唐港村", "address", "唐港村"),  # traditional, no pause
    ("真名不想留，就写李女士吧", "name", "李女士"),
    ("全名就不讲了，叫我老马就行", "name", "老马"),
    ("我的手机不想给，打我女儿的一五八六一一一二二二二吧", "phone", "15861112222"),
    ("手机号就不留了，家里座机86907777", "phone", "0517-86907777"),
    ("真名就不讲了，我姓缪", "name", "缪"),  # the surname said whole
    ("手机不给了，家里座机号码是86901111", "phone", "0517-86901111"),
])
def test_the_value_beside_a_refusal(readers, text, field, value):
    names, gazetteer = readers
    kept = beside_refusal(text, field, names, gazetteer)
    assert kept is not None and kept.field == field and kept.value == value


@pytest.mark.parametrize(("text", "field"), [
    ("门牌号就不说了", "address"), ("名字就算了吧", "name"), ("电话不方便留", "phone"),
    ("村里不给修，找了好几次", "address"), ("夹沟村五组", "address"),
    ("名字不想说，怕村里知道", "name"),
])
def test_no_value_or_no_refusal_is_none(readers, text, field):
    names, gazetteer = readers
    assert beside_refusal(text, field, names, gazetteer) is None


def test_a_refusal_ends_a_clause_without_a_pause():
    assert clauses("组就算了写夹沟村") == ["组就算了", "写夹沟村"]
