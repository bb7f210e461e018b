"""A name read by its shape, where the citizen answers the name question itself.

A counter clerk who asks "您怎么称呼？" takes what the citizen says is their name, whatever the
surname. So an answer of 2-4 Han characters (or 我叫… / 我是… / 姓名是… around it) is a name
when nothing in it says otherwise, even when its surname is missing from
config/nlp/surnames.txt (冒玉珍, 俺叫占春花). What says otherwise:

- a refusal or a don't-know (保密, 不告诉你, 随便写), grammar words (我, 的, 了, 这…);
- a place: a town of the county, or a place word at the end (…街道, …村, …路口);
- a sentence or a common noun: the whole answer, its first two characters, or a word of two
  characters or more inside it is an everyday word of jieba's dictionary that is no person's
  name (老党员 -> 党员, 开发区, 在外地 -> 外地); place-name and time words (建国, 国庆) are
  left alone, since given names are often such words.

An unknown surname needs three characters (two only when jieba tags the whole a person's name);
a surname of the answer-only list (config/nlp/surnames_answer.txt, published surnames that also
begin everyday words: 冒, 初, 才…) may have two. Names told inside a story are never read here
(nlp/names.py stays strict there).
"""

from __future__ import annotations

import re
from typing import Protocol

import jieba

from nlp.entities import _COMMON_WORDS, _NOT_NAMES, NameMention
from nlp.postags import EVERYDAY_MIN_FREQ, everyday_tag, tagged_person


class SurnameLists(Protocol):
    @property
    def single(self) -> frozenset[str]: ...
    @property
    def compound(self) -> frozenset[str]: ...
    @property
    def answer_only(self) -> frozenset[str]: ...


# The one whose matter it is, when someone types for them ("我爷爷叫钭守成", "老人家叫…", "他叫…").
_FOR_WHOM = (r"(?:(?:我|俺|咱)(?:家)?(?:爷爷|奶奶|外公|外婆|姥姥|姥爷|爸爸?|妈妈?|父亲|母亲|老父亲|老母亲|公公|婆婆|"
             r"老伴|岳父|岳母|舅舅|叔叔|大伯|姑姑|姨妈?)|老人家?|他老人家|他|她)(?:的)?(?:名字|姓名|大名)?(?:叫|是)")
# The name put down as an instruction to the clerk (a closed grammar: an okay or 那就, then a verb
# of writing it down and what is written): 那就写X吧, 登记X就行, 你记上X, 名字写X, 写俺的名 X.
_PUT_DOWN = (r"(?:(?:那|那就|要不|好吧|行吧|中|嗯嗯?|好|行)[，,\s]*)*(?:你|您)?(?:就|还是|先)?"
             r"(?:(?:我|俺)?(?:的)?(?:名字|姓名|真名)(?:就|还是)?)?"
             r"(?:写|填|记|登记|用|留)(?:成|个|上|一下|下)?(?:我|俺)?(?:的)?(?:名字?|真名|姓名)?(?:吧)?[，,\s]*")
_EDGES = re.compile(
    r"^(?:(?:你好|您好|嗯+|那个|呃|额|哦|噢|就是|好吧|行吧|好的?)[，,\s]*)*"
    r"(?:" + _PUT_DOWN + r"|(?:我|俺|咱|本人)?(?:的)?(?:名字|姓名|全名|大名)(?:是|叫|为)?[:：\s]*|" + _FOR_WHOM +
    r"|(?:我|俺|咱)(?:就)?(?:叫|是)|本人|叫|是)?\s*")
_TAIL = re.compile(r"[\s，,。.！!~～]*(?:就是我|是我)?(?:就行|就好|就可以)?(?:吧|啊|呀|哈|哦|嘛|呢|咯|嘞)*"
                   r"[\s，,。.！!~～]*$")
_HAN = re.compile(r"[\u4e00-\u9fff]{2,4}")
_GRAMMAR = frozenset("的了吗呢吧啊呀么嘛什怎这那们我你他她咱俺啥哪个些不没别在就都也还又很本该每")
_REFUSING = re.compile(r"匿名|保密|秘密|隐私|随便|算了|跳过|免了|无所谓|不用|保护")
# The last character of a place, an institution or a part of one: no name ends so.
_PLACE_END = frozenset("镇村区县市路街组号道乡庄湖河桥口场站店院校厂园楼里边旁部局所委队")
# Word kinds that given names often are (建国 ns, 国庆 t): not counted against a name.
_NAME_LIKE_TAGS = ("nr", "ns", "nz", "nt", "t")


# ... unless the word is far too frequent to be a given name (东西, tagged ns).
_NAME_LIKE_MAX_FREQ = 10_000


def _everyday(word: str) -> bool:
    """An everyday dictionary word that is no person's name (see nlp/postags.py)."""
    tag = everyday_tag(word)
    freq = int(jieba.dt.FREQ.get(word) or 0)
    return tag is not None and freq >= EVERYDAY_MIN_FREQ and (
        not tag.startswith(_NAME_LIKE_TAGS) or freq >= _NAME_LIKE_MAX_FREQ and not tag.startswith("nr"))


def _dictionary_word(word: str) -> bool:
    """Any word of jieba's dictionary that is not tagged a person's name ("买菜")."""
    return bool(jieba.dt.FREQ.get(word)) and not tagged_person(word)


def shaped_like_name(s: str, surnames: SurnameLists) -> bool:
    """`s` (the answer without its edges) reads as a person's name (module docstring)."""
    if not _HAN.fullmatch(s) or s in _COMMON_WORDS or any(c in _GRAMMAR for c in s):
        return False
    if s[-1] in _PLACE_END or _REFUSING.search(s) or any(w in s for w in _NOT_NAMES if len(w) >= 2):
        return False
    known = s[:2] in surnames.compound or s[0] in surnames.single
    answer_only = s[0] in surnames.answer_only
    if not known and _dictionary_word(s):
        return False  # (低保户, 无名氏: a word of the dictionary, not a person's name)
    if len(s) == 4 and not known:
        return False  # ("明天再说", "开个证明": four characters with an unknown surname)
    if len(s) == 2 and not known and not (answer_only and not _dictionary_word(s)) and not (
            tagged_person(s)):
        return False
    if _everyday(s) or _everyday(s[:2]) and not s[:2] in surnames.compound:
        return False  # (冒险家, 初中生, 开发区)
    surname = s[:2] if s[:2] in surnames.compound else s[0]
    given = s[len(surname):]
    # (a compound surname that is also a word, 东方 or 上官, is the surname here)
    return not any(len(w) >= 2 and w != s and w != surname and _everyday(w) and not (
        w == given and (known or answer_only) and _given_like(w)) for w in jieba.cut(s, HMM=False))


# A given name that is also an everyday word of middling frequency (富贵, 平安, 红军, 光明):
# a noun or an adjective after a surname, not a verb or a function word.
_GIVEN_TAGS = ("n", "a")
_GIVEN_MAX_FREQ = 3000


def _given_like(word: str) -> bool:
    tag = everyday_tag(word) or ""
    return len(word) == 2 and tag in _GIVEN_TAGS and int(jieba.dt.FREQ.get(word) or 0) < _GIVEN_MAX_FREQ


def without_answer_edges(t: str) -> str:
    """An answer to the name question without what stands around the name ("那就写祁先生吧" ->
    "祁先生", "我叫冒玉珍啊" -> "冒玉珍")."""
    return _TAIL.sub("", _EDGES.sub("", t.strip()))


_CLAUSE = re.compile(r"[^，,。.！!？?；;、\s~～]+")


def answered_name(t: str, surnames: SurnameLists) -> NameMention | None:
    """The name an answer to the name question gives by its shape (normalized, simplified
    text): the whole answer, or one clause of a short one ("我叫冒玉珍，麻烦你们了",
    "冒玉珍，复兴村的"); None when there is none."""
    s = _TAIL.sub("", _EDGES.sub("", t.strip()))
    if shaped_like_name(s, surnames):
        return NameMention(s, False, (0, len(t)))
    if len(t) > 24:
        return None
    for m in _CLAUSE.finditer(t):
        s = _TAIL.sub("", _EDGES.sub("", m.group(0)))
        said_first = m.start() == 0 or s != m.group(0).strip()  # (first, or said as a name)
        if said_first and shaped_like_name(s, surnames):
            return NameMention(s, False, m.span())
    return None
