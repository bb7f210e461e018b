"""Classes of failure found by the second independent held-out test of issue 14 (qa14b), nlp
side: question cues inside other words, doubts about the process, dialect okays, refusals with
a reason, requests naming a department, parts cues, thin accounts, self-corrections and partial
corrections, letter closings, clause fragments read as places, cancels with a reason, bare
refusals. Worded differently from the tester's sentences."""

from __future__ import annotations

import pytest

from nlp.story import clean, follow_up_aspect, signature, thin
from nlp.turn_slots import find_place, find_refusal, find_request, self_correction, splice
from nlp.understanding import asks_something, cancels_with_reason

# ---------------------------------------------------------------- class 1: meta-talk


@pytest.mark.parametrize("text,asks", [
    ("请教育部门查一查", False),         # 请教 inside 请+教育
    ("我们到了解放桥那边", False),        # 了解 inside 了+解放
    ("想请教一下怎么弄", True),
    ("我想了解一下流程", True),
    ("这事你们管不管", True),            # A-not-A without a question mark
    ("他来没来过你们也不知道", True),
    ("我分三条发", False),               # a bare 几/number is no question
    ("好几个人都被骗了", False),
    ("要等几天", True),
])
def test_question_cues_respect_word_boundaries(text, asks):
    assert asks_something(text) is asks


@pytest.mark.parametrize("text,expecting", [
    ("这么反映有用吗", "town"),
    ("你们到底顶不顶用", "address"),
    ("网上说的能解决吗？", "name"),
])
def test_doubting_the_process_is_a_process_question(understanding, text, expecting):
    r = understanding.interpret(text, expecting)
    assert (r.kind, r.topic) == ("process", "effect")


@pytest.mark.parametrize("text", ["晓得啦", "中", "行吧", "懂了", "清楚了"])
def test_dialect_okays_are_small_talk(understanding, text):
    r = understanding.interpret(text, "phone")
    assert r.kind == "smalltalk" and r.topic == "ack"


@pytest.mark.parametrize("text", ["名字就别写了，我怕挨打击", "我不愿意留真名", "不想报名字，他们认识我",
                                  "不留"])
def test_a_refused_name_with_a_reason_is_anonymous(understanding, text):
    r = understanding.interpret(text, "anonymous")
    assert (r.kind, r.value) == ("answer", "anonymous")


def test_a_name_given_at_the_anonymity_question_is_still_the_name(understanding):
    r = understanding.interpret("留名，我叫孙丽新", "anonymous")
    assert (r.kind, r.value) == ("answer", "孙丽新")


@pytest.mark.parametrize("text,want", [
    ("请住建局派人核实一下，违建的拆掉", "住建局"),
    ("请镇上出面协调，把钱要回来", "镇上"),
])
def test_a_request_naming_who_should_act(understanding, text, want):
    assert want in (find_request(text) or "")
    r = understanding.interpret(text, "request")
    assert r.kind == "answer" and r.field == "request" and want in (r.value or "")


@pytest.mark.parametrize("text", ["我想搞清楚钱为什么少了，少的要补给我", "希望查一下这个收费合不合规"])
def test_a_reply_to_the_request_question_is_the_request(understanding, text):
    r = understanding.interpret(text, "request")
    assert r.kind == "answer" and r.field == "request"


def test_a_question_about_cost_at_the_request_question_is_still_answered(understanding):
    r = understanding.interpret("你们这个收费吗？", "request")
    assert (r.kind, r.topic) == ("process", "cost")


# ---------------------------------------------------------------- class 2: parts


@pytest.mark.parametrize("text", ["说下我家低保的事，我分两段发", "事情有点长，我一段一段打",
                                  "我慢慢跟你讲", "还没说完，等我打完", "我分几回说补贴的事"])
def test_telling_in_parts(understanding, text):
    r = understanding.interpret(text, "description")
    assert r.kind == "smalltalk" and r.topic == "parts"


def test_a_number_of_payments_is_no_parts_cue(understanding):
    r = understanding.interpret("工资说好分三次发，到现在一次都没发", "description")
    assert r.topic != "parts"


# ---------------------------------------------------------------- class 3: thin story


def test_a_short_account_without_since_and_tried_is_thin():
    text = "小区门口的井盖被人偷了，黑乎乎的，骑电动车的掉进去两回"
    assert thin(text)  # over 20 ideographs, but no since when and nothing tried
    assert follow_up_aspect(text, 0) == "since"
    assert follow_up_aspect(text, 1) == "since_tried"
    assert follow_up_aspect(text + "，上个月开始的，打过12345", 1) is None


def test_a_second_follow_up_asks_only_what_is_missing():
    assert follow_up_aspect("厂里拖欠工资三个月了，工人们都急", 1) == "tried"


# ---------------------------------------------------------------- class 4: corrections


@pytest.mark.parametrize("text,before,new", [
    ("新河村五组，哦不对，六组", "新河村五组", "六组"),
    ("139 1234 5678，错了错了，是13912345679", "139 1234 5678", "13912345679"),
    ("陈建伟不对是陈建华", "陈建伟", "陈建华"),
])
def test_a_self_correction_inside_an_answer(text, before, new):
    assert self_correction(text) == (before, new)


def test_a_correction_of_a_field_is_no_self_correction():
    assert self_correction("号码不对，是13912345679") is None


@pytest.mark.parametrize("old,new,wrong,want", [
    ("新河村五组", "六组", None, "新河村六组"),
    ("新河村五组", "六组", "五组", "新河村六组"),
    ("建设路12号3单元", "5单元", None, "建设路12号5单元"),
    ("新河村五组", "朝阳村二组", None, "朝阳村二组"),
    ("新河村五组", "陈建华", None, "陈建华"),
])
def test_splice_replaces_only_the_corrected_part(old, new, wrong, want):
    assert splice(old, new, wrong) == want


@pytest.mark.parametrize("text,expecting,value", [
    ("塔集镇新河村五组，哦不对，是六组", "address", "新河村六组"),
    ("我叫陈建伟，说错了，陈建华", "name", "陈建华"),
])
def test_the_corrected_answer_is_read(understanding, text, expecting, value):
    r = understanding.interpret(text, expecting)
    assert r.kind == "answer" and r.value == value and r.text


def test_a_named_field_correction_takes_the_value_from_the_same_sentence(understanding):
    r = understanding.interpret("名字写错了，我叫陈建华", "confirm")
    assert (r.kind, r.field, r.value) == ("correction", "name", "陈建华")


# ---------------------------------------------------------------- class 5: letters


LETTER = ("各位领导：\n我是黎城街道花园社区居民冯立群，小区东门的下水道堵了一个多月，污水漫到路上，"
          "找过物业和社区都没解决。\n恳请尽快疏通。\n此致\n敬礼！\n冯立群\n二〇二六年十一月三十日")


def test_a_letters_closing_is_removed_and_the_account_kept():
    out = clean(LETTER)
    assert "此致" not in out and "敬礼" not in out and "二〇二六年" not in out
    assert out.endswith("恳请尽快疏通")
    assert "下水道堵了一个多月，污水漫到路上" in out


def test_a_date_line_alone_is_removed():
    assert clean("路灯坏了半个月了\n王永\n2026年12月1日") == "路灯坏了半个月了"


def test_the_signature_and_the_stated_name(understanding):
    assert signature(LETTER) == "冯立群"
    assert understanding.named_in_letter(LETTER).name == "冯立群"
    assert understanding.named_in_letter("我是城南社区居民严国富，楼上漏水").name == "严国富"


# ---------------------------------------------------------------- class 6: places


@pytest.mark.parametrize("text", ["俺村里挖塘把俺家屋后头的路给挖断了", "镇上修桥把我家门口堵了",
                                  "咱组里建厂把河边那块占了"])
def test_a_clause_is_no_place(text):
    place = find_place(text)
    assert place is None or not any(w in place for w in ("把", "俺", "修", "挖"))


@pytest.mark.parametrize("text,place", [("就在农贸市场门口", "农贸市场门口"), ("粮站对面", "粮站对面")])
def test_a_landmark_is_still_a_place(text, place):
    assert find_place(text) == place


# ---------------------------------------------------------------- class 7: cancel


@pytest.mark.parametrize("text,cancels", [
    ("唉算了，都是亲戚，撤了吧", True),
    ("算了算了，不想惹麻烦，不弄了", True),
    ("把他家冒领的补助取消掉", False),
    ("村干部说算了，不弄了", False),          # someone else's words: the matter
    ("他的低保被取消了，我不弄了", False),
    ("不弄了不弄了，太麻烦了", True),          # the reason after the cancel
    ("他家的补贴，取消吧", False),            # a thing named before the cancel is its object
    ("唉，取消取消，我儿子说他去找", True),
])
def test_a_cancel_after_a_short_reason(text, cancels):
    assert cancels_with_reason(text) is cancels


def test_a_cancel_with_a_reason_is_a_command(understanding):
    r = understanding.interpret("算了吧，邻居之间不好看，取消", "address")
    assert (r.kind, r.topic) == ("command", "cancel")


# ---------------------------------------------------------------- class 8: anonymity


@pytest.mark.parametrize("text", ["不留", "不给了", "不想留", "不方便"])
def test_a_bare_refusal_refuses_what_was_asked(text):
    assert find_refusal(text, "phone") == "phone"


@pytest.mark.parametrize("text", ["不知道", "不对", "不是"])
def test_a_bare_no_is_not_a_refusal(text):
    assert find_refusal(text, "phone") is None


def test_a_spoken_phone_is_cleaned_from_the_account():
    assert clean("厂里拖欠工资\n我电话是幺五二，洞六八三，四四七两") == "厂里拖欠工资"


# ---------------------------------------------------------------- more wordings of the classes


def test_a_doubt_without_a_question_mark(understanding):
    r = understanding.interpret("跟你们说了也白搭吧", "town")
    assert (r.kind, r.topic) == ("process", "effect")


def test_a_story_that_money_was_wasted_is_not_a_doubt(understanding):
    r = understanding.interpret("我们交的五千块押金白搭了，老板跑了，找不到人", "description")
    assert r.kind == "story"


@pytest.mark.parametrize("text", ["要得", "嗯呐晓得了", "好滴", "可以可以"])
def test_more_okays(understanding, text):
    r = understanding.interpret(text, "town")
    assert r.kind == "smalltalk"


def test_a_question_about_paying_is_about_cost(understanding):
    r = understanding.interpret("要不要交钱啊", "request")
    assert (r.kind, r.topic) == ("process", "cost")


@pytest.mark.parametrize("text", ["不用留了", "没有电话", "不用了"])
def test_no_need_is_a_refusal_of_what_was_asked(understanding, text):
    r = understanding.interpret(text, "phone")
    assert r.kind == "refusal" and r.field == "phone"


def test_a_self_correction_with_a_plain_no():
    assert self_correction("东湖村二组，不是，是三组") == ("东湖村二组", "三组")


@pytest.mark.parametrize("letter,name", [
    ("楼上漏水两个月了，找过物业。\n此致\n敬礼\n韩玉珍 敬上\n2026.11.28", "韩玉珍"),
    ("路口的红绿灯坏了一周，请交警修好。此致敬礼！邹建国 11月30日", "邹建国"),
    ("菜场门口天天堵车，跟城管说过。\n谢谢！\n反映人：苗德胜\n2026年12月2日", "苗德胜"),
])
def test_letter_closings_in_other_layouts(letter, name):
    assert signature(letter) == name
    out = clean(letter)
    assert name not in out and "敬礼" not in out and "2026" not in out and "11月30日" not in out


def test_a_closing_without_a_name_names_nobody():
    assert signature("此致\n敬礼\n2026年1月5日") is None


def test_splice_with_a_full_new_value_and_the_wrong_part():
    assert splice("新河村五组", "新河村六组", "五组") == "新河村六组"


def test_a_person_named_in_a_statement_is_no_request_for_one(understanding):
    assert understanding.interpret("镇长说过年前给解决", "description").kind != "human"
    assert understanding.interpret("我要找你们领导", "description").kind == "human"


def test_what_a_parts_message_also_tells():
    from nlp.understanding import beyond_parts

    assert beyond_parts("厂里欠了三个月工资，事情比较复杂，我分几条发") == "厂里欠了三个月工资"
    assert beyond_parts("我慢慢说") == ""


@pytest.mark.parametrize("text", ["我想反映的事情有点多，我分几次说", "要讲的内容比较长，我慢慢打"])
def test_a_parts_message_about_length_only_tells_nothing(text):
    from nlp.understanding import beyond_parts

    assert beyond_parts(text) == ""


@pytest.mark.parametrize("text", ["残疾补助多少年都没发", "我爸的养老金怎么一直没到账"])
def test_a_complaint_with_a_question_word_is_a_matter(understanding, text):
    assert understanding.interpret(text, "description").kind == "story"


def test_a_policy_question_is_still_a_consultation(understanding):
    assert understanding.interpret("残疾补助什么时候发", "description").kind == "consult"


@pytest.mark.parametrize("text", ["请问民政局能不能把补助补发给我", "能否尽快把路修好"])
def test_a_request_phrased_as_a_question_at_the_request_question(understanding, text):
    r = understanding.interpret(text, "request")
    assert r.kind == "answer" and r.field == "request"


@pytest.mark.parametrize("text,topic", [("是县里直接处理吗", "handler"), ("还要填什么吗", "needed")])
def test_a_process_question_at_the_request_question(understanding, text, topic):
    r = understanding.interpret(text, "request")
    assert r.kind == "process" and r.topic == topic


def test_a_statement_that_nobody_acts_is_no_process_question(understanding):
    r = understanding.interpret("镇里哪个部门都推来推去不管", "description")
    assert r.kind == "story" and r.topic is None


def test_a_self_correction_of_another_field_is_not_taken_for_the_address(understanding):
    r = understanding.interpret("嗯电话打错了，幺三八 二二三三 四四五五才对", "address")
    assert r.kind != "answer" or r.field != "address"


def test_a_name_under_the_thanks_line_is_a_signature_and_a_clause_is_not():
    assert signature("楼道灯坏了一个月，找物业不修。\n谢谢！\n周建平") == "周建平"
    assert clean("楼道灯坏了一个月，找物业不修。\n谢谢！\n周建平") == "楼道灯坏了一个月，找物业不修"
    assert signature("楼道灯坏了一个月。\n谢谢！\n路还没修") is None
    assert "路还没修" in clean("楼道灯坏了一个月。\n谢谢！\n路还没修")


def test_a_landmark_is_a_place_only_where_one_is_asked():
    assert find_place("厂子旁边那条河发臭") == "厂子旁边"
    assert find_place("厂子旁边那条河发臭", landmarks=False) is None
    assert find_place("红星村三组的河发臭", landmarks=False) == "红星村三组"
