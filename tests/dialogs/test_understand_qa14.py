"""Dialog-side failures of the independent held-out test (issue 14, qa14), one class per test,
with sentences written for these tests (not the tester's)."""

from __future__ import annotations

from tests.dialogs.fakes import Talk, said
from tests.dialogs.test_understand import start

# ---------------------------------------------------------------- class 1: before consent


def test_a_short_matter_before_consent_is_kept(dialog):
    t = Talk(dialog)
    t.say("水沟堵了")  # a real matter, five ideographs, before the notice was agreed to
    t.say("同意")
    assert "水沟堵了" in t.data.get("description", "")


def test_a_process_question_before_consent_is_answered_not_stored(dialog):
    t = Talk(dialog)
    t.say("你好")
    asked = t.say("你们这个一般多少天能给回复")
    r = t.say("同意")
    # answered when asked (while the notice waits), not again after consent, never stored
    assert said(dialog, asked, "process_time") and not said(dialog, r, "process_time")
    assert "description" not in t.data and t.doc["state"] == "ask_description"


def test_small_talk_before_consent_is_not_the_matter(dialog):
    t = Talk(dialog)
    t.say("我年纪大了手机用不来，你多担待")
    t.say("同意")
    assert "description" not in t.data and t.doc["state"] == "ask_description"


# ---------------------------------------------------------------- class 8: person, name loop


def test_a_long_request_for_a_person_hands_over(dialog):
    t = start(dialog)
    r = t.say("这事三言两语讲不明白，跟机器也讲不通，还是请你们那边管事的人跟我当面谈吧")
    assert t.doc["state"] == "handoff" and said(dialog, r, "handoff_person")


def test_not_knowing_what_to_say_for_the_name_is_explained_once_and_never_loops(dialog):
    t = start(dialog)
    t.say("戴楼")
    t.say("朱河村四组")
    assert t.doc["state"] == "ask_name"
    r = t.say("不晓得")
    assert said(dialog, r, "refuse_name_explain") and t.doc["state"] == "ask_name"
    t.say("不晓得")
    assert t.doc["state"] == "ask_phone" and t.data.get("name") is None


# ---------------------------------------------------------------- class 2: parts never lose facts


def test_a_last_part_with_facts_is_kept_when_the_parts_end(dialog):
    t = Talk(dialog)
    t.say("你好")
    t.say("同意")
    t.say("我一条一条跟你讲")
    t.say("我家隔壁开了个废品站")
    t.say("就这些，每天早上五点就开始砸铁皮吵得人睡不着")
    d = t.data.get("description", "")
    assert "废品站" in d and "砸铁皮" in d
    assert t.doc["state"] != "ask_description"


# ---------------------------------------------------------------- class 3: thanks never stored


def test_thanks_while_a_field_is_asked_is_not_the_matter(dialog):
    t = start(dialog)
    assert t.doc["state"] == "ask_town"
    before = t.data.get("description")
    t.say("行 多谢多谢")
    assert t.data.get("description") == before and t.doc["state"] == "ask_town"
    t.say("戴楼")
    t.say("嗯嗯 辛苦你了")
    assert t.data.get("description") == before


# ---------------------------------------------------------------- class 6: 取消 about something else


def test_cancel_words_about_something_else_are_the_matter(dialog):
    t = start(dialog)
    t.say("戴楼")
    t.say("朱河村四组")
    t.say("我叫万俟春生")
    t.say("15861112222")
    assert t.doc["state"] == "ask_request"
    t.say("要求把他们家的贫困户资格取消掉")
    assert t.doc["state"] != "closed"
    assert "取消" in (t.data.get("request") or "")


def test_cancel_words_about_something_else_in_the_story_are_the_matter(dialog):
    t = Talk(dialog)
    t.say("你好")
    t.say("同意")
    t.say("村里评的那个贫困户资格应该取消")
    assert t.doc["state"] != "closed" and "贫困户" in t.data.get("description", "")


# ---------------------------------------------------------------- class 7: refusal with a place


def test_a_refusal_that_gives_a_place_keeps_the_place(dialog):
    t = start(dialog)
    t.say("戴楼")
    assert t.doc["state"] == "ask_address"
    t.say("就在朱河村 门牌号我不方便讲")
    assert "朱河村" in (t.data.get("address") or "")
    assert t.doc["state"] != "ask_address"


# ---------------------------------------------------------------- names: a bare uncommon name


def test_a_bare_name_with_an_uncommon_listed_surname_is_taken(dialog):
    t = start(dialog)
    t.say("戴楼")
    t.say("朱河村四组")
    assert t.doc["state"] == "ask_name"
    t.say("宦海明")
    assert t.data.get("name") == "宦海明" and t.doc["state"] == "ask_phone"


def test_an_introduction_with_a_nickname_then_the_name_is_the_name_not_the_matter(dialog):
    t = start(dialog)
    t.say("戴楼")
    t.say("朱河村四组")
    before = t.data.get("description")
    t.say("我是朱河村的老宦 宦海明")
    assert t.data.get("name") == "宦海明" and t.data.get("description") == before


def test_a_done_word_inside_a_part_does_not_end_the_telling(dialog):
    """"没了" in the middle of a fact ("押金没了，…") is the story, not "that's all"; the same word
    at the edge of a message ends the parts with the facts kept."""
    t = Talk(dialog)
    t.say("你好")
    t.say("同意")
    t.say("事情有点多，我分几次说")
    t.say("去年交给物业的三千块押金没了，问他们也不说原因")
    assert t.doc["state"] == "ask_description"
    assert "押金没了" in t.data.get("description", "")
    t.say("物业经理还骂人，就这么多")
    assert t.doc["state"] != "ask_description"
    d = t.data.get("description", "")
    assert "押金没了" in d and "物业经理还骂人" in d
