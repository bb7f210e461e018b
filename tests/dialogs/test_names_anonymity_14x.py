"""Names and anonymity (issue 14, eighth session, engineer 14x). Own wordings, written before
the fix and as unlike the testers' sentences as we could make them: elderly and Jianghuai
register, Henan and Shandong migrants, voice input without punctuation, WeChat style, a typo,
traditional characters. Counts before and after are in the README's "Issue 14, round 8 (14x)".

1. a name inside a run-on opening (我是…的X / 我叫X with the story glued on, no comma): read,
   and the name question never asked;
2. a name given in a sentence at the name question (那就写X吧 / 登记X就行 / 写俺的名 X), after a
   refusal or not: taken, never asked again;
3. a surname described by its parts (竹字头底下一个旦, 上面一个处下面一个日) before the full name:
   the full name, not the surname alone;
4. the surname of someone the citizen reports or complains about (…的会计 姓钱) is not the
   citizen's: the name is still asked as a name;
(Anonymity said with the matter or a value, 匿名举报 + what happened, moved to engineer 14cmd.)
"""

from __future__ import annotations

import pytest

from tests.dialogs.fakes import Talk
from tests.dialogs.test_run_on_voice_14u import told
from tests.dialogs.test_understand_qa14m import answer_until, opened

# ---------------------------------------------------------------- class 1: a name in a run-on opening

# (the opening, dictated in one breath, the name in it)
RUN_ON_NAMES = [
    ("你好我是银涂镇高庄村养鱼的孙广明承包了八十亩鱼塘今年上游化工厂偷排废水鱼死了一大半找环保局来看过到现在没处理",
     "孙广明"),
    ("喂同志我是前锋镇的退休教师吴淑芬退休工资这半年每个月少发三百多块问了教育局说是政策调整可别人都没少",
     "吴淑芬"),
    ("我是黎城街道开出租车的严德海上个月在客运站门口被城管扣了车罚了两千说我违停可那里根本没有禁停标志", "严德海"),
    ("俺是河南来打工的耿小军干了八个月的活老板一分钱没给说等工程款下来再说到现在人都找不着了", "耿小军"),
    ("我是金湖縣塔集鎮的養蝦戶鄭春生蝦塘邊上的堤壩去年冬天塌了一段報給水利站到現在也沒人來修", "郑春生"),
    ("在吗我是金南镇菜市场卖菜的胡秀莲摊位费去年一个月一百今年一下涨到四百市场管理处说是上面定的", "胡秀莲"),
    ("俺是山东临沂嫁过来的媳妇俺叫房玉梅男人去年在工地上摔伤了腰老板给了五千块钱就再也不管了", "房玉梅"),
    ("我是吕良镇渔业村的渔民陶德贵去年禁捕退捕的补偿款说好三万到手只有一万八问村里说是扣了管理费", "陶德贵"),
    ("你们好我是金北街道环城社区的杭建华楼上邻居装修把我家卫生间顶上弄漏了找他赔他不理物业也不管", "杭建华"),
    ("同志啊我是戴楼街道种西瓜的葛玉琴五亩西瓜叫人一夜之间全砍了派出所立了案到现在一点动静都没有", "葛玉琴"),
    ("我是塔集镇闵桥村的五保户严长顺八十三了住的老屋漏雨漏得没法住村里说没钱修叫我自己想办法", "严长顺"),
]


@pytest.mark.parametrize(("opening", "name"), RUN_ON_NAMES)
def test_a_name_in_a_run_on_opening_is_read_and_never_asked(dialog, opening, name):
    t, asked = told(dialog, opening)
    assert t.data.get("name") == name, (t.data.get("name"), asked)
    assert "name" not in asked, asked


# ---------------------------------------------------------------- class 2: a name said in a sentence

LAMP = "我们庄子东头那座小桥的栏杆断了半年了 小孩上学天天走 掉下去怎么办 跟村里讲了没人修"

# (a refusal first or not, the answer at the name question, the name)
SENTENCE_NAMES = [
    ("", "那就写管秀珍吧", "管秀珍"),
    ("名字就不说了吧", "行吧 你写我名字 季长海", "季长海"),
    ("", "好吧好吧 登记戚玉兰就行", "戚玉兰"),
    ("不留名行不行", "名字写蒯建平吧 别的不说了", "蒯建平"),
    ("", "中 写俺的名 苗凤霞", "苗凤霞"),
    ("我不想留名字", "那记一下 滕国华", "滕国华"),
    ("", "嗯嗯 那就用真名吧 柯志远", "柯志远"),
    ("名字就算了", "寫我名字吧 卞桂英", "卞桂英"),
    ("", "那就填宦家宝", "宦家宝"),
    ("这个就不用写名字了吧", "好吧那你记上单秀芝", "单秀芝"),
    ("", "你就写个冉光明 我儿子帮我打的字", "冉光明"),
]


def said_at_name(dialog, refusal: str, said: str) -> Talk:
    """LAMP told, questions answered up to the name's; there the refusal (if any), then `said`."""
    t = opened(dialog, LAMP)
    answer_until(t, {"name"}, town="塔集镇", address="塔集镇高桥村五组")
    if refusal:
        t.say(refusal)
    t.say(said)
    return t


@pytest.mark.parametrize(("refusal", "said", "name"), SENTENCE_NAMES)
def test_a_name_said_in_a_sentence_at_the_name_question_is_taken(dialog, refusal, said, name):
    t = said_at_name(dialog, refusal, said)
    assert t.data.get("name") == name, t.data.get("name")
    assert t.results[-1].expecting != "name", t.results[-1].expecting


# ---------------------------------------------------------------- class 3: a surname by its parts

# (the answer at the name question, the full name)
SURNAME_PARTS = [
    ("我姓蔺 草字头下边一个门 叫蔺春华", "蔺春华"),
    ("免贵姓昝 上面一个处下面一个日 名字叫昝立新", "昝立新"),
    ("姓亓 上面一个二下面一个儿 叫亓红梅", "亓红梅"),
    ("俺姓逄 走之旁里头一个丰 叫逄金山", "逄金山"),
    ("我姓郗 左边一个希右边一个耳朵 叫郗文军", "郗文军"),
    ("姓甯 宝盖头底下一个心 我叫甯国庆", "甯国庆"),
    ("我姓隗 耳朵旁一个鬼 名字叫隗小燕", "隗小燕"),
    ("俺姓禚 示字旁加一个着 叫禚长征", "禚长征"),
    ("姓闫 门字框里头一个三 叫闫丽娜", "闫丽娜"),
    ("我姓訾 上头一个此底下一个言 叫訾红军", "訾红军"),
    ("我姓冮 三点水旁边一个工 叫冮海波", "冮海波"),
]


@pytest.mark.parametrize(("said", "name"), SURNAME_PARTS)
def test_a_surname_described_by_its_parts_keeps_the_full_name(dialog, said, name):
    t = said_at_name(dialog, "", said)
    assert t.data.get("name") == name, t.data.get("name")
    assert t.results[-1].expecting != "name", t.results[-1].expecting


# ---------------------------------------------------------------- class 4: someone else's surname

# (an opening naming, by surname, the person complained about)
OTHERS_SURNAME = [
    "我要反映我们村的会计 姓钱 低保名额都给他亲戚了",
    "举报镇上市场管理所一个收费的 男的 姓鲍 收摊位费从来不给票",
    "隔壁开饭店的老板姓车 天天半夜往河里倒泔水 臭得不行",
    "俺们那个包工头姓雷 欠了俺们五个人三个月工钱不给",
    "派出所有个民警 姓房 处理我家纠纷的时候明显偏向对方",
    "小区物业经理姓麻 停车费一年涨了三次 业主不同意也照涨",
    "我们班主任姓柴 天天叫孩子们去他亲戚开的店里买资料",
    "村里有个干部，姓伍，拿着公家的车天天接送自己孩子上学",
    "那個收費員姓莊 每次過橋都多收我們五塊錢",
    "举报一下土管所的工作人员 姓殷的 帮人违规批宅基地 收了好处",
    "我们村支书姓祁仗着有关系把村里的鱼塘低价承包给他小舅子",
]


@pytest.mark.parametrize("opening", OTHERS_SURNAME)
def test_the_reported_persons_surname_is_not_the_citizens(dialog, opening):
    t = Talk(dialog)
    t.say(opening)
    t.say("同意")
    assert not t.data.get("name"), t.data.get("name")
    t2, asked = told(dialog, opening)
    assert t2.data.get("name") == "柏玉兰", (t2.data.get("name"), asked)


# ---------------------------------------------------------------- second batch, written after the fix

# Not looked at while fixing: the honest figure of how far the fix generalises (README, 14x):
# 7 of 9 passed unchanged; the two others are marked.
SECOND = pytest.mark.xfail(strict=True, reason="second batch, written after the fix: not read so yet")
SECOND_RUN_ON = [
    ("我是金北街道城南社区开小超市的龚春燕隔壁烧烤店天天半夜还在营业油烟全往我家窗户里钻", "龚春燕"),
    ("喂喂我是前锋镇白马湖村搞大棚的包国庆今年买的化肥是假的黄瓜苗全死了找农资店不认账", "包国庆"),
    pytest.param("俺是安徽天长过来的在金湖跑货运的牛建军上礼拜车子被交警扣了说是超载可俺过了磅的", "牛建军",
                 marks=SECOND),  # (two 的: where one is from, then what one does)
]


@pytest.mark.parametrize(("opening", "name"), SECOND_RUN_ON)
def test_second_batch_run_on_name(dialog, opening, name):
    test_a_name_in_a_run_on_opening_is_read_and_never_asked(dialog, opening, name)


SECOND_SENTENCE = [
    ("姓名不方便说", "唉 那就登上我的真名吧 汤海燕", "汤海燕"),
    pytest.param("", "你帮我填个鲁红英就行了", "鲁红英", marks=SECOND),  # (就行了: 了 after 就行)
]


@pytest.mark.parametrize(("refusal", "said", "name"), SECOND_SENTENCE)
def test_second_batch_sentence_name(dialog, refusal, said, name):
    test_a_name_said_in_a_sentence_at_the_name_question_is_taken(dialog, refusal, said, name)


SECOND_PARTS = [
    ("我姓璩 王字旁右边一个豦 叫璩美玲", "璩美玲"),
    ("免贵姓厍 广字头里面一个车 名叫厍宝林", "厍宝林"),
]


@pytest.mark.parametrize(("said", "name"), SECOND_PARTS)
def test_second_batch_parts(dialog, said, name):
    test_a_surname_described_by_its_parts_keeps_the_full_name(dialog, said, name)


SECOND_OTHERS = [
    "镇卫生院有个医生，姓滕的，看病不开票 只收现金",
    "我们小区门口修车的师傅 姓鄢 天天把车停在消防通道上",
]


@pytest.mark.parametrize("opening", SECOND_OTHERS)
def test_second_batch_others_surname(dialog, opening):
    test_the_reported_persons_surname_is_not_the_citizens(dialog, opening)


# ---------------------------------------------------------------- round 2 (the lead's additions, 01:02-01:32)
# Own wordings for the classes the lead saw, written before the fix: 7/22 passed before, 22/22 after.

# A character named by its radical and itself (草字头那个X), between the surname and the full name:
# the full name, and nothing of it in the account.
RADICAL_THAT = [
    ("我姓范 草字头那个范 叫范秀英", "范秀英"),
    ("免贵姓汪 三点水那个汪 名字叫汪德才", "汪德才"),
    ("俺姓何 单人旁的何 叫何长贵", "何长贵"),
    ("姓蔡 草字头底下那个蔡 我叫蔡玉兰", "蔡玉兰"),
    ("我姓沈 三點水的那個沈 叫沈春來", "沈春来"),
]


@pytest.mark.parametrize(("said", "name"), RADICAL_THAT)
def test_a_character_named_by_its_radical_keeps_the_full_name_out_of_the_account(dialog, said, name):
    test_a_surname_described_by_its_parts_keeps_the_full_name(dialog, said, name)


# A surname with a title, put down as an instruction (那就写卞先生吧), and 姓 + 老汉/大妈: the
# surname-only name the explanation offers, taken and not asked again.
TITLED = [
    ("名字非要写吗", "那就写祁先生吧", "祁先生"),
    ("", "就写个麻女士", "麻女士"),
    ("我不想说名字", "那你写个房阿姨吧", "房阿姨"),
    ("", "管老汉", "管老汉"),
    ("", "叫俺吕大妈就中", "吕大妈"),
]


@pytest.mark.parametrize(("refusal", "said", "name"), TITLED)
def test_a_surname_with_a_title_is_taken_as_given(dialog, refusal, said, name):
    t = said_at_name(dialog, refusal, said)
    assert t.data.get("name") == name, t.data.get("name")
    if refusal:  # (the explanation offered a surname only: taken, never asked again)
        assert t.results[-1].expecting != "name", t.results[-1].expecting


# 我是…的 + what one is + 叫X, with or without a pause (the q01 class with a role before 叫).
ROLE_CALLED = [
    ("我是塔集镇高桥村的老会计叫缪长福今年村里账目一直不公开去问也不给看", "缪长福"),
    ("俺是前锋镇的养猪户 叫臧德明 猪场边上新开了个石料厂天天放炮", "臧德明"),
    ("我是金南镇中心小学的代课老师叫宁晓燕工资已经三个月没发了", "宁晓燕"),
    ("我是银涂镇的退伍军人叫邰国平优抚金今年少发了两个月", "邰国平"),
]


@pytest.mark.parametrize(("opening", "name"), ROLE_CALLED)
def test_a_name_after_what_one_is_and_jiao_is_read(dialog, opening, name):
    test_a_name_in_a_run_on_opening_is_read_and_never_asked(dialog, opening, name)


# Someone writing for a relative gives both names at the name question: the writer's own name is
# registered (the relative's stays a fact of the matter).
WRITER = [
    ("我奶奶叫钮桂香 我是她孙女 钮佳慧", "钮佳慧"),
    ("我父亲叫沙德兴 我是他儿子 我叫沙立伟", "沙立伟"),
    ("老人叫宁秀珍 我是她隔壁邻居 叫贝红梅", "贝红梅"),
    ("俺娘叫訾凤兰 俺是她闺女 訾小燕", "訾小燕"),
]


@pytest.mark.parametrize(("said", "name"), WRITER)
def test_the_writers_own_name_is_registered(dialog, said, name):
    t = said_at_name(dialog, "", said)
    assert t.data.get("name") == name, t.data.get("name")


# Where one comes from and what one does (俺是山东过来在这边包鱼塘的) is no name: the name is asked,
# and the account keeps its first words.
PROVENANCE = [
    ("俺是河南过来在这边收废品的 收购站的老板压秤 一百斤只算八十斤", "收购站"),
    ("我是安徽过来在金湖开饭店的 门口的下水道堵了一个月 污水流到店里", "下水道"),
    ("俺是山东嫁过来在村里种菜的 菜地被邻居家的鸭子糟蹋光了 说了也不管", "菜地"),
    ("我是江西过来在这边打工的 宿舍楼的电线老化 上个月还起过火", "电线"),
]


@pytest.mark.parametrize(("opening", "kept"), PROVENANCE)
def test_where_one_comes_from_is_no_name(dialog, opening, kept):
    t, asked = told(dialog, opening)
    assert "name" in asked and t.data.get("name") == "柏玉兰", (t.data.get("name"), asked)
    assert kept in (t.data.get("description") or ""), t.data.get("description")
