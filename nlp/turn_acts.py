"""What a message does to a conversation under way: the turn act, and the parts it carries.

    acts = ActReader(model)          # model: IntentModel trained on config/nlp/intents/acts_train.csv
    acts.ranked("我先跟家里人商量商量 明天再来交", "confirm")   # -> [("defer", 0.99), ...]

ACTS: cancel (the matter dropped, in any wording: 这事我不打算往上报了, 你们就当我没说), defer
(kept for later: talk it over at home, come back tomorrow), correct (a value said wrong, with or
without the new one: a field of the form or a fact of the account; which, the dialog sees from
what it holds), add_fact (a fact added to the account), more_request
(a second demand), demand (the answer to the request question, whatever fee, time or right it
names), confirm, other. The model is the project's learner (nlp.intent_model) over a
corpus composed who x act x tail (tests/nlp/act_corpus.py), with a test split it never trains
on (`petition-bot eval --intents` reports both corpora).

The parts are read by rules over a closed grammar: a correction pairs the value said wrong
with the new one ("不是A是B", "是B不是A", "A不对，应该是B", "A改成B"); `fixed_account` puts the
new words where the old ones stood in the citizen's own account (nothing paraphrased), and
`demand_of` is the second demand without the words that announce it.

Pure: no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from nlp.entities import normalize
from nlp.hanzi import to_simplified
from nlp.intent_model import IntentModel

ACTS = ("cancel", "defer", "correct", "add_fact", "more_request", "demand", "confirm", "other")
_STOP = "，,。.！!？?；;、：: \n~～…"
_KEEP = 2048


class ActReader:
    def __init__(self, model: IntentModel) -> None:
        self.model = model
        self._seen: dict[tuple[str, str], list[tuple[str, float]]] = {}

    def ranked(self, text: str, expecting: str, top: int = 3) -> list[tuple[str, float]]:
        """The acts a message most likely is, best first, with the model's probabilities
        (readings of recent messages are kept: a step may ask twice)."""
        key = (text, expecting)
        hit = self._seen.get(key)
        if hit is None:
            if len(self._seen) >= _KEEP:
                self._seen.clear()
            hit = self._seen[key] = [(a, float(p)) for a, p in self.model.ranked(text, expecting, top=3)]
        return hit[:top]


# ---------------------------------------------------------------------------------- pairs
_WRONG = (r"(?:(?:写|打|输|填|说|讲|记|搞|弄|选)?错(?:了一个|了个|一个|个)?字?了?|不对|有误|有问题|不是这个)")
_NEW_LEAD = r"(?:而是|应该是|应是|其实是|正确的是|是|在|叫)"
_PAIR_RULES = (
    # 不是A(，)是B
    re.compile(r"不(?:是|在|叫)(?P<old>[^，,。！!？?\s]{1,16}?)[了的]?[，,\s]*(?:而|应该|应|其实)?(?:是|在|叫)"
               r"(?P<new>[^，,。！!？?\s]{1,20})"),
    # (是)B(，)不是A
    re.compile(r"(?:是|叫|在)?(?P<new>[^，,。！!？?\s]{1,20}?)[，,\s]*(?:而)?不是(?P<old>[^，,。！!？?\s]{1,16})"),
    # A不对/错了，应该是B
    re.compile(r"(?P<old>[^，,。！!？?\s]{1,12}?)" + _WRONG + r"[了吧啊，,\s]*(?:应该是|应是|正确的是|是|应该叫|叫)"
               r"(?P<new>[^，,。！!？?\s]{1,20})"),
    # A改成B
    re.compile(r"(?P<old>[^，,。！!？?\s]{1,12}?)(?:改成|改为|换成|更正为)(?P<new>[^，,。！!？?\s]{1,20})"),
)
# Words that name what is wrong rather than being the wrong value itself.
_NOT_A_VALUE = re.compile(r"^(?:刚才|刚刚|前面|我刚才|我)?(?:说的|讲的|写的)?(?:那个|这个)?(?:经过|事情|时间|情况|地方|"
                          r"镇|街道|地址|名字|姓名|电话|号码|门牌号?|诉求|要求|字|组|村|村子|村名|号|楼|楼号|几号楼|单元号?|"
                          r"房间号?|房号)?(?:里|上)?(?:有个地方|有一点|一点|有个字)?$")
_TRAIL = re.compile(r"(?:了|的|啊|吧|呀|哈|呢|才对|才是对的)+$")


@dataclass(frozen=True, slots=True)
class Pair:
    old: str  # the words said to be wrong ("" when none were given)
    new: str


def pairs(text: str) -> list[Pair]:
    """The (wrong, right) pairs a correction gives, in order ("不是三天 是三个礼拜了" ->
    [Pair("三天", "三个礼拜")]); a pair with only the new value has old = ""."""
    t = normalize(to_simplified(text))
    out: list[Pair] = []
    for rx in _PAIR_RULES:
        for m in rx.finditer(t):
            old = _TRAIL.sub("", m.group("old").strip(_STOP))
            new = _TRAIL.sub("", m.group("new").strip(_STOP))
            new = re.sub(r"^(?:应该是|应是|其实是|正确的是|而是|是)", "", new)
            old = re.sub(r"^(?:对了|哦|噢|另外|还有|不好意思|嗯|那个|等一下|等下)*(?:刚才|刚刚|前面|我刚才|我)?"
                         r"(?:说的|讲的|写的)?", "", old)
            if not new or new == old or _NOT_A_VALUE.match(new):
                continue
            out.append(Pair("" if _NOT_A_VALUE.match(old) else old, new))
        if out:
            return out
    return out


# ---------------------------------------------------------------------------------- the account
def fixed_account(account: str, text: str) -> str | None:
    """The citizen's account with a fact corrected in their own words ("停水三天了" with "不是
    三天 是三个礼拜了" -> "停水三个礼拜了"); None when the words said wrong are not in it."""
    for p in pairs(text):
        if not p.old:
            continue
        at = account.find(p.old)
        if at < 0:
            continue
        new = _aligned(p.new, account[:at], account[at + len(p.old):], p.old)
        if new:
            return account[:at] + new + account[at + len(p.old):]
    return None


_NUMERAL = re.compile(r"[0-9一二三四五六七八九十百千两几半]")


def _aligned(new: str, before: str, after: str, old: str) -> str:
    """`new` without the words around it that the account already has around the old value
    ("爆了一个多月了" where the account says "爆了三天了" -> "一个多月"; "村西头的水管" where it
    says "村东头的自来水管" -> "村西头")."""
    k = min(len(before), len(new) - 1)
    while k > 0 and not before.endswith(new[:k]):
        k -= 1
    new = new[k:]
    k = min(len(after), len(new) - 1)
    while k > 0 and not after.startswith(new[-k:]):
        k -= 1
    new = new[:len(new) - k] if k else new
    num = _NUMERAL.search(old)
    if num and num.start() > 0 and _NUMERAL.match(new) and not new.startswith(old[:num.start()]):
        new = old[:num.start()] + new  # ("停水三天" -> "三个礼拜": 停水 stays)
    if "的" in new and "的" not in old and after.startswith("的"):
        new = new[:new.index("的")]
    return new


# What announces a fact added to the account ("还有一个情况忘说了", "补充一下经过：", "哦对了").
_FACT_LEAD_WORDS = sorted([
    "哦", "噢", "哎", "唉", "嗯", "对了", "还有一个情况", "还有个情况", "还有一个事", "还有个事", "还要", "另外",
    "再补充一点", "再补充", "忘了说了", "忘了说", "忘说了", "补充一下", "补充一点",
    "补充一句", "补充", "经过里再加一句", "事情里再补一句", "经过里", "事情里", "事情经过", "经过", "事情", "一个情况",
    "个情况", "一个事", "个事", "没说", "一点", "一下", "刚才", "要改", "改一下", "改改",
    "更正一下", "更正", "漏了", "再加一句", "补一句", "再说个情况", "还得加一句"], key=len, reverse=True)
_FACT_LEAD = re.compile("^(?:(?:" + "|".join(_FACT_LEAD_WORDS) + ")[，,。：:\\s]*)+")


def added_fact(text: str) -> str:
    """The fact a message adds to the account, without what announces it."""
    return _FACT_LEAD.sub("", text.strip()).strip(_STOP)


# ---------------------------------------------------------------------------------- the request
# A clause that only announces a demand ("诉求再加一条", "还有个要求", "除了修好"), and the words
# that open the demand itself ("另外希望…", "我还想要求…", "还要…").
_ANNOUNCE = re.compile(r"^(?:除了.{1,10}|(?:诉求|要求|请求|再|还|另外|顺便|也|加|添|补充|写上|加上|提|一条|一个|一句|个|"
                       r"里|那里|上|不变|有|就是|我|想|的|吧|啊)+)$")
_OPENING = re.compile(r"^(?:另外|还有就是|还有|顺便|我还想|我还|还想|还要|再|也)+(?=.{2})")
_CLAUSE = re.compile(r"[，,。；;：:\s]+")


def demand_of(text: str) -> str:
    """A second demand without the words that announce it ("诉求再加一条 要求化工厂停产整改" ->
    "要求化工厂停产整改", "除了修好 还要给个答复" -> "给个答复"), in the citizen's words."""
    t = text.strip(_STOP)
    simple = to_simplified(t)
    pos = 0
    for m in list(_CLAUSE.finditer(simple)) + [None]:
        end = m.start() if m is not None else len(simple)
        clause = simple[pos:end]
        if clause and not _ANNOUNCE.match(clause):
            opening = _OPENING.match(clause)
            return t[pos + (opening.end() if opening else 0):].strip(_STOP)
        if m is None:
            break
        pos = m.end()
    return ""


# ---------------------------------------------------------------------------------- withholding
# A clause that declines a field, as a statement or as a question ("能不写名字吗", "能匿名吗",
# "我不敢留名字"), and a clause that only gives the reason (a fear, or a few words with no fact
# of the matter in them).
_WITHHOLD = re.compile(
    r"(?:不|别|不敢|不想|不愿意?)(?:写|留|给|填|说|报|讲|透露)(?:了|吧)?(?:我的?|真)?(?:名字|姓名|名|电话|号码|手机)?|"
    r"(?:能|可以|可不可以|能不能)?匿名|(?:名字|姓名|电话|号码|手机号?)(?:就|也|能|可以)?(?:别|不)(?:写|留|给|填)")
_FEAR_WORDS = re.compile(r"怕|担心|害怕|不敢|万一|报复|记恨|麻烦|泄露|泄漏|知道是我|晓得是我|找上门|人多|惹不起|得罪")
_FACT_WORDS = re.compile(r"被(?!报复|打击|人知道|人晓得)|拖欠|欠了|坏了|停了|占了|打了|扣了|没人管|修|堵|漏|臭|[0-9]")
_ASIDE = re.compile(r"行不行|可以吗|可不可以|能不能|行吗|好吗|吗|我|俺|就|也|了|吧|啊|呀|还是|能|可以|先")
_WITHHOLD_SPLIT = re.compile(r"[，,。.！!？?；;、\s]+")


def declined_with_reason(text: str, expecting: str, field_of: Any) -> str | None:
    """The field a message declines with its reason ("不留 俺怕被报复" -> the field asked;
    "名字能不能不写 怕被打击报复" -> name), or None. `field_of` names the field a clause names."""
    t = normalize(to_simplified(text))
    clauses = [c for c in _WITHHOLD_SPLIT.split(t) if c]
    if not 1 < len(clauses) <= 4 or len(t) > 40:
        return None
    refusing = [c for c in clauses if _WITHHOLD.search(c) and len(re.findall(
        r"[\u4e00-\u9fff]", _ASIDE.sub("", _WITHHOLD.sub("", c)))) <= 3]
    if not refusing:
        return None
    for c in clauses:
        if c in refusing or _FEAR_WORDS.search(c):
            continue
        if _FACT_WORDS.search(c) or len(re.findall(r"[\u4e00-\u9fff]", c)) > 6:
            return None  # (a clause that is neither the refusal nor its reason)
    named = field_of(refusing[0]) or ("name" if "匿名" in refusing[0] else None)
    return named or expecting
