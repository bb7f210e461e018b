"""Transcripts for every kind of turn the understanding layer reads (issue 14), with examples
written for these tests: what is stored, what is said, where the conversation goes."""

from __future__ import annotations

from tests.dialogs.fakes import Talk, said, text_of


def start(dialog, matter: str = "我们村东头的自来水管爆了三天了，一直没人来修，找过村委会也没用") -> Talk:
    t = Talk(dialog)
    t.say("你好")
    t.say("同意")
    t.say(matter)
    return t


def to_phone(dialog) -> Talk:
    t = start(dialog)
    t.say("戴楼")
    t.say("朱河村四组")
    t.say("我叫万俟春生")
    assert t.doc["state"] == "ask_phone"
    return t


def to_summary(dialog) -> Talk:
    t = to_phone(dialog)
    t.say("15861112222")
    t.say("希望尽快把水管修好")
    assert t.doc["state"] == "confirm"
    return t


# ---------------------------------------------------------------- process questions


def test_a_process_question_is_answered_and_nothing_is_stored(dialog):
    t = start(dialog)
    assert t.doc["state"] == "ask_town"
    before = dict(t.data)
    r = t.say("我反映的这些村里干部能看到吗？")
    assert said(dialog, r, "process_privacy") and said(dialog, r, "ask_town")
    assert t.data == before and t.doc["state"] == "ask_town"
    r = t.say("一般要多长时间给答复")
    assert said(dialog, r, "process_time") and t.data == before


def test_why_a_name_is_needed_is_explained_then_the_name_asked_again(dialog):
    t = start(dialog)
    t.say("戴楼")
    t.say("朱河村四组")
    r = t.say("为啥要留名字？")
    assert said(dialog, r, "process_needed") and t.doc["state"] == "ask_name"
    assert "name" not in t.data


# ---------------------------------------------------------------- refusals and anonymity


def test_a_refused_name_gets_one_explanation_then_is_respected(dialog):
    t = start(dialog)
    t.say("戴楼")
    t.say("朱河村四组")
    r = t.say("名字我就不讲了")
    assert said(dialog, r, "refuse_name_explain") and t.doc["state"] == "ask_name"
    r = t.say("还是不想说")
    assert said(dialog, r, "refuse_name_accept") and t.doc["state"] == "ask_phone"
    assert t.data["anonymous"] is True and t.data.get("name") is None


def test_a_report_may_be_filed_without_name_and_phone(dialog):
    t = start(dialog, "我要举报村里的小作坊晚上偷偷往河里倒废油，已经好几个月了，跟村里说过没人管")
    t.say("前锋")
    t.say("夹沟村")
    assert t.doc["state"] == "ask_anonymous"
    t.say("匿名")
    assert t.doc["state"] == "ask_phone"
    r = t.say("电话也不想留")
    assert said(dialog, r, "refuse_phone_report")  # keep the case number for 查询
    assert t.data["phone"] == "" and t.doc["state"] == "ask_request"
    t.say("希望查处")
    r = t.say("确认")
    assert t.doc["state"] == "submitted"
    case = t.effects("submit")[0].payload
    assert case["petitioner"]["anonymous"] is True and not case["petitioner"]["name"]
    assert case["petitioner"]["phone"] in ("", None)


def test_an_address_is_never_a_refusal_word(dialog):
    t = start(dialog)
    t.say("戴楼")
    r = t.say("匿名")
    assert t.data.get("address") in (None, "") and "匿名" not in str(t.data.get("address"))
    assert t.doc["state"] in ("ask_address", "ask_name", "ask_phone")
    assert not said(dialog, r, "ack_fields") or "匿名" not in text_of(r)


# ---------------------------------------------------------------- a person, commands


def test_a_person_however_phrased(dialog):
    t = start(dialog)
    r = t.say("机器说不明白，能不能让你们工作人员给我打个电话")
    assert t.doc["state"] == "handoff" and said(dialog, r, "handoff_person")
    assert t.effects("handoff")[0].payload["reason"] == "asked_for_person"


def test_a_cancel_in_a_sentence(dialog):
    t = start(dialog)
    r = t.say("这个事我不弄了，撤了吧")
    assert t.doc["state"] == "closed" and said(dialog, r, "cancelled")


# ---------------------------------------------------------------- corrections


def test_a_correction_at_the_summary_says_what_changed(dialog):
    t = to_summary(dialog)
    r = t.say("镇写错了，不是戴楼是金南")
    assert t.data["town"] == "金南镇" and t.doc["state"] == "confirm"
    assert "镇（街道）已改为：金南镇" in text_of(r) and said(dialog, r, "summary")


def test_a_spoken_phone_correction(dialog):
    t = to_summary(dialog)
    r = t.say("电话号码不对 应该是一五八 六幺幺幺 两两两两")
    assert t.data["phone"] == "15861112222" and "电话已改为：15861112222" in text_of(r)


def test_a_correction_without_a_value_asks_for_it_and_claims_nothing(dialog):
    t = to_summary(dialog)
    r = t.say("地址写错了")
    assert "已改为" not in text_of(r) and t.doc["state"] == "ask_address"


# ---------------------------------------------------------------- the story


def test_a_thin_account_gets_at_most_two_targeted_questions(dialog):
    t = Talk(dialog)
    t.say("你好")
    t.say("同意")
    r = t.say("门口那条河臭得很")
    assert t.doc["state"] == "ask_description" and (
        said(dialog, r, "story_ask_since") or said(dialog, r, "story_ask_tried"))
    r = t.say("今年夏天开始的")
    assert t.doc["state"] == "ask_description" and said(dialog, r, "story_ask_tried")
    r = t.say("跟村里说过")
    assert t.doc["state"] == "ask_town"  # two follow-ups at most
    assert "臭得很" in t.data["description"] and "今年夏天" in t.data["description"]
    assert "跟村里说过" in t.data["description"]


def test_a_story_in_parts_until_done(dialog):
    t = Talk(dialog)
    t.say("你好")
    t.say("同意")
    r = t.say("事情有点复杂，我分几条说")
    assert said(dialog, r, "story_parts") and "description" not in t.data
    t.say("去年村里修路占了我家的菜地")
    t.say("说好补偿两千块")
    r = t.say("到现在一分钱没给，找了村主任好几次")
    assert t.doc["state"] == "ask_description"
    r = t.say("说完了")
    assert t.doc["state"] == "ask_town"
    d = t.data["description"]
    assert "占了我家的菜地" in d and "补偿两千块" in d and "一分钱没给" in d
    assert "说完了" not in d and "分几条" not in d


def test_the_stored_account_is_cleaned_not_paraphrased(dialog):
    t = Talk(dialog)
    t.say("你好")
    t.say("同意")
    t.say("领导你好，我想反映个问题，小区的电梯坏了两个月，物业一直拖着不修，谢谢")
    assert t.data["description"] == "小区的电梯坏了两个月，物业一直拖着不修"


# ---------------------------------------------------------------- 咨询


def test_a_consultation_takes_the_short_path_with_an_instant_answer(dialog):
    t = Talk(dialog)
    t.say("你好")
    t.say("同意")
    r = t.say("请问低保怎么申请，要什么条件")
    assert said(dialog, r, "faq_answer") and said(dialog, r, "consult_register")
    assert t.doc["state"] == "ask_phone"  # no town, address or name for a question
    t.say("13605171234")
    assert t.doc["state"] == "confirm"
    t.say("确认")
    case = t.effects("submit")[0].payload
    assert "低保怎么申请" in case["description"]


# ---------------------------------------------------------------- all in one message


def test_everything_in_one_message(dialog):
    t = Talk(dialog)
    t.say("你好")
    t.say("同意")
    t.say("我是银涂镇的亓官秀兰，涂沟村三组的路灯坏了一个多月，找过村里没人修，建议尽快修好，"
          "电话一八六 幺二三四 五六七八")
    d = t.data
    assert d["name"] == "亓官秀兰" and d["town"] == "银涂镇" and d["phone"] == "18612345678"
    assert d["request"].startswith("建议尽快修好")
    assert "路灯坏了" in d["description"] and "一八六" not in d["description"]


def test_a_rare_surname_and_a_spoken_phone_as_answers(dialog):
    t = start(dialog)
    t.say("戴楼")
    t.say("朱河村四组")
    t.say("免贵姓訾，訾建华")
    assert t.data["name"] == "訾建华" and t.doc["state"] == "ask_phone"
    t.say("幺三九 洞洞幺二 三四五六")
    assert t.data["phone"] == "13900123456" and t.doc["state"] == "ask_request"


def test_a_vague_consultation_is_asked_what_exactly_once(dialog):
    t = Talk(dialog)
    t.say("你好")
    t.say("同意")
    r = t.say("想咨询一下残疾人补贴的事")
    assert said(dialog, r, "consult_ask_what") and t.doc["state"] == "ask_description"
    r = t.say("重度残疾的护理补贴怎么申请")
    assert said(dialog, r, "faq_answer") and t.doc["state"] == "ask_phone"
    assert "护理补贴怎么申请" in t.data["description"]


def test_an_announcement_alone_is_not_the_matter(dialog):
    t = Talk(dialog)
    t.say("你好")
    t.say("同意")
    r = t.say("您好，我想反映一下我们小区的问题")
    assert said(dialog, r, "ask_description_more") and "description" not in t.data
    t.say("小区的消防通道天天被私家车堵死，半年多了，跟物业说过不管")
    assert t.data["description"].startswith("小区的消防通道")


def test_a_process_question_at_the_summary_keeps_the_summary(dialog):
    t = to_summary(dialog)
    before = dict(t.data)
    r = t.say("提交以后多久能有答复？")
    assert said(dialog, r, "process_time") and said(dialog, r, "summary")
    assert t.doc["state"] == "confirm" and t.data == before


def test_i_dont_know_the_town_is_an_answer_not_the_story(dialog):
    t = start(dialog)
    r = t.say("我也说不上是哪个镇，反正在县城东边")
    assert t.data["town"] is None and t.data["town_unknown"] is True
    assert "说不上" not in t.data["description"]
    assert t.doc["state"] in ("ask_address", "ask_name") and not said(dialog, r, "ack_more")
