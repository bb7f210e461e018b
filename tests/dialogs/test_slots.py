"""Reading one message: addresses, requests, answers to each question, commands and yes/no."""

from __future__ import annotations

from pathlib import Path

import pytest

from dialogs.commands import detect, is_done, is_yes, parse_rating, wants_to_add
from dialogs.slots import (
    answer_address,
    answer_description,
    answer_name,
    answer_phone,
    answer_town,
    extract,
    find_address,
    find_request,
    intent_only,
)
from nlp.entities import Gazetteer

G = Gazetteer.from_toml(Path(__file__).resolve().parents[2] / "config" / "towns.toml")


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("我是金北街道建设村三组的", "建设村三组"),
        ("住在幸福小区3栋", "幸福小区3栋"),
        ("健康路28号门口", "健康路28号"),
        ("我家在前进村", "前进村"),
        ("在吕良镇新河村二组", "新河村二组"),
        ("家住金湖县黎城街道健康路28号", "健康路28号"),
        ("前锋村", "前锋村"),  # a village named after its town keeps its name
        ("在前锋镇前锋村三组", "前锋村三组"),
        ("黎城路18号", "黎城路18号"),
        ("我要举报我们村的会计，他把村里的补偿款私吞了", None),
        ("村民们都很生气", None),
        ("我们村的路坏了", None),
        ("本村的事", None),
    ],
)
def test_find_address(text: str, address: str | None) -> None:
    assert find_address(text, G) == address


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("路坏了半年，希望尽快修好", "希望尽快修好"),
        ("要求把工资发给我们", "要求把工资发给我们"),
        ("请政府帮忙解决一下。谢谢", "请政府帮忙解决一下"),
        ("他们要求我交钱", None),  # not the citizen's request
        ("希望", None),
    ],
)
def test_find_request(text: str, wanted: str | None) -> None:
    assert find_request(text) == wanted


@pytest.mark.parametrize(
    ("text", "intent"),
    [("我要投诉", True), ("想反映个问题", True), ("你好，我想咨询一下", True), ("啊啊啊", True),
     ("路坏了", False), ("拖欠工资三个月", False), ("我要举报村干部贪污", False)],
)
def test_intent_only(text: str, intent: bool) -> None:
    assert intent_only(text) is intent


def test_description_answers() -> None:
    ex = extract("我叫张三，电话13912345678，村里的路坏了", G)
    ans = answer_description("", ex)
    assert ans.ok and ans.value == "村里的路坏了"
    ex = extract("你好，我是吕良镇的，想反映个事情", G)
    assert answer_description("", ex).problem == "ask_description_more"
    assert answer_description("", extract("asdf", G)).problem == "bad_description"
    for text in ("就这些", "好的", "没有", "是的是的"):
        assert answer_description("", extract(text, G)).problem == "ask_description_more"


def test_town_answers() -> None:
    def town(text: str) -> str | None:
        ans = answer_town(text, extract(text, G))
        return ans.value.town.name if ans.ok and ans.value else ans.special or None

    assert town("陈桥那边") == "金北街道"
    assert town("我住在黎城，但事情发生在塔集") == "塔集镇"
    assert town("不知道") == "dont_know"
    assert town("我也不清楚是哪个镇") == "dont_know"
    assert town("南京") is None


@pytest.mark.parametrize(
    ("text", "value"),
    [("建设村三组", "建设村三组"), ("卫生院对面", "卫生院对面"), ("不清楚", ""), ("前锋村", "前锋村"),
     ("塔集镇卫生院", "卫生院"), ("金湖县黎城街道", None), ("幸福家园小区东门", "幸福家园小区东门"),
     ("就在镇政府旁边", "就在镇政府旁边"), ("我家住在建设村三组，路坏了好久了", "建设村三组"),
     ("县城东边", "县城东边"), ("叫我老王就行", None), ("半年了也没人管", None)],
)
def test_address_answers(text: str, value: str | None) -> None:
    ans = answer_address(text, extract(text, G), G)
    assert (ans.value if ans.ok else None) == value


@pytest.mark.parametrize(
    ("text", "anonymity", "value", "special", "problem"),
    [
        ("张三", False, "张三", "", ""),
        ("我叫李四", False, "李四", "", ""),
        ("我姓王", False, "王", "surname", ""),
        ("叫我老王就行", False, "老王", "surname", ""),
        ("王先生", False, "王先生", "surname", ""),  # a surname with a title (issue 14)
        ("匿名", True, None, "anonymous", ""),
        ("不想说", True, None, "anonymous", ""),
        ("匿名", False, None, "", "anonymous_not_allowed"),
        ("明白", False, None, "", "bad_name"),
    ],
)
def test_name_answers(text, anonymity, value, special, problem) -> None:
    ans = answer_name(text, extract(text, G), anonymity=anonymity)
    assert (ans.value, ans.special, ans.problem) == (value, special, problem)


@pytest.mark.parametrize(
    ("text", "value", "problem"),
    [("13912345678", "13912345678", ""), ("86901234", "0517-86901234", ""),
     ("139123", None, "bad_phone_mobile_length"), ("025-86901234", None,
                                                   "bad_phone_other_area"),
     ("没有", None, "bad_phone_no_digits"), ("没有手机，家里电话86901234", "0517-86901234", ""),
     ("一三九一二三四五六七八", "13912345678", "")],
)
def test_phone_answers(text: str, value: str | None, problem: str) -> None:
    ans = answer_phone(text)
    assert (ans.value, ans.problem) == (value, problem)


@pytest.mark.parametrize(
    ("text", "kind", "number"),
    [
        ("取消", "cancel", ""), ("算了", "cancel", ""), ("不弄了", "cancel", ""),
        ("算了吧，不想说了", "cancel", ""), ("我要取消", "cancel", ""),
        ("算了，我还是打12345吧", "cancel", ""), ("转人工，我说不清楚", "human", ""),
        ("重新开始", "restart", ""), ("重来吧", "restart", ""),
        ("人工", "human", ""), ("转人工", "human", ""), ("好的，转人工吧", "human", ""),
        ("帮助", "help", ""), ("需要什么信息", "help", ""), ("？？", "help", ""),
        ("进度", "status", ""), ("查询", "status", ""),
        ("查询 JH-20261126-0042", "status", "JH-20261126-0042"),
        ("查询ｊｈ２０２６１１２６００４２", "status", "JH-20261126-0042"),
        ("JH-20261126-0042", "status", "JH-20261126-0042"),
        ("想查一下上次反映的事办得怎么样了", "status", ""),
        ("查询 JX2026-00123", "status", "JX2026-00123"),
        ("查询：金信〔2026〕123号", "status", "金信〔2026〕123号"),
    ],
)
def test_commands(text: str, kind: str, number: str) -> None:
    cmd = detect(text)
    assert cmd is not None and (cmd.kind, cmd.case_number) == (kind, number)


@pytest.mark.parametrize(
    "text",
    ["我的低保被取消了", "查询一下2023年的补贴政策", "取消了，我家的低保被取消了", "村里取消了我们的补贴，找人问也没人管", "重新开始种地以后就被罚款了",
     "工作人员态度很差", "路坏了", ""],
)
def test_not_commands(text: str) -> None:
    assert detect(text) is None


@pytest.mark.parametrize(
    ("text", "yes"),
    [("同意", True), ("好的", True), ("对，提交吧", True), ("对的没错", True), ("嗯嗯", True),
     ("确认提交", True), ("ok", True), ("可以了", True), ("嗯？", False), ("可以吗", False),
     ("不同意", False), ("对，但是电话错了", False), ("好的谢谢", True)],
)
def test_yes(text: str, yes: bool) -> None:
    assert is_yes(text) is yes


@pytest.mark.parametrize(
    ("text", "rating"),
    [("5", (5, "")), ("5分 很好", (5, "很好")), ("五星", (5, "")), ("⭐⭐⭐", (3, "")),
     ("非常满意", (5, "")), ("不满意", (2, "")), ("2分，拖得太久了", (2, "拖得太久了")),
     ("3月份的事", None), ("什么", None), ("50", None)],
)
def test_ratings(text: str, rating) -> None:
    assert parse_rating(text) == rating


def test_add_and_done() -> None:
    assert wants_to_add("等一下，我再补充一点")
    assert not wants_to_add("还有，晚上也没有路灯")
    assert is_done("就这些") and not is_done("就这些问题没人管")


def test_core_keeps_exactly_the_letters_and_digits() -> None:
    """`core` drops what is not in a Unicode letter or number category, on every code point."""
    import sys
    import unicodedata

    from dialogs.commands import _NOT_LETTER_OR_DIGIT

    kept = "".join(chr(cp) for cp in range(sys.maxunicode + 1)
                   if unicodedata.category(chr(cp))[0] in "LN")
    everything = "".join(chr(cp) for cp in range(sys.maxunicode + 1)
                         if not 0xD800 <= cp <= 0xDFFF)
    assert _NOT_LETTER_OR_DIGIT.sub("", everything) == kept
