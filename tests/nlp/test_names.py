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


@pytest.mark.parametrize("surname,text,full", [
    ("仵", "仵德兵", "仵德兵"),          # the whole name
    ("仵", "德兵", "仵德兵"),            # the given name alone
    ("老亓", "叫秀梅", "亓秀梅"),         # after 老X, with 叫
    ("端木", "蓉", "端木蓉"),
    ("王", "全名王海涛", "王海涛"),
    ("王", "单名一个锋字", "王锋"),
])
def test_completing_a_surname_with_the_name_that_follows(reader, surname, text, full):
    assert reader.complete(surname, text) == full


@pytest.mark.parametrize("text", ["好的", "不想说", "明天再说", "可以", "没有", "13912345678",
                                  "建设村三组", "不知道啊"])
def test_words_that_do_not_complete_a_surname(reader, text):
    assert reader.complete("王", text) is None


@pytest.mark.parametrize("text", ["明天再说", "回头再讲", "高兴就好"])
def test_four_characters_after_a_single_surname_are_no_bare_name(reader, text):
    assert reader.find(text, bare=True) is None


def test_a_nickname_in_an_introduction_is_a_surname_only(reader):
    found = reader.find("俺是塔集的老王")
    assert found is not None and found.name == "老王" and found.surname_only


@pytest.mark.parametrize("text,name,surname_only", [
    ("我姓邶", "邶", True),                 # not in the list: said to be a surname, so it is one
    ("免贵姓邶，邶长青", "邶长青", False),
    ("我姓税 税德明", "税德明", False),      # from the published list added in issue 14
    ("我叫爨春燕", "爨春燕", False),
    ("我叫刘付海燕", "刘付海燕", False),     # compound surname of Guangdong
])
def test_surnames_said_or_listed(reader, text, name, surname_only):
    found = reader.find(text)
    assert found is not None and (found.name, found.surname_only) == (name, surname_only)


@pytest.mark.parametrize("text", ["我姓啥不重要", "你姓什么", "本人姓氏不详", "我是公务员，我和老公想问",
                                  "我是生活在河边的村民", "本人强烈要求查处", "我是再婚的家庭"])
def test_what_one_is_or_a_question_about_surnames_is_no_name(reader, text):
    assert reader.find(text) is None


@pytest.mark.parametrize("text,name,surname_only", [
    ("俺是老魏", "老魏", True), ("咱是老王", "老王", True), ("俺叫魏长林", "魏长林", False),
    ("叫我李大爷", "李大爷", True), ("我叫李建 木子李", "李建", False), ("张兰，弓长张", "张兰", False),
])
def test_dialect_intros_titles_and_spelled_surnames_as_bare_answers(reader, text, name, surname_only):
    found = reader.find(text, bare=True)
    assert found is not None and (found.name, found.surname_only) == (name, surname_only)


def test_a_character_spelled_by_a_word_is_no_part_of_the_name():
    from nlp.names import spelled, without_spelling
    assert without_spelling("俺姓仇，报仇的仇，叫仇玉林") == "俺姓仇，，叫仇玉林"
    assert without_spelling("章建新，立早章的章") == "章建新，"
    assert without_spelling("是万俟春笙，笙箫的笙字") == "是万俟春笙，"
    # 我是X村的X某: the character after 的 begins a name, it spells nothing
    assert not spelled("我是王庄的王明") and without_spelling("我是王庄的王明") == "我是王庄的王明"


def test_at_the_name_question_the_name_of_the_one_it_is_for_is_read(reader):
    for text, name in [("俺爹叫笪长贵", "笪长贵"), ("帮我外婆报的，她叫阙玉兰", "阙玉兰"),
                       ("我老伴的名字是逯春生", "逯春生")]:
        found = reader.find(text, asked=True)
        assert found is not None and found.name == name, text
    assert reader.without_behalf("帮我外婆报的，她叫") == ""
    assert reader.without_behalf("帮我外婆报的，她家屋顶漏雨") != ""


def test_a_relative_named_in_a_story_is_not_the_citizen(reader):
    assert reader.find("我妈叫殳桂英，她的高龄津贴停了半年") is None
