"""Names, contact details and changes of mind (issue 14, round m: the classes of held-out sets K
and L handed to this branch). Every wording here was written for these tests before the fix,
none of them the tester's: elderly and Jianghuai register, Henan and Shandong migrants, voice
input without punctuation, typos, WeChat style, traditional characters. The counts before and
after are in the README's issue 14 round m section.

1. a name told by a formula: a polite 敝姓 / 小姓 / 本人姓 X 名 Y, 单名一个Y字 / 双名YZ, and a
   surname explained by a famous bearer (岳飞的岳, 诸葛亮的诸葛) before the full name;
2. a change of mind after 匿名: the name given after all is the name, never a cancel;
3. a phone given at the address question is the phone, and the address is asked again;
4. a name after a word for what one is (我是…的养鸭户王长青) in a message telling everything;
5. a phone declined by a citizen who gave their name on a matter of their own (the nature model
   reading it 投诉举报): why it is asked is said once, and the phone given then is kept;
6. a relative's name offered at the name question (写我儿子的名字吧 他叫上官志远);
7. the other way round: anonymity chosen after the name was given (算了 还是匿名吧), and a phone
   given after declining it (电话还是留一个吧 138…) at a later question, never its answer;
8. the name corrected in the message that gives the phone (不是纽 是钮 钮佳琪 电话138…): both taken.
"""

from __future__ import annotations

import pytest

from nlp.types import Analysis
from tests.dialogs.fakes import Talk

BEFORE = pytest.mark.xfail(strict=True, reason="written before the fix: not read so yet")


def opened(dialog, opening: str) -> Talk:
    t = Talk(dialog)
    t.say("你好")
    t.say("同意")
    t.say(opening)
    return t


def answer_until(t: Talk, stop: set[str], **given: str) -> None:
    """Answer what the bot asks until it expects one of `stop`."""
    answers = {"description": "就这些", "town": "戴楼镇", "address": "戴楼镇朱河村四组",
               "request": "希望尽快处理", **given}
    for _ in range(10):
        exp = t.results[-1].expecting
        if exp in stop:
            return
        t.say(answers.get(exp, "就这些"))
    raise AssertionError(f"never asked {stop}: {t.results[-1].expecting}")


# ---------------------------------------------------------------- class 1: names by a formula

MATTER = "我们小区门口的路灯坏了两个多月了 晚上黑乎乎的 老人出门都不敢走"

# (the answer to the name question, the full name it gives)
FORMULA_NAMES = [
    ("免贵姓上官 双名婉清", "上官婉清"),
    ("鄙人姓司马 单名一个俊字", "司马俊"),
    ("我姓诸葛 就是诸葛亮那个诸葛 名字叫诸葛建华", "诸葛建华"),
    ("姓欧阳 欧阳修的欧阳 叫欧阳丽萍", "欧阳丽萍"),
    ("本人姓佘 名秀英", "佘秀英"),
    ("俺姓岳 岳飞的岳 叫岳长河", "岳长河"),
    ("小姓鲁 鲁迅的鲁 叫鲁红霞", "鲁红霞"),
    ("免貴姓東方 單名一個曉字", "东方晓"),
    ("姓宇文 双名国栋", "宇文国栋"),
    ("贱姓郜 名叫郜德明", "郜德明"),
    ("我姓司徒叫司徒建国司徒是复姓", "司徒建国"),
    ("敝姓蒯 名怀远", "蒯怀远"),
    ("姓孔 孔子的孔 孔繁华", "孔繁华"),
]


@pytest.mark.parametrize(("answer", "name"), FORMULA_NAMES)
def test_a_name_told_by_a_formula_is_the_full_name(dialog, answer, name):
    t = opened(dialog, MATTER)
    answer_until(t, {"name"})
    t.say(answer)
    assert t.data.get("name") == name, (t.data.get("name"), t.results[-1].expecting)
    assert t.results[-1].expecting != "name"


# ---------------------------------------------------------------- class 2: 匿名, then the name

REPORT = "举报 我们村有个小厂半夜往河里排污水 河里的鱼都死光了 味道熏得人睡不着"

# (what the citizen says at the phone question after choosing 匿名, the name it gives)
NAME_AFTER_ALL = [
    ("想了想还是写上名字吧 我叫柏振华", "柏振华"),
    ("算了算了 名字还是留上 俺叫孟庆丰", "孟庆丰"),
    ("不匿名了 我叫邬海燕", "邬海燕"),
    ("那还是实名吧 我是郑家宝", "郑家宝"),
    ("我改主意了 留名 施国庆", "施国庆"),
    ("还是把名字写上吧 熊秀兰", "熊秀兰"),
    ("算了 也不怕他们 实名举报 我叫蒋立新", "蒋立新"),
    ("嗯 还是留名字吧 我姓闫 闫志刚", "闫志刚"),
    ("算咯 写我名字 田桂芳", "田桂芳"),
    ("還是留名吧 我叫鄭美玲", "郑美玲"),
    ("算了还是实名吧我叫顾长明", "顾长明"),
]


def anonymous_at_phone(dialog) -> Talk:
    t = opened(dialog, REPORT)
    answer_until(t, {"anonymous", "name"})
    t.say("匿名")
    assert t.data.get("anonymous") is True, t.data
    answer_until(t, {"phone"})
    return t


@pytest.mark.parametrize(("answer", "name"), NAME_AFTER_ALL)
def test_a_name_given_after_choosing_anonymity_is_the_name(dialog, answer, name):
    t = anonymous_at_phone(dialog)
    t.say(answer)
    assert t.results[-1].state not in ("closed", "cancelled"), t.results[-1].state
    assert t.data.get("name") == name, t.data
    assert not t.data.get("anonymous"), t.data


def test_the_phone_said_with_the_name_after_all_is_kept_too(dialog):
    t = anonymous_at_phone(dialog)
    t.say("算了 名字还是写上 我叫顾长明 手机13852001234")
    assert (t.data.get("name"), t.data.get("phone")) == ("顾长明", "13852001234"), t.data
    assert not t.data.get("anonymous")


# ---------------------------------------------------------------- class 3: a phone at the address

SMOKE = "我们这边有个砖瓦厂天天冒黑烟 窗户都不敢开 衣服晒外面全是灰"

# (the answer to the address question, the phone in it)
PHONE_AT_ADDRESS = [
    ("地址就不说了 你们打我手机13852147765", "13852147765"),
    ("具体地方我说不清 你们打这个电话问我 139 1234 5678", "13912345678"),
    ("先留个电话吧 15951234567 地址回头再说", "15951234567"),
    ("俺不会说地址 有事打俺电话 一三八 一二三四 五六七八", "13812345678"),
    ("我手机号18752001122 到时候来人了打给我 我带你们去", "18752001122"),
    ("地方不好找 来之前先打电话 13770001234", "13770001234"),
    ("門牌號記不清了 電話13912340000", "13912340000"),
    ("电话是13645678901 住的地方不方便说", "13645678901"),
    ("你们别问地址了 打我电话就行 １５８５２３４５６７８", "15852345678"),
    ("18961234567 有事打这个 地址我不想说", "18961234567"),
]


@pytest.mark.parametrize(("answer", "phone"), PHONE_AT_ADDRESS)
def test_a_phone_given_at_the_address_question_is_the_phone(dialog, answer, phone):
    t = opened(dialog, SMOKE)
    answer_until(t, {"address"})
    t.say(answer)
    assert t.data.get("phone") == phone, t.data
    assert phone[-4:] not in (t.data.get("address") or ""), t.data.get("address")
    assert t.results[-1].expecting != "phone"


# ---------------------------------------------------------------- class 4: 的 + what one is + name

# (a message telling everything, the name in it after a word for what one is)
ROLE_THEN_NAME = [
    ("我是戴楼镇朱河村的养鸭户王长青 去年鸭子病死一半 保险公司一直拖着不赔 希望保险公司按合同赔", "王长青"),
    ("俺是银涂镇的养猪户张德旺 村里不让俺盖猪圈 俺想要个说法", "张德旺"),
    ("我是黎城街道的出租车司机钱永刚 车站门口天天有黑车拉客 建议交通部门管一管", "钱永刚"),
    ("我是吕良镇中心小学的老师周慧敏 学校食堂的菜很不新鲜 希望教育局查一查", "周慧敏"),
    ("我是金南镇的环卫工陈桂香 工资三个月没发了 要求尽快发工资", "陈桂香"),
    ("我是塔集镇老街的个体户冯建军 门面被人占了不让开门 请帮忙解决", "冯建军"),
    ("我是前锋镇的退伍军人何志勇 安置的事拖了两年没人管 希望给落实一下", "何志勇"),
    ("本人是闵桥镇的承包户韩德福 承包的鱼塘被别人强占了 要求退还鱼塘", "韩德福"),
    ("我是戴楼镇的乡村医生孙玉梅 卫生室的补助一年没发 希望尽快补发", "孙玉梅"),
    ("我是黎城街道的快遞員趙子龍 小區保安不讓進門 送件被投訴扣錢 希望物業改一改", "赵子龙"),
    ("我是金北街道的网格员杨秀丽 小区楼道里堆满杂物 说了也不清理 建议物业清理", "杨秀丽"),
]


@pytest.mark.parametrize(("message", "name"), ROLE_THEN_NAME)
def test_a_name_after_a_word_for_what_one_is_is_the_name(dialog, message, name):
    t = opened(dialog, message)
    assert t.data.get("name") == name, t.data


# ---------------------------------------------------------------- class 5: a phone declined, then given

MEDICINE = "在镇上药店买的降压药是过期的 拿回去找老板退 老板不认账 还说是我自己放过期的"


def read_as_report(text: str) -> Analysis:
    """The nature model reading a grievance of one's own as 投诉举报 (the citizen never said 举报)."""
    return Analysis("shichang", "市场监管", ("市场监管局",), 0.9, "投诉举报", 0.9, "red", False,
                    (), None, True)


def named_at_phone(dialog) -> Talk:
    t = Talk(dialog, analyze=read_as_report)
    t.say("你好")
    t.say("同意")
    t.say(MEDICINE)
    answer_until(t, {"phone"}, name="我叫单秀芝", anonymous="我叫单秀芝")
    assert t.data.get("name") == "单秀芝" and not t.data.get("anonymous"), t.data
    return t


# (a refusal of the phone by a citizen who gave their name on a matter of their own: why the
# phone is asked is said once, and the phone given then is kept)
PHONE_DECLINED = [
    "手机号就算了吧",
    "电话不想留",
    "号码就不给了",
    "俺不留电话了",
    "電話就不留了",
    "电话能不留吗",
    "不留了吧 怕打扰",
    "电话没必要留吧",
    "这个电话就免了",
    "手机号不方便给",
    "我不想留手机号",
]


@pytest.mark.parametrize("refusal", PHONE_DECLINED)
def test_a_phone_declined_once_is_explained_and_then_kept(dialog, refusal):
    t = named_at_phone(dialog)
    t.say(refusal)
    assert t.results[-1].expecting == "phone", (t.results[-1].expecting, t.data)
    assert not t.data.get("phone"), t.data
    t.say("那好吧 留一个 13852001234")
    assert t.data.get("phone") == "13852001234", t.data


def test_a_phone_declined_twice_is_not_asked_again(dialog):
    t = named_at_phone(dialog)
    t.say("电话不想留")
    t.say("真不想留")
    assert t.results[-1].expecting != "phone" and not t.data.get("phone"), t.data


# ---------------------------------------------------------------- class 6: a relative's name

# (the answer to the name question naming the one the matter is registered for, that name)
KIN_NAMED = [
    ("写我儿子的名字吧 他叫上官志远", "上官志远"),
    ("用我老伴的名字 她叫司马秀英", "司马秀英"),
    ("就写我爸的 他叫东方红旗", "东方红旗"),
    ("写我闺女的吧 叫欧阳丹", "欧阳丹"),
    ("登记我弟的名字 他叫皇甫军", "皇甫军"),
    ("我哥叫欧阳明 写他的吧", "欧阳明"),
    ("就填我妈的名字吧 她叫慕容桂兰", "慕容桂兰"),
    ("写我家老头子的 他叫诸葛长青", "诸葛长青"),
    ("我孙子帮我弄的 写他名字 他叫上官浩", "上官浩"),
    ("寫我姐的名字 她叫歐陽麗華", "欧阳丽华"),
    ("俺是替俺兄弟问的 他叫夏侯振东", "夏侯振东"),
]


@pytest.mark.parametrize(("answer", "name"), KIN_NAMED)
def test_a_relatives_name_at_the_name_question_is_the_name(dialog, answer, name):
    t = opened(dialog, MATTER)
    answer_until(t, {"name"})
    t.say(answer)
    assert t.data.get("name") == name, (t.data.get("name"), t.results[-1].expecting)
    assert name[-2:] not in (t.data.get("description") or ""), t.data.get("description")


# ---------------------------------------------------------------- class 7: the other way round

# (at the phone question of a report, after the name was given: anonymity chosen after all)
ANONYMOUS_AFTER_ALL = [
    "算了 还是匿名吧",
    "想了想 名字还是别写了 匿名",
    "我改主意了 不留名了",
    "算了算了 俺还是不留名字了",
    "还是匿名举报吧 怕他们报复",
    "名字别写了 匿名就行",
    "算咯 匿名吧",
    "還是匿名吧",
    "算了还是匿名吧我怕被报复",
    "那我不实名了 匿名",
]


@pytest.mark.parametrize("answer", ANONYMOUS_AFTER_ALL)
def test_anonymity_chosen_after_the_name_was_given_is_taken(dialog, answer):
    t = opened(dialog, REPORT)
    answer_until(t, {"phone"}, name="我叫韦国平", anonymous="我叫韦国平")
    assert t.data.get("name") == "韦国平"
    t.say(answer)
    assert t.results[-1].state not in ("closed", "cancelled"), t.results[-1].state
    assert t.data.get("anonymous") is True and not t.data.get("name"), t.data
    assert t.data.get("description", "").startswith("我们村"), t.data


# (at the request question, after the phone was declined: the phone given after all)
PHONE_AFTER_ALL = [
    ("电话还是留一个吧 13852001234", "13852001234"),
    ("想了想还是留个电话 一三八五二零零一二三四", "13852001234"),
    ("算了 手机号给你们 13852001234", "13852001234"),
    ("那还是留个号码吧 138 5200 1234", "13852001234"),
    ("俺改主意了 电话写上 13852001234", "13852001234"),
    ("電話還是留一個 13852001234", "13852001234"),
    ("留个电话吧13852001234", "13852001234"),
    ("还是给个手机号 １３８５２００１２３４", "13852001234"),
    ("号码写这个 13852001234 有事打我", "13852001234"),
    ("我手机是13852001234 还是写上吧", "13852001234"),
]


@pytest.mark.parametrize(("answer", "phone"), PHONE_AFTER_ALL)
def test_a_phone_given_after_declining_it_is_the_phone_and_no_request(dialog, answer, phone):
    t = opened(dialog, REPORT)
    answer_until(t, {"phone"}, name="我叫韦国平", anonymous="我叫韦国平")
    t.say("电话不留了")
    assert t.results[-1].expecting == "request", t.results[-1].expecting
    t.say(answer)
    assert t.data.get("phone") == phone, t.data
    assert t.data.get("request") is None, t.data
    assert t.results[-1].expecting == "request"


# ---------------------------------------------------------------- class 8: the name corrected with the phone

# Not reached this round: a correction of the surname alone by contrast (是钮不是纽, 那个字不对
# 是钮) and one in traditional characters leave the name as it was.
OPEN = pytest.mark.xfail(strict=True, reason="still open: the name is not corrected")

# (at the phone question, after the name was typed 纽佳琪: the correction and the phone in one
# message; the name it corrects to)
NAME_FIXED_WITH_PHONE = [
    ("名字打错了 不是纽 是钮 钮佳琪 电话13814360259", "钮佳琪"),
    ("刚才名字写错了 姓是钮扣的钮 钮佳琪 手机13814360259", "钮佳琪"),
    ("不好意思 名字错了 应该是钮佳琪 电话13814360259", "钮佳琪"),
    ("名字改一下 钮佳琪 金字旁的钮 13814360259", "钮佳琪"),
    ("我的名字是钮佳琪不是纽佳琪电话13814360259", "钮佳琪"),
    pytest.param("姓错了 是钮不是纽 电话一三八一四三六零二五九", "钮佳琪", marks=OPEN),
    pytest.param("名字應該是鈕佳琪 電話13814360259", "钮佳琪", marks=OPEN),
    ("哦对了名字是钮佳琪 刚才打错了 号码13814360259", "钮佳琪"),
    pytest.param("名字那个字不对 是钮 13814360259", "钮佳琪", marks=OPEN),
    ("13814360259 另外名字是钮佳琪 不是纽佳琪", "钮佳琪"),
]


@pytest.mark.parametrize(("answer", "name"), NAME_FIXED_WITH_PHONE)
def test_a_name_corrected_with_the_phone_takes_both(dialog, answer, name):
    t = opened(dialog, MATTER)
    answer_until(t, {"name"})
    t.say("纽佳琪")
    assert t.results[-1].expecting == "phone"
    t.say(answer)
    assert (t.data.get("name"), t.data.get("phone")) == (name, "13814360259"), t.data
    assert "错" not in (t.data.get("description") or ""), t.data.get("description")
