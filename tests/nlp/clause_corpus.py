"""Builds the labelled clause corpus of the clause reader (nlp.clauses).

    .venv/bin/python -m tests.nlp.intent_corpus      # writes config/nlp/intents/clauses_{train,test}.csv too

One row per clause: text, label (`account`: a fact of the matter, what was tried, what is
asked; `meta`: talk about the conversation), detail (the kind of meta: self, who_types, fear,
plea, doubt, apology, thanks, aside, process, refusal, deferral, announce; the kind of account:
event, since, tried, harm, ask).

Clauses are composed from parts (a subject, what they did, to what; a helper and how they
help; what one fears and from whom …), so a wording is never learnt whole. Honesty of the
test split: of every list of parts, every fourth item (by position) is held out for
clauses_test.csv and never used in training, so a test clause is a new combination of at least
partly unseen parts. Registers (elderly, Jianghuai / Henan / Shandong flavoured dialect,
traditional characters, voice input without punctuation, typos) are applied to both splits.
The hand-written check tests/nlp/clauses_unseen.csv was written before the first training and
shares no template with this file.
"""

from __future__ import annotations

import csv
import random
import re
from collections.abc import Callable
from pathlib import Path

from nlp.clauses import spans
from nlp.story import clean

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "config" / "nlp" / "examples"

SEED = 20261208

# ------------------------------------------------------------------------------ account parts
WHO = ["村里", "村委会", "隔壁那家", "那个厂子", "物业公司", "包工头", "老板", "村会计", "镇上", "学校",
       "施工队", "邻居", "养猪场", "开发商", "村支书", "网格员", "饭店", "组长", "砖厂", "驾校",
       "卫生院", "自来水公司", "拆迁办", "超市", "搅拌站", "村主任", "承包商", "前面那户", "镇上的人",
       "他们家", "采石场", "化工厂"]
DID = ["把路挖断了不修", "占了俺家的地", "欠了工钱不给", "天天半夜放炮", "往河里倒垃圾",
       "把低保给了自己亲戚", "多收了八百块", "一直不给办证", "把我家门口的树砍了", "说好的补偿一分没给",
       "偷偷往沟里排污水", "机器响得整夜睡不着", "把水渠堵死了", "乱收卫生费", "把我爸打伤了",
       "把集体的地租给外地人", "不给我们退押金", "把围墙砌到我家院子里", "扣了我两个月工资",
       "往田里倒建筑垃圾", "晚上拉货的车轰隆隆的", "把电停了三天", "卖过期的东西", "拖着不给签合同",
       "把公示名单藏起来", "砍了河边的护堤林", "在楼顶私搭乱建", "把我的名额顶掉了", "堵了我家出路",
       "到现在还没赔钱", "不让我们看账", "给我们喝的水有怪味"]
THING = ["桥塌了一半", "路灯全不亮了", "水管爆了好几天", "秧田放不进水", "房子墙上裂了大缝",
         "下水道往外冒脏水", "垃圾堆成了山", "河里的鱼都死了", "屋顶漏雨", "井水发臭",
         "电线耷拉到地上", "渠道全是淤泥", "路面塌了个大坑", "围墙歪了快倒了", "麦子被水淹了",
         "学校门口天天堵车", "猪粪味熏得人头疼", "灰尘落得满院子都是", "公厕一直锁着", "路边的井盖丢了",
         "堤坝漏水", "楼道里的灯坏了", "自来水断断续续", "庄稼被药死了"]
PLACE = ["俺们组", "村东头", "家门口", "河边上", "我们小区", "镇上", "庄上", "村西头", "学校旁边",
         "我家后面", "桥那头", "菜市场边上", "老街上", "田埂边"]
SINCE_P = ["去年开始", "今年开春", "上个月", "三年了", "前天晚上", "从八月份起", "好几个月了",
           "一直到现在", "过年前后", "这半年", "打去年秋天", "都十来天了"]
TRIED_P = ["找过村里", "村里说让自己商量", "打过12345", "镇上说不归他们管", "跟组长讲了好几回",
           "去镇政府问过", "报过警", "找了社区也没用", "给村书记打过电话", "派出所来看了一眼就走了",
           "村里说没钱", "他们说等上面批", "写过材料交上去了", "找老板要了几趟"]
HARM = ["老人过桥不安全", "孩子上学没法走", "一家人日子过不下去", "晚上根本睡不着", "地里的菜全毁了",
        "几十户人家吃水困难", "我老伴瘫在床上没人照顾", "损失好几千块", "大家都很气愤", "出门一身泥"]
ASK_P = ["希望派人来看看", "要求把钱退回来", "请政府管一管", "希望尽快修好", "要求赔偿损失",
         "把地还给俺家", "希望查一查这笔钱", "请有关部门处理", "要求公开账目", "希望恢复低保",
         "让他们停工整改", "给我们一个说法"]

# What they were told when they tried, and what still is not done: account.
ASKED = ["问了几次都", "问他就", "打电话给社区", "找村里", "跟老板讲", "去问", "找了好几回都", "问物业",
         "找社区", "村里", "跟他们讲过", "打12345", "问镇上", "找组长", "去厂里要", "问了村会计"]
REPLY = ["说没钱", "说等上面批", "说不归他们管", "说要请示领导", "说还在实习期", "说已经往上递了", "说下个月给",
         "说系统出错了", "说让我们自己商量", "就说没办法", "说过两天来修", "说是上面定的", "说在换水表",
         "说已经上报了", "说没这回事", "说再等等"]
NOT_DONE = ["也不提补偿的事", "也没讲钱用在哪", "也不说为啥", "讲了他也不改", "劝了也不听", "打他手机也不接",
            "人也找不到", "到现在也没人来", "一分钱没给", "我爹人还在呢", "门都不让进", "连个说法都没有",
            "钱也不退", "也不给开票", "问了也不理", "还张口就骂"]
# What others could not explain, how one's health is, how it compares elsewhere: account.
UNCLEAR = ["问电力公司也讲不出个原因", "谁也说不清钱去哪了", "村里也讲不明白", "医保那边也说不出个理由",
           "问了半天也没说清楚", "他们自己也搞不清楚", "物业也说不上来为啥", "镇上也解释不清",
           "打电话问也没人说得清", "干部也说不知道", "厂里说不清楚什么时候发", "社保所也讲不清"]
HEALTH = ["喘气困难", "腿脚不好", "身体一直不好", "心脏不好", "孩子咳嗽一直不好", "睡眠不好", "血压高",
          "老伴身体不好", "胃一直不好", "眼睛被熏得发红", "我有哮喘", "腰椎不好干不了重活"]
# A question put to someone, told (with a question word that asks the bot nothing), their
# non-answer, and a contact that failed: what was tried, in the citizen's words (issue 14k).
ASKED_THEM = ["问他是哪个单位的", "问她叫什么名字", "问他们啥时候来修", "问村里钱去哪了", "问老板为啥不发",
              "问物业到底谁负责", "问他凭什么收钱", "问镇上什么时候给", "问他们要多少钱才行", "问干部为啥没有我",
              "问厂里哪天结账", "问包工头人在哪", "问她是哪个部门的", "问他谁让干的", "问社区找谁办"]
SILENT = ["他也不说", "也不回答", "都不吭声", "他就不理", "支支吾吾的", "他说不知道", "光笑不说话", "扭头就走",
          "也没个准话", "说回去问问", "就挂了电话", "往别人身上推", "他们谁也不讲", "一句话不说"]
UNREACHABLE = ["电话打不通了", "手机关机了", "打电话没人接", "微信也拉黑了", "人找不着了", "电话换号了",
               "门锁着没人", "打过去就挂", "找了几回都不在", "人跑回老家了", "电话一直占线", "办公室天天没人",
               "短信也不回", "电话打过去说是空号"]
COMPARE = ["可人家邻县才收一千五", "别的村都发了", "人家隔壁镇早就修好了", "别人家都补了",
           "同样的房子人家赔了十万", "别的小区才收一半", "我打听了别处只要八百", "邻村一亩给一千二",
           "可市里的标准是三百", "他们家比我们家多拿了一倍"]
# A matter about one's data or name misused (the words of the intake's privacy questions, about
# something that happened): account.
LEAKED = ["我的手机号被快递站泄露出去了", "每天都有骚扰电话打进来", "有人冒用我的身份证办了卡", "我的电话号码被中介卖了",
          "物业把业主的信息给了装修公司", "我的名字被人拿去注册了公司", "银行把我的信息泄露给了催收的",
          "村里把我家的低保信息贴在墙上", "医院把我的病历给了别人看", "网上有人公开了我家的住址",
          "我的照片被人发到群里", "有人用我的名字贷了款", "学校把孩子的信息卖给了培训机构",
          "一天接十几个推销电话", "驾校把学员名单给了保险公司", "有人冒充我领了补贴",
          "我的个人信息被人拿去办了网贷", "公司把员工的个人信息泄露了", "业主的个人信息被物业卖给了中介",
          "我爸的个人信息被保健品公司弄到了", "个人信息被冒用开了公司", "孩子的个人信息被人挂到网上"]
# Heads and tails of an account that name its subject, a consequence, a counter-fact, an
# attempt made before, or what must stop: account (each close to some talk about the talk).
SUBJECT = ["邻居家的狗", "村里那个养猪场", "门口的垃圾站", "街上那家歌厅", "镇上的砖瓦厂", "我们组的组长",
           "小区的物业", "后面那个水泥厂", "前面那家烧烤店", "村里的会计", "学校的食堂", "那个包工头",
           "河边的采沙船", "我家楼上那户"]
CONSEQ = ["晚上黑得看不见路", "老人出门不敢走", "孩子夜里吓得直哭", "一家人饭都吃不下", "屋里全是霉味",
          "车子都开不进去", "衣服晒不出去", "地里颗粒无收", "门口的路成了泥塘", "睡觉都得关紧窗户",
          "冰箱里的东西全坏了", "鸡鸭死了一大半"]
COUNTER = ["人明明还在", "明明交过钱了", "地明明是我家承包的", "我明明签过字", "明明说好了给补的",
           "账上明明有这笔钱", "人好好的在家呢", "我们明明符合条件", "房子明明没人住过", "我儿子明明没去过"]
BEFORE = ["之前打电话反映过也没人理", "以前找过镇上也没下文", "去年就报过一次", "上回来人看了就走了",
          "早先村里答应过修", "先前写过两回信", "之前也投诉过没结果", "老早就跟社区讲过"]
STOP = ["别再淹了", "别再往河里排了", "不要再乱收钱了", "别再半夜施工了", "别让他们再占了", "不要再拖了",
        "别再停水了", "别再往我家门口倒垃圾了"]
# Someone else's putting off, reported: account ("村干部每次都说明天再说"), unlike one's own.
ALWAYS = ["每次都说", "总说", "老是说", "一直说", "回回都讲", "就知道说", "一问就说"]
PUT_OFF = ["明天再说", "等等再说", "过两天就办", "回头再研究", "下个月一定给", "等领导回来", "年底再说",
           "再等等看"]
# What someone did besides, leaning on the clause before ("村干部不管，还帮着瞒"): account (14y).
ALSO = ["还", "也", "又", "还要", "居然", "竟然", "反倒", "还故意", "不光不管还", "反过来", "他还", "他们还"]
THIRD_ACT = ["帮着瞒", "骂人", "威胁我", "护着他", "动手推人", "不让说", "把门锁了", "收了人家好处", "帮他说话",
             "打了我一巴掌", "不开门", "把我赶出来", "要罚我的款", "叫人来闹", "装没看见", "不认账", "帮着压",
             "包庇他们", "删了我的帖子", "把证据扔了", "给我穿小鞋", "把合同撕了", "让人盯着我", "说我是刁民"]
# Moves and turns of one's life that set the scene: account.
MOVED = ["我从老家搬到镇上以后", "自从搬进这个小区", "我嫁到这个村以后", "退休回到村里以后", "打工回来以后",
         "我们从塔集搬到黎城以后", "房子拆迁以后", "孩子转学过来以后", "分家以后", "厂子改制以后"]
# An attempt made that came to nothing: account ("跟村里讲了没用"), unlike a doubt about this one.
TRIED_TO = ["跟村里讲了", "找过镇上", "报了警", "打了12345", "去社区问了", "跟他说了", "找了物业",
            "去了三趟", "写了信", "跟老板要了", "找过网格员", "托人问了"]
FAILED = ["没用", "也没用", "不管用", "白跑一趟", "没人理", "没下文", "还是老样子", "推来推去", "没个结果",
          "人家不睬"]
# Something in a state: a short fact ("有块地砖翘起来了", "多占了半米").
STATE = ["有块地砖翘起来了", "多占了半米", "客人都绕道走", "少了二两", "有根电线垂下来",
         "墙上裂了一指宽的缝", "水深到膝盖", "一下雨就淹", "路面陷下去半米", "有两户人家进不了门",
         "三根路灯全不亮", "每斤贵了一块", "一个月多扣了三百", "臭得窗户都不敢开", "噪音有八九十分贝",
         "孩子得了肺炎"]
ACT = ["派人实地查看", "责令开发商赔偿", "把钱退给我们", "尽快修好那座桥", "依法处理", "查清楚这笔账",
       "让他们停止排污", "恢复我的低保", "协调解决", "把地还给我们", "给我们一个答复", "帮我们要回工钱"]
ASK_LEAD = ["恳请领导", "请", "希望", "要求", "请政府", "希望有关部门", "请相关部门", "恳请上级",
            "麻烦你们", "请镇上", "盼望能", "强烈要求"]

# Money or goods whose whereabouts nobody tells ("钱不知道去哪了", "差价不知道哪去了"): a fact of the
# matter (account), unlike a doubt about this talk ("不知道说到哪去"). Drawn with an rng of their
# own and added after the rest, so that the rest of the corpus stays as it was (issue 14, 14cmd).
GONE_THING = ["钱", "差价", "补偿款", "集体的钱", "修路的钱", "卖地的钱", "那笔款子", "补贴", "罚款", "租金",
              "扶贫款", "账上的钱", "多收的钱", "押金", "工程款", "分红", "救灾物资", "捐的款"]
GONE = ["不知道去哪了", "不知道哪去了", "不知道到哪去了", "不知道花到哪去了", "也不知道用在哪了", "不晓得弄哪去了",
        "谁也不知道去哪了", "到现在不知道去向", "不知道进了谁的腰包", "去向不明", "不知道被谁拿走了",
        "没人说得清去哪了", "不晓得落到谁手里了", "也不知道哪里去了", "都不知道弄到哪里了", "一直不知道下落"]

# ------------------------------------------------------------------------------- meta parts
HELPER = ["孙子", "孙女", "儿子", "闺女", "外孙", "邻居家小伙子", "村里的年轻人", "侄子", "我家老三",
          "小孙子", "儿媳妇", "外甥女", "隔壁的大学生", "我家丫头", "大孙子", "表弟",
    "小孙女", "二儿子", "大闺女", "女婿", "邻居家的孩子", "村里的小王", "我家那口子", "外孙子", "干女儿", "侄媳妇", "社区的小姑娘", "上大学的孙子"]
HELP_HOW = ["帮我敲的这些字", "替我写的", "在帮我弄", "帮我发的", "教我弄的", "给我念的", "帮我按的",
            "替我发过来的", "拿手机帮我打", "在旁边帮我看着",
    "帮我发的", "帮我点的", "替我打的", "一个字一个字帮我敲的", "帮忙写的", "代我发的", "帮着弄的", "给我录的音", "替俺弄的", "在边上教我打", "手把手教我发的", "帮我整的", "替我问的", "帮我填的"]
AGE = ["七十多", "八十", "快七十", "六十八", "七十五", "八十好几", "九十", "七十三"]
CANT = ["这玩意儿不会弄", "不会打字", "字认不全", "看不清手机", "不太会用手机", "手机玩不转", "打字慢",
        "说不好普通话", "不识字", "眼睛花了", "耳朵背", "手抖打不了字", "弄不来这些", "脑子不好使了",
    "手机上的字看不清", "拼音不会", "不会用微信", "耳朵不好使", "老花眼看不见", "不会写字", "认字不多", "手不利索", "记性差了", "说话颠三倒四的", "普通话讲不来", "这个智能手机弄不明白"]
SELF_WHO = ["我没啥文化", "我是个粗人", "俺没上过学", "我是个大老粗", "俺文化低", "我就是个没文化的",
            "俺是个睁眼瞎", "我一个老婆子啥也不懂", "我老糊涂了", "俺脑子笨", "我书念得少", "我们老年人不懂这些",
            "俺是庄稼人不会说话", "我嘴笨", "我这个人不会讲",
            # (issue 14k: honest and plain, said of oneself)
            "俺是个本分人", "我这人老实巴交的", "我就是个种田的老实头", "俺是个直肠子"]
# Who one is, when it may matter to the matter (a pension, relief, a disability): account.
WHO_AM_I = ["我是孤寡老人", "我是退休教师", "俺是残疾人", "我是外地来打工的", "我家就我一个人", "我是下岗职工",
            "俺是低保户", "我是退伍军人", "我老伴瘫在床上", "我是村里的五保户", "我儿子在外地打工",
            "俺家是贫困户", "我今年七十六岁", "我是这个小区的业主", "我在这个厂干了十年", "俺是种粮大户"]
# What one fears from the matter itself (danger): account, unlike fears of retaliation.
DANGER = ["孩子掉到沟里", "房子哪天塌了砸到人", "老人过桥摔下去", "出人命", "大火烧到我家", "电线漏电电着人",
          "堤坝决口", "车子撞到上学的孩子", "井盖那里有人掉下去", "楼上的墙皮砸到人", "喝了这水得病",
          "庄稼今年全绝收"]
FEAR = ["遭人报复", "村里知道了找我麻烦", "他们报复我家", "队长不高兴", "以后在村里不好做人",
        "被穿小鞋", "他们晓得是我说的", "孩子在村里受欺负", "被人指指点点", "村干部记恨我",
        "老板不让我干了", "他们来堵我家门", "邻居跟我翻脸", "以后办事被卡",
    "被人知道是我反映的", "村里人说闲话", "得罪了村干部", "他们找人打我", "以后低保不给我了", "被他们记住", "家里人受连累", "他们报复我孩子", "说出来惹麻烦", "老板扣我工资", "对方找上门", "被人盯上", "以后在厂里干不下去", "村里不给我办事"]
FEAR_LEAD = ["我怕", "俺怕", "就怕", "我担心", "主要是怕", "我有点怕", "俺心里怕", "实在是怕", "最怕",
    "我担心", "俺担心", "我害怕", "就是怕", "生怕", "怕的是", "我是怕", "心里怕", "实在怕", "我就怕", "俺就担心", "有点担心"]
PLEA = ["劳烦领导帮个手", "求求你们了", "帮俺瞅瞅中不中", "请你们一定要帮帮我", "帮帮俺吧",
        "行行好吧", "拜托拜托", "给俺做主啊", "求你们给想想办法", "恳请领导关心一下", "帮忙给问问",
        "可怜可怜我们老百姓吧", "你们就帮个忙", "中不中给俺说说", "帮俺想想办法中不", "看在我年纪大的份上帮帮忙",
        "领导们多费费心", "千万帮我们一把",
    "求你们了", "请领导给做主", "拜托你们了", "帮帮忙吧", "就靠你们了", "帮俺问问中不", "求求政府了", "请给我们想想办法吧", "全指望你们了", "拜托帮忙看看", "你们可得帮帮我", "恳求领导帮个忙", "帮我们老百姓说句话", "恁帮帮俺", "麻烦给问一下", "请一定帮忙", "行个方便吧", "帮帮我这个老太婆",
        "帮帮我们这些种地的", "帮帮俺们这些出力的", "可怜可怜俺们这些干活的"]
DOUBT = ["也不晓得灵不灵", "也不晓得该问哪个", "不知道该找哪个部门", "试试看吧", "死马当活马医了",
         "反映了估计也白搭", "不知道这里能不能管", "不知道说得对不对", "也不懂这些", "不晓得这样弄行不行",
         "听人说在这上面能反映", "别人叫我在这里说", "也没别的办法了", "不知道你们管不管这种事",
         "我也是没办法才来的", "不晓得在这说中不中",
    "也不知道管不管用", "不晓得找哪个", "说了怕也没人管", "不知道能不能办", "也不晓得该咋弄", "不知道说到哪去", "反正试一试", "估计也没啥用", "不知道写这里对不对", "没办法只好来这说", "听说这里能管", "也不知道算不算", "不知道这事归不归你们", "搞不清找哪个部门", "抱着试试的心态", "心里没底"]
APOLOGY = ["我打得慢别嫌弃", "不好意思啊", "说得乱你们别见怪", "写得不好请见谅", "耽误你们时间了",
           "说得啰嗦了", "对不起打扰了", "错字多别笑话", "你们多担待", "我说话没头没尾的",
           "不好意思说了这么多", "打得慢你别急",
    "不好意思打扰了", "说错了别怪", "写得乱七八糟的", "啰里啰嗦的不好意思", "错别字多见谅", "打扰你们了", "说不清楚别见怪", "我讲得不好", "字打错了别笑", "让你们费心了", "耽误你们工作了", "对不住啊", "实在对不住", "抱歉抱歉", "真是抱歉", "请多包涵", "原谅我讲不清", "对不住了各位", "见笑了",
    "真不好意思", "抱歉啊打字慢", "对不起啊我说乱了", "多多包涵", "莫见怪"]
THANKS = ["谢谢领导", "太感谢了", "辛苦你们了", "谢谢你们啊", "感谢政府", "多谢了", "麻烦你们了",
          "先谢谢了", "谢谢同志", "你们辛苦了",
    "谢谢你们了", "感谢感谢", "谢谢啊", "真是谢谢", "多谢你们", "谢谢政府", "非常感谢", "谢谢了同志", "好人一生平安", "给你们添麻烦了", "感激不尽", "谢谢姑娘"]
ASIDE = ["你听明白了吗", "我说清楚了没有", "你等一下", "你看我这样说行不行", "我讲到哪了",
         "这个怎么弄", "是在这里反映吧", "你是机器人吧", "你能看到吗", "我再想想怎么说", "你别急",
         "喂 听得到吗", "我这样打对吧", "你们看得懂吧", "嗯 我想一下", "我刚才发出去没有",
    "你那边能看到吧", "我这样说你懂吗", "我说到哪儿了", "你先别急", "这个发出去了吗", "要我怎么说", "我接着说", "你还在吗", "这个是不是这样填", "我说的你记下了吗", "我打得对吗", "你等我一会", "看不看得到", "我再说一遍", "刚才那条收到没", "这样行吗"]
PROCESS_Q = ["名字可不可以空着", "会不会被人知道", "要等多久", "镇里会不会晓得是我讲的", "要不要交钱",
             "名字能保密吗", "不留电话行不行", "你们会告诉他们是我说的吗", "可以匿名吗", "多长时间有回音",
             "要不要带身份证", "会不会传出去", "匿名的也管吗", "这个保密吧", "说了会不会有人找我",
             "能不能不让村里知道",
    "我的名字会不会公开", "能不能不让他们知道是我", "要多久才有人管", "有没有人会来看", "你们会不会告诉村里", "匿名行不行", "不写真名可以吗", "多久能给回话", "会保密吧", "要不要留电话", "是不是一定要写名字", "会不会被报复", "这个要收钱吗", "几天能处理", "会不会给我打电话", "不说名字能受理吗"]
REFUSE = ["名字就不说了", "电话不留了", "哪个组就不说了", "名字先不告诉你", "具体门牌不讲了",
          "我不想留名", "手机号就算了", "真名就不写了",
    "名字就算了", "电话就不留了", "住址不方便说", "姓名保密", "名字别写了", "号码不给了", "门牌号就不说了", "哪个村就不讲了"]
DEFER = ["等我问问儿子", "明天再说", "我先去做饭", "等会儿再跟你说", "回头再补", "我先问问村里再说",
         "晚上再来弄", "等我孙子放学回来再说",
    "等我想起来再说", "明儿再来", "我先去地里", "等我找到了再发", "回头我再说", "我去问问老伴", "下午再弄", "过两天再补"]
# Announcing whom a report is about names the matter: account ("我要举报我们村的会计").
REPORT = ["我要举报", "我要反映", "我想投诉", "举报", "反映一下", "我来反映", "投诉", "俺要告", "我要告",
          "我想反映一下", "我要投诉", "要举报"]
ANNOUNCE = ["我想反映个事", "我跟你说个事", "说个情况", "我要反映一下", "我来反映个问题",
            "想跟领导说个事", "我要举报个事", "跟你们讲个事情",
    "我有个事要反映", "想说个情况", "跟你们反映个事", "说个事儿", "我想投诉一下", "有个问题想反映", "俺来反映个事", "想请你们帮忙反映个事"]
# (issue 14i) Forms of address to the clerk, and what follows them before the account.
ADDRESS_FORM = ["小伙子", "姑娘", "同志", "领导", "师傅", "大兄弟", "小姑娘", "大姐", "小同志", "老师",
                "小妹", "大妹子", "后生", "小哥", "干部同志", "书记", "主任", "小兄弟", "闺女", "美女"]
ADDRESS_TAIL = ["", "啊", "呀", "哎", "你好", "我跟你说", "我跟你讲", "你听我说", "我给你说", "你听我讲",
                "我和你讲", "我同你讲", "你给评评理", "你听俺说"]
# Announcing an addition: "补充一句：…" (the lead-in is talk, what follows is account).
ADD_ON = ["补充一句", "再说一下", "还有个事", "另外补充一点", "再补充个情况", "忘了说了", "对了还有",
          "再加一句", "还有一点", "再补一句", "事情经过补充一句", "刚才漏了", "我再补充下", "还有件事要说",
          "顺便说一下", "经过再补一点"]
# Who types for whom: "我是他孙女", "帮我爷爷打字的", "他眼睛不好".
KIN = ["爷爷", "奶奶", "外公", "外婆", "我爸", "我妈", "老父亲", "婆婆", "公公", "舅舅", "姥姥", "大伯",
       "老母亲", "姑奶奶", "岳父", "叔叔"]
KIN_CANT = ["眼睛不好看不清", "看不清字", "不会打字", "耳朵听不见", "不识字", "眼睛花了打不了字", "手抖打不了字",
            "说话不利索", "字认不全", "不会弄这个", "在住院没法打字", "眼睛看不清"]
# What happened to one's kin is the matter (account), whoever types: "…把我孙子咬了".
KIN_HURT = ["咬了", "打伤了", "撞倒了", "吓着了", "骂了一顿", "推倒了", "烫伤了", "挤下去了", "扣了钱",
            "赶出来了", "砸伤了", "气病了"]

# ------------------------------------------------------------------------------- registers
_TRAD = str.maketrans(
    "个们这说话电号为么时间问题里没还来会对后发现过给让请谢长东车门开关见听钱处办应该样点头写错"
    "经济乡镇区县乐书买卖实难孙儿爷奶厂场垃圾脏污楼报举诉无业费补贴贫困灾险帮忙麻烦领导怕复谁",
    "個們這說話電號為麼時間問題裡沒還來會對後發現過給讓請謝長東車門開關見聽錢處辦應該樣點頭寫錯"
    "經濟鄉鎮區縣樂書買賣實難孫兒爺奶廠場垃圾髒汙樓報舉訴無業費補貼貧困災險幫忙麻煩領導怕復誰",
)
# Jianghuai (晓得, 蛮, 克), Henan (中, 恁, 俺, 咋, 弄啥), Shandong (俺, 咱, 啥, 咋着) flavours
_DIALECT = [("什么", "啥"), ("怎么", "咋"), ("知道", "晓得"), ("没有", "没得"), ("我们", "俺们"),
            ("我", "俺"), ("很", "蛮"), ("去", "克"), ("行不行", "中不中"), ("可以", "中"),
            ("你们", "恁"), ("这里", "这块"), ("那里", "那块"), ("说", "讲"), ("干什么", "弄啥"),
            ("孩子", "伢子"), ("一点", "一点儿"), ("我们", "咱们"), ("不行", "不中")]
_TYPOS = [("在", "再"), ("的", "地"), ("那", "哪"), ("已经", "以经"), ("反映", "反应"), ("名字", "名子"),
          ("电话", "电化"), ("什么", "什麽"), ("不是", "不时"), ("麻烦", "麻繁"), ("知道", "知到"),
          ("帮", "邦"), ("怕", "拍")]
_LEAD = ["", "", "", "嗯", "那个", "就是", "然后", "还有", "哎", "唉", "对了", "而且", "另外"]
_TAIL = ["", "", "", "啊", "呀", "哈", "的", "了", "呢", "吧", "哦", "嘛"]


def _register(rng: random.Random, text: str) -> str:
    r = rng.random()
    if r < 0.4:
        pass
    elif r < 0.5:
        text = text.translate(_TRAD)
    elif r < 0.62:  # voice input: no punctuation, a spoken filler before, spaces for pauses
        text = re.sub(r"[，,。.！!？?；;、]", " " if rng.random() < 0.5 else "", text)
    elif r < 0.82:  # dialect-flavoured
        for a, b in rng.sample(_DIALECT, 5):
            if a in text:
                text = text.replace(a, b, 1)
    elif r < 0.92:
        for a, b in rng.sample(_TYPOS, 4):
            if a in text:
                text = text.replace(a, b, 1)
                break
    text = rng.choice(_LEAD) + text + rng.choice(_TAIL)
    if rng.random() < 0.2:
        text += rng.choice(["。", "！", "？", "…", "，"])
    return text.strip()


def _part(items: list[str], test: bool) -> list[str]:
    """Every fourth item (by position) is the test split's (as in the intent corpus)."""
    from tests.nlp.intent_corpus import _split

    return _split(items, test)


def _templates(p: dict[str, list[str]]) -> list[tuple[str, str, str]]:
    """(label, detail, template) over the parts in `p`."""
    return [
        ("account", "event", "{who}{did}"), ("account", "event", "{place}{thing}"),
        ("account", "event", "{since}{who}{did}"), ("account", "event", "{who}{since}就{did}"),
        ("account", "event", "{thing}"), ("account", "event", "{place}的{who}{did}"),
        ("account", "event", "我家{thing}"), ("account", "event", "{who}又{did}"),
        ("account", "since", "{since}就这样了"), ("account", "since", "{thing}{since}"),
        ("account", "tried", "{tried}"), ("account", "tried", "{tried}，没用"),
        ("account", "tried", "我{tried}"),
        ("account", "tried", "{asked}{reply}"), ("account", "tried", "{not_done}"),
        ("account", "tried", "{who}{not_done}"), ("account", "event", "{state}"),
        ("account", "tried", "{unclear}"), ("account", "harm", "{health}"),
        ("account", "event", "{compare}"), ("account", "event", "{leaked}"),
        ("account", "tried", "{tried_to}{failed}"), ("account", "tried", "{tried_to}，{failed}"),
        ("account", "tried", "{who}{always}{put_off}"), ("account", "event", "{moved}，{thing}"),
        ("account", "event", "{moved}"),
        ("account", "event", "{report}{subject}"), ("account", "event", "{place}那个{subject}你们晓得不"),
        ("account", "event", "{subject}{did}"), ("account", "harm", "{conseq}"),
        ("account", "event", "{counter}"), ("account", "tried", "{before}"), ("account", "ask", "{stop}"),
        ("account", "event", "{thing}，{conseq}"),
        ("account", "event", "{since}{leaked}"), ("account", "harm", "{health}，{thing}"),
        ("account", "event", "{thing}，{state}"), ("account", "ask", "{ask_lead}{act}"), ("account", "harm", "{harm}"),
        ("account", "harm", "弄得{harm}"), ("account", "ask", "{ask}"),
        ("account", "event", "{who}说{did}是上面定的"), ("account", "harm", "{fear_lead}{danger}"), ("account", "who", "{who_am_i}"),
        ("account", "who", "{who_am_i}，{thing}"), ("account", "event", "{report}{who}"),
        ("account", "event", "{report}{place}的{who}"), ("account", "event", "{report}{who}{did}"),
        ("account", "event", "听说{who}{did}"), ("account", "event", "也不知道{who}为啥{did}"),
        ("meta", "who_types", "是{helper}{help}"), ("meta", "who_types", "{helper}{help}"),
        ("meta", "who_types", "这是我{helper}{help}"), ("meta", "who_types", "字是{helper}{help}"),
        ("meta", "who_types", "我让{helper}{help}"), ("meta", "self", "我{age}了{cant}"),
        ("meta", "self", "我年纪大了{cant}"), ("meta", "self", "{cant}"), ("meta", "self", "{self_who}"),
        ("meta", "self", "{self_who}，{cant}"), ("account", "who", "我{age}了"), ("account", "who", "俺今年{age}岁"),
        ("meta", "fear", "{fear_lead}{fear}"), ("meta", "fear", "{fear_lead}{fear}，{process}"),
        ("meta", "plea", "{plea}"), ("meta", "plea", "{plea}，{thanks}"),
        ("meta", "doubt", "{doubt}"), ("meta", "doubt", "也{doubt}"),
        ("meta", "apology", "{apology}"), ("meta", "apology", "我{cant}，{apology}"),
        ("meta", "thanks", "{thanks}"), ("meta", "aside", "{aside}"),
        ("meta", "process", "{process}"), ("meta", "refusal", "{refuse}"),
        ("meta", "deferral", "{defer}"), ("meta", "announce", "{announce}"),
        ("meta", "plea", "{doubt}，{plea}"),
        ("meta", "address", "{address_form}{address_tail}"), ("meta", "address", "{address_form}"),
("meta", "announce", "{add_on}"),
        ("meta", "who_types", "我是他{helper}"), ("meta", "who_types", "我是她{helper}"),
        ("meta", "who_types", "帮我{kin}打字的"), ("meta", "who_types", "我替{kin}{help}"),
        ("meta", "who_types", "{kin}{kin_cant}"), ("meta", "who_types", "他{kin_cant}"),
        ("meta", "who_types", "我帮{kin}打的字"), ("meta", "who_types", "替我{kin}发的"),
        ("account", "event", "{subject}把我{kin}{kin_hurt}"), ("account", "event", "{who}把我{helper}{kin_hurt}"),
        ("account", "harm", "我{kin}被{kin_hurt}"),
        # a request made with 让 / 叫 (never a request for a person to talk to)
        ("account", "ask", "让{who}{act}"), ("account", "ask", "让{subject}{stop}"), ("account", "ask", "叫{who}{act}"),
        # a question put to someone, their silence, a contact that failed (issue 14k)
        ("account", "tried", "{asked_them}{silent}"), ("account", "tried", "{asked_them}，{silent}"),
        ("account", "tried", "{unreachable}"), ("account", "tried", "{who}{unreachable}"),
        ("account", "tried", "{who}的{unreachable}"),
    ]


# (issue 14 round 8, 14y) a short fact of what someone did, leaning on the clause before with
# 还/也/又 ("书记不管，还帮着压"), and someone's words with no subject ("说会处理", "讲明年再说"):
# account, never talk about the talk. (Composed after every earlier row: those stay as they were.)
LEANING = [("account", "event", "{also}{third_act}"), ("account", "event", "{who}{also}{third_act}"),
           ("account", "tried", "说{put_off}"),
           ("account", "tried", "讲{put_off}"), ("account", "tried", "{who}讲{put_off}")]


# Label noise in borrowed account text: a clause with these words may be talk about the talk.
_NOT_PLAIN = re.compile(r"谢|感谢|此致|敬礼|你好|您好|领导|麻烦|辛苦|恳请|盼|望|反映|举报一下|投诉，|说个|补充|"
                        r"求助|请问|问一下|想问|咨询|打听|了解一下|是这样|情况如下|事情是")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _account_clauses(texts: list[str]) -> list[str]:
    """The clauses of accounts written for other purposes (the county's petitions, the intent
    corpus's stories), cleaned of greetings and sign-offs, without clauses that may be meta."""
    out = []
    for text in texts:
        t = clean(text)
        for a, b in spans(t):
            c = t[a:b]
            if len(_CJK.findall(c)) >= 3 and not _NOT_PLAIN.search(c):
                out.append(c)
    return out


# The petition files read (named, so that a file added for the classifier later leaves this
# corpus as it is; their labels are not read).
PETITION_FILES = ("agriculture", "civil_affairs", "discipline", "education_culture", "environment",
                  "health", "labour_security", "land_resources", "market_regulation",
                  "nature_force", "other", "politics_law", "transport", "urban_construction")


def _petitions(test: bool) -> list[str]:
    """The county's written petitions (config/nlp/examples/*.csv), every fourth for test."""
    texts = []
    for path in (EXAMPLES / f"{name}.csv" for name in PETITION_FILES):
        with path.open(encoding="utf-8", newline="") as f:
            texts += [r["text"] for r in csv.DictReader(f)]
    return _part(texts, test)


# Kinds of turn in the intent corpus that are talk about the talk wherever they occur.
_META_KINDS = {"process", "refusal", "human", "smalltalk"}


def _borrowed(rng: random.Random, test: bool) -> list[tuple[str, str, str]]:
    """Account clauses of the county's petitions and the intent corpus's stories, and the
    intent corpus's turns about the talk (its own test split for the test split)."""
    from tests.nlp import intent_corpus

    turns = intent_corpus.build(test, round_p=False)
    stories = [t for t, _, label, _ in turns if label == "story"]
    # (as many of each kind: the intent corpus's share of one kind is no reason for more here)
    by_kind = {kind: sorted({t for t, _, label, _ in turns if label == kind and len(t) >= 3})
               for kind in sorted(_META_KINDS)}
    petitions = _account_clauses(_petitions(test))
    told = _account_clauses(stories)
    k = 1 if test else 3
    rows = [(c, "account", "petition") for c in rng.sample(petitions, min(len(petitions), 600 * k))]
    rows += [(c, "account", "story") for c in rng.sample(told, min(len(told), 120 * k))]
    for texts in by_kind.values():
        rows += [(t, "meta", "turn") for t in rng.sample(texts, min(len(texts), 55 * k))]
    return rows


def build(test: bool) -> list[tuple[str, str, str]]:
    rng = random.Random(SEED + (1 if test else 0))
    pools = {
        "who": WHO, "did": DID, "thing": THING, "place": PLACE, "since": SINCE_P, "tried": TRIED_P,
        "harm": HARM, "ask": ASK_P, "helper": HELPER, "help": HELP_HOW, "age": AGE, "cant": CANT,
        "self_who": SELF_WHO, "who_am_i": WHO_AM_I, "danger": DANGER, "fear": FEAR, "fear_lead": FEAR_LEAD, "plea": PLEA, "doubt": DOUBT,
        "apology": APOLOGY, "thanks": THANKS, "aside": ASIDE, "process": PROCESS_Q,
        "refuse": REFUSE, "asked": ASKED, "reply": REPLY, "not_done": NOT_DONE,
        "state": STATE, "unclear": UNCLEAR, "health": HEALTH, "compare": COMPARE, "leaked": LEAKED, "tried_to": TRIED_TO, "failed": FAILED, "always": ALWAYS, "put_off": PUT_OFF, "moved": MOVED, "subject": SUBJECT, "conseq": CONSEQ, "counter": COUNTER,
        "before": BEFORE, "stop": STOP, "act": ACT, "ask_lead": ASK_LEAD, "report": REPORT, "defer": DEFER, "announce": ANNOUNCE,
        "address_form": ADDRESS_FORM, "address_tail": ADDRESS_TAIL, "add_on": ADD_ON, "kin": KIN,
        "kin_cant": KIN_CANT, "kin_hurt": KIN_HURT,
        "asked_them": ASKED_THEM, "silent": SILENT, "unreachable": UNREACHABLE,
        "also": ALSO, "third_act": THIRD_ACT,
    }
    p = {k: _part(v, test) for k, v in pools.items()}
    rows: list[tuple[str, str, str]] = []
    per = 14 if test else 28
    for label, detail, template in _templates(p):
        for _ in range(per):
            text = re.sub(r"\{(\w+)\}", lambda m: rng.choice(p[m.group(1)]), template)
            rows.append((_register(rng, text), label, detail))
    rows += [(_register(rng, t) if label == "account" else t, label, detail)
             for t, label, detail in _borrowed(rng, test)]
    for label, detail, template in LEANING:
        for _ in range(per):
            text = re.sub(r"\{(\w+)\}", lambda m: rng.choice(p[m.group(1)]), template)
            rows.append((_register(rng, text), label, detail))
    rows += _whereabouts(test)
    return unique(rows)


def unique(rows: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """The rows with a text, each text once (its first row), in order."""
    seen: set[str] = set()
    out = []
    for row in rows:
        if row[0] and row[0] not in seen:
            seen.add(row[0])
            out.append(row)
    return out


def _whereabouts(test: bool) -> list[tuple[str, str, str]]:
    """"{钱}{不知道去哪了}" (account), in the registers, with an rng of their own."""
    rng = random.Random(SEED + 7 + (1 if test else 0))
    things, gone = _part(GONE_THING, test), _part(GONE, test)
    rows = []
    for template in ("{thing}{gone}", "{thing}到现在{gone}", "收的{thing}{gone}"):
        for _ in range(10 if test else 24):
            text = template.format(thing=rng.choice(things), gone=rng.choice(gone))
            rows.append((_register(rng, text), "account", "event"))
    return rows


def held_apart(build: Callable[[bool], list[tuple[str, str, str]]],
               ) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """(train, test) built by `build`, the test rows without any text trained on."""
    train, test = build(False), build(True)
    seen = {r[0] for r in train}
    return train, [r for r in test if r[0] not in seen]  # never score a text trained on


def splits() -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    return held_apart(build)
