"""Slot extractors for turn understanding: corrections, refusals, requests, places, fields.

Pure functions over one message (normalized with `nlp.entities.normalize`). What a value *is*
(a phone, a town, a name, a place) is decided by `ValueTyper`, so "不是塔集，是金南" is a town
correction without the word 镇, and "改成一三九…" a phone correction without the word 电话.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlp.address_answer import told_address
from nlp.address_cues import keeps_town, no_place_name, units_only
from nlp.entities import Gazetteer, normalize
from nlp.names import NameReader
from nlp.phones import before_phone, find_spoken_phones
from nlp.place_names import nameless
from nlp.request_forms import stated_request
from nlp.story import clean

FIELDS = ("description", "town", "address", "name", "phone", "request")
_STOP = "，,。.！!？?；;、 \n~～…"

# Words naming a field, most specific first ("手机号" before "号").
_FIELD_WORDS: tuple[tuple[str, str], ...] = (
    ("联系方式", "phone"), ("手机号码", "phone"), ("电话号码", "phone"), ("手机号", "phone"),
    ("电话", "phone"), ("手机", "phone"), ("号码", "phone"), ("联系电话", "phone"),
    ("姓名", "name"), ("名字", "name"), ("名子", "name"), ("真名", "name"), ("叫什么", "name"),
    ("乡镇", "town"), ("街道", "town"), ("哪个镇", "town"), ("镇", "town"),
    ("门牌号", "address"), ("楼号", "address"), ("号楼", "address"), ("单元", "address"),
    ("房间号", "address"), ("房号", "address"), ("门牌", "address"), ("地址", "address"), ("住址", "address"), ("哪个组", "address"),
    ("哪个村", "address"), ("住哪", "address"), ("村子", "address"), ("组", "address"),
    ("村", "address"), ("小区", "address"), ("地方", "address"),
    ("诉求", "request"), ("要求", "request"), ("请求", "request"),
    ("经过", "description"), ("事情", "description"), ("情况", "description"),
)
_FIELD_RE = re.compile("|".join(re.escape(w) for w, _ in _FIELD_WORDS))
_FIELD_OF = dict(_FIELD_WORDS)


def field_word(text: str) -> str | None:
    """The field a message names first (电话 -> phone), or None."""
    m = _FIELD_RE.search(text)
    return _FIELD_OF[m.group(0)] if m else None


# ---------------------------------------------------------------------------------- places
_PLACE_MARK = re.compile(
    r"村|组|号|路|街|巷|弄|小区|社区|居委会|楼|单元|室|栋|幢|庄|队|厂|学校|中学|小学|幼儿园|医院|卫生院|"
    r"市场|广场|花园|苑|大道|桥|河|站|门口|对面|旁边|边上|附近|后面|前面|东头|西头|店|超市|银行|"
    r"政府|村部|圩|港|闸|新村|家园|粮站|加油站"
)
_VILLAGE_RE = re.compile(
    r"([\u4e00-\u9fff\d]{2,10}?(?:村|社区|小区|新村|花园(?![村社]|新村)|家园(?![村社]|新村)|苑|居委会)"
    r"(?:(?:(?!的)[\u4e00-\u9fff\d]){1,4}?(?:组|队|号楼|栋|幢|单元|室|号)|[0-9一二三四五六七八九十两]+排)*)"  # (村的医务室: no unit)
)
_ROAD_RE = re.compile(r"([\u4e00-\u9fff]{2,8}?(?:路|街|大道|巷)(?:\d+|[一二三四五六七八九十百]+)号)")
_LANDMARK_RE = re.compile(
    r"((?:[\u4e00-\u9fff]{2,6}?)(?:旁边|对面|门口|附近|后面|边上|东头|西头|下面|那块))")
_PLACE_INTRO = re.compile(r"(?:家住在|住在|家住|地址[是为:：]?|住址[是为:：]?|位于|在)\s*([^，。,.！!；;？?\s]{2,30})")
_GRAMMAR = re.compile(r"[把被给让他她我你们了是和跟对向从这那个去来说要想就都也还又很没不吗呢啊过找到]")
_NOT_AFTER_VILLAGE = frozenset("里民委干上下口头子长支边部集")
_NOT_PLACE_START = ("我们", "我", "本", "该", "这个", "那个", "他们", "你们", "全", "各", "这", "那",
                    "哪个", "什么", "每个", "整个", "就", "在", "住", "家", "俺", "咱", "自家", "他", "她",
                    "别的", "别人", "其他", "其它", "有的", "人家")  # (别的村都发了: a comparison)
# Where a place phrase may begin: everything up to these words is cut ("我是金南镇复兴村").
_PLACE_CUT = re.compile(r".*(?:我是|我在|住在|家住|我家在|我们在|位于|就在|在|是|到|从|的|关于|对于|有关|叫什么|叫啥|叫做|叫|好像|"
                       r"(?:我们|俺们|咱们|我|俺|咱)(?:住|那个|这个|那|这)?(?=[\u4e00-\u9fff]{2}))")  # ("俺们花园村三组")
NOT_AN_ADDRESS = re.compile(r"匿名|保密|不说|不想|不方便|不告诉|算了|不知道|不清楚|没有|跳过|不留|实名")


def find_place(text: str, gazetteer: Gazetteer | None = None, *,
               landmarks: bool = True) -> str | None:
    """A village/community/road/landmark phrase the message gives (without the town);
    `landmarks=False`: only a phrase with an address's head (village, community, road and
    number), as a story's words may give ("学校旁边" is where, not an address)."""
    t = normalize(text)
    if NOT_AN_ADDRESS.search(t) and not _VILLAGE_RE.search(t):
        return None
    for rx in (_ROAD_RE, _VILLAGE_RE, _LANDMARK_RE) if landmarks else (_ROAD_RE, _VILLAGE_RE):
        for m in rx.finditer(t):
            cand = m.group(1)
            if rx is _VILLAGE_RE and cand.endswith("村") and t[m.end(1):m.end(1) + 1] in \
                    _NOT_AFTER_VILLAGE:
                continue  # 村委会 / 村里 / 村民 / 村干部: "the village", not a village's name
            if rx is _VILLAGE_RE and re.search(r"(?:农|乡|城|全|各|本)村$", cand):
                continue  # 农村低保 / 乡村 / 各村: no village's name
            cut = _PLACE_CUT.match(cand)
            if cut and len(cand) - cut.end() >= 3:
                cand = cand[cut.end():]
            cand = _strip_town(cand, gazetteer)
            head = re.split(r"村|社区|小区|路|街|大道|巷|旁边|对面|门口|附近|后面|边上", cand)[0]
            if len(head) < 2 or head.startswith(_NOT_PLACE_START) or _GRAMMAR.search(head) or \
                    no_place_name(head) or units_only(cand) or nameless(cand):
                continue  # (老旧小区, 三轮车停在小区: a place described, not named)
            if rx is _LANDMARK_RE and not _landmark_head(cand, t, m.start(1)):
                continue  # "咱村里修路把俺家门口": a clause, not a place's name
            return cand
    return None


_CLAUSE_WORDS = re.compile(r"[把被给让他她我你们了是和跟对向从这那个去来说要想就都也还又很没不吗呢啊过找到俺咱"
                           r"修挖填堆占拆建盖弄搞倒放停]")
_LANDMARK_WORD = re.compile(r"旁边|对面|门口|附近|后面|边上|东头|西头|下面|那块")


def _landmark_head(cand: str, text: str, start: int) -> bool:
    """A landmark phrase names a place ("卫生院门口", "粮站对面"): no clause words before the
    landmark word, and not the tail of "村里" / "镇上" ("咱村里修路把俺家门口")."""
    head = _LANDMARK_WORD.split(cand)[0]
    if start > 0 and text[start - 1] in "村镇组家" and head[:1] in _NOT_AFTER_VILLAGE:
        return False
    return not _CLAUSE_WORDS.search(head)


def _strip_town(s: str, gazetteer: Gazetteer | None) -> str:
    s = re.sub(r"^(?:江苏省)?(?:淮安市)?(?:金湖县)", "", s)
    if gazetteer is not None:
        for m in gazetteer.find(s):
            rest = s[m.span[1]:]
            if m.span[0] == 0 and rest and not re.match(r"村|社区|路|街|大道|镇", rest) and not \
                    keeps_town(rest.lstrip(" ，,、"), short_name=not re.search(r"[镇乡道办处]$", m.matched)):
                # ("闵桥老街", "银集街道口", "前锋中学": the town stays)
                return rest.lstrip(" ，,、")  # ("黎城 健康路": the place, without the pause)
    return s


def place_answer(text: str, gazetteer: Gazetteer | None) -> str | None:
    """The whole message read as an answer to "where exactly?": 建设村三组, 就在镇政府旁边."""
    t = normalize(text).strip(_STOP)
    if not t or NOT_AN_ADDRESS.search(t):
        return None
    found = find_place(t, gazetteer)
    if found:
        told = told_address(t, gazetteer)  # ("沙河村四组北边的桥头": the landmark after the 组 kept)
        return told if told and told.startswith(found) else found
    rest = _strip_town(re.sub(r"^(?:就在|在|是|地址是|住在|家住)", "", t), gazetteer)
    if 2 <= len(rest) <= 25 and _PLACE_MARK.search(rest) and not _GRAMMAR.search(rest[:2]):
        return rest
    return None


def only_a_request(text: str, gazetteer: Gazetteer | None) -> bool:
    """The message is what the citizen wants ("希望赶紧派人来收", "俺就想让镇上派人管管"), with no
    place beside it: never an address (the address is asked again; "官塘村五组 希望…" is one)."""
    t = normalize(text).strip(_STOP)
    req = find_request(t)
    if not req:
        return False
    rest = t.replace(normalize(req), "", 1).strip(_STOP)  # ("我就一个要求 把路灯修好": no place)
    return not rest or not (place_answer(rest, gazetteer) or find_place(rest, gazetteer))


# ---------------------------------------------------------------------------------- requests
_REQUEST_RE = re.compile(
    r"(?:^|[，,。.！!；;:：\s]|(?<=[我们俺家就只都也还真很了吧啊呢呀])|(?=希望(?:能|你们|政府|有关|相关|尽快|早日|赶紧|赶快|马上|快点|派人|把|给|让|领导|上级)|恳请|请(?:有关|相关)部门))((?:我们?|本人|俺们?|大家|村民们?)?(?:的)?"
    r"(?:强烈|真心|就|只|还是|都)?(?:(?:要求|诉求|请求|希望|意见|想法)是[:：]?|(?:要求|诉求|请求)[:：]|"
    r"建议|希望|要求|请求|恳请|恳求|盼望|盼着|期望|"
    r"诉求是|诉求[:：]|想让|就想让|只想让|请(?:求)?(?:政府|领导|有关部门|相关部门|你们|上级|镇上|县里)|"
    r"麻烦(?:政府|领导|你们)(?![了啦啊哈呀，,。！!\s]|$)|请帮忙|请帮我们?|能不能(?:帮|让|给|把|尽快)|"
    r"请[\u4e00-\u9fff]{1,8}?(?:局|委|所|站|部门|政府|办|中心|院|队|处|科|公司|领导|书记|镇长|县长|村里|镇上|县里)"
    r"(?=(?:来|去|尽快|马上|赶紧|帮忙|帮我们?|给我们?|好好|认真|派人)?(?:查|调查|核查|核实|处理|解决|管|整改|退|赔|修|"
    r"取缔|处罚|落实|清理|拆|督促|监督|过问|出面|协调)))[^。！!？?]{2,120})"
)


def find_request(text: str) -> str | None:
    """The clause saying what the citizen wants: 建议…, 希望…, 要求…, 请政府…"""
    t = normalize(text)
    m = _REQUEST_RE.search(t)
    if not m:
        stated = stated_request(t)  # "我就一个要求 …", "…不在一起要求把低保恢复" (voice input)
        if stated is None:
            return None
        m = re.search(re.escape(stated), t)
        if m is None:
            return None
    req = without_contact_tail(m.group(1) if m.groups() else m.group(0))
    # (a phone inside it, read aloud with no punctuation: "…停止排污我电话一三八…", cut with its words)
    start = m.start(1) if m.groups() else m.start()
    req = clean(text[start:start + len(req)])
    return req if len(req) >= 4 else None


def without_contact_tail(request: str) -> str:
    """A request without the contact details after it ("…修好，有事打我电话…" -> "…修好")."""
    return before_phone(_CONTACT_TAIL.split(request)[0]).strip(_STOP)  # (a number read aloud, nlp.phones)


# Contact details after a request ("…修好，电话139…") are not part of it.
_CONTACT_TAIL = re.compile(r"[，,。\s]+(?:有事|有情况|有消息|有结果)?(?:请|可以|就)?(?:打|拨打|联系|找)?(?:我的?|本人)?(?:联系)?"
                           r"(?:电话|手机|号码|联系方式)|[，,。\s]+(?:我叫|我是|我姓)|"
                           r"(?:我的?|本人)(?:联系)?(?:电话|手机)(?:号码?)?(?:是|为|[:：]|\d)")  # voice input


# ---------------------------------------------------------------------------------- values
@dataclass(frozen=True, slots=True)
class Value:
    field: str
    value: str


class ValueTyper:
    """What kind of value a phrase is: phone, town, name or place."""

    def __init__(self, gazetteer: Gazetteer | None, names: NameReader) -> None:
        self.gazetteer = gazetteer
        self.names = names

    def town(self, s: str) -> str | None:
        if self.gazetteer is None:
            return None
        found = self.gazetteer.find(s)
        return found[-1].town.name if found else None

    def typed(self, s: str, hint: str | None) -> Value | None:
        s = s.strip(_STOP)
        if not s:
            return None
        phones = find_spoken_phones(s, answer=True)
        if phones and hint in (None, "phone"):
            return Value("phone", phones[0].number)
        if hint == "phone":
            return None
        town = self.town(s)
        place = find_place(s, self.gazetteer) or place_answer(s, self.gazetteer)
        if hint == "address" and (place or len(s) <= 25):
            told = place_answer(s, self.gazetteer) if place else None  # (…七组西头的鱼塘边上)
            return Value("address", told if told and told.startswith(place or "") else place or s)
        if hint == "request" or hint == "description":
            return Value(hint, s)
        if hint == "town":
            return Value("town", town) if town else None
        if town and (not place or len(s) <= 6):
            return Value("town", town)
        name = self.names.find(s, bare=True)
        if name and not name.surname_only and hint in (None, "name"):
            return Value("name", name.name)
        if hint == "name":
            return Value("name", name.name) if name else None
        if place:
            return Value("address", place)
        return None


# ---------------------------------------------------------------------------------- corrections
_WRONG = r"(?:(?:写|打|输|填)?错(?:了个|了一个|个|一个)?字了?|(?:少|多)了?(?:一个|个)字|写错了?|填错了?|打错了?|输错了?|搞错了?|弄错了?|记错了?|说错了?|错了|不对|有误|有错)"
_NEW = r"(?:应该是|应是|正确的是|其实是|改成|改为|换成|更正为|更正成|是|为|叫|在)?"
_CORR = [
    # 不是A，是B / 不在A在B
    re.compile(r"不(?:是|在|叫)([^，,。！!？?\s]{1,20}?)[，,\s]*(?:而|应该|应)?(?:是|在|叫)\s*(?P<new>[^，,。！!？?]{1,30})"),
    # 是B不是A / 我叫B不是A
    re.compile(r"(?:是|叫|在)\s*(?P<new>[^，,。！!？?\s]{1,30}?)[，,\s]*(?:，|,)?(?:而)?不是([^，,。！!？?]{1,20})$"),
    # X写错了，应该是B
    re.compile(r"(?P<field>[\u4e00-\u9fff]{0,6}?)" + _WRONG + r"[了吧啊，,。\s]*(?:我家|我们家|俺家|我|俺|本人)?(?:住)?(?:应该是|应是|"
               r"正确的是|改成|改为|换成|更正为|是|为|叫)\s*(?P<new>[^。！!？?]{1,30})"),
    # 名字写错了 王建军 (the new value straight after, separated by a pause)
    re.compile(r"(?P<field>[\u4e00-\u9fff]{0,6}?)" + _WRONG + r"[了吧啊]?[，,。\s]+(?P<new>[^。！!？?\s]{2,30})$"),
    # 把X改成B / X改成B / 更正为B
    re.compile(r"(?:把|将)?(?P<field>[\u4e00-\u9fff]{0,6}?)(?:改成|改为|换成|更正为|更正成|改一下|更正一下)"
               r"[，,:：\s]*(?P<new>[^。！!？?]{1,30})"),
    # X错了，B才对 / B才对
    re.compile(r"(?P<new>[^，,。！!？?]{1,30}?)才(?:对|是对的)"),
    # X写成A了，应该是B
    re.compile(r"(?P<field>[\u4e00-\u9fff]{0,6}?)(?:写成|填成|打成|记成|弄成|写的是|填的是)(?P<old>[^，,。！!？?\s]{1,20}?)了?"
               r"[，,\s]*(?:应该是|应是|正确的是|其实是|要改成|改成|改为|是)\s*(?P<new>[^。！!？?]{1,30})"),
]


@dataclass(frozen=True, slots=True)
class Correction:
    field: str
    value: str
    old: str | None = None


def find_correction(text: str, expecting: str, typer: ValueTyper) -> Correction | None:
    """A correction that carries its new value: (field, new value[, old value])."""
    t = normalize(text).strip()
    for i, rx in enumerate(_CORR):
        m = rx.search(t)
        if not m:
            continue
        new = m.group("new").strip(_STOP)
        new = re.sub(r"(?:才对|才是对的|谢谢|吧|啊|哈)$", "", new)
        old = None
        if i in (0, 1):
            old = m.group(1 if i == 0 else 2).strip(_STOP)
        elif m.groupdict().get("old"):
            old = m.group("old").strip(_STOP)
        named = field_word(m.group("field")) if "field" in m.groupdict() and m.group("field") \
            else None
        named = named or field_word(t[: m.start("new")])
        if i in (2, 3, 4) and not named and not re.search(_WRONG + "|改成|改为|换成|更正", t) or (
                i == 3 and not named):
            continue  # (a value after a pause needs the field named: "名字写错了 王建军")
        hint = named if named in FIELDS else None
        got = typer.typed(new, hint)
        if got is None and hint is None and expecting in FIELDS:
            got = typer.typed(new, expecting)
        if got is None:
            continue
        # "不是塔集是金南": both sides must be values of the same kind
        if i in (0, 1) and old and got.field in ("town", "phone") and typer.typed(
                old, got.field) is None:
            continue
        if got.field == "description":
            continue
        return Correction(got.field, got.value, old)
    return None


# ---------------------------------------------------------------------------------- refusals
_REFUSE_AFTER = re.compile(
    r"(?:就|也|我)?(?:算了|不说了?|不讲了?|不留了?|不写了?|不填了?|保密|免了|不告诉你?|不方便(?:说|留|透露|讲|给)?|"
    r"不给|别要了|别问了|就别问了|不想说|不想留|不想给|不想讲|跳过|不透露|不提供|(?:并|也|真的)?不重要|无所谓|"
    r"你就别管了|就不用了|没必要)")
_REFUSE_BEFORE = re.compile(
    r"(?:不想|不愿意?|不方便|不便|没必要|不太想|不能|不好|(?P<bare>不))(?:说|留|告诉你?|透露|讲|给|写|填|提供|报)"
    r"(?:我的|我|你)?(?P<field>[\u4e00-\u9fff]{0,4})")
# "不留", "不想留了", "不给吧": declining whatever was asked, without naming it.
_BARE_REFUSAL = re.compile(r"(?:我|俺)?(?:就|还是|也|先)?(?:(?:不想|不愿意?|不太想|不方便)(?:留|给|说|讲|写|填|提供|告诉你?|透露)?|"
                           r"不(?:留|给|说|讲|写|填|提供|告诉你?|透露)|不用(?:留|给|写|填)?|没有?(?:电话|手机|手机号))"
                           r"(?:了|吧|啦|哈|呢)*(?:[,，]?(?:谢谢|不好意思))?")
_ANON = re.compile(r"匿名|不留名|不想留名|不署名")


def find_refusal(text: str, expecting: str) -> str | None:
    """The field the citizen declines to give ("名字就算了" -> name), "" when they decline
    whatever was asked without naming it, None when the message is no refusal."""
    t = normalize(text).strip(_STOP)
    if len(t) > 30:
        return None
    if _ANON.search(t) and expecting != "anonymous":
        return "name"
    for fm in _FIELD_RE.finditer(t):
        if _REFUSE_AFTER.match(t, fm.end()) or _REFUSE_AFTER.match(t, fm.end() + 1):
            named = _FIELD_OF[fm.group(0)]
            return named if named in FIELDS else ""
    m = _REFUSE_BEFORE.search(t)
    if m:
        f = field_word(m.group("field") or "")
        if f:
            return f
        if not m.group("bare"):  # ("老板不给报": a plain "not" needs the field named)
            return expecting if expecting in FIELDS else ""
    if re.fullmatch(r"(?:这个|这)?(?:就|我|那就)?(?:算了吧?|保密|不告诉你|不说行不行|不说行吗|不说可以吗|能不说吗|跳过吧?|免了|"
                    r"不留了?吧?|不给了?吧?|不想留|不方便留?|不填了?吧?|不写了?吧?|不留行吗|不留行不行|不留可以吗)", t) or \
            _BARE_REFUSAL.fullmatch(t):
        return expecting if expecting in FIELDS else ""
    return None


# ---------------------------------------------------------------------------------- self-corrections
_SELF_FIX = re.compile(
    r"^(?P<before>.+?)[，,。.\s]*(?:哦|噢|喔|啊|呃|哎|唉|嗯|额)*[，,\s]*"
    r"(?:(?:不对|说错了?|讲错了?|打错了?|写错了?|错了|不是不是|不是(?=[，,。\s]))[了，,。.!！\s]*)+(?:哦|噢|啊|呃)*[，,\s]*"
    r"(?:(?:我|俺|咱)们?家(?:是|在|住在?)|应该是|应是|是|在|叫|改成|我是|我叫)?\s*(?P<new>[^，,。！!？?]{1,30}?)[。.!！\s]*$")


def self_correction(text: str) -> tuple[str, str] | None:
    """A value corrected inside the same message ("三组，哦不对，是四组", "王小明不对是王晓明"):
    (what was said first, the corrected part), or None."""
    m = _SELF_FIX.match(normalize(text).strip())
    if not m:
        return None
    before, new = m.group("before").strip(_STOP), m.group("new").strip(_STOP)
    if not before or not new or before.endswith("不") or not _ONLY_FIELD.sub("", before):
        return None  # "电话不对，是…": a correction of a field, not of what was just said
    new = re.sub(r"(?:才对|吧|啊|哈|呀)$", "", new)
    return (before, new) if new else None


_ONLY_FIELD = re.compile(_FIELD_RE.pattern + r"|我的?|你们?|刚才|刚刚|那个|这个|的|上面|前面")


# Units of an address, largest first within the same phrase: a corrected part replaces the
# part of the same kind ("光明村五组" + "六组" -> "光明村六组"), the rest stays.
_NUMBERED = r"[0-9一二三四五六七八九十百零〇两]+"
_UNIT_RE = re.compile(
    rf"({_NUMBERED}(?:号楼|单元|组|队|号|栋|幢|室|楼|排)|[^，,。\s]*?(?:街道|社区|小区|新村|花园|家园|镇|乡|村|路|街|巷|大道))")


def _units(s: str) -> list[tuple[int, int, str]]:
    """(start, end, marker) of every unit of an address phrase, in order."""
    out = []
    for m in _UNIT_RE.finditer(s):
        unit = m.group(1)
        marker = re.search(r"(号楼|单元|街道|社区|小区|新村|花园|家园|大道|组|队|号|栋|幢|室|楼|排|镇|乡|村|路|街|巷)$",
                           unit)
        if marker:
            out.append((m.start(1), m.end(1), marker.group(1)))
    return out


def splice(old: str, new: str, wrong: str | None = None) -> str:
    """`old` with its part corrected by `new`: the part said to be wrong (`wrong`) when `old`
    holds it, else the part of the same kind as `new`'s first unit (a village for a village, a
    组 for a 组); `new` whole when it is no such part."""
    new_units = _units(new)
    kept = old.replace(wrong, "", 1) if wrong and wrong in old and wrong != old else None
    if kept and len(kept) >= 2 and kept in new:
        return new  # "是陈桥新村十二排 不是二排": the new value carries the rest of the place
    if wrong and wrong in old and wrong != old and len(new_units) <= 1:
        return old.replace(wrong, new, 1)
    if wrong and len(new_units) == 1 and new_units[0][:2] == (0, len(new)):
        # "是环城西路 不是环城东路" when the road was never stored: only that part was wrong, so
        # the part goes in its place by rank (a road before the estate), the rest stays
        placed = _placed(old, new, new_units[0][2], _units(wrong))
        if placed is not None:
            return placed
    if not new_units or new_units[0][0] != 0:
        return new
    marker = new_units[0][2]
    same = [u for u in _units(old) if u[2] == marker]
    if not same:
        return new
    start, end, _ = same[-1]
    if len(new_units) > 1:  # "周湾村四组" for "周湾村三组": from that part onwards
        return old[:start] + new
    return old[:start] + new + old[end:]


# How coarse a unit of an address is: a town, then a village / road, an estate, a building or 组.
_RANK = {"镇": 0, "乡": 0, "街道": 0, "村": 1, "社区": 1, "路": 1, "街": 1, "巷": 1, "大道": 1,
         "小区": 2, "新村": 2, "花园": 2, "家园": 2}


def _placed(old: str, new: str, marker: str, wrong: list[tuple[int, int, str]]) -> str | None:
    """`old` with the unit `new` put in by its rank, when the part said to be wrong is of the
    same kind and `old` has no unit of that kind (else None: the handlers replace it whole)."""
    units = _units(old)
    if not units or [u[2] for u in wrong] != [marker] or any(u[2] == marker for u in units):
        return None
    rank = _RANK.get(marker, 3)
    for start, _, m in units:
        if _RANK.get(m, 3) > rank:
            return old[:start] + new + old[start:]
    return None
