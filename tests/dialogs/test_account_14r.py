"""The account and what a message is (issue 14, round 7, engineer 14r). Own wordings, written
before the fixes (xfail strict where the bot failed them):

1. a short account of something done to the citizen or withheld from them (低保 stopped, wages
   unpaid, a pension not raised) that says nothing of what was tried gets a follow-up, before
   and after consent (it went straight on to the town: staff got one line);
2. a plea for someone to come and look (恳请领导派人来实地看看 / 望领导重视) said at another
   question is the citizen's request, not a request for a person now (it handed over);
(The third class first written here, the request inside unpunctuated voice input, went to engineer
14u with the clause boundaries of run-on input: its wordings are in commit 39d527b.)
"""

from __future__ import annotations

import pytest

from nlp.hanzi import to_simplified
from tests.dialogs.fakes import Talk
from tests.dialogs.test_understand_qa14m import opened
from tests.dialogs.test_understand_qa14p import ANSWERS, answer_until

# ---------------------------------------------------------------- 1. a short account, followed up

# (the account, a word of the answer to the follow-up that must reach the description)
SHORT_DONE_TO = [
    "我家低保今年被停了",
    "俺家的地今年被邻居占了一块",
    "厂里三个月没发工资了",
    "村里今年把俺家的低保取消了",
    "小区物业今年收费涨了一倍",
    "我們家的醫保今年斷了",
    "俺娘的养老金从上个月起少了一百多",
    "我爸退休工资今年没涨 别人都涨了",
    "学校今年不让俺孩子上学了",
    "我家的危房补助去年就批了 到现在也没拿到",
    "老板去年到现在没给俺交社保",
    "孩子助学金今年没批下来",
]
FOLLOW_UP_ANSWER = "找过村里两回 说是上面定的 让我们等着"


def _asked_about_the_account(t: Talk) -> bool:
    return t.doc["state"] == "ask_description" and t.results[-1].expecting == "description"


@pytest.mark.parametrize("account", SHORT_DONE_TO)
def test_a_short_account_of_something_done_or_withheld_is_followed_up(dialog, account):
    t = opened(dialog, account)
    assert _asked_about_the_account(t), t.results[-1].expecting
    t.say(FOLLOW_UP_ANSWER)
    assert "上面定的" in t.data.get("description", "")


@pytest.mark.parametrize("account", SHORT_DONE_TO)
def test_the_same_account_sent_before_consent_is_followed_up(dialog, account):
    t = Talk(dialog)
    t.say(account)
    t.say("同意")
    assert _asked_about_the_account(t), t.results[-1].expecting


# Longer accounts (20-40 ideographs) of something done or withheld, and one-line accounts of a
# thing broken, that say nothing of what was tried (sets O, S, T, U: most frequent class).
LONGER_DONE_TO = [
    "我在金北街道一个厂里上班 厂里拖了我们四个月工资 一共两万多块",
    "俺们小区物业这个月开始 停车费从一百涨到三百 也没开业主大会",
    "我妈今年八十二了 高龄津贴从今年三月开始就没再发过 一分都没有",
    "村里修路占了我家两分菜地 说好的补偿一直没给 已经一年多了",
    "我爸原来是化肥厂的职工 退休工资今年调整 别人都涨了就他没调",
    "我们组今年的土地流转费到现在还没分下来 村里账上明明有钱",
    "學校食堂這學期每頓飯漲了三塊錢 菜量還少了一半 家長們意見很大",
    "镇上把我家的危房改造名额取消了 给了村干部的亲戚 俺家房子还漏雨",
    "老板说工程款没结 拖着我们十几个人的工钱不给 过年都回不了家",
    "隔壁饭店天天晚上把油烟直接排到我家窗户上 开窗都没法开",
]
_LEFT = pytest.mark.xfail(strict=True, reason="left: a one-line account of a thing broken goes on to "
                                             "the town (about 70 transcript tests and several sets' "
                                             "situations expect it; round o's note)")
ONE_LINE_BROKEN = [
    "我家门口的下水道堵了一个多礼拜了 臭得很",
    "俺庄上那座小桥 去年发大水冲坏了 到现在还是断的",
    "村口那盏路灯 坏了两个月了 晚上黑灯瞎火",
    "我们楼道的灯都坏了半年了 老人上下楼摔过",
]

@pytest.mark.parametrize("account", [
    pytest.param(a, marks=[_LEFT] if a in ONE_LINE_BROKEN else []) for a in LONGER_DONE_TO + ONE_LINE_BROKEN])
def test_an_account_that_says_nothing_of_what_was_tried_is_asked_it(dialog, account):
    t = opened(dialog, account)
    assert _asked_about_the_account(t), t.results[-1].expecting
    t.say(FOLLOW_UP_ANSWER)
    assert "上面定的" in t.data.get("description", "")


# Accounts that already say what was tried, or tell a thing broken at length: no question.
FULL_ENOUGH = [
    "我家低保今年被停了 找过村里 村里说是镇上定的",
    "厂里三个月没发工资了 去劳动站反映过 说让等着",
    "我们庄上路灯坏了三个多月了 晚上黑灯瞎火的 老人都不敢出门",
]


@pytest.mark.parametrize("account", FULL_ENOUGH)
def test_an_account_that_says_what_was_tried_is_not_asked_again(dialog, account):
    t = opened(dialog, account)
    assert t.doc["state"] != "ask_description", t.results[-1].expecting


# ---------------------------------------------------------------- 2. a plea is no hand-over

PLEAS = [
    "恳请领导派人下来实地看看",
    "希望上面派人来现场查一查",
    "求求领导来俺村看一看吧",
    "请县里派个人下来调查一下",
    "盼望领导能亲自来实地察看",
    "望领导重视 派人来看看",
    "麻烦你们安排人到现场核实一下",
    "懇請領導派人實地查看",
    "请领导下来走走看看 老百姓太难了",
    "希望有关部门来人实地调查处理",
    "还望政府派人过来看看情况",
]
LETTER = "我家西边那户盖猪圈 把墙砌到了俺家的宅基地上 占了半米多 找村里调解两回 他家就是不拆"


def _plea_cases():
    for at in ("name", "phone"):
        for plea in PLEAS:
            yield pytest.param(at, plea, id=f"{at}-{plea}")


@pytest.mark.parametrize("at,plea", list(_plea_cases()))
def test_a_plea_for_someone_to_come_and_look_is_the_request_not_a_person(dialog, at, plea):
    t = opened(dialog, LETTER)
    answer_until(t, {at, "anonymous"} if at == "name" else {at})
    t.say(plea)
    assert not t.effects("handoff") and t.doc["state"] != "handoff"
    assert t.data.get("name") in (None, ANSWERS["name"]) and not t.data.get("phone")
    kept = (t.data.get("request") or "") + (t.data.get("description") or "")
    plea = to_simplified(plea)
    assert plea[-4:] in kept or plea[:4] in kept, kept


# Asking for a person to talk to now stays a hand-over, however worded.
PERSON_NOW = ["能不能让工作人员给我打个电话", "我要找你们领导当面说", "叫个真人来跟我说话",
              "让管事的人直接联系我", "麻烦派个工作人员过来看看俺的情况"]


@pytest.mark.parametrize("said", PERSON_NOW)
def test_asking_for_a_person_now_still_hands_over(dialog, said):
    t = opened(dialog, LETTER)
    answer_until(t, {"name", "anonymous"})
    t.say(said)
    assert t.doc["state"] == "handoff"


# ---------------------------------------------------------------- 3. whom they went to, at a follow-up

# The answer to "之前找过村里、镇上或哪个部门吗？" names an official (车间主任, 村主任, 镇长…): what was
# tried, kept in the account; never a request for a person (set K ks24 was handed over once the
# follow-up was asked).
WENT_TO = [
    "找车间主任 他说系统里就这么多 让我们自己找人事",
    "找过村主任 他讲这事他管不了",
    "问了社区书记 她说等上面通知",
    "去找镇长了 镇长说会安排人处理",
    "找了我们单位领导 领导说没钱",
    "找過村幹部 他們說不歸他們管",
    "跟物业经理说了好几次 他就是不理",
    "找校长反映过 校长叫我们去找教育局",
    "找了村会计 会计说账上没这笔钱",
    "打电话给镇上的王主任 他说在研究",
    "找了派出所的民警 人家说是民事纠纷",
]


# (The two replies whose reported words were cut, 他讲这事他管不了 / 领导说没钱, were xfail strict
# until round 8 (14y) kept someone else's words in the account.)
@pytest.mark.parametrize("reply", WENT_TO)
def test_whom_they_went_to_at_a_follow_up_is_the_account(dialog, reply):
    t = opened(dialog, "门口那条河臭得很")
    assert _asked_about_the_account(t)
    t.say(reply)
    assert t.doc["state"] != "handoff" and not t.effects("handoff")
    assert to_simplified(reply)[-4:] in t.data.get("description", "")
