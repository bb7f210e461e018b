"""Entity extraction edge cases: how people really type numbers, places and names on a phone."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nlp.entities import (
    Gazetteer,
    cn_number,
    find_dates,
    find_ids,
    find_money,
    find_name,
    find_phones,
    haversine_km,
    id_checksum_ok,
    mask_id,
    mask_ids,
    mask_phone,
    normalize,
    normalize_phone,
    phone_problem,
    plausible_name,
)

CONFIG = Path(__file__).resolve().parents[2] / "config"


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.from_toml(CONFIG / "towns.toml")


# ------------------------------------------------------------------------------------ phones


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("13912345678", "13912345678"),
        ("１３９１２３４５６７８", "13912345678"),  # full-width digits
        ("139 1234 5678", "13912345678"),
        ("139-1234-5678", "13912345678"),
        ("139－1234－5678", "13912345678"),  # full-width dash
        ("139　1234　5678", "13912345678"),  # ideographic space
        ("+86 139 1234 5678", "13912345678"),
        ("+8613912345678", "13912345678"),
        ("8613912345678", "13912345678"),
        ("0086-13912345678", "13912345678"),
        ("我的电话是19912345678，白天打", "19912345678"),
        ("0517-86901234", "0517-86901234"),
        ("0517 8690 1234", "0517-86901234"),
        ("(0517)86901234", "0517-86901234"),
        ("（０５１７）８６９０１２３４", "0517-86901234"),
        ("051786901234", "0517-86901234"),
        ("+86 517 86901234", None),  # the trunk 0 dropped: not a form we accept in free text
    ],
)
def test_phone_forms(text: str, number: str | None) -> None:
    found = find_phones(text)
    assert [p.number for p in found] == ([number] if number else [])


def test_phone_kinds_and_order() -> None:
    found = find_phones("手机13812345678，家里座机0517-86901234")
    assert [(p.number, p.kind) for p in found] == [
        ("13812345678", "mobile"), ("0517-86901234", "landline")]


@pytest.mark.parametrize(
    "text",
    [
        "320831199001011234",  # an ID number is not a phone
        "JH-20261126-0042",  # a case number
        "2026-11-26",
        "12345678901",  # 12 is not a mobile prefix
        "1391234567",  # 10 digits
        "139123456789",  # 12 digits
        "欠了我13000元",
        "025-86901234",  # another city's landline
        "+15551234567",  # a number abroad (+1), not 155-5123-4567
        "+44 1391234567",
    ],
)
def test_not_phones(text: str) -> None:
    assert find_phones(text) == []


def test_bare_local_landline_only_as_a_whole_answer() -> None:
    assert normalize_phone("86901234") == "0517-86901234"
    assert find_phones("86901234") == []  # inside free text it may be anything
    assert find_phones("房号86901234室", assume_local=True) == []


def test_normalize_phone_wants_exactly_one() -> None:
    assert normalize_phone("13912345678 13812345678") is None
    assert normalize_phone("没有") is None


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("139123", "mobile_length"),
        ("1391234567800", "mobile_length"),
        ("025-86901234", "other_area"),
        ("没有电话", "no_digits"),
        ("13912345678", None),
        ("0517-86901234", None),
    ],
)
def test_phone_problem(text: str, problem: str | None) -> None:
    assert phone_problem(text) == problem


def test_mask_phone() -> None:
    assert mask_phone("13912345678") == "139****5678"


@given(st.text(alphabet="0123456789 -+()（）８６０１", max_size=30))
def test_phones_found_are_always_valid(text: str) -> None:
    for p in find_phones(text, assume_local=True):
        digits = p.number.replace("-", "")
        if p.kind == "mobile":
            assert len(digits) == 11 and digits[0] == "1" and digits[1] in "3456789"
        else:
            assert p.number.startswith("0517-") and len(digits) == 12


# ------------------------------------------------------------------------------------ IDs

# GB 11643-1999 check digits (ISO 7064 MOD 11-2) computed for these made-up numbers;
# 11010519491231002X is the standard's own worked example.
VALID_IDS = ("11010519491231002X", "320831199001011232", "440524198001010013")


@pytest.mark.parametrize("number", VALID_IDS)
def test_valid_ids(number: str) -> None:
    assert id_checksum_ok(number)
    assert find_ids(f"身份证号{number}。") == [number]


@pytest.mark.parametrize(
    "number",
    [
        "110105194912310021",  # wrong check digit
        "320831199013011233",  # month 13
        "320831189002301233",  # 30 February
        "32083119900101123",  # 17 digits
    ],
)
def test_invalid_ids(number: str) -> None:
    assert not id_checksum_ok(number)
    assert find_ids(number) == []


def test_lowercase_x_and_full_width() -> None:
    assert find_ids("１１０１０５１９４９１２３１００２x") == ["11010519491231002X"]


def test_mask_id() -> None:
    assert mask_id("11010519491231002X") == "110105********002X"
    assert mask_id("123") == "***"
    masked = mask_ids("我叫张三，身份证11010519491231002X，电话13912345678")
    assert "11010519491231002X" not in masked and "110105********002X" in masked
    assert "，" in masked and "13912345678" in masked  # the rest kept as written


# ------------------------------------------------------------------------------------ towns


@pytest.mark.parametrize(
    ("text", "town", "old"),
    [
        ("黎城街道", "黎城街道", False),
        ("我在黎城", "黎城街道", False),
        ("黎城镇", "黎城街道", False),
        ("戴楼街道办", "戴楼街道", False),
        ("陈桥", "金北街道", True),
        ("原来陈桥镇那边", "金北街道", True),
        ("闵桥镇", "塔集镇", True),
        ("银集", "银涂镇", True),
        ("涂沟镇的", "银涂镇", True),
        ("前锋", "前锋镇", False),
        ("吕良镇", "吕良镇", False),
        ("金南", "金南镇", False),
        ("金北街道建设村", "金北街道", False),
    ],
)
def test_towns_and_old_names(gazetteer: Gazetteer, text: str, town: str, old: bool) -> None:
    found = gazetteer.find(text)
    assert found and found[0].town.name == town and found[0].old_name is old


def test_no_town(gazetteer: Gazetteer) -> None:
    assert gazetteer.find("金湖县城里") == []
    assert gazetteer.find("南京市鼓楼区") == []


def test_longest_name_wins(gazetteer: Gazetteer) -> None:
    m = gazetteer.find("金北街道")[0]
    assert m.matched == "金北街道"


def test_nearest_town(gazetteer: Gazetteer) -> None:
    for t in gazetteer.towns:  # each centre maps to itself
        assert gazetteer.nearest(t.lat, t.lon)[0] is t
        assert gazetteer.in_county(t.lat, t.lon)
    assert not gazetteer.in_county(32.06, 118.79)  # Nanjing


def test_haversine() -> None:
    # One degree of latitude is about 111 km.
    assert 110 < haversine_km(33.0, 119.0, 34.0, 119.0) < 112


def test_gazetteer_rejects_bad_files(tmp_path: Path) -> None:
    bad = tmp_path / "towns.toml"
    bad.write_text("[county]\nlat = 1\n", encoding="utf-8")
    with pytest.raises(ValueError, match="malformed"):
        Gazetteer.from_toml(bad)
    bad.write_text("not toml [", encoding="utf-8")
    with pytest.raises(ValueError, match="cannot read"):
        Gazetteer.from_toml(bad)
    bad.write_text(
        '[county]\nlat = 33\nlon = 119\n'
        '[[towns]]\nname = "甲镇"\nlat = 33\nlon = 119\n'
        '[[towns]]\nname = "乙镇"\nold_names = ["甲"]\nlat = 33\nlon = 119\n',
        encoding="utf-8")
    with pytest.raises(ValueError, match="ambiguous"):
        Gazetteer.from_toml(bad)


# ------------------------------------------------------------------------------------ money, dates


@pytest.mark.parametrize(
    ("s", "value"),
    [("十二", 12), ("一万二", 12000), ("三千五", 3500), ("两百五", 250), ("三万五千", 35000),
     ("二十万", 200000), ("一千零五", 1005), ("一百二十", 120), ("五", 5), ("猫", None)],
)
def test_cn_number(s: str, value: int | None) -> None:
    assert cn_number(s) == value


def test_money() -> None:
    found = find_money("欠我工资3万元，还有两千块，另外8000元和1.5万块钱")
    assert [m.amount for m in found] == [Decimal(30000), Decimal(2000), Decimal(8000),
                                         Decimal("15000.0")]


def test_dates() -> None:
    today = date(2026, 3, 10)
    found = find_dates("2025年12月5日开始，去年10月又来，5月3号，昨天，上个月", today)
    by_text = {d.text: d for d in found}
    assert by_text["2025年12月5日"].day == date(2025, 12, 5)
    assert by_text["去年10月"].month == (2025, 10)
    assert by_text["5月3号"].day == date(2025, 5, 3)  # May said in March is last May
    assert by_text["昨天"].day == date(2026, 3, 9)
    assert by_text["上个月"].month == (2026, 2)
    assert find_dates("2026-02-30", today) == []


# ------------------------------------------------------------------------------------ names


@pytest.mark.parametrize(
    ("text", "name", "surname_only"),
    [
        ("我叫张三", "张三", False),
        ("我叫王小明，电话13912345678", "王小明", False),
        ("我叫李四电话139", "李四", False),
        ("我是王芳。", "王芳", False),
        ("本人李四，住在黎城", "李四", False),
        ("姓名：赵六", "赵六", False),
        ("联系人：钱七，电话13912345678", "钱七", False),
        ("我的名字叫欧阳娜娜", "欧阳娜娜", False),
        ("我姓王", "王", True),
        ("免贵姓欧阳", "欧阳", True),
        ("我姓陈，是塔集的", "陈", True),
    ],
)
def test_names(text: str, name: str, surname_only: bool) -> None:
    m = find_name(text)
    assert m is not None and m.name == name and m.surname_only is surname_only


@pytest.mark.parametrize(
    "text",
    ["我是塔集镇的村民", "我是村民", "我是本地人", "我是来反映问题的", "我是说路坏了",
     "我要举报", "我叫不出来", "我是13912345678"],
)
def test_not_names(text: str) -> None:
    assert find_name(text) is None


@pytest.mark.parametrize("s", ["张三", "欧阳娜娜", "王先生", "阿依古丽·买买提"])
def test_plausible_names(s: str) -> None:
    assert plausible_name(s)


@pytest.mark.parametrize("s", ["不知道", "村民", "张", "我叫张三丰收了", "路坏了", "abc", "李村",
                               "明白", "金湖", "高兴", "方便", "谢谢", "马路"])
def test_implausible_names(s: str) -> None:
    assert not plausible_name(s)


def test_normalize_keeps_length() -> None:
    s = "１３９，（０５１７）　张三—"
    assert len(normalize(s)) == len(s)
    assert normalize(s) == "139,(0517) 张三-"


_GAZETTEER = Gazetteer.from_toml(CONFIG / "towns.toml")


@given(st.text(max_size=200))
def test_extractors_never_fail_on_any_text(text: str) -> None:
    g = _GAZETTEER
    find_phones(text, assume_local=True)
    phone_problem(text)
    find_ids(text)
    assert len(mask_ids(text)) == len(text)
    find_money(text)
    find_dates(text, date(2026, 11, 26))
    find_name(text)
    g.find(text)
    assert len(normalize(text)) == len(text)
