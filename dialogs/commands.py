"""Reading what the citizen typed: anytime commands, yes/no, greetings, ratings, emoji.

These are patterns of citizen input (how people type on a phone), not sentences of the bot, so
they live here rather than in config/. A command must be (nearly) the whole message: "取消" is a
command, "我的低保被取消了" is a petition.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from nlp.entities import normalize  # cached there: every check of one message normalizes it
from nlp.hanzi import cjk_count  # (re-exported: dialogs count ideographs through here)
from nlp.own_matter import decides_to_file

CASE_NUMBER_RE = re.compile(r"JH[-\s]?(\d{8})[-\s]?(\d{4})", re.IGNORECASE)

CANCEL = frozenset({
    "取消", "算了", "不弄了", "不办了", "不反映了", "不要了", "不用了", "不想弄了", "不填了",
    "不搞了", "不登记了", "不说了", "退出", "撤销", "取消登记", "取消反映", "不想反映了",
    "算了不弄了", "算了不反映了", "算了不用了", "不弄了算了", "不想说了", "放弃", "结束",
})
RESTART = frozenset({
    "重新开始", "重来", "重新来", "从头开始", "重新填", "重新登记", "重新填写", "再来一次",
    "从头来", "重新来过", "重新反映", "重新说",
})
HUMAN = frozenset({
    "人工", "转人工", "人工客服", "人工服务", "找人工", "要人工", "真人", "找真人", "工作人员",
    "找工作人员", "联系工作人员", "客服", "转接人工", "人工坐席", "找人", "找个人", "转人",
    "要真人", "真人客服", "人工处理", "转工作人员", "让工作人员来", "和工作人员说",
})
HELP = frozenset({
    "帮助", "help", "需要什么信息", "需要哪些信息", "要什么信息", "要哪些信息", "要填什么",
    "需要填什么", "怎么弄", "怎么用", "怎么办理", "怎么填", "使用说明", "说明", "菜单", "怎么反映",
    "需要什么", "要什么", "需要提供什么", "要提供什么", "要准备什么", "需要准备什么", "怎么操作",
})
PROGRESS = frozenset({
    "进度", "查进度", "查询进度", "查询", "我的进度", "办理进度", "办得怎么样了", "怎么样了",
    "有结果了吗", "处理得怎么样了", "查一下进度", "办理情况", "处理进度", "查询办理进度",
    "进展", "有进展吗", "结果呢", "查看进度", "进度查询", "案件进度", "事项进度",
})
GREETING = frozenset({
    "你好", "您好", "在吗", "在不在", "hi", "hello", "哈喽", "嗨", "有人吗", "喂", "你好啊",
    "您好啊", "早上好", "下午好", "晚上好", "在么", "在", "哈罗", "你好在吗", "您好在吗",
    "开始", "开始反映", "开始在线反映", "start",
})
THANKS = frozenset({
    "谢谢", "谢谢你", "谢谢您", "多谢", "感谢", "好的谢谢", "谢了", "辛苦了", "thanks", "thankyou",
    "谢谢啦", "非常感谢", "感谢感谢", "好谢谢", "收到谢谢", "好的辛苦了", "麻烦了", "谢谢了",
})
YES = frozenset({
    "同意", "好", "好的", "可以", "行", "嗯", "嗯嗯", "是", "是的", "对", "对的", "ok", "okay",
    "yes", "y", "没问题", "确认", "确定", "当然", "中", "可", "好吧", "行吧", "愿意", "接受",
    "同意并继续", "确认提交", "提交", "正确", "没错", "对了", "好滴", "好嘞", "可以的", "是滴",
    "确认无误", "无误", "都对", "对的提交", "提交吧", "确定提交", "没有问题", "我同意", "同意的",
    "知道了", "明白", "了解", "继续", "接着", "接着填", "继续填", "嗯好", "就这样", "就这样吧",
    "确认无误提交", "没问题了", "都对的", "可以提交", "都没问题",
})
NO = frozenset({
    "不同意", "不", "不要", "不行", "不可以", "拒绝", "no", "n", "不愿意", "不接受", "否",
    "我不同意", "不好", "不了",
})
DONT_KNOW = frozenset({
    "不知道", "不清楚", "不晓得", "不确定", "不记得", "忘了", "说不清", "不太清楚", "不太确定",
    "不懂", "不知", "不清楚啊", "不知道啊", "没有地址", "没有具体地址", "跳过", "不知道哪个镇",
    "不方便", "不方便说", "不想说", "保密", "不好说",
})
NOTHING = frozenset({"没有", "无", "没", "没了", "没有了", "不用", "没什么", "没啥", "没什么要求",
                     "没有要求", "没要求", "无诉求", "没有诉求", "就这样", "就这些", "暂时没有",
                     "不需要", "跳过", "没有了谢谢", "没有谢谢", "没别的了", "没其他"})
DONE = frozenset({"就这些", "就这样", "说完了", "讲完了", "就这么多", "就是这样", "就这些了",
                  "没了", "没有了", "完了", "就这", "差不多了", "就这么个事"})
ANONYMOUS = re.compile(r"匿名|不想?留名|不留名|不想留姓名|不(?:想|方便|愿意)(?:说|透露|告诉)|保密|不留姓名")
KEEP_NAME = frozenset({"留姓名", "实名", "留名", "不匿名", "实名反映", "我留姓名", "可以留"})
NOT_EDIT = re.compile(r"不改|不用改|不修改|不需要改|没有要改|不要改")

_PREFIXES = ("我要", "我想", "请", "帮我", "麻烦", "给我", "我需要", "那就", "那", "还是", "就",
             "直接", "可以")
_SUFFIXES = ("吧", "啊", "呀", "一下", "谢谢", "了", "呢", "哦", "嘛", "好吗", "可以吗", "行吗",
             "的", "哈")
# WeChat text emoticons ("/::)", "/:rose") and bracketed sticker names ("[微笑]", "[Smile]").
_WECHAT_EMOTICON = re.compile(r"/:[^\s/]{1,8}|\[[^\[\]\s]{1,8}\]")


@functools.lru_cache(maxsize=512)  # one message is matched against every command's words
def core(text: str) -> str:
    """Lower-cased, without spaces, punctuation and symbols (emoji): what a command is made of."""
    return _NOT_LETTER_OR_DIGIT.sub("", normalize(text).lower())


# \w is what str.isalnum() accepts, i.e. Unicode categories L* and N* (tests/dialogs/test_slots.py
# checks every code point), plus "_".
_NOT_LETTER_OR_DIGIT = re.compile(r"[\W_]+")


def _matches(text: str, words: frozenset[str]) -> bool:
    return not _forms(text).isdisjoint(words)


def _forms(text: str) -> frozenset[str]:
    """What a short message may mean as a command or an answer (see `_peeled`)."""
    if len(text) > 60:  # commands and answers are short; do not scan a long petition
        return frozenset()
    c = core(text)
    if not c or len(c) > 14:
        return frozenset()
    return _peeled(c)


@functools.lru_cache(maxsize=512)  # the same message is tried against several word lists
def _peeled(c: str) -> frozenset[str]:
    """`c` and every form of it without polite prefixes/suffixes: "我要转人工吧" -> "转人工"."""
    seen = {c}
    frontier = [c]
    while frontier:
        w = frontier.pop()
        if w.startswith(_PREFIXES):  # (most words have neither: one test for all of them)
            for p in _PREFIXES:
                if w.startswith(p) and len(w) > len(p) and w[len(p):] not in seen:
                    seen.add(w[len(p):])
                    frontier.append(w[len(p):])
        if w.endswith(_SUFFIXES):
            for s in _SUFFIXES:
                if w.endswith(s) and len(w) > len(s) and w[: -len(s)] not in seen:
                    seen.add(w[: -len(s)])
                    frontier.append(w[: -len(s)])
    return frozenset(seen)


def is_yes(text: str) -> bool:
    """"好的" and also "对，提交吧" or "对的没错": every part of the message says yes."""
    t = normalize(text).strip()
    if len(t) > 60 or t.endswith(("?", "吗", "么")):  # "嗯？" / "可以吗" is a question, not a yes
        return False
    if not _YES_CHARS.issuperset(_NOT_LETTER_OR_DIGIT.sub("", t.lower())):
        return False  # a character no yes-word has (the parts' `core`, at once: t is normalized)
    parts = [p for p in _YES_PARTS.split(t) if core(p)]
    return bool(parts) and all(_matches(p, YES) or _made_of(core(p), YES) for p in parts)


def _made_of(c: str, words: frozenset[str]) -> bool:
    """`c` is a run of yes-words and courtesies without punctuation: "对的没错", "好的谢谢"."""
    if not c or len(c) > 16:
        return False
    vocab = _vocab(words)
    reached, todo = {0}, [0]  # where a run of words (of up to 6 characters) can end
    while todo:
        j = todo.pop()
        for i in range(j + 1, min(j + 6, len(c)) + 1):
            if i not in reached and c[j:i] in vocab:
                reached.add(i)
                todo.append(i)
    return len(c) in reached and any(w in c for w in words)


_YES_PARTS = re.compile(r"[，,。.!！\s、~～]+")


@functools.cache  # (called with YES only)
def _vocab(words: frozenset[str]) -> frozenset[str]:
    return words | THANKS | {"吧", "啊", "呀", "了", "的", "哦", "嗯"}


# Every character a yes can be made of: a yes-word with courtesies around it (`_forms`), or a
# run of them (`_made_of`). A message with any other character ("已经三天了") is not one.
_YES_CHARS = frozenset("".join(_vocab(YES) | set(_PREFIXES) | set(_SUFFIXES)))


EDIT_COMMAND = frozenset({"修改", "改一下", "我要修改", "要修改", "写错了", "填错了", "有错",
                          "说错了", "改", "更正", "我要改", "想改一下", "有地方错了"})


_WHO = re.compile(r"你是谁|你是机器人|是机器人吗|机器人吗|你是人吗|是真人吗|真人吗|自动回复吗|你是ai|是不是机器人")


def asks_who(text: str) -> bool:
    """"你是机器人吗": the citizen should know they talk to an automatic assistant."""
    t = normalize(text).lower()
    return len(core(t)) <= 12 and bool(_WHO.search(t))


def wants_to_edit(text: str) -> bool:
    """"修改" / "写错了" with nothing else: which field is asked next."""
    return _matches(text, EDIT_COMMAND)


_FIRST_CLAUSE_END = re.compile(r"[，,。.!！;；\s]+")


def split_first_clause(text: str) -> tuple[str, str]:
    """("同意", "我家的低保被取消了") from "同意，我家的低保被取消了"."""
    t = text.strip()
    m = _FIRST_CLAUSE_END.search(t)
    if not m:
        return t, ""
    return t[: m.start()], t[m.end():].strip()


def is_no(text: str) -> bool:
    return _matches(text, NO)


def is_greeting(text: str) -> bool:
    return _matches(text, GREETING)


def is_thanks(text: str) -> bool:
    return _matches(text, THANKS) or (len(text) <= 20 and bool(_THANKS_FORM.fullmatch(core(text))))


# "谢谢你们", "太感谢政府了", "辛苦各位领导": thanks in more words than THANKS lists.
_THANKS_FORM = re.compile(r"(?:(?:好的?|嗯+|哦)?(?:太|非常|十分|真是?)?(?:谢谢|多谢|感谢|辛苦|麻烦|劳驾|谢)+"
                          r"(?:你们?|您|领导|同志|政府|各位|大家|姑娘|小同志|啊|了|啦|呀|哈|哦|嘛)*)+")


def is_dont_know(text: str) -> bool:
    return _matches(text, DONT_KNOW)


def is_nothing(text: str) -> bool:
    return _matches(text, NOTHING)


def wants_to_add(text: str) -> bool:
    """"等一下，我再补充一点": more is coming, the summary is not the end yet."""
    t = normalize(text)
    if len(core(t)) > 12 or not re.search(r"补充|还有|再说|等一下|等等|没说完|还没完", t):
        return False
    rest = re.sub(r"等一下|等等|补充|还有|再说|没说完|还没完|一点|一下|几句|事情|情况|我|再|要|想|"
                  r"点|呢|啊|吧|的|了|没|完", "", core(t))
    return cjk_count(rest) < 2  # "还有，晚上也没有路灯" already is the addition


def is_done(text: str) -> bool:
    """"就这些": the citizen has finished telling, not answered the question."""
    return _matches(text, DONE)


def wants_anonymous(text: str) -> bool:
    return bool(ANONYMOUS.search(normalize(text))) and "不匿名" not in text


def keeps_name(text: str) -> bool:
    return _matches(text, KEEP_NAME)


def declines_edit(text: str) -> bool:
    return bool(NOT_EDIT.search(text))


@dataclass(frozen=True, slots=True)
class Command:
    kind: str  # cancel | restart | human | help | status
    case_number: str = ""  # for status: "JH-YYYYMMDD-NNNN" or "" for the latest case


def case_number_in(text: str) -> str:
    m = CASE_NUMBER_RE.search(normalize(text))
    return f"JH-{m.group(1)}-{m.group(2)}" if m else ""


@functools.lru_cache(maxsize=256)  # every message is checked; many are the same few words
def detect(text: str) -> Command | None:
    """The anytime command this message is, if it is (nearly) nothing but a command."""
    t = normalize(text).strip()
    if not t or _NUMBER_ONLY.fullmatch(t):  # a phone or house number: no command has digits only
        return None
    number = case_number_in(t)
    if number:
        rest = CASE_NUMBER_RE.sub("", t)
        if not core(rest) or _matches(rest, PROGRESS) or core(rest) in {"查", "查一下", "查看"}:
            return Command("status", number)
    m = _QUERY_OTHER.fullmatch(t)
    if m and sum(ch.isdigit() for ch in m.group(1)) >= 3:
        return Command("status", m.group(1))  # the case system's own number
    if "?" in t and not t.strip("?？!！ ."):  # "？？" / "?!": what is this, how does it work
        return Command("help")
    kind = _command_kind(t)
    if kind:
        return Command(kind)
    if len(core(t)) <= 20 and _PROGRESS_SENTENCE.search(t):
        return Command("status")  # "想查一下上次反映的事办得怎么样了"
    # "算了吧，不想说了" / "好的，转人工吧": every clause is the same command or a courtesy.
    if len(core(t)) > 24:  # a command with courtesies is short; a long message is a petition
        return None
    clauses = [c for c in _CLAUSE.split(t) if core(c)]
    if len(clauses) > 1:
        kinds = {_command_kind(c) for c in clauses if not _courtesy(c)}
        if len(kinds) == 1 and None not in kinds:
            return Command(kinds.pop() or "")
        # "算了，我还是打12345吧" / "转人工，说不清楚": a short message led by a command.
        head = core(clauses[0])  # exactly a command word, so "取消了，我家的低保…" is not
        for kind, words in (("cancel", CANCEL), ("restart", RESTART), ("human", HUMAN)):
            if kind == "cancel" and decides_to_file(t):
                continue  # "算了 俺要投诉": not the end, a petition after all (nlp.own_matter)
            if head in words and len(core(t)) <= 20:
                return Command(kind)
    return None


_NUMBER_ONLY = re.compile(r"[0-9\s+\-()（）]+")
_QUERY_OTHER = re.compile(
    r"(?:查询|查一下|查)\s*(?:编号)?[:：]?\s*([\u4e00-\u9fff]{0,4}[A-Za-z0-9\-_/〔〕\[\]()号第字]{3,30})"
)
# Asking after one's own case: a looking-up verb (never 调查 / 核查 / 追查: an investigation is
# something asked for), then within the same clause what a case has (进度, 结果 asked after:
# "查一下处理结果", not "调查清楚 结果公开给村民", which is a request).
_PROGRESS_SENTENCE = re.compile(
    r"(?<![调核追检审督排侦抽盘复])(?:查询?|查一下|查查|问一下|问问|想知道|看看)[^，,。；;！!\s]{0,10}"
    r"(?:进度|进展|结果(?=$|[了吗呢没出怎如]|\W)|怎么样|办得|处理得|办到哪)"
    r"|(?:上次|之前|以前)(?:反映|提交|登记)的.{0,8}(?:怎么样|进度|结果|办得|有回复|处理)"
)
_CLAUSE = re.compile(r"[，,。.!！;；、~～\s]+")
_COMMANDS = (("cancel", CANCEL), ("restart", RESTART), ("human", HUMAN), ("help", HELP),
             ("status", PROGRESS))


def _command_kind(text: str) -> str | None:
    forms = _forms(text)
    for kind, words in _COMMANDS:
        if not forms.isdisjoint(words):
            return kind
    return None


def _courtesy(text: str) -> bool:
    return _matches(text, THANKS) or _matches(text, YES) or _matches(text, GREETING)


def is_emoji_only(text: str) -> bool:
    """Stickers, emoji and emoticons with no words or digits."""
    t = _WECHAT_EMOTICON.sub("", normalize(text))
    return bool(text.strip()) and not core(t)


def strip_emoticons(text: str) -> str:
    return _WECHAT_EMOTICON.sub("", text)




_RATING_WORDS = (
    ("非常不满意", 1), ("很不满意", 1), ("特别不满意", 1), ("不太满意", 2), ("不满意", 2),
    ("一般", 3), ("还行", 3), ("凑合", 3), ("非常满意", 5), ("很满意", 5), ("特别满意", 5),
    ("满意", 4), ("挺好", 4), ("很好", 5),
)
_RATING_NUM = re.compile(r"^\s*([1-5１-５一二三四五])\s*(?:分|星|颗星)?(?![\d０-９月号日年天个次块元点])")
_CN = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5}


def parse_rating(text: str) -> tuple[int, str] | None:
    """(1..5, comment) from "5", "5分 很好", "五星", "⭐⭐⭐⭐", "非常满意"; None otherwise."""
    t = normalize(text).strip()
    stars = t.count("⭐") + t.count("★")
    if stars and 1 <= stars <= 5 and not re.search(r"\d", t):
        return stars, t.replace("⭐", "").replace("★", "").strip(" ，,。")
    m = _RATING_NUM.match(t)
    if m:
        d = m.group(1)
        value = int(d) if d.isdigit() else _CN[d]
        return value, t[m.end():].strip(" ，,。.!！")
    for word, value in _RATING_WORDS:
        if word in t and len(core(t)) <= 20:
            rest = t.replace(word, "", 1).strip(" ，,。.!！")
            return value, rest if cjk_count(rest) >= 2 else ""
    return None
