"""Turn understanding: what a citizen's message is, before anything of it is stored.

    u = Understanding.load(config_dir)            # once: surnames, towns, the intent and clause models
    r = u.interpret("名字就算了", expecting="name")
    r.kind == "refusal" and r.field == "name"

`interpret(text, expecting)` reads one message, given the question the bot asked last (`expecting`,
the names of the web channel's `expecting`, or ""), as one of KINDS:

| kind | meaning | details |
|---|---|---|
| story | facts of the matter | |
| answer | an answer to the question asked | field, value |
| correction | a field and its new value | field, value, old |
| process | a question about this intake | topic: privacy, needed, time, anonymity, handler, cost, bot, channel |
| refusal | declines to give a field | field (or "" when none is named and none was asked) |
| human | wants a person | |
| command | cancel, restart, help, status | topic |
| consult | a question about a policy or service (咨询) | |
| smalltalk | greeting, thanks, ok, "I'll tell it in parts", "that's all", "later" | topic |
| unknown | another language, noise | |

The trained intent model (`nlp.intent_model`) proposes the kind; slot extractors (names, phones
read aloud, towns, places, corrections, refusals, requests) decide where they are sure: a
correction that carries its new value is a correction, a message that is a clean value of the
field asked for is an answer ("13912345678" asked for a phone), an address is never a refusal.
Every message's slots (phone, town, name, place, request) are returned as well, so a story that
also says "我是塔集镇的刘桂英" gives the name and the town.

Pure: `load` reads config/ once; `interpret` does no I/O.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import uuid
from dataclasses import dataclass, replace
from dataclasses import field as dc_field
from functools import lru_cache
from pathlib import Path
from typing import Any

from nlp.asking import (
    asks_how_to_get,
    asks_whether_it_applies,
    reports,
    reports_a_promise,
    unfair,
    withheld,
)
from nlp.boundaries import BoundaryReader
from nlp.clauses import ClauseReader
from nlp.dialect import standard
from nlp.directives import directs
from nlp.entities import Gazetteer, NameMention, normalize
from nlp.grievance import GrievanceReader
from nlp.hanzi import cjk_count, to_simplified
from nlp.intake_questions import intake_question
from nlp.intent_model import IntentModel, Segmenter, Utterance, read_corpus
from nlp.learner import LinearTextModel
from nlp.meta_guard import guarded
from nlp.name_change import kin_name
from nlp.names import NameReader, Surnames
from nlp.phone_parts import corrected_number
from nlp.phones import find_spoken_phones
from nlp.policy_question import policy_question
from nlp.story import signature
from nlp.story_fix import story_fix
from nlp.town_hedge import hedged_town
from nlp.turn_acts import ActReader, declined_with_reason
from nlp.turn_slots import (
    FIELDS,
    NOT_AN_ADDRESS,
    ValueTyper,
    field_word,
    find_correction,
    find_place,
    find_refusal,
    find_request,
    only_a_request,
    place_answer,
    self_correction,
    splice,
)

KINDS = ("story", "answer", "correction", "process", "refusal", "human", "command", "consult",
         "smalltalk", "unknown")
TOPICS = ("privacy", "needed", "time", "anonymity", "handler", "cost", "bot", "channel", "effect",
          "scope")
_STOP = "，,。.！!？?；;、 \n~～…"
_SHORT = 12  # characters: readings of messages this short are kept
_SHORT_KEEP = 4096


@dataclass(frozen=True, slots=True)
class Slots:
    """Everything a message gives, whatever its kind."""

    phone: str | None = None
    town: str | None = None  # today's official name
    name: NameMention | None = None
    place: str | None = None  # village / road / landmark, without the town
    request: str | None = None


@dataclass(frozen=True, slots=True)
class Reading:
    kind: str
    confidence: float  # the model's probability of the kind it proposed (1.0 for rules)
    field: str | None = None  # answer / correction / refusal
    value: str | None = None  # answer / correction: the new value, normalized
    old: str | None = None  # correction: the value said to be wrong, when given
    topic: str | None = None  # process / command / smalltalk
    slots: Slots = dc_field(default_factory=Slots)
    model_kind: str = ""  # what the model alone proposed (for evaluation)
    sure: bool = True  # decided by an extractor or rule, or the model with probability >= 0.9
    text: str | None = None  # answer: the message as meant, after a correction inside it


# ---------------------------------------------------------------------------------- rules
_PROCESS_TOPICS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("bot", re.compile(r"机器人|真人吗|是人吗|自动回复|人工智能|电脑在回|人还是机器|ai吗|是机器|机器吧|机器在回|程序在回")),
    ("anonymity", re.compile(r"匿名|实名|署名|不留名|不留(?:姓名|名字|电话)|不写名字|真名|不说是谁|不说名字")),
    ("privacy", re.compile(r"看到|看得到|泄露|泄漏|保密吗|隐私|报复|传出去|查到我|知道是我|告诉.{0,6}是我|"
                           r"安全吗|给被举报|说出去|会不会(?:被|让)[^，,。]{0,6}知道|会(?:被|让)[^，,。]{0,6}知道吗")),
    ("cost", re.compile(r"收费|要钱|交费|交钱|花钱|手续费|收钱|给钱|付钱|免费|"
                        # "收不收费", "要不要交钱", "要掏钱不", "花多少钱" (issue 14, round t)
                        r"([交花出掏付给要收])不\1(?:交|花|出|掏|付|给)?(?:点|些|多少)?(?:钱|费)|"
                        r"(?:要|得|需要|用)(?:交|花|出|掏|付|给)(?:点|些|多少|几个)?钱|[出掏]钱|"
                        r"[收要花交出掏付给](?:多少|几个)钱|(?:收|交)(?:什么|啥)?费用")),
    ("effect", re.compile(r"管不管用|管用吗|有用吗|有没有用|有啥用|有什么用|起不起作用|起作用吗|顶用吗|顶不顶用|"
                          r"有效果吗|有没有效果|靠谱吗|靠不靠谱|能解决吗|真的会处理|真会管|会有人管吗|"
                          r"有人管吗|靠谱不靠谱|管用不管用|有用没用|顶用不顶用|有没有人管|(?:反映|说|讲|找|问|弄|投诉|登记)(?:了|也|都|还不是|怕)*白(?:搭|说|费劲|费事|忙)|"
                          r"(?:反映|说|讲|登记)(?:了|也|都)*没(?:啥|什么)?用")),
    ("time", re.compile(r"多久|多长时间|几天|什么时候有|多少天|几个月|时限|期限|多快|啥时候有|什么时候给|"
                        r"什么时候能")),
    ("handler", re.compile(r"谁来|哪个部门|谁负责|派人|转给|转到哪|哪个单位|上门|谁管|县里处理|镇上处理")),
    ("channel", re.compile(r"信访局在哪|打电话反映|写信|接待中心|去哪.{0,2}反映|直接去|上班")),
    ("needed", re.compile(r"填|需要|提供|材料|准备|干嘛|为什么要|为啥要|要不要|还要|要写|带什么|身份证")),
)
_QUESTION = re.compile(r"[?？吗呢么]|多久|多长|几天|什么|啥|哪|怎么|咋|可以|能不能|行不行|会不会|是不是|要不要")
_HUMAN = re.compile(
    r"有没有(?:人|活人)(?!管|理|问|处理|过问)|(?<![不没])(?<!没人)(?<!没有人)接电话|活人|换个人|(?:找|要|转|叫|让|请|安排|联系|跟|和|接|换|给我找)(?:一下|下)?(?:个|一个|你们的?|你们)?(?:人工|真人|活人|工作人员|客服|"
    r"领导|主任|负责的人|负责人|管事的|同志|懂行的人)|人工(?:服务|客服)?$|^人工|转人工|有人工吗|打电话给我|给我回个?电话|"
    r"给我打(?:个|过来)|跟人说|叫人来|找个人")
_COMMANDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("status", re.compile(r"JH[-\s]?\d{8}|进度|进展|办得怎么样|处理得怎么样|怎么样了|有结果了吗|办理情况|处理到哪|"
                          r"办到哪|有回复没有?|处理结果", re.IGNORECASE)),
    ("restart", re.compile(r"重新开始|重来|重新来|从头|重新填|重新登记|再来一次|重新说")),
    ("cancel", re.compile(r"^(?:算了)?(?:取消|不弄了|不办了|不反映了|不登记了|撤销|撤了|退出|放弃|不搞了|结束|"
                          r"不投诉了|不举报了|不提交了|不告了)|"
                          r"(?:不弄了|不反映了|不登记了|撤了吧|取消掉?|撤销吧?|不投诉了|不举报了|不提交了)$|"
                          r"(?:不用(?:你们|您)?(?:登记|管|处理|办)了|不(?:麻烦|劳烦)(?:你们|您)了)$")),
    ("help", re.compile(r"^(?:帮助|help|菜单|菜單|使用说明|操作说明|怎么用|怎么使用|不会用|教教我|咋用|这个咋用)")),
)
# What may surround a command in a message that is "essentially only the command" (算了，我不弄了吧;
# 帮我把这个反映取消掉): a message with anything else ("把不该吃的低保取消掉") is not a command.
_COMMAND_FILLER = re.compile(
    r"算了|想了想|想想|考虑了一下|那就|还是|呃|然后|就是|同志啊?|领导|哎呀|老头子|老太婆|姑娘|小同志|我跟你讲|不要了|不用了|不用|管|"
    r"这事|这次|这件|我们?|俺们?|咱们?|你们?|您|帮我|给我|麻烦|请|直接|先|就|都|全部|一下|吧|了|啊|呀|吗|嘛|哦|哈|"
    r"唉|哎|嗯|好|行|那|这个|那个|这|它|刚才|之前|上面|我的|的|把|要|想|不想|不要|掉|个|条|次|"
    r"反映|登记|投诉|举报|申请|报告|记录|留言|事情?|问题|材料|信息|内容|对话|聊天|流程|[\W_]")
# A request for a person in a longer message: "跟机器说不清楚，能不能让你们的工作人员跟我说".
_HUMAN_LONG = re.compile(
    r"(?:跟|和|对)?机器人?(?:说|讲|聊)不(?:清|明白|通)|说不清楚?[^。！!？?]{0,12}(?:人工|真人|工作人员)|"
    r"(?:让|请|叫|派|找|安排|换|要)(?![了过])[^，,。！!？?]{0,8}(?:工作人员|真人|人工|客服|负责的?人|管事的?人?|懂行的?人?|"
    r"懂的人|明白人|内行|专业的人)"
    r"[^，,。！!？?]{0,8}(?:跟我|和我|给我|联系我|打电话|来电话|回电话|说|谈|讲|聊|对接)")


_RESTART = dict(_COMMANDS)["restart"]
# A cancel said as "no need for you" (不用你们登记了, 不用你们管了, 不麻烦你们了) is one too.
_NO_NEED = r"不用(?:你们|您)?(?:帮我|给我)?(?:登记|管|处理|办|弄|操心)了|不(?:麻烦|劳烦)(?:你们|您)了"
# A withdrawal said in its parts rather than as one word: not / no more × the act of filing × 了
# (还是不报了, 先不交上去了, 别登记了, 不往上报了).
_WITHDRAW = (r"(?:不|别|不要|先不|先别|就不)(?:再|往上|给你们)?"
             r"(?:报|上报|交|提交|登记|反映|弄|办|搞|告|投诉|举报)(?:上去)?了")
_CANCEL_WORDS = re.compile(r"取消|不弄了|不办了|不反映了|不登记了|撤销|撤了|退出|放弃|不搞了|结束|不投诉了|不举报了|"
                           r"不提交了|不告了|" + _NO_NEED + "|" + _WITHDRAW)


def _only_cancel(core: str) -> bool:
    """`core` says "cancel" and nothing else a citizen would want kept."""
    return _CANCEL_WORDS.search(core) is not None and not _COMMAND_FILLER.sub(
        "", _CANCEL_WORDS.sub("", core))


# A reply that opens as a request is one, whatever question words it holds ("希望物价部门核实
#一下这个收费合不合理").
_REQUEST_LEAD = re.compile(r"(?:我们?|俺们?|本人)?(?:就|只|还是|强烈)?(?:希望|要求|请求|恳请|建议|想让|麻烦|请(?!问|教))")
_CLAUSES = re.compile(r"[，,。.！!；;、\s~～]+")
# What a reason given with a cancel may not hold: facts of a matter, an object of the cancel
# ("把不该吃的低保取消掉", "他的低保被取消了").
_NOT_A_REASON = re.compile(r"把|将|被|不给|欠|坏|占|打|告诉|通知|[0-9]")
# Someone else's words ("村里说算了，不弄了"): the cancel is theirs, part of the matter.
_REPORTED = re.compile(r"(?:说|讲)[\u4e00-\u9fff]{0,2}$")
# A bare noun phrase before the cancel is its object ("他家的低保，取消吧").
_OBJECT = re.compile(r"的[\u4e00-\u9fff]{1,4}$")


def cancels_with_reason(text: str) -> bool:
    """A cancel with a short reason around it ("算了算了，邻里邻居的，不弄了，取消吧", "不弄了，
    太麻烦了"): one clause is only the cancel, every other one only filler or a few words of
    reason; not someone else's words, nor a cancel of something named."""
    clauses = [c for c in (re.sub(r"[\W_]+", "", x) for x in _CLAUSES.split(normalize(text))) if c]
    if len(clauses) < 2 or len("".join(clauses)) > 40:
        return False
    cancel_at = [i for i, c in enumerate(clauses) if _only_cancel(c)]
    if not cancel_at:
        return False
    for i, c in enumerate(clauses):
        if i in cancel_at:
            if i > 0 and _REPORTED.search(clauses[i - 1]) or re.search(r"(?:说|讲)(?:算了|不弄|取消)", c):
                return False
            continue
        reason = _COMMAND_FILLER.sub("", _CANCEL_WORDS.sub("", c))
        if len(reason) > 10 or _NOT_A_REASON.search(c) or (
                i + 1 in cancel_at and _OBJECT.search(c)):
            return False
    return True


_YES = re.compile(r"同意|好的?|可以|行|嗯+|是的?|对的?|确认|确定|没问题|没错|都对|提交|ok|正确|无误|愿意|就这样|中")
_NO = re.compile(r"^(?:不同意|不要|不行|不可以|拒绝|no|不愿意|不接受|否)$")
# A deferral ("明天再说", "等会儿", "我先问问家里"): not an answer to anything, the draft waits.
# Only the whole message (what may surround it: fillers, "好的", "那"), so that "村干部总说明天再说"
# stays part of a story.
_PAUSE = r"(?:等会儿?|待会儿?|一会儿?|过一?会儿?|等下|等一下|等一会儿?|回头|改天|改日|下次|下回|有空|有时间|过两天|过几天)"
_WHEN = (r"(?:明天|明儿|后天|回头|改天|改日|过两天|过几天|过一阵|过段时间|晚点|晚些|晚上|下午|中午|上午|早上|"
         r"等会儿?|待会儿?|一会儿?|等下|等一下|有空|有时间|下次|下回|以后|回家|到家|回去|回来|忙完|下班|放学|空了|闲了|"
         r"下了班|放了学|吃完饭|吃了饭|干完活|过一?会儿?|"
         # 淮安/苏北 "家来" (come home), "家去" (go home) (issue 14, round t)
         r"家来|家去|收了?摊|收工|找到了?|问到了?|问清楚了?|到了?(?:地方|单位|厂里|家里))")
_ASK_HOME = r"(?:我|俺)?家?(?:家里人?|家人|儿子|女儿|闺女|老伴|老头子?|老太婆|老婆|孩子|小孩|孙子|孙女|村里|邻居|亲戚)"
_AGAIN = r"(?:再来?(?:说|讲|弄|填|写|发|补|告诉你们?|回你|联系)?)?"
_TO_YOU = r"(?:跟|和|给|同)?(?:你们?|您)?"
# What one comes back to do: 说, 填, 发你, 告诉你 (after 再 / 接着, or alone when it names the
# addressee: "一会发你")
_DO_LATER = (r"(?:(?:再|来|接着|继续){1,2}(?:来|去)?" + _TO_YOU +
             r"(?:说|讲|弄|填|写|聊|发|找你们?|补充|继续|回复|联系|反映|回你|来看|看看?|来|办|告诉你们?)?|"
             r"(?:发|告诉|回|补给)(?:你们?|您))")
_LATER_PIECE = (
    rf"(?:{_PAUSE}(?:吧|啊|了|哈|儿|再说)?|"
    rf"{_WHEN}{{1,3}}(?:了|的时候|以后|后)?(?:我|俺)?(?:{_DO_LATER}|弄|填|说|讲|写|发|补)"
    r"(?:吧|啊|了|哈|好吗|行吗|可以吗)?|"
    r"(?:稍等(?:一下)?|(?:你|您)?先?等等|你等我一下|等我一下|我想想|让我想想|我再想想|考虑考虑|我考虑一下|我先忙了?|我有事|先这样|"
    r"今天先到这|今天就到这|我先去.{0,6}|(?:我|俺)?(?:先|去|要|得|再)?问问" + _ASK_HOME + _AGAIN + r"|"
    r"等我(?:问问|想想|问一下|商量)(?:" + _ASK_HOME + r")?" + _AGAIN + r"|我先问问.{0,8}|我问问.{0,8}再说|"
    r"(?:我|俺)?(?:先|去|得|要)?(?:问问|问一下|找找|查查|查一下|找一下)[\u4e00-\u9fff]{0,8}?再来?" + _TO_YOU +
    r"(?:说|告诉你们?|发|填|回你)|"
    r"等(?:我|俺|他|她)?(?:" + _ASK_HOME + r")?(?:放学|下班|回来|回家|到家|忙完)+了?(?:我|俺)?再?(?:问问?|问一下|商量)?"
    r"(?:他|她|他们)?(?:是|在)?(?:几组|几号|哪个组|哪一组|门牌号?|号码|多少号?|什么|啥)?" + _AGAIN + r"|"
    r"(?:我|俺)?[\u4e00-\u9fff]{0,12}?再来?(?:跟|给|和)(?:你们?|您)(?:说|讲|发)|"
    r"(?:我|俺)?[\u4e00-\u9fff]{0,12}?再来?(?:告诉|发给?|回)(?:你们?|您)|"
    r"(?:我先忙了?|我有事)?回头再?联系)(?:吧|啊|了|哈|儿)?)")
_LATER = re.compile(  # matched on the message without punctuation or spaces
    r"^(?:好的?|行|嗯+|哦|那|那就|要不|算了|不好意思|对不起|我|俺|咱)*(?:我|俺|咱)?(?:先|还是)?"
    rf"(?:{_LATER_PIECE}){{1,2}}$")
# A deferral with a short reason around it ("我现在要去田里了，明天再说吧", "具体门牌我得问问我家老头子，
# 明天再说", "我现在有点事 晚点再说"): one clause (or the end of the only one) is the deferral,
# every other clause only says why (leaving, busy, asking someone at home, not remembering a
# value) and carries no fact of the matter.
_LATER_TAIL = re.compile(rf"(?:{_LATER_PIECE}){{1,2}}$")
_REASON_WORDS = re.compile(
    _ASK_HOME + r"|我|俺|咱|现在|马上|这会儿?|今天|正|正在|在|要|得|先|去|出去|出门|下地|田里|地里|上工|上班|干活|做饭|"
    r"吃饭|烧饭|接|送|带|放学|上学|锅里|烧着?|煮着?|菜|饭|火上|哭了?|来人了|来客人了?|有人来了?|有人叫我?|叫我|喊我|"
    r"开车|路上|在外面|外头|忙着|等车|着|呢|看看|喂猪|喂鸡|赶集|开会|赶车|睡觉|休息|忙|有点?事|有事情|没空|"
    r"手上|手头|有活|活多|工地上?|田头|厂里|打药|换了?新?(?:号码?|手机号?|卡)|新号码?|号码?换了|新换的号码?|刚换的|"
    r"背不(?:下来|出来|住)|写在|纸上|纸条|纸|"
    r"不方便|手机没电|没电了|信号不好|具体|门牌号?|(?:手机|电话)号?码?|号码|地址|名字|哪个组|几组|几号|记不清|不记得|"
    r"记不住|记不得|没记住|想不起来?|不好说|说不准|不确定|"
    r"忘了|不知道|不清楚|问问|问一下|问|查查|查一下|找找|找一下|一下|还|了|的|吧|啊|呀|哈|呢|那|好的?|嗯|哦|"
    r"不好意思|对不起|哎呀|哎|唉|哦|对了|这个|那个|[\W_]")
_REASON_FACTS = re.compile(r"把|将|被|不给|欠|坏|占|打(?!药|工|电话|字|扫|算|针|牌)|告诉|通知|没人|不管|修|堵|漏|臭|吵|拆|污|[0-9]")


_LATER_CUE = re.compile(_WHEN + r"|" + _PAUSE + r"|再|等|待|稍|想想|考虑|问问|先忙|有事|先这样|到这")


def defers(text: str) -> bool:
    """A deferral, alone or with short reasons ("我现在要去田里了，明天再说吧"); never someone
    else's words ("村干部总说明天再说") nor a deferral told with facts of the matter."""
    t = normalize(text)
    if len(t) > 60 or not _LATER_CUE.search(t):
        return False  # (cheap: most messages hold no word of putting off)
    clauses = [c for c in (re.sub(r"[\W_]+", "", x) for x in _CLAUSES.split(t)) if c]
    if not clauses or len("".join(clauses)) > 40:
        return False
    later = [i for i, c in enumerate(clauses) if _LATER.match(c)]
    if not later:
        m = _LATER_TAIL.search(clauses[-1])
        if m is None or m.start() == 0:
            return False
        head = clauses[-1][:m.start()]  # ("我现在要去田里了明天再说吧": one clause, voice input)
        clauses = [*clauses[:-1], head]
        later = []
        if _REPORTED.search(head):
            return False
    for i, c in enumerate(clauses):
        if i in later:
            if i > 0 and _REPORTED.search(clauses[i - 1]) and not re.search(
                    r"(?:不好|没法|不能|不会)说$|说不(?:准|好|清楚?|上来)$", clauses[i - 1]) or _facts_in(c):
                return False
            continue
        if _REASON_FACTS.search(c) or len(_REASON_WORDS.sub("", c)) > 2 and not _ERRAND.fullmatch(c):
            return False
    return True


def _facts_in(clause: str) -> bool:
    """A deferral's clause tells something of the matter ("路修好了再告诉你们")."""
    return bool(_REASON_FACTS.search(re.sub(r"告诉(?:你们?|您)", "", clause)))


# An errand in a few words ("我去拿老花镜", "我出去一下"): a reason, when it tells nothing done before.
_ERRAND = re.compile(r"(?:我|俺)?(?:先|要|得|去|出|还要|正在|在|现在)[\u4e00-\u9fff]{1,6}(?<![过次说])")


# Coming back after a deferral ("我回来了", "老头子回来了，门牌是…", "问到了，…", "我们接着说吧"):
# leading clauses that only say so; what follows them is the answer.
_BACK = re.compile(
    r"^(?:好[的了啦]?|行了?|嗯+|哦|那|喂|你好|您好|在吗|不好意思|久等了|让你久等了)*(?:(?:我|俺|咱)们?|" + _ASK_HOME[:-1] +
    r"|他|她))?(?:又|已经)?(?:回来了|来了|到家了|忙完了|问到了|问好了|找到了|查到了|想起来了|"
    r"(?:我们?|咱们?)?(?:接着|继续)(?:说|讲|填|弄|来)?(?:吧|啊)?|(?:我们?|咱们?)?(?:再|接着)来吧?)"
    r"(?:吧|啊|哈|哦|呀)?$")


_BACK_CUE = re.compile(r"来了|到家|忙完|问到|问好|问过|问清|找到|查到|想起|接着|继续|再来")
_BACK_FILLER = re.compile(r"(?:好[的了啦]?|行了?|嗯+|哦|那|喂|你好|您好|在吗)+")


def after_return(text: str) -> str | None:
    """What a message coming back after a deferral says beyond "我回来了" ("" when nothing), or
    None when it does not open that way."""
    t = normalize(text).strip()
    if not _BACK_CUE.search(t):
        return None
    parts = re.split(r"([，,。.！!；;、\s~～]+)", t)
    n, back = 0, False
    while n < len(parts):
        clause = re.sub(r"[\W_]+", "", parts[n])
        if clause and _BACK.match(clause):
            back = True
        elif clause and not _BACK_FILLER.fullmatch(clause):
            break
        n += 1
    if not back:
        return None
    rest = "".join(parts[n:]).strip(_STOP)
    # "门牌是金湖路188号": the value the answer starts with, without its lead-in
    return re.sub(r"^(?:(?:具体)?(?:门牌号?|地址|号码|电话|名字)(?:是|在|叫)|是(?=[\u4e00-\u9fff\d]))", "", rest)


# Telling it in parts: "我分几条发", "慢慢跟你讲", "一段一段打", "还没说完", "事情有点长".
_PARTS = re.compile(
    r"慢慢(?:跟你们?|给你们?|和你们?)?(?:讲|说|打|发|写|来)|(?:^|[，,。\s]|我|俺|咱)(?:就|先|会|要|得|想|还是|只能)?"
    r"分(?:几|两|三|四|五|好几|多|成几)?(?:次|条|回|段|部分|下)(?:跟你们?|给你们?)?(?:发|说|讲|写|打|来|给)|"
    r"分开(?:说|讲|发|写)|一条一条|一段一段|一句一句|一点一点(?:说|讲|发|打)|说来话长|话(?:比较|有点|很)长|"
    r"事情?(?:比较|有点|很|挺)长|先说一部分|先(?:说|讲)(?:一点|个大概|前面)|(?:还|先)没(?:说|讲|打|写)完|"
    r"等一下我再|你等等|等我打完|(?:待会|等会)儿?(?:再|接着)(?:说|讲|补|发)|后面(?:还有|再说|接着说)")
# Clauses that only say the story is long or complicated ("情况有点复杂", "一两句说不清").
_LONG_STORY = re.compile(r"^(?:这个|这)?(?:事情?|情况|问题)?(?:比较|有点|很|挺|太|特别)?(?:复杂|长|多)(?:了|的)?$|"
                         r"(?:事|情况|问题|内容|话)(?:情)?(?:比较|有点|很|挺|太|特别|有些)(?:复杂|长|多)|"
                         r"说不清|说不完|讲不完|讲不清|一言难尽")


def beyond_parts(text: str) -> str:
    """What a message announcing a story in parts also tells ("村里占了我家的地，一直不给补偿，
    事情比较长，我慢慢说" -> "村里占了我家的地，一直不给补偿"): its clauses without the parts cue
    and talk about the story's length."""
    clauses = [c for c in _CLAUSES.split(text.strip()) if c]
    keep = [c for c in clauses if not _PARTS.search(c) and not _LONG_STORY.search(
        re.sub(r"[\W_]+", "", c))]
    return "，".join(keep)


_DONE = re.compile(r"^(?:(?:好的?|嗯|哦|那)?(?:说完了|讲完了|就这些了?|就这么多|就这样|没了|没有了|差不多就这样|就说这么多吧?|"
                   r"没(?:有)?(?:别的|其他的?|啥)(?:事)?了?|别的没(?:有)?了))(?:吧|啊|呀|了)?$")
# Thanks in many words and nothing else: never a request, however it opens (麻烦你们了).
_THANKS_ONLY = re.compile(r"(?:(?:好的?|嗯+|哦|那)?(?:太|非常|十分|真是?|实在)?(?:谢谢|多谢|感谢|辛苦|麻烦|劳驾|费心|谢)+"
                          r"(?:你们?|您|领导|同志|政府|各位|大家|姑娘|小同志|啊|了|啦|呀|哈|哦|嘛|呐|咯|哟)*)+")
_SMALLTALK: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("greeting", re.compile(r"(?:你好|您好|领导好|同志好?|哈喽|喂+|在吗|在不在|有人吗|有人在吗|早上好|下午好|晚上好|"
                            r"你好在吗|同志在吗)+(?:啊|呀|呢|领导|同志)?")),
    ("thanks", re.compile(r"(?:好的?|嗯)?(?:谢谢|多谢|感谢|辛苦了?|麻烦了|劳驾了?|谢了)+(?:你们?|您|领导|同志|政府|啊|了)*")),
    ("ack", re.compile(r"(?:好的?|嗯+|哦+|噢+|行吧?|中|收到|知道了?啦?|明白了?|晓得了?|懂了|了解|好嘞|嗯呐|ok|好吧|"
                       r"晓得啦|知道啦|清楚了|要得|好滴|可以|没问题|晓得咯|晓得哒|知道咧)+(?:啊|呀|哈|啦|了|哦|嘛|呐|咯)?")),
)
# Words of a policy or public service: a question about one is a consultation (咨询), not a
# question about this intake.
_POLICY = re.compile(
    r"补贴|补助|津贴|低保|五保|特困|救助|社保|医保|养老|保险|公积金|户口|落户|政策|标准|报销|贷款|助学金|优待|"
    r"抚恤|流转费|补偿|执照|残疾证|老年证|居住证|不动产|房产证|退休|工伤|失业金|独生子女|危房|上牌|营业|"
    r"开门|关门|卫生室|卫生院|医院|派出所|车管所|办事大厅|便民服务中心|营业厅|开证明")
# The procedures of a public service (which papers, who approves, where): a question about one is
# a consultation, unless it is about this intake ("这个反映要办什么手续吗").
_PROCEDURE = re.compile(r"手续(?!费)|审批|许可证?|批文|建房|盖房|翻建|翻盖|宅基地|办(?:个|哪些|什么|啥)?证|证件|办理什么|"
                        r"办什么|哪里办|去哪办|到哪办|哪个部门(?:批|办|管)")
_ABOUT_INTAKE = re.compile(r"反映|登记|提交|填|信访|网上|你们这|这里|^(?:那|我)?还(?:要|需要|得)")
_INQUIRY = re.compile(r"[?？吗么]|怎么|怎样|咋|哪|多少|能不能(?!管|帮|处理|解决)|可不可以|可以|什么|啥|有没有|是不是|"
                      r"打听|了解|咨询|问一下|问问|请问|请教|问个|找谁|(?<![好分这那十])几(?=天|个(?!月)|号|点|时|岁|块|位|种|样|级|成|遍|周|份)|多大|多久|"
                      r"要不要|需不需要|行不行|能否|会不会|谁|多长|多少天|干嘛|干什么|为啥|为什么|"
                      r"(?!能)([\u4e00-\u9fff]{1,2})[不没]\1|了没有?[\W]*$|"
                      # a yes-no question closed by 不 ("要掏钱不", "能管不"), as in Henan and 淮安 speech
                      r"(?<![也就都还偏硬死是说我他她])不[啊呀吧哈]?[\W]*$|"
                      # asking to be reassured ("不会要我出钱吧"), or in disbelief ("还要花钱啊")
                      r"^不会[^，,。！!]{1,10}吧[\W]*$|还要[^，,。！!]{1,6}啊[\W]*$")
# Question cues that are also the first characters of other words (请教育局, 到了解放路, 乱收费):
# a cue counts only where jieba's cut puts a word boundary before and after it.
_WORD_CUES = frozenset({"请教", "了解", "请问", "打听", "咨询", "问问", "问个", "多大", "多长", "可以",
                        "收费", "要钱", "交费", "交钱", "花钱", "收钱", "给钱", "付钱", "免费", "手续费", "干嘛", "上班", "上门", "派人",
                        "转给", "谁来", "写信", "提供", "材料", "准备", "需要", "还要"})


@lru_cache(maxsize=1024)
def _word_spans(t: str) -> tuple[frozenset[int], dict[int, int]]:
    """jieba's word boundaries in `t`: (ends, start -> end)."""
    import jieba

    starts: dict[int, int] = {}
    pos = 0
    for w in jieba.cut(t):
        starts[pos] = pos + len(w)
        pos += len(w)
    return frozenset(starts.values()), starts


def _on_words(t: str, m: re.Match[str]) -> bool:
    """The match `m` begins a word and ends one (or lies inside the word it begins)."""
    if m.group(0) not in _WORD_CUES:
        return True
    ends, starts = _word_spans(t)
    end = starts.get(m.start())
    return end is not None and (m.end() in ends or end >= m.end())


def _found(rx: re.Pattern[str], t: str) -> bool:
    return any(_on_words(t, m) for m in rx.finditer(t))


def asks_something(text: str) -> bool:
    """The message asks something (a question word on a word boundary, a question mark)."""
    return _found(_INQUIRY, text)


# A message that opens as a question ("问一下…", "请问…", "我想咨询下…"): a consultation even
# with some background after it ("…我五十八了，以前一直在外地打工").
_ASKS_FIRST = re.compile(r"^(?:你好|您好|同志)?[，,\s]*(?:请问|问一下|问下|想问问?|我想问问?|俺想问问?|咨询一下|咨询下|"
                         r"我想咨询|打听一下|想打听|想了解|我想了解)")
# A message telling what happened (several clauses, past or ongoing events): rules for short
# turns (questions, refusals, commands) do not apply to it.
_NARRATIVE = re.compile(r"了|没|被|一直|好几|不给|不管|还是|到现在|天天|经常")
# The forms a request for a person takes: find, want, put through, let, call, is anyone there.
_WANT_PERSON = re.compile(r"找|要|转|叫|让|请|安排|联系|接通|换|来|给我|打电话|回电话|在不在|在哪|有没有|吗|呢|只跟|想跟|"
                          r"跟你们|和你们|人工|真人|活人|当面|麻烦")
_PERSON = re.compile(r"人工|真人|活人|工作人员|客服|领导|主任|负责|管事|同志|人来|个人|找人|电话|有人|人呢|值班|懂行|明白人|内行|"
                     # someone of the office, named by where they work (issue 14i)
                     r"(?:单位|局|办公室|那边|那儿|那块|县里|信访局)[里的]{0,2}(?:人|干部)|上班的|坐办公室|干部|"
                     # someone who can decide or talk (issue 14p): 书记, 镇长, 当官的, 能做主的人
                     r"书记|[镇县局所站村科]长|支书|当官|头儿|做主|说了算|拍板|能说话的人|管用的人")
# Something happened to the citizen: a matter to register, even when it ends in a question.
_REPORT = re.compile(r"被|不给|拖欠|欠了|坏了|取消了|停了|停发|占了|打了|扣了|没人管|没人修|不管|不办|拖着|"
                     r"(?:一直|还|都|也|到现在)(?:没有?|不)(?:发|给|到账|批|办|修|退|补|解决)|没(?:有)?(?:发|到账)(?!吗|呢|么)")
# A grievance told as a statement (去年申请的…到现在还没发, 补贴三月就停了, 还差三万没给): a
# complaint, whatever question the citizen opened with.
_GRIEVANCE = re.compile(_REPORT.pattern + r"|没给|没人(?:来|理|问|处理|过问)|不给(?:办|批|发|报)|还差|少给|不理")


def tells_grievance(text: str) -> bool:
    """`text` tells of something withheld, stopped or not done, as a statement, not a question."""
    t = normalize(to_simplified(text))
    return len(re.findall(r"[\u4e00-\u9fff]", t)) >= 8 and bool(_GRIEVANCE.search(t)) and not (
        _QFORM.search(t) or _ASKS_FIRST.match(t))


# A question's own form (not a question word that may be part of a statement: 哪个干部都不管).
_QFORM = re.compile(r"[?？]|[吗呢么](?=[，,。.！!~～\s]|$)|(?!能)([\u4e00-\u9fff]{1,2})[不没]\1")
# What a request asks someone to do: at the request question, a question with one of these
# ("请问社保局能不能把钱补上") is the request, not a consultation.
_REQUEST_VERB = (r"补|退|给|修|查|处理|解决|赔|还|恢复|拆|整改|落实|兑现|取缔|处罚|公开|说清楚|答复|解释|"
                 r"撤销|纠正|安排|发放|追回")
# "能不能把钱补上", "多少给点补偿": asking someone to do something
_ASKS_TO_DO = re.compile(r"(?:能不能|可不可以|能否|可否|麻烦|请|帮忙|多少|尽快|早点)[^，,。？?]{0,8}?(?:把|给|帮)?"
                         r"[^，,。？?]{0,4}?(?:" + _REQUEST_VERB + ")")
_DONT_KNOW = re.compile(r"不知道|不清楚|不记得|说不清|说不上|不晓得|记不清|不确定|忘了|搞不清|搞不懂|没数")
_CORRECTION_HINT = re.compile(r"不是|不对|错了|写错|填错|打错|输错|搞错|弄错|改成|改为|换成|更正|才对|改一下|有误|"
                              r"写成|填成|打成|记成")
_REFUSAL_FORM = re.compile(r"不想|不愿|不方便|不便|不太想|不留|不说(?!一声)|不讲|不告诉|不给|不写|不填|不提供|不透露|"
                           r"算了|保密|免了|跳过|别问|别要|匿名|不用|没有|没必要|不要|不报|不署|拒绝|不能说|不重要|不必|无所谓|不需要")
# Declining to give one's name, in any wording: 匿名, 不留名, 不想留名字, 名字就不写了, 不留.
_NO_NAME = re.compile(
    r"匿名|不留名|(?:不|别|没)(?:想|愿意?|要|用|必要|方便|打算|敢)?(?:留|写|署|报|说|告诉|透露|给)(?:我的?|真|个)?"
    r"(?:名|姓名|名字|真名)|(?:名字|姓名|真名)[^，,。]{0,6}?(?:就|也|都|还是)?(?:不|别)(?:想|愿意?|要|用)?(?:留|写|说|报|给)|"
    r"^(?:我|俺)?(?:就|还是)?不(?:想)?留|(?:不想|不能|不要|别)(?:暴露|公开|透露)(?:我的?)?(?:身份|名字|姓名)|"
    r"(?:不想|别|不要)让(?:人|别人|他们|村里|对方)?知道(?:我是谁|是我)|身份(?:要|请)?保密")
# "我是金北街道陈桥社区居民柏云鹏": who one is, then the name.
_RESIDENT = re.compile(
    r"(?:我是|俺是|本人是?)[^，,。！!？?；;\s]{0,16}?(?:居民|村民|群众|农民|职工|业主|住户|党员|退休职工|退休教师|"
    r"教师|老师|员工|村民小组长|组长)([\u4e00-\u9fff]{2,4}?)(?=[，,。！!？?；;\s]|今年|现年|家住|住在|$)")
_LETTERS = re.compile(r"[a-zA-Z]{2,}")


class Understanding:
    def __init__(self, model: IntentModel, names: NameReader, gazetteer: Gazetteer | None,
                 clauses: ClauseReader | None = None, acts: ActReader | None = None) -> None:
        self.model = model
        self.clauses = clauses  # which clauses of a message tell the matter (nlp.clauses)
        self.acts = acts  # what a turn does to a conversation under way (nlp.turn_acts)
        self.names = names
        self.gazetteer = gazetteer
        self.typer = ValueTyper(gazetteer, names)
        self._short: dict[tuple[str, str], Reading] = {}
        self.boundaries: BoundaryReader | None = None  # clauses of run-on voice input (nlp.boundaries)
        self.grievances: GrievanceReader | None = None  # a wrong told after a question (nlp.grievance)

    # ---- loading -----------------------------------------------------------------------------
    @classmethod
    def load(cls, config_dir: Path, cache_dir: Path | None = None) -> Understanding:
        """Surnames, towns and the intent model trained on config/nlp/intents/train.csv.

        Training takes a few seconds; with `cache_dir` the trained model is saved there under
        the digest of its inputs and reused while they are unchanged."""
        names = NameReader(Surnames.load(config_dir / "nlp" / "surnames.txt"))
        gazetteer = Gazetteer.from_toml(config_dir / "towns.toml")
        train = config_dir / "nlp" / "intents" / "train.csv"
        model = _cached_model(train, gazetteer, config_dir / "towns.toml", cache_dir)
        acts_train = config_dir / "nlp" / "intents" / "acts_train.csv"
        acts = ActReader(_cached_model(acts_train, gazetteer, config_dir / "towns.toml", cache_dir,
                                       kind="acts")) if acts_train.is_file() else None
        u = cls(model, names, gazetteer, _clause_reader(config_dir, gazetteer, cache_dir), acts)
        u.boundaries = BoundaryReader.load(config_dir, cache_dir, names.surnames.compound)
        grievances = config_dir / "nlp" / "intents" / "grievance_train.csv"
        if grievances.is_file():
            u.grievances = GrievanceReader(_cached_model(grievances, gazetteer, config_dir / "towns.toml",
                                                         cache_dir, kind="grievances"))
        return u

    def punctuated(self, text: str) -> str:
        """`text` with "，" where the clauses of a run dictated without punctuation end (as
        typed otherwise): every reader after this one sees clauses."""
        return self.boundaries.punctuate(text) if self.boundaries is not None else text

    @classmethod
    def train(cls, rows: list[Utterance], config_dir: Path) -> Understanding:
        names = NameReader(Surnames.load(config_dir / "nlp" / "surnames.txt"))
        gazetteer = Gazetteer.from_toml(config_dir / "towns.toml")
        # (no clause reader: this is for measuring the intent model on other corpora)
        return cls(IntentModel.train(rows, gazetteer), names, gazetteer)

    # ---- slots -------------------------------------------------------------------------------
    def named_in_letter(self, text: str) -> NameMention | None:
        """The writer's name where a letter gives it: "我是…社区居民柏云鹏", or the signature
        under 此致 敬礼 / above the date."""
        t = normalize(to_simplified(text))
        m = _RESIDENT.search(t)
        cands = [(m.group(1), m.start(1))] if m else []
        sig = signature(t)
        if sig:
            cands.append((sig, t.rfind(sig)))
        for cand, at in cands:
            found = self.names.find(cand, bare=True)
            if found is not None and not found.surname_only and cand.startswith(found.name):
                return NameMention(found.name, False, (at, at + len(found.name)))
        return None

    def slots(self, text: str, expecting: str = "") -> Slots:
        t = normalize(text)
        phones = find_spoken_phones(t, answer=expecting == "phone")
        towns = self.gazetteer.find(t) if self.gazetteer else []
        return Slots(
            phone=phones[0].number if phones else None,
            town=towns[-1].town.name if towns else None,
            name=self.names.find(t, bare=expecting == "name", asked=expecting in ("name", "anonymous")),
            place=find_place(t, self.gazetteer),
            request=find_request(text),
        )

    def answer(self, text: str, expecting: str, slots: Slots) -> tuple[str, str | None] | None:
        """(field, value) when the message is a clean answer to the question asked."""
        t = normalize(text).strip(_STOP)
        rest_len = cjk_count(t)
        if expecting == "phone" and slots.phone:
            rest = re.sub(r"[0-9零〇一幺二两三四五六七八九洞拐勾\s\-]", "", t)
            if cjk_count(rest) <= 12:
                return "phone", slots.phone
        if expecting == "town" and slots.town and rest_len <= 12:
            return "town", slots.town
        if expecting == "address":
            place = place_answer(t, self.gazetteer)
            if place and rest_len <= 25:
                return "address", place
        if expecting == "name" and slots.name and rest_len <= 20:
            return "name", slots.name.name
        if expecting == "anonymous":
            if _NO_NAME.search(t):  # "我不想留名字，怕被报复": the negation decides
                return "anonymous", "anonymous"
            if slots.name:
                return "anonymous", slots.name.name
            if re.search(r"实名|留名|留姓名|留名字", t):
                return "anonymous", "named"
        if expecting in ("confirm", "consent") and len(t) <= 12:
            if _NO.match(t):
                return expecting, "no"
            if _YES.search(t) and not _CORRECTION_HINT.search(t) and not re.search(r"改|修改|等|不", t):
                return expecting, "yes"
        if expecting == "request" and slots.request:
            return "request", slots.request
        return None

    # ---- interpretation ----------------------------------------------------------------------
    def interpret(self, text: str, expecting: str = "") -> Reading:
        """The reading of one message (see the module docstring). Short messages repeat
        across conversations ("好的", "不知道", "转人工"): their readings are kept (a pure
        function of text and question, bounded)."""
        if len(text) <= _SHORT:
            key = (text, expecting)
            hit = self._short.get(key)
            if hit is None:
                if len(self._short) >= _SHORT_KEEP:
                    self._short.clear()
                hit = self._short[key] = self._guarded(text, expecting)
            return hit
        return self._guarded(text, expecting)

    def _guarded(self, text: str, expecting: str) -> Reading:
        # a meta reading fired by the words of the matter gives way to it (nlp.meta_guard)
        return guarded(self, text, expecting, self._interpret(text, expecting))

    def _interpret(self, text: str, expecting: str) -> Reading:
        text = standard(to_simplified(text))  # (淮安话 港 = 说: read, never stored so)
        t = normalize(text).strip()
        core = re.sub(r"[\W_]+", "", t)
        if not core:
            return Reading("unknown", 1.0)
        slots = self.slots(text, expecting)
        ranked = self.model.ranked(text, expecting, top=6)
        model_kind = ranked[0][0].partition(":")[0]
        cjk = cjk_count(t)

        def reading(k: str, conf: float = 1.0, sure: bool = True, **kw: Any) -> Reading:
            return Reading(k, float(conf), slots=slots, model_kind=model_kind, sure=bool(sure),
                           **kw)

        # The model's best reading among those the message's form allows.
        kind, topic, p = "story" if cjk >= 6 else "unknown", "", 0.0
        for alt, q in ranked:
            k, _, tp = alt.partition(":")
            if k == "answer" and expecting == "description":
                k = "story"
            if self._consistent(k, tp, t, core):
                kind, topic, p = k, tp, q
                break
        asks = asks_something(t)
        narrative = cjk >= 18 and len(_NARRATIVE.findall(t)) >= 2
        process_topic = next((name for name, rx in _PROCESS_TOPICS if _found(rx, t)), None)

        if not cjk and not slots.phone:
            if kind in ("command", "smalltalk", "human") and p >= 0.5 or re.search(
                    r"JH[-\s]?\d{8}", t, re.IGNORECASE):
                jh = bool(re.search(r"JH[-\s]?\d{8}", t, re.IGNORECASE))
                return reading(kind, p, jh if kind == "command" else p >= 0.5,
                               topic=topic or None)
            if expecting in ("rating", "confirm", "consent") or (
                    expecting == "phone" and re.search(r"\d", t)):
                pass  # "5", "ok", a short number: the dialog reads it as its answer
            elif not _LETTERS.search(core) or len(core) < 3 or kind == "unknown" or p < 0.6:
                return reading("unknown", p)

        if expecting not in ("description", "") and reports_a_promise(t) and not _CORRECTION_HINT.search(t):
            return reading("story", 1.0)  # "村长说过几天来修": what was tried, told (nlp.asking)
        # 0. a deferral: nothing of it is an answer
        if len(core) <= 20 and _LATER.match(core) and not _facts_in(core) or defers(t):
            return reading("smalltalk", max(p, 0.5), topic="later")
        if len(core) <= 24 and _THANKS_ONLY.fullmatch(core):
            return reading("smalltalk", max(p, 0.5), topic="thanks")  # "多谢多谢，麻烦你们了哈"
        back = after_return(text)
        if back == "":
            return reading("smalltalk", max(p, 0.5), topic="back")
        # 0. whether this intake handles such a matter or helps, asked in so many words ("恁这儿管不管
        # …的事", "网上说了算不算数"), or a fear of a third party finding out (nlp.intake_questions)
        about_intake = intake_question(t) if expecting not in ("request", "confirm") else None
        if about_intake is not None and not (kind in ("human", "command") and p >= 0.6):
            return reading("process", max(p, 0.5), topic=about_intake)
        # 0. a phone corrected by its part in the same message ("138… 哦不对 后四位是4791")
        fixed_phone = corrected_number(slots.phone, t) if expecting == "phone" and slots.phone else None
        if fixed_phone is not None:
            return reading("answer", 1.0, field="phone", value=fixed_phone, text=fixed_phone)
        # 0. a fact of the story corrected while a field is asked ("哦不对 是四千八"): the account's
        if expecting in ("town", "address", "name", "anonymous", "phone") and not slots.phone and \
                field_word(t) in (None, "description"):
            fix = story_fix(t)
            if fix is not None and not place_answer(fix.new, self.gazetteer):
                return reading("correction", 1.0, field="description", value=fix.new, old=fix.old)
        # 0. the name to register changed to a relative's ("名字还是写我老伴的 她叫…", nlp.name_change)
        kin = kin_name(t, self.names) if expecting in ("town", "address", "phone", "request",
                                                       "confirm") else None
        if kin is not None:
            return reading("correction", 1.0, field="name", value=kin)
        # 0. a value corrected inside the answer ("周湾村三组，哦不对，是四组"): the corrected one
        if expecting in ("town", "address", "name", "phone") and _CORRECTION_HINT.search(t):
            fixed = self._self_corrected(text, expecting)
            if fixed is not None:
                return fixed
        # 0. a request taken back and said again in the answer ("要求赔钱 哦不对 主要是把沟清一清"):
        # the request is what follows the correction, as the citizen said it
        meant = self._request_taken_back(text, t) if expecting == "request" and not slots.phone else None
        if meant is not None:
            return reading("answer", 1.0, field="request", value=meant, text=meant)
        # 1. a correction that carries its new value
        if _CORRECTION_HINT.search(t) and not (kind in ("human", "command") and p >= 0.6) and \
                not (kind == "story" and p >= 0.9 and len(t) > 25):
            corr = find_correction(text, expecting, self.typer)
            if corr:
                return reading("correction", 1.0, field=corr.field, value=corr.value, old=corr.old)
        # 2. a clean value of the field asked for
        said_town = hedged_town(t, self.gazetteer) if expecting == "town" and slots.town else None
        if said_town:  # "原来涂沟乡的 现在叫啥不晓得": the town, as named (nlp.town_hedge)
            return reading("answer", 1.0, field="town", value=slots.town, text=said_town)
        ans = self.answer(text, expecting, slots)
        if ans and not (kind in ("human", "command") and p >= 0.6) and not _RESTART.search(core) and not (
                kind == "process" and asks and process_topic and not (
                    ans[0] == "request" and (_REQUEST_LEAD.match(t) or directs(t) or not _QFORM.search(ans[1] or "")))):
            return reading("answer", 1.0, field=ans[0], value=ans[1])
        if expecting == "request" and cjk >= 4 and directs(t) and not (
                kind in ("human", "command") and p >= 0.6 or _CORRECTION_HINT.search(t)):
            # "定下来到底谁管 把管子换了": a question of its own beside what is to be done
            return reading("answer", 1.0, field="request", value=text.strip(_STOP))
        # 3. a refusal (an address or a name given is no refusal: see `answer`)
        refused = None if narrative else find_refusal(text, expecting)
        if refused is not None and not (asks and process_topic) and (
                kind not in ("human", "command", "consult") or p < 0.6 or kind == "command" and not any(
                    rx.search(core) for _, rx in _COMMANDS)):  # ("不用留了": no command named)
            return reading("refusal", 1.0, field=refused or None)
        held = None if narrative or expecting not in (*FIELDS, "anonymous") \
            else declined_with_reason(text, "name" if expecting == "anonymous" else expecting, field_word)
        if held is not None and not (asks and expecting == "name"):
            # "不留 俺怕被报复", "能不写名字吗 怕被报复" (a report): declined, with its reason; asked
            # where a name is needed, the anonymity rules are the answer (below)
            return reading("refusal", 1.0, field=held if held in FIELDS else None)
        # 4. a person, small talk, a consultation, a command, a process question, by their words
        if _HUMAN.search(t) and len(core) <= 30 and kind != "story" and not (
                kind == "process" and process_topic == "bot"):
            return reading("human", p if kind == "human" else 0.5)
        if _HUMAN_LONG.search(t) and len(core) <= 60 and not _REPORT.search(t):
            return reading("human", p if kind == "human" else 0.5)
        if _PARTS.search(t) or _DONE.fullmatch(core):
            return reading("smalltalk", p, topic="parts" if _PARTS.search(t) else "done")
        if len(core) <= 8:
            for name, rx in _SMALLTALK:
                if rx.fullmatch(core):
                    return reading("smalltalk", max(p, 0.5), topic=name)
        if (_POLICY.search(t) or not _ABOUT_INTAKE.search(t) and (
                _PROCEDURE.search(t) or _ASKS_FIRST.match(t) and not process_topic and expecting in (
                    "description", "") and not _NARRATIVE.search(t))) and asks and (not narrative or _ASKS_FIRST.match(t)) and not (_REPORT.search(t) or unfair(t)) and kind in (
                "process", "story", "consult", "smalltalk") and len(core) <= 40 and \
                process_topic not in ("privacy", "anonymity", "bot") and not (
                expecting == "request" and _ASKS_TO_DO.search(t)):
            return reading("consult", max(p, 0.5))
        if expecting in ("description", "") and len(core) <= 60 and (
                len(core) <= 50 and asks_how_to_get(t) or asks_whether_it_applies(t)) and not (
                withheld(t) or unfair(t) or _ABOUT_INTAKE.search(t)) and kind in (
                "process", "story", "consult", "smalltalk") and process_topic not in (
                "privacy", "anonymity", "bot"):
            return reading("consult", max(p, 0.5))  # how to get a service, with some background
        if expecting in ("description", "") and kind in ("process", "story", "consult", "smalltalk") and \
                process_topic not in ("privacy", "anonymity", "bot", "effect") and policy_question(t):
            return reading("consult", max(p, 0.5))  # "问一下 …背景… 还续不续签" (nlp.policy_question)
        cancels = _only_cancel(core) or cancels_with_reason(t)
        if (len(core) <= 20 or cancels and len(core) <= 30) and not (
                kind == "story" and p >= 0.8 and not cancels):
            for name, rx in _COMMANDS:
                if (cancels if name == "cancel" else rx.search(core)) and not (
                        name == "status" and process_topic == "time" and
                                            not re.search(r"进度|进展|JH", t, re.IGNORECASE)):
                    return reading("command", max(p, 0.5), topic=name)
        if process_topic and (asks or process_topic in ("bot", "effect")) and len(core) <= 30 and \
                not narrative and not reports(t) and kind not in (
                "correction", "answer") and not (kind == "human" and _HUMAN.search(t)) and not (
                _REPORT.search(t) and not _QFORM.search(t)):  # ("哪个部门都推来推去不管")
            return reading("process", p, topic=process_topic)
        if _DONT_KNOW.search(t) and len(core) <= 20 and not narrative and expecting in FIELDS and not (
                withheld(t) or reports(t)) and kind in (
                "answer", "refusal", "unknown", "smalltalk", "process", "command", "story"):
            return reading("answer", 1.0, field=expecting, value=None)  # "不清楚": an answer
        # 5. the model's reading, with the details the extractors give
        if model_kind == "answer" and expecting in ("address", "request") and cjk >= 2 and (
                expecting == "request" or not NOT_AN_ADDRESS.search(t) and not only_a_request(t, self.gazetteer)):
            return reading("answer", ranked[0][1], ranked[0][1] >= 0.9, field=expecting,
                           value=text.strip(_STOP))
        if expecting == "request" and cjk >= 4 and kind in ("process", "consult") and not (
                process_topic and asks) and (not _QFORM.search(t) or _ASKS_TO_DO.search(t)):
            # the reply to "您希望怎么解决" is the request unless it asks about the process
            # ("想问清楚为啥少了，该给我的要补上")
            return reading("answer", 1.0, field="request", value=text.strip(_STOP))
        if kind == "correction":
            f = field_word(t) or (expecting if expecting in FIELDS else None)
            value = _slot_value(slots, f)
            return reading("correction", 1.0 if value else p, p >= 0.9 or value is not None,
                           field=f, value=value)
        if kind == "refusal":
            f = field_word(t)
            return reading("refusal", p, p >= 0.9, field=f if f in FIELDS else (
                expecting if expecting in FIELDS else None))
        if kind == "process" and process_topic and _REPORT.search(t) and not _QFORM.search(t):
            kind, topic = "story", ""  # a statement that names no one acting, not a question
        elif kind == "process" and process_topic:
            topic = process_topic
        if kind == "command":
            named = next((name for name, rx in _COMMANDS if rx.search(core)), None)
            if named == "cancel" and not cancels:
                # "把不该吃的低保取消掉": 取消 about something else is part of the matter
                kind, topic, named = ("story" if cjk >= 4 else "unknown"), "", None
                return reading(kind, p, kind == "story")
            if named is None and len(core) > 10 and cjk >= 6:
                return reading("story", p)  # a longer sentence no command rule names: content
            if named is None:  # the model alone: not enough to cancel or restart anything
                return reading(kind, p, False, topic=topic or None)
            topic = named
        if kind == "consult" and (_REPORT.search(t) or unfair(t) or withheld(t)) or kind == "process" and (
                not process_topic and (narrative or _REPORT.search(t) and not _QFORM.search(t)) or reports(t)):
            kind, topic = "story", ""  # "低保被取消了，不知道为什么", "村里哪个干部都不管": a matter
        # A reading the model barely proposed is never sure (small talk at p 0.0 once ended a story).
        return reading(kind, p, p >= 0.9 or kind in ("story", "unknown") or (
                       kind == "smalltalk" and p >= 0.5),
                       topic=topic or None)

    def _request_taken_back(self, text: str, t: str) -> str | None:
        """The request said again after a correction inside the answer, or None: the first part
        reads as a request, the new one as no other field's value, and no field is named
        ("电话打错了 最后一位是4不是7" corrects the phone)."""
        if not _CORRECTION_HINT.search(t) or field_word(t) not in (None, "request"):
            return None
        sc = self_correction(text)
        if sc is None or cjk_count(sc[1]) < 4:
            return None
        first, other = self.typer.typed(sc[0], "request"), self.typer.typed(sc[1], None)
        if first is None or first.field != "request" or other is not None and other.field != "request":
            return None
        return sc[1]

    def _self_corrected(self, text: str, expecting: str) -> Reading | None:
        """The reading of an answer corrected inside itself, with `text` the message as meant."""
        sc = self_correction(text)
        if sc is None:
            return None
        before, new = sc
        first = self.typer.typed(before, expecting)
        if first is None or first.field != expecting or expecting == "address" and not place_answer(
                before, self.gazetteer):
            return None
        other = self.typer.typed(new, None)
        if other is not None and other.field != expecting and expecting != "address":
            return None  # ("嗯号码错了 幺八五…" asked for the address: the phone corrected)
        if expecting == "address" and other is not None and other.field == "phone":
            return None
        fixed = splice(before, new)
        r = self._interpret(fixed, expecting)
        return replace(r, text=fixed) if r.kind == "answer" and r.value else None

    @staticmethod
    def _consistent(kind: str, topic: str, t: str, core: str) -> bool:
        """Whether a kind the model proposes fits the form of the message: an answer needs a
        question asked, a consultation a question, small talk and commands are short, a
        correction names what is wrong."""
        if kind == "answer":
            return False  # the extractors found no value of the field asked for
        if kind == "consult":
            return asks_something(t)
        if kind == "smalltalk" and topic == "later":
            return bool(_LATER.match(core)) and not _facts_in(core) or defers(t)  # never a guess
        if kind == "smalltalk":
            # "done"/"parts" from the model only when the message carries no facts of its own
            return len(core) <= 12 or (topic in ("parts", "done") and len(core) <= 20 and
                                       not _REPORT.search(t) and not _NARRATIVE.search(t))
        if kind == "command":
            return len(core) <= 30
        if kind == "human":
            # a person named in a statement ("村主任说是上面定的") is no request for one
            return (len(core) <= 30 and bool(_PERSON.search(t)) and bool(_WANT_PERSON.search(t))) or (
                len(core) <= 60 and (bool(_HUMAN_LONG.search(t)) or _asks_person_last(t)))
        if kind == "correction":
            return bool(_CORRECTION_HINT.search(t))
        if kind == "refusal":  # ("…也不说一声": no refusal form)
            return bool(_REFUSAL_FORM.search(t))
        if kind == "process":
            return len(core) <= 40 and asks_something(t)
        return True


def _asks_person_last(t: str) -> bool:
    """The last clause asks for a person ("…说不清楚，帮我找个你们单位的人直接跟我说吧"): reasons
    first, the request last, as a clerk hears it."""
    last = next((c for c in reversed(_CLAUSES.split(t)) if c.strip()), "")
    return len(last) <= 30 and bool(_PERSON.search(last)) and bool(_WANT_PERSON.search(last)) and \
        not _REPORT.search(t)


def _slot_value(slots: Slots, field: str | None) -> str | None:
    """The value of `field` the message's slots give ("姓名写错了 我叫X" -> X)."""
    if field == "name" and slots.name and not slots.name.surname_only:
        return slots.name.name
    if field == "phone":
        return slots.phone
    if field == "town":
        return slots.town
    if field == "address":
        return slots.place
    return None


# ---------------------------------------------------------------------------------- caching
_CACHE_FORMAT = 1


def _clause_reader(config_dir: Path, gazetteer: Gazetteer,
                   cache_dir: Path | None) -> ClauseReader | None:
    """The clause reader trained on config/nlp/intents/clauses_train.csv (None without it)."""
    train = config_dir / "nlp" / "intents" / "clauses_train.csv"
    if not train.is_file():
        return None
    return ClauseReader(_cached_model(train, gazetteer, config_dir / "towns.toml", cache_dir,
                                      kind="clauses"))


def _read_cached(where: Path, gazetteer: Gazetteer, kind: str) -> IntentModel | None:
    """The model saved in `where`, or None when it is absent, damaged or half-written."""
    try:
        model = LinearTextModel.load(where, kind)
        words = json.loads((where / "words.json").read_text("utf-8"))
    except Exception:  # noqa: BLE001 - any unreadable cache only means "train again"
        return None
    return IntentModel(model, Segmenter(words), gazetteer)


def _cached_model(train: Path, gazetteer: Gazetteer, towns: Path,
                  cache_dir: Path | None, kind: str = "intents") -> IntentModel:
    rows = read_corpus(train)
    if cache_dir is None:
        return IntentModel.train(rows, gazetteer)
    code = [Path(__file__).with_name(n) for n in ("intent_model.py", "features.py", "learner.py",
                                                  "phones.py")]
    digest = hashlib.sha256()
    for p in [train, towns, *code]:
        digest.update(p.read_bytes())
    digest.update(str(_CACHE_FORMAT).encode())
    where = cache_dir / f"{kind}-{digest.hexdigest()[:16]}"
    cached = _read_cached(where, gazetteer, kind)
    if cached is not None:
        return cached
    trained = IntentModel.train(rows, gazetteer)
    # Written aside and renamed into place: several workers starting at once never read a
    # half-written model (the first rename wins, the others' copies are dropped).
    tmp = cache_dir / f".{kind}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    try:
        trained.model.save(tmp, kind)
        (tmp / "words.json").write_text(
            json.dumps(sorted(trained.segmenter.words), ensure_ascii=False), "utf-8")
        os.rename(tmp, where)
    except OSError:
        pass  # a read-only data dir, or another process was first
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return trained
