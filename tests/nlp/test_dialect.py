"""Dialect words read as the standard ones (nlp.dialect), only where they stand as verbs."""

from __future__ import annotations

import pytest

from nlp.dialect import standard


@pytest.mark.parametrize(("said", "read"), [
    ("具体地方就不港了吧", "具体地方就不说了吧"),
    ("晚上回去再跟你港", "晚上回去再跟你说"),
    ("哪个组俺不想港", "哪个组俺不想说"),
    ("电话我明朝再告诉你", "电话我明天再告诉你"),
    ("港不清楚", "说不清楚"),
])
def test_the_verb_is_read_as_the_standard_word(said, read):
    assert standard(said) == read


@pytest.mark.parametrize("place", ["住在新港村三组", "港口那边的路", "金港花园5栋"])
def test_a_place_keeps_its_name(place):
    assert standard(place) == place
