"""Builds the labelled corpus of the grievance reader (nlp.grievance).

    .venv/bin/python -m tests.nlp.grievance_corpus   # writes config/nlp/intents/grievance_{train,test}.csv

One row per clause of what a citizen says after asking a question: text, label, detail.
Labels:
- `wrong`: something done to the citizen or theirs, withheld, stopped, refused, cut, given to
  somebody else; being pushed from one office to another; what they were told when they went
  (说等等 / 说没钱 / 电话没人接); a thing broken or harmful. Told after a question, it makes the
  conversation a petition.
- `ask`: a question for information (how to apply, what is needed, how much, when, where,
  whether one qualifies), in any register.
- `fact`: background without a wrong (who one is, one's age, family, what one has or did,
  that a benefit is being received), and "不是问…" (not a question either).

Clauses are composed from parts (a benefit and what happened to it; a subject and a form of
question; who one is), so no wording is learnt whole. Honesty of the test split: of every list
of parts every fourth item (by position) is held out for grievance_test.csv and never used in
training. Registers (traditional characters, voice input without punctuation, Jianghuai /
Henan / Shandong flavour, typos) come from the clause corpus's own register function.
"""

from __future__ import annotations

import random
from pathlib import Path

from tests.nlp import clause_corpus as cc
from tests.nlp.intent_corpus import render_clauses

ROOT = Path(__file__).resolve().parents[2]
OUT_DIR = ROOT / "config" / "nlp" / "intents"
SEED = 20261208 + 14

# ------------------------------------------------------------------------------ wrong
BENEFIT = ["补贴", "低保", "护理补贴", "高龄津贴", "养老金", "工资", "补偿款", "种粮补贴", "残疾人补贴",
           "独生子女费", "退休金", "医保报销的钱", "救助金", "抚恤金", "失业金", "助学金", "危房补助",
           "拆迁款", "工钱", "押金", "生活补助", "优抚金", "困难补助", "土地流转费", "青苗费", "五保金",
           "征地款", "租金"]
OWNER = ["", "", "我的", "我家的", "俺家", "俺爹的", "我儿子的", "我们组的", "俺的", "我妈的", "老伴的",
         "孩子的", "我们家", "他们家"]
STOPPED = ["今年开始就停了", "卡上一直没到账", "一分钱都没见着", "被取消了", "给停发了", "少发了一半",
           "到现在还没发", "说没就没了", "名单里没有我了", "不给发了", "拖了半年还不给", "只给了一半",
           "被村里扣下了", "打到别人卡上了", "给别人领走了", "从五月份起卡上就没钱了", "好几个月没打过来",
           "一直拖着不给", "被人冒领了", "突然就没了", "发了两个月就断了", "比别人少了一大截",
           "一直没批下来", "被镇上卡住了", "到今天还差三千", "说好的数目打了对折", "停了也没人通知",
           "名单上把我划掉了"]
UNEQUAL = ["别人家都有 就俺家没有", "人家都领了 就我没有", "评上的都是干部亲戚", "名额给了村干部的亲戚",
           "条件比我好的都评上了", "跟我一样情况的都批了", "隔壁村早就发了 我们村一分没有",
           "同一批的人都办好了 就卡我一个", "村会计自己家倒评上了", "有关系的先给", "一样的房子人家补得多",
           "开小车的都吃上低保了"]
PUSHED = ["城管说归住建 住建说归城管", "叫我回原单位开证明 原单位又叫我来这", "来回跑了好几趟",
          "几个部门推来推去", "镇上叫找县里 县里叫找镇上", "社保所说找人社局 人社局又让回社保所",
          "踢皮球踢了半年", "跑了五六趟还没办成", "这个窗口推那个窗口", "谁都说不归他们管"]
NOT_TOLD = ["也没人通知我们", "连个说法都没有", "也没人跟我们说一声", "问了也不理", "电话打了没人接",
            "到现在也没个回音", "去问就说等通知", "一直说在审核", "说系统里查不到", "说材料丢了让重交",
            "说上面没批下来", "说名额满了", "说不归他们管", "说是上面定的"]
DONE_TO = ["厂里不给报工伤", "老板跑了工钱没结", "村里把俺家的地划给了别人", "学校说没名额不收",
           "医院多收了两千块", "物业把我家水停了", "镇上把我家房子认定成违建", "评估价一平方才给一千出头",
           "合同到期了押金不退", "补偿标准比文件上少一半", "拆迁的时候说好的安置房没给",
           "村里说俺户口不在这不给分", "社保断了两年不让补", "驾校收了钱不给考试"]


def _wrong(test: bool) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    benefits, owners, stopped = cc._part(SUBJECTS, test), cc._part(OWNER, test), cc._part(STOPPED, test)
    for i, b in enumerate(benefits):
        for j, s in enumerate(stopped):
            if (i + j) % 3 == 0:
                out.append((owners[(i * 7 + j) % len(owners)] + b + s, "benefit"))
    for lst, detail in ((UNEQUAL, "unequal"), (PUSHED, "pushed"), (NOT_TOLD, "not_told"),
                        (DONE_TO, "done_to")):
        out += [(x, detail) for x in cc._part(lst, test)]
    who, did = cc._part(cc.WHO, test), cc._part(cc.DID, test)
    out += [(w + d, "done_to") for i, w in enumerate(who) for j, d in enumerate(did) if (i + j) % 5 == 0]
    out += [(p + t, "thing") for i, p in enumerate(cc._part(cc.PLACE, test))
            for j, t in enumerate(cc._part(cc.THING, test)) if (i + j) % 4 == 0]
    asked, reply = cc._part(cc.ASKED, test), cc._part(cc.REPLY, test)
    out += [(a + r, "told") for i, a in enumerate(asked) for j, r in enumerate(reply) if (i + j) % 4 == 0]
    out += [(x, "not_done") for x in cc._part(cc.NOT_DONE, test)]
    out += [(x, "unequal") for x in cc._part(cc.COMPARE, test)]
    return out


# ------------------------------------------------------------------------------ ask
ASK_LEAD = ["", "", "请问", "问一下", "想问问", "我想咨询下", "打听一下", "俺想问问", "同志 问下", "麻烦问下",
            "恁这", "我就问问", "领导 我问下", "想了解下"]
TOPIC = ["低保", "高龄补贴", "医保", "养老保险", "残疾证", "危房改造补助", "种粮补贴", "征地补偿", "独生子女费",
         "孩子上学", "户口迁移", "退役军人优待证", "公积金", "社保卡", "电动车上牌", "宅基地", "不动产证",
         "农村合作医疗", "失业金", "护理补贴", "临时救助", "廉租房", "营业执照", "老年证"]
FORM = ["怎么申请", "要什么材料", "一个月多少钱", "标准是多少", "什么时候发", "在哪里办", "找哪个部门",
        "有没有", "能不能领", "要交多少钱", "多久能批下来", "需要本人去吗", "咋办", "要啥条件", "办下来要多久",
        "是按什么算的", "可以补交吗", "怎么领", "去哪儿办", "要不要钱", "有什么条件", "网上能办吗",
        "几号发", "归谁管", "的事", "的政策", "这块的事情", "方面的问题", "标准多少钱一亩", "的情况",
        "是咋规定的", "还有没得", "今年涨了没有", "到底是咋回事", "是多少", "能补办吗", "去哪里问", "怎么算",
        "有啥规定", "该找谁", "多久办好", "要排队吗", "有啥要求", "在网上咋弄", "可以代办吗", "得交啥",
        "什么时候截止", "要几天", "的手续", "的流程", "能不能网上申请", "还能不能办"]
# A question announced, alone: "问一下", "俺打听个事".
ASK_ALONE = ["问一下", "请问", "我想问问", "打听一下", "咨询一下", "问下", "想问个事", "我问个事", "同志我问一下",
             "俺打听个事", "想了解一下", "请教一下", "我来问个事", "问个事情", "咨询个事", "想打听点事"]
# (every subject is asked about and withheld alike: the words of a subject tell neither)
SUBJECTS = list(dict.fromkeys(BENEFIT + TOPIC))
ASK_SELF = ["我这种情况能不能办", "我这样的能领吗", "像我这种的算不算", "外地户口能办不", "俺这岁数还能申请不",
            "我这个能补吗", "我家符合条件吗", "要准备哪些东西", "具体流程是咋样的", "要等多长时间",
            "需要带身份证吗", "这个钱是谁发的"]


def _ask(test: bool) -> list[tuple[str, str]]:
    leads, topics, forms = cc._part(ASK_LEAD, test), cc._part(SUBJECTS, test), cc._part(FORM, test)
    out = [(leads[(i + j) % len(leads)] + t + forms[j], "info")
           for i, t in enumerate(topics) for j in range(len(forms)) if (i + j) % 2 == 0]
    out += [(x, "self") for x in cc._part(ASK_SELF, test)]
    out += [(x, "alone") for x in cc._part(ASK_ALONE, test)]
    return out


# ------------------------------------------------------------------------------ fact
FACT = ["我今年六十八了", "我儿子一级肢体残疾", "我是退伍军人", "户口在戴楼", "俺在外地打工", "护理补贴一直在领的",
        "我家四口人", "孩子上三年级", "我交了十五年社保", "我家有五亩地", "我是老民办教师", "我老伴身体不好",
        "我是残疾人 二级的", "家里就我一个人", "我们是从外地嫁过来的", "我以前在厂里上班", "我去年刚退休",
        "我是低保户", "俺闺女在县城上学", "我家房子是八几年盖的", "我是独生子女父母", "我在镇上开了个小店",
        "我爸八十三了", "材料都准备好了", "我听邻居说的", "我刚从外地回来", "我看新闻上说的", "我是种地的",
        "俺家是贫困户", "我在县城买了房", "孩子明年上初中", "我户口还在老家", "我们村今年搞了整治",
        "我身份证快到期了", "我是去年评上的", "我家老大在部队"]
NOT_ASKING = ["不是问怎么申请", "我不是问这个", "不是想打听政策", "不是问标准", "我不是要问流程",
              "不是咨询", "也不是问钱多少", "不是想办证"]


KIN_WHO = ["我", "俺", "我儿子", "俺爹", "我老伴", "我妈", "我闺女", "我家老头子", "孩子", "俺娘", "我爱人",
           "我公公"]
KIN_STATE = ["今年七十多了", "是二级残疾", "在外地打工", "户口在村里", "是退伍军人", "在县城上班", "身体不好",
             "一直在领补贴", "上半年刚退休", "是低保户", "交了十几年社保", "在镇上读书", "有残疾证",
             "是独生子女", "住在老街上", "腿脚不方便", "八十好几了", "是党员", "在厂里干了二十年", "常年吃药",
             "户口在镇上", "在上海打工", "在县医院住过院", "是五保户", "种了十几亩地", "今年刚满六十",
             "在部队当过兵", "一个人住", "有高血压", "在读高中", "是下岗职工", "跟我一起住"]


SUBJECT_FACT = ["一直在领的", "去年刚批下来", "是村里统一办的", "前年就开始领了", "每个月都按时到",
                "是我自己去办的", "是儿子帮着弄的", "一直是村会计经手", "以前在老家领", "我家也有",
                "是去年申请的", "每年都按时交", "是在镇上办的", "我一直在交", "材料是村里报的", "是按月发的",
                "我们家也在领", "办了好多年了"]


# What one did not do oneself, and what an employer or the village did do: background, no wrong
# ("我没交过社保" is no one's wrong; "老板从来没给我交过社保" is).
SELF_NEG = ["没交过社保", "没申请过", "一直没去办", "还没去办", "没参加过医保", "没买过保险", "没领过", "没评过残疾",
            "没去年审", "没办过证", "一直没顾上弄", "还没来得及交"]
PAYER = ["单位", "厂里", "公司", "村里", "老板", "以前的单位", "学校", "镇上"]
PAID = ["给交了五年", "一直给交着", "给办过一次", "给报过一回", "交了三年", "给买了医保", "每年都给交",
        "帮着办的"]


def _fact(test: bool) -> list[tuple[str, str]]:
    who, state = cc._part(KIN_WHO, test), cc._part(KIN_STATE, test)
    negs, payers, paid = cc._part(SELF_NEG, test), cc._part(PAYER, test), cc._part(PAID, test)
    own = [(w + n, "self_neg") for i, w in enumerate(who) for j, n in enumerate(negs) if (i + j) % 3 == 0]
    own += [(p + d, "paid") for i, p in enumerate(payers) for j, d in enumerate(paid) if (i + j) % 2 == 0]
    subjects, said = cc._part(SUBJECTS, test), cc._part(SUBJECT_FACT, test)
    subject_facts = [(x + f, "subject") for i, x in enumerate(subjects) for j, f in enumerate(said)
                     if (i + j) % 4 == 0]
    return [(x, "self") for x in cc._part(FACT, test)] + [
        (x, "not_asking") for x in cc._part(NOT_ASKING, test)] + [
        (w + s, "kin") for i, w in enumerate(who) for j, s in enumerate(state) if (i + j) % 2 == 0] + (
        subject_facts) + own


def build(test: bool) -> list[tuple[str, str, str]]:
    rng = random.Random(SEED + int(test))
    rows: list[tuple[str, str, str]] = []
    for label, parts in (("wrong", _wrong(test)), ("ask", _ask(test)), ("fact", _fact(test))):
        for text, detail in parts:
            rows.append((text, label, detail))
            for _ in range(1 if label == "wrong" else 2 if label == "ask" else 3):  # (fewer: more registers)
                rows.append((cc._register(rng, text), label, detail))
    return cc.unique(rows)


def splits() -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    return cc.held_apart(build)


def main() -> None:
    train, test = splits()
    (OUT_DIR / "grievance_train.csv").write_text(render_clauses(train), encoding="utf-8")
    (OUT_DIR / "grievance_test.csv").write_text(render_clauses(test), encoding="utf-8")
    print(f"grievance train: {len(train)} rows, test: {len(test)} rows")


if __name__ == "__main__":
    main()
