"""What a turn does to a conversation already under way (issue 14, round j): cancels without
the word 取消, deferrals at the summary, corrections with and without their value (at the
summary and while another question is open), a fact of the account corrected or added, a
second demand added to the request, and a request that names a fee or a time at the request
question. The wordings were written for these tests before the fix (elderly, dialect, voice
input without punctuation, traditional characters, WeChat style), none of them the tester's;
the counts before and after are in the README's "Issue 14, round j" section.

The conversation they start from (tests.dialogs.test_understand): the matter
"我们村东头的自来水管爆了三天了，一直没人来修，找过村委会也没用", 戴楼 (戴楼街道), 朱河村四组,
万俟春生, 15861112222, "希望尽快把水管修好".
"""

from __future__ import annotations

import pytest

from tests.dialogs.fakes import Talk, said, text_of
from tests.dialogs.test_understand import start, to_phone, to_summary

# Wordings still open: each is an expected failure until its class is built (strict, so a
# fixed one must leave this set).
OPEN: set[str] = {
    "證件要不要帶 還是到時候再說",  # (read as a deferral: 再說)
}


def _open(items: list) -> list:
    out = []
    for item in items:
        key = item if isinstance(item, str) else item[1] if item[0].startswith("ask_") else item[0]
        out.append(pytest.param(*((item,) if isinstance(item, str) else item),
                                marks=pytest.mark.xfail(strict=True) if key in OPEN else ()))
    return out


# ---------------------------------------------------------------- class 1: a cancel without 取消

CANCELS = [
    "这个事我不想反映了 你们那边就别管了",
    "俺想了想还是不报了，别给俺登记",
    "不好意思啊 这事我不打算弄了",
    "我不想搞了 你们就当没这回事吧",
    "算咯 不反映咯",
    "我老伴说别惹事 那就不报了",
    "這事我不想反映了，你們別弄了",
    "刚才说的那个事就当我没说吧",
    "你们不用处理了 我们已经自己解决了",
    "我不想再反映这个事了",
    "这事儿俺不打算往上报了",
    "那个事情你们就别弄了 谢谢啊",
]


@pytest.mark.parametrize("said_", _open(CANCELS))
def test_a_cancel_mid_way_without_the_word_closes(dialog, said_):
    t = to_phone(dialog)
    r = t.say(said_)
    assert t.doc["state"] == "closed" and said(dialog, r, "cancelled"), text_of(r)


STILL_THE_MATTER = [
    "村里劝我别报了，可是水管到现在还是没人修",
    "村干部说不用反映了，他们会修，结果一个月了也没人来",
]


@pytest.mark.parametrize("said_", STILL_THE_MATTER)
def test_someone_elses_withdrawal_mid_way_is_no_cancel(dialog, said_):
    t = to_phone(dialog)
    t.say(said_)
    assert t.doc["state"] != "closed"


# ---------------------------------------------------------------- class 2: a deferral at the summary

DEFERRALS = [
    "我先跟家里人商量商量 明天再来交",
    "等我儿子下班回来看看再提交",
    "我再想想，过两天再来点提交",
    "先不交 我跟老伴合计合计",
    "让我考虑一下 晚上再说",
    "俺先问问村里其他几户 回头再来",
    "我先放着 想好了再提交",
    "我們家裡人商量一下再決定",
    "等我孙子回来帮我看一遍再交吧",
    "这个先别提交 我还要跟邻居们商量商量",
    "今天先不交了 明天我再看看",
    "我得先去问问律师 问完了再来",
]


@pytest.mark.parametrize("said_", _open(DEFERRALS))
def test_a_deferral_at_the_summary_keeps_the_draft(dialog, said_):
    t = to_summary(dialog)
    before = dict(t.data)
    r = t.say(said_)
    reply = text_of(r)
    assert t.doc["state"] == "confirm" and t.data == before, (reply, t.data)
    assert any(w in reply for w in ("保存", "不着急", "不急", "回来")) and "已提交" not in reply


# ---------------------------------------------------------------- class 3: at the summary, with the value

CORRECTIONS = [
    ("地方搞错了 不是戴楼 是金南那边", "town", "金南镇"),
    ("镇不是戴楼的 是塔集的", "town", "塔集镇"),
    ("街道弄错了，应该在黎城", "town", "黎城街道"),
    ("哎呀我说错了 是前锋镇不是戴楼", "town", "前锋镇"),
    ("镇搞错啦，俺是在银集那块", "town", "银涂镇"),
    ("不是戴楼街道 是金北街道的", "town", "金北街道"),
    ("名字那个字不对 是万俟春笙 竹字头一个生", "name", "万俟春笙"),
    ("名字错了一个字 万俟春森 三个木的森", "name", "万俟春森"),
    ("名字打错了 应该是万俟春晟 日字头下面一个成", "name", "万俟春晟"),
    ("地址门牌不对 是五组不是四组", "address", "朱河村五组"),
    ("村子写错了 是朱桥村不是朱河村", "address", "朱桥村四组"),
    ("电话最后一位错了 应该是15861112223", "phone", "15861112223"),
]


@pytest.mark.parametrize(("said_", "field", "value"), _open(CORRECTIONS))
def test_a_correction_with_its_value_at_the_summary_is_made(dialog, said_, field, value):
    t = to_summary(dialog)
    r = t.say(said_)
    assert t.data.get(field) == value, (text_of(r), t.data)
    assert t.doc["state"] == "confirm" and "已改为" in text_of(r)
    assert t.data.get("request") == "希望尽快把水管修好"


# ---------------------------------------------------------------- class 4: an earlier field, another question open


def _at(dialog, state: str, address: str = "朱河村四组") -> Talk:
    t = start(dialog)
    answers = {"ask_town": [], "ask_address": ["戴楼"], "ask_name": ["戴楼", address],
               "ask_phone": ["戴楼", address, "我叫万俟春生"],
               "ask_request": ["戴楼", address, "我叫万俟春生", "15861112222"]}[state]
    for a in answers:
        t.say(a)
    assert t.doc["state"] == state, t.doc["state"]
    return t


MIDWAY = [
    ("等一下 刚才组说错了 是五组不是四组", "ask_name", "朱河村四组", {"address": "朱河村五组"}),
    ("哦不对 镇我说错了 是金南的 在金南镇夹沟村二组", "ask_name", "朱河村四组",
     {"town": "金南镇", "address": "夹沟村二组"}),
    ("刚才门牌说错了 是18号不是16号", "ask_phone", "东风路16号门口", {"address": "东风路18号门口"}),
    ("名字写错了 是万俟春笙", "ask_phone", "朱河村四组", {"name": "万俟春笙"}),
    ("前面镇说错了，应该是塔集", "ask_request", "朱河村四组", {"town": "塔集镇"}),
    ("村名说错了 不是朱河村是朱桥村", "ask_phone", "朱河村四组", {"address": "朱桥村四组"}),
    ("哦镇说错了 是吕良 在吕良镇东阳村", "ask_address", "", {"town": "吕良镇", "address": "东阳村"}),
    ("不好意思地址打错了 应该是朱河村六组", "ask_name", "朱河村四组", {"address": "朱河村六组"}),
    ("那个电话号码错了 是13905170000", "ask_request", "朱河村四组", {"phone": "13905170000"}),
    ("等下 镇不对 是前锋不是戴楼", "ask_phone", "朱河村四组", {"town": "前锋镇"}),
    ("刚才那个村說錯了，是夾溝村", "ask_name", "朱河村四组", {"address": "夹沟村四组"}),
    ("我刚才名字打错了 应该是万俟春升", "ask_request", "朱河村四组", {"name": "万俟春升"}),
]


@pytest.mark.parametrize(("said_", "state", "address", "want"), _open(MIDWAY))
def test_a_correction_of_an_earlier_field_mid_way_is_made(dialog, said_, state, address, want):
    t = _at(dialog, state, address or "朱河村四组")
    r = t.say(said_)
    for field, value in want.items():
        assert t.data.get(field) == value, (field, text_of(r), t.data)
    open_field = state.removeprefix("ask_")
    assert t.doc["state"] == state or open_field in want, (t.doc["state"], text_of(r))
    assert said_ not in (t.data.get("description") or "")


# ---------------------------------------------------------------- class 5: a second demand at the summary

MORE_REQUESTS = [
    ("诉求再加一条 要求村里赔偿损失", "赔偿"),
    ("还有个要求 把责任人处理一下", "责任人"),
    ("诉求里再加上 以后定期检查水管", "定期检查"),
    ("再补充一个诉求：赔我家的损失", "损失"),
    ("另外希望村干部给个说法", "说法"),
    ("我还想要求把那段老管子全换掉", "老管子"),
    ("诉求加一个 追究村委会的责任", "追究"),
    ("要求再添一条 把这几天的水费免了", "水费"),
    ("除了修好 还要给我们一个书面答复", "书面答复"),
    ("訴求再加一條 要求賠償", "賠償|赔偿"),
    ("还有就是希望以后有人管", "有人管"),
]


@pytest.mark.parametrize(("said_", "word"), _open(MORE_REQUESTS))
def test_a_second_demand_at_the_summary_is_added_to_the_request(dialog, said_, word):
    t = to_summary(dialog)
    r = t.say(said_)
    req = t.data.get("request") or ""
    assert "修好" in req and any(w in req for w in word.split("|")), (text_of(r), req)
    assert t.doc["state"] == "confirm", text_of(r)
    assert said_ not in (t.data.get("description") or "")


# ---------------------------------------------------------------- class 6: a fact of the account

FACTS = [
    ("经过里有个地方说错了 不是三天 是三个礼拜了", "三个礼拜", "三天"),
    ("事情说错了一点 水管爆了不是三天是五天", "五天", "三天"),
    ("不是村东头 是村西头的水管", "村西头", "村东头"),
    ("经过写得不对 找的不是村委会 是镇水利站", "水利站", ""),
    ("时间说错了，爆了一个多月了不是三天", "一个多月", "三天"),
    ("补充一下经过：后来又找过镇上也没人管", "找过镇上", ""),
    ("还有一个情况忘说了 家里老人摔了一跤", "摔了一跤", ""),
    ("我刚才说的三天不对 应该是半个月", "半个月", "三天"),
    ("事情经过改一下：水管是上个月爆的", "上个月", ""),
    ("經過裡說錯了 是三個星期不是三天", "星期", "三天"),
    ("哦对了 爆管那天还淹了两户人家", "淹了两户", ""),
]


@pytest.mark.parametrize(("said_", "new", "old"), _open(FACTS))
def test_a_fact_corrected_or_added_at_the_summary_reaches_the_account(dialog, said_, new, old):
    t = to_summary(dialog)
    r = t.say(said_)
    desc = t.data.get("description") or ""
    assert new in desc, (text_of(r), desc)
    if old:
        assert old not in desc, desc
    assert "自来水管" in desc and t.doc["state"] == "confirm", (t.doc["state"], text_of(r))
    assert t.data.get("request") == "希望尽快把水管修好"


# ---------------------------------------------------------------- class 7: at the summary, no value

NO_VALUE = [
    ("镇选错了", "ask_town", "金南", "town", "金南镇"),
    ("镇好像不对", "ask_town", "塔集", "town", "塔集镇"),
    ("那个街道我选错了 不是这个", "ask_town", "黎城", "town", "黎城街道"),
    ("鎮選錯了", "ask_town", "前锋", "town", "前锋镇"),
    ("地址不太对", "ask_address", "朱桥村三组", "address", "朱桥村三组"),
    ("住址写得不对哦", "ask_address", "夹沟村五组", "address", "夹沟村五组"),
    ("名字写错了", "ask_name", "万俟春笙", "name", "万俟春笙"),
    ("名字有个字错了", "ask_name", "万俟春升", "name", "万俟春升"),
    ("电话号码有问题", "ask_phone", "13905170000", "phone", "13905170000"),
    ("手机号好像输错了一位", "ask_phone", "13905171111", "phone", "13905171111"),
    ("诉求写的不是我的意思", "ask_request", "要求村里赔偿损失", "request", "要求村里赔偿损失"),
]


@pytest.mark.parametrize(("said_", "asked", "value", "field", "stored"), _open(NO_VALUE))
def test_a_field_said_wrong_without_the_value_is_asked_for(dialog, said_, asked, value, field,
                                                           stored):
    t = to_summary(dialog)
    r = t.say(said_)
    assert t.doc["state"] in (asked, "ask_anonymous" if asked == "ask_name" else asked), text_of(r)
    r = t.say(value)
    assert t.data.get(field) == stored, (text_of(r), t.data)
    assert t.doc["state"] == "confirm", text_of(r)
    if field != "request":
        assert t.data.get("request") == "希望尽快把水管修好"


# ---------------------------------------------------------------- class 8: the request naming a fee or a time

REQUESTS = [
    ("查查这个收费合不合法 不合法就取缔", "取缔"),
    ("查一下这个钱该不该收 不该收就退给我们", "退给"),
    ("请有关部门核实收费标准，多收的退回来", "收费标准"),
    ("让他们把乱收的费用退了", "乱收"),
    ("查清楚这个停车费到底是谁收的", "停车费"),
    ("这个收费合不合理请物价局查一查", "物价局"),
    ("把拖了多久的维修费都算清楚", "维修费"),
    ("给个说法 凭什么要我们交这个钱", "说法"),
    ("要求免费给我们换新管子", "换新管子"),
    ("多长时间能修好给个准话 越快越好", "越快越好"),
]


@pytest.mark.parametrize(("said_", "word"), _open(REQUESTS))
def test_a_request_naming_a_fee_or_a_time_is_the_request(dialog, said_, word):
    t = to_phone(dialog)
    t.say("15861112222")
    assert t.doc["state"] == "ask_request"
    r = t.say(said_)
    assert word in (t.data.get("request") or ""), (text_of(r), t.data)
    assert t.doc["state"] == "confirm", text_of(r)


# ================================================================ round 2 (sets H, I, J)

# ---------------------------------------------------------------- class 9: a correction sent with another answer

# (the open question, what the message says, the fields it must leave)
TOGETHER = [
    ("ask_phone", "13905170000 对了名字刚才打错了 是万俟春笙", {"phone": "13905170000", "name": "万俟春笙"}),
    ("ask_phone", "名字写错了应该是万俟春升 电话是15861113333", {"phone": "15861113333", "name": "万俟春升"}),
    ("ask_request", "刚才电话说错了 是13905171234 诉求就是尽快把水管修好",
     {"phone": "13905171234", "request": "尽快把水管修好"}),
    ("ask_request", "希望赶紧修好 另外电话打错了 应该是13905176666",
     {"phone": "13905176666", "request": "希望赶紧修好"}),
    ("ask_address", "不好意思镇讲错了 是金南镇的夹沟村三组", {"town": "金南镇", "address": "夹沟村三组"}),
    ("ask_address", "镇说错了是塔集 具体在塔集镇高桥村八组", {"town": "塔集镇", "address": "高桥村八组"}),
    ("ask_name", "我叫万俟春生 刚才村子说错了 是朱桥村不是朱河村",
     {"name": "万俟春生", "address": "朱桥村四组"}),
    ("ask_phone", "１５８－６１１１－２２２２ 对了组说错了 是五组", {"phone": "15861112222", "address": "朱河村五组"}),
    ("ask_request", "电话号码不对 是一三九零五一七二二二二 要求村里赔偿损失",
     {"phone": "13905172222", "request": "要求村里赔偿损失"}),
    ("ask_name", "万俟春生 哦镇不对 是黎城街道", {"name": "万俟春生", "town": "黎城街道"}),
]


@pytest.mark.parametrize(("state", "said_", "want"), _open(TOGETHER))
def test_a_correction_sent_with_another_answer_keeps_both(dialog, state, said_, want):
    t = _at(dialog, state)
    r = t.say(said_)
    for field, value in want.items():
        assert t.data.get(field) == value, (field, text_of(r), t.data)
    assert said_ not in (t.data.get("description") or "")


# ---------------------------------------------------------------- class 10: the request corrected with its value

NEW_REQUEST = [
    ("诉求不对 不要修水管了 要村里赔我家的损失", "赔我家的损失", "修好"),
    ("诉求写错了 应该是要求村委会公开维修账目", "公开维修账目", "修好"),
    ("要求改一下 改成让自来水公司派人来修", "自来水公司", "修好"),
    ("诉求不是这个 我是想让他们把水费退了", "水费退了", "修好"),
    ("诉求换成 追究村干部的责任", "追究村干部", "修好"),
    ("俺的要求不对 不光修管子 还要赔偿", "赔偿", ""),
    ("訴求寫錯了 應該是賠償損失", "償損失|偿损失", "修好"),
    ("诉求那一条不对 是要他们给个书面答复", "书面答复", "修好"),
    ("要求弄错了，其实是想让镇上来人看看", "镇上来人", "修好"),
    ("诉求改成 把这三天的损失赔给我们", "损失赔给", "修好"),
]


@pytest.mark.parametrize(("said_", "new", "gone"), _open(NEW_REQUEST))
def test_the_request_corrected_with_its_value_at_the_summary(dialog, said_, new, gone):
    t = to_summary(dialog)
    r = t.say(said_)
    req = t.data.get("request") or ""
    assert any(w in req for w in new.split("|")) and (not gone or gone not in req), (text_of(r), req)
    assert t.doc["state"] == "confirm", text_of(r)


# ---------------------------------------------------------------- class 11: dialect at an open question

DIALECT_LATER = [
    ("ask_address", "我现在在地里忙 晚上回去再跟你港"),
    ("ask_address", "门牌号我记不得 等我家老头子回来再港"),
    ("ask_name", "俺这会在赶集 回头再港吧"),
    ("ask_phone", "电话我要问问儿子 明朝再跟你港"),
    ("ask_request", "要求啥的 我想好了再港"),
]
DIALECT_REFUSAL = [
    ("ask_address", "具体地方就不港了吧", "address"),
    ("ask_address", "哪个组俺不想港", "address"),
    ("ask_name", "名字就不港了", "name"),
    ("ask_phone", "电话就不港给你了", "phone"),
    ("ask_address", "住哪块就不港了 反正在朱河村", "address"),
]


@pytest.mark.parametrize(("state", "said_"), _open(DIALECT_LATER))
def test_a_dialect_deferral_is_no_value(dialog, state, said_):
    t = _at(dialog, state)
    before = dict(t.data)
    r = t.say(said_)
    assert t.data == before and t.doc["state"] == state, (text_of(r), t.data)
    assert any(w in text_of(r) for w in ("保存", "不着急", "不急", "回来"))


@pytest.mark.parametrize(("state", "said_", "field"), _open(DIALECT_REFUSAL))
def test_a_dialect_refusal_is_no_value(dialog, state, said_, field):
    t = _at(dialog, state)
    r = t.say(said_)
    value = t.data.get(field) or ""
    assert "港" not in value and said_ not in (t.data.get("description") or ""), (text_of(r), t.data)


# ---------------------------------------------------------------- guards: what round 1 must not take


def test_a_withdrawal_with_a_thought_is_a_cancel_not_a_deferral(dialog):
    t = to_summary(dialog)
    r = t.say("想想还是算了 我不报了 怕得罪人")
    assert t.doc["state"] == "closed", text_of(r)


def test_the_town_said_right_is_kept_when_it_is_already_held(dialog):
    t = to_summary(dialog)
    r = t.say("镇不对 不是金南镇 是戴楼街道")
    assert t.data.get("town") == "戴楼街道" and "戴楼街道" in text_of(r), text_of(r)


@pytest.mark.parametrize("said_", ["等下 我刚才镇说错了 不是戴楼 是金南镇", "哎呀 不好意思 镇说错了 是金南镇"])
def test_fillers_beside_a_correction_are_no_answer(dialog, said_):
    t = _at(dialog, "ask_address")
    t.say(said_)
    assert t.data.get("town") == "金南镇" and not t.data.get("address") and t.doc["state"] == "ask_address"


# ---------------------------------------------------------------- class 12: a refusal said with a fear (a report)

from tests.dialogs.test_understand_qa14h import at_report_name

ANON_NAME = [
    "俺怕他们知道了报复俺 能不写名字吗",
    "我怕被打击报复 名字能不能不写",
    "名字就别写了吧 怕村里晓得是我",
    "能匿名吗 我怕他找我麻烦",
    "不写名字行不行 怕被人记恨",
    "我不敢留名字 他们家人多",
]
ANON_PHONE = [
    "不留 俺怕被报复",
    "电话不留了 怕他们找上门",
    "不给了 怕被人知道",
    "号码就算了吧 我怕",
    "不想留 万一泄露了麻烦",
    "电话能不留吗 怕被打击报复",
]


@pytest.mark.parametrize("said_", _open(ANON_NAME))
def test_a_fear_at_the_name_of_a_report_takes_anonymity(dialog, said_):
    t = at_report_name(dialog)
    r = t.say(said_)
    assert t.data.get("anonymous") is True and not t.data.get("name"), (text_of(r), t.data)
    assert t.doc["state"] == "ask_phone", text_of(r)


@pytest.mark.parametrize("said_", _open(ANON_PHONE))
def test_a_fear_at_the_phone_of_an_anonymous_report_is_accepted(dialog, said_):
    t = at_report_name(dialog)
    t.say("匿名")
    assert t.doc["state"] == "ask_phone"
    r = t.say(said_)
    assert t.data.get("phone") == "" and t.doc["state"] != "ask_phone", (text_of(r), t.data)


# ---------------------------------------------------------------- class 13: a call back wished, with the phone

CALLBACK = [
    "还是想让工作人员打个电话跟我说清楚 我电话18751234567",
    "让你们的人给我回个电话吧 13905171111",
    "麻烦工作人员打我这个号 15861119999",
    "我想直接跟人说 打18912345678就行",
    "有人能打电话给我吗 我号码是13812340000",
    "请你们领导给我回电 电话17712345678",
    "打这个电话找我 一五八六一一一八八八八 最好有人跟我讲讲",
    "我的电话13605170000 工作人员直接打过来说吧",
    "你们那边来个人电话联系我 19951234567",
    "想要个真人回电话 号码15151234567",
]


@pytest.mark.parametrize("said_", _open(CALLBACK))
def test_a_call_back_wished_with_the_phone_takes_the_phone(dialog, said_):
    t = to_phone(dialog)
    r = t.say(said_)
    assert t.data.get("phone") and t.doc["state"] != "handoff", (text_of(r), t.data)


# ---------------------------------------------------------------- class 14: a choice question about the intake at a field question

CHOICE_QUESTIONS = [
    ("ask_name", "俺是替俺娘反映的 名字写她的还是写俺的"),
    ("ask_name", "我帮邻居登记的 写我的名字还是他的"),
    ("ask_name", "替我爸反映 名字写谁的"),
    ("ask_phone", "我是替老人反映的 电话留我的还是留他的"),
    ("ask_phone", "帮我妈登记 号码写谁的"),
    ("ask_name", "这是替亲戚反映的 写他的名字还是我的"),
    ("ask_phone", "替我老伴登记的 留我手机还是她手机"),
    ("ask_name", "我替父母反映 名字写谁"),
    ("ask_phone", "材料照片是现在发还是提交以后补充"),
    ("ask_name", "證件要不要帶 還是到時候再說"),
]


@pytest.mark.parametrize(("state", "said_"), _open(CHOICE_QUESTIONS))
def test_a_choice_question_about_the_intake_is_answered_and_nothing_stored(dialog, state, said_):
    t = _at(dialog, state)
    before = dict(t.data)
    r = t.say(said_)
    assert t.data == before and t.doc["state"] == state, (text_of(r), t.data)
    assert said(dialog, r, "faq_process"), text_of(r)
