"""Dialog-side failure classes of the third independent held-out set (issue 14, qa14c), one or
more transcripts per class, with sentences written for these tests (not the tester's)."""

from __future__ import annotations

from tests.dialogs.fakes import said, text_of
from tests.dialogs.test_understand import start, to_phone

# ---------------------------------------------------------------- class 1: deferrals


def test_a_deferral_with_a_reason_stores_nothing_at_any_question(dialog):
    t = start(dialog)
    t.say("戴楼")
    assert t.doc["state"] == "ask_address"
    before = dict(t.data)
    for later in ("哎呀我得去接孙子放学了，回头再弄", "几号楼我记不清了 等我问问我女儿再说",
                  "要去喂猪了晚上再来填"):
        r = t.say(later)
        assert said(dialog, r, "defer_kept"), later
        assert "已补充" not in text_of(r) and t.data == before, later
        assert t.doc["state"] == "ask_address", later


def test_the_return_stores_nothing_and_its_value_goes_to_the_question(dialog):
    t = to_phone(dialog)
    before = dict(t.data)
    r = t.say("我先问问我家老伴，手机号我记不住，晚点再说")
    assert said(dialog, r, "defer_kept") and t.data == before
    r = t.say("好了我又回来了")
    assert said(dialog, r, "resume_ok") and t.data == before
    assert t.doc["state"] == "ask_phone"
    t.say("问到了，号码是13905176688")
    assert t.data["phone"] == "13905176688"
    assert t.data["description"] == before["description"]
    assert t.doc["state"] == "ask_request"


def test_a_story_with_put_off_words_is_still_the_story(dialog):
    t = start(dialog)
    t.say("戴楼")
    t.say("朱河村四组")
    r = t.say("镇上的人每回都说等会儿再来看，结果桥一直塌着没人修")
    assert "桥一直塌着" in t.data["description"] and "已补充" in text_of(r)
