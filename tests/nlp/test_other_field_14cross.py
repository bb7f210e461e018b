"""The readers of a message that answers another question than the one asked (nlp.other_field),
local landlines after their word (nlp.phones.cued_landlines) and contact talk
(nlp.contact_talk). Own wordings; the dialog's use is in
tests/dialogs/test_value_for_another_field_14cross.py."""

from __future__ import annotations

import pytest

from nlp.contact_talk import without_contact_talk
from nlp.other_field import called_only, estate_and_units, wanted
from nlp.phones import cued_landlines


@pytest.mark.parametrize(("text", "place"), [
    ("盛世华庭7栋", "盛世华庭7栋"),
    ("翰林华府3栋302", "翰林华府3栋302"),
    ("恒大名都7号楼2单元", "恒大名都7号楼2单元"),
    ("俺住在书香门第 5栋", "书香门第5栋"),
    ("就在那个阳光城小区十八栋那边", "阳光城小区十八栋"),
    ("和平小区2栋", "和平小区2栋"),
    ("陽光花園3棟", "阳光花园3栋"),
    ("东方花园二期5幢", "东方花园二期5幢"),
])
def test_an_estate_and_its_units_is_a_place(text, place):
    assert estate_and_units(text) == place


@pytest.mark.parametrize("text", ["我住五楼", "三组", "村里的老房子", "他家3栋", "我给了5栋",
                                  "盛世华庭", "要工资", "去年腊月找过3回", "上个月15号",
                                  "去年腊月8号", "今年3月"])
def test_no_estate_and_units_is_no_such_place(text):
    assert estate_and_units(text) is None


@pytest.mark.parametrize("text", ["要工资", "俺就想把工钱要回来", "还我血汗钱就行", "把钱结了就行",
                                  "我就要他把八个月的工钱一分不少给我", "就想要个说法", "俺就要老板把钱结了"])
def test_a_want_said_as_a_whole_is_the_request(text):
    assert wanted(text)


@pytest.mark.parametrize("text", ["想反映个事", "要多久", "他们要我签字", "我要投诉", "想问一下",
                                  "要了好几次", "我想想", "要不算了", "老板一直要我们加班",
                                  "要不要带身份证？", "金南镇", "想起来了 是去年冬天的事",
                                  "要交三百块才给办", "要走好几里路"])
def test_no_want_of_ones_own_is_no_request(text):
    assert wanted(text) is None


@pytest.mark.parametrize(("text", "number"), [
    ("没有手机 家里座机 八六九零一二三四", "0517-86901234"),
    ("有事打俺家座机 86901234", "0517-86901234"),
    ("打村部电话吧 八三二一四五六七 让他们喊我", "0517-83214567"),
    ("我只有座机号码是8690 1234", "0517-86901234"),
])
def test_eight_digits_after_a_phone_word_are_a_local_landline(text, number):
    assert [p.number for p in cued_landlines(text)] == [number]


@pytest.mark.parametrize("text", ["工钱欠了86901234元", "身份证后八位是19650312", "家里座机 13851726409",
                                  "电话 0517 8690 1234"])
def test_other_digits_are_no_local_landline(text):
    assert cued_landlines(text) == []


@pytest.mark.parametrize(("text", "left"), [
    ("老年机没开 打家里的", ""),
    ("打村部电话吧 让他们喊我", ""),
    ("我没手机 家里也没装座机", ""),
    ("厂里打人了 没人管", "厂里打人了 没人管"),
    ("手机不会用 路灯坏了半年", "路灯坏了半年"),
])
def test_talk_about_the_phone_is_cut_and_the_matter_kept(text, left):
    assert without_contact_talk(text) == left


@pytest.mark.parametrize(("name", "called"), [
    ("姜老汉", True), ("卞先生", True), ("老孟", True), ("李阿姨", True), ("欧阳先生", True),
    ("姜汉清", False), ("孟庆丰", False), ("欧阳明", False), ("老", False),
])
def test_how_one_is_called_is_no_full_name(name, called):
    assert called_only(name) is called
