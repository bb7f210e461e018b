"""Reading a citizen's name: the full surname list, compound and rare surnames, the polite and
spoken ways of giving it, and words that only look like names."""

from __future__ import annotations

import pytest

from nlp.names import NameReader, Surnames


@pytest.fixture(scope="module")
def reader(config_dir) -> NameReader:
    return NameReader(Surnames.load(config_dir / "nlp" / "surnames.txt"))


def test_surname_list_has_the_book_and_compound_surnames(reader):
    s = reader.surnames
    assert {"訾", "昝", "隗", "逄", "郗", "璩", "乜", "佴"} <= s.single
    assert {"欧阳", "亓官", "钟离", "第五", "万俟", "澹台", "公西", "左丘"} <= s.compound
    assert len(s.single) > 450 and len(s.compound) > 60


@pytest.mark.parametrize("text,name,surname_only", [
    ("我叫訾红霞", "訾红霞", False),                       # rare single surname
    ("我姓昝", "昝", True),
    ("免贵姓亓官，亓官德明", "亓官德明", False),           # compound, full name after it
    ("我姓邵 邵春生", "邵春生", False),                    # 我姓X X某某
    ("我姓邵，叫春生", "邵春生", False),                   # surname, then the given name
    ("免贵姓端木，单名一个蓉字", "端木蓉", False),
    ("我是银涂镇夹沟村的钱德旺，电话我一会儿发", "钱德旺", False),  # 我是…的X
    ("俺是前锋的冼秀兰", "冼秀兰", False),
    ("叫我老祁就行", "老祁", True),
    ("本人姓逄", "逄", True),
    ("联系人：司徒海", "司徒海", False),
])
def test_names_are_read(reader, text, name, surname_only):
    found = reader.find(text)
    assert found is not None and found.name == name and found.surname_only is surname_only


@pytest.mark.parametrize("answer,name", [
    ("佴志刚", "佴志刚"), ("是钟离秀", "钟离秀"), ("鲍春梅吧", "鲍春梅"), ("姓名 郦文", "郦文"),
    ("戚先生", "戚先生"),
])
def test_a_bare_answer_to_the_name_question(reader, answer, name):
    found = reader.find(answer, bare=True)
    assert found is not None and found.name == name


@pytest.mark.parametrize("text", [
    "都可以", "可以", "没有", "不知道", "匿名", "我是村民", "我是来问低保的", "我是塔集镇的",
    "明白了", "时间不多", "我是外地人", "高兴",
])
def test_words_that_only_start_with_a_surname_are_not_names(reader, text):
    assert reader.find(text, bare=True) is None


def test_a_bare_word_is_a_name_only_when_the_name_was_asked(reader):
    assert reader.find("佴志刚") is None
    assert reader.find("佴志刚", bare=True) is not None
