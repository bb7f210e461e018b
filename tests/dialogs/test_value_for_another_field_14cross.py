"""A value for ANOTHER field said at the current question, and phones (issue 14, eighth
session, engineer 14cross). Every wording here was written for these tests before the fix, none
of them a tester's: elderly and Jianghuai (苏北/淮安) register, Henan and Shandong migrants,
voice input without punctuation, WeChat style, traditional characters. Counts before and after
are in the README's "Issue 14, round 8 (14cross)" section.

1. at one question the citizen gives the value of another field (an estate and building or a
   request at the town question, a name at the address question, a name or a place at the
   phone question): a counter clerk writes it where it belongs, says so, and asks the open
   question again; nothing of it goes into the account;
2. a local landline said without 0517 (8 digits, spoken or written, with 座机 / 家里电话 / 固话
   around it) is the phone (0517-…), and a phone, or the talk around one, is never stored in the
   account.

3. how one is called (姜老汉, 柏老太, 殷老头) given at the name question, then the full name at the
   next question: the name is completed, said back, and that question asked again.

Before the fix 22 of the 46 rows of classes 1-2 passed (24 were strict xfail, commit e396f75);
after it, 46. Class 3 was written after the 01:32 note and measured on main's code before its
fix: 9 of 12 passed (姜老汉, 柏老太, 殷老头 failed); after it, 12.
"""

from __future__ import annotations

import pytest

from tests.dialogs.fakes import Talk, text_of
from tests.dialogs.test_understand_qa14m import answer_until, opened

# An account with what, where-ish, since when and what was tried: no follow-up question.
MATTER = "俺在镇上的一个厂里干了八个月 老板一直拖着工钱不给 去年腊月到现在一分没拿到 找了好几回都说等等"

_ANSWERS = {"town": "金南镇", "address": "金南镇唐港村五组", "name": "我叫霍立群",
            "anonymous": "我叫霍立群", "phone": "13584027316", "request": "希望把工钱结了"}
_LABEL = {"address": "地址", "request": "诉求", "name": "姓名", "phone": "电话", "town": "镇"}


def _at(dialog, at: str) -> Talk:
    t = opened(dialog, MATTER)
    answer_until(t, {at}, **_ANSWERS)
    return t


def _taken_and_asked_again(t: Talk, at: str, field: str, value: str) -> None:
    d = t.data
    assert value in str(d.get(field) or ""), (field, d.get(field), text_of(t.results[-1]))
    assert value not in (d.get("description") or ""), d.get("description")
    reply = text_of(t.results[-1])
    assert _LABEL[field] in reply or value in reply, reply  # said back
    assert t.results[-1].expecting == at, (t.results[-1].expecting, reply)


# ---------------------------------------------------------------- class 1: another field's value

# (the question, what is said there, the field it belongs to, what that field must then hold)
ELSEWHERE = [
    # an estate, a building, a village group or a road and number at the TOWN question
    ("town", "御景湾小区12号楼", "address", "御景湾小区12号楼"),
    ("town", "俺家在荷花新村3栋", "address", "荷花新村3栋"),
    ("town", "东方花园二期5幢", "address", "东方花园二期5幢"),
    ("town", "锦绣名城小区八栋二单元", "address", "锦绣名城小区八栋二单元"),
    ("town", "就在建设路18号那个厂", "address", "建设路18号"),
    ("town", "陽光花園小區3棟", "address", "阳光花园小区3栋"),
    ("town", "就在那个阳光城小区十八栋那边", "address", "阳光城小区十八栋"),
    ("town", "前进村五组 哪个镇俺说不好", "address", "前进村五组"),
    ("town", "翰林华府3栋302", "address", "翰林华府3栋302"),
    ("town", "水岸名都十一幢", "address", "水岸名都十一幢"),
    ("town", "俺住在书香门第 5栋", "address", "书香门第5栋"),  # (the pause not written)
    ("town", "恒大名都7号楼2单元", "address", "恒大名都7号楼2单元"),
    # a request at the TOWN question
    ("town", "俺就想把工钱要回来", "request", "把工钱要回来"),
    ("town", "希望赶紧把拖欠的工资结清", "request", "把拖欠的工资结清"),
    ("town", "要求老板按合同把钱给我", "request", "按合同把钱给我"),
    ("town", "我就要他把八个月的工钱一分不少给我", "request", "工钱一分不少给我"),
    ("town", "能不能帮俺把工资要回来", "request", "把工资要回来"),
    ("town", "還我血汗錢就行", "request", "还我血汗钱"),
    # a name at the ADDRESS question
    ("address", "我叫孙立华", "name", "孙立华"),
    ("address", "俺叫老韩 韩有福", "name", "韩有福"),
    ("address", "先记一下我名字 尤国平", "name", "尤国平"),
    ("address", "我姓缪 缪永康 地址我得问问我儿子", "name", "缪永康"),
    ("address", "名字是蔡凤英", "name", "蔡凤英"),
    ("address", "俺闺女叫房春梅 俺是她娘", "name", "房春梅"),
    ("address", "我是他老婆 叫严秀云", "name", "严秀云"),
    # a name at the TOWN question, a request at the NAME and the PHONE questions
    ("town", "俺叫杭小军 镇名一会儿说", "name", "杭小军"),
    ("name", "要求老板马上把工资结清", "request", "马上把工资结清"),
    ("phone", "俺就要老板把钱结了", "request", "把钱结了"),
]



@pytest.mark.parametrize(("at", "said", "field", "value"), ELSEWHERE)
def test_a_value_for_another_field_is_taken_said_back_and_the_question_asked_again(
        dialog, at, said, field, value):
    t = _at(dialog, at)
    t.say(said)
    _taken_and_asked_again(t, at, field, value)


# ---------------------------------------------------------------- class 2: phones

# (what is said at the phone question, the number it gives)
LANDLINES = [
    ("没有手机 家里座机 八六九零一二三四", "0517-86901234"),
    ("座机 86123456", "0517-86123456"),
    ("家里电话是八二三 四五六七八", "0517-82345678"),
    ("固话八六九零 一二三四", "0517-86901234"),
    ("就一个座机 86 90 12 34", "0517-86901234"),
    ("座機 八六一二三四五六", "0517-86123456"),
    ("我只有座机号码是8690 1234", "0517-86901234"),
    ("俺家电话 六九八八七七六六 白天有人接", "0517-69887766"),
    ("老年机没开 打家里的 八六七七五五四四", "0517-86775544"),
    ("零五一七 八六一二三四五六", "0517-86123456"),
    ("打村部电话吧 八三二一四五六七 让他们喊我", "0517-83214567"),
    ("手机不会用 家里装的电话八六幺二三四五六", "0517-86123456"),
]


@pytest.mark.parametrize(("said", "number"), LANDLINES)
def test_a_local_landline_without_0517_is_the_phone_never_the_account(dialog, said, number):
    t = _at(dialog, "phone")
    story = t.data.get("description")
    t.say(said)
    assert t.data.get("phone") == number, (t.data.get("phone"), text_of(t.results[-1]))
    assert t.data.get("description") == story, t.data.get("description")


# (the question, a phone said there with words around it, the number)
PHONE_ELSEWHERE = [
    ("town", "先记个电话 13851726409", "13851726409"),
    ("town", "我手机幺三八 五幺七二 六四零九", "13851726409"),
    ("address", "家里座机八六九零一二三四 地址一会说", "0517-86901234"),
    ("address", "俺电话是一五九零五一七二二三三", "15905172233"),
    ("name", "電話13851726409", "13851726409"),
    ("town", "有事打俺家座机 86901234", "0517-86901234"),
]


@pytest.mark.parametrize(("at", "said", "number"), PHONE_ELSEWHERE)
def test_a_phone_said_at_another_question_is_the_phone_never_the_account(dialog, at, said, number):
    t = _at(dialog, at)
    story = t.data.get("description")
    t.say(said)
    assert t.data.get("phone") == number, (t.data.get("phone"), text_of(t.results[-1]))
    assert t.data.get("description") == story, t.data.get("description")
    assert t.results[-1].expecting == at, t.results[-1].expecting


# ---------------------------------------------------------------- class 3: how one is called, then the name

# (said at the name question: how one is called; said at the next question: the full name)
CALLED_THEN_NAMED = [
    ("姜老汉", "姜汉清", "姜汉清"),
    ("柏老太", "大名叫柏玉兰", "柏玉兰"),
    ("郁大爷", "郁长春 刚才忘说了", "郁长春"),
    ("卞先生", "卞永强", "卞永强"),
    ("陶阿姨", "全名陶秀芹", "陶秀芹"),
    ("老孟", "孟庆丰", "孟庆丰"),
    ("戚师傅", "俺叫戚国华", "戚国华"),
    ("小蔡", "蔡晓东", "蔡晓东"),
    ("冷大姐", "名字是冷玉梅", "冷玉梅"),
    ("殷老头", "殷德山", "殷德山"),
    ("叫我管老师就行", "管文斌", "管文斌"),
    ("就叫俺薛大娘吧", "薛桂香", "薛桂香"),
]


@pytest.mark.parametrize(("called", "named", "name"), CALLED_THEN_NAMED)
def test_a_full_name_after_how_one_is_called_completes_it_at_any_question(dialog, called, named, name):
    t = _at(dialog, "name")
    t.say(called)
    asked = t.results[-1].expecting
    t.say(named)
    d = t.data
    assert d.get("name") == name, (d.get("name"), text_of(t.results[-1]))
    assert name not in (d.get("description") or ""), d.get("description")
    if asked != "name":  # (at the name question itself it is the answer asked for)
        assert name in text_of(t.results[-1]), text_of(t.results[-1])  # said back
    assert t.results[-1].expecting == ("phone" if asked == "name" else asked), t.results[-1].expecting


# ---------------------------------------------------------------- the second batch

# Written after the fix, not looked at while fixing: how many pass unchanged is the honest figure
# of generalisation (README). Rows still failing are marked strict xfail.
SECOND_BATCH_OPEN = pytest.mark.xfail(strict=True, reason="second batch: not read so yet")
SECOND_OTHER_FIELD = [
    ("town", "锦江花苑十二栋三单元", "address", "锦江花苑十二栋三单元"),
    ("town", "住在春晖家园东区6号楼", "address", "春晖家园东区6号楼"),
    ("town", "就想让厂里把押金退给俺", "request", "把押金退给俺"),
    ("town", "给俺们补上这三个月的工钱", "request", "补上这三个月的工钱"),
    ("town", "名字先记下 我叫邰建平", "name", "邰建平"),
    ("address", "俺家老头子叫秦有才 俺替他说的", "name", "秦有才"),
    ("phone", "要个说法就行", "request", "要个说法"),
]
SECOND_PHONES = [
    ("phone", "家里座机是八三六九 二二一五", "0517-83692215"),
    ("phone", "座机号 83 69 22 15 有事打这个", "0517-83692215"),
    ("town", "我留个家里电话 八六五五一二三四", "0517-86551234"),
    ("phone", "没手机 你打我家固话吧 86557788", "0517-86557788"),
    ("address", "俺只有座机八六三四五六七八 白天都在家", "0517-86345678"),
]
SECOND_CALLED = [("付大妈", "付美兰", "付美兰"), ("老鲍", "鲍志刚", "鲍志刚")]
SECOND_FAILING: set[str] = set()  # 13 of 14 passed unchanged (老头子, fixed since: a kin word)


def _second(rows, key=1):
    return [pytest.param(*r, marks=SECOND_BATCH_OPEN) if r[key] in SECOND_FAILING else r for r in rows]


@pytest.mark.parametrize(("at", "said", "field", "value"), _second(SECOND_OTHER_FIELD))
def test_second_batch_another_fields_value(dialog, at, said, field, value):
    test_a_value_for_another_field_is_taken_said_back_and_the_question_asked_again(
        dialog, at, said, field, value)


@pytest.mark.parametrize(("at", "said", "number"), _second(SECOND_PHONES))
def test_second_batch_phones(dialog, at, said, number):
    if at == "phone":
        test_a_local_landline_without_0517_is_the_phone_never_the_account(dialog, said, number)
    else:
        test_a_phone_said_at_another_question_is_the_phone_never_the_account(dialog, at, said, number)


@pytest.mark.parametrize(("called", "named", "name"), _second(SECOND_CALLED, key=0))
def test_second_batch_called_then_named(dialog, called, named, name):
    test_a_full_name_after_how_one_is_called_completes_it_at_any_question(dialog, called, named, name)
