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


# ---------------------------------------------------------------- class 2: meta-talk


def test_a_doubt_at_the_name_question_is_answered_not_stored(dialog):
    t = start(dialog)
    t.say("戴楼")
    t.say("朱河村四组")
    assert t.doc["state"] == "ask_name"
    before = dict(t.data)
    r = t.say("你们这个管用不管用哦")
    assert said(dialog, r, "process_effect") and "已补充" not in text_of(r)
    assert t.data == before and t.doc["state"] == "ask_name"


def test_talk_about_oneself_and_announcing_are_cut_from_the_account(dialog):
    from tests.dialogs.test_understand_qa14b import opened
    t = opened(dialog)
    t.say("俺是种地的 不太会写字 我们村的机耕路被挖断了，上个月开始车就过不去，找过村长也没用")
    desc = t.data["description"]
    assert desc.startswith("我们村的机耕路") and "写字" not in desc
    t2 = opened(dialog)
    t2.say("我跟您讲个事情啊，镇上菜场门口的下水道堵了半个月了，臭得很，跟市场管理处说过没人理")
    assert t2.data["description"].startswith("镇上菜场门口")


def test_words_about_whose_phone_it_is_are_not_the_story(dialog):
    t = to_phone(dialog)
    desc = t.data["description"]
    r = t.say("那就打我女儿的 13905176688")
    assert t.data["phone"] == "13905176688" and t.data["description"] == desc
    assert "已补充" not in text_of(r)


def test_thanks_at_the_request_question_is_no_request(dialog):
    t = to_phone(dialog)
    t.say("15861112222")
    assert t.doc["state"] == "ask_request"
    r = t.say("谢谢谢谢，辛苦你们了哈")
    assert t.doc["state"] == "ask_request" and not t.data.get("request")
    assert "诉求" in text_of(r)  # the question again
    t.say("麻烦你们派人把水管修好")
    assert t.doc["state"] == "confirm" and "修好" in t.data["request"]


# ---------------------------------------------------------------- class 4: contacts in the request


def test_a_phone_read_aloud_inside_the_request_is_cut(dialog):
    t = to_phone(dialog)
    t.say("15861112222")
    t.say("我要求把水管修好我的电话幺五八六一一一二二二二")
    assert t.data["request"] == "我要求把水管修好"


# ---------------------------------------------------------------- class 3: thin story


def test_a_complaint_with_no_event_asks_what_happened(dialog):
    from tests.dialogs.test_understand_qa14b import opened
    t = opened(dialog)
    r = t.say("我们这条街的事情从来没人问")
    assert t.doc["state"] == "ask_description" and "哪个镇" not in text_of(r)
    t.say("下水道堵了两个礼拜，一下雨就漫到店里")
    assert "下水道堵了" in t.data["description"]


def test_a_story_with_a_word_like_a_correction_is_kept(dialog):
    from tests.dialogs.test_understand_qa14b import opened
    t = opened(dialog)
    t.say("塔集那边的一个事")
    story = ("我家在塔集老街开了个理发店，去年镇里搞老街改造，把门前的台阶拆了，说好一个月重新砌，"
             "到现在半年多了还没弄，老人都进不来")
    r = t.say(story)
    assert "已改好" not in text_of(r)
    assert "理发店" in (t.data.get("description") or "")
    assert t.doc["state"] != "handoff"


# ---------------------------------------------------------------- class 5: a question with no FAQ entry


def test_a_procedure_question_takes_the_short_path(dialog):
    from tests.dialogs.test_understand_qa14b import opened
    t = opened(dialog)
    t.say("请问一下想在自家宅基地上翻盖两层小楼，要找哪个部门审批，办什么手续")
    assert t.data["intent"] == "咨询"
    asked = []
    for _ in range(4):
        if t.doc["state"] in ("confirm", "handoff", None):
            break
        asked.append(t.doc["state"])
        t.say({"ask_town": "金南镇", "ask_phone": "13905176688"}.get(t.doc["state"], "不知道"))
    assert "ask_address" not in asked and "ask_name" not in asked and "ask_request" not in asked
    assert t.doc["state"] == "confirm" and t.data["phone"] == "13905176688"


def test_a_question_about_this_intake_is_no_consultation(dialog):
    t = to_phone(dialog)
    r = t.say("还要办什么手续吗")
    assert said(dialog, r, "process_needed") and t.doc["state"] == "ask_phone"


def test_talk_about_oneself_at_a_question_is_not_stored(dialog):
    t = start(dialog)
    t.say("戴楼")
    t.say("朱河村四组")
    before = dict(t.data)
    r = t.say("我眼神不好打字慢 你别急哈")
    assert t.data == before and t.doc["state"] == "ask_name" and "已补充" not in text_of(r)


def test_someone_else_asked_for_the_group_then_the_return_with_it(dialog):
    t = start(dialog)
    t.say("戴楼")
    before = dict(t.data)
    r = t.say("儿子上班去了 等他下班回来问问是哪个组")
    assert said(dialog, r, "defer_kept") and t.data == before
    t.say("儿子回来了 是朱河村六组")
    assert t.data["address"] == "朱河村六组" and t.data["description"] == before["description"]


def test_someone_elses_phone_with_his_number_and_thanks_before_the_request(dialog):
    t = to_phone(dialog)
    desc = t.data["description"]
    t.say("就打我女儿的吧，她手机是13905176688")
    assert t.data["phone"] == "13905176688" and t.data["description"] == desc
    t.say("多谢了，请村里把水管修好")
    assert t.data["request"] == "请村里把水管修好"


def test_a_story_shaped_like_a_correction_of_an_empty_field_is_the_story(dialog):
    from tests.dialogs.test_understand_qa14b import opened
    t = opened(dialog)
    t.say("黎城那边的事")
    r = t.say("不是我多事，是小区门口的井盖丢了，好几天了没人管")
    assert "已改为" not in text_of(r) and not t.data.get("address")
    assert "井盖丢了" in t.data["description"]


def test_no_mobile_and_a_grandchilds_number_read_aloud_is_not_the_story(dialog):
    t = to_phone(dialog)
    desc = t.data["description"]
    t.say("俺没有手机，就留我孙女的电话吧 幺三九 零五一七 六六八八")
    assert t.data["phone"] == "13905176688" and t.data["description"] == desc


def test_a_deferral_at_the_summary_changes_nothing(dialog):
    from tests.dialogs.test_understand import to_summary
    t = to_summary(dialog)
    before = dict(t.data)
    r = t.say("对了我得去做饭了，晚点再来看看")
    assert said(dialog, r, "defer_kept") and t.data == before and t.doc["state"] == "confirm"
