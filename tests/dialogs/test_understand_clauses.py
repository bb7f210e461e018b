"""Talk about the talk, clause by clause (nlp.clauses): who types, one's age or ability, fears
of retaliation, pleas, doubts, apologies, asides. Only the account is stored; a question inside
such talk is still answered. One or more transcripts per class, in wordings written for these
tests (not the held-out sets')."""

from __future__ import annotations

from tests.dialogs.fakes import Talk, said, text_of
from tests.dialogs.test_understand import start, to_phone
from tests.dialogs.test_understand_qa14b import opened, report


def _desc(t: Talk) -> str:
    return t.data.get("description") or ""


def test_who_types_said_first_is_not_the_matter(dialog):
    t = opened(dialog)
    r = t.say("我眼睛花了看不清，这些字是我外孙子替我敲的")
    assert not _desc(t) and t.doc["state"] == "ask_description"
    assert said(dialog, r, "smalltalk_patience")
    t.say("村口那座小桥的栏杆全断了，上个月有个老人掉下去了，找过村里说没钱修")
    assert "栏杆" in _desc(t) and "外孙" not in _desc(t) and "看不清" not in _desc(t)


def test_who_types_in_the_same_message_as_the_matter(dialog):
    t = opened(dialog)
    t.say("是我孙女在帮我打字，我们组的机井坏了两个多月了，地里浇不上水，去村里说了好几回")
    assert "机井" in _desc(t) and "孙女" not in _desc(t)


def test_a_plea_and_a_doubt_at_the_end_are_not_stored(dialog):
    t = opened(dialog)
    t.say("俺家的宅基地叫邻居砌墙占了一大块，村里调解了也不管用，也不晓得该寻哪个，求恁给俺做个主")
    d = _desc(t)
    assert "宅基地" in d and "调解" in d
    assert "做个主" not in d and "寻哪个" not in d


def test_fear_and_an_anonymity_question_at_the_name_question(dialog):
    t = start(dialog)
    t.say("戴楼")
    t.say("朱河村四组")
    assert t.doc["state"] == "ask_name"
    desc = _desc(t)
    r = t.say("我就怕他们晓得了往后找我家的事，不写名字可以吗")
    assert said(dialog, r, "process_anonymity")
    assert _desc(t) == desc and "已补充" not in text_of(r)
    assert t.doc["state"] == "ask_name"


def test_fear_with_a_choice_of_anonymity_at_a_report(dialog):
    t = report(dialog)
    desc = _desc(t)
    r = t.say("我就怕他们晓得了往后找我家的事，不留真名中不中")
    assert t.data["anonymous"] is True and t.doc["state"] == "ask_phone"
    assert _desc(t) == desc and "已补充" not in text_of(r)


def test_a_fear_alone_at_a_question_gets_the_privacy_answer(dialog):
    t = start(dialog)
    before = dict(t.data)
    r = t.say("我心里怕村干部记恨我")
    assert said(dialog, r, "process_privacy") and t.data == before
    assert t.doc["state"] == "ask_town"


def test_an_apology_for_typing_slowly_is_not_more_of_the_matter(dialog):
    t = start(dialog)
    before = dict(t.data)
    r = t.say("我手不利索字打得慢，你们多包涵")
    assert t.data == before and "已补充" not in text_of(r)
    assert t.doc["state"] == "ask_town"


def test_a_doubt_at_a_field_question_is_not_stored(dialog):
    t = to_phone(dialog)
    before = dict(t.data)
    r = t.say("唉也不晓得在这上头讲管不管事")
    assert t.data == before and "已补充" not in text_of(r)
    assert t.doc["state"] == "ask_phone"


def test_more_facts_with_a_plea_at_a_field_question_keep_only_the_facts(dialog):
    t = start(dialog)
    t.say("戴楼")
    r = t.say("水管爆的地方都结冰了，前天有个小孩滑倒摔破了头，劳烦领导多费心")
    d = _desc(t)
    assert "结冰" in d and "费心" not in d
    assert "已补充" in text_of(r)


def test_a_plain_account_is_stored_whole(dialog):
    t = opened(dialog)
    matter = "隔壁养猪场的粪水直接排进河里，一到夏天臭得开不了窗，跟镇上环保办反映过两回"
    t.say(matter)
    assert _desc(t) == matter
