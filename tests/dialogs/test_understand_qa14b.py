"""Dialog-side failure classes of the second independent held-out set (issue 14, qa14b), one
or more transcripts per class, with sentences written for these tests (not the tester's)."""

from __future__ import annotations

from tests.dialogs.fakes import Talk, said, text_of
from tests.dialogs.test_understand import start, to_phone, to_summary


def opened(dialog) -> Talk:
    """A conversation past the greeting and the consent, the matter not yet told."""
    t = Talk(dialog)
    t.say("你好")
    t.say("同意")
    return t


def report(dialog) -> Talk:
    """A 投诉举报 matter up to the name question (anonymity allowed)."""
    t = start(dialog, "我要举报我们村的养殖场半夜往河里排粪水，已经好几个月了，跟村里说过没人管")
    t.say("前锋")
    t.say("夹沟村")
    assert t.doc["state"] == "ask_anonymous"
    return t


# ---------------------------------------------------------------- class 1: meta-talk


def test_doubting_the_process_is_answered_and_not_stored(dialog):
    t = start(dialog)
    before = dict(t.data)
    r = t.say("说了到底有没有用啊，会不会又石沉大海")
    assert said(dialog, r, "process_effect") and t.doc["state"] == "ask_town"
    assert t.data == before
    r = t.say("你们这个靠不靠谱")  # no question mark: the A-not-A form asks
    assert said(dialog, r, "process_effect") and t.data == before


def test_dialect_acknowledgements_are_not_stored(dialog):
    t = to_phone(dialog)
    before = dict(t.data)
    for ok in ("晓得啦", "中", "行吧", "知道了，多谢"):
        r = t.say(ok)
        assert t.data == before, ok
        assert t.doc["state"] == "ask_phone" and "已补充" not in text_of(r)


def test_thanks_after_a_follow_up_is_not_the_matter(dialog):
    t = opened(dialog)
    t.say("桥上的路灯不亮")
    assert t.doc["state"] == "ask_description"  # a follow-up for the thin account
    t.say("晓得了，谢谢你")
    assert "谢谢" not in t.data["description"] and "晓得" not in t.data["description"]
    assert t.doc["state"] != "ask_description"


def test_refusing_a_name_with_a_reason_is_anonymity_not_story(dialog):
    t = report(dialog)
    desc = t.data["description"]
    r = t.say("名字我不想写上去，怕他们找我麻烦")
    assert t.data["anonymous"] is True and not t.data.get("name")
    assert t.data["description"] == desc and t.doc["state"] == "ask_phone"
    assert "已补充" not in text_of(r)


def test_a_request_naming_a_department_is_the_request(dialog):
    t = to_phone(dialog)
    t.say("15861112222")
    assert t.doc["state"] == "ask_request"
    r = t.say("请市场监管局来查查这个收费，多收的钱退给我们")
    assert t.doc["state"] == "confirm" and not said(dialog, r, "process_cost")
    assert "市场监管局" in t.data["request"]


def test_a_request_with_a_why_in_it_is_the_request(dialog):
    t = to_phone(dialog)
    t.say("15861112222")
    r = t.say("我就想弄明白为什么停了，该发的要给我补发")
    assert t.doc["state"] == "confirm" and not said(dialog, r, "process_needed")
    assert "补发" in t.data["request"]


def test_a_request_that_opens_with_hope_keeps_its_question_words(dialog):
    t = to_phone(dialog)
    t.say("15861112222")
    t.say("希望有关部门查一查这笔收费该不该收")
    assert t.doc["state"] == "confirm" and "该不该收" in t.data["request"]


# ---------------------------------------------------------------- class 2: parts


def test_telling_in_parts_is_not_a_consultation(dialog):
    t = opened(dialog)
    r = t.say("关于我妈养老保险补缴的事，我一段一段打给你")
    assert said(dialog, r, "story_parts") and t.data.get("intent") != "咨询"
    t.say("她五十五岁那年村里让交的")
    t.say("交了一万二，现在说不算数")
    r = t.say("就这些")
    assert t.doc["state"] == "ask_town"  # the whole intake, not the 咨询 short path
    assert "一万二" in t.data["description"] and "一段一段" not in t.data["description"]


def test_telling_in_parts_before_consent(dialog):
    t = Talk(dialog)
    t.say("想讲讲我家拆迁补偿的事，事情有点长，我分几次发")
    r = t.say("同意")
    assert t.data.get("intent") != "咨询" and t.doc["state"] == "ask_description"
    assert said(dialog, r, "story_parts")


# ---------------------------------------------------------------- class 3: thin story


def test_a_thin_account_asks_since_and_tried_after_what(dialog):
    t = opened(dialog)
    r = t.say("菜市场太脏了")
    assert t.doc["state"] == "ask_description"
    r = t.say("垃圾堆在门口没人清，苍蝇到处飞，卖菜的把烂叶子都扔在路中间")
    # the account is now 30+ characters but says neither since when nor what was tried
    assert t.doc["state"] == "ask_description"
    assert said(dialog, r, "story_ask_since_tried") or said(dialog, r, "story_ask_since") or \
        said(dialog, r, "story_ask_tried")
    t.say("入夏以来一直这样，打过市场管理处的电话")
    assert t.doc["state"] == "ask_town"  # two follow-ups at most
    assert "入夏以来" in t.data["description"]


def test_a_full_account_gets_no_follow_up(dialog):
    t = opened(dialog)
    t.say("我们小区地下车库从上个月开始一下雨就积水，车都泡了，找过物业三次都说没办法")
    assert t.doc["state"] == "ask_town"


# ---------------------------------------------------------------- class 4: corrections


def test_a_name_correction_with_its_value_at_the_summary(dialog):
    t = to_summary(dialog)
    r = t.say("名字打错了，我叫万俟春升")
    assert t.data["name"] == "万俟春升" and t.doc["state"] == "confirm"
    assert "已改为：万俟春升" in text_of(r)


def test_a_self_correction_inside_the_address_answer(dialog):
    t = start(dialog)
    t.say("戴楼")
    t.say("朱河村七组，呃，说错了，是八组")
    assert t.data["address"] == "朱河村八组"


def test_a_self_correction_inside_the_name_answer(dialog):
    t = start(dialog)
    t.say("戴楼")
    t.say("朱河村四组")
    t.say("我叫孙立新，不对不对，孙丽新")
    assert t.data["name"] == "孙丽新"


def test_a_partial_address_correction_keeps_the_village(dialog):
    t = start(dialog)
    t.say("戴楼")
    t.say("朱河村四组")
    r = t.say("地址刚才讲错了，应该是二组不是四组")
    assert t.data["address"] == "朱河村二组" and "地址已改为：朱河村二组" in text_of(r)


def test_a_partial_address_correction_at_the_summary(dialog):
    t = to_summary(dialog)
    r = t.say("不是四组，是九组")
    assert t.data["address"] == "朱河村九组" and t.doc["state"] == "confirm"
    assert "朱河村九组" in text_of(r)


# ---------------------------------------------------------------- class 5: letters


def test_a_letter_loses_its_closing_and_gives_its_name(dialog):
    t = opened(dialog)
    t.say("尊敬的领导：\n我是戴楼街道五里社区居民蒋德明。我家楼下的烧烤店油烟直冲我家窗户，"
          "从今年五月到现在天天如此，跟店主和社区都说过，没有改。\n希望责令烧烤店安装油烟净化器。\n"
          "此致\n敬礼\n蒋德明\n2026年11月30日")
    d = t.data["description"]
    assert "此致" not in d and "敬礼" not in d and "2026年11月30日" not in d
    assert "油烟直冲我家窗户" in d
    assert t.data.get("name") == "蒋德明"
    for _ in range(4):
        if t.doc["state"] == "confirm":
            break
        state = t.doc["state"]
        assert state not in ("ask_name", "ask_anonymous")
        t.say({"ask_town": "戴楼", "ask_address": "五里社区", "ask_phone": "13952301234",
               "ask_request": "希望装净化器"}.get(state, "就这些"))
    assert t.doc["state"] == "confirm"


# ---------------------------------------------------------------- class 6: place phrases


def test_a_clause_is_no_address_and_the_address_is_asked(dialog):
    t = opened(dialog)
    t.say("俺村里挖塘把俺家屋后头的路给挖断了，从秋收到现在出不去，跟村里讲了不管")
    assert not t.data.get("address")
    t.say("戴楼")
    assert t.doc["state"] == "ask_address"


# ---------------------------------------------------------------- class 7: cancel


def test_a_cancel_after_a_reason_cancels(dialog):
    t = to_phone(dialog)
    r = t.say("唉算了，都是一个庄子的，撤了吧")
    assert t.doc["state"] == "closed" and said(dialog, r, "cancelled")
    assert not t.effects("submit")


def test_cancel_words_about_a_matter_still_do_not_cancel(dialog):
    t = start(dialog)
    r = t.say("他们说把我家的危房补助取消了，也没个说法")
    assert t.doc["state"] != "closed" and not said(dialog, r, "cancelled")


# ---------------------------------------------------------------- class 8: anonymity


def test_a_bare_no_to_the_phone_on_an_anonymous_report(dialog):
    t = report(dialog)
    r = t.say("匿名")
    assert "需要留一个联系电话" not in text_of(r) and "匿名也需要" not in text_of(r)
    r = t.say("不给")
    assert said(dialog, r, "refuse_phone_report") and t.doc["state"] == "ask_request"
    assert t.data["phone"] == ""


def test_a_spoken_phone_is_not_kept_in_the_account(dialog):
    t = to_phone(dialog)
    t.say("我的手机幺八六，两五幺洞，三三四四")
    assert t.data["phone"] == "18625103344"
    assert "幺八六" not in t.data["description"]


def test_a_letter_signed_under_the_closing_gives_the_name(dialog):
    t = opened(dialog)
    t.say("领导们好！\n小区门口的垃圾站一个多月没清运，臭气熏天，打过环卫所的电话没人来。\n"
          "恳请尽快清运。\n反映人：詹红英\n2026年12月3日")
    assert t.data.get("name") == "詹红英"
    assert "反映人" not in t.data["description"] and "2026年" not in t.data["description"]


def test_a_cancel_with_the_reason_after_it(dialog):
    t = to_phone(dialog)
    r = t.say("不反映了不反映了，儿子回来会去处理")
    assert t.doc["state"] == "closed" and said(dialog, r, "cancelled")


def test_a_thing_named_before_a_cancel_word_is_the_matter(dialog):
    t = to_phone(dialog)
    r = t.say("他家吃的那份补助，取消吧")
    assert t.doc["state"] != "closed" and not said(dialog, r, "cancelled")


def test_nothing_more_after_a_question_answered_closes_kindly(dialog):
    t = opened(dialog)
    r = t.say("你们这边一般几天给回复？")
    assert said(dialog, r, "process_time") and "description" not in t.data
    r = t.say("哦，没别的事了")
    assert t.doc["state"] == "closed" and said(dialog, r, "nothing_to_register")
    assert not t.effects("submit") and not t.effects("handoff")


def test_an_engine_that_will_not_start_is_no_fire():
    from dialogs.slots import is_urgent

    assert not is_urgent("加了他家的汽油，三轮车怎么都点不着火")
    assert is_urgent("隔壁仓库着火了")


def test_voice_input_loses_the_words_introducing_a_cut_phone(dialog):
    t = opened(dialog)
    t.say("我们小区门口的下水道堵了半个月了污水都漫到路上找过物业没人管我手机幺三九五二三幺八八六六希望尽快疏通")
    d = t.data["description"]
    assert t.data["phone"] == "13952318866"
    # (the run gets its clause ends, nlp/boundaries.py: the citizen's words kept, "，" added)
    assert "手机" not in d and "幺三九" not in d and "下水道堵了半个月了" in d.replace("，", "")


def test_written_as_a_should_be_b_mid_way(dialog):
    t = to_phone(dialog)
    r = t.say("姓名写成万俟春生了，应该是万俟春晖")
    assert t.data["name"] == "万俟春晖" and "万俟春晖" in text_of(r)
    assert "写成" not in t.data["description"]


def test_a_corrected_address_that_repeats_the_village(dialog):
    t = to_summary(dialog)
    r = t.say("应该是朱河村七组，不是四组")
    assert t.data["address"] == "朱河村七组" and "已改为：朱河村七组" in text_of(r)


def test_facts_told_with_the_parts_cue_are_the_first_part(dialog):
    t = opened(dialog)
    r = t.say("镇上拆了我家的猪圈，说好赔八千一直没给，情况有点复杂，我一条一条说")
    assert said(dialog, r, "story_parts")
    assert t.data["description"] == "镇上拆了我家的猪圈，说好赔八千一直没给"
    t.say("办事员说是村里的责任")  # a person named in a part is no request for one
    assert t.doc["state"] == "ask_description" and not t.effects("handoff")
    t.say("就这些")
    assert t.doc["state"] == "ask_town" and "办事员说是村里的责任" in t.data["description"]


def test_a_phone_given_in_a_later_part_is_taken_not_told(dialog):
    t = opened(dialog)
    t.say("我分几条说")
    t.say("物业把我们楼道的灯拆了说没钱换")
    t.say("有事打我手机幺三七，幺二三四，五六七八")
    assert t.data["phone"] == "13712345678"
    assert "幺三七" not in t.data["description"] and "手机" not in t.data["description"]
    t.say("说完了")
    assert t.doc["state"] == "ask_town"


def test_a_request_loses_the_contact_tail(dialog):
    t = to_phone(dialog)
    t.say("15861112222")
    t.say("要求物业赔偿，有情况请联系我手机幺五八六幺幺幺二二二二")
    assert t.data["request"] == "要求物业赔偿"


def test_refusing_name_and_phone_in_one_sentence_on_a_report(dialog):
    t = report(dialog)
    r = t.say("名字跟电话我都不想留")
    assert t.data["anonymous"] is True and t.data["phone"] == ""
    assert said(dialog, r, "refuse_phone_report") and t.doc["state"] == "ask_request"


def test_not_wanting_to_be_known_is_anonymity(dialog):
    t = report(dialog)
    desc = t.data["description"]
    t.say("别让村里知道是我")
    assert t.data["anonymous"] is True and t.data["description"] == desc


def test_asking_for_a_moment_is_not_the_matter(dialog):
    t = to_phone(dialog)
    before = dict(t.data)
    r = t.say("稍等，我翻一下本子找号码")
    assert said(dialog, r, "smalltalk_wait") and t.data == before
    assert t.doc["state"] == "ask_phone"
    t.say("13611112222")
    assert t.data["phone"] == "13611112222"


def test_dropping_the_complaint_with_a_reason_cancels(dialog):
    t = to_summary(dialog)
    r = t.say("不举报了，人家已经赔了")
    assert t.doc["state"] == "closed" and said(dialog, r, "cancelled")
    assert not t.effects("submit")


def test_a_field_correction_giving_my_home_as_the_value(dialog):
    t = to_summary(dialog)
    r = t.say("地址写错了 我家是七组")
    assert t.data["address"] == "朱河村七组" and "已改为：朱河村七组" in text_of(r)


def test_a_landmark_in_the_story_does_not_spare_the_address_question(dialog):
    t = opened(dialog)
    t.say("中学旁边的网吧天天有小学生进去打游戏，都半年了，跟老板说过没用")
    assert not t.data.get("address")
    t.say("戴楼")
    assert t.doc["state"] == "ask_address"
    t.say("就在中学旁边，育才路上")
    assert "中学旁边" in t.data["address"] or "育才路" in t.data["address"]
