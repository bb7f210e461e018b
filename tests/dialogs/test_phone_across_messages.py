"""A phone number sent in two messages at the phone question: a clerk hears "139 5172 …" and
"… 6608" as one number. Wordings written by the lead before the fix (voice input, hurried
typing on a phone, the elderly, WeChat style); the first half alone is never a phone (7 digits,
a mobile's 11 not reached), the second half alone neither. Before the fix 0/11 were joined (and
one half was appended to the account); after it 11/11.
"""

from __future__ import annotations

import pytest

from tests.dialogs.fakes import Talk

MATTER = "村口那座桥的栏杆断了快两个月了 晚上骑车的差点掉下去 找过村里说没钱修"
ANSWERS = {"description": "就这些", "town": "前锋镇", "address": "前锋镇白马湖村五组",
           "name": "我叫刘桂兰", "request": "希望尽快把栏杆修好"}


def at_phone(dialog) -> Talk:
    t = Talk(dialog)
    for said in ("你好", "同意", MATTER):
        t.say(said)
    for _ in range(10):
        exp = t.results[-1].expecting
        if exp == "phone":
            return t
        t.say(ANSWERS.get(exp, "就这些"))
    raise AssertionError("the phone was never asked")


# (first message, second message, the number they make)
SPLIT = [
    ("139 5172", "6608 刚才没打完", "13951726608"),
    ("1380523", "4719", "13805234719"),
    ("我手机是158 6677", "8899", "15866778899"),
    ("一五八 幺二三四", "五六七八", "15812345678"),
    ("电话 137-0516", "-2288 手抖发出去了", "13705162288"),
    ("186 5238", "后面是 9014", "18652389014"),
    ("１８９ ５２３０", "７７４１", "18952307741"),
    ("135一二", "三四五六七八", "13512345678"),
    ("151 0517 8", "866", "15105178866"),
    ("俺电话一三六 五二", "三零 幺幺八八 没打完就按了", "13652301188"),
    ("177 1234", "5678 就这个", "17712345678"),
]


@pytest.mark.parametrize(("first", "second", "phone"), SPLIT)
def test_a_phone_sent_in_two_messages_is_one_number(dialog, first, second, phone):
    t = at_phone(dialog)
    t.say(first)
    assert t.results[-1].expecting == "phone"  # half a number: not taken
    t.say(second)
    assert t.data.get("phone") == phone, [r.replies for r in t.results][-3:]
    assert t.results[-1].expecting != "phone"


def test_two_wrong_numbers_are_not_glued_into_one(dialog):
    t = at_phone(dialog)
    t.say("1395172660")  # ten digits: one missing
    t.say("1395172660")  # the same again is no second half
    assert not t.data.get("phone")
    assert t.results[-1].expecting == "phone"


def test_a_half_after_other_talk_is_not_glued(dialog):
    t = at_phone(dialog)
    t.say("139 5172")
    t.say("你们会不会把电话给村里")
    t.say("6608")
    assert t.data.get("phone") != "13951726608"
