"""A name read by its shape at the name question (nlp/name_answer.py), with surnames missing from
config/nlp/surnames.txt; refusals, places and sentences are never names (issue 14)."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.names import NameReader, Surnames

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def reader() -> NameReader:
    return NameReader(Surnames.load(ROOT / "config" / "nlp" / "surnames.txt"))


@pytest.mark.parametrize(("answer", "name"), [
    ("初国庆", "初国庆"), ("才东升", "才东升"), ("我的名字叫折桂兰", "折桂兰"), ("蚁德胜", "蚁德胜"),
    ("俺叫占金海", "占金海"), ("嗯 姓名是卑小军", "卑小军"), ("買麗珍", "买丽珍"), ("冒珍", "冒珍"),
])
def test_an_answer_to_the_name_question_is_a_name_whatever_the_surname(reader, answer, name):
    found = reader.find(answer, asked=True)
    assert found is not None and found.name == name and not found.surname_only


@pytest.mark.parametrize("answer", [
    "不告诉你", "保密吧", "老党员", "打工的", "开发区", "随便写", "黎城街道", "在外地", "匿名", "低保户",
    "买东西", "本村人", "开个证明", "明天再说", "火车站", "外来户", "同意了", "就这样", "问问", "买菜",
])
def test_a_refusal_a_place_or_a_sentence_is_no_name(reader, answer):
    assert reader.find(answer, asked=True) is None


def test_outside_the_name_question_an_unlisted_surname_is_not_read(reader):
    assert reader.find("冒玉珍", bare=True) is None  # (a story's words stay strict)
    assert reader.find("冒着雨去找的村长") is None


def test_the_answer_only_list_is_loaded_beside_the_main_one(reader):
    assert "冒" in reader.surnames.answer_only and "冒" not in reader.surnames.single
    assert not reader.surnames.answer_only & reader.surnames.single
