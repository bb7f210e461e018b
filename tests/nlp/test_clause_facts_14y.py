"""Facts are never cut from the account as talk about the talk (issue 14, round 8, engineer 14y;
the lead's 01:25 note: data loss by the clause reader).

The clause reader (nlp.clauses) reads each clause alone; two kinds of fact were dropped:
- someone's words with no subject, or going on after "X说…" ("说会处理", "他讲明年再说", "村长讲没钱，
  以后再说", "民政说不归他们管，不知道"): nlp.reported now marks a speaker's words (说/讲 + words, the
  speaker not the citizen nor the clerk) and up to two short clauses after them, unless those turn
  to the clerk (谢谢你们 / 就这些 / 麻烦领导了);
- a short fact leaning on the clause before with 还/也/又 ("村干部不管，还帮着瞒"): rows composed
  for the clause corpus (tests/nlp/clause_corpus.py LEANING; parts held out for its test split).

Own story messages with the fact that must stay, probed before the fix: 12 of 30 lost the fact
(6 of the first 24, all 6 of the last); none after.
"""

from __future__ import annotations

import pytest

FACTS = [
    ("厂里的污水直接排到我们河里 村干部不管 还帮着瞒", "还帮着瞒"),
    ("找过镇城管 他们来了一次 说会处理 后来就没人来了", "说会处理"),
    ("邻居把垃圾倒在俺家门口 俺说了他两句 他还骂人", "他还骂人"),
    ("我们反映了好几次 村里说再等等 到现在也没动静", "说再等等"),
    ("物业把消防通道占了停车 业主去找 物业也不管", "物业也不管"),
    ("修路的时候把俺家的水管挖断了 施工队说没办法 让俺自己接", "说没办法"),
    ("我家的补偿款被村会计扣了一半 问他要 他讲明年再说", "他讲明年再说"),
    ("饭店的油烟全排到我家 找老板 老板还威胁我", "老板还威胁我"),
    ("俺家的地被占了 镇上来人看了 说回去研究研究", "说回去研究研究"),
    ("学校乱收资料费 家长有意见 校长还说不交就别来上学", "校长还说不交就别来上学"),
    ("村里低保不公平 评上的都是村干部亲戚 我去问 说是按程序评的", "说是按程序评的"),
    ("养殖场的臭味熏得没法住 环保所来过 讲等检测结果", "讲等检测结果"),
    ("开发商延期交房一年多 去售楼处问 说马上就好", "说马上就好"),
    ("小区的路灯坏了 物业不修 还说不归他们管", "还说不归他们管"),
    ("包工头拖欠工资 我们去要 他还动手推人", "他还动手推人"),
    ("电动车在车棚被偷了 保安说看不见 也不给看监控", "也不给看监控"),
    ("村里修桥的钱 账上对不上 会计说不知道 书记也不说", "书记也不说"),
    ("隔壁装修天天早上六点开始砸墙 跟他说 他说关你什么事", "他说关你什么事"),
    ("镇卫生院给我老伴开错了药 去找 院长说会调查 后来也没结果", "说会调查"),
    ("俺的工伤认定拖了半年 人社局说材料不齐 又让补", "又让补"),
    ("拆迁的时候评估员说我家是违建 可我有房产证 他也不看", "他也不看"),
    ("村头的河被填了一半 问村里 说是上面让填的", "说是上面让填的"),
    ("俺们村的路灯坏了半年 村长讲没钱 以后再说", "以后再说"),
    ("医保报销一直没到账 卫生院说材料丢了 回头再说", "回头再说"),
    ("拆迁补偿少算了二十平 拆迁办说就这么定了 不用再来了", "不用再来了"),
    ("我们村的自来水黄了一个月 水厂说管子老了 过段时间再说", "过段时间再说"),
    ("俺家的低保被取消了 找了民政 民政说不归他们管 不知道", "不知道"),
    ("我家屋后的排水沟堵死了 社区主任说没人手 过完年再讲", "过完年再讲"),
    ("学校食堂的饭菜太差 校长说就这个标准 不用反映了", "不用反映了"),
    ("村里把俺家的宅基地证扣着不给 支书说没空 改天再说", "改天再说"),
]

# Second batch, written after the fix and not looked at while fixing: 10 of 10 kept unchanged
# (before the fix: 8 of 10).
SECOND_BATCH = [
    ("俺家的玉米被邻居家的羊啃了一大片 去找他家 他说羊又不是他放的 爱找谁找谁", "爱找谁找谁"),
    ("单位拖了我们半年的绩效 去问财务 财务讲等领导签字 等着吧", "等着吧"),
    ("村里的公厕没人打扫 臭气熏天 找村里 说下礼拜安排人", "说下礼拜安排人"),
    ("开发商说好的车位赠送不给了 售楼部经理讲合同上没写 不认", "不认"),
    ("俺们组的桥栏杆断了 报给镇上 镇上说没有预算 先这样", "先这样"),
    ("我老伴的住院费报销被卡住了 医保局说缺个章 回去补", "回去补"),
    ("物业把我家的快递弄丢了 客服说查不到 还挂我电话", "还挂我电话"),
    ("邻居在楼道里堆满了杂物 说了好几次 他也不听 还瞪我", "还瞪我"),
    ("村里征地给的补偿比别的村低 问镇上 镇上讲各村标准不一样 没办法", "没办法"),
    ("孩子在幼儿园被老师打了 园长说老师是实习的 算了算了", "算了算了"),
]


@pytest.mark.parametrize(("text", "fact"), FACTS + SECOND_BATCH)
def test_a_fact_of_the_story_stays_in_the_account(understanding, text, fact):
    assert fact in understanding.clauses.account(text)


@pytest.mark.parametrize("text", ["村长讲没钱，谢谢你们了", "镇上说等等，麻烦领导了", "说会处理，就这些"])
def test_the_citizens_own_talk_after_reported_words_is_still_cut(understanding, text):
    kept = understanding.clauses.account(text)
    assert kept and not any(w in kept for w in ("谢谢", "麻烦", "就这些")), kept
