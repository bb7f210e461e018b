"""The account as stored (cleaned, never paraphrased), what a thin account lacks, FAQ matching."""

from __future__ import annotations

import pytest

from nlp.faq import Faq
from nlp.story import clean, gaps, thin


@pytest.mark.parametrize("raw,stored", [
    ("您好，我要反映个问题：村委会的账三年没公开了，谢谢！", "村委会的账三年没公开了"),
    ("同志你好 我想投诉一下 驾校收了钱不安排考试 说完了", "驾校收了钱不安排考试"),
    ("厂里欠我工资，我电话是一三六 幺二三四 五六七八，麻烦了", "厂里欠我工资"),
    ("水沟堵了，联系电话13955554444", "水沟堵了"),
])
def test_clean_removes_greetings_meta_talk_and_contacts_only(raw, stored):
    assert clean(raw) == stored


def test_clean_keeps_the_citizens_words():
    text = "村东头养鸭场的臭水流进了我家的鱼塘，鱼死了一大半，找过养殖户他不认"
    assert clean(text) == text


@pytest.mark.parametrize("text,missing", [
    ("太委屈了", ["what", "where", "since", "tried"]),
    ("镇上菜场的秤有问题，从春节到现在一直这样，跟管理员说过", []),
    ("路灯不亮", ["where", "since", "tried"][1:]),
])
def test_gaps(text, missing):
    assert gaps(text) == missing


def test_thin_accounts():
    assert thin("很生气")
    assert thin("河水发臭")
    assert not thin("村口的河水发臭两个多月了，养猪场往里排粪水，找过环保站没人来")


def test_faq_matches_on_its_keywords(config_dir):
    faq = Faq.load(config_dir / "faq.toml")
    hit = faq.match("我妈八十二了，高龄津贴怎么领")
    assert hit is not None and hit.topic == "高龄津贴"
    assert faq.match("村口的路坏了") is None


def test_a_missing_faq_file_answers_nothing(tmp_path):
    assert Faq.load(tmp_path / "faq.toml").match("低保怎么申请") is None


def test_a_malformed_faq_file_is_a_clear_error(tmp_path):
    (tmp_path / "faq.toml").write_text("[[faq]]\ntopic = 1\n", encoding="utf-8")
    with pytest.raises(ValueError, match="faq.toml"):
        Faq.load(tmp_path / "faq.toml")


@pytest.mark.parametrize("question,topic", [
    ("需要带身份证吗", "身份证"), ("信访局在哪里", "接待中心和电话"), ("提交以后怎么办", "提交以后"),
    ("可以帮我妈反映吗", "替别人反映"), ("已经起诉了还能信访吗", "已经起诉或仲裁"),
    ("受理编号在哪查", "怎么查进度"), ("能发照片吗", "补充材料"),
])
def test_process_entries_answer_questions_about_the_intake(config_dir, question, topic):
    faq = Faq.load(config_dir / "faq.toml")
    hit = faq.match(question, process=True)
    assert hit is not None and hit.topic == topic and hit.process
    assert faq.match(question, process=False) is None or faq.match(question, process=False).topic != topic


def test_process_entries_are_not_consultation_answers(config_dir):
    faq = Faq.load(config_dir / "faq.toml")
    assert faq.match("低保怎么申请", process=True) is None
    assert faq.match("低保怎么申请", process=False).topic == "低保申请"


def test_clean_cuts_self_talk_announcing_and_phone_talk():
    from nlp.story import announces_only, clean
    assert clean("我是农村人 不会用手机 河边的堤坝塌了一段") == "河边的堤坝塌了一段"
    assert clean("俺年纪大了，眼睛不好，村里的井水发臭三个月了") == "村里的井水发臭三个月了"
    assert announces_only("俺给你们说个事儿哈") and announces_only("我想跟您讲一件事情")
    assert clean("那打我老伴的吧 一三九零五一七六六八八") == ""
    assert clean("我说个事儿，不大会打字") == ""
    # a statement about the past that opens with 我是… stays
    assert clean("我是村里的会计，账本被人拿走了") == "我是村里的会计，账本被人拿走了"


def test_a_request_loses_a_phone_read_aloud_inside_it():
    from nlp.turn_slots import find_request
    assert find_request("路灯坏了半年了我希望尽快来修我电话幺三九零五一七六六八八") == "我希望尽快来修"
    assert find_request("多谢多谢，麻烦你们了哈") is None


def test_a_complaint_about_no_one_acting_is_no_event_and_nothing_tried():
    from nlp.story import gaps, thin
    assert thin("我们那个小区的路灯一直没有人管") and "what" in gaps("我们那个小区的路灯一直没有人管")
    assert "tried" in gaps("菜市场门口的污水没人处理")
    assert "what" not in gaps("桥上的栏杆断了，镇上也不管")


def test_how_well_one_manages_is_cut_anywhere_and_a_role_stays():
    from nlp.story import clean, gaps
    assert clean("我是退休工人，眼睛不好，小区的电梯坏了两个礼拜") == "我是退休工人，小区的电梯坏了两个礼拜"
    assert clean("俺岁数大了，说不清楚，您多包涵，村东头的桥塌了") == "村东头的桥塌了"
    assert "what" in gaps("村里那件事到现在还没解决") and "what" in gaps("我们组水渠的问题一直拖着")
    assert "what" not in gaps("工钱一直拖着不给，已经欠了半年")


def test_an_faq_answer_needs_a_keyword_of_its_subject(config_dir):
    from nlp.faq import Faq
    faq = Faq.load(config_dir / "faq.toml")
    assert faq.match("被征地农民的养老金怎么办理，要什么材料", process=False) is None
    hit = faq.match("低保要什么材料，怎么办理", process=False)
    assert hit is not None and "低保" in hit.keywords


def test_a_long_account_of_someone_acting_is_asked_what_was_tried():
    from nlp.story import follow_up_aspect
    long_act = "俺在工地上干了大半年 包工头跑了 俺们十几个人的工钱都没结 家里老人还等着这钱看病 孩子学费也交不上"
    assert follow_up_aspect(long_act, 0) == "tried"
    assert follow_up_aspect("我們塔集鎮長莊村的路燈壞了三個月，晚上黑漆漆的，老人不敢出門", 0) is None
    assert follow_up_aspect(long_act + " 找过劳动监察 说在处理", 0) is None
