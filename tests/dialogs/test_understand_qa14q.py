"""Consultations no FAQ answers, and where the matter is (issue 14, round q). Every wording here
was written for these tests before the fix, none of them a tester's: elderly and Jianghuai
register, Henan and Shandong migrants, voice input without punctuation, WeChat style,
traditional characters. Counts before and after are in the README's issue 14 round q section.

1. a question about a policy or public service that opens as a question (问一下 / 想打听 / 我想
   咨询下) and tells some background first (我家老头子前年走了, 我们组的地要被征去修高速, 合同到期
   了), with a question no FAQ answers (什么时候能…, 还续不续签, 能给多少, 要不要改): the short
   path of 咨询 — the question and a phone, the town only if it matters, never the address nor
   the name — and it ends registered (blue), never dropped;
2. the address is the finest real place the citizen gave: a time word or a pronoun before 村 /
   社区 and the village's people after it (当时村会计, 每次村组长, 现在村道, 当时社区主任) names no
   village, and a facility of "our village" (我们村的医务室) is no address one could go to: the
   address is asked, and the village the citizen then names is kept.
"""

from __future__ import annotations

import re

import pytest

from nlp.hanzi import to_simplified
from tests.dialogs.fakes import Talk

# (The wordings were committed xfail strict before their fix; every one passes since, so no mark
# is left: the counts before are in the comments under each list.)


_ANSWERS = {"description": "就这些了", "town": "吕良镇", "address": "桥口村三组",
            "name": "我叫仲启明", "anonymous": "我叫仲启明", "phone": "15189063271",
            "request": "想问清楚"}


def _through(t: Talk, answers: dict[str, str]) -> list[str]:
    """Answer what the bot asks, by the field it expects, and confirm the summary: the fields
    asked, in order."""
    asked: list[str] = []
    for _ in range(12):
        exp = t.results[-1].expecting
        if exp == "confirm":
            t.say("确认提交")
            break
        if exp not in answers:
            break
        asked.append(exp)
        t.say(answers[exp])
    return asked


def _case(t: Talk) -> dict:
    sub = t.effects("submit")
    assert sub, "nothing was registered"
    return dict(sub[-1].payload)


# ---------------------------------------------------------------- class 1: a question no FAQ answers

# (opening, a word of the question the registered case must hold)
NO_FAQ = [
    ("我想问一下 我们组的地要被征去修高速 青苗补偿费一亩地能给多少钱", "青苗"),
    ("你好 想打听一下 土地流转合同到期了 村里还续不续签", "流转"),
    ("問一下 我們村的自來水管網改造什麼時候能通到我們組", "自来水"),
    ("俺想问下 俺家在银集 宅基地确权登记 证啥时候下来", "确权"),
    ("请问一下 我家老头子前年走了 他名下的土地承包经营权证要不要改成我的名字", "承包"),
    ("喂你好我想咨询一下我家孩子今年考上大学了 像我们这种低收入家庭有没有什么入学补助 能不能给我回个电话",
     "入学"),
    ("问一下哈 我们小区明年要加装电梯了 一楼的住户也要出钱吗", "电梯"),
    ("你好 我想了解一下 我家房子划到高铁规划线里面了 以后拆的时候能分几套安置房", "安置房"),
    ("同志 问个事 俺们村今年划进了棚户区改造 补偿是按面积算还是按人头算 有懂的打我电话", "棚户区"),
    ("我想咨询下 退耕还林的补助到期了以后还发不发", "退耕"),
    ("请问一下 我们村明年是不是要整体搬迁 搬了以后宅基地还算不算我家的", "搬迁"),
    ("打听一下 我在外面打工十几年了 社保一直在苏州交的 回来以后退休金在哪边领", "退休金"),
]
# (4/12 before the fix, both ways: the others went through the whole intake as a petition, or a
# "when" was answered with this office's time limits and the question then dropped; 12/12 after)


@pytest.mark.parametrize(("opening", "word"), NO_FAQ)
def test_a_question_no_faq_answers_takes_the_short_path_and_is_registered(dialog, opening, word):
    for held in (True, False):  # said before the privacy notice, or after it
        t = Talk(dialog)
        if held:
            t.say(opening)
            t.say("同意")
        else:
            t.say("你好")
            t.say("同意")
            t.say(opening)
        asked = _through(t, _ANSWERS)
        assert "address" not in asked and "name" not in asked, (held, asked)
        case = _case(t)
        assert case["color"] == "blue" and case["nature"] == "咨询", (held, case["nature"])
        assert word in to_simplified(case["description"] or ""), (held, case["description"])


# The same class without an opener: a short question of when or how much, about nothing that went
# wrong or lasts (a time question about a public service, not about this office's time limits).
NO_OPENER = [
    ("我们村土地确权的证什么时候能发下来", "确权"),
    ("俺家在拆迁范围里 安置房啥时候能分下来啊", "安置房"),
    ("今年的种粮补贴什么时候发", "种粮"),
    ("我们组的自来水什么时候能通", "自来水"),
    ("老街改造明年啥时候开工", "老街"),
    ("听说要搞高标准农田 俺家的地划进去以后承包费还给不给", "承包费"),
    ("村里明年集体分红 每个人能分多少", "分红"),
    ("新农合今年一个人交多少錢", "新农合"),
    ("俺们那片旧房改造 補償款啥時候到位", "补偿款"),
    ("土地流转费今年还发不发啊 听说换老板了", "流转费"),
]
# (4/10 before the fix, both ways: the others were answered with this office's time limits and
# then closed with nothing registered, or went through the whole intake; 10/10 after)


@pytest.mark.parametrize(("opening", "word"), NO_OPENER)
def test_a_when_or_how_much_question_without_opener_is_a_consultation(dialog, opening, word):
    test_a_question_no_faq_answers_takes_the_short_path_and_is_registered(dialog, opening, word)


# Without an opener, a question about a trouble that lasts or a thing broken is a petition.
TROUBLE_ASKED = [
    "路灯坏了半个月了 什么时候能修",
    "垃圾堆在路边一个月了 啥时候能清走",
    "欠我的工资什么时候给",
    "我家门口的路什么时候能修好",
]


@pytest.mark.parametrize("message", TROUBLE_ASKED)
def test_a_question_about_a_trouble_is_no_consultation(dialog, message):
    test_a_question_about_the_intake_or_a_grievance_is_no_consultation(dialog, message)

# ---------------------------------------------------------------- class 2: the address a real place

# (the story, said after consent; then the address question is answered "涂沟那边的官塘村")
NO_VILLAGE_NAMED = [
    "去年修水渠把我家的田挖了 当时村会计说给补钱 到现在也没给",
    "俺家的鱼塘被人放了药 死了好几百斤鱼 后来村主任来看过 说报派出所",
    "我家门口的路灯坏了半年 每次村组长都说报上去了",
    "前年村小组长答应给我们家修个排水沟 结果一直没修",
    "上个月村医给我老伴打错了针 到现在腿还肿着",
    "以前村办厂占了我家两亩地 厂倒闭了地也不还",
    "现在村道上天天有大货车跑 路都压烂了 晚上轰隆隆睡不着",
    "刚才村会计打电话来骂我 说我乱反映",
    "今年村两委换届 有人挨家挨户发钱拉票",
    "楼下的饭店油烟直往我家窗户里灌 当时社区主任来看了一眼就走了",
    "我们村的医务室关了快一年了 老人拿个药要跑镇上",
    "咱村的文化活动室被人占了当仓库 大伙没地方跳舞",
    "俺们村的阅览室锁了两年了 书都发霉了",
]
# (2/13 before the fix: the others stored 当时村 / 每次村 / 现在村 / 当时社区 or the facility
# alone as the address, and the address was never asked; 13/13 after)
_PSEUDO = re.compile(r"当时|每次|前年|以前|现在|刚才|今年|医务室|活动室|阅览室")


@pytest.mark.parametrize("story", NO_VILLAGE_NAMED)
def test_the_address_is_a_place_the_citizen_named(dialog, story):
    t = Talk(dialog)
    t.say("你好")
    t.say("同意")
    t.say(story)
    asked = _through(t, {**_ANSWERS, "town": "银涂镇", "address": "涂沟那边的官塘村",
                         "request": "希望尽快处理"})
    assert "address" in asked, asked
    address = _case(t)["address"] or ""
    assert "官塘村" in address and not _PSEUDO.search(address), address


# Opened as a question too, but about this intake, or a grievance that ends in a question: never
# the short path of a consultation.
NOT_A_CONSULTATION = [
    "请问一般要多长时间",
    "问一下 多久能有回复",
    "请问这个要收钱吗",
    "问一下 我反映的事什么时候能解决",
    "请问我说的会不会被村里知道",
    "问一下 我家低保停了三个月了 为啥",
    "请问 能不能匿名",
    "请问一下 我家的地被村里占了 到现在一分钱没给 这合理吗",
    "请问电话要不要留",
    "想问下 俺们组别人家都拿到补偿了 就俺家没有 咋回事",
]


@pytest.mark.parametrize("message", NOT_A_CONSULTATION)
def test_a_question_about_the_intake_or_a_grievance_is_no_consultation(dialog, message):
    t = Talk(dialog)
    t.say("你好")
    t.say("同意")
    t.say(message)
    assert t.data.get("intent") != "咨询", t.data


# The town is asked only when the answer depends on it: a question about one's own group (组) is
# local, a county-wide policy is not. (The group was added to the local words with this test.)
@pytest.mark.parametrize(("opening", "local"), [
    ("我们组的自来水什么时候能通", True),
    ("问一下 俺们组明年修村道 每户要出多少钱", True),
    ("请问 咱组里的地调整是按人头还是按户", True),
    ("今年的种粮补贴什么时候发", False),
    ("新农合今年一个人交多少錢", False),
])
def test_the_town_is_asked_only_for_a_local_question(dialog, opening, local):
    t = Talk(dialog)
    t.say("你好")
    t.say("同意")
    t.say(opening)
    asked = _through(t, _ANSWERS)
    assert ("town" in asked) == local, asked
    assert _case(t)["color"] == "blue"
