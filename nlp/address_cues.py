"""Where a citizen says they live or where the matter is, the way a clerk hears an address.

- An address cue (我所住的, 住在, 家住, 住址是, 我家在…) introduces the address: the place phrase
  after it wins over a community named in an introduction ("我是塔集镇闵桥社区的退休教师…
  我所住的闵桥老街20号房屋…" -> 闵桥老街20号): `cued_place`.
- A place named after a town keeps the town's name: "闵桥老街" (闵桥 is an old town name) is
  not "老街", "银集街道口" not "口": `keeps_town`.
- A named landmark is an address a department can go to (银集街道口, 卫生院对面, 老粮站); only a bare
  town or "home / here" is too vague: `too_vague`.

Pure functions over normalized text.
"""

from __future__ import annotations

import re

from nlp.hanzi import to_simplified

_CUE = re.compile(r"(?:我|俺|本人)?(?:所|现)?(?:居住的|住的|住在|居住在|家住在|家住|住址[是为:：]?|地址[是为:：]?|"
                  r"我家在|俺家在|家在|住处在|房子在)\s*")
# The end of a place phrase: its last unit (a number, a building, a road, a village…).
_UNITS = (r"(?:[0-9一二三四五六七八九十百零〇两]+(?:号楼(?!道)|号|室|楼(?!道)|栋|幢|单元|组|队)|社区|小区|片区|新村|花园|家园|苑|"
          r"村(?![委民里部干])|路(?!口)|街(?!道|口)|巷|大道|庄)")  # (街道, 村委, 路口: no end of a place)
_UNIT_END = re.compile(r"^[\u4e00-\u9fff0-9]*?" + _UNITS)
_GREEDY_UNIT = re.compile(r"^[\u4e00-\u9fff0-9]*" + _UNITS)
_CLAUSE_END = re.compile(r"[，,。.！!；;？?\s]")
_GRAMMAR = re.compile(r"[把被给让他她我你们了是和跟对向从这那个去来说要想就都也还又很没不吗呢啊过找到离]")


def cued_place(text: str) -> str | None:
    """The place phrase an address cue introduces, up to its last unit ("闵桥老街20号房屋，…"
    -> "闵桥老街20号"); None when no cue is followed by one."""
    for m in _CUE.finditer(text):
        clause = _CLAUSE_END.split(text[m.end():m.end() + 40], maxsplit=1)[0]
        found = _GREEDY_UNIT.match(clause) or _UNIT_END.match(clause)
        if found is None:
            continue
        place = found.group(0)
        if len(place) >= 3 and not _GRAMMAR.search(place):
            return place
    return None


# What may follow a town's name in a place named after it: a part of the town (老街, 中街, 东头)
# or a landmark word (口, 桥头) — never a place on its own.
_TOWN_PART = re.compile(r"^(?:[老新东西南北中前后上下]?(?:街|大街|市|集|桥|闸|港|圩|口|头|场)|口|桥头|街口|路口|东头|西头|"
                        r"南头|北头|旁边|对面|附近|边上)")
# The town's own institutions, named with its short name: 前锋中学, 银集粮站 (but "塔集镇卫生院" is
# the 卫生院 of 塔集镇: the town is a field of its own).
_TOWN_INSTITUTION = re.compile(r"^(?:中学|小学|中心小学|幼儿园|医院|人民医院|卫生院|派出所|菜场|菜市场|车站|汽车站|"
                               r"粮站|邮局|邮政|供电所|农行|信用社|法庭|大桥|敬老院|养老院|公园|广场|超市)")
_KIND = re.compile(r"村|社区|小区|新村|花园|家园|苑|居委会|路|街|大道|巷")


def keeps_town(rest: str, short_name: bool = True) -> bool:
    """A town's name in front of `rest` is part of the place ("老街20号", "口", "桥头"; after
    the town's `short_name`, also "中学", "粮站"): the rest does not stand alone (its name before
    the kind of place has fewer than two characters)."""
    if not rest:
        return False
    if _TOWN_PART.match(rest) or short_name and _TOWN_INSTITUTION.match(rest):
        return True
    head = _KIND.split(rest)[0]  # (after a full name, "戴楼街道花园新村", the place is 花园新村)
    return short_name and _KIND.search(rest) is not None and len(re.findall(r"[\u4e00-\u9fff]", head)) < 2


_VAGUE = re.compile(r"(?:家里|家|这里|那里|这边|那边|这儿|那儿|这块|那块|这|那|本地|当地|镇上|镇里|村里|街上|"
                    r"县城里?|城里|附近|老家|家门口|门口|我家|俺家|我们这|我们那|俺们这|咱们这|我们村|俺村|咱村|"
                    r"这个地方|那个地方|地方)")
_FILLER = re.compile(r"^(?:就|是|在|就在|住|住在)*|(?:的|啊|吧|呢|呀|哈|一带)*$")


def too_vague(answer: str) -> bool:
    """An answer to "具体在什么地方" that names no place one could go to: 家里, 这里, 就在镇上
    (a bare town is told apart by the caller, which knows the towns)."""
    core = re.sub(r"[\W_]+", "", answer)
    return bool(_VAGUE.fullmatch(_FILLER.sub("", core)))


# "那边的" / "那块的" after a town's name ("银集那边的新河村"): where the place lies, said on the
# way to its name; the address is the place named after it.
_VAGUE_LEAD = re.compile(r"^(?:那边|这边|那块|这块|那一块|那一带|那片|这片|附近|边上)的(?=[\u4e00-\u9fff]{2})")


def without_vague_lead(rest: str) -> str:
    """`rest` (an address with its town taken off) without a leading "那边的": "那边的新河村" ->
    "新河村"."""
    return _VAGUE_LEAD.sub("", rest)


# Only a floor, a room, a unit ("18楼", "3单元502室"): part of an address, no place one could go
# to (the question asks for the rest: which community).
_UNITS_ONLY = re.compile(r"(?:[0-9一二三四五六七八九十百零〇两]+(?:号楼|楼|层|室|单元|号|栋|幢|户)|顶楼|楼上|楼下)+")
# Words that may open a clause before "同村 / 邻村" (可同村好几户…): never part of a name.
_LEAD_WORDS = re.compile(r"^(?:可是|但是|而且|并且|不过|只是|可|但|就|也|都|还|又|连|跟|和|与)")
_NO_NAME = ("同", "邻", "本", "全", "各", "隔壁")


def units_only(place: str) -> bool:
    """A floor, room or unit alone ("18楼", "二十二楼", "3单元502室")."""
    return bool(_UNITS_ONLY.fullmatch(place))


def no_place_name(head: str) -> bool:
    """The words before a place's kind name no place ("可同" of 可同村, "但邻" of 但邻村: the
    same / the next village; "当时" of 当时村会计, "每次" of 每次村组长: a time or a pronoun
    before "the village's accountant", see `function_word_before`)."""
    return _LEAD_WORDS.sub("", head) in _NO_NAME or function_word_before(head)  # ("同心村" is a name)


# jieba's tags of words that are never a place's proper name: time (当时, 现在, 去年), pronoun
# (每次, 那时), adverb (原来), numeral / quantity (这回), conjunction, preposition, particle, and a
# locative that is no bearing (以前, 最近; 北方, 中间 may name a village).
_FUNCTION_TAGS = frozenset({"t", "r", "d", "m", "mq", "c", "p", "u"})
_BEARING = frozenset("东南西北中前后上下")


def function_word_before(head: str) -> bool:
    """The word just before a place's kind (村, 社区, 路…) is an everyday word of time, reference
    or grammar (jieba's tags), so the place phrase has no proper stem: "当时村书记港给补偿",
    "现在村道上天天有大货车" tell of the village, they name none. A closed class (the tags of
    the dictionary), not a list of sentences."""
    if len(head) < 2:
        return False
    import jieba

    from nlp.postags import everyday_tag

    last = jieba.lcut(head)[-1]
    if len(last) < 2:
        return False
    tag = everyday_tag(last) or ""
    return tag in _FUNCTION_TAGS or tag == "f" and last[0] not in _BEARING


# The name of a held place without its town and kind ("塔集镇新街村" -> 新街, "建设路社区" -> 建设路).
_PLACE_STEM = re.compile(r"^(?:.*?(?:镇|街道|乡))?(.{2,}?)(?:社区|小区|新村|村|花园|家园|苑|路|街)$")
_FINE_UNIT = re.compile(r"[0-9一二三四五六七八九十百零〇两]+(?:号楼|号院|号|栋|幢|单元|组|室|楼|院|队)")


def finer_place(held: str, new: str) -> bool:
    """`new` is the place `held` names, told finer (its group, number or building):
    "双桥村" -> "双桥村二组18号", "建设路社区" -> "建设路66号院3栋". Another place is not."""
    held, new = to_simplified(held), to_simplified(new)
    m = _PLACE_STEM.match(held)
    if m is None or new == held or m.group(1) not in new:
        return False
    return bool(_FINE_UNIT.search(new)) and not _FINE_UNIT.search(held)

