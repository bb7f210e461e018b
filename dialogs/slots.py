"""What one message says about each field of a petition, and whether an answer is valid.

`extract` finds everything a message already says (phone, town, name, address, request), so the
bot never asks for something it was told; `answer_*` reads a message as the answer to one
question and says what is wrong when it is not one.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from dialogs.commands import (
    cjk_count,
    core,
    is_done,
    is_dont_know,
    is_greeting,
    is_no,
    is_nothing,
    is_thanks,
    is_yes,
    normalize,
    strip_emoticons,
    wants_anonymous,
)
from nlp.address_answer import names_a_place, told_address
from nlp.address_cues import (
    cued_place,
    keeps_town,
    no_place_name,
    too_vague,
    units_only,
    without_vague_lead,
)
from nlp.hanzi import to_simplified
from nlp.phones import cued_landlines, find_spoken_phones, spoken_phone_spans, spoken_to_digits
from nlp.place_names import nameless
from nlp.story import account_clause, clean
from nlp.turn_slots import find_place, only_a_request, without_contact_tail
from nlp.turn_slots import find_request as nlp_find_request

if TYPE_CHECKING:
    from nlp.understanding import Understanding
from nlp.entities import (
    SURNAMES,
    Gazetteer,
    NameMention,
    TownMention,
    find_ids,
    find_name,
    find_phones,
    phone_problem,
    plausible_name,
)

_PUNCT_EDGES = " \t\n，,。.！!？?；;：:、~～…—-"

# Words that make a phrase a place: villages, roads, buildings, landmarks.
_PLACE_MARK = re.compile(
    r"村|组|号|路|街|巷|弄|小区|社区|居委会|楼|单元|室|栋|幢|庄|队|厂|公司|学校|中学|小学|幼儿园|"
    r"医院|卫生院|市场|广场|花园|苑|大道|桥|河|湖|站|中心|门口|对面|旁边|附近|店|超市|酒店|宾馆|"
    r"银行|大厦|局|所|院|场|园|镇|街道|工地|码头|农场|圩|埝|港|闸|堆|大院|宿舍|新村|门面"
)
_NARRATIVE = re.compile(
    r"了|没|不|被|吗|呢|啊|要|想|说|让|给|我|他|她|们|因为|所以|但是|结果|还|也|又|都|就|过|着|很|太|"
    r"一直|已经|总是|经常|可是|然后|而且"
)
_VILLAGE_RE = re.compile(
    r"([\u4e00-\u9fff\d]{1,12}?(?:村|社区|小区|新村|花园(?![村社]|新村)|家园(?![村社]|新村)|苑|居委会)"
    r"(?:(?:(?!的)[\u4e00-\u9fff\d]){1,5}?(?:组|队|号楼|栋|幢|单元|室|号)|[0-9一二三四五六七八九十两]+排)*)"  # (村的医务室: no unit)
)
_ROAD_RE = re.compile(
    r"([\u4e00-\u9fff]{1,8}?(?:路|街|大道|巷)(?:\d+|[一二三四五六七八九十百]+)号(?:\d+(?:室|楼))?)"
)
_ADDRESS_INTRO = re.compile(r"(?:家住在|住在|家住|地址[是为:：]?|住址[是为:：]?|位于)\s*([^，。,.！!；;？?\s]{2,40})")
# Where an address candidate may begin: cut everything up to these words.
_ADDRESS_CUT = re.compile(r".*(?:我是|我在|住在|家住|我家在|我们在|位于|在|是|到|从|的|关于|对于|有关|叫什么|叫啥|叫做|叫|好像|大概)")  # (关于…的通知; 叫什么宋墩村)
_NOT_AFTER_VILLAGE = set("里民委干上下口头子长支边部集")
_GRAMMAR = re.compile(r"[把被给让他她我你们的了在是和跟对向从这那个里去来说要想就都也还又过找]")
_NOT_PLACE_NAME = ("我们", "我", "本", "该", "这个", "那个", "他们", "你们", "全", "同", "邻", "各",
                   "这", "那", "哪个", "什么", "外", "整个", "每个")
_REQUEST_RE = re.compile(
    r"(?:^|[，,。.！!；;\s])((?:我们?|本人)?(?:希望|要求|请求|恳请|恳求|盼望|诉求是|诉求[:：]|"
    r"请(?:求)?(?:政府|领导|有关部门|相关部门|帮忙|帮|尽快|你们|上级)|麻烦(?:政府|领导|你们|帮)"
    r")[^。！!？?]{2,200})"
)


_THIRD_PARTY = re.compile(r"他|她|对方|老板|村长|书记|经理|厂长|负责人|物业|房东|公司|单位|老师|"
                          r"包工头|领导|主任|医生|司机")


def _someone_elses(t: str, start: int) -> bool:
    """The number at `start` is introduced as somebody else's ("老板电话…"), not the citizen's
    ("物业没人管我手机…": the last owner named before it is the citizen)."""
    window = t[max(0, start - 8):start]
    last = None
    for last in _THIRD_PARTY.finditer(window):
        pass
    return last is not None and not re.search(r"我|俺|本人|自己", window[last.end():])


@dataclass(slots=True)
class Extracted:
    phone: str | None = None
    phone_count: int = 0
    town: TownMention | None = None
    towns: list[TownMention] = field(default_factory=list)
    name: NameMention | None = None
    address: str | None = None
    request: str | None = None
    anonymous: bool = False
    ids: list[str] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)  # of phone and name mentions
    text: str = ""  # the normalized text the spans refer to

    def without_contacts(self) -> str:
        """The text with phone numbers and the name clause cut out (e.g. for the description)."""
        out, pos = [], 0
        for a, b in sorted(self.spans):
            intro = _PHONE_BEFORE.search(self.text, 0, a)  # "电话13912345678我们村…"
            if intro is not None and intro.start() >= pos:
                a = intro.start()
            if a >= pos:
                # (the words introducing what is cut go with it: "…没水用我电话[…]希望…")
                out.append(_INTRO_BEFORE_CUT.sub("", self.text[pos:a]))
                pos = b
        out.append(self.text[pos:])
        joined = "".join(out)
        if _PHONE_WORD.search(joined):  # (_PHONE_INTRO tries its optional words everywhere)
            joined = _PHONE_INTRO.sub("", joined)
        joined = _PUNCT_RUN.sub("，", joined)
        # Keep a final "？" or "！": it is part of what the citizen said.
        return joined.lstrip(_PUNCT_EDGES).rstrip(" \t\n，,、；;：:~～—-")


_PHONE_INTRO = re.compile(
    r"(?:我的?|本人)?(?:联系)?(?:电话|手机|号码|联系方式)(?:号码|号)?(?:是|为|:|：)?(?=[，,。.\s]|$)")
# The words that introduce a phone number ("有情况请联系我手机", "我的电话是"), in two parts: the
# lead-in asking to call, and the phone word itself with what may stand around it.
_CALL_LEAD = r"(?:有事|有情况|有消息|有结果)?(?:请|可以|就)?"
_CALL = r"(?:打|拨打|联系|找)"
_PHONE_SAID = r"(?:我的?|本人|俺的?)?(?:家里?的?)?(?:联系)?(?:电话|手机|座机|固话|号码|联系方式)(?:号码|号)?(?:是|为|:|：)?"
# Just before a number: the phone word, with the lead-in only when it says to call.
_PHONE_BEFORE = re.compile(rf"(?:{_CALL_LEAD}{_CALL})?{_PHONE_SAID}$")
_PHONE_WORD = re.compile(r"电话|手机|座机|固话|号码|联系方式")  # one of which every _PHONE_INTRO has
_INTRO_BEFORE_CUT = re.compile(
    rf"(?:{_CALL_LEAD}{_CALL}?{_PHONE_SAID}|"
    r"我叫|俺叫|我的名字(?:是|叫)|名字(?:是|叫)|本人姓名(?:是|为)?)\s*$")
_PUNCT_RUN = re.compile(r"[，,。；;\s]{2,}")


@functools.lru_cache(maxsize=2048)  # pure; short replies ("陈桥", "同意") repeat across citizens
def extract(text: str, gazetteer: Gazetteer,
            understanding: Understanding | None = None) -> Extracted:
    """Every field the message gives; with `understanding`, also names with any surname of
    the full list (我姓X X某某, 我是…的X某), phones read aloud, 建议… requests and place
    phrases the older finders miss. The result is shared (cached): read it only."""
    original = strip_emoticons(text)
    t = normalize(original)
    ex = Extracted(text=original)

    def as_written(found: str | None) -> str | None:
        # normalize() preserves length, so the same slice of the original keeps "，" etc.
        if not found:
            return found
        i = t.find(found)
        return original[i : i + len(found)] if i >= 0 else found

    # A number introduced as somebody else's ("老板电话13812345678") is not the citizen's.
    phones = [p for p in find_phones(t) if not _someone_elses(t, p.span[0])] or [
        p for p in cued_landlines(t) if not _someone_elses(t, p.span[0])]  # ("家里座机 8690…")
    ex.phone_count = len({p.number for p in phones})
    if phones:
        ex.phone = phones[0].number
        ex.spans += [p.span for p in phones]
    ex.ids = find_ids(t)
    ex.towns = gazetteer.find(t)
    ex.town = ex.towns[0] if ex.towns else None
    ex.name = find_name(t)
    if ex.name:
        ex.spans.append(ex.name.span)
    ex.address = as_written(find_address(t, gazetteer))
    ex.request = as_written(find_request(t))
    ex.anonymous = wants_anonymous(t)
    if understanding is not None:
        _understood(ex, t, understanding)
    if ex.name is not None and names_a_place(t, ex.name.name, ex.name.span, gazetteer):
        ex.spans.remove(ex.name.span)  # "老地名叫银集乡": a place named, no person
        ex.name = None
    return ex


_NAME_HINT = re.compile(r"姓|叫|我是|俺是|名|本人|联系人|签名")
_LETTER_HINT = re.compile(r"居民|村民|群众|业主|住户|敬礼|此致|敬上|谨上|反映人|写信人|具名|落款|\n.{2,8}\n")
_REQUEST_HINT = re.compile(r"建议|希望|要求|请|想让|能不能|麻烦|盼|期望|恳|求")
_PLACE_HINT = re.compile(r"村|社区|小区|路|街|巷|苑|花园|家园|旁边|对面|门口|附近|后面|边上|东头|西头|那块|下面")


def _understood(ex: Extracted, t: str, u: Understanding) -> None:
    """The understanding's finders, each only where its words occur (a step stays cheap)."""
    if ex.name is not None and ex.name.surname_only and u.names.others_surname(t, ex.name.span[0]):
        ex.spans.remove(ex.name.span)  # "…的会计 姓钱 …": whom the citizen tells about
        ex.name = None
    name = u.names.find(t) if _NAME_HINT.search(t) else None
    if name is None and ex.name is None and _LETTER_HINT.search(t):
        name = u.named_in_letter(t)  # "…社区居民柏云鹏", a letter's signature
    if name is not None and (ex.name is None or (ex.name.surname_only and not name.surname_only)
                             or len(name.name) > len(ex.name.name) or _runs_on(ex.name.name, name.name)):
        if ex.name is not None and ex.name.span in ex.spans:
            ex.spans.remove(ex.name.span)
        ex.name = name
        ex.spans.append(name.span)
    if ex.phone is None:
        spoken = [p for p in find_spoken_phones(t)
                  if not _someone_elses(t, p.span[0])]
        if spoken:
            ex.phone = spoken[0].number
            ex.phone_count = len({p.number for p in spoken})
            # (cut out whole, pauses included: "手机幺三八 幺二五八 七六零三", voice input)
            ex.spans += [span for _, span in spoken_phone_spans(t) if not _someone_elses(t, span[0])]
    if ex.request is None and _REQUEST_HINT.search(t):
        ex.request = nlp_find_request(t)
    if ex.address is None and _PLACE_HINT.search(t):
        # (a landmark alone, "学校旁边", is no address: the address question is still asked;
        # an answer to it is read whole by answer_address)
        ex.address = find_place(t, u.gazetteer, landmarks=False)


def _runs_on(longer: str, name: str) -> bool:
    """"葛长春我" for "葛长春": a name read on into the next clause of unpunctuated voice input."""
    return longer != name and longer.startswith(name) and longer[len(name)] in _NEXT_CLAUSE


_NEXT_CLAUSE = frozenset("我俺在家住是今电手想要反就现身的")
_PLACE_NAME_TAIL = re.compile(r"村|社区|小区|路|街|大道|巷|组|桥|河|湖|圩|庄|队|新村|花园|广场|市场")
# (the county's name before a road, 金湖路 or with a bearing 金湖东路, names the road)
_COUNTY_PREFIX = re.compile(r"^(?:江苏省)?(?:淮安市)?(?:金湖县|金湖(?![东南西北中]?(?:路|街|大道)|花园|小区|新村|家园|苑|社区|村|广场|"
                            r"宾馆|酒店|中学|小学|医院|大厦|公园|湾|城|名|华|府|庭|嘉|国际|世纪|商))")
_ADMIN_END = re.compile(r"(?:镇|乡|街道|街道办|街道办事处)$")
_PLACE_KIND = re.compile(r"村|社区|小区|新村|花园|家园|苑|居委会|路|街|大道|巷")


def strip_town(s: str, gazetteer: Gazetteer) -> str:
    """The address without the county and town in front ("金北街道建设村" -> "建设村"), but a
    place named after its town stays whole ("前锋村", "黎城路")."""
    s = _COUNTY_PREFIX.sub("", s)
    for m in gazetteer.find(s):
        if m.span[0] == 0 and not (_PLACE_NAME_TAIL.match(s, m.span[1]) and not _ADMIN_END.search(m.matched)) and not keeps_town(
                s[m.span[1]:].strip(_PUNCT_EDGES), short_name=not _ADMIN_END.search(m.matched)):
            # ("闵桥老街20号", "银集街道口", "前锋中学附近": whole)
            s = s[m.span[1]:]
            break
    return s.strip(_PUNCT_EDGES)


def find_address(text: str, gazetteer: Gazetteer) -> str | None:
    """A village/community or street-and-number the message gives, without the town name (a
    floor or a room alone is not one)."""
    found = _find_address(text, gazetteer)
    return None if found is None or units_only(found) else found


def _find_address(text: str, gazetteer: Gazetteer) -> str | None:
    t = normalize(text)
    cued = cued_place(t)  # "我所住的闵桥老街20号房屋": over "我是…闵桥社区的…" before it
    if cued and strip_town(cued, gazetteer) and not units_only(strip_town(cued, gazetteer)) and \
            not nameless(cued):  # (我住的老小区…: a place described, not named)
        return strip_town(cued, gazetteer)
    m = _ADDRESS_INTRO.search(t)
    if m:
        cand = strip_town(m.group(1), gazetteer)
        if cand and _PLACE_MARK.search(cand) and not units_only(cand) and not nameless(cand):
            return cand
    for rx in (_ROAD_RE, _VILLAGE_RE) if "号" in t else (_VILLAGE_RE,):  # a road needs its 号
        for m in rx.finditer(t):
            cand = m.group(1)
            if rx is _VILLAGE_RE and t[m.end(1):m.end(1) + 1] in _NOT_AFTER_VILLAGE and (
                    cand.endswith("村")):
                continue  # 村里 / 村民 / 村委 / 村干部: "the village", not a village's name
            cut = _ADDRESS_CUT.match(cand)
            if cut and cut.end() < len(cand) - 1:
                cand = cand[cut.end():]
            cand = strip_town(cand, gazetteer)
            head = _PLACE_KIND.split(cand)[0]
            # Village and road names have two characters at least ("建设村", "健康路") and no
            # grammar words ("他把村里…" is not a village called 他把).
            if (not head or head.startswith(_NOT_PLACE_NAME) or no_place_name(head) or cjk_count(head) < 2
                    or _GRAMMAR.search(head) or nameless(cand)):
                continue
            return cand
    return None


def find_request(text: str) -> str | None:
    """The clause where the citizen says what they want: 希望…, 要求…, 请政府…"""
    m = _REQUEST_RE.search(normalize(text))
    if not m:
        return None
    req = without_contact_tail(m.group(1)).strip(_PUNCT_EDGES)
    return req if cjk_count(req) >= 4 else None


def meaningful(text: str) -> bool:
    """Words a person wrote, as opposed to a keyboard mash, emoji or stray digits."""
    t = normalize(text)
    if cjk_count(t) >= 2:
        return True
    letters = re.findall(r"[a-zA-Z]+", t)
    # Pinyin or English sentences with several words count; "asdfgh" does not.
    return len(letters) >= 3 and any(len(w) > 1 for w in letters)


_INTENT = re.compile(
    r"你好|您好|在吗|请问|我要|我想|想要|我需要|需要|要|想|反映|反应|投诉|举报|信访|上访|咨询|"
    r"问题|一下|一个|个|件|事情|事儿|事|情况|有|帮忙|帮我|麻烦|谢谢|建议|意见|求助|求|助|我"
)


_FILLER = re.compile(r"[啊哦嗯呃哈呀吧呢嘛哇噢唉哎额嘿呵喔]")


def intent_only(text: str) -> bool:
    """"我要投诉" / "想反映个问题": the citizen wants to start but has not said what happened."""
    rest = _FILLER.sub("", _INTENT.sub("", normalize(text)))
    seen: set[str] = set()  # fewer than 3 different ideographs are left (a petition has 3 soon)
    for c in rest:
        if "\u4e00" <= c <= "\u9fff":
            seen.add(c)
            if len(seen) == 3:
                return False
    return True


_URGENT = re.compile(
    r"自杀|轻生|不想活|跳楼|跳河|喝农药|寻死|救命|打人|被打|砍人|行凶|(?<![不没])着火|失火|火灾|煤气泄漏|"
    r"家暴|绑架|威胁要杀|要杀|人身安全|有生命危险|快不行了|出人命"
)


def is_urgent(text: str) -> bool:
    """Words that mean a life or someone's safety may be in danger right now."""
    return bool(_URGENT.search(normalize(text)))


INTENT_WORDS = ("举报", "投诉", "咨询", "建议", "求助")


def intent_of(text: str) -> str:
    for w in INTENT_WORDS:
        if w in text:
            return w
    return ""


def is_narrative(text: str) -> bool:
    """A sentence that tells more about the matter rather than answering a short question."""
    t = normalize(text)
    return cjk_count(t) >= 6 and bool(_NARRATIVE.search(t)) or cjk_count(t) >= 14


@dataclass(frozen=True, slots=True)
class Answer:
    value: object = None  # the field's new value when ok
    ok: bool = False
    problem: str = ""  # prompts.toml key saying what is wrong
    values: dict[str, object] = field(default_factory=dict)  # placeholders for the problem text
    special: str = ""  # "dont_know" | "nothing" | "anonymous" | "keep_name" | "intent"


# Talk about where one lives or where a thing is, with the place itself taken out ("住在…那边",
# "我是…镇的", "事情发生在…"): it says nothing of the matter.
PLACE_TALK = re.compile(
    r"住在|家住|家在|住|来自|事情|发生在|发生|就在|在|但是|但|是|的|那边|这边|那里|这里|那块|这块|附近|一带|"
    r"镇上|街上|我们|我家|我|俺|本地人|人|电话|手机|号码|名字|叫"
)


def answer_description(text: str, ex: Extracted) -> Answer:
    body = ex.without_contacts()
    if not meaningful(body):
        return Answer(problem="bad_description")
    if is_done(body) or is_nothing(body) or is_yes(body) or is_no(body):
        return Answer(problem="ask_description_more", special="intent")  # "就这些", "好的"
    # "你好，我是吕良镇的，想反映个事情": the place is taken, but there is no matter yet.
    probe = body
    for found in [m.matched for m in ex.towns] + ([ex.address] if ex.address else []):
        probe = probe.replace(found, "")
    if intent_only(probe) or (probe != body and intent_only(PLACE_TALK.sub("", probe))):
        return Answer(problem="ask_description_more", special="intent")
    return Answer(body, True)


_HOME = re.compile(r"住|家")


def where_it_happened(ex: Extracted) -> TownMention | None:
    """The one town the matter is in: "我住在黎城，但事情发生在塔集" -> 塔集 (where they live is
    not where it happened); None when the message names several and says no more."""
    t = normalize(ex.text)
    candidates = [m for m in ex.towns if not _HOME.search(t[max(0, m.span[0] - 3):m.span[0]])]
    names = {m.town.name for m in candidates}
    return candidates[-1] if len(names) == 1 else None


def answer_town(text: str, ex: Extracted) -> Answer:
    if ex.town:
        return Answer(where_it_happened(ex) or ex.towns[-1], True)
    if is_dont_know(text) or re.search(r"不知道|不清楚|不晓得|说不清|不确定", normalize(text)):
        return Answer(special="dont_know", ok=True)  # "我也不知道是哪个镇，在县城"
    return Answer(problem="bad_town")


_STORY_DONE = re.compile(r"这些|说完|讲完|港完")
# An address told in parts, with its history or a doubt: read by nlp.address_answer.
_IN_PARTS = re.compile(r"[\s，,。；;、]|以前|原先|原来|过去|老地名|现在|后来|好像|大概|叫什么|叫啥")


def answer_address(text: str, ex: Extracted, gazetteer: Gazetteer) -> Answer:
    if is_done(text) and _STORY_DONE.search(text):
        return Answer(problem="bad_address")  # "就这些了": the story is finished, no address declined
    if is_dont_know(text) or is_nothing(text):
        return Answer("", True, special="dont_know")
    if only_a_request(text, gazetteer):
        return Answer(problem="bad_address")  # "希望赶紧派人来收": the request, taken as such
    rest = without_vague_lead(strip_town(ex.without_contacts(), gazetteer))  # (银集那边的新河村)
    if too_vague(rest):
        return Answer(problem="bad_address")  # "家里", "就在镇上": nowhere one could go to
    told = told_address(rest, gazetteer) if _IN_PARTS.search(rest.strip()) else None
    if told and not too_vague(told):
        return Answer(told, True)  # (以前叫姚庄村 现在并到新华村了 四组…: nlp.address_answer)
    if account_clause(to_simplified(rest)) and not _leads_with(rest, ex.address):
        # the next part of the story ("住户们去征收办问了好几次…"): kept as the account, asked again
        return Answer(problem="bad_address")
    marked = bool(rest) and bool(_PLACE_MARK.search(rest)) and len(rest) <= 80
    if marked and not is_narrative(rest):
        return Answer(rest, True)  # the whole answer: "幸福家园小区东门", not just "幸福家园"
    if ex.address:
        return Answer(ex.address, True)  # the place inside a sentence about it
    if marked:
        return Answer(rest, True)  # "就在镇政府旁边"
    # A short answer without a place word ("县城东边") is taken as the address only when the
    # message was nothing else (not "叫我老王就行").
    if (2 <= cjk_count(rest) <= 15 and not _NARRATIVE.search(rest) and not ex.name
            and not ex.phone and not _FILLER_ONLY.fullmatch(rest) and not plausible_name(rest)
            and not is_yes(rest) and not is_no(rest) and not is_greeting(rest)):
        return Answer(rest, True)
    return Answer(problem="bad_address")  # ("张伟" is a name given early, taken as such)



def _leads_with(text: str, place: str | None) -> bool:
    """The message opens with the place ("在朱河村四组 路被挖断了…"): an address told with more."""
    return bool(place) and normalize(text).lstrip("在就住 ，,").startswith(normalize(place)[:4])


_FILLER_ONLY = re.compile(r"[就行好吧啊呀了的是嗯哦对]+")


def answer_name(text: str, ex: Extracted, *, anonymity: bool,
                names: NameFinder | None = None) -> Answer:
    """`names`: the understanding's name reader (NameReader), which knows the fuller surname
    list; asked with `bare=True` since the whole message answers "your name?"."""
    if ex.anonymous:
        if anonymity:
            return Answer(None, True, special="anonymous")
        return Answer(problem="anonymous_not_allowed")
    if ex.name:
        return Answer(ex.name.name, True, special="surname" if ex.name.surname_only or
                      _title_only(ex.name.name, names) else "")
    rest = re.sub(r"[\s，,。.!！~～]", "", ex.without_contacts())
    rest = re.sub(r"^(?:叫|是|我叫|我是)", "", rest)
    # (the name question itself: a name is also read by its shape, nlp/name_answer.py)
    found = names.find(rest, asked=True) if names is not None and rest else None
    if found is None and names is not None:
        # "我是黄庄村的老葛 葛长春": the name stands apart after an introduction
        for seg in reversed(re.split(r"[\s，,。.!！、]+", ex.without_contacts())):
            seg = re.sub(r"^(?:叫|是|我叫|我是|俺叫|俺是)", "", seg)
            found = names.find(seg, asked=True) if len(seg) >= 3 else None
            if found is not None and (found.name == seg or found.span == (0, len(seg))):
                break  # (the segment is the name, or says it whole: "你就写个冉光明")
            found = None
    if found is not None and len(found.name) >= 3:
        # "闻立新": an uncommon surname the reader knows (two characters are left to
        # plausible_name below, which knows "明白" is no name)
        return Answer(found.name, True, special="surname" if found.surname_only or
                      _title_only(found.name, names) else "")
    if plausible_name(rest) and not ex.towns:  # ("黎城街道": a place, never a name)
        return Answer(rest, True, special="surname" if _title_only(rest, names) else "")
    # "老王" / "叫我小李就行": how people introduce themselves; a lone surname is accepted too.
    m = re.fullmatch(r"(?:叫我|我是)?([老小]?)([\u4e00-\u9fff])(?:就行|就好|就可以|吧)?", rest)
    if m and m.group(2) in SURNAMES:
        return Answer(m.group(1) + m.group(2), True, special="surname")
    for suffix in ("先生", "女士", "师傅", "老师", "阿姨", "大爷"):
        if rest.endswith(suffix) and plausible_name(rest[: -len(suffix)] + "某"):
            return Answer(rest, True, special="surname")  # "王先生": a surname, not a name
    if is_dont_know(text) or is_nothing(text):
        if anonymity:
            return Answer(None, True, special="anonymous")
        return Answer(problem="anonymous_not_allowed")
    return Answer(problem="bad_name")


_TITLE = re.compile(r"(?:先生|女士|师傅|阿姨|大爷|大妈|大娘|老师|大哥|大姐|奶奶|爷爷|婶子?|叔)$")


def _title_only(name: str, names: NameFinder | None) -> bool:
    """"李师傅", "王大妈", "欧阳": a surname with a title, or a compound surname alone."""
    surnames = getattr(names, "surnames", None)
    bare = _TITLE.sub("", name)
    if surnames is None:
        return bare != name and len(bare) == 1
    return (bare != name and surnames.of(bare) == bare) or name in surnames.compound


_LOCAL_IN_TEXT = re.compile(r"(?<![0-9])([2-9][0-9]{7})(?![0-9])")


class NameFinder(Protocol):
    def find(self, text: str, *, bare: bool = False, asked: bool = False) -> Any: ...


def answer_phone(text: str) -> Answer:
    phones = find_phones(text, assume_local=True) or find_spoken_phones(text, answer=True)
    if phones:
        return Answer(phones[0].number, True)
    # Asked for a phone, "家里电话86901234" is a local landline even inside a sentence (digits
    # spoken or typed, with pauses: "座机 八六九零 一二三四").
    t = spoken_to_digits(normalize(text))
    local = [m for m in _LOCAL_IN_TEXT.finditer(t)
             if not re.search(r"(?<![0-9])0[1-9][0-9]{1,2}\D{0,2}$", t[: m.start()])]
    if len(local) == 1 and len(_LOCAL_IN_TEXT.findall(t)) == 1:
        return Answer("0517-" + local[0].group(1), True)  # (not "025-86901234")
    problem = phone_problem(text) or "unknown"
    digits = len(re.sub(r"\D", "", normalize(text)))
    return Answer(problem="bad_phone_" + problem, values={"digits": digits})


def answer_request(text: str, ex: Extracted) -> Answer:
    if is_nothing(text) or is_dont_know(text):
        return Answer(None, True, special="nothing")
    body = clean(ex.without_contacts()) or ex.without_contacts()  # (a phone read aloud, too)
    if is_yes(body) or is_greeting(body) or is_no(body) or is_thanks(body):
        return Answer(problem="bad_request")  # "确认", "好的": no request in it
    if cjk_count(body) >= 2 or meaningful(body):
        return Answer(body, True)
    return Answer(problem="bad_request")


def summary_text(s: str, limit: int) -> str:
    s = " ".join(s.split())
    return s if len(s) <= limit else s[: limit - 1] + "…"


def phone_like(text: str) -> bool:
    """Mostly digits: a (possibly wrong) phone number rather than words."""
    c = core(text)
    return bool(c) and sum(ch.isdigit() for ch in c) >= max(5, len(c) * 0.6)
