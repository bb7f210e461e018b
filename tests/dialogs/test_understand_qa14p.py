"""What the citizen does with a turn (issue 14, round p). Every wording here was written for
these tests before the fix, none of them a tester's: elderly and Jianghuai register, Henan and
Shandong migrants, voice input without punctuation, typos, WeChat style, traditional
characters. Counts before and after are in the README's issue 14 round p section.

1. a phone corrected inside the message that gives it, by the part that was wrong (后四位是…,
   最后一位是…, 尾号…, 前三位…, 中间四位…), or at the summary (电话后两位错了 应该是…): the
   corrected number is stored, and nothing of the correction goes into the account;
2. a danger reported with a worry (…砸到人咋办, 万一掉下去怎么办): a matter to be handled, the
   whole intake, never a consultation's short path; a second matter told after a consultation
   was answered is taken in full (town, address, name, request);
3. the request running into a phone read aloud (…赶紧修 俺手机 幺五九…): the request without the
   number and without the words that lead to it (我的号, 有事打这个号, 联系俺);
4. a request for a person, however phrased, at any question: hand-over.
"""

from __future__ import annotations

import pytest

from tests.dialogs.fakes import Talk
from tests.dialogs.test_understand_qa14m import answer_until as answer_until_m
from tests.dialogs.test_understand_qa14m import opened

MATTER = "我们庄上那条水泥路被大车压得稀烂 下雨天电瓶车都骑不过去 找过村里两回了"
ANSWERS = {"description": "就这些", "town": "塔集镇", "address": "塔集镇高桥村五组",
           "name": "柏玉兰", "anonymous": "柏玉兰", "request": "希望尽快把路修好",
           "phone": "13952417736"}


def answer_until(t: Talk, stop: set[str], **given: str) -> None:
    """Answer what the bot asks (from ANSWERS, or `given`) until it expects one of `stop`."""
    answer_until_m(t, stop, **{**ANSWERS, **given})


# ---------------------------------------------------------------- class 1: a phone corrected by a part

# (the answer to the phone question, the number meant)
PHONE_PART_FIXED = [
    ("13952417736 不对不对 最后两位是63", "13952417763"),
    ("幺三九 五二四一 七七三六 错了 尾号是七六三六", "13952417636"),
    ("15961234578 哦说错了 前三位是158", "15861234578"),
    ("13705172468，中间四位打错了，是0571", "13705712468"),
    ("號碼是13813572468 不對 後四位是2486", "13813572486"),
    ("18251736609 不对 最后一位是8", "18251736608"),
    ("俺电话 一五二 五一七三 六六零九 哦不对 末尾是六六零八", "15251736608"),
    ("18912345678 等一下 后面四位打错了 是5687", "18912345687"),
    ("手机13770521689噢 最后两个数是98 不是89", "13770521698"),
    ("13401728835 呃不对 后4位应该是8853", "13401728853"),
    ("电话一八七 六二零三 四五一九 哎呀错了 最后四个数是四五九一", "18762034591"),
    ("17715082264不对啊 尾数是2246", "17715082246"),
]


@pytest.mark.parametrize("said,meant", PHONE_PART_FIXED)
def test_a_phone_corrected_by_its_part_in_the_same_message(dialog, said, meant):
    t = opened(dialog, MATTER)
    answer_until(t, {"phone"})
    t.say(said)
    assert t.data.get("phone") == meant, t.data.get("phone")
    assert t.results[-1].expecting != "phone"
    desc = t.data.get("description") or ""
    assert not any(w in desc for w in ("不对", "错了", "后四位", "尾号", "最后")), desc


# At the summary: the part of the stored number said to be wrong, and its new digits.
PHONE_PART_AT_SUMMARY = [
    ("电话后四位错了 应该是7763", "13952417763"),
    ("手机号最后两位写反了 是63", "13952417763"),
    ("電話尾號不對 是7637", "13952417637"),
    ("号码前三位是138 不是139", "13852417736"),
]


@pytest.mark.parametrize("said,meant", PHONE_PART_AT_SUMMARY)
def test_a_phone_corrected_by_its_part_at_the_summary(dialog, said, meant):
    t = opened(dialog, MATTER)
    answer_until(t, {"confirm"})
    assert t.data.get("phone") == "13952417736"
    t.say(said)
    assert t.data.get("phone") == meant, t.data.get("phone")
    assert t.results[-1].expecting == "confirm"


# ---------------------------------------------------------------- class 2: a danger with a worry

HAZARD_WORRY = [
    "我家门口那根电线杆歪得厉害 风一吹就晃 砸到人咋办",
    "村口的井盖没了好几天了 晚上黑灯瞎火的 小孩掉下去怎么办",
    "俺们组那个危房墙都裂开了 老人还住在里头 塌了咋整",
    "学校门口的大货车天天跑那么快 撞到孩子怎么办啊",
    "河边的护栏倒了一大截 万一有人掉河里怎么办",
    "小区里那棵大树歪了靠在电线上 着火了怎么办",
    "路中间塌了个大坑 骑电瓶车的摔了好几个了 这要出人命咋办",
    "变电箱的门一直开着 电线露在外面 小孩子去摸怎么办",
    "隔壁厂里烟囱天天冒黑烟 呛得人喘不上气 我们老人孩子怎么办",
    "那个高压线垂得很低 收麦子的机器碰到了怎么办哦",
    "这个堤坝有好几处渗水 马上汛期了 垮了咋办",
    "菜场边上那个广告牌锈得快掉下来了，砸到人算谁的？怎么办",
    "俺家后头的塘埂子被挖空了 下大雨淹了庄稼咋弄",
]


@pytest.mark.parametrize("opening", HAZARD_WORRY)
def test_a_danger_with_a_worry_is_a_matter_not_a_consultation(dialog, opening):
    t = opened(dialog, opening)
    assert t.data.get("intent") != "咨询", t.data
    asked = {t.results[-1].expecting}
    answer_until(t, {"confirm"})
    asked |= {r.expecting for r in t.results}
    assert {"town", "address", "request"} <= asked, asked
    assert t.data.get("town") == "塔集镇" and "高桥村" in (t.data.get("address") or "")


# A consultation answered, then a second matter of one's own: the whole intake for it.
SECOND_MATTER = [
    ("请问高龄津贴怎么领", "还有个事 我们村东头那座小桥的栏杆断了两个月了 孩子上学天天从那过"),
    ("低保申请要什么条件", "另外俺再反映个事 俺庄上的自来水一个礼拜停了三回 村里也不管"),
    ("想问下残疾证怎么办", "对了还有 我家隔壁养猪场的粪水都淌到我家门口了 臭得不行 说了好几次不听"),
    ("失业金怎么申领啊", "再说个事情 我原来那个厂老板还欠我两个月工资没给 厂子都关门了"),
    ("城乡居民医保一年交多少", "还有一个 我们组的路灯坏了大半年了 晚上出门黑咕隆咚的"),
]


@pytest.mark.parametrize("question,matter", SECOND_MATTER)
def test_a_second_matter_after_a_consultation_gets_the_whole_intake(dialog, question, matter):
    t = opened(dialog, question)
    t.say(matter)
    asked = {t.results[-1].expecting}
    answer_until(t, {"confirm"})
    asked |= {r.expecting for r in t.results}
    assert {"town", "address", "request"} <= asked, asked
    assert matter[-6:] in (t.data.get("description") or ""), t.data.get("description")


# ---------------------------------------------------------------- class 3: the request runs into the phone

# (an opening telling everything, the request ending in a phone read aloud)
REQUEST_THEN_PHONE = [
    "我们组的路灯坏了一个多月了 要求电工赶紧来修 俺手机 幺五九 二六八三 四四七零",
    "厂里的废水天天往河里排 希望环保局来查一下这个厂 我的号一八九 五二三六 七七零八",
    "我们小区停水三天了 请镇上尽快把水管接通 有啥事打这个号13951728846",
    "老板欠我们五个人三个月工资 要求老板把工钱结清 电话号码是 一三七 七零五二 六幺八九",
    "俺家低保今年被停了 希望你们帮俺把低保恢复了 联系俺 幺三八 零五一七 二二四六",
    "那个路口一个月出了三回车祸 建议把那个路口装个红绿灯 手机号码15805176632",
    "电梯坏了两个月 要求物业把电梯修好13813579246",
    "邻居家的狗咬伤了我孙子 希望尽快赔偿医药费 俺的电话是 一五零 四八二六 九九七三 谢谢",
    "樓下飯店油煙直排到我家 請有關部門處理一下油煙 我的手機號 一三九零五一七六六二八",
    "村里修路占了我家菜地没给钱 希望村里给个说法 找俺就打 18762034519",
    "自来水黄得像泥汤 要求恢复正常供水 有消息回个电话 13651728890",
]


@pytest.mark.parametrize("opening", REQUEST_THEN_PHONE)
def test_the_request_stops_where_the_phone_begins(dialog, opening):
    t = opened(dialog, opening)
    answer_until(t, {"confirm"})
    req = t.data.get("request") or ""
    assert req and not any(c.isdigit() for c in req), req
    assert not any(w in req for w in ("电话", "手机", "号", "联系俺", "找俺", "回个", "一五", "幺")), req
    assert t.data.get("phone"), t.data


# ---------------------------------------------------------------- class 4: a person, at any question

PERSON_ANY_QUESTION = [
    ("address", "地址我不跟机器讲 叫你们工作人员打我电话"),
    ("name", "名字不想说 你让你们领导来找我"),
    ("address", "我只跟书记说 别的人我不信"),
    ("phone", "有没有能说话的人 打字太累了"),
    ("request", "俺眼睛不好使 叫个人跟俺说吧"),
    ("town", "這個機器人聽不懂 我要找真人"),
    ("name", "你们当官的出来一个 跟我当面谈"),
    ("address", "别问了 直接叫工作人员来处理"),
    ("request", "我要跟你们领导反映 你一个机器做不了主"),
    ("phone", "我不填了 找个管事的跟我讲"),
    ("name", "让负责这块的同志跟我联系"),
    ("town", "恁这是自动回复吧 俺要找真人"),
]


@pytest.mark.parametrize("at,said", PERSON_ANY_QUESTION)
def test_a_request_for_a_person_hands_over_at_any_question(dialog, at, said):
    t = opened(dialog, MATTER)
    answer_until(t, {at})
    t.say(said)
    assert t.effects("handoff"), (t.results[-1].expecting, t.data)
    assert said[:4] not in (t.data.get(at) or ""), t.data


# An official named in the story is no request for one.
OFFICIAL_IN_STORY = ["村书记说过两天来修", "我找过镇长 镇长说没钱", "村里当官的把低保给亲戚了",
                     "镇长说了算 他不同意我们修"]


@pytest.mark.parametrize("said", OFFICIAL_IN_STORY)
def test_an_official_named_in_the_story_is_no_request_for_a_person(dialog, said):
    t = opened(dialog, MATTER)
    t.say(said)
    assert not t.effects("handoff")
    assert said[-4:] in (t.data.get("description") or ""), t.data
