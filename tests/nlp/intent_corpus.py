"""Builds the labelled utterance corpus of the turn-understanding model.

    .venv/bin/python -m tests.nlp.intent_corpus      # writes config/nlp/intents/{train,test}.csv

(and the clause corpus of tests/nlp/clause_corpus.py: config/nlp/intents/clauses_{train,test}.csv)

Rows: text, expecting (the question the bot had asked, or empty), label (one of
nlp.understanding.LABELS), detail (the field of an answer/correction/refusal, the topic of a
process question, the command). tests/nlp/test_intent_corpus.py checks that the committed files
are what this script writes.

Honesty of the test split: every class has its own templates, and every fourth template (by
position) is held out for test.csv, together with half of the slot fillers (names, villages,
phones, story facts); test.csv also gets hand-written turns no template produced
(HANDWRITTEN_TEST). Registers (elderly, dialect-flavoured, traditional characters, voice input
without punctuation, typos) are applied to both splits with a seeded random generator.
"""

from __future__ import annotations

import csv
import io
import random
import re
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT_DIR = ROOT / "config" / "nlp" / "intents"
SEED = 20261207

FIELDS = ("description", "town", "address", "name", "anonymous", "phone", "request")
ANY_EXPECTING = ("", "description", "town", "address", "name", "phone", "request", "confirm",
                 "anonymous")

# ------------------------------------------------------------------------------------ fillers
TOWNS = ["黎城街道", "黎城", "戴楼街道", "戴楼", "金北街道", "金北", "陈桥", "金南镇", "金南", "塔集镇",
         "塔集", "闵桥", "银涂镇", "银涂", "银集", "涂沟", "前锋镇", "前锋", "吕良镇", "吕良", "陈桥镇",
         "闵桥镇", "银集镇", "涂沟镇"]
VILLAGES = ["建设村", "新华村", "红旗村", "幸福村", "和平村", "东湖村", "西湖村", "三河村", "复兴村",
            "光明社区", "育才社区", "城南社区", "金湖花园", "阳光小区", "人民新村", "荷花苑", "同心村",
            "前进村", "胜利村", "蒋桥村", "朱河村", "高桥村", "夹沟村", "横桥村", "白马湖村",
            "利农社区", "桥东社区", "衡阳路", "健康路", "环城西路", "工园路", "金湖路"]
GROUPS = ["一组", "二组", "三组", "四组", "五组", "六组", "七组", "八组", "九组", "十组", "十二组"]
ROAD_NUMBERS = ["18号", "25号", "106号", "3号", "77号", "201号"]
BUILDINGS = ["3栋2单元", "5号楼", "12幢", "7栋401", "2单元302室"]
LANDMARKS = ["镇政府旁边", "菜市场对面", "学校门口", "卫生院后面", "加油站边上", "大桥下面", "老街东头",
             "村部西边", "汽车站附近", "粮站那块"]

GIVEN = ["建国", "秀英", "桂英", "明", "伟", "志强", "春花", "小红", "德福", "玉兰", "国庆", "海燕",
         "红梅", "大海", "长林", "凤英", "有才", "文华", "晓东", "翠兰", "金龙", "美玲", "家宝", "永胜",
         "兰芳", "俊", "平", "丽", "军", "霞", "守田", "二柱", "宝山", "素珍"]
SURNAMES_COMMON = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡")
SURNAMES_RARE = list("訾昝缪邴隗郗逄璩阚殳厍乜蒯笪佴谯冼庹禤仝粟揭甯郇菅郄谌綦") + [
    "欧阳", "上官", "司马", "诸葛", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯",
    "令狐", "端木", "独孤", "南宫", "钟离", "第五", "万俟", "亓官", "澹台", "呼延", "闻人", "东方"]


def _names(rng: random.Random, surnames: list[str], n: int) -> list[tuple[str, str]]:
    out = []
    for _ in range(n):
        s = rng.choice(surnames)
        g = rng.choice(GIVEN)
        if len(s) == 2 and len(g) == 2 and rng.random() < 0.5:
            g = g[:1]
        out.append((s, s + g))
    return out


_SPOKEN_DIGITS = {"0": ["零", "〇", "洞"], "1": ["一", "幺"], "2": ["二", "两"], "3": ["三"],
                  "4": ["四"], "5": ["五"], "6": ["六"], "7": ["七", "拐"], "8": ["八"],
                  "9": ["九", "勾"]}


def _phone(rng: random.Random) -> str:
    if rng.random() < 0.15:
        number = "0517" + str(rng.choice([8, 6])) + "".join(rng.choice("0123456789")
                                                             for _ in range(7))
    else:
        number = rng.choice(["13", "15", "18", "17", "19"]) + "".join(
            rng.choice("0123456789") for _ in range(9))
    style = rng.random()
    if style < 0.35:
        return number
    if style < 0.5:
        return f"{number[:3]} {number[3:7]} {number[7:]}"
    if style < 0.6:
        return f"{number[:3]}-{number[3:7]}-{number[7:]}"
    if style < 0.68:
        return number.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    spoken = "".join(rng.choice(_SPOKEN_DIGITS[d]) for d in number)
    if rng.random() < 0.5:
        spoken = f"{spoken[:3]} {spoken[3:7]} {spoken[7:]}"
    return spoken


# Story facts: (what happened, thin version). Split in halves by position.
FACTS = [
    "门口那条沟又黑又臭，夏天蚊子成堆", "村里的路坑坑洼洼，下雨天根本走不了人", "隔壁厂子半夜排黑烟，呛得人睡不着",
    "老板欠了我们八个人三个月工资一直不给", "我家的低保去年突然被取消了，也没人说为什么",
    "小区物业乱收停车费，一个月涨到三百", "村干部把集体的地私下租给外地老板", "河里有人电鱼，鱼都死光了",
    "邻居盖房子占了我家的宅基地", "孩子上学要走五公里，校车说停就停", "卫生院的医生态度很差，还乱开药",
    "菜市场有人短斤缺两，一斤秤少二两", "路灯坏了半年了，晚上黑灯瞎火的", "拆迁款到现在还差两万没给到位",
    "养殖场的粪水直接排到河里", "工地晚上十二点还在打桩", "我在超市买的牛奶过期了，店里不给退",
    "医保报销跑了三趟都没办下来", "村里的自来水发黄，烧开了还有沉淀", "承包的鱼塘被人强行放水",
    "公交车到我们村一天就一班", "学校乱收补课费，不交的孩子被点名", "农田里的灌溉渠堵了，秧苗都快干死了",
    "我家的房子被鉴定成危房，可补助一直没下来", "饭店把油烟直接排到我家窗户上", "楼上漏水泡了我家天花板，物业不管",
    "我们十几个工人被包工头拖欠工钱", "村里修路的钱不公开，大家都有意见", "有人在河堤上挖沙，堤都快挖空了",
    "我父亲的养老金这个月没到账", "退役军人的补贴一直没发", "小区门口的下水道天天冒污水",
    "有人在村口烧垃圾，烟熏得老人咳嗽", "村里的垃圾好几天没人来拉，臭得不行", "驾校收了钱不给安排考试",
    "镇上的公厕一直锁着门", "我的土地确权证上面积少了两亩", "网吧让未成年人进去上网",
    "药店卖的药价格比别的地方贵一倍", "家门口的电线杆歪了，随时要倒", "物业费收了，电梯坏了三个月没人修",
    "村里的老桥裂缝很大，车还天天走", "我们小区的消防通道被车堵死了", "村里给的补贴名单里有干部亲戚",
    "施工队把我家门前的路挖断了不修", "化工厂的味道特别冲，晚上更厉害", "店里卖假化肥，庄稼全烧死了",
    "我在厂里受了工伤，老板不给报", "孩子的学籍被弄错了，转学转不了", "村里的广场舞音响太大，吵到半夜",
]
THIN = ["门口那条沟又黑又臭", "路太烂了", "工资没拿到", "低保被取消了", "太吵了", "水有问题", "被人欺负了",
        "物业不管事", "补贴没发", "房子漏水", "污染严重", "钱被骗了", "地被占了", "那个厂子排污"]
SINCE = ["去年开始就这样", "已经半年多了", "从上个月到现在", "三月份开始的", "都好几年了", "最近一个礼拜",
         "前天晚上", "今年春节后"]
TRIED = ["找过村里，没人管", "打过12345也没用", "跟镇上反映过两次", "找老板要了好几次", "物业说不归他们管",
         "去镇政府问过，让我等", "村干部说没办法"]
FEEL = ["实在没办法了", "心里很着急", "大家都很气愤", "日子过不下去了", "老人孩子受不了"]

# What a citizen asks for, as said inside a story (我的要求是…, 希望能…).
ASKS = ["督促厂家尽快整改", "让他们晚上停工", "把拖欠的工资发下来", "尽快把路修好", "查一查这笔钱去哪了",
        "把垃圾清走", "给个说法", "恢复我家的低保", "处理一下噪音", "把占的地还回来", "派人来看看",
        "让物业把电梯修好", "退还多收的钱", "公开村里的账目"]
# Things a citizen wants cancelled that are not this report (取消 about something else).
WRONG_THINGS = ["不该吃的低保", "乱收的卫生费", "多收的水费", "那个不合理的收费", "村里乱加的摊派",
                "违规发的补贴", "停车费", "这个罚款", "那笔集资", "他们家的贫困户资格"]

CONSULT_TOPICS = [
    "独生子女奖励", "农村养老保险", "低保", "高龄津贴", "残疾人补贴", "失业金", "耕地地力补贴", "医保",
    "宅基地审批", "退役军人优待证", "廉租房", "困难补助", "临时救助", "城乡居民医保", "新生儿落户",
    "社保转移", "公积金提取", "农房改造补贴", "危房改造", "老年证", "居住证", "灵活就业社保",
    "养老金", "生育津贴", "创业贷款", "粮食补贴", "农机补贴", "退休手续", "工伤认定", "残疾证",
    "五保", "特困供养", "大病救助", "独生子女费", "医疗救助", "助学金", "义务兵优待金", "土地流转费",
    "拆迁补偿标准", "户口迁移", "不动产证", "营业执照", "医保异地报销", "电动车上牌",
]


# ------------------------------------------------------------------------------------ templates
# Every template is a function (rng, fill) -> text, or a format string with {placeholders}.
Template = str


def _fill(rng: random.Random, template: str, pool: dict[str, list]) -> str:
    def one(m: re.Match[str]) -> str:
        key = m.group(1)
        return str(rng.choice(pool[key]))

    return re.sub(r"\{(\w+)\}", one, template)


STORY = [
    "{fact}", "{fact}，{since}", "{fact}，{tried}", "{greet}{fact}，{since}，{tried}",
    "我要反映个事，{fact}", "我们{village}{fact}", "{town}{village}这边{fact}，{since}",
    "{fact}。{tried}。{feel}", "领导你好，{fact}，希望你们管一管", "是这样的，{fact}",
    "{thin}", "{thin}，{since}", "说个事情，{thin}", "{fact}，{feel}", "还有就是{fact}",
    "对了，{fact}", "情况是这样，{fact}，{tried}，{feel}", "{since}，{fact}",
    "我想反映一下，{fact}", "{thin}，{tried}", "我家那边{thin}", "{fact}，一直没人处理",
    "举报一下，{fact}", "投诉，{fact}", "{greet}{thin}", "补充一点，{fact}",
    "另外{fact}，{since}", "{fact}，我们找了好多地方", "{town}那边{thin}", "反映问题：{fact}",
    "求助，{fact}，{feel}", "麻烦问下能不能管管，{fact}", "{fact}，{since}，{feel}",
    "我是{town}的，{fact}", "事情是{fact}", "我们那里{thin}，{since}", "{fact}，现在还是这样",
    "{village}{group}{thin}", "前几天{fact}", "{fact}，{tried}，到现在也没个结果",
    "我要投诉{town}的事，{fact}", "{since}{thin}", "{fact}，谁来管管", "主要是{fact}",
    "{fact}，说好的事情都不算数", "我家{thin}，{tried}", "{fact}。{since}。", "是关于{thin}的事，{fact}",
    # issue 14 QA: letters with a request clause, 取消/算了 about something else, facts after
    # "that's all" words (each fourth of these is held out like the rest)
    "{fact}。我的要求是：{ask}", "{greet_letter}{fact}，{since}。诉求是{ask}。谢谢！",
    "{fact}，希望能{ask}", "{fact}，我们希望{ask}，麻烦你们了", "应该把{wrong}取消掉，{fact}",
    "{fact}，我觉得{wrong}早就该取消了", "他们说取消就取消了，{thin}", "村里把{wrong}取消了也不说一声",
    "算了不说别的了，{fact}", "我本来想算了，可是{fact}", "就这些，对了{fact}", "没了，还有{thin}",
    "{fact}，就这些", "{greet_letter}{fact}。此致敬礼", "{fact}，请有关部门{ask}", "{since}，{wrong}被他们取消了",
]
CONSULT = [
    "{topic}怎么申请", "请问{topic}一个月能领多少", "想打听个{topic}的事", "{topic}去哪里办",
    "{topic}需要什么条件", "我想问问{topic}的政策", "{topic}什么时候发", "我这个情况能不能办{topic}",
    "咨询一下{topic}", "问一下，{topic}要带什么材料", "{topic}在网上能办吗", "{topic}的标准是多少",
    "{topic}办下来要多久", "我{age}了，能不能领{topic}", "{topic}断缴了怎么补", "哪个部门管{topic}",
    "请问{topic}是到镇上还是县里办", "{topic}的钱打到哪张卡上", "打听一下{topic}怎么算",
    "{topic}有没有年龄限制", "{topic}今年标准涨了没有", "我家老人能享受{topic}吗", "{topic}要本人去吗",
    "外地户口能办{topic}吗", "{topic}是按月发还是按年发", "{topic}停发了还能恢复吗", "{topic}要交多少钱",
    "{topic}的申请表在哪拿", "{topic}可以代办吗", "请教一下{topic}的事", "想了解{topic}怎么弄",
    "问个事，{topic}找谁", "{topic}过期了怎么办", "{topic}能一次性领吗", "{topic}网上怎么查",
    "{topic}的政策变了吗", "{topic}审核要几个环节", "{topic}跟{topic2}能同时拿吗", "我符合{topic}的条件吗",
    "听说有{topic}，是真的吗", "{topic}哪天开始申请", "{topic}每年都要重新办吗", "{topic}怎么续",
    "办{topic}要不要村里盖章", "请问下{topic}咋办理", "{topic}到账了怎么查", "{topic}多大年纪能领",
]
# A danger told with a worry about what it may do (…砸到人怎么办, 万一掉下去咋办): a matter to be
# handled, not a question about a policy (issue 14, round p). Composed: hazard x harm x worry.
HAZARDS = ["门口那根电线杆歪得厉害", "村口的井盖丢了好几天了", "那间危房的墙裂了好大一条缝", "河边的护栏倒了一大截",
           "路边那棵大树歪在电线上", "路中间塌了个大坑", "变电箱的门一直开着，电线都露在外面", "高压线垂得很低",
           "堤坝有好几处在渗水", "楼顶的广告牌锈得快掉下来了", "桥上的栏杆断了", "楼道里堆满了电动车在充电",
           "工地的围挡倒在人行道上", "小区里一股煤气味", "学校门口的大货车开得飞快", "脚手架晃晃悠悠的没人管",
           "变压器天天冒火星", "塘埂子被人挖空了", "老街的电线乱拉乱接", "水库的闸门锈死了打不开"]
HARMS = ["砸到人", "小孩掉下去", "塌下来", "撞到孩子", "有人掉河里", "着火了", "出了人命", "触电了", "车翻下去",
         "淹了庄稼", "伤着老人", "出大事", "倒下来压着人", "炸了"]
WORRIES = ["怎么办", "咋办", "咋整", "怎么搞", "可咋弄", "咋个办", "怎么得了", "算谁的", "可怎么办", "咋弄哦"]
HARM_LEADS = ["", "", "万一", "要是", "到时候", "哪天"]
HAZARD_WORRY = [
    "{hazard}，{hlead}{harm}{worry}", "{hazard}，一直没人来弄，{hlead}{harm}{worry}",
    "我们{village}{hazard}，{hlead}{harm}{worry}啊", "{hazard}，{tried}，{hlead}{harm}{worry}",
    "{greet}{hazard}，{hlead}{harm}了{worry}", "{hazard}，孩子天天从那过，{hlead}{harm}{worry}",
    "{hazard}，{harm}了{worry}？", "{hazard}，真要是{harm}{worry}", "{town}{village}{hazard}，{hlead}{harm}{worry}",
    "{hazard}，老人孩子都害怕，{hlead}{harm}{worry}呢", "反映个事，{hazard}，{hlead}{harm}{worry}",
    "{hazard}，天天提心吊胆的，{hlead}{harm}{worry}哦",
]
# A person asked for by what they can do or decide (an official, someone who can talk, decide),
# or only such a person trusted (issue 14, round p). Composed: lead x who x act.
DECIDERS = ["书记", "镇长", "你们局长", "当官的", "能做主的人", "说了算的", "你们头儿", "能说话的人", "管用的人",
            "村支书", "信访局长", "能拍板的"]
DECIDER_TEMPLATES = [
    "我只跟{decider}说", "{decider}出来一个，{pers_act}", "叫个{decider}来，{pers_act}", "叫{decider}来跟我谈",
    "我要见{decider}", "让{decider}{pers_act}", "{decider}呢，我要跟他说", "我不跟你说了，找{decider}来",
    "我只信{decider}，{pers_act}", "把{decider}叫出来", "你做不了主，找{decider}{pers_act}", "换{decider}来跟我讲",
]
# …and when a service comes, asked with how long one has waited (a question, not yet a grievance).
CONSULT_WHEN = ["我想问问{topic}到底什么时候能办下来，{since}", "{topic}什么时候能发下来，说了好久了",
                "请问{topic}到底啥时候能落实，等了好几年了", "想问一下{topic}什么时候有消息，一直在等",
                "问问{topic}啥时候能批下来 都等了大半年了", "我想打听下{topic}到底哪天能到位，说了好几回了"]
PROCESS = {
    "privacy": ["我说的会不会被别人看到", "我的名字会不会被村里知道", "你们会不会把我的电话给被举报的人",
                "信息会泄露吗", "这个保密吗", "反映的内容谁能看到", "我举报了会不会被报复",
                "你们会告诉镇上是我说的吗", "我的个人信息安全吗", "会不会有人知道是我反映的",
                "别人能查到我的名字吗", "我讲的这些会传出去吗", "我的信息你们给谁看",
                "说了以后村干部会知道吗", "被举报的人会看到我的电话吗", "聊天记录会公开吗",
                "我怕被打击报复，你们保密吗", "我的身份会不会暴露", "资料会不会被泄露出去",
                "你们能保证不说出去吗"],
    "needed": ["这个要填哪些东西", "都需要提供什么", "需要身份证吗", "要不要上传照片", "还要填什么",
               "要准备什么材料", "为什么要问我的名字", "你们要我电话干嘛", "为什么要地址",
               "一定要写诉求吗", "要写哪些内容", "还需要我说什么", "我要提供哪些信息",
               "反映问题都要写啥", "要不要把合同发过来", "还缺什么吗", "要留什么信息",
               "为啥要写地址", "问名字有什么用", "需不需要证明材料", "你们要知道哪些情况"],
    "time": ["要等多长时间", "多久能有回复", "几天能办好", "什么时候有结果", "多长时间能处理",
             "一般要等几天", "你们多久会联系我", "要多少天才办完", "这个事多久能解决",
             "大概什么时候给答复", "办下来要几个月吗", "时间上有规定吗", "几个工作日能办结",
             "多会儿能给我打电话", "最晚什么时候答复", "受理以后多久办完", "一周内能回复吗",
             "你们处理有没有期限", "要拖多久啊"],
    "anonymity": ["可以匿名吗", "能不能不留名字", "不留电话行不行", "匿名举报有用吗", "必须实名吗",
                  "能匿名反映吗", "不写名字可以吗", "不实名能办吗", "可不可以不说是谁",
                  "匿名的话怎么查结果", "不留姓名会受理吗", "一定要留真名吗", "不报名字能举报吗",
                  "匿名的也给办吗", "我不想实名可以吗", "不署名会不会不受理", "匿名了还能收到回复吗"],
    "handler": ["这个事谁来管", "会转给哪个部门", "是县里处理还是镇上处理", "谁负责回复我",
                "你们会派人来看吗", "转到哪里去了", "哪个单位来办", "会有人上门核实吗",
                "最后是谁给我答复", "会交给镇里办吗", "这种事归哪个局管", "是信访局直接处理吗",
                "会不会又转回村里"],
    "cost": ["反映要收费吗", "这个要钱吗", "办这个要交费吗", "需要花钱吗", "收不收手续费",
             "网上反映免费吗", "要不要给钱", "你们收钱吗"],
    "bot": ["你是机器人吗", "你是真人吗", "这是自动回复吧", "你是人工智能吗", "是电脑在回我吗",
            "对面是人还是机器", "你是不是机器", "是AI在回复吗", "回我的是真人还是程序",
            "你是智能客服吧"],
    "effect": ["你们这个到底管不管用", "反映了有用吗", "这样说有没有用啊", "网上反映顶用吗",
               "你们这个靠谱吗", "说了会不会白说", "真的会有人管吗", "反映了能解决吗",
               "你们这个起不起作用", "有啥用啊，以前反映过也没人理", "这个平台有没有效果",
               "这么反映靠不靠谱", "在这里说了真会管吗", "管用吗这个"],
    "channel": ["能不能直接去信访局", "可以打电话反映吗", "除了网上还能去哪反映", "信访局在哪里",
                "可以写信吗", "接待中心几点上班", "能到县里当面说吗", "有没有热线电话",
                "周末能去接待中心吗", "除了这个还有别的渠道吗"],
}
HUMAN = [
    "我要找人工", "能不能让工作人员跟我说", "我想跟真人聊", "有没有人能接电话", "给我找个领导",
    "转接一下你们的工作人员吧", "你让个人来跟我说", "我要和信访局的同志说话", "人工客服在哪",
    "找个活人来", "我不跟机器说，叫人来", "请安排工作人员联系我", "能不能打电话给我，我说不清",
    "我要跟负责的人讲", "让你们领导来", "有人工吗", "我要真人服务", "帮我转人工",
    "能找个人帮我弄吗", "我想当面跟工作人员说", "叫个管事的来", "麻烦让工作人员处理一下",
    "你们工作人员在不在", "我年纪大了弄不来，找个人帮我", "找你们主任", "让人给我回个电话",
    "转人工服务", "我要人工", "人呢，我要找人", "跟机器说不明白，要人工", "能不能换个人跟我说",
    "我想找个人当面问问", "给我接通工作人员", "能找你们的人聊聊吗", "让负责人给我打电话",
    "我要投诉到领导那里，叫领导来", "还是找个人吧", "帮我叫一下值班的同志", "请人工处理",
    "有没有活人啊", "我只跟工作人员说", "能让信访局的人联系我吗", "我想直接跟你们工作人员说",
    "找人工客服", "叫个懂的人来", "麻烦转给人工", "我要见领导", "能派个人跟我说吗",
    # longer requests for a person (issue 14 QA)
    "这个事情比较复杂，跟机器说不清楚，能不能让你们那边的工作人员直接跟我说",
    "情况太多了打字讲不明白，麻烦安排个工作人员给我打个电话", "我年纪大了打字慢，跟机器讲不清楚，还是让你们的人跟我说吧",
    "事情复杂一两句说不清，能不能派个工作人员当面跟我谈", "跟这个机器人讲了半天也不明白，叫你们的工作人员来",
    "我看不懂这些东西，你们那边有没有人能直接打电话跟我讲", "这个说起来话长，你们的同志能不能直接给我回个电话",
    "我不想跟电脑说了，请你们负责的人联系我一下", "弄了半天搞不明白，你们安排个真人跟我对接吧",
    "打字太麻烦了，能不能让你们领导直接跟我通个电话", "机器说不清楚的，叫个工作人员跟我聊聊",
    "我这个情况特殊，想请你们的工作人员直接给我打电话说",
    # (issue 14, second round) someone who knows, face to face
    "我想找个懂行的人跟我当面说说", "能不能派个懂的人来跟我讲讲", "有没有明白人跟我说一下",
    "我要找个内行的同志当面谈", "叫个懂政策的工作人员跟我聊聊", "我想当面跟管事的人讲清楚",
    "找个专业的人跟我对接一下", "你们派个人来我家当面说吧",

]
# (issue 14i) A person asked for in a sentence, composed: who x what they should do (each part
# list split for test, so a test request is a new combination of partly unseen parts).
HUMAN_COMPOSED = [
    "{pers_lead}{pers_who}{pers_act}{pers_tail}", "{pers_lead}{pers_who}{pers_act}吧", "{pers_who}{pers_act}",
    "帮我找{pers_who}{pers_tail}", "{pers_lead}转给{pers_who}{pers_tail}",
    "我要跟{pers_who}说话", "帮我找个{pers_who}{pers_act}", "我想让{pers_who}{pers_act}",
    "有没有{pers_who}能{pers_act}", "能不能叫{pers_who}{pers_act}", "{pers_lead}{pers_who}来{pers_act}",
    "我不跟机器说了，{pers_lead}{pers_who}{pers_act}", "{pers_who}呢？{pers_act}", "喊{pers_who}{pers_act}",
]
# Who is asked for and what they should do (issue 14i): parts, every fourth held out for test.
PERSON_WHO = ["你们单位的人", "你们那边上班的人", "工作人员", "你们领导", "真人", "你们那儿管事的",
              "信访局的同志", "值班的", "你们办公室的人", "局里的人", "你们上班的", "县里的干部",
              "你们那边的人", "负责的同志", "坐办公室的", "接待的同志", "你们那块的人", "你们单位随便哪个",
              "你们的人", "管这个的人", "当班的工作人员", "你们那的领导", "活人", "懂行的同志"]
PERSON_ACT = ["直接跟我说", "接个电话", "出来一下", "当面跟我讲", "跟我谈谈", "给我回个电话",
              "来跟我说两句", "跟我通个话", "出来跟我说", "跟我对接", "打电话给我", "当面说",
              "跟我讲讲", "过来一趟", "跟我聊几句", "亲自跟我说", "出来见我", "直接打我电话",
              "跟我说说情况", "接一下"]
PERSON_TAIL = ["", "，谢谢", "，麻烦了", "，谢谢你啊", "，辛苦了", "好吗", "行不行", "，拜托了", "，多谢"]
PERSON_LEAD = ["", "", "麻烦", "我要", "我想", "请", "叫", "让", "找个", "帮我找个", "俺要", "能不能让"]
COMMANDS = {
    "cancel": ["不弄了", "取消这次反映", "我不想反映了，撤了吧", "算了不反映了", "不登记了",
               "取消", "撤销吧", "不要了，取消", "这个事不办了", "我不想弄了", "先不反映了",
               "退出", "结束吧", "不搞了", "放弃反映", "算了算了不弄了", "我撤回",
               "这事不用你们管了，取消", "不想登记了", "不反映了", "算了我不弄了", "撤回刚才的"],
    "restart": ["重新来一遍", "从头再填", "重新开始", "重来", "我要重新填", "全部重新来",
                "从头开始吧", "再来一次", "重新登记", "刚才的都不要了，重新说", "重新填写",
                "前面的作废，重来", "重新来过", "从头说", "清空重来", "全部重新填写"],
    "help": ["帮助", "怎么用", "使用说明", "菜单", "help", "这个怎么操作", "不会用", "教我怎么弄",
             "你能干什么", "有哪些功能", "怎么使用这个", "操作说明", "说明书", "我不知道怎么弄",
             "这个咋用", "教教我"],
    "status": ["查一下进度", "我上次反映的事怎么样了", "查询进度", "办得怎么样了", "有结果了吗",
               "查询 JH-20261101-0012", "进度", "我的事处理到哪了", "上回那个事有进展吗",
               "帮我查查办理情况", "查询JH202611010012", "之前反映的有回复没有", "案件办到哪一步了",
               "我想看看处理结果", "我的事有人管了吗", "上次的事办了没有", "查一下我的件",
               "结果出来没", "进度查询", "查查我那个事"],
}
SMALLTALK = {
    "greeting": ["你好", "您好", "在吗", "有人吗", "喂", "早上好", "下午好", "你好啊", "同志你好",
                 "领导好", "哈喽", "在不在", "你好在吗", "晚上好", "喂喂", "你好，有人在吗",
                 "同志在吗", "您好领导"],
    "thanks": ["谢谢", "谢谢你", "辛苦了", "好的谢谢", "多谢了", "麻烦你们了", "感谢感谢", "非常感谢",
               "谢谢领导", "太感谢了", "你们辛苦了", "谢了啊", "谢谢你们", "感谢政府",
               "好的麻烦了", "劳驾了", "多谢多谢", "谢谢同志"],
    "ack": ["好的", "嗯", "嗯嗯", "知道了", "哦", "行", "明白了", "收到", "好", "ok", "哦哦",
            "晓得了", "嗯呐", "好嘞", "中", "了解", "明白", "好吧好吧", "知道啦", "OK",
            "行吧", "中中", "懂了", "晓得啦", "清楚了", "晓得了晓得了", "好的知道了"],
    "parts": ["事情比较长 我慢慢讲", "我分几次说", "等一下我再打字", "我一条一条发", "说来话长",
              "我慢慢跟你说", "先说一部分", "我打字慢，你等等", "事情有点复杂，我分开说",
              "我分几条发给你", "先别急，我还没说完", "一下子说不完", "等我慢慢打", "我一段一段说",
              "还有好多，我接着说", "我分两段发", "事情有点长，我分几回说", "我一句一句打",
              "还没说完，你等一下", "关于我家补偿的事，我分三条发", "先说前面的，后面再说"],
    "done": ["说完了", "就这些", "就这些了", "没了", "讲完了", "就这么多", "差不多就这样",
             "我说完了", "没有别的了", "就这样吧", "没其他的了", "讲完了就这些", "就说到这"],
    # deferrals (issue 14, second round): not an answer, the draft waits
    "later": ["明天再说", "回头再说吧", "等会儿", "我先问问我家老头子", "晚上回家再弄", "改天吧",
              "过两天再说", "我明天再补充", "有空再说吧", "我下午再来填", "稍等一下", "下次吧",
              "那我晚点再来", "我想想", "我考虑一下", "我先忙了，回头联系", "等我问问儿子再说",
              "先这样吧，明天再来", "我去问问村里再说", "待会儿再说", "等下我再来回复你",
              "我有事，改天再说", "好的，那我明天再发", "我再想想吧", "今天先到这", "忙完了再说",
              "我先去接孩子", "回头再填", "下班了再说", "过几天再来说"],
    "chat": ["今天天气不错", "哈哈", "你们几点下班", "吃了吗", "唉", "真是的", "好吧",
             "你们真好", "呵呵", "没事了", "你们也不容易", "今天好冷", "哎", "唉，没办法",
             "我先吃个饭", "我在地里干活呢", "嘿嘿"],
}
REFUSAL = {
    "name": ["名字就算了", "不想说名字", "名字不方便说", "我不想留名", "姓名就不留了", "名字保密",
             "名字不告诉你", "我不方便透露姓名", "不留名字行吗我不想留", "名字就不说了吧",
             "叫什么就别问了", "我不想让人知道我是谁", "匿名", "我要匿名", "不说名字了",
             "名字不重要", "别问我名字了", "姓名我不填", "名字就免了", "我不报名字",
             "名字你就别管了"],
    "phone": ["电话不方便留", "不想留电话", "电话就算了", "手机号不给", "号码保密", "电话不说了",
              "我不想给电话", "联系方式就不留了", "电话就别要了", "不方便给手机号",
              "电话我不留", "手机号码就算了吧", "号码不能给你", "不留联系方式"],
    "address": ["哪个组就不说了", "地址不想说", "具体住哪就不讲了", "地址保密", "住址不方便说",
                "门牌号就算了", "哪个村不想说", "地址就不留了吧", "住哪就别问了",
                "具体地址我不方便讲", "村名就不说了"],
    "town": ["哪个镇就不说了", "镇就不讲了", "不想说是哪个镇", "镇名就算了", "乡镇不方便说",
             "哪个街道就别问了"],
    "request": ["诉求就不写了", "要求就算了", "没什么想要求的，不写了", "诉求就免了",
                "要求我不想写"],
    "": ["不想说", "不方便说", "这个不想讲", "不告诉你", "保密", "这个就算了吧", "不愿意说",
         "这个不方便", "不想透露", "能不说吗", "这个就跳过吧", "不说行不行"],
}
ANSWERS: dict[str, list[str]] = {
    "town": ["{town}", "在{town}", "{town}的", "是{town}", "{town}那边", "我们是{town}",
             "在{town}那块", "{town}这里", "就是{town}", "俺是{town}的", "{town}呀", "属于{town}",
             "{town}街上", "事情在{town}", "发生在{town}", "我在{town}", "{town}那里", "原来的{town}"],
    "address": ["{village}{group}", "{village}", "{road}", "{landmark}", "就在{landmark}",
                "{village}{group}{landmark}", "{town}{village}", "家住{village}{group}",
                "在{village}", "{village}{building}", "地址是{village}{group}", "住{village}",
                "{village}{group}{road}", "{landmark}那户", "我家就在{village}", "{village}那边",
                "{town}{village}{group}", "具体在{landmark}", "{road}门口", "{village}东边"],
    "name": ["{fullname}", "我叫{fullname}", "{fullname}。", "姓名{fullname}", "是{fullname}",
             "我姓{surname}，{fullname}", "免贵姓{surname}", "叫我老{surname1}就行", "我是{fullname}",
             "免贵姓{surname}，叫{fullname}", "{surname}先生", "名字是{fullname}",
             "我姓{surname} {fullname}", "俺叫{fullname}", "本人{fullname}", "{fullname}就是我",
             "我是{town}的{fullname}", "写{fullname}就行", "姓{surname}，叫{fullname}",
             "我姓{surname}，住在{town}那边", "俺姓{surname}", "我是{town}的老{surname1}", "{surname1}师傅",
             "全名{fullname}", "大名{fullname}", "{fullname}，{town}的", "就叫我{surname1}师傅吧"],
    "phone": ["{phone}", "我电话是{phone}", "手机{phone}", "{phone}，白天都能打通",
              "号码{phone}", "打这个{phone}", "电话{phone}", "{phone}这个就是", "我手机号{phone}",
              "联系电话{phone}", "{phone}谢谢", "就打{phone}", "手机号码是{phone}",
              "打我手机{phone}", "电话{phone}，晚上打", "我的号码{phone}", "{phone}这是我儿子的"],
    "request": ["希望尽快修好", "要求把工资结清", "请政府管一管", "希望把垃圾清走", "要求赔偿损失",
                "希望恢复我的低保", "就想让他们把路修了", "让他们别再排污了", "把钱还给我们",
                "希望给个说法", "要求依法处理", "能不能尽快解决", "希望查一查", "让厂子停工整改",
                "把占的地退回来", "希望派人来看看", "恳请领导重视", "给我们一个公平的答复",
                "建议在路口装个红绿灯", "要求他们公开账目", "希望按政策补给我", "请求依法取缔",
                "就是想要回工钱", "希望早点通水", "让他们把噪音降下来", "建议增加一班公交",
                # qa14b: requests naming who should act, requests with a why or a fee in them
                "请住建局来查一下", "请教育局把多收的钱退了", "请镇上出面协调一下", "请城管来管管乱收费",
                "我就想问清楚为啥扣钱，扣的要还我", "该给我的补贴要补上", "把乱收的费用退回来",
                "希望物价局核实这个收费合不合理", "请供电所派人检修线路", "请派出所调查处理"],
    "anonymous": ["匿名", "匿名吧", "我选匿名", "留姓名", "实名", "我留名字", "不留名", "留名，{fullname}",
                  "我不想留名字，怕他们报复", "名字不写了，怕被人知道", "不留", "不愿意留真名"],
    "confirm": ["确认", "没问题，提交吧", "对的", "都对", "确认无误", "提交", "可以提交了",
                "就这样提交", "没错", "是的，提交", "对，没问题", "都没问题", "确认提交",
                "好的，就这样", "对的对的"],
    "dont_know": ["不知道", "不清楚", "不记得了", "说不清", "我也不知道是哪个", "这个不太清楚",
                  "不晓得", "记不清了", "具体不知道", "不太确定", "忘了", "搞不清"],
    "consent": ["同意", "我同意", "可以", "好的同意", "同意的", "行，同意", "没问题", "同意并继续",
                "可以的", "好，同意", "同意吧", "愿意"],
}
CORRECTION = [
    ("town", ["不是{town_a}，是{town_b}", "镇写错了，应该是{town_b}", "镇不对，是{town_b}",
              "改成{town_b}", "刚才说错了，是{town_b}", "把镇改成{town_b}", "不在{town_a}在{town_b}",
              "街道错了，是{town_b}", "是{town_b}不是{town_a}", "镇改一下，{town_b}",
              "乡镇填错了，改为{town_b}", "地方错了，是{town_b}那边"]),
    ("phone", ["电话写错了，应该是{phone}", "电话改成{phone}", "手机号不对，是{phone}",
               "号码错了，{phone}才对", "电话不是那个，是{phone}", "把电话换成{phone}",
               "刚才电话输错了，{phone}", "电话号码改为{phone}", "联系电话更正为{phone}"]),
    ("name", ["名字写错了，应该是{fullname}", "名字改成{fullname}", "姓名错了，是{fullname}",
              "不是{fullname_a}，是{fullname}", "我叫{fullname}不是{fullname_a}", "名字打错了，{fullname}",
              "把名字改为{fullname}", "姓名更正一下，{fullname}", "名字不对，{fullname}才对"]),
    ("address", ["地址写错了，应该是{village}{group}", "地址改成{village}{group}", "不是{village_a}，是{village}",
                 "村子错了，是{village}", "地址不对，在{village}{group}", "组错了，是{group}",
                 "把地址改成{road}", "住址更正为{village}{group}", "门牌号错了，是{road}"]),
    ("request", ["诉求改成{request}", "要求写错了，应该是{request}", "诉求不对，我是{request}",
                 "把诉求换成{request}"]),
]
UNKNOWN = [
    "asdfgh", "。。。", "？？？", "1", "hello how are you", "jkl;", "…", "嗯啊哦", "123",
    "こんにちは", "안녕하세요", "Bonjour", "qwerty", "[微笑]", "/::)", "sssss", "!!!", "。", "～～～",
    "i want to complain", "test", "测试", "？", "aaaa", "ok ok ok", "6666", "[捂脸]", "hhhhh",
    "zzzz", "ㅋㅋㅋ", "ありがとう", "what", "xxxx", "1234abc", ".", "哈", "嗯？",
    "Hola", "спасибо", "gracias", "lol", "??", "[OK]", "[强]", "😂😂", "mmm", "ddd", "~", "nihao",
    "abc", "0.0", "?!", "no comprendo", "привет", "yyyyy", "呃呃呃", "啊啊啊",
]

HANDWRITTEN_TEST = [
    # text, expecting, label, detail
    ("俺们庄上那个排水站好几年不开了，一下雨地里全是水", "description", "story", ""),
    ("我老伴的残疾证年审没通过，可他腿一直是坏的", "", "story", ""),
    ("厂里让我们签自愿放弃社保的单子，不签就辞退", "", "story", ""),
    ("隔壁养狗不拴绳，把我孙子咬了，他家一分钱不赔", "town", "story", ""),
    ("新装的路灯不到一个月就有三盏不亮了", "", "story", ""),
    ("請問老年證在哪裡辦", "", "consult", ""),
    ("想了解一下农村低保的申请条件", "", "consult", ""),
    ("退休工资调整今年啥时候到账", "", "consult", ""),
    ("你们会不会把我说的告诉村里", "name", "process", "privacy"),
    ("大概多久能给我回话", "phone", "process", "time"),
    ("不留名也能受理吗", "name", "process", "anonymity"),
    ("为啥非要留电话", "phone", "process", "needed"),
    ("我电话就不留了，有事我自己来查", "phone", "refusal", "phone"),
    ("名字我就不讲了", "name", "refusal", "name"),
    ("具体哪个组我不说了", "address", "refusal", "address"),
    ("我想和你们工作人员直接通个电话", "", "human", ""),
    ("机器说不清楚，找个人给我打过来", "town", "human", ""),
    ("这事我不弄了，取消掉", "phone", "command", "cancel"),
    ("前面说乱了，全部重来", "", "command", "restart"),
    ("上礼拜反映的那个事现在什么情况", "", "command", "status"),
    ("好的好的，麻烦你们了", "", "smalltalk", "thanks"),
    ("就说这么多吧", "description", "smalltalk", "done"),
    ("电话号码写错了 应该是一八九幺二三四五六七八", "confirm", "correction", "phone"),
    ("镇搞错了不是金南是前锋", "confirm", "correction", "town"),
    ("名字打错了应该是欧阳志远", "confirm", "correction", "name"),
    ("幺五八 幺二三四 八八九九", "phone", "answer", "phone"),
    ("免贵姓司徒，司徒文华", "name", "answer", "name"),
    ("俺是吕良镇的", "town", "answer", "town"),
    ("高桥村五组东头", "address", "answer", "address"),
    ("就想让厂子赔我们损失", "request", "answer", "request"),
    ("qwertyuiop", "", "unknown", ""),
    ("Ich verstehe nicht", "", "unknown", ""),
]


# ------------------------------------------------------------------------------------ registers
_TRAD = str.maketrans(
    "个们这说话电号为么时间问题里没还来会对后发现过给让请谢长东车门开关见听钱处办应该样点头写错"
    "经济乡镇区县乐书买卖实难孙儿爷奶厂场挡垃圾脏污楼栋单报举诉与无业务费补贴贫困灾险"
    "农业环境卫医疗养险纪检监察护边进运输讨论话题讲谁说",
    "個們這說話電號為麼時間問題裡沒還來會對後發現過給讓請謝長東車門開關見聽錢處辦應該樣點頭寫錯"
    "經濟鄉鎮區縣樂書買賣實難孫兒爺奶廠場擋垃圾髒汙樓棟單報舉訴與無業務費補貼貧困災險"
    "農業環境衛醫療養險紀檢監察護邊進運輸討論話題講誰說",
)
_DIALECT = [("什么", "啥"), ("怎么", "咋"), ("知道", "晓得"), ("没有", "没得"), ("我们", "俺们"),
            ("我", "俺"), ("很", "蛮"), ("去", "克"), ("不行", "不照"), ("这个", "这个事儿"),
            ("孩子", "伢子"), ("这里", "这块"), ("那里", "那块"), ("说", "讲")]
_TYPOS = [("在", "再"), ("的", "地"), ("那", "哪"), ("已经", "以经"), ("反映", "反应"), ("名字", "名子"),
          ("电话", "电化"), ("号码", "号马"), ("什么", "什麽"), ("不是", "不时"), ("应该", "因该"),
          ("希望", "希往"), ("麻烦", "麻繁")]
_ELDERLY_PREFIX = ["同志啊，", "领导，", "哎呀，", "我跟你讲，", "姑娘，", "小同志，", "我老头子", "那个，"]
_VOICE_FILLERS = ["嗯", "那个", "就是", "然后", "呃"]
_PUNCT = re.compile(r"[，,。.！!？?；;、]")


def _register(rng: random.Random, text: str) -> str:
    r = rng.random()
    if r < 0.45:
        return text
    if r < 0.55:
        return text.translate(_TRAD)
    if r < 0.67:  # voice input: no punctuation, fillers, spaces where pauses were
        t = _PUNCT.sub(" " if rng.random() < 0.5 else "", text)
        if rng.random() < 0.5 and len(t) > 4:
            t = rng.choice(_VOICE_FILLERS) + t
        return t.strip()
    if r < 0.8:  # dialect-flavoured / elderly
        for a, b in rng.sample(_DIALECT, 4):
            if a in text:
                text = text.replace(a, b, 1)
        if rng.random() < 0.3 and len(text) > 5:
            text = rng.choice(_ELDERLY_PREFIX) + text
        return text
    if r < 0.9:  # typos
        for a, b in rng.sample(_TYPOS, 3):
            if a in text:
                return text.replace(a, b, 1)
        return text
    # polite framing / trailing particles
    return rng.choice(["", "您好，", "你好，", "请问", ""]) + text + rng.choice(["", "。", "啊", "吧", "呢", "！"])


# ------------------------------------------------------------------------------------ building
def _split(items: list, test: bool) -> list:
    """Every fourth item (by position) is held out for the test split."""
    return [x for i, x in enumerate(items) if (i % 4 == 3) == test]


def _halves(items: list, test: bool) -> list:
    return [x for i, x in enumerate(items) if (i % 2 == 1) == test]


def _pools(rng: random.Random, test: bool) -> dict[str, list]:
    common = _halves(SURNAMES_COMMON, test)
    rare = _halves(SURNAMES_RARE, test)
    names = _names(rng, common + rare, 60)
    vill = _halves(VILLAGES, test)
    return {
        "fact": _halves(FACTS, test), "thin": _halves(THIN, test), "since": SINCE, "tried": TRIED,
        "feel": FEEL, "greet": ["", "", "你好，", "您好，", "领导好，", "同志，"],
        "town": TOWNS, "town_a": TOWNS, "town_b": TOWNS, "village": vill, "village_a": vill,
        "group": GROUPS, "road": [v + n for v in vill for n in ROAD_NUMBERS if v.endswith("路")] or
        ["金湖路18号"], "landmark": _halves(LANDMARKS, test), "building": BUILDINGS,
        "topic": _halves(CONSULT_TOPICS, test), "topic2": _halves(CONSULT_TOPICS, test), "age": ["七十五", "六十", "80岁", "八十多"],
        "fullname": [n for _, n in names], "fullname_a": [n for _, n in names],
        "surname": [s for s, _ in names], "surname1": [s for s in common],
        "phone": [_phone(rng) for _ in range(80)],
        "pers_who": _split(PERSON_WHO, test), "pers_act": _split(PERSON_ACT, test),
        "pers_lead": PERSON_LEAD, "pers_tail": PERSON_TAIL,
        "request": ANSWERS["request"],
        "ask": _halves(ASKS, test), "wrong": _halves(WRONG_THINGS, test),
        "hazard": _halves(HAZARDS, test), "harm": _halves(HARMS, test), "worry": WORRIES,
        "hlead": HARM_LEADS,
        "decider": _halves(DECIDERS, test),
        "greet_letter": ["", "尊敬的领导您好：", "尊敬的县领导：", "各位领导好，", "敬爱的政府领导："],
    }


def build(test: bool, round_p: bool = True) -> list[tuple[str, str, str, str]]:
    """The rows of one split (`round_p`: with the rows added in issue 14 round p, dangers told
    with a worry and when-questions, which the clause corpus, built from these rows before they
    existed, leaves out)."""
    rng = random.Random(SEED + (1 if test else 0))
    pool = _pools(rng, test)
    rows: list[tuple[str, str, str, str]] = []
    scale = 1 if test else 3

    def add(label: str, detail: str, templates: list[str], n: int,
            expecting: Callable[[], str]) -> None:
        chosen = _split(templates, test)
        if not chosen:
            return
        for i in range(n * scale):
            t = _fill(rng, chosen[i % len(chosen)], pool)
            rows.append((_register(rng, t), expecting(), label, detail))

    def anyexp() -> str:
        return rng.choice(ANY_EXPECTING)

    def story_exp() -> str:
        return rng.choice(["description"] * 4 + ["", "town", "address", "request", "confirm"])

    add("story", "", STORY, 170, story_exp)
    add("consult", "", CONSULT, 80, lambda: rng.choice(["description", "", "description"]))
    for topic, ts in PROCESS.items():
        add("process", topic, ts, 18, anyexp)
    add("human", "", HUMAN, 60, anyexp)
    add("human", "", HUMAN_COMPOSED, 50, anyexp)
    for cmd, ts in COMMANDS.items():
        add("command", cmd, ts, 18, anyexp)
    for kind, ts in SMALLTALK.items():
        add("smalltalk", kind, ts, 14, anyexp)
    for fieldname, ts in REFUSAL.items():
        if fieldname:
            add("refusal", fieldname, ts, 16, lambda f=fieldname: rng.choice([f, f, f, "", "confirm"]))
        else:
            add("refusal", "", ts, 30, lambda: rng.choice(["name", "phone", "address", "town"]))
    for fieldname, ts in ANSWERS.items():
        if fieldname == "dont_know":  # "I don't know" answers where, what is asked
            add("answer", "", ts, 30, lambda: rng.choice(["town", "address", "request"]))
        else:
            add("answer", fieldname, ts, 30, lambda f=fieldname: f)
    for fieldname, ts in CORRECTION:
        add("correction", fieldname, ts, 22, lambda: rng.choice(["confirm"] * 3 + list(FIELDS)))
    add("unknown", "", UNKNOWN, 40, anyexp)
    if round_p:
        add("story", "", HAZARD_WORRY, 25, story_exp)  # (last: the rows before them stay as they were)
        add("human", "", DECIDER_TEMPLATES, 20, anyexp)
        add("consult", "", CONSULT_WHEN, 16, lambda: rng.choice(["description", "", "description"]))
    if test:
        rows += HANDWRITTEN_TEST
    # one row per (text, expecting): a repeated template fill says nothing new
    seen: set[tuple[str, str]] = set()
    out = []
    for row in rows:
        key = (row[0], row[1])
        if row[0] and key not in seen:
            seen.add(key)
            out.append(row)
    return out


def render(rows: list[tuple[str, str, str, str]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["text", "expecting", "label", "detail"])
    w.writerows(rows)
    return buf.getvalue()


def splits() -> tuple[list[tuple[str, str, str, str]], list[tuple[str, str, str, str]]]:
    train, test = build(False), build(True)
    seen = {r[0] for r in train}
    return train, [r for r in test if r[0] not in seen]  # never score a text trained on


def main() -> None:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    train, test = splits()
    (OUT_DIR / "train.csv").write_text(render(train), encoding="utf-8")
    (OUT_DIR / "test.csv").write_text(render(test), encoding="utf-8")
    print(f"train: {len(train)} rows, test: {len(test)} rows")
    from tests.nlp import clause_corpus

    ctrain, ctest = clause_corpus.splits()
    (OUT_DIR / "clauses_train.csv").write_text(render_clauses(ctrain), encoding="utf-8")
    (OUT_DIR / "clauses_test.csv").write_text(render_clauses(ctest), encoding="utf-8")
    print(f"clauses train: {len(ctrain)} rows, test: {len(ctest)} rows")


def render_clauses(rows: list[tuple[str, str, str]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["text", "label", "detail"])
    w.writerows(rows)
    return buf.getvalue()


if __name__ == "__main__":
    main()
