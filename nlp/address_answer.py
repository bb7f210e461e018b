"""The answer to "具体在什么地方" read the way a clerk writes an address down.

Rural citizens tell an address in parts, with the history of the place and their doubts:
"以前叫姚庄村 后来并到新华村了 四组 学校往北两百米", "好像叫什么锦绣花园 八号楼", "东方小区2栋 我家301
楼上401". The address is every part of it (village, 组/队, building, flat, landmark, direction)
without the hedges (好像叫什么, 大概是), the town (a field of its own) and the words that carry
the history: the CURRENT name wins, an old name is kept after it as （原…）.

`told_address` reads a message made only of such parts, clause by clause (a clause is what the
citizen separated with a pause); a message with a clause of the story in it ("官塘村五组 灯坏了两
个月") is left to the caller (None). `address_tail` reads "五组后面那片鱼塘" sent after the
village: the part that finishes an address. A closed grammar of the clause (hedge, history
marker, place, unit, landmark), not a list of sentences.

Pure: no I/O.
"""

from __future__ import annotations

import re

from nlp.address_cues import keeps_town
from nlp.entities import Gazetteer, normalize
from nlp.hanzi import to_simplified
from nlp.place_names import nameless

_PAUSE = re.compile(r"[\s，,。.；;、！!？?~～…]+")
_NUM = r"[0-9０-９一二三四五六七八九十百零〇两]+"
_UNIT = rf"{_NUM}(?:号楼|单元|组|队|号|栋|幢|室|楼|排|层|户)"
_UNIT_START = re.compile(rf"^{_UNIT}")
# Words that open a clause without being part of the place.
_LEAD = re.compile(r"^(?:就在|就是|在|是|住在|住|我家在|俺家在|我家住|俺家住|我们|俺们|我家|俺家|那块|那边|这块|"
                   r"那个|这个|大概|好像|应该|可能|估计|叫什么|叫啥|叫做|叫|什么|啥|的)+")
_TRAIL = re.compile(r"(?:的|了|吧|呢|啊|呀|哈|那边|这边|那块|这块|一带)+$")
# A hedge inside a clause, before the name it doubts: "那个楼盘叫什么翡翠湾".
_NAMED_AS = re.compile(r"(?:名字|地名)?(?:好像|大概|应该|可能)?(?:是)?(?:叫什么|叫啥|叫做|叫)")
_OLD = re.compile(r"^(?:俺家那块|我家那块|那块|那里|那边|这块)?(?:的)?(?:以前|原先|原来|过去|早先|早年|老早|"
                  r"老地名|老名字|老名)(?:的|是|叫做|叫|名字叫|属于|归)*")
_NOW = re.compile(r"^(?:后来|现在|如今|目前|这几年)(?:的地址|的名字|的)?(?:是|叫做|叫|改叫|改成|改名叫|改名|并到了?|"
                  r"并入|合并到|合到|划到|划给|归到|归|属于|并进)*")
# What a part of an address may be made of, besides a place's name: a unit, a landmark or a
# direction ("学校往北两百米", "村部西边第二家", "楼上401").
_PLACE_WORD = re.compile(
    r"村|组|号|路|街|巷|弄|小区|社区|居委会|楼|单元|室|栋|幢|庄|队|厂|学校|中学|小学|幼儿园|医院|卫生院|市场|广场|"
    r"花园|苑|大道|桥|河|湖|塘|沟|渠|站|中心|门口|对面|旁边|附近|店|超市|银行|大厦|局|所|院|场|园|工地|码头|农场|圩|"
    r"埝|港|闸|新村|门面|售楼处|东|西|南|北|前面|后面|边上|头|往|米|第.家|隔壁|地|湾|城|苑|府|庭|墅|公寓|广场|家|\d")
# Words of the story: a clause with one of them is no part of an address.
_STORY = re.compile(r"了(?!$)|没|不|被|坏|堵|漏|吵|臭|打|骂|要|想|让|给|找|说|修|拆|占|挖|倒|死|摔|淹|着火|"
                    r"已经|一直|还|都|也|就(?!在)|又|因为|所以|但是|可是|希望|要求|麻烦|请")


def _clean(clause: str) -> str:
    return _TRAIL.sub("", _LEAD.sub("", clause))


def _town_only(clause: str, gazetteer: Gazetteer | None) -> bool:
    if gazetteer is None:
        return False
    found = gazetteer.find(clause)
    if not found or found[0].span[0] != 0:
        return False
    rest = clause[found[-1].span[1]:]
    return re.fullmatch(r"(?:乡|镇|街道|街道办|那边|这边|那块|的)*", rest) is not None


def _without_town(clause: str, gazetteer: Gazetteer | None) -> str:
    """"前锋镇白鹭村" -> "白鹭村"; a place named after its town stays ("前锋村", "闵桥老街")."""
    found = gazetteer.find(clause) if gazetteer is not None else []
    if not found or found[0].span[0] != 0:
        return clause
    m = found[0]
    rest = clause[m.span[1]:]
    admin = re.match(r"(?:镇|乡|街道)?(?:那边的|这边的|那块的|的)?", rest)
    after = rest[admin.end():] if admin else rest
    if (admin and admin.group(0) or re.search(r"(?:镇|乡|街道)$", m.matched)) and after and \
            not keeps_town(rest, short_name=False):
        return after
    return clause


def _parts(clause: str, gazetteer: Gazetteer | None) -> tuple[bool, bool, list[tuple[str, bool]]]:
    """(told as the old name, told as the current one, [(part, named after a hedge)]) of one
    clause: "闵桥镇以前的淮胜村" -> (True, False, [("淮胜村", False)]), "那个楼盘叫什么翡翠湾" ->
    (False, False, [("楼盘", False), ("翡翠湾", True)])."""
    clause = _without_town(_LEAD.sub("", clause), gazetteer)
    was_old, is_now = bool(_OLD.match(clause)), bool(_NOW.match(clause))
    clause = _NOW.sub("", _OLD.sub("", clause))
    m = _NAMED_AS.search(clause)
    if m is None or m.end() == len(clause):
        return was_old, is_now, [(clause, was_old or is_now)]  # ("老地名叫新集": a name)
    return was_old, is_now, [(clause[:m.start()], False), (clause[m.end():], True)]


def told_address(text: str, gazetteer: Gazetteer | None = None) -> str | None:
    """The address a message made only of parts of one says, as a clerk writes it ("以前叫姚庄村
    后来并到新华村了 四组 学校往北两百米" -> "新华村四组（原姚庄村） 学校往北两百米"); None when a
    clause tells something else."""
    t = to_simplified(normalize(text)).strip()
    now: list[str] = []
    old: list[str] = []
    for raw in _PAUSE.split(t):
        was_old, is_now, parts = _parts(raw, gazetteer)
        for part, named in parts:
            clause = _clean(part)
            if not clause or _town_only(clause, gazetteer):
                continue  # (the town is a field of its own: "现在归银涂镇")
            clause = _without_town(clause, gazetteer)
            if _STORY.search(clause) or not (named or _PLACE_WORD.search(clause)):
                return None
            (old if was_old and not is_now else now).append(clause)
    if not now and not old:
        return None
    if not now:
        now, old = old, []
    first_named = next((i for i, p in enumerate(now) if not nameless(p)), 0)
    now = now[first_named:]  # ("那个新建的楼盘 叫什么金色港湾 门口": the name, then where at it)
    out = ""
    for p in now:
        out += p if not out or _UNIT_START.match(p) else " " + p
    first = now[0]
    extra = [o for o in old if o not in first and first not in o]
    if extra:
        head = re.match(rf"^.*?(?:{_UNIT})+|^\S+", out)
        cut = head.end() if head else len(out)
        out = out[:cut] + "".join(f"（原{o}）" for o in extra) + out[cut:]
    return out


def address_tail(text: str) -> str | None:
    """The part that finishes an address already held: a 组 / 号 with what is there ("五组后面那片
    鱼塘", "六组 老粮站对面"); None otherwise."""
    t = to_simplified(normalize(text)).strip(" ，,。.")
    if not _UNIT_START.match(t):
        return None
    return told_address(t)


# Before a name, words that say a place is being named ("老地名叫…", "那个楼盘叫…", "村名叫…").
_PLACE_NAMED = re.compile(r"(?:地名|村名|庄名|组名|老名字|小区|楼盘|地方|村子|庄子|那块|那片|这块)(?:的)?(?:名字)?(?:好像|大概)?"
                          r"(?:叫|是)(?:什么|啥|做)?$")


def names_a_place(text: str, name: str, span: tuple[int, int], gazetteer: Gazetteer | None) -> bool:
    """The person's `name` read at `span` of `text` is a place's: a town ("老地名叫银集乡") or
    named after words that name a place ("那个楼盘叫…")."""
    start = text.rfind(name, span[0], span[1])
    start = span[0] if start < 0 else start
    if _PLACE_NAMED.search(text[max(0, start - 8):start]):
        return True
    return gazetteer is not None and _town_only(name, gazetteer)
