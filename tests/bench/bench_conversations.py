"""Conversation-level benchmark: scripted citizens through the whole intake, fields right.

    .venv/bin/python tests/bench/bench_conversations.py [--verbose]

Each scripted citizen (CITIZENS, written for this benchmark) has an opening, the answers they give
to each question the bot asks (whatever the order), things they do along the way (a process
question, a refusal, telling the story in parts, a correction at the summary), and the case they
mean to file. The driver answers whatever the bot asks until the case is submitted (or staff take
over, or 30 turns pass), then compares the submitted case with the expected one, field by field:

- description: contains every expected phrase, and none of the conversation's meta-talk;
- request, address: contain the expected phrase; town, name, phone, anonymity: equal.

Measured twice in the same run: with the turn-understanding layer (the shipped dialog) and
without it (the same dialog with `understanding=None`, i.e. the engine before issue 14), so the
figure is a comparison, not an absolute.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from dialogs.engine import Dialog
from tests.dialogs.fakes import Talk


@dataclass
class Citizen:
    name: str
    opening: list[str]
    answers: dict[str, str]  # expecting -> what they say
    expect: dict[str, Any]
    more: list[str] = field(default_factory=list)  # answers to follow-up questions on the story
    along: dict[str, list[str]] = field(default_factory=dict)  # expecting -> said first, once
    at_summary: list[str] = field(default_factory=list)
    meta_talk: tuple[str, ...] = ()  # must not end up in the description


def c(name, opening, answers, expect, **kw) -> Citizen:
    return Citizen(name, opening if isinstance(opening, list) else [opening], answers, expect, **kw)


A = {"request": "希望尽快处理", "confirm": "确认"}

CITIZENS: list[Citizen] = [
    c("plain road", "我们村的水泥路坏了大半年，坑里全是水，找过村里说没钱修",
      {**A, "town": "戴楼", "address": "新庄村二组", "name": "陶桂芳", "phone": "13852301234",
       "request": "希望把路修好"},
      {"town": "戴楼街道", "address": "新庄村二组", "name": "陶桂芳", "phone": "13852301234",
       "request": "希望把路修好", "description": ["水泥路坏了大半年"]}),
    c("rare surname", "厂里拖欠我三个月工资，一共一万二，老板一直躲着不见，去劳动所问过让等",
      {**A, "town": "金南", "address": "工业园区", "name": "免贵姓訾，訾国强", "phone": "13962207788",
       "request": "要求老板把工资结清"},
      {"name": "訾国强", "phone": "13962207788", "town": "金南镇", "request": "工资结清",
       "description": ["拖欠我三个月工资"]}),
    c("compound surname surname first", "小区电梯坏了两个月了，物业一直拖着不修，老人上下楼很难",
      {**A, "town": "黎城", "address": "阳光花园5栋", "name": "我姓欧阳 欧阳明哲", "phone": "18752001122"},
      {"name": "欧阳明哲", "town": "黎城街道", "address": "阳光花园5栋",
       "description": ["电梯坏了两个月"]}),
    c("spoken phone", "河边的养猪场把粪水直接排进河里，臭得不行，已经一年多了，找过环保站没用",
      {**A, "town": "塔集", "address": "高桥村五组", "name": "周建华", "phone": "幺三九 幺二三四 五六七八"},
      {"phone": "13912345678", "name": "周建华", "town": "塔集镇", "address": "高桥村五组",
       "description": ["粪水直接排进河里"]}),
    c("phone with liang and dong", "我家低保从上个月起停发了，没人告诉我为什么，去镇上问过说不清楚",
      {**A, "town": "前锋", "address": "白马湖村", "name": "钱秀英", "phone": "一五零 两两洞洞 幺幺三三",
       "request": "希望恢复低保"},
      {"phone": "15022001133", "request": "恢复低保", "description": ["低保从上个月起停发了"]}),
    c("process question on name", "村口的垃圾堆了半个月没人清，夏天臭得很，跟村委说了也不管",
      {**A, "town": "吕良", "address": "朱河村", "name": "孙立新", "phone": "13605172233"},
      {"name": "孙立新", "description": ["垃圾堆了半个月"]},
      along={"name": ["我的名字会不会被村里知道？"]}, meta_talk=("会不会被村里知道",)),
    c("process question on phone", "饭店油烟直接排到我家窗户上，一年多了，找过城管来看过一次就没下文",
      {**A, "town": "黎城", "address": "健康路66号", "name": "刘春梅", "phone": "13770201234"},
      {"phone": "13770201234", "address": "健康路66号", "description": ["油烟直接排到我家窗户上"]},
      along={"phone": ["要等多长时间才有结果？"]}, meta_talk=("多长时间",)),
    c("what is needed question", "我想问下这个要填哪些东西？",
      {**A, "description": "村里修路占了我家两分地，说好的补偿一直没给，去年秋天的事，找村主任好几次了",
       "town": "银涂", "address": "涂沟村三组", "name": "王德胜", "phone": "13511112222",
       "request": "要求按政策补偿"},
      {"description": ["占了我家两分地"], "request": "按政策补偿"},
      meta_talk=("填哪些东西",)),
    c("thin opening gets follow-ups", "门口那条沟又黑又臭",
      {**A, "town": "金北", "address": "陈桥村", "name": "陈玉兰", "phone": "13921213434"},
      {"description": ["沟又黑又臭", "去年", "村里"]},
      more=["从去年夏天开始的，一直这样", "找过村里，说会处理，到现在也没弄"]),
    c("tells it in parts", "事情比较长 我慢慢讲",
      {**A, "description": "说完了", "town": "前锋", "address": "胜利村六组", "name": "吴长林",
       "phone": "13800001111"},
      {"description": ["承包了村里的鱼塘", "强行放水", "损失两万多"], "name": "吴长林"},
      more=["去年我承包了村里的鱼塘", "今年五月有人晚上强行放水", "鱼都死了，损失两万多", "说完了"],
      meta_talk=("慢慢讲", "说完了")),
    c("name refusal non-report", "施工队半夜还在打桩，吵得没法睡，都一个多月了，打过12345",
      {**A, "town": "黎城", "address": "城南社区", "name": "名字就算了", "phone": "18900112233"},
      {"anonymous": True, "phone": "18900112233", "description": ["半夜还在打桩"]},
      along={}, meta_talk=("名字就算了",)),
    c("anonymous report no phone", "我要举报村会计挪用修路的钱，账目从来不公开，好几年了，村民问过不给看",
      {**A, "town": "金南", "address": "复兴村", "anonymous": "匿名", "name": "匿名",
       "phone": "电话不想留", "request": "要求查账"},
      {"anonymous": True, "request": "查账", "description": ["挪用修路的钱"]},
      meta_talk=("匿名", "不想留")),
    c("person requested in a sentence", "我们小区的路灯坏了一个月了，物业说不归他们管",
      {**A, "town": "能不能让你们工作人员给我打个电话，我说不清楚"},
      {"handoff": True}),
    c("correction at summary", "学校门口的减速带被压坏了，车开得飞快，孩子放学很危险，已经两个月了，跟学校反映过",
      {**A, "town": "戴楼", "address": "实验小学门口", "name": "何晓东", "phone": "13405178899"},
      {"town": "金北街道", "name": "何晓东"}, at_summary=["镇写错了，不是戴楼，是金北"],
      meta_talk=("写错了",)),
    c("phone correction at summary", "邻居家的狗不拴绳，咬了我孙子，他家不赔医药费，上个礼拜的事，找村里调解过",
      {**A, "town": "吕良", "address": "蒋桥村", "name": "蒋大海", "phone": "13600001234"},
      {"phone": "13600004321"}, at_summary=["电话写错了，应该是13600004321"]),
    c("name correction at summary", "药店卖的降压药比别家贵一倍，还不给开发票，上个月买的，跟店员说了不理",
      {**A, "town": "金北", "address": "金湖路18号", "name": "张为民", "phone": "15195001234"},
      {"name": "张卫民"}, at_summary=["名字打错了，是张卫民"]),
    c("all in one", "我是银涂镇涂沟村的仝建国，村里的自来水三天两头停，已经半年了，找过水厂没用，"
      "建议把老水管换掉，电话13951234567",
      {**A},
      {"name": "仝建国", "town": "银涂镇", "phone": "13951234567", "request": "建议把老水管换掉",
       "description": ["自来水三天两头停"]}),
    c("all in one with 我姓", "你好我姓皇甫，叫皇甫秋云，住塔集镇闵桥社区，菜市场有人短斤缺两，好几次了，"
      "跟市场管理员说了没人管，希望管一管",
      {**A, "phone": "13813800000"},
      {"name": "皇甫秋云", "town": "塔集镇", "request": "希望管一管", "description": ["短斤缺两"]}),
    c("consultation", "请问低保怎么申请，要什么条件？",
      {**A, "phone": "13605170000"},
      {"description": ["低保怎么申请"], "phone": "13605170000"}),
    c("consultation subsidy", "想问问高龄津贴怎么领，我父亲今年八十一了",
      {**A, "phone": "13605171111"},
      {"description": ["高龄津贴怎么领"]}),
    c("old town name", "我家房子被鉴定成危房两年了，改造补助一直没下来，去镇上问过好几次",
      {**A, "town": "闵桥", "address": "闵桥社区", "name": "陆玉珍", "phone": "13852001234",
       "request": "希望补助早点发"},
      {"town": "塔集镇", "request": "补助早点发", "description": ["危房两年了"]}),
    c("traditional characters", "村裡的路燈壞了半年了，晚上黑燈瞎火的，找過村委會沒人管",
      {**A, "town": "前鋒", "address": "前進村", "name": "葉明輝", "phone": "13700001111"},
      {"phone": "13700001111", "town": "前锋镇", "description": ["路灯坏了半年"]}),
    c("voice without punctuation", "那个我们厂里老板拖欠工资三个月了一直不给我们找了劳动监察大队也没用",
      {**A, "town": "金南镇", "address": "工业园区", "name": "我叫胡志强", "phone": "一三八 一二三四 五六七八"},
      {"name": "胡志强", "phone": "13812345678", "description": ["拖欠工资三个月"]}),
    c("address refusal then landmark", "路边的电线杆歪了快倒了，下雨天很危险，有一个多星期了，打过供电所电话",
      {**A, "town": "吕良", "address": "门牌号就不说了", "name": "赵玉梅", "phone": "13900002222"},
      {"town": "吕良镇", "name": "赵玉梅"}, along={}, meta_talk=("门牌号",)),
    c("thanks along", "学校乱收补课费，一个学期八百，不交的孩子被老师点名，这学期开始的，家长们问过校长",
      {**A, "town": "黎城", "address": "城北小学", "name": "梁红梅", "phone": "13815171234"},
      {"name": "梁红梅", "description": ["乱收补课费"]}, along={"phone": ["好的谢谢你"]},
      meta_talk=("谢谢",)),
    c("bot question", "公交车一天只有两班，老人去县城看病很不方便，一直这样，跟交通局提过",
      {**A, "town": "银涂", "address": "银集街", "name": "郑国平", "phone": "13905171234",
       "request": "建议增加班次"},
      {"request": "建议增加班次", "description": ["公交车一天只有两班"]},
      along={"town": ["你是机器人吗"]}, meta_talk=("机器人",)),
    c("greeting first", "你好",
      {**A, "description": "村里的广场舞音响太大，每天吵到晚上十点，好几个月了，跟村里说过",
       "town": "金北", "address": "育才社区", "name": "冯晓燕", "phone": "13605179999"},
      {"description": ["广场舞音响太大"], "name": "冯晓燕"}, meta_talk=("你好",)),
    c("request in 希望 with story", "我家的田被邻居占了一垄，去年开始的，村干部调解过两次不管用，希望镇里出面处理",
      {**A, "town": "前锋", "address": "三河村八组", "name": "曹德福", "phone": "13512345678"},
      {"request": "希望镇里出面处理", "description": ["田被邻居占了一垄"]}),
    c("name via 我是…的", "我是金南镇的韩玉兰，卫生院的医生态度很差，上周去看病被骂了，找院长反映过",
      {**A, "address": "卫生院", "phone": "13500001234"},
      {"name": "韩玉兰", "town": "金南镇", "description": ["医生态度很差"]}),
    c("dont know town", "有人在河堤上挖沙，堤都快挖空了，最近一个月天天挖，打过110",
      {**A, "town": "不知道", "address": "大桥下面", "name": "许长青", "phone": "13961234567"},
      {"name": "许长青", "address": "大桥下面", "description": ["河堤上挖沙"]}),
]

FIELDS = ("description", "request", "address", "town", "name", "phone", "anonymous")


def drive(dialog: Dialog, cz: Citizen, verbose: bool = False) -> tuple[dict[str, Any] | None, Talk]:
    t = Talk(dialog)
    t.say("你好")
    t.say("同意")
    for m in cz.opening:
        t.say(m)
    more = list(cz.more)
    along = {k: list(v) for k, v in cz.along.items()}
    summary = list(cz.at_summary)
    for _ in range(30):
        state = t.doc["state"]
        if state in ("submitted", "handoff", "closed"):
            break
        r = t.results[-1]
        expecting = r.expecting or ""
        if along.get(expecting):
            t.say(along[expecting].pop(0))
            continue
        if expecting == "confirm" and summary:
            t.say(summary.pop(0))
            continue
        if expecting == "description" and more:
            t.say(more.pop(0))
            continue
        answer = cz.answers.get(expecting) or cz.answers.get(
            {"anonymous": "name"}.get(expecting, ""), "")
        if not answer:
            answer = {"description": "就是这个事", "request": "希望尽快处理"}.get(expecting, "好的")
        t.say(answer)
    if verbose:
        for e in t.doc.get("transcript", []):
            print(f"   {e['role']}: {e['text'][:90]}")
    subs = t.effects("submit")
    return (subs[0].payload if subs else None), t


def score(case: dict[str, Any] | None, talk: Talk, cz: Citizen) -> tuple[int, int, list[str]]:
    exp = cz.expect
    if exp.get("handoff"):
        ok = talk.doc["state"] == "handoff"
        return int(ok), 1, [] if ok else ["handoff"]
    if case is None:
        n = max(1, sum(1 for f in FIELDS if f in exp))
        return 0, n, ["no case"]
    right = total = 0
    wrong: list[str] = []
    p = case["petitioner"]
    for f in FIELDS:
        if f not in exp:
            continue
        total += 1
        want = exp[f]
        if f == "description":
            d = case["description"] or ""
            ok = all(w in d for w in want) and not any(m in d for m in cz.meta_talk)
        elif f == "request":
            ok = want in (case["request"] or "")
        elif f == "address":
            ok = want in (case["address"] or "")
        elif f == "town":
            ok = case["town"] == want
        elif f == "name":
            ok = p["name"] == want
        elif f == "phone":
            ok = p["phone"] == want
        else:
            ok = bool(p["anonymous"]) == want
        right += ok
        if not ok:
            wrong.append(f)
    # meta-talk must not be stored anywhere a field is
    for m in cz.meta_talk:
        for key in ("address", "request"):
            if m in str(case.get(key) or ""):
                wrong.append(f"{key} holds '{m}'")
    return right, total, wrong


def run(dialog: Dialog, verbose: bool) -> tuple[int, int, int, list[tuple[str, list[str]]]]:
    right = total = perfect = 0
    failures = []
    for cz in CITIZENS:
        case, talk = drive(dialog, cz, verbose=False)
        r, n, wrong = score(case, talk, cz)
        right, total = right + r, total + n
        perfect += not wrong
        if wrong:
            failures.append((cz.name, wrong))
            if verbose:
                print(f"-- {cz.name}: {wrong}")
                drive(dialog, cz, verbose=True)
    return right, total, perfect, failures


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    with_u = Dialog.from_config(ROOT / "config")
    without = Dialog.from_config(ROOT / "config")
    without.understanding = None
    without.faq = None
    print(f"scripted citizens: {len(CITIZENS)}")
    for label, d in (("without understanding (baseline)", without), ("with understanding", with_u)):
        right, total, perfect, failures = run(d, args.verbose and d is with_u)
        print(f"{label:34s} fields right {right}/{total} = {right / total:.3f}   "
              f"cases entirely right {perfect}/{len(CITIZENS)}")
        if d is with_u:
            for name, wrong in failures:
                print(f"   {name}: {', '.join(wrong)}")


if __name__ == "__main__":
    main()
