"""Address cues, towns kept in place names, and vague answers (nlp/address_cues.py, issue 14),
with sentences written for these tests."""

from __future__ import annotations

import pytest

from nlp.address_cues import cued_place, keeps_town, too_vague


@pytest.mark.parametrize(("text", "place"), [
    ("本人是黎城街道健康社区的居民，我现居住的健康路东巷12号楼道灯坏了", "健康路东巷12号"),
    ("俺家住在夹沟村五组，门口的桥塌了", "夹沟村五组"),
    ("地址：朱河村三组18号", "朱河村三组18号"),
    ("我家在金北街道城南片区，拆迁款没给", "金北街道城南片区"),
])
def test_the_place_an_address_cue_introduces(text, place):
    assert cued_place(text) == place


@pytest.mark.parametrize("text", ["他住的地方离这远得很", "我家在村委会后面", "住在这里好多年了"])
def test_no_place_after_a_cue_is_none(text):
    assert cued_place(text) is None


@pytest.mark.parametrize(("rest", "kept"), [
    ("老街20号", True), ("口", True), ("桥头", True), ("中街菜场", True),
    ("建设村", False), ("健康路28号", False), ("", False),
])
def test_a_place_named_after_its_town_keeps_the_town(rest, kept):
    assert keeps_town(rest) is kept


@pytest.mark.parametrize("answer", ["家里", "就在这里", "在镇上", "俺家", "我们村", "那边的"])
def test_home_or_here_is_too_vague(answer):
    assert too_vague(answer)


@pytest.mark.parametrize("answer", ["粮站门口", "老供销社", "涂沟街口", "卫生院对面", "夹沟村"])
def test_a_named_landmark_is_not_vague(answer):
    assert not too_vague(answer)
