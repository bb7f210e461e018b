"""Reading a citizen's name the way a counter clerk would.

The surname list is the full 百家姓 plus modern and rare surnames (config/nlp/surnames.txt,
compound surnames included). A name is found from:

- 我叫X / 我的名字是X / 姓名X / 本人X / 联系人X;
- 我姓X…, 免贵姓X, 本人姓X: the surname, then the full name when it follows
  (我姓王 王建国, 免贵姓欧阳，叫欧阳春, 我姓王，叫建国 -> 王建国, 单名一个锋字 -> X锋);
- 我是…的X (我是塔集镇闵桥村的刘桂英);
- 叫我老王 / 小李;
- a bare answer to "your name?" (张三, 是欧阳娜娜), with jieba's `nr` tag as a fallback for a
  name whose surname is missing from the list.

Words that merely start with a surname character (可以, 都行, 明白) are told apart with jieba's
dictionary: a given-name part that is a frequent function word, verb or pronoun is not a name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import jieba

from nlp.entities import _COMMON_WORDS, _NOT_NAMES, NameMention, normalize
from nlp.hanzi import to_simplified
from nlp.name_answer import answered_name, without_answer_edges
from nlp.postags import everyday_table, everyday_tag, tagged_person
from nlp.self_intro import is_self_introduction

_CJK_NAME = r"[\u4e00-\u9fff]"
# Tags of words that are not given names when they follow a surname character (可以, 没有…).
_FUNCTION_TAGS = ("c", "v", "r", "m", "d", "f", "p", "u", "y", "q", "ad")
_BAD_CHARS = frozenset("的了吗呢吧啊呀么什怎这那们我你他她咱俺啥哪个些不没")
# How a surname is spelled out loud: 木子李, 弓长张, 耳东陈 (the components, then the character).
_SPELLING = re.compile(r"[，,、\s]*(?:是|就是)?(?:木子|弓长|立早|耳东|口天|双木|草头|古月|言午|禾口|人可|双口|三横|文刀|"
                       r"走肖|横山|宝盖|三点水|单人|提手|女字旁|绞丝|竖心)[\u4e00-\u9fff](?:的那个\w)?")
_SPELLING_HINT = re.compile(r"木子|弓长|立早|耳东|口天|双木|草头|古月|言午|禾口|人可|双口|三横|文刀|走肖|横山|宝盖|三点水|"
                            r"单人|提手|女字旁|绞丝|竖心")


# A character spelled by a word that holds it, as a clause of its own: 仇恨的仇, 报仇的仇字,
# 淑女的淑, 立早章的章, 昝是日字头那个昝 (never 王庄的王明: the spelled character ends the clause);
# a compound surname spelled by a famous bearer the same way: 诸葛亮的诸葛, 就是欧阳修那个欧阳.
_SPELLING_BY_WORD = re.compile(r"(?:^|(?<=[，,、\s。.]))(?:是|就是)?(?:[\u4e00-\u9fff]{0,2}?([\u4e00-\u9fff]{1,2}?)"
                               r"[\u4e00-\u9fff]{0,2}?(?:的那个|的|那个)\1|([\u4e00-\u9fff])是[\u4e00-\u9fff]{1,6}?(?:那个|的)\2)"
                               r"字?(?=[，,、\s。.！!]|$)")


# A character described by its parts, as a clause of its own (a grammar: a radical or a position,
# then 一个 / 加个 / 是 and a part, as often as the character has parts): 单人旁一个耳朵的佴,
# 竹字头下面一个旦, 左边一个乌右边一个耳朵, 月字旁一个关下面一个水, 上面一个处下面一个日,
# 门字框里头一个三, 三点水旁边一个工.
_RADICAL = (r"(?:[\u4e00-\u9fff]字(?:旁|头|底|框|边)|单人旁?|双人旁?|单立人|双立人|三点水|两点水|宝盖头?|秃宝盖|"
            r"[\u4e00-\u9fff]{1,2}(?:旁|头)(?=一个|加|下面|上面|里面|右边|底下|下边|里头|里边|旁边|上边|上头|下头|那个|的))")
_POSITION = r"(?:上面|上边|上头|下面|下边|下头|底下|里面|里边|里头|左边|右边|旁边|外面|外边|中间)"
_JOIN = r"(?:一个|加(?:一)?个|再加(?:一)?个|是)"
_SPELLING_BY_PARTS = re.compile(
    r"(?:^|(?<=[，,、\s。.]))(?:是|就是)?(?:(?:" + _RADICAL + _POSITION + r"?|" + _POSITION + r")" + _JOIN +
    r"[^，,、\s。.！!]{1,12}?|" + _RADICAL + _POSITION + r"?(?:的那个|那个|的)[\u4e00-\u9fff]字?)(?=[，,、\s。.！!]|$)")


def spelled(text: str) -> bool:
    """`text` spells a character out (木子李, 仇恨的仇, 竹字头下面一个旦)."""
    return bool(_SPELLING_HINT.search(text) or ("的" in text or "那个" in text) and
                _SPELLING_BY_WORD.search(text) or _SPELLING_BY_PARTS.search(text))


def without_spelling(text: str) -> str:
    """`text` without a surname spelled out ("我叫李 木子李" -> "我叫李", "张兰，弓长张" -> "张兰",
    "姓仇，仇恨的仇，叫仇桂兰" -> "姓仇，，叫仇桂兰")."""
    return _SPELLING.sub("", _SPELLING_BY_WORD.sub("", _SPELLING_BY_PARTS.sub("", text)))


# The words that introduce a name, as a pinyin input method mistypes them (a closed class: the
# homophones of 叫 jiao, 名字 mingzi, 姓 xing): 我教满丽娟, 俺较孔繁荣, 名子叫…, 免贵性王. Read
# only in an answer to the name question, and only before what may be a name.
_SLIP_JIAO = re.compile(r"(?<=^我|^俺|^咱)(?:教|交|较|角|脚|娇|焦|缴)(?=\s*[\u4e00-\u9fff]{2,4}[\s，,。.！!]*$)")
_SLIP_XING = re.compile(r"(?<=我|俺|咱|贵)性(?![格别质命能价子情])")


def input_slips(t: str) -> str:
    """`t` with the input method's slips in the words introducing a name mended."""
    return _SLIP_XING.sub("姓", _SLIP_JIAO.sub("叫", t.replace("名子", "名字")))


# Characters no word for what one is holds (grammar words, words introducing a name), and the
# one-character words that end one (养鸭户 may be cut 养鸭 + 户, 快递员 快递 + 员).
_NOT_ROLE = frozenset("的了吗呢吧啊呀么我你他她咱俺们叫是名姓")
_ROLE_END = frozenset("户员工师生农商主匠手兵")
# How one is called after a surname, not a given name (王大妈, 李师傅).
_TITLE_GIVEN = re.compile(r"先生|女士|师傅|阿姨|大爷|大妈|大娘|大婶|老师|大哥|大姐|奶奶|爷爷|老汉|老头|老太")
# 老四, 小二: a rank among siblings after the surname is a nickname.
_RANK = re.compile(r"[老小][大二三四五六七八九十幺]")
# Characters that follow 姓 in other senses (姓名, 姓啥, 什么姓): never a surname said.
_NOT_SURNAME = frozenset("名啥什么谁哪氏字甚")
_BAD_LAST = frozenset("镇村区县市路街组号的了吗呢吧啊呀是在就家")
_BAD_GIVEN_ONE = frozenset("行好是吧的了可要想没不在说来去有个就都也还")
_STOP = "，,。.！!？?；;、 \n~～…:：\"“”'"
# Words that start the next clause after a name in unpunctuated (voice) input:
# "我是金北街道的陈志刚我家就住在…", "我叫王芳今年六十了".
_CLAUSE_START = ("先生", "女士", "电话", "手机", "住", "家住", "今年", "联系", "号码", "在", "是", "我", "俺",
                 "家", "现", "身份证", "想", "要", "反映", "有个", "有件", "的事", "就")


# Verbs of putting a name down, which may follow it unpunctuated ("欧阳明写他的吧").
_PUT_DOWN = ("写", "填", "登记", "用", "报")


# Surnames read only in an answer to the name question, beside the main list (same format).
ANSWER_ONLY_FILE = "surnames_answer.txt"


def _surname_words(path: Path) -> list[str]:
    """The surnames of a list file: whitespace-separated, '#' comments."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        for word in line.split():
            if len(word) not in (1, 2):
                raise ValueError(f"{path}: {word!r} is not a surname of one or two characters")
            out.append(word)
    return out


@dataclass(frozen=True, slots=True)
class Surnames:
    single: frozenset[str]
    compound: frozenset[str]
    # Published surnames that also begin everyday words (冒险, 初中): a name's surname only in
    # an answer to the name question (config/nlp/surnames_answer.txt, with its source).
    answer_only: frozenset[str] = frozenset()

    @classmethod
    def load(cls, path: Path) -> Surnames:
        """The list at `path`, and the answer-only list beside it when there is one."""
        words = _surname_words(path)
        single = frozenset(w for w in words if len(w) == 1)
        if not single:
            raise ValueError(f"{path}: no surnames")
        extra = path.with_name(ANSWER_ONLY_FILE)
        answer_only = frozenset(_surname_words(extra)) - single if extra.exists() else frozenset()
        return cls(single, frozenset(w for w in words if len(w) == 2), answer_only)

    def of(self, s: str) -> str | None:
        """The surname `s` starts with (a compound one first), or None."""
        if s[:2] in self.compound:
            return s[:2]
        if s[:1] in self.single:
            return s[:1]
        return None


def _word_starts(s: str) -> list[int]:
    """Where jieba's dictionary cut (no HMM guesses) starts a word in `s`."""
    out, i = [], 0
    for w in jieba.cut(s, HMM=False):
        out.append(i)
        i += len(w)
    return out


def _dictionary_word(w: str) -> tuple[str | None, int]:
    """(tag, jieba frequency); the tag only of everyday words (nlp/postags.py: memory)."""
    return everyday_tag(w), int(jieba.dt.FREQ.get(w) or 0)


def _everyday(w: str) -> bool:
    """`w` is a common word of the dictionary that is not a person's name (公务员, 母亲, 强烈,
    生活, 家庭): "我是公务员" says what one is, not who."""
    tag, freq = _dictionary_word(w)
    return tag is not None and not tag.startswith("nr") and freq >= 300


class NameReader:
    """Finds the citizen's own name in a message (see the module docstring)."""

    def __init__(self, surnames: Surnames) -> None:
        self.surnames = surnames
        everyday_table()  # load the tag table now, not at the first message

    # ---- plausibility -----------------------------------------------------------------------
    def plausible(self, s: str, *, strict: bool = False, surname: str | None = None) -> bool:
        """`s` reads as a person's full name (张三, 欧阳娜娜, 訾晓明, 阿依古丽·买买提).

        strict: also refuse a dictionary word as a whole (for bare answers); surname: the
        surname the citizen said is theirs (我姓X), known to the list or not."""
        s = s.strip()
        if "·" in s:
            parts = s.split("·")
            return len(s) <= 15 and all(re.fullmatch(_CJK_NAME + "{1,8}", p) for p in parts)
        if not re.fullmatch(_CJK_NAME + "{2,4}", s):
            return False
        if s in _COMMON_WORDS or any(c in _BAD_CHARS for c in s) or s[-1] in _BAD_LAST:
            return False
        if any(w in s for w in _NOT_NAMES if len(w) >= 2):
            return False
        sur = surname if surname and s.startswith(surname) else self.surnames.of(s)
        if sur is None:
            return False
        given = s[len(sur):]
        if not given:
            return False
        if len(given) == 1 and given in _BAD_GIVEN_ONE or _RANK.fullmatch(given):
            return False  # (赵老四, 王小二: how one is called, not a name)
        if len(given) > 3 or (len(sur) == 2 and len(given) > 2):
            return False
        if strict and len(given) == 3 and len(sur) == 1:
            return False  # "明天再说", "回头再讲": four characters after a single surname
        tag, freq = _dictionary_word(given)
        if len(given) >= 2 and tag is not None and not tag.startswith("nr") and freq >= 800 and (
                tag in _FUNCTION_TAGS):
            return False
        if strict:
            tag, freq = _dictionary_word(s)  # an everyday word as a whole (高兴, 时间…)
            if tag is not None and not tag.startswith("nr") and freq >= 300:
                return False
        return True

    # ---- finding ----------------------------------------------------------------------------
    def find(self, text: str, *, bare: bool = False, asked: bool = False) -> NameMention | None:
        """The citizen's name in `text`; `bare`: the message may be the name as a whole;
        `asked`: the message answers the name question itself, so a name is also read by its
        shape when its surname is missing from the list (nlp/name_answer.py: 冒玉珍, 我叫初秀兰)."""
        t = normalize(to_simplified(text))  # 葛長春 -> 葛长春: matched and returned simplified
        if asked:
            t = input_slips(t)
        if spelled(t):
            t = without_spelling(t)
        for finder in (self._from_nickname, self._from_surname_intro, self._from_intro,
                       self._from_role_called, self._from_of_phrase, self._from_call_me):
            found = self._from_surname_intro(t, answer=bare or asked) if \
                finder == self._from_surname_intro else finder(t)
            if found:
                return found
        if asked:
            found = self._from_writer(t) or self._from_behalf(t)
            if found:
                return found
        if bare or asked:
            found = self._bare(t)
            if found is None and asked:
                found = answered_name(t, self.surnames)
            return found
        return None

    # The name question answered with the name of the one the matter is for ("我妈叫殳桂英",
    # "我替我奶奶登记的，她叫宓凤英"): a clerk registers that person. Only at the name question;
    # a relative named in a story is not the citizen.
    _BEHALF = re.compile(
        r"(?:(?:我|俺|咱)(?:的|家)?)?(?:老)?(?:妈妈?|爸爸?|娘|爹|母亲|父亲|奶奶|爷爷|姥姥|姥爷|外婆|外公|婆婆|公公|"
        r"老伴|爱人|老公|媳妇|丈夫|妻子|儿子|女儿|闺女|孙子|孙女|老头子|老婆子|老太婆|哥哥?|姐姐?|弟弟?|妹妹?|家老人|老人家?)(?:的)?(?:名字|姓名)?"
        r"(?:叫|是)(" + _CJK_NAME + r"{2,4})")
    _BEHALF_PRONOUN = re.compile(r"(?:他|她)(?:的)?(?:名字|姓名)?(?:叫|是)(" + _CJK_NAME + r"{2,4})")
    _FOR_KIN = re.compile(r"替|帮|代|妈|爸|娘|爹|母亲|父亲|奶奶|爷爷|姥|外婆|外公|婆婆|公公|老伴|爱人|老人|"
                          r"哥|姐|弟|妹|儿子|女儿|闺女|孙子|孙女|老头|老公|媳妇|丈夫|妻子|兄弟")

    _BEHALF_TALK = re.compile(
        r"(?:这|这个)?(?:是)?(?:我|俺)?(?:替|帮|代|给)?(?:我|俺)?(?:的|家)?(?:老)?(?:妈妈?|爸爸?|娘|爹|母亲|父亲|奶奶|爷爷|"
        r"姥姥|姥爷|外婆|外公|婆婆|公公|老伴|爱人|老人家?)(?:的事情?|登记|问|反映|办|报|填)?(?:的|了)?|"
        r"(?:他|她)(?:的)?(?:名字|姓名)?(?:叫|是)|[\W_]")

    # The writer says who they are to the one the matter is for, then their own name ("我奶奶叫钮桂香
    # 我是她孙女 钮佳慧", "…我是她邻居 我叫甘立"): the writer's name is registered.
    _WRITER = re.compile(r"(?:我|俺)(?:就)?是(?:他|她)(?:的|家)?([\u4e00-\u9fff]{1,4}?)[\s，,、]*"
                         r"(?:我叫|俺叫|叫|名字叫|我是|俺是)?\s*(" + _CJK_NAME + r"{2,4})(?=[" + _STOP + r"]|$)")

    def _from_writer(self, t: str) -> NameMention | None:
        if "他" not in t and "她" not in t:
            return None
        for m in self._WRITER.finditer(t):
            said = m.group(1) + m.group(2)  # (who they are to them, then the name: 孙女钮佳慧)
            for k in range(len(m.group(1)), min(len(said) - 1, 5)):
                name = said[k:]
                found = answered_name(name, self.surnames)
                if found is not None and found.name == name or self.plausible(name):
                    return NameMention(name, False, (m.start(), m.end(2)))
        return None

    def without_behalf(self, text: str) -> str:
        """What is left of a name answer once the words saying whom it is for are cut
        ("我替我奶奶登记的，她叫" -> "")."""
        return self._BEHALF_TALK.sub("", text)

    def _from_behalf(self, t: str) -> NameMention | None:
        m = self._BEHALF.search(t)
        if m is None and self._FOR_KIN.search(t):
            m = self._BEHALF_PRONOUN.search(t)
        if m is None:
            return None
        raw = m.group(1)
        # ("宓凤英吧": the longest that reads as a name, first one that ends a clause: 我哥叫欧阳明
        # 写他的吧 -> 欧阳明, not 欧阳明写)
        for ends_clause in (True, False):
            for n in range(len(raw), 1, -1):
                end = m.start(1) + n
                if ends_clause and not (end >= len(t) or t[end] in _STOP or t.startswith(
                        (*_CLAUSE_START, *_PUT_DOWN), end)):
                    continue
                found = answered_name(raw[:n], self.surnames)
                if found is not None and found.name == raw[:n]:
                    return NameMention(raw[:n], False, (m.start(1), end))
        return None

    _INTRO = re.compile(
        r"(?:我叫|俺叫|咱叫|本人叫|我名叫|俺名叫|名叫|(?:我|俺)的?名字叫|我的名字(?:是|叫)|名字(?:是|叫)|姓名(?:是|为|[:：])?|本人姓名(?:是|[:：])?|"
        r"全名(?:是|叫)?|大名(?:是|叫)?|"
        r"联系人(?:是|[:：])?|我是|俺是|我就是|本人是|本人|签名[:：]?)\s*(" + _CJK_NAME + r"{2,6}(?:·"
        + _CJK_NAME + r"{1,8})?)"
    )

    def _from_intro(self, t: str) -> NameMention | None:
        for m in self._INTRO.finditer(t):
            raw = m.group(1)
            sur = self.surnames.of(raw)
            if sur and _RANK.match(raw, len(sur)):  # 俺叫赵老四: the surname, as a nickname
                end = m.start(1) + len(sur) + 2
                return NameMention(raw[:len(sur) + 2], True, (m.start(), end))
            intro = m.group(0)[: m.start(1) - m.start()]
            if "·" in raw and self.plausible(raw):
                return NameMention(raw, False, (m.start(), m.end(1)))
            for n in (4, 3, 2):
                cand = raw[:n]
                end = m.start(1) + len(cand)
                clean_end = end >= len(t) or t[end] in _STOP or t.startswith(_CLAUSE_START, end)
                if intro.startswith(("我是", "俺是", "我就是", "本人")) and (not clean_end or (
                        n == 4 and cand[:2] not in self.surnames.compound)):
                    continue  # 我是塔集的 / 我是村民 / 俺是山东过来 (a surname and three: where from)
                if n > 2 and not clean_end:
                    continue
                if n > 2 and end < len(t) and t.startswith(_CLAUSE_START, end - 1) and self.plausible(
                        raw[:n - 1]):
                    continue  # 王建国家住… / 蒋德富现住…: the last character starts the next clause
                if self.plausible(cand) and not _everyday(cand):
                    return NameMention(cand, False, (m.start(), end))
            if intro.startswith(("我叫", "俺叫", "咱叫", "我名叫", "俺名叫", "名叫", "我的名字", "俺的名字",
                                 "我名字", "俺名字", "名字", "姓名")):
                cand = re.split("[" + _STOP + "]", raw)[0][:4]
                if 2 <= len(cand) <= 4 and self._tagged_name(cand):
                    return NameMention(cand, False, (m.start(), m.start(1) + len(cand)))
        return None

    # 免贵姓 and the humble formulas (敝姓, 鄙姓, 鄙人姓, 小姓, 贱姓, 在下姓: a closed class).
    _SURNAME = re.compile(r"(?:免贵姓|敝姓|鄙姓|鄙人姓|小姓|贱姓|在下姓|我姓|本人姓|俺姓|咱姓|(?:^|(?<=[，,。\s])|(?<=业主|村民|居民|职工|家长))姓)\s*("
                          + _CJK_NAME + "{1,2})")
    _AFTER_SURNAME = re.compile(
        r"^(?:先生|女士)?[，,。\s]*(?:(?:我?叫|名叫|名字叫|名字是|全名|大名|名(?!字))\s*)?(" + _CJK_NAME + r"{1,4})")
    # The given name by the formula: 单名一个琳字 (one character), 双名婉清 (two).
    _SINGLE_GIVEN = re.compile(r"单名(?:一个)?(" + _CJK_NAME + r")字?|双名(?:是|叫)?(" + _CJK_NAME + r"{2})")

    def _from_surname_intro(self, t: str, *, answer: bool = False) -> NameMention | None:
        if "姓" not in t:
            return None
        for m in self._SURNAME.finditer(t):
            if not answer and m.group(0).startswith("姓") and not self._own_bare_surname(t[:m.start()]):
                continue  # "…的会计 姓钱 …": the surname of whom the citizen tells about
            two = m.group(1)
            sur = two if two in self.surnames.compound else two[:1]
            if sur not in self.surnames.single and sur not in self.surnames.compound and (
                    sur in _NOT_SURNAME or sur in _BAD_CHARS):
                continue  # (a surname the list lacks is still taken when said to be one: 我姓禤)
            end = m.start(1) + len(sur)
            tail = t[end:]
            single = self._SINGLE_GIVEN.search(tail[:12])
            if single:
                given = single.group(1) or single.group(2)
                return NameMention(sur + given, False, (m.start(), end + single.end()))
            after = self._AFTER_SURNAME.match(tail)
            if after:
                word = after.group(1)
                for n in (len(word), 3, 2):
                    cand = word[:n]
                    if cand.startswith(sur) and self.plausible(cand, surname=sur):
                        return NameMention(cand, False, (m.start(), end + after.start(1) + n))
                said_name = re.match(r"^(?:先生|女士)?[，,。\s]*(?:我?叫|名叫|名字叫|名字是|名(?!字))", tail)
                if said_name and not word.startswith(sur):
                    given = re.split("[" + _STOP + "]", word)[0][:2]
                    if given and self.plausible(sur + given, surname=sur):
                        return NameMention(sur + given, False,
                                           (m.start(), end + after.start(1) + len(given)))
            stop = end
            for suffix in ("先生", "女士"):
                if t.startswith(suffix, stop):
                    stop += len(suffix)
            nxt = t[stop:stop + 1]
            if nxt and nxt not in _STOP and not t.startswith(("的", "名", "叫"), stop) and (
                    len(two) == 2 and two not in self.surnames.compound):
                # "我姓王建国" (no separator): take the whole name when it reads as one
                word = re.split("[" + _STOP + "]", t[m.start(1):])[0][:4]
                if self.plausible(word, surname=sur):
                    return NameMention(word, False, (m.start(), m.start(1) + len(word)))
            return NameMention(sur, True, (m.start(), stop))
        return None

    # What may stand before a bare "姓X" that is the citizen's own: nothing, a greeting or a humble
    # formula, or a clause introducing oneself (我是三河村的 姓佘, 我是…的老师，姓景).
    _GREETING = re.compile(r"^(?:你好|您好|喂|同志|领导|在吗|打扰了?|免贵|麻烦(?:你|您)?|嗯+|哦|噢|呃|额|好的?|行|中|那个|对|是|[\W_])*$")
    _SELF = re.compile(r"^(?:你好|您好|喂)?[，,\s]*(?:我|俺|咱|本人)(?:就)?是|(?:业主|村民|居民|职工)$")

    def others_surname(self, text: str, at: int) -> bool:
        """The 姓X said at `at` of a message (not an answer to the name question) is bare and
        belongs to someone the citizen tells about ("…的会计 姓钱 …")."""
        t = normalize(to_simplified(text))
        i = t.find("姓", at)
        return i >= 0 and not re.search(r"(?:免贵|敝|鄙人?|小|贱|在下|我|本人|俺|咱)$", t[:i]) and \
            not self._own_bare_surname(t[:i])

    def _own_bare_surname(self, before: str) -> bool:
        """A bare 姓X after `before` is the citizen's (a story's 姓X after someone named is theirs)."""
        if self._GREETING.match(before):
            return True
        last = [c for c in re.split("[" + _STOP + "]", before) if c]
        return bool(last) and (bool(self._SELF.search(last[-1])) or is_self_introduction(last[-1]))

    _OF_PHRASE = re.compile(r"(?:我是|俺是|我就是|本人是)[^，,。！!？?]{1,20}?的(?:村民|居民|农民|业主|职工|员工|工人|"
                            r"退休职工|退休工人|退休教师|老党员|党员|群众|老百姓|住户|租户|家长)?(" + _CJK_NAME
                            + r"{2,4}?)(?=[" + _STOP
                            + r"]|$|" + "|".join(_CLAUSE_START) + ")")

        # 我是…的 + a word for what one is + the name: 我是白马湖村的种粮户孙德胜, 我是黎城的出租车司机
    # 钱永刚. Not a list of roles: the name ends the clause, reads as a full name, and jieba's
    # dictionary cut puts a word boundary before it (never 五保户 -> 保户, 建档立卡户 -> 卡户).
    _OF_ROLE = re.compile(r"(?:我是|俺是|我就是|本人是)[^，,。！!？?\s]{1,20}?的(" + _CJK_NAME + r"{4,10}?)(?=["
                          + _STOP + r"]|$|" + "|".join(_CLAUSE_START) + ")")

    def _from_role_phrase(self, t: str) -> NameMention | None:
        for m in self._OF_ROLE.finditer(t):
            said = m.group(1)
            if self.plausible(said):
                continue  # (我是新华村的司徒国强: the name alone, read below)
            words = list(jieba.cut(said, HMM=False))
            starts = _word_starts(said)
            for n in (4, 3, 2):
                cand = said[-n:]
                role = said[:-n]
                if len(role) < 2 or len(role) not in starts or any(c in _NOT_ROLE for c in role):
                    continue
                last = words[starts.index(len(role)) - 1]  # (the word the role ends with)
                if len(last) < 2 and last not in _ROLE_END:
                    continue  # (叫亓连胜 -> 叫亓 + 连胜: no word for what one is)
                if n == 4 and cand[:2] not in self.surnames.compound:
                    continue  # (four characters: a compound surname's name only)
                if self.plausible(cand) and not _everyday(cand) and not tagged_person(role) and not (
                        _TITLE_GIVEN.fullmatch(cand[len(self.surnames.of(cand) or ""):])):
                    return NameMention(cand, False, (m.start(), m.end(1)))
        return None

    # 我是…的 (+ what one is) + the name + the story, dictated in one breath with no pause after
    # the name: "我是银涂镇高庄村养鱼的孙广明承包了八十亩鱼塘…", "…的渔民陶德贵去年…".
    _RUN_ON = re.compile(r"(?:我是|俺是|我就是|本人是)[^，,。！!？?\s的]{1,20}的([\u4e00-\u9fff]{6,})")

    def _from_run_on(self, t: str) -> NameMention | None:
        """The name where the story follows it unpunctuated. The name starts where jieba's
        dictionary cut starts a word (after nothing or a word for what one is), begins with no
        everyday word (教师吴 is no name), and ends where the next clause starts: no frequent
        word runs across its end (张伟上个月 -> 张伟), and what follows opens with a word of
        the dictionary, a numeral, or a verb with 了/过/着 ("顾长林种了…"). A surname and two
        characters are tried before one (most given names here have two)."""
        for m in self._RUN_ON.finditer(t):
            seg = m.group(1)
            starts = _word_starts(seg)
            words = list(jieba.cut(seg, HMM=False))
            for k in starts:
                if k > 8:
                    break
                role = seg[:k]
                if k and (len(role) < 2 or any(c in _NOT_ROLE or c in "那这个在" for c in role) or (
                        len(words[starts.index(k) - 1]) < 2 and words[starts.index(k) - 1] not in _ROLE_END)):
                    continue
                found = self._run_on_name(seg, k, starts, words)
                if found is not None:
                    a = m.start(1) + k
                    return NameMention(found, False, (m.start(), a + len(found)))
        return None

    # 我是…的老会计叫缪长福…: what one is, then 叫 and the name (with or without a pause).
    _ROLE_CALLED = re.compile(r"(?:我是|俺是|我就是|本人是)[^，,。！!？?]{1,24}?[\s，,]*叫\s*")

    def _from_role_called(self, t: str) -> NameMention | None:
        if "叫" not in t:
            return None
        for m in self._ROLE_CALLED.finditer(t):
            seg = re.split("[" + _STOP + "]", t[m.end():])[0]
            if 2 <= len(seg) <= 4 and self.plausible(seg) and not _everyday(seg):
                return NameMention(seg, False, (m.start(), m.end() + len(seg)))
            if len(seg) > 4:  # (the story glued on: 叫宁晓燕工资已经…)
                found = self._run_on_name(seg, 0, _word_starts(seg), list(jieba.cut(seg, HMM=False)))
                if found is not None:
                    return NameMention(found, False, (m.start(), m.end() + len(found)))
        return None

    def _run_on_name(self, seg: str, k: int, starts: list[int], words: list[str]) -> str | None:
        sur = self.surnames.of(seg[k:])
        if sur is None:
            return None
        for n in (len(sur) + 2, len(sur) + 1):
            cand, rest = seg[k:k + n], seg[k + n:]
            if len(rest) < 3 or not self.plausible(cand) or _everyday(cand) or _everyday(cand[:2]) or (
                    n == len(sur) + 1 and not tagged_person(cand)) or (
                    jieba.dt.FREQ.get(cand) and not tagged_person(cand)):
                continue  # (种粮大户: a word, not a name)
            end = k + n
            across = next((w for i, w in zip(starts, words) if i < end < i + len(w)), None)
            if across is not None and int(jieba.dt.FREQ.get(across) or 0) >= 300:
                continue  # (张伟上个月: 上个月 runs across)
            first = next(iter(jieba.cut(rest, HMM=False)))
            unit = n - len(sur) == 2 and any(i == end - 2 and w == cand[-2:] for i, w in zip(starts, words))
            if unit or len(first) >= 2 and _dictionary_word(first)[1] > 0 or re.match(
                    r"[0-9一二两三四五六七八九十几]", rest) or re.match(r"[\u4e00-\u9fff][了过着]", rest):
                return cand
        return None

    def _from_of_phrase(self, t: str) -> NameMention | None:
        if "的" not in t:
            return None
        found = self._from_role_phrase(t)
        if found is not None:
            return found
        found = self._from_run_on(t)
        if found is not None:
            return found
        for m in self._OF_PHRASE.finditer(t):
            cand = m.group(1)
            # (the span is the whole introduction: "我是塔集镇高桥村的" is who, not what happened)
            for n in range(len(cand), 1, -1):
                if self.plausible(cand[:n]) and n == len(cand) and not _everyday(cand):
                    return NameMention(cand, False, (m.start(), m.end(1)))
            if cand.endswith("某") and self.surnames.of(cand):
                return NameMention(cand, False, (m.start(), m.end(1)))
            if len(cand) == 2 and cand[0] in "老小" and cand[1] in self.surnames.single:
                return NameMention(cand, True, (m.start(), m.end(1)))  # 我是塔集的老王
        return None

    _NICKNAME = re.compile(r"[老小阿](" + _CJK_NAME + r")(?:就行|就好|就可以了?|吧)?[\s，,、]*(?:全名|大名|名字)?"
                           r"(?:叫|是)?\s*(\1" + _CJK_NAME + r"{1,2})")
    # 付某 付晓梅 / 郁某，全名郁建军: the surname with 某 (how one names oneself in a letter),
    # then the full name it stands for.
    _MOU = re.compile(r"(" + _CJK_NAME + r"{1,2}?)某[\s，,、。]*(?:全名|大名|名字|真名|真实姓名)?(?:叫|是)?\s*"
                      r"(\1" + _CJK_NAME + r"{1,2})")

    def _from_nickname(self, t: str) -> NameMention | None:
        """老葛 葛长春 / 小王，王芳 / 付某 付晓梅: a nickname followed by the full name it
        stands for."""
        found = [*self._NICKNAME.finditer(t), *(self._MOU.finditer(t) if "某" in t else ())]
        for m in found:
            if m.group(1) not in self.surnames.single and m.group(1) not in self.surnames.compound:
                continue
            full = m.group(2)
            for n in range(len(full), 1, -1):
                end = m.start(2) + n
                clean = end >= len(t) or t[end] in _STOP or t.startswith(_CLAUSE_START, end)
                if clean and self.plausible(full[:n]):
                    return NameMention(full[:n], False, (m.start(), end))
        return None

    _CALL_ME = re.compile(r"叫(?:我|俺)\s*([老小])(" + _CJK_NAME + ")")

    _CALL_ME_TITLE = re.compile(r"叫(?:我|俺)\s*(" + _CJK_NAME + r"{1,2}?)(先生|女士|师傅|阿姨|大爷|大妈|大娘|老师|大哥|大姐)")
    _CALL_ME_RANK = re.compile(r"叫(?:我|俺)\s*(" + _CJK_NAME + r"{1,2}?)([老小][大二三四五六七八九十幺])")

    def _from_call_me(self, t: str) -> NameMention | None:
        m = self._CALL_ME.search(t) if "叫" in t else None
        if m and m.group(2) in self.surnames.single:
            return NameMention(m.group(1) + m.group(2), True, m.span())
        m = self._CALL_ME_TITLE.search(t) if "叫" in t else None
        if m and self.surnames.of(m.group(1)) == m.group(1):  # 叫我李大爷
            return NameMention(m.group(1) + m.group(2), True, m.span())
        m = self._CALL_ME_RANK.search(t) if "叫" in t else None
        if m and self.surnames.of(m.group(1)) == m.group(1):  # 叫我戚老三就行
            return NameMention(m.group(1) + m.group(2), True, m.span())
        return None

    def surname_of(self, name: str) -> str:
        """The surname in a partial name: 老王 -> 王, 赵老四 -> 赵, 欧阳先生 -> 欧阳."""
        bare = name.lstrip("老小")
        return self.surnames.of(bare) or bare[:1]

    _GIVEN_EDGES = re.compile(r"^(?:我?叫|全名(?:是|叫)?|大名(?:是|叫)?|名字(?:是|叫)|单名一个|名)|"
                              r"(?:吧|啊|呀|哈|就行|就好|就可以了?|字)$")

    def complete(self, surname: str, text: str) -> str | None:
        """The full name a message gives after the citizen said only their surname (我姓禚):
        the whole name ("禚文静", "叫禚文静") or the given name alone ("文静" -> 禚文静);
        None when the message is no such answer."""
        sur = self.surname_of(surname)
        t = normalize(to_simplified(text)).strip(_STOP)
        given = self._GIVEN_EDGES.sub("", self._GIVEN_EDGES.sub("", t)).strip(_STOP)
        if given.startswith(sur) and self.plausible(given, surname=sur):
            return given
        found = self.find(text, bare=True)
        if found is not None and not found.surname_only and (
                found.name.startswith(sur) or len(found.name) > 2 or len(given) > 2):
            return found.name  # (a two-character "文静" after 我姓禚 is the given name)
        if not re.fullmatch(_CJK_NAME + "{1,2}", given) or any(c in _BAD_CHARS for c in given) or \
                given == sur:
            return None  # ("缪" again after 您姓缪: no given name in it)
        if len(given) == 1 and given in _BAD_GIVEN_ONE or given in _COMMON_WORDS and len(given) > 1 \
                and not self.plausible(sur + given):
            return None
        return sur + given if self.plausible(sur + given, surname=sur) else None

    _BARE_EDGES = re.compile(r"^(?:(?:你好|您好|嗯+|那个|呃|就是|哦)[，,\s]*)*(?:我?叫|俺叫|是|我是|俺是|咱是|姓名|名字|全名(?:是|叫)?|"
                             r"大名(?:是|叫)?)?|(?:就是我|是我|就行|就好|就可以了?)?(?:吧|啊|呀|哈)?$")

    # How one is called by a surname and a word of age or kin (管老汉, 吕大妈): the surname only.
    _KIN_TITLE = re.compile("(" + _CJK_NAME + r"{1,2}?)(?:老汉|老太|老头|大妈|大娘|大婶|大姐|大哥|奶奶|爷爷)")

    def _bare(self, t: str) -> NameMention | None:
        s = t.strip(_STOP)
        s = self._BARE_EDGES.sub("", s).strip(_STOP)
        m = self._KIN_TITLE.fullmatch(s)
        if m and self.surnames.of(m.group(1)) == m.group(1):
            return NameMention(s, True, (0, len(t)))
        put = without_answer_edges(s)
        if put and put != s and len(put) < len(s):  # ("那就写祁先生吧": the name as put down)
            found = self._bare(put)
            if found is not None:
                return NameMention(found.name, found.surname_only, (0, len(t)))
        if self.plausible(s, strict=True):
            return NameMention(s, False, (0, len(t)))
        m = re.fullmatch(r"([老小]?)(" + _CJK_NAME + r")(?:先生|女士|师傅|阿姨|大爷)?", s)
        if m and m.group(2) in self.surnames.single and (m.group(1) or len(s) > 1):
            return NameMention(m.group(1) + m.group(2), True, (0, len(t)))
        m = re.fullmatch("(" + _CJK_NAME + r"{1,2})(先生|女士|师傅|阿姨|大爷|老师)", s)
        if m and self.surnames.of(m.group(1)) == m.group(1):
            return NameMention(s, True, (0, len(t)))
        if 2 <= len(s) <= 4 and not _everyday(s) and not _everyday(s[:2]) and self._tagged_name(s):
            return NameMention(s, False, (0, len(t)))  # ("谢谢", "从头说": words, not names)
        return None

    @staticmethod
    def _tagged_name(s: str) -> bool:
        """jieba's part-of-speech tagger reads `s` as one person's name (tag nr)."""
        if any(c in _BAD_CHARS for c in s) or not re.fullmatch(_CJK_NAME + "+", s):
            return False
        return tagged_person(s)
