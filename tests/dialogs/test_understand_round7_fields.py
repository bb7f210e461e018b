"""Fields a clerk gets right (issue 14, seventh session, engineer 14s). Every wording here was
written for these tests before the fix, none of them a tester's: elderly and Jianghuai register,
Henan and Shandong migrants, voice input without punctuation, WeChat style, traditional
characters. Counts before and after are in the README's "Issue 14, round 7 (14s)" section.

1. a fact of the story corrected at another question (哦不对 是五千 / 不是三个月是半年): the
   correction goes to the account, never into the field asked for, and that question stays open;
2. the name to register changed to a relative's at a later question (名字还是写我老伴的 她叫…):
   the name is changed, never appended to the account, and the open question stays open;
3. a former town's name said with a hedge (以前叫闵桥 现在叫啥不晓得): the town is today's,
   the hedge is no "don't know";
4. an explicit report verb of the citizen's own (我要举报 / 实名举报 / 检举 / 揭发) files the matter
   as 投诉举报 (red) even when the nature model reads 求决, unless the citizen asks for something
   for themselves (补发 / 退钱 / 赔偿) or the verb is not their act now (举报过 / 被举报).
"""

from __future__ import annotations

import pytest

from nlp.types import Analysis
from tests.dialogs.fakes import Talk
from tests.dialogs.test_understand_qa14m import answer_until, opened

BEFORE = pytest.mark.xfail(strict=True, reason="written before the fix: not read so yet")


# ---------------------------------------------------------------- class 1: a story fact corrected

FEES = "我去年九月在镇上的驾校报名学车 交了三千二 练了两回教练就不排车了 找他们退钱也不退"

# (the question, the correction said there, a word the account must then hold)
STORY_FIXED = [
    ("address", "哦不对 是四千二 我翻了下收据", "四千二"),
    ("address", "等下 刚才说错了 不是三千二是三千六", "三千六"),
    ("address", "不对不对 报名是前年九月 不是去年", "前年"),
    ("name", "哎呀说错了 交的是两千八", "两千八"),
    ("name", "更正一下 教练是练了三回以后不排的 不是两回", "三回"),
    ("phone", "刚才钱数说错了 是三千九百块", "三千九百"),
    ("phone", "哦对了前面讲错了是十月份报的名不是九月", "十月份"),
    ("address", "纠正下 交的钱是3800 不是3200", "3800"),
    ("address", "哦不对是四千块我记错了", "四千"),
    ("name", "俺刚才说错了 是交了五千 不是三千二", "五千"),
    ("address", "不對 是三千五 收據上寫的", "三千五"),
    ("town", "说错了 是两千二不是三千二 多打了个字", "两千二"),
]


@pytest.mark.parametrize(("at", "said", "kept"), STORY_FIXED)
def test_a_story_fact_corrected_at_another_question_goes_to_the_account(dialog, at, said, kept):
    t = opened(dialog, FEES)
    answer_until(t, {at}, town="金南镇", address="金南镇金湖路188号", name="我叫霍立群")
    t.say(said)
    d = t.data
    assert kept in (d.get("description") or ""), d.get("description")
    for field in ("address", "name", "phone", "town", "request"):
        assert kept not in str(d.get(field) or ""), (field, d.get(field))
    assert t.results[-1].expecting == at, t.results[-1].expecting


# ---------------------------------------------------------------- class 2: whose name, changed later

LAND = "我家承包的地去年被村里收回去建厂了 说好的补偿款到现在一分没给 找了村里好几趟都推"

# (the question, what is said there after the name 霍立群 was given, the name meant)
NAME_CHANGED = [
    ("phone", "哦对了 名字还是填我老婆的 她叫孙丽华 地是她名下的", "孙丽华"),
    ("phone", "要不名字写俺爹的吧 他叫孟庆山 这事是他的", "孟庆山"),
    ("phone", "登记的人改成我儿子 他叫赵志强", "赵志强"),
    ("phone", "姓名那块写我父亲吧 他叫韩德全", "韩德全"),
    ("phone", "写我家那口子的名字 叫许桂英 地是分给她的", "许桂英"),
    ("phone", "名字写我老伴的她叫钱秀兰事情是她的", "钱秀兰"),
    ("phone", "名字還是寫我老伴的 她叫吳秀珍", "吴秀珍"),
    ("phone", "名字改下哈 写我媳妇的 她叫刘婷婷", "刘婷婷"),
    ("request", "名字还是用俺老头子的 他叫葛长贵 他是户主", "葛长贵"),
    ("phone", "俺想了想 名字写俺娘的 她叫王翠花", "王翠花"),
    ("address", "对了名字换成我妈的 她叫沈秀梅 承包合同上是她", "沈秀梅"),
]


@pytest.mark.parametrize(("at", "said", "name"), NAME_CHANGED)
def test_a_name_changed_to_a_relatives_at_a_later_question_is_the_name(dialog, at, said, name):
    t = opened(dialog, LAND)
    answers = {"town": "金南镇", "address": "金南镇唐港村五组", "name": "我叫霍立群",
               "anonymous": "我叫霍立群", "phone": "13584027316"}
    if at == "address":
        answers.pop("address")
    answer_until(t, {at} if at != "address" else {"address"}, **answers)
    if at == "address":  # the name first, then the change at the address question
        t.say("我叫霍立群")
        answer_until(t, {"address"}, **answers)
    t.say(said)
    d = t.data
    assert d.get("name") == name, (d.get("name"), t.results[-1].expecting)
    assert name not in (d.get("description") or ""), d.get("description")
    assert t.results[-1].expecting == at, t.results[-1].expecting


# ---------------------------------------------------------------- class 3: a former town, hedged

# (the answer at the town question, today's town)
OLD_TOWN_HEDGED = [
    ("以前叫闵桥公社 现在归哪个镇我也搞不清", "塔集镇"),
    ("原来是陈桥乡的 现在不晓得叫啥了", "金北街道"),
    ("老早是银集的 后来合并了 叫什么记不得了", "银涂镇"),
    ("我们那块原先叫涂沟 现在改名了吧 不太清楚", "银涂镇"),
    ("闵桥那边的 现在好像不叫这个了", "塔集镇"),
    ("俺也说不准 反正以前叫陈桥", "金北街道"),
    ("老地名叫银集乡 新名字不知道", "银涂镇"),
    ("就是过去的涂沟镇 现在叫啥我不清楚", "银涂镇"),
    ("以前的闵桥乡 合并以后我就搞不清了", "塔集镇"),
    ("原陈桥乡 現在叫什麼不曉得", "金北街道"),
    ("我只知道老名字叫银集现在叫什么不晓得", "银涂镇"),
    ("涂沟的 新名字记不住", "银涂镇"),
]


@pytest.mark.parametrize(("answer", "town"), OLD_TOWN_HEDGED)
def test_a_former_town_said_with_a_hedge_is_todays_town(dialog, answer, town):
    t = opened(dialog, "我家门口那条排水沟堵了大半年 一下雨水就漫到屋里 找村里说了几次没人来弄")
    answer_until(t, {"town"})
    t.say(answer)
    assert t.data.get("town") == town, (t.data.get("town"), t.results[-1].expecting)
    assert t.results[-1].expecting == "address", t.results[-1].expecting


# ---------------------------------------------------------------- class 4: the citizen's own report verb


def _model_reads_solution(text: str) -> Analysis:
    """A stand-in for the nature model that reads every matter as 求决 (its usual mistake
    between 投诉举报 and 求决, config/nlp/classifier.toml)."""
    return Analysis("jijian", "纪检监察", ("纪委监委",), 0.9, "求决", 0.84, None, False,
                    (("村", 1.0),), None, True)


def _filed(dialog, opening: str, request: str) -> dict:
    t = Talk(dialog, analyze=_model_reads_solution)
    t.say("你好")
    t.say("同意")
    t.say(opening)
    answers = {"description": "就这些", "town": "塔集镇", "address": "塔集镇高桥村",
               "anonymous": "匿名", "name": "我叫霍立群", "phone": "13584027316",
               "request": request}
    for _ in range(14):
        exp = t.results[-1].expecting
        if exp == "confirm":
            t.say("确认提交")
            break
        t.say(answers.get(exp, "就这些"))
    sub = t.effects("submit")
    assert sub, [r.expecting for r in t.results]
    return dict(sub[-1].payload)


# (the opening, the request)
OWN_REPORT = [
    ("我要举报我们组长 低保名额都给他亲戚了", "希望上面来查一查"),
    ("实名举报村支书 拿集体的地私自租给老板 钱不知道去哪了", "要求查清楚"),
    ("举报一下 镇上那个砂石场晚上偷偷在河里挖沙", "希望有关部门管一管"),
    ("俺想举报俺们村的电工 收电费每度多收两毛", "查一查他"),
    ("检举我们村书记 修桥的钱被他贪了一半 桥修得跟豆腐渣一样", "希望纪委调查"),
    pytest.param("揭发一下 我们厂老板偷偷往河里排废水 晚上排", "依法处理", marks=BEFORE),
    ("我是来举报的 有人天天在我们村的河里电鱼", "希望派人来抓"),
    ("我舉報我們村會計 賬目從來不公開 錢不知道花哪了", "要求公开账目"),
    ("匿名举报 村干部优亲厚友 危房改造名额给了有楼房的人", "重新评一下名额"),
    ("我要反映并举报我们社区的网格员 帮人办低保收好处费", "查处这个人"),
]
# (a matter where 举报 is not the citizen's act now, or the request asks for something for themselves)
NOT_OWN_REPORT = [
    ("我举报过好几次了都没人管 我家的拆迁补偿款到现在没发", "把补偿款发给我"),
    ("村里说谁举报就不给谁低保 我家的低保去年被停了", "把我家低保恢复"),
    ("我被人举报说违建 镇里把我家的厨房拆了 可那是审批过的", "赔偿我的损失"),
]


@pytest.mark.parametrize(("opening", "wanted"), OWN_REPORT)
def test_the_citizens_own_report_verb_files_a_report(dialog, opening, wanted):
    case = _filed(dialog, opening, wanted)
    assert case["nature"] == "投诉举报" and case["color"] == "red", (case["nature"], case["color"])


@pytest.mark.parametrize(("opening", "wanted"), NOT_OWN_REPORT)
def test_a_report_word_that_is_not_the_citizens_report_keeps_the_models_nature(dialog, opening, wanted):
    case = _filed(dialog, opening, wanted)
    assert case["nature"] == "求决", case["nature"]


# ---------------------------------------------------------------- class 5: a part of the address corrected

DRAIN = "我家门口那条排水沟堵了大半年 一下雨水就漫到屋里 找村里说了几次没人来弄"

# (the answer at the address question, corrected inside itself; the address meant)
ADDRESS_SELF_FIXED = [
    ("唐港村三组 哦不对 俺家是四组", "唐港村四组"),
    ("高桥村五组 不对不对 我们家在六组", "高桥村六组"),
    ("金湖路88号 哎说错了 我家是86号", "金湖路86号"),
    ("健康路阳光小区2号楼 不对 俺家住3号楼", "健康路阳光小区3号楼"),
    ("白马湖村七组 错了 咱家是八组", "白马湖村八组"),
    ("前锋村二组哦不对我家是三组", "前锋村三组"),
    ("唐港村六組 不對 我家是七組", "唐港村七组"),
]


@pytest.mark.parametrize(("answer", "meant"), ADDRESS_SELF_FIXED)
def test_a_part_of_the_address_corrected_in_the_answer_keeps_the_rest(dialog, answer, meant):
    t = opened(dialog, DRAIN)
    answer_until(t, {"address"}, town="金南镇")
    t.say(answer)
    assert t.data.get("address") == meant, t.data.get("address")


# (the address given, the correction at the summary, the address meant)
ADDRESS_FIXED_AT_SUMMARY = [
    ("东方花园小区5号楼", "地址不对 是环城西路 不是环城东路", "环城西路东方花园小区5号楼"),
    ("唐港村六组", "地址错了 是唐港村七组 不是六组", "唐港村七组"),
    ("东方花园小区5号楼", "地址也不对 应该是健康路 不是人民路", "健康路东方花园小区5号楼"),
    ("阳光小区3栋", "小区不对 是阳光新村 不是阳光小区", "阳光新村3栋"),
    ("高桥村五组", "地址写错了 是高庄村 不是高桥村", "高庄村五组"),
    ("阳光小区3栋", "地址不對 是建設路 不是解放路", "建设路阳光小区3栋"),
]


@pytest.mark.parametrize(("given", "said", "meant"), ADDRESS_FIXED_AT_SUMMARY)
def test_a_part_of_the_address_corrected_at_the_summary_keeps_the_rest(dialog, given, said, meant):
    t = opened(dialog, DRAIN)
    answer_until(t, {"confirm"}, town="金南镇", address=given, name="我叫霍立群",
                 anonymous="我叫霍立群", phone="13584027316")
    assert t.data.get("address") == given, t.data.get("address")
    t.say(said)
    assert t.data.get("address") == meant, t.data.get("address")
