"""Consultations, questions about the intake and deferrals (issue 14, round t: the classes of
held-out sets S and V handed to this branch). Every wording here was written for these tests
before the fix, none of them a tester's: elderly and Jianghuai register, Henan and Shandong
migrants, voice input without punctuation, WeChat style, traditional characters. The counts
before and after are in the README's issue 14 round t section.

1. a question that turns into a matter after the answer: the citizen tells a grievance of
   their own, or says they want it registered after all (我还是登记反映一下吧); the short path
   of a question is left, the whole intake follows (town, address, name, request), and the
   decision to register is never part of the account;
2. whether this intake takes a matter, asked in dialect or as a choice with another channel
   (恁这能管…的事不, 是在这反映还是去法院): answered, and nothing of it stored;
3. the answer to the question asked: whether it costs money, asked in any form (要不要钱,
   收不收费, 要掏钱不), gets the cost answer; a question when something of a public service
   will happen (…什么时候能发下来) is a consultation, never the petition time limits;
4. a deferral with the errand that keeps the citizen busy (俺在地里打药 晚上回来弄) at any
   question: the draft is kept and said so, nothing of it stored.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.classifier import Classifier
from tests.dialogs.fakes import Talk
from tests.dialogs.test_understand_qa14m import answer_until as answer_until_m
from tests.dialogs.test_understand_qa14m import opened

# FAILED_BEFORE_* below: the wordings (or question-wording pairs) that failed before the fix
# (committed as xfail strict in 1307cf7); the README's round t section counts them.

MATTER = "我们组通往镇上的那座小桥桥面塌了一个洞 电瓶车过不去 跟村里说了两回没人来修"
ANSWERS = {"description": "就这些", "town": "银涂镇", "address": "银涂镇高庄村三组",
           "name": "卞秀梅", "anonymous": "卞秀梅", "request": "希望尽快把事情解决",
           "phone": "13951726634"}


def answer_until(t: Talk, stop: set[str], **given: str) -> None:
    answer_until_m(t, stop, **{**ANSWERS, **given})


@pytest.fixture(scope="module")
def real_analyze(tmp_path_factory):
    """The shipped nature model (its cache in a temporary dir): what the citizen's own words
    are read as (求决, 投诉举报, 咨询…), as in production."""
    config = Path(__file__).resolve().parents[2] / "config"
    return Classifier.load(config, tmp_path_factory.mktemp("model-cache")).analyze


def _asked(t: Talk) -> set[str]:
    return {r.expecting for r in t.results if r.expecting}


# ---------------------------------------------------------------- class 1: a question turns into a matter

# (the question, the matter told after the answer)
QUESTION_THEN_MATTER = [
    ("问一下 残疾人两项补贴怎么申请", "俺闺女的残疾证办好半年了 补贴一分也没见着 我要登记反映"),
    ("低保申请要什么条件", "那我还是反映一下吧 我家老头子瘫了三年 村里评低保年年没有我家 评上的都是干部亲戚"),
    ("就问一下 不用登记 拆迁补偿标准是多少", "算了还是登记吧 我家房子去年拆的 说好的安置房到现在没影子"),
    ("请问高龄津贴怎么领", "我们村八十多的老人都领了 就我妈没有 去村里问了三趟都说等等 帮我登记一下"),
    ("想打听下 医保报销比例是多少", "我上个月在县医院住院花了两万多 报销的时候只给报了三千 我觉得不对 要反映"),
    ("失业金怎么申领啊", "厂子倒闭半年了 去申请失业金 社保所的人说材料不全让我回去 跑了五六趟了 我想正式投诉他们"),
    ("问问 征地补偿款一亩多少钱", "我家两亩半地前年被征了修厂房 钱到今天就拿了一万 还是登记反映吧"),
    ("請問 獨生子女獎勵金怎麼領", "我們兩口子都六十了 材料交上去一年多 一直說在審核 我要反映這個事"),
    ("咨询一下 危房改造有补助吗", "俺家房子墙都裂了 前年就报上去了 村里说名额给别人家了 俺想登记"),
    ("就问问哈 养老保险断了能补交吗", "哎其实是这样 我在镇上厂里干了八年 老板从来没给我交过社保 现在厂子不认账 我要投诉"),
    ("种粮补贴一亩多少钱", "我家十二亩地 今年补贴只打了五亩的钱 问村会计他也说不清 我要登记个事"),
    ("问下 孩子上学户口不在这能上吗", "不问了 我直接反映吧 我们小区配套的小学建好两年了一直不开学 孩子天天跑八里路上学"),
]
_DECISION_WORDS = ("登记", "不问了", "还是反映", "不用登记", "算了", "想正式", "要反映")


FAILED_BEFORE_1 = {
    '问一下 残疾人两项补贴怎么申请-俺闺女的残疾证办好半年了 补贴一分也没见着 我要登记反映',
    '低保申请要什么条件-那我还是反映一下吧 我家老头子瘫了三年 村里评低保年年没有我家 评上的都是干部亲戚',
    '就问一下 不用登记 拆迁补偿标准是多少-算了还是登记吧 我家房子去年拆的 说好的安置房到现在没影子',
    '请问高龄津贴怎么领-我们村八十多的老人都领了 就我妈没有 去村里问了三趟都说等等 帮我登记一下',
    '想打听下 医保报销比例是多少-我上个月在县医院住院花了两万多 报销的时候只给报了三千 我觉得不对 要反映',
    '失业金怎么申领啊-厂子倒闭半年了 去申请失业金 社保所的人说材料不全让我回去 跑了五六趟了 我想正式投诉他们',
    '问问 征地补偿款一亩多少钱-我家两亩半地前年被征了修厂房 钱到今天就拿了一万 还是登记反映吧',
    '請問 獨生子女獎勵金怎麼領-我們兩口子都六十了 材料交上去一年多 一直說在審核 我要反映這個事',
    '咨询一下 危房改造有补助吗-俺家房子墙都裂了 前年就报上去了 村里说名额给别人家了 俺想登记',
    '问下 孩子上学户口不在这能上吗-不问了 我直接反映吧 我们小区配套的小学建好两年了一直不开学 孩子天天跑八里路上学',
}


@pytest.mark.parametrize("question,matter", QUESTION_THEN_MATTER)
def test_a_question_that_turns_into_a_matter_gets_the_whole_intake(dialog, question, matter):
    t = opened(dialog, question)
    t.say(matter)
    answer_until(t, {"confirm"})
    assert t.data.get("intent") != "咨询", t.data
    assert {"town", "address", "request"} <= _asked(t), _asked(t)
    assert t.data.get("name") == "卞秀梅" or t.data.get("anonymous"), t.data
    desc = t.data.get("description") or ""
    assert matter.replace(" ", "")[-5:] in desc.replace(" ", "") or any(
        c in desc for c in matter.split(" ")[1:3]), desc
    assert not any(w in desc for w in _DECISION_WORDS), desc


# ---------------------------------------------------------------- class 2: whether this intake takes it

# Asked first, before anything else (held until consent is given).
SCOPE_FIRST = [
    "俺是河南来这打工的 恁这管不管外地人",
    "外地人的事你们这也管吗",
    "俺户口不在金湖 能在恁这反映不",
    "我不是本地人 在这边打工 可以在这里反映吗",
    "你们这能管厂里欠钱的事不",
    "咱这儿能反映工地上的事不",
    "恁这管不管俺们这些在外打工的",
    "这儿能不能管我们外地人的事啊",
    "俺是山东的 在金湖干活 这里能给俺反映不",
    "外地的能在这上网反映么",
    "恁这能给俺们做主不",
]


FAILED_BEFORE_2A = {
    '俺是河南来这打工的 恁这管不管外地人',
    '俺户口不在金湖 能在恁这反映不',
    '我不是本地人 在这边打工 可以在这里反映吗',
    '你们这能管厂里欠钱的事不',
    '咱这儿能反映工地上的事不',
    '恁这管不管俺们这些在外打工的',
    '俺是山东的 在金湖干活 这里能给俺反映不',
    '外地的能在这上网反映么',
    '恁这能给俺们做主不',
}


@pytest.mark.parametrize("question", SCOPE_FIRST)
def test_whether_this_intake_takes_a_matter_is_answered_not_stored(dialog, question):
    t = Talk(dialog)
    t.say(question)
    t.say("同意")
    said = " ".join(r.text for r in t.results[-1].replies)
    assert "可以在这里反映" in said, said
    t.say(MATTER)
    answer_until(t, {"confirm"})
    desc = t.data.get("description") or ""
    assert "塌了" in desc and not any(w in desc for w in ("外地", "恁这", "你们这", "这里", "这儿", "在这", "做主")), desc


# Asked between the parts of a story told in parts: answered, nothing of the question kept.
SCOPE_IN_PARTS = [
    "这种事能找你们吗 还是得去打官司",
    "这个归你们管不 还是要去法院告",
    "是在这反映还是去法院起诉啊",
    "這種事情能在你們這反映嗎 還是只能找律師",
    "这事你们管得了吗 还是要找劳动仲裁",
    "俺这个事恁这能管不 要不要去法院",
    "可以在你们这里反映吗 还是得去市里",
    "这个能在网上反映不 还是要去信访局当面说",
    "你们这能处理吗还是只能打官司",
    "我这种情况可以找你们吗 还是直接去法院起诉",
]


FAILED_BEFORE_2B = {
    '这种事能找你们吗 还是得去打官司',
    '这个归你们管不 还是要去法院告',
    '是在这反映还是去法院起诉啊',
    '這種事情能在你們這反映嗎 還是只能找律師',
    '俺这个事恁这能管不 要不要去法院',
    '可以在你们这里反映吗 还是得去市里',
    '这个能在网上反映不 还是要去信访局当面说',
    '你们这能处理吗还是只能打官司',
    '我这种情况可以找你们吗 还是直接去法院起诉',
}


@pytest.mark.parametrize("question", SCOPE_IN_PARTS)
def test_whether_this_intake_takes_it_asked_between_parts(dialog, question):
    t = opened(dialog, "我想反映我家里的事 事情有点多 我分几条发")
    t.say("今年五月村里把我家门口的水塘填了 说是要建停车场")
    t.say("塘里养的鱼都没了 村里一分钱没赔")
    t.say(question)
    said = " ".join(r.text for r in t.results[-1].replies)
    assert "可以在这里反映" in said or "仍可以登记" in said, said  # (the FAQ's answer on 诉讼 and 信访)
    t.say("就这些")
    answer_until(t, {"confirm"})
    desc = t.data.get("description") or ""
    assert "水塘" in desc and "没赔" in desc, desc
    assert not any(w in desc for w in ("法院", "官司", "律师", "仲裁", "市里", "信访局", "当面", "你们", "恁这", "网上")), desc


# ---------------------------------------------------------------- class 3: the answer to the question asked

# Whether it costs money, asked at a question.
COST = [
    "登记这个收不收费",
    "反映问题要交钱不",
    "要花钱吗 俺没钱",
    "这个要不要交手续费",
    "收费不收费啊",
    "要不要给钱的",
    "網上反映要錢嗎",
    "是不是免费的",
    "交不交钱啊同志",
    "弄这个得花多少钱",
    "需不需要出钱",
    "要掏钱不",
]


FAILED_BEFORE_3A = {
    'town-反映问题要交钱不',
    'town-这个要不要交手续费',
    'town-弄这个得花多少钱',
    'town-需不需要出钱',
    'town-要掏钱不',
    'name-反映问题要交钱不',
    'name-这个要不要交手续费',
    'name-弄这个得花多少钱',
    'name-需不需要出钱',
    'name-要掏钱不',
}


@pytest.mark.parametrize("at,question", [(at, q) for at in ("town", "name") for q in COST])
def test_whether_it_costs_money_gets_the_cost_answer(dialog, at, question):
    t = opened(dialog, MATTER)
    answer_until(t, {at})
    before = t.data.get("description")
    t.say(question)
    said = " ".join(r.text for r in t.results[-1].replies)
    assert "不收任何费用" in said, said
    assert t.data.get("description") == before
    assert t.results[-1].expecting == at


# When something of a public service will happen: a consultation (blue, the short path).
WHEN_QUESTIONS = [
    "请问今年的耕地地力补贴什么时候能打到卡上",
    "问下我们镇的农村改厕什么时候轮到我们组",
    "想问问 城乡居民医保明年什么时候开始交",
    "我家的不动产证什么时候能办下来 材料交了两个月了",
    "问一下 新的社保卡什么时候能领",
    "俺们庄上的自来水管网啥时候能通啊",
    "请问一下老年证什么时候能拿到",
    "村里说的危房改造补助什么时候能下来呀",
    "打听一下 今年的秸秆禁烧补贴啥时候发",
    "咨询下 小孩上一年级报名什么时候开始",
    "問一下 我們村的宅基地證什麼時候能發",
    "问一下 俺们组的路灯啥时候能装上 隔壁组早就装好了",
    "请问我们村的农田水利改造什么时候能搞 人家村都搞完了",
    "问问 我们小区的燃气什么时候能通 对面小区都通了",
    "想问下我们镇的村村通公交什么时候能开到我们村 别的村都有了",
]


FAILED_BEFORE_3B = {
    '问一下 俺们组的路灯啥时候能装上 隔壁组早就装好了',
    '请问我们村的农田水利改造什么时候能搞 人家村都搞完了',
    '问问 我们小区的燃气什么时候能通 对面小区都通了',
}


@pytest.mark.parametrize("question", WHEN_QUESTIONS)
def test_when_a_public_service_comes_is_a_consultation(dialog, question):
    t = opened(dialog, question)
    said = " ".join(r.text for r in t.results[-1].replies)
    assert "四色预警" not in said and "15日内" not in said, said
    answer_until(t, {"confirm"}, description="就这些了")
    assert t.data.get("intent") == "咨询", t.data
    assert not {"address", "name"} & _asked(t), _asked(t)


# ---------------------------------------------------------------- class 4: a deferral with an errand

DEFER_ERRAND = [
    "我在厂里上班呢 下了班再说",
    "正开车呢 回头再弄",
    "在医院陪老伴呢 明天再填",
    "俺在地里打药 晚上回来弄",
    "现在忙着烧饭 等会儿再来",
    "在外头呢 到家了再说",
    "我在菜场卖菜 收摊了再跟你讲",
    "孩子哭了 我先去哄哄 一会儿再来",
    "正在开会 下午再说",
    "俺在工地上 这会儿不方便 晚上再弄",
    "我在田头呢 家去再说吧",
    "手上有活 过会儿回来接着填",
]


FAILED_BEFORE_4 = {
    'name-俺在地里打药 晚上回来弄',
    'name-手上有活 过会儿回来接着填',
    'address-俺在地里打药 晚上回来弄',
    'address-俺在工地上 这会儿不方便 晚上再弄',
    'address-手上有活 过会儿回来接着填',
}


@pytest.mark.parametrize("at,said", [(at, q) for at in ("name", "address") for q in DEFER_ERRAND])
def test_a_deferral_with_an_errand_keeps_the_draft(dialog, at, said):
    t = opened(dialog, MATTER)
    answer_until(t, {at})
    before = dict(t.data)
    t.say(said)
    reply = " ".join(r.text for r in t.results[-1].replies)
    assert any(w in reply for w in ("保存", "不着急", "不急")), reply
    assert t.results[-1].state not in ("closed", "handoff")
    assert t.data.get("description") == before.get("description"), t.data.get("description")
    assert t.data.get("name") == before.get("name") and t.data.get("address") == before.get("address")


# The decision alone: the matter is asked for, then the whole intake; at a question's summary too.
DECISION_ALONE = [
    ("低保申请要什么条件", "那我还是反映一下吧"),
    ("请问高龄津贴怎么领", "算了 俺要投诉"),
    ("问一下 拆迁补偿标准是多少", "不问了 我要正式反映"),
    ("医保一年交多少钱", "我們還是反映一下吧"),
]


@pytest.mark.parametrize("question,decision", DECISION_ALONE)
def test_a_decision_to_file_alone_asks_for_the_matter(dialog, question, decision):
    t = opened(dialog, question)
    t.say(decision)
    assert t.results[-1].expecting == "description", t.results[-1].expecting
    t.say(MATTER)
    answer_until(t, {"confirm"})
    assert t.data.get("intent") != "咨询", t.data
    assert {"town", "address", "request"} <= _asked(t), _asked(t)
    desc = t.data.get("description") or ""
    assert "塌了" in desc and not any(w in desc for w in _DECISION_WORDS), desc


def test_take_my_question_down_stays_a_question(dialog):
    t = opened(dialog, "问一下 残疾人两项补贴怎么申请")
    t.say("帮我登记一下")
    assert t.data.get("intent") == "咨询", t.data
    assert "name" not in _asked(t)


# At the phone question: the number is not at hand (changed, kept by a relative), given later.
DEFER_PHONE = [
    "号码我记不清了 女儿给我换了新卡 晚上问了再发你",
    "俺手机号刚换的 背不下来 等俺孙子放学回来再告诉你",
    "电话在我老伴那 他去赶集了 回来再发给你",
    "新换的号我记不住 等会儿找到了再发",
    "我这个号要停了 等新卡办好了再跟你说",
    "手机号是我儿子给办的 我得问问他 明天再发你",
    "號碼換了 我記不住 等一下再發給你",
    "电话本不在身边 我回家翻翻再告诉你",
    "号码写在纸上了 纸在家里 到家再发",
    "俺闺女给俺换了个新号 俺问问她再说",
]


@pytest.mark.parametrize("said", DEFER_PHONE)
def test_a_phone_not_at_hand_is_a_deferral(dialog, said):
    t = opened(dialog, MATTER)
    answer_until(t, {"phone"})
    before = dict(t.data)
    t.say(said)
    reply = " ".join(r.text for r in t.results[-1].replies)
    assert any(w in reply for w in ("保存", "不着急", "不急")), reply
    assert t.data.get("description") == before.get("description"), t.data.get("description")
    assert not t.data.get("phone")


# After the answer, an account of one's own case with no decision said: the nature model reads a
# demand or a complaint (a petition); background to the question stays the question.
GRIEVANCE_AFTER_ANSWER = [
    ("问一下 残疾人两项补贴怎么申请", "我们村八十多的老人都领了 就我妈没有 去村里问了三趟都说等等"),
    ("低保申请要什么条件", "我家老头子瘫了三年 村里评低保年年没有我家 评上的都是干部亲戚"),
    ("请问高龄津贴怎么领", "我妈今年八十三了 去年交的材料 到今天一分钱都没见到"),
    ("失业金怎么申领啊", "社保所的人说材料不全让我回去 跑了五六趟了 每次要的东西都不一样"),
    ("种粮补贴一亩多少钱", "我家十二亩地 今年补贴只打了五亩的钱 问村会计他也说不清"),
    ("问问 征地补偿款一亩多少钱", "我家两亩半地前年被征了修厂房 钱到今天就拿了一万"),
    ("咨询一下 危房改造有补助吗", "俺家房子墙都裂了 前年就报上去了 村里说名额给别人家了"),
    ("医保报销比例是多少", "上个月在县医院住院花了两万多 只给报了三千 医院说是政策 我觉得不对劲"),
    ("独生子女奖励金怎么领", "材料交上去一年多 镇里一直说在审核 打电话也没人接"),
    ("问下养老保险断了能补交吗", "我在厂里干了八年 老板从来没给我交过社保 现在厂子不认账"),
]
# (before this fix 3 of 10 were a petition, background 9 of 10 stayed the question)
NOT_YET = pytest.mark.xfail(strict=True, reason="the nature model is not sure enough of a demand (< 0.85)")


BACKGROUND_AFTER_ANSWER = [
    ("问一下 养老保险怎么交", "我今年六十了 以前在外地打工 没交过社保"),
    ("大学生助学金怎么申请", "我家是低保户 儿子在外地读大学"),
    ("残疾人两项补贴怎么申请", "我是残疾人 二级的 户口在银涂镇"),
    ("低保申请要什么条件", "我老伴去年走了 我一个人住"),
    ("灵活就业社保怎么交", "我在厂里上班 单位给交了五年"),
    ("孩子上学要什么材料", "孩子今年六岁 户口在老家"),
    ("种粮补贴一亩多少钱", "我家有五亩地 都是自己种的"),
    ("残疾证怎么年审", "我的残疾证是去年办的"),
    ("危房改造有补助吗", "我前年申请过一次 后来搬家了就没弄"),
    ("新农合怎么交", "我儿子在外地打工 户口还在村里"),
]
MISREAD = pytest.mark.xfail(strict=True, reason="read as a demand: a petition is begun")


@pytest.mark.parametrize("question,said,petition", [
    *((*g, True) for g in GRIEVANCE_AFTER_ANSWER),  # (NOT_YET: both read since nlp.grievance, 14z)
    *(pytest.param(*b, False, marks=MISREAD) if b[1].startswith(("我前年", "我儿子在外地打工")) else (*b, False)
      for b in BACKGROUND_AFTER_ANSWER)])
def test_after_the_answer_a_grievance_is_a_petition_and_background_the_question(
        dialog, real_analyze, question, said, petition):
    t = Talk(dialog, analyze=real_analyze)
    for text in ("你好", "同意", question, said):
        t.say(text)
    assert (t.data.get("intent") != "咨询") is petition, t.data
    if petition:
        assert t.results[-1].expecting in ("town", "address", "description"), t.results[-1].expecting


# ---------------------------------------------------------------- second batch (written after the first fix)
# Fresh wordings of classes 2-4 at the name question, written to check the first fix generalises;
# _SECOND_MISSED: those it missed (xfail strict in e146350 until the second fix).
SECOND_BATCH = [
    ("cost", "这个弄下来要收几个钱"),
    ("cost", "在恁这登记掏不掏钱"),
    ("cost", "收钱不啊"),
    ("cost", "要交什么费用吗"),
    ("cost", "反映个事还要花钱啊"),
    ("cost", "不会要我出钱吧"),
    ("cost", "網上登記收錢嗎"),
    ("scope", "你们这能管拆迁的事不"),
    ("scope", "俺这事恁们能给办不"),
    ("scope", "外地来的也能在这反映么"),
    ("scope", "这个事是找你们还是找派出所"),
    ("scope", "这里能不能反映学校的事"),
    ("scope", "可不可以在网上反映医院的事"),
    ("defer", "俺在喂猪呢 等会儿再说"),
    ("defer", "我在地里拔草 天黑了回家再弄"),
    ("defer", "孙子喊我吃饭了 吃完了再说"),
    ("defer", "正在开车不方便 到了地方再填"),
    ("defer", "我在上夜班 明天白天再说吧"),
    ("defer", "在厂里呢 到家了再跟你讲"),
]
_SECOND_MISSED = {"这个弄下来要收几个钱", "在恁这登记掏不掏钱", "反映个事还要花钱啊", "不会要我出钱吧",
                  "这个事是找你们还是找派出所", "这里能不能反映学校的事", "可不可以在网上反映医院的事",
                  "正在开车不方便 到了地方再填"}
_SECOND_REPLY = {"cost": ("不收任何费用",), "scope": ("可以在这里反映",), "defer": ("保存", "不着急", "不急")}


@pytest.mark.parametrize("kind,said", SECOND_BATCH)
def test_second_batch_at_the_name_question(dialog, kind, said):
    t = opened(dialog, MATTER)
    answer_until(t, {"name"})
    before = dict(t.data)
    t.say(said)
    reply = " ".join(r.text for r in t.results[-1].replies)
    assert any(w in reply for w in _SECOND_REPLY[kind]), reply
    assert t.results[-1].state not in ("closed", "handoff")
    assert t.data == before, t.data


# The same two messages sent before consent (held, then read at consent: the lead's try as a
# user after round t, a farmer's question and his decision to file typed before 同意). Before
# the fix every pair stayed a 咨询 with the grievance appended to the question.
@pytest.mark.parametrize("question,matter", QUESTION_THEN_MATTER)
def test_a_question_that_turns_into_a_matter_before_consent(dialog, question, matter):
    t = Talk(dialog)
    t.say(question)
    t.say(matter)
    t.say("同意")
    answer_until(t, {"confirm"})
    assert t.data.get("intent") != "咨询", t.data
    assert {"town", "address", "request"} <= _asked(t), _asked(t)
    desc = t.data.get("description") or ""
    assert not any(w in desc for w in _DECISION_WORDS), desc
