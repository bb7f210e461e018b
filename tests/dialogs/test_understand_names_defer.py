"""Transcripts for surname-only names, names given at another question, deferrals and the
consultation path (issue 14, second round). The examples are written for these tests."""

from __future__ import annotations

import pytest

from tests.dialogs.fakes import Talk, said, text_of

STORY = "我家后面那条排水沟堵了快两个月了，一下雨水就漫到屋里，找过村里说没钱修"


def consented(dialog, *before: str) -> Talk:
    t = Talk(dialog)
    for m in before or ("你好",):
        t.say(m)
    t.say("同意")
    return t


def answered(dialog, *answers: str) -> Talk:
    """Consent, the story, then `answers` to the questions that follow."""
    t = consented(dialog, "你好")
    t.say(STORY)
    for a in answers:
        t.say(a)
    return t


# ---------------------------------------------------------------- a surname is not a name


def test_a_surname_and_place_talk_before_consent_fill_town_and_a_partial_name(dialog):
    t = consented(dialog, "俺姓仵 家就住在涂沟那块")
    assert t.doc["state"] == "ask_description"  # no matter told yet: asked for it
    assert "description" not in t.data  # "家就住在涂沟那块" is not the petition
    assert t.data["town"] == "银涂镇" and t.data["name"] == "仵" and t.data["name_partial"]
    t.say(STORY)
    r = t.say("三河村五组")
    assert t.doc["state"] == "ask_name" and "您姓仵" in text_of(r)  # the full name, once


def test_the_full_name_given_at_another_question_completes_the_name(dialog):
    t = consented(dialog, "我姓仵，住涂沟")
    t.say(STORY)
    assert t.doc["state"] == "ask_address"
    r = t.say("仵德兵")  # the name, although the address was asked
    assert said(dialog, r, "ack_name") and t.data["name"] == "仵德兵"
    assert not t.data.get("name_partial") and "address" not in t.data
    assert t.doc["state"] == "ask_address"  # and the address question again
    t.say("三河村五组")
    assert t.doc["state"] == "ask_phone"  # the name is not asked again


def test_the_given_name_alone_after_the_surname(dialog):
    t = answered(dialog, "金南", "复兴村")
    assert t.doc["state"] == "ask_name"
    r = t.say("免贵姓亓")
    assert t.doc["state"] == "ask_name" and "您姓亓" in text_of(r)
    r = t.say("秀梅")
    assert t.data["name"] == "亓秀梅" and t.doc["state"] == "ask_phone"


def test_a_refused_full_name_is_explained_once_and_the_surname_kept(dialog):
    t = answered(dialog, "金南", "复兴村", "叫我老蒯就行")
    assert t.doc["state"] == "ask_name"
    r = t.say("全名就不说了")
    assert said(dialog, r, "refuse_fullname_accept") and t.doc["state"] == "ask_phone"
    assert t.data["name"] == "老蒯" and not t.data.get("name_partial")
    r = t.say("蒯长根")  # thought better of it while the phone is asked: not a wrong phone
    assert said(dialog, r, "ack_name") and t.data["name"] == "蒯长根"
    assert t.doc["state"] == "ask_phone" and "phone" not in t.data
    t.say("13815172233")
    t.say("希望尽快疏通")
    assert t.doc["state"] == "confirm"  # the name is not asked again on the way


# ---------------------------------------------------------------- deferrals


def test_a_deferral_is_no_answer_and_the_draft_waits(dialog):
    t = answered(dialog)
    assert t.doc["state"] == "ask_town"
    before = dict(t.data)
    for later in ("那我晚点再来弄吧", "回头再说", "等会儿", "我先问问我儿子"):
        r = t.say(later)
        assert said(dialog, r, "defer_kept"), later
        assert "7天" in text_of(r)  # the retention the draft really has
        assert t.data == before and t.doc["state"] == "ask_town", later
    t.say("前锋")
    assert t.data["town"] == "前锋镇"


def test_a_deferral_at_the_name_question_is_not_a_name(dialog):
    t = answered(dialog, "前锋", "同心村")
    assert t.doc["state"] == "ask_name"
    r = t.say("明天再说吧")
    assert said(dialog, r, "defer_kept") and "name" not in t.data


def test_a_deferral_before_consent_keeps_the_notice_open(dialog):
    t = Talk(dialog)
    t.say("你好")
    r = t.say("我考虑一下")
    assert said(dialog, r, "defer_consent") and t.doc["state"] == "consent"


def test_put_off_words_inside_a_story_stay_part_of_it(dialog):
    t = consented(dialog, "你好")
    t.say("村干部每次都说明天再说，这条路拖了三年还没修好，下雨天孩子上学全是泥")
    assert "明天再说" in t.data["description"]


# ---------------------------------------------------------------- consultations


def test_a_consultation_summary_shows_only_what_a_question_needs(dialog):
    t = consented(dialog, "你好")
    t.say("想问一下独生子女父母奖励今年是不是涨了")
    assert t.doc["state"] == "ask_phone"
    r = t.say("13912340000")
    assert t.doc["state"] == "confirm"
    summary = text_of(r)
    assert "待确认" not in summary and "诉求" not in summary and "独生子女" in summary
    t.say("确认")
    case = t.effects("submit")[0].payload
    # the fake classifier reads this as 求决: the consultation path makes it a 咨询, blue
    assert case["nature"] == "咨询" and case["color"] == "blue"


def test_a_question_about_one_place_asks_which_town(dialog):
    t = consented(dialog, "你好")
    r = t.say("我们社区的卫生室周末开门吗")
    assert t.doc["state"] == "ask_town" and "您问的是哪个镇" in text_of(r)
    t.say("戴楼")
    assert t.doc["state"] == "ask_phone"


def test_a_county_wide_question_does_not_ask_the_town(dialog):
    t = consented(dialog, "你好")
    t.say("城乡居民医保今年每人交多少钱")
    assert t.doc["state"] == "ask_phone"


# ---------------------------------------------------------------- questions about the intake


def test_questions_about_the_intake_are_answered_from_the_faq_and_not_stored(dialog):
    t = answered(dialog)
    assert t.doc["state"] == "ask_town"
    before = dict(t.data)
    for q, words in (("登记完了接下来怎么弄", "受理编号"), ("俺能替俺爹反映不，他不会用手机", "替谁反映"),
                     ("是不是要拍身份证", "不用上传身份证"), ("法院判了的事还能找你们吗", "诉讼优先"),
                     ("可以发照片吗", "照片")):
        r = t.say(q)
        assert said(dialog, r, "faq_process") and words in text_of(r), q
        assert said(dialog, r, "ask_town") and t.data == before, q


# ---------------------------------------------------------------- found by playing citizens


def test_a_spot_by_ones_own_door_is_no_address(dialog):
    t = consented(dialog, "同志 俺是吕良镇的 俺家门口那条水泥路塌了一大块 三轮车都翻了两回 跟村里讲了没用")
    assert "address" not in t.data and t.doc["state"] == "ask_address"


def test_a_place_sent_at_the_name_question_is_the_address(dialog):
    t = answered(dialog, "吕良")
    t.say("不清楚")  # the address skipped for now
    assert t.doc["state"] == "ask_name"
    r = t.say("龙港村六组")  # remembered it when the name was asked
    assert said(dialog, r, "ack_fields") and t.data["address"] == "龙港村六组"
    assert t.doc["state"] == "ask_name" and "name" not in t.data


def test_a_phone_read_aloud_is_not_added_to_the_story(dialog):
    t = answered(dialog, "吕良", "龙港村六组", "我叫贲小兵", "电话是幺三六 零五一七 二二八八")
    assert t.data["phone"] == "13605172288"
    assert "幺三六" not in t.data["description"]


def test_an_unnamed_refusal_right_after_an_explanation_is_about_that_field(dialog):
    t = answered(dialog, "吕良")
    assert t.doc["state"] == "ask_address"
    r = t.say("名字我不想留")  # the name refused while the address is asked
    assert said(dialog, r, "refuse_name_explain") and t.doc["state"] == "ask_address"
    r = t.say("还是不想说")  # about the name: respected, the address still to come
    assert said(dialog, r, "refuse_name_accept") and t.data["anonymous"] is True
    assert t.doc["state"] == "ask_address" and "address" not in t.data


def test_a_role_between_the_place_and_the_name(dialog):
    t = consented(dialog, "我是金南镇复兴村的村民贲志刚，村里的水塘被人填了盖厂房，问村里都说不知道")
    assert t.data["name"] == "贲志刚" and t.data["town"] == "金南镇"


def test_a_pause_then_asking_at_home_is_one_deferral(dialog):
    t = answered(dialog)
    before = dict(t.data)
    r = t.say("等会儿 我问问我家老头子")
    assert said(dialog, r, "defer_kept") and t.data == before


def test_a_yes_is_no_request(dialog):
    t = answered(dialog, "吕良", "龙港村六组", "我叫贲小兵", "13605172288")
    assert t.doc["state"] == "ask_request"
    t.say("确认")
    assert "request" not in t.data and t.doc["state"] == "ask_request"


def test_values_sent_between_parts_of_a_story_go_to_their_fields(dialog):
    t = consented(dialog, "你好")
    t.say("事情有点多 我分几条说")
    t.say("俺们组的自来水发黄好几个月了 烧开了还有一层沉淀")
    for value, field in (("吕良", "town"), ("同心村", "address"), ("俺叫戚老三", "name"),
                         ("戚德全", "name"), ("13812340006", "phone")):
        r = t.say(value)
        assert said(dialog, r, "ack_fields") and said(dialog, r, "story_parts_more"), value
        assert field in t.data, value
    assert t.data["name"] == "戚德全" and t.data["town"] == "吕良镇"
    assert "同心村" not in t.data["description"] and "戚" not in t.data["description"]


def test_a_nickname_with_a_rank_is_a_surname_only(dialog):
    t = answered(dialog, "吕良", "同心村")
    r = t.say("叫我戚老三就行")
    assert t.doc["state"] == "ask_name" and "您姓戚" in text_of(r)


def test_everything_in_one_voice_message_leaves_only_the_matter(dialog):
    t = consented(dialog, "我是塔集镇高桥村的贲桂英电话13912345678我们组的垃圾半个月没人拉了臭得不行希望赶紧派人来拉走")
    d = t.data
    assert (d["name"], d["phone"], d["town"], d["address"]) == ("贲桂英", "13912345678", "塔集镇", "高桥村")
    assert d["description"].startswith("我们组的垃圾") and "电话" not in d["description"]
    assert d["request"] == "希望赶紧派人来拉走"


def test_a_town_said_while_the_story_is_asked_is_no_name(dialog):
    t = consented(dialog, "你好")
    t.say("菜市场有人短斤缺两 一斤少二两")
    t.say("黎城")
    assert t.data.get("town") == "黎城街道" and "name" not in t.data


def test_an_estate_named_after_the_county_keeps_its_name(dialog):
    t = answered(dialog, "黎城", "金湖花园")
    assert t.data["address"] == "金湖花园"


def test_a_report_may_keep_a_surname_only(dialog):
    t = consented(dialog, "我要举报 有人夜里在河堤上挖沙 堤都快挖空了")
    t.say("银涂")
    t.say("蒋桥村")
    assert t.doc["state"] == "ask_anonymous"
    r = t.say("我姓何")
    assert t.doc["state"] == "ask_name" and "何" in text_of(r)  # the full name asked once
    t.say("13912340088")  # not the full name: the surname is kept, not asked again
    assert t.doc["state"] == "ask_request" and t.data["name"] == "何"


def test_a_message_written_as_a_form(dialog):
    t = consented(dialog, "姓名：公良秀芝；电话：13812340012；地址：前锋镇胜利村二组；事情：村里的灌溉渠堵了，"
                          "秧苗快干死了，找过村里没人管；诉求：尽快疏通")
    d = t.data
    assert (d["name"], d["phone"], d["town"], d["address"]) == ("公良秀芝", "13812340012", "前锋镇",
                                                                "胜利村二组")
    assert d["description"] == "村里的灌溉渠堵了，秧苗快干死了，找过村里没人管"
    assert d["request"] == "尽快疏通"


def test_dont_know_or_yes_to_a_follow_up_adds_nothing_to_the_story(dialog):
    for reply in ("不知道", "没有了", "确认"):
        t = consented(dialog, "你好")
        t.say("有人在网上骗了我两千块钱")
        assert t.doc["state"] == "ask_description"  # a follow-up question
        t.say(reply)
        assert t.data["description"] == "有人在网上骗了我两千块钱", reply
        assert t.doc["state"] == "ask_town", reply


def test_someone_who_knows_face_to_face_is_a_person(dialog):
    t = consented(dialog, "你好")
    r = t.say("能不能派个懂政策的人来跟我当面讲讲")
    assert t.doc["state"] == "handoff" and said(dialog, r, "handoff_person")


def to_summary(dialog) -> Talk:
    t = answered(dialog, "金南", "复兴村三组", "我叫仉建国", "13812345678", "希望尽快疏通")
    assert t.doc["state"] == "confirm"
    return t


def test_a_name_correction_with_the_value_after_a_pause(dialog):
    t = to_summary(dialog)
    r = t.say("我名字写错了 仉建军")
    assert said(dialog, r, "corrected") and t.data["name"] == "仉建军" and t.doc["state"] == "confirm"


def test_more_facts_at_the_summary_are_kept_without_the_meta_talk(dialog):
    t = to_summary(dialog)
    t.say("还要补充一点，上个月有个老人在那摔断了腿")
    assert t.data["description"].endswith("上个月有个老人在那摔断了腿")
    assert "补充" not in t.data["description"]


def test_refusing_the_name_at_the_summary_is_explained_then_respected(dialog):
    t = to_summary(dialog)
    r = t.say("能不能不写我名字")
    assert said(dialog, r, "refuse_name_explain") and t.data["name"] == "仉建国"
    r = t.say("还是不想写")
    assert said(dialog, r, "refuse_name_accept") and t.data["anonymous"] is True
    assert t.doc["state"] == "confirm"


def test_a_name_finished_at_the_next_question(dialog):
    t = answered(dialog, "金南", "复兴村三组", "我叫孔德")
    assert t.doc["state"] == "ask_phone"
    r = t.say("孔德明")  # the name was not finished
    assert said(dialog, r, "ack_name") and t.data["name"] == "孔德明" and t.doc["state"] == "ask_phone"


def test_thanks_in_more_words_after_submitting(dialog):
    t = to_summary(dialog)
    t.say("确认")
    r = t.say("太感谢你们了")
    assert said(dialog, r, "thanks_reply")


def test_a_report_is_told_the_phone_may_be_left_out(dialog):
    t = consented(dialog, "我要举报 饭店后厨老鼠乱跑 卫生太差了 跟店里说了不理")
    t.say("黎城")
    t.say("衡阳路25号")
    r = t.say("匿名")
    assert t.doc["state"] == "ask_phone" and "回复“不留”" in text_of(r)


def test_a_report_without_a_phone_shows_it_as_not_given(dialog):
    t = consented(dialog, "我要举报 饭店后厨老鼠乱跑 卫生太差了 跟店里说了不理")
    t.say("黎城")
    t.say("衡阳路25号")
    t.say("匿名")
    r = t.say("查处")  # no number: told a report may go without one
    assert said(dialog, r, "bad_phone_report") and t.doc["state"] == "ask_phone"
    t.say("不留")
    assert t.data["phone"] == "" and t.doc["state"] == "ask_request"
    r = t.say("查处")
    assert "电话：未留" in text_of(r) and "待确认" not in text_of(r)


def test_a_consultation_is_not_taken_for_a_question_about_the_office(dialog):
    t = consented(dialog, "你好")
    r = t.say("請問老年證在哪裡辦")  # where to get a card: a 咨询, not where the 接待中心 is
    assert not said(dialog, r, "faq_process") and t.data["intent"] == "咨询"
    assert t.doc["state"] == "ask_phone" and said(dialog, r, "ask_phone_consult")


def test_a_long_question_with_its_reasons_is_a_consultation(dialog):
    t = consented(dialog, "你好")
    t.say("问一下我这个年纪还能不能交养老保险 我五十八了 以前一直在外地打工")
    assert t.data["intent"] == "咨询" and t.doc["state"] == "ask_phone"


def test_a_name_in_unpunctuated_voice_input_ends_where_the_next_clause_starts(dialog):
    t = consented(dialog, "喂你好我是金南镇复兴村的村民我叫葛长春我们村那个河沟被人填了盖房子下雨水排不出去"
                          "找村里村里说管不了我电话一三九零五一七八八六六希望政府派人来看看")
    assert t.data["name"] == "葛长春" and t.data["phone"] == "13905178866"
    assert "我们村那个河沟" in t.data["description"] and "葛" not in t.data["description"]


def test_a_surname_after_a_role(dialog):
    t = consented(dialog, "我们小区物业收了物业费啥都不干 电梯坏了一个月没人修 我是阳光小区的业主姓蔡")
    assert t.data["name"] == "蔡" and t.data["name_partial"]


@pytest.mark.parametrize("answer,stored", [
    ("钭师傅", "钭师傅"), ("叫我钭大爷", "钭大爷"), ("王大妈", "王大妈"), ("欧阳", "欧阳"),
])
def test_a_surname_with_a_title_is_a_surname_only(dialog, answer, stored):
    t = answered(dialog, "前锋", "胜利村")
    assert t.doc["state"] == "ask_name"
    r = t.say(answer)
    assert t.data["name"] == stored and t.data["name_partial"], answer
    assert t.doc["state"] == "ask_name" and "请问全名" in text_of(r)


@pytest.mark.parametrize("answer,name", [("我叫李 木子李", "李"), ("张兰，弓长张", "张兰"),
                                         ("耳东陈 陈建华", "陈建华")])
def test_a_surname_spelled_out_is_no_part_of_the_name(dialog, answer, name):
    t = answered(dialog, "前锋", "胜利村")
    t.say(answer)
    assert t.data["name"] == name


def test_where_one_lives_is_not_where_it_happened(dialog):
    t = consented(dialog, "我住在黎城 但是事情是在塔集那边的工地 老板欠我工资三个月了")
    # (what was tried may be asked before the address: 老板欠…, nothing tried said)
    assert t.data["town"] == "塔集镇" and t.doc["state"] in ("ask_address", "ask_description")
    t = consented(dialog, "我们从塔集搬到黎城了 老房子的事一直没人管")  # which one: asked
    assert "town" not in t.data


def test_short_answers_to_follow_up_questions_are_kept(dialog):
    t = consented(dialog, "你好")
    t.say("路灯坏")  # thin: what happened?
    t.say("黎城 健康路")  # a place given: its fields
    assert (t.data["town"], t.data["address"]) == ("黎城街道", "健康路")
    assert t.doc["state"] == "ask_description"  # since when?
    t.say("3个月了")
    assert t.data["description"] == "路灯坏\n3个月了"
    assert t.doc["state"] == "ask_name"


def test_no_anonymous_wording_for_a_matter_that_is_no_report(dialog):
    t = answered(dialog, "金南", "复兴村")
    t.say("不想留名")
    r = t.say("还是不想留")
    assert t.data["anonymous"] is True and t.doc["state"] == "ask_phone"
    assert "被举报" not in text_of(r)


def test_no_need_to_register_after_an_answered_question(dialog):
    t = consented(dialog, "你好")
    r = t.say("请问高龄津贴怎么领")
    assert said(dialog, r, "faq_answer") and t.doc["state"] == "ask_phone"
    r = t.say("不用了")
    assert said(dialog, r, "consult_done") and t.doc["state"] == "closed"
    assert not t.effects("submit")
