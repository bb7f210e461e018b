"""Reading what the citizen said into the case (issue 14, round k: the classes of held-out set G
handed to this branch). Every wording here was written for these tests before the fix, none of
them the tester's: elderly and Jianghuai register, Henan and Shandong migrants, voice input
without punctuation, typos, WeChat style, traditional characters. The counts before and after
are in the README's issue 14 round k section.

1. the account: facts told after the opening, and account clauses at the edges of a message in
   every register, reach the description;
2. the request: a reply to 您希望怎么解决 that carries a question of its own (到底归谁管, 合不合法)
   is the request;
3. names: a name answer with typos around it (我教 / 我交 / 我角), and 我是…的X某 followed by the
   full name;
4. consultation or complaint: a question about how to get a public service is a consultation even
   with some personal context; a grievance that ends in 为啥 / 凭什么 is a complaint.
"""

from __future__ import annotations

import pytest

from tests.dialogs.fakes import Talk

# Written before the fixes: 31 of 69 passed; after them 62 of 69 (the 7 others are not asked what
# was tried, by design: SHORT_THING_BROKEN), and the 11 facts added after the opening are all kept.


def opened(dialog) -> Talk:
    t = Talk(dialog)
    t.say("你好")
    t.say("同意")
    return t


def finish(t: Talk, town: str = "戴楼", address: str = "朱河村四组", name: str = "我叫谢长海",
           phone: str = "13912345678", request: str = "希望尽快处理") -> None:
    """Answer what the bot asks until the summary (the answers by the field it expects)."""
    answers = {"description": "就这些", "town": town, "address": address, "name": name,
               "anonymous": name, "phone": phone, "request": request}
    for _ in range(12):
        exp = t.results[-1].expecting
        if exp not in answers:
            return
        t.say(answers[exp])


# ---------------------------------------------------------------- class 1: the account is kept

# What was tried is asked only of an account of 40 ideographs or more that tells of someone acting
# or withholding: a shorter one, or one of a thing broken, goes on to the town, as set C's s24 and
# the transcript tests want (路灯坏了三个月… told in one message: the story is not asked again).
# These wordings are not asked (what they add unasked is still kept: the test after this one).
SHORT_THING_BROKEN = pytest.mark.xfail(strict=True, reason="short, or no one acting: not asked")

# (an opening that tells what happened but not what was tried, what the citizen adds when asked,
#  a word of the addition that must reach the description)
TOLD_AFTER = [
    pytest.param("就是那个我们村东头的那个路灯嗯从国庆节以后就一直不亮了晚上出去黑乎乎的我孙子上个礼拜还摔了一跤",
     "然后我去找了村会计他说电费没人交", "电费", marks=SHORT_THING_BROKEN),
    ("俺在戴楼镇一个养鸡场干活 干了八个月 老板说年底一起给 到现在一分钱没见着 俺家里还等着钱用",
     "找老板好几回 他就躲着 手机也关机了", "关机"),
    ("俺家承包的那十亩地 今年夏天叫隔壁村的人占去挖鱼塘了 地里的玉米全毁了 俺娘急得住了院",
     "俺跟他们村支书说了 支书说那是他们的地 俺家有承包证", "承包证"),
    pytest.param("我家屋后头那条沟 今年开春就堵了 一下雨水就往屋里淌 墙根都泡软了 老头子腿脚不好 天天还要舀水",
     "跟组长讲过好几趟 组长讲没得钱 叫我们自己弄", "组长", marks=SHORT_THING_BROKEN),
    pytest.param("我們小區的電梯從上個月開始三天兩頭壞 上週還把一個老人關在裡面一個多小時 嚇得不輕",
     "物業說要等廠家來修 廠家一直沒來", "家", marks=SHORT_THING_BROKEN),
    pytest.param("家人们 我们小区门口新开的烧烤摊每天晚上搞到两点 油烟全飘进我家 孩子咳嗽一个月了",
     "打过12345 城管来了一趟 第二天照样摆", "城管", marks=SHORT_THING_BROKEN),
    ("我爸的养老金从九月份开始就少发了三百多 也没人通知我门 他一个人住在敬老院里",
     "去社保所问了 他们说系统再调整 让等通知", "社保所"),  # (asked since round 7, 14r)
    ("本人系金北街道居民，今年五月购买的商品房至今未交付，开发商以各种理由推迟交房，已逾期半年。",
     "多次到售楼处交涉，对方只说再等等。", "售楼处"),
    pytest.param("我想说一下我们那个自来水啊最近一个月都是黄的烧开了都有一层沉淀孩子都不敢喝",
     "自来水公司来看过说是管子老化了然后就没下文了", "老化", marks=SHORT_THING_BROKEN),
    ("俺是外地来这开出租的 前天在黎城街道被一个交警扣了车 说俺证件不全 其实俺证件都是齐的",
     "俺去交警队问 他们说要交两千才能放车 也不给开票", "两千"),
    ("我今年七十六了 老头子走了两年 他的丧葬费和抚恤金到现在都没发下来 我一个人过日子难",
     "我去民政办问过两趟 他们讲材料不全 又讲不清差什么 电话也打不通了", "打不通"),  # (asked since round 7, 14r)
]


def _plain(rows):
    return [r.values if hasattr(r, "values") else r for r in rows]


@pytest.mark.parametrize(("opening", "more", "fact"), _plain(TOLD_AFTER))
def test_facts_added_after_the_opening_are_kept(dialog, opening, more, fact):
    t = opened(dialog)
    t.say(opening)
    t.say(more)  # (whatever was asked: the follow-up, or the town question)
    finish(t)
    assert fact in (t.data.get("description") or ""), t.data.get("description")


@pytest.mark.parametrize(("opening", "more", "fact"), TOLD_AFTER)
def test_what_was_tried_is_asked_and_kept(dialog, opening, more, fact):
    t = opened(dialog)
    t.say(opening)
    assert t.results[-1].expecting == "description", "what was tried is not asked"
    t.say(more)
    finish(t)
    assert fact in (t.data.get("description") or ""), t.data.get("description")


# Account clauses at the edge of a message (where talk about the talk sits) in every register:
# (message, a word of the edge clause that must stay)
EDGE_CLAUSES = [
    ("包工头姓贾 电话打不通了", "打不通"),
    ("问他是哪个单位的他也不说", "单位"),
    ("俺们十几个人的工钱都没结 你说这咋整", "工钱"),
    ("村里的人说这事归镇上管 镇上说归水利站管 谁都不来", "谁都不来"),
    ("嗯那个收费的人也不给票啊", "不给票"),
    ("他问俺要身份证 俺不给他就不让进门", "不让进门"),
    ("然后他说你去告吧告到哪都没用", "没用"),
    ("那个老板讲钱早就给包工头了 你们找他去", "包工头"),
    ("我也不晓得为啥 就是不给俺办", "不给俺办"),
    ("俺打了好几回电话 都说在开会", "开会"),
    ("叫我们等通知 等到现在也没个信", "没个信"),
]


@pytest.mark.parametrize(("message", "kept"), EDGE_CLAUSES)
def test_account_clauses_at_the_edges_are_kept(dialog, message, kept):
    t = opened(dialog)
    t.say("我家门口那条路被搅拌站的车压坏了，坑坑洼洼的，从今年三月到现在")
    t.say(message)
    assert kept in (t.data.get("description") or ""), t.data.get("description")


# ---------------------------------------------------------------- class 2: the request

REQUESTS_WITH_A_QUESTION = [
    ("你们说说到底归谁管 赶紧把路修好", "修好"),
    ("搞清楚是哪个部门负责的 把垃圾清走", "清走"),
    ("查查他们收的钱合不合规 不合规的退给我们", "退"),
    ("给个准话到底谁来修 反正不能再拖了", "修"),
    ("看看归哪个单位管 把电线杆挪开", "挪开"),
    ("俺就想知道凭啥不给俺发 该发的给俺补上", "补上"),
    ("弄清楚这个罚款有没有依据 没依据就退钱", "退钱"),
    ("到底谁批准他们建的 违章的拆掉", "拆"),
    ("定一下归哪个部门 把下水道疏通了", "疏通"),
    ("那个收费到底合法不合法 请有关部门查一查", "查"),
    ("问问镇上为什么不给办 早点给我办了", "办"),
]


@pytest.mark.parametrize(("answer", "word"), REQUESTS_WITH_A_QUESTION)
def test_a_request_carrying_a_question_is_the_request(dialog, answer, word):
    t = opened(dialog)
    t.say("我们组的自来水管子冻裂了好几天，水到处淌，跟村里讲过也没人管")
    finish(t, request=answer)
    assert word in (t.data.get("request") or ""), t.data.get("request")


# ---------------------------------------------------------------- class 3: names

NAME_ANSWERS = [
    ("我教满丽娟", "满丽娟"),
    ("我交贺春生", "贺春生"),
    ("俺较孔繁荣", "孔繁荣"),
    ("我角郑桂香", "郑桂香"),
    ("我叫 叫 叫苗玉英", "苗玉英"),
    ("我的名子是葛德明", "葛德明"),
    ("名子叫尹红霞", "尹红霞"),
    ("我姓覃 覃永福", "覃永福"),
    ("我是金北街道开理发店的龚某 龚秀珍", "龚秀珍"),
    ("我是塔集镇高桥村的居民沈某，沈国华", "沈国华"),
    ("本人郁某 全名郁建军", "郁建军"),
    ("叫我老刘就行 刘长根", "刘长根"),
]


@pytest.mark.parametrize(("answer", "name"), NAME_ANSWERS)
def test_a_name_answer_is_taken(dialog, answer, name):
    t = opened(dialog)
    t.say("我家门口的下水道堵了一个多月，污水漫到路上，找社区说报上去了，到现在没人来")
    finish(t, name=answer)
    assert t.data.get("name") == name


ONE_MESSAGE_NAMES = [
    ("你好 我是金南镇卫生院对面开小卖部的付某 付晓梅 卫生院的围墙把我家门口的路占了一半 希望把围墙往后退",
     "付晓梅"),
    ("我是黎城街道做早点的韦某 韦秀兰 城管上个月把我的推车收走了 到现在不还 希望把车还给我", "韦秀兰"),
    ("俺是银涂镇养鸡的 姓晁 晁长江 饲料厂卖给俺的饲料是假的 鸡死了一半 要求饲料厂赔偿", "晁长江"),
]


@pytest.mark.parametrize(("message", "name"), ONE_MESSAGE_NAMES)
def test_the_full_name_after_x_mou_is_the_name(dialog, message, name):
    t = opened(dialog)
    t.say(message)
    finish(t)
    assert t.data.get("name") == name


# ---------------------------------------------------------------- class 4: consultation or complaint

CONSULTATIONS = [
    "请问失业金怎么申领 我上个月被厂里辞退了",
    "俺娘今年八十三了 听说有个高龄的钱 咋领啊",
    "我家老头子去年走了 请问丧葬补助去哪里领",
    "孩子明年上小学 户口不在这边 要办什么手续",
    "我是残疾人 二级 听说有护理补贴 怎么申请",
    "我在外地打工社保断了半年 现在回来了想接着交 去哪办",
    "俺是河南来的 在这边干了三年了 孩子上学要准备啥材料",
    "我爸七十了 农村的养老金每个月多少 怎么领",
    "請問低保要什麼條件 我老伴癱瘓在床",
    "我刚退伍回来 听说有自主就业的补助 找哪个部门",
    "我家房子是危房 想问问危房改造咋申请",
]


@pytest.mark.parametrize("message", CONSULTATIONS)
def test_a_question_with_some_context_is_a_consultation(dialog, message):
    t = opened(dialog)
    t.say(message)
    finish(t)
    asked = [r.expecting for r in t.results]
    assert t.data.get("intent") == "咨询", t.data
    assert "address" not in asked and "name" not in asked and "anonymous" not in asked, asked


COMPLAINTS = [
    "我是退伍老兵 听说有个优待金 我们村别人都有 就我没有 这是为啥",
    "隔壁家都拿到拆迁补偿了 就俺家没拿到 凭啥",
    "我们组别人家的低保都发了 我家的停了三个月 为什么",
    "同样是独生子女 人家都有奖励 我怎么就没有",
    "我交了十五年的社保 到退休了说不能领 这是啥道理",
    "村里修路别的组都修了 就我们组不修 为什么啊",
    "我家的危房改造补助批下来了 钱被村里扣了一半 凭什么",
    "俺在厂里干了两年 走的时候押金不退 这合理吗",
    "我儿子考上了大学 别人家都有助学金 我们家条件最差反而没有 为啥呢",
    "高龄补贴别人都发了 俺爹八十五了一分没见着 咋回事",
]


@pytest.mark.parametrize("message", COMPLAINTS)
def test_a_grievance_ending_in_why_is_a_complaint(dialog, message):
    t = opened(dialog)
    t.say(message)
    finish(t)
    asked = [r.expecting for r in t.results]
    assert t.data.get("intent") != "咨询", t.data
    assert "address" in asked, asked


# ---------------------------------------------------------------- round 2: a surname spelled by its parts

# (answer to the name question, the name) — the character described by its radical and parts, a
# clause of its own, never part of the name (written before the fix)
SPELLED_BY_PARTS = [
    # (1 of 11 passed before the fix, 11 after)
    ("我姓滕 三点水那个滕不是 是月字旁一个关下面一个水 滕玉兰", "滕玉兰"),
    ("免贵姓笪 竹字头下面一个旦 笪国庆", "笪国庆"),
    ("我叫佴春生 单人旁一个耳朵", "佴春生"),
    ("我姓芮 草字头下面一个内 叫芮德明", "芮德明"),
    ("俺姓仉 单人旁加个几 叫仉桂芝", "仉桂芝"),
    ("我姓汪 三点水一个王 汪秀凤", "汪秀凤"),
    ("名字叫冼志强 两点水一个先", "冼志强"),
    ("我姓靳 革字旁一个斤 靳长海", "靳长海"),
    ("姓邬 左边一个乌右边一个耳朵 邬红英", "邬红英"),
    ("我姓窦 宝盖头下面一个卖 叫窦文华", "窦文华"),
    ("俺姓钮 金字旁一个丑 钮德胜", "钮德胜"),
]


@pytest.mark.parametrize(("answer", "name"), SPELLED_BY_PARTS)
def test_a_surname_spelled_by_its_parts(dialog, answer, name):
    t = opened(dialog)
    t.say("我家门口的下水道堵了一个多月，污水漫到路上，找社区说报上去了，到现在没人来")
    finish(t, name=answer)
    assert t.data.get("name") == name
    assert "旁" not in (t.data.get("description") or "") and "头下面" not in (t.data.get("description") or "")


# ---------------------------------------------------------------- round 2: a request that names the elderly

# (the request, a word of it): talk of age in a request does not make it small talk (written
# before the fix)
REQUESTS_FOR_THE_OLD = [
    ("赶紧给老人家把院墙砌好", "院墙"),
    ("我年纪大了 尽快把低保给我恢复", "低保"),
    ("岁数大了跑不动 把补贴直接打到卡上", "补贴"),
    ("把老人家的养老金补发了", "养老金"),
    ("早点派人给老人家把电线接上", "电线"),
    ("老人家八十多了 该给的护理补贴给上", "护理补贴"),
    ("上了年纪 别再让我跑了 把证给我办了", "证"),
    ("给老人家把漏雨的房子修一修", "房子"),
    ("老人家不容易 把欠的钱还给她", "钱"),
    ("赶紧把老人家门口的沟通开", "沟"),
]


@pytest.mark.parametrize(("answer", "word"), REQUESTS_FOR_THE_OLD)
def test_a_request_naming_the_elderly_is_the_request(dialog, answer, word):
    t = opened(dialog)
    t.say("我们组的自来水管子冻裂了好几天，水到处淌，跟村里讲过也没人管")
    finish(t, request=answer)
    assert word in (t.data.get("request") or ""), t.data.get("request")
