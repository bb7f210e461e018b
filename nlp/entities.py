"""Entity extraction for the intake dialog: phones, ID numbers, towns, money, dates, names.

Pure functions over text (no I/O except `Gazetteer.from_toml`, which reads the county's town
list from config/). Everything is tolerant of how people type on phones: full-width digits and
punctuation, spaces and dashes inside numbers, a +86 prefix.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from nlp.configfile import read_toml

# --------------------------------------------------------------------------------------------
# Normalization


# Full-width ASCII (U+FF01..U+FF5E) -> ASCII, ideographic space -> space, every dash -> "-".
_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FOLD[0x3000] = ord(" ")
_FOLD.update(dict.fromkeys(map(ord, "‐‑‒–—―－﹣−"), ord("-")))


# str.translate looks every character up in the dict (slow for CJK text); a message holds few
# characters to fold ("，" mostly), so replacing just those is several times cheaper.
_FOLD_STR = {chr(k): chr(v) for k, v in _FOLD.items()}
_FOLD_RE = re.compile("[" + "".join(map(re.escape, _FOLD_STR)) + "]")


@functools.lru_cache(maxsize=256)  # one message is normalized by every finder it goes through
def normalize(text: str) -> str:
    """Full-width digits, letters and punctuation to ASCII, one kind of space and dash.

    Length-preserving on purpose: a span found in the normalized text is the same span in the
    original, so what the citizen wrote can be kept exactly as written (with its "，").
    Same as `text.translate(_FOLD)`.
    """
    if text.isascii():  # nothing to fold: every key of _FOLD is outside ASCII
        return text
    for c in set(_FOLD_RE.findall(text)):
        text = text.replace(c, _FOLD_STR[c])  # folds to ASCII, which is never folded again
    return text


# --------------------------------------------------------------------------------------------
# Phone numbers


@dataclass(frozen=True, slots=True)
class Phone:
    number: str  # normalized: "13912345678" (mobile) or "0517-86901234" (landline)
    kind: str  # "mobile" | "landline"
    span: tuple[int, int]  # in the normalized text


_COUNTRY = r"(?:(?:\+|00)\s?86[\s-]?|(?<!\d)86[\s-]?)?"
# A separator is at most one space or dash between digits ("139 1234 5678", "139-1234-5678").
# Not after "+" unless it is +86: "+15551234567" is a number abroad, not 155-5123-4567.
_MOBILE_RE = re.compile(r"(?<![\d+-])" + _COUNTRY + r"(1[3-9](?:[\s-]?\d){9})(?!\d)", re.ASCII)
# Jinhu is in Huai'an (area code 0517); local numbers there have 8 digits.
_LANDLINE_RE = re.compile(
    r"(?<![\d+-])" + _COUNTRY + r"(\(?0517\)?(?:[\s-]?\d){8})(?!\d)", re.ASCII)
# A bare local landline ("86901234") is only accepted when it is the whole answer.
_LOCAL_RE = re.compile(r"^\s*([2-9](?:[\s-]?\d){7})\s*$", re.ASCII)
_DIGITS_RE = re.compile(r"\d", re.ASCII)


# Some people type a number in Chinese digits ("一三九…", "幺" for 1 as it is spoken).
_CN_DIGIT = str.maketrans("零〇一幺二三四五六七八九", "001123456789")
_CN_DIGIT_RUN = re.compile(r"[零〇一幺二三四五六七八九]{7,}")
# Every phone pattern needs an ASCII digit once Chinese digit runs are read: most messages have
# none, and one scan for this is cheaper than the three patterns.
_PHONE_HINT = re.compile(r"[0-9]|[零〇一幺二三四五六七八九]{7}")


def _cn_run_digits(m: re.Match[str]) -> str:
    return m.group(0).translate(_CN_DIGIT)


def _digits(s: str) -> str:
    return "".join(_DIGITS_RE.findall(s))


def find_phones(text: str, *, assume_local: bool = False) -> list[Phone]:
    """Mainland mobiles and 0517 landlines in `text`, normalized, in order of appearance.

    `assume_local`: the whole message is an answer to "your phone number?", so a bare
    8-digit number is read as a 0517 landline.
    """
    t = normalize(text)
    if not _PHONE_HINT.search(t):
        return []
    t = _CN_DIGIT_RUN.sub(_cn_run_digits, t)
    found: list[Phone] = []
    taken: list[tuple[int, int]] = []
    for m in _MOBILE_RE.finditer(t):
        found.append(Phone(_digits(m.group(1)), "mobile", m.span()))
        taken.append(m.span())
    for m in _LANDLINE_RE.finditer(t) if "0517" in t else ():  # the pattern holds "0517"
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        local = _digits(m.group(1))[4:]
        found.append(Phone("0517-" + local, "landline", m.span()))
    if not found and assume_local:
        bare = _LOCAL_RE.match(t)
        if bare:
            found.append(Phone("0517-" + _digits(bare.group(1)), "landline", bare.span(1)))
    found.sort(key=lambda p: p.span)
    return found


def normalize_phone(text: str) -> str | None:
    """The one normalized phone number that `text` consists of, or None."""
    phones = find_phones(text, assume_local=True)
    return phones[0].number if len(phones) == 1 else None


def phone_problem(text: str) -> str | None:
    """Why `text` (an answer to the phone question) is not a valid number, as a reason key.

    Keys (prompts.toml has a sentence for each): "mobile_length", "other_area", "no_digits",
    "unknown". None when the text holds a valid number.
    """
    if find_phones(text, assume_local=True):
        return None
    d = _digits(_CN_DIGIT_RUN.sub(_cn_run_digits, normalize(text)))
    if d.startswith("0086"):
        d = d[4:]
    elif d.startswith("86") and len(d) > 11:
        d = d[2:]
    if not d:
        return "no_digits"
    if d.startswith("1"):
        return "mobile_length"
    if d.startswith("0") and not d.startswith("0517"):
        return "other_area"
    return "unknown"


def mask_phone(number: str) -> str:
    """For display back to the citizen in places others may see (e.g. a shared screen)."""
    d = _digits(number)
    if len(d) == 11 and d.startswith("1"):
        return d[:3] + "****" + d[-4:]
    return number[:-4] + "****" if len(number) > 4 else number


# --------------------------------------------------------------------------------------------
# Resident ID numbers (GB 11643-1999)


_ID_RE = re.compile(r"(?<![\dA-Za-z])(\d{17}[\dXx])(?![\dA-Za-z])", re.ASCII)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
# _ID_RE needs 17 digits in a row; this finds whether there are any in one quick scan (most
# messages have none) where _ID_RE tries its look-behind at every character.
_ID_HINT = re.compile(r"[0-9]{17}")


def id_checksum_ok(number: str) -> bool:
    n = number.upper()
    if len(n) != 18 or not (n[:17].isascii() and n[:17].isdigit()):
        return False
    total = sum(int(c) * w for c, w in zip(n[:17], _ID_WEIGHTS, strict=True))
    if _ID_CHECK[total % 11] != n[17]:
        return False
    try:
        born = date(int(n[6:10]), int(n[10:12]), int(n[12:14]))
    except ValueError:
        return False
    return born.year >= 1900


def find_ids(text: str) -> list[str]:
    """Valid 18-digit resident ID numbers in `text` (checksum and birth date checked)."""
    t = normalize(text).replace(" ", "")
    if not _ID_HINT.search(t):
        return []
    return [m.group(1).upper() for m in _ID_RE.finditer(t) if id_checksum_ok(m.group(1))]


def mask_id(number: str) -> str:
    """Keep the region (6) and last 4 characters: 320831********123X."""
    n = normalize(number).strip().upper()
    if len(n) != 18:
        return "*" * len(n)
    return n[:6] + "*" * 8 + n[-4:]


def mask_ids(text: str) -> str:
    """`text` with every valid ID number masked (for summaries shown back and for logs)."""
    t = normalize(text)
    if not _ID_HINT.search(t):
        return text
    out, pos = [], 0
    for m in _ID_RE.finditer(t):
        if id_checksum_ok(m.group(1)):
            out += [text[pos : m.start(1)], mask_id(m.group(1))]
            pos = m.end(1)
    out.append(text[pos:])
    return "".join(out)


# --------------------------------------------------------------------------------------------
# Towns


@dataclass(frozen=True, slots=True)
class Town:
    name: str  # today's official name, e.g. "金北街道"
    short: str  # what people say, e.g. "金北"
    old_names: tuple[str, ...]  # e.g. ("陈桥",) for places merged into it
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class TownMention:
    town: Town
    matched: str  # the words in the text, e.g. "陈桥镇"
    old_name: bool  # the citizen used a former name
    span: tuple[int, int]


_ADMIN_SUFFIXES = ("街道办事处", "街道办", "街道", "镇", "乡")


class Gazetteer:
    """The county's towns and streets with the names citizens still use for them."""

    def __init__(self, towns: Iterable[Town], *, county: tuple[float, float], radius_km: float):
        self.towns = tuple(towns)
        if not self.towns:
            raise ValueError("gazetteer: no towns")
        self.county = county
        self.radius_km = radius_km
        aliases: dict[str, tuple[Town, bool]] = {}
        for t in self.towns:
            for alias, old in [(t.name, False), (t.short, False)] + [(o, True) for o in t.old_names]:
                base = alias
                for suf in _ADMIN_SUFFIXES:
                    if alias.endswith(suf) and len(alias) > len(suf) + 1:
                        base = alias[: -len(suf)]
                        break
                for form in {alias, base, *(base + s for s in _ADMIN_SUFFIXES)}:
                    if form in aliases and aliases[form][0] is not t:
                        raise ValueError(f"gazetteer: name {form!r} is ambiguous")
                    aliases.setdefault(form, (t, old))
        # Longest first so that "金北街道" wins over "金北" and "银集镇" over "银集".
        self._aliases = sorted(aliases.items(), key=lambda kv: -len(kv[0]))
        self._re = re.compile("|".join(re.escape(a) for a, _ in self._aliases))
        self._by_alias = dict(aliases)

    @classmethod
    def from_toml(cls, path: Path) -> Gazetteer:
        raw = read_toml(path, error=lambda why: ValueError(f"cannot read the gazetteer: {why}"))
        try:
            county = raw["county"]
            towns = [
                Town(
                    name=str(t["name"]),
                    short=str(t.get("short", t["name"])),
                    old_names=tuple(str(o) for o in t.get("old_names", ())),
                    lat=float(t["lat"]),
                    lon=float(t["lon"]),
                )
                for t in raw["towns"]
            ]
            return cls(
                towns,
                county=(float(county["lat"]), float(county["lon"])),
                radius_km=float(county.get("radius_km", 40)),
            )
        except (KeyError, TypeError, ValueError) as e:
            raise ValueError(f"{path}: malformed gazetteer ({e!r})") from e

    def find(self, text: str) -> list[TownMention]:
        t = normalize(text)
        out = []
        for m in self._re.finditer(t):
            town, old = self._by_alias[m.group(0)]
            out.append(TownMention(town, m.group(0), old, m.span()))
        return out

    def by_name(self, name: str) -> Town | None:
        hit = self._by_alias.get(normalize(name).strip())
        return hit[0] if hit else None

    def nearest(self, lat: float, lon: float) -> tuple[Town, float]:
        """The town whose centre is closest to the point, and the distance in km."""
        best = min(self.towns, key=lambda t: haversine_km(lat, lon, t.lat, t.lon))
        return best, haversine_km(lat, lon, best.lat, best.lon)

    def in_county(self, lat: float, lon: float) -> bool:
        return haversine_km(lat, lon, *self.county) <= self.radius_km


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    r = 6371.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(min(1.0, math.sqrt(a)))


# --------------------------------------------------------------------------------------------
# Chinese numerals, money


_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10_000, "亿": 100_000_000}


def cn_number(s: str) -> int | None:
    """Value of a Chinese numeral such as 三万五千, 十二, 两百, 一万二 (colloquial tail)."""
    if not s or any(c not in _CN_DIGITS and c not in _CN_UNITS and c not in _CN_BIG for c in s):
        return None
    total, section, digit = 0, 0, None
    last_unit = 1
    for c in s:
        if c in _CN_DIGITS:
            digit = _CN_DIGITS[c]
        elif c in _CN_UNITS:
            section += (1 if digit is None else digit) * _CN_UNITS[c]
            last_unit = _CN_UNITS[c]
            digit = None
        else:
            total += (section + (digit or 0)) * _CN_BIG[c]
            last_unit = _CN_BIG[c]
            section, digit = 0, None
    if digit is not None:
        # "一万二" = 12000 and "三千五" = 3500: a trailing digit counts in the next lower unit.
        section += digit * (last_unit // 10 if last_unit >= 10 and s[-2] not in _CN_DIGITS else 1)
    return total + section


@dataclass(frozen=True, slots=True)
class Money:
    amount: Decimal  # yuan
    text: str


_MONEY_RE = re.compile(
    r"(\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千万亿]+)\s*(万|千|百)?\s*(元|块钱|块|万元|人民币)", re.ASCII)


def find_money(text: str) -> list[Money]:
    out = []
    for m in _MONEY_RE.finditer(normalize(text)):
        num, unit, cur = m.groups()
        value: Decimal | None
        if num[0].isdigit():
            value = Decimal(num)
        else:
            n = cn_number(num)
            value = Decimal(n) if n is not None else None
        if value is None:
            continue
        mult = {"万": 10_000, "千": 1000, "百": 100}.get(unit or "", 1)
        if cur == "万元":
            mult *= 10_000
        out.append(Money(value * mult, m.group(0)))
    return out


# --------------------------------------------------------------------------------------------
# Dates


@dataclass(frozen=True, slots=True)
class DateMention:
    text: str
    day: date | None  # exact date when the text names one
    month: tuple[int, int] | None  # (year, month) when only the month is known


_NUM = r"(\d{1,4}|[〇零一二两三四五六七八九十]{1,4})"
_FULL_DATE_RE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?", re.ASCII)
_MONTH_DAY_RE = re.compile(r"(今年|去年|前年)?" + _NUM + r"月(?:份)?(?:" + _NUM + r"[日号])?", re.ASCII)
_RELATIVE = {"今天": 0, "昨天": -1, "前天": -2, "大前天": -3}


def _num(s: str) -> int | None:
    return int(s) if s.isdigit() else cn_number(s)


def find_dates(text: str, today: date) -> list[DateMention]:
    t = normalize(text)
    out: list[DateMention] = []
    used: list[tuple[int, int]] = []
    for m in _FULL_DATE_RE.finditer(t):
        try:
            d = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            continue
        out.append(DateMention(m.group(0), d, (d.year, d.month)))
        used.append(m.span())
    for m in _MONTH_DAY_RE.finditer(t):
        if any(a <= m.start() < b for a, b in used):
            continue
        month = _num(m.group(2))
        if month is None or not 1 <= month <= 12:
            continue
        year = today.year - {"去年": 1, "前年": 2}.get(m.group(1) or "", 0)
        if not m.group(1) and month > today.month:
            year -= 1  # "10月" said in March means last October
        day = None
        if m.group(3):
            dn = _num(m.group(3))
            try:
                day = date(year, month, dn) if dn else None
            except ValueError:
                day = None
        out.append(DateMention(m.group(0), day, (year, month)))
    for word in sorted(_RELATIVE, key=len, reverse=True):
        i = t.find(word)
        if i >= 0 and not any(a <= i < b for a, b in used):
            d = today + timedelta(days=_RELATIVE[word])
            out.append(DateMention(word, d, (d.year, d.month)))
            used.append((i, i + len(word)))
    if "上个月" in t or "上月" in t:
        y, mth = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
        out.append(DateMention("上个月" if "上个月" in t else "上月", None, (y, mth)))
    return out


# --------------------------------------------------------------------------------------------
# Names


# The most common Chinese surnames (single and compound); a bare answer to "your name?" must
# start with one of these, so that "不知道" or "村民" is not taken for a name.
SURNAMES_COMPOUND = (
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文",
    "司徒", "夏侯", "令狐", "端木", "独孤", "南宫", "西门", "轩辕", "呼延", "澹台", "申屠",
)
SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶"
    "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾"
    "毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关"
    "兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻"
    "祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿"
    "桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝封钭"
)
# Words that follow 我是 but are not names.
_NOT_NAMES = (
    "本人", "村民", "居民", "群众", "老百姓", "农民", "工人", "家长", "业主", "租户", "职工",
    "员工", "老师", "学生", "司机", "个体户", "退休", "本地人", "外地人", "党员", "干部",
    "病人", "患者", "他的", "她的", "他们", "我们", "这里", "那里", "哪里", "什么", "来",
    "想", "要", "问", "说", "在", "从", "不", "没", "有", "也", "就", "真", "实名", "匿名",
    "金湖", "谁",
)
# Everyday words that happen to start with a surname character ("明白", "高兴", "方便").
_COMMON_WORDS = frozenset(
    (
        "明白", "明天", "明年", "白天", "高兴", "方便", "安全", "文明", "时间", "马上", "金湖", "江苏", "淮安", "常常",
        "平安", "包括", "关于", "和平", "向上", "于是", "万一", "方法", "周末", "司机", "高速", "路上", "路口", "路边",
        "应该", "应当", "邵伯", "甘心", "孔子", "毛病", "牛奶", "石头", "龙虾", "钱包", "钱财", "江边", "湖边", "河边",
        "黄色", "红色", "蓝色", "白色", "金色", "车子", "车辆", "房子", "房屋", "田地", "宋朝", "汤圆", "温度", "康复",
        "安排", "安静", "齐全", "施工", "单位", "单独", "成本", "成绩", "成立", "程序", "管理", "管道", "柴油", "苗木",
        "谷子", "盛世", "任务", "任何", "任意", "于今", "戴帽", "邢台", "易懂", "乔迁", "余额", "杜绝", "叶子", "魏国",
        "吕良", "丁点", "卢沟", "姜汤", "崔嵬", "钟点", "谭家", "陆续", "汪洋", "范围", "廖廓", "贾家", "夏天", "夏季",
        "韦家", "付款", "付钱", "方向", "方面", "白白", "邹家", "孟冬", "熊猫", "秦朝", "邱家", "尹家", "薛家", "闫家",
        "段落", "雷雨", "侯车", "龙头", "史料", "陶瓷", "贺喜", "顾客", "毛巾", "郝家", "龚家", "邵家", "万元", "钱款",
        "严重", "覃家", "武警", "戴着", "莫非", "孔洞", "向来", "汤水", "常用", "温馨", "康庄", "施肥", "文件", "牛棚",
        "樊家", "葛根", "邢家", "安装", "易燃", "乔木", "伍家", "庞大", "颜色", "倪家", "庄稼", "聂家", "章程", "鲁莽",
        "岳母", "翟家", "殷勤", "詹家", "申请", "申诉", "欧洲", "耿直", "关心", "关注", "关门", "兰花", "焦急", "俞家",
        "左边", "柳树", "甘肃", "祝福", "包工", "宁可", "尚未", "符合", "舒服", "阮家", "柯家", "纪律", "梅雨", "童年",
        "凌晨", "毕业", "单子", "季节", "裴家", "霍乱", "涂料", "成年", "苗头", "谷物", "盛大", "曲折", "翁家", "冉家",
        "骆驼", "蓝天", "路灯", "辛苦", "靳家", "管子", "柴火", "蒙古", "鲍鱼", "华人", "喻家", "祁连", "蒲公", "房产",
        "滕家", "屈服", "饶恕", "解决", "牟利", "艾滋", "尤其", "阳光", "时候", "穆斯", "农民", "农村", "农业", "司法",
        "卓越", "古代", "吉祥", "缪斯", "简单", "车库", "项目", "连续", "芦苇", "麦子", "褚家", "娄底", "窦家", "戚家",
        "岑寂", "党员", "宫殿", "费用", "卜卦", "冷水", "晏家", "席位", "卫生", "米饭", "柏油", "宗教", "瞿家", "桂花",
        "全部", "全家", "佟家", "应急", "臧家", "闵行", "苟且", "邬家", "边上", "卞家", "姬家", "师傅", "和好", "仇人",
        "栾家", "隋朝", "商店", "商量", "刁难", "沙子", "巫师", "寇家", "桑树", "郎中", "甄别", "丛林", "仲裁", "虞家",
        "敖包", "巩固", "明确", "佘家", "池塘", "查询", "查看", "查一", "麻烦", "苑家", "迟到", "邝家", "封闭", "钭家",
        "陈旧", "黄金", "赵家", "吴家", "周围", "徐徐", "孙子", "马路", "胡同", "郭家", "何时", "高楼", "林业", "罗列",
        "郑重", "梁上", "谢谢", "宋家", "唐朝", "许可", "韩国", "冯家", "邓家", "曹家", "彭家", "曾经", "肖家", "田间",
        "董事", "袁家", "潘家", "于此", "蒋家", "蔡家", "余下", "杜鹃", "叶片", "程度", "苏醒", "魏家", "丁香", "任由",
        "沈家", "姚家", "卢家", "姜家", "崔家", "钟表", "谭家", "陆地", "汪汪", "范例", "金额", "石油", "廖家", "贾家",
        "夏令", "韦家", "方才", "白菜", "邹家", "孟家", "熊家", "秦家", "江水", "尹家", "薛家", "段时", "雷家", "侯家",
        "龙家",
    )
)
_NAME_TAIL = re.compile(r"(电话|手机|联系|住在|家住|住|今年|来自|是|的|在|从|想|要|反映|号码).*$")
_NAME_INTRO = re.compile(
    r"(?:我叫|我的名字(?:是|叫)|名字(?:是|叫)|姓名[是:：]?|本人姓名[是:：]?|联系人[是:：]?|我是|本人)"
    r"\s*([\u4e00-\u9fff·]{2,6})"
)
_CALL_ME = re.compile(r"叫我([老小])([\u4e00-\u9fff])")
_SURNAME_INTRO = re.compile(r"(?:免贵姓|我姓|本人姓|^姓|[，,。\s]姓)\s*([\u4e00-\u9fff]{1,2}?)(?=[，,。.！!\s]|$|[，,]|先生|女士|名)")


@dataclass(frozen=True, slots=True)
class NameMention:
    name: str  # full name, or the surname alone when only that was given
    surname_only: bool
    span: tuple[int, int]


def _surname_of(s: str) -> str | None:
    if s[:2] in SURNAMES_COMPOUND:
        return s[:2]
    if s[:1] in SURNAMES:
        return s[:1]
    return None


_NAME_PART = re.compile(r"[\u4e00-\u9fff]{1,6}")
_BARE_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}")
# A name holds none of the _NOT_NAMES of two characters or more (one scan instead of a loop).
_NOT_NAME_IN = re.compile("|".join(re.escape(w) for w in _NOT_NAMES if len(w) >= 2))


def plausible_name(s: str) -> bool:
    """A bare answer like "张三", "欧阳娜娜", "阿依古丽·买买提" (with the middle dot)."""
    s = s.strip()
    if "·" in s:
        parts = s.split("·")
        return all(_NAME_PART.fullmatch(p) for p in parts) and len(s) <= 15
    if not _BARE_NAME.fullmatch(s) or s in _COMMON_WORDS:
        return False
    if _NOT_NAME_IN.search(s):
        return False
    if s[-1] in "的了吗呢吧啊呀镇村区县市路街组":
        return False
    return _surname_of(s) is not None


def find_name(text: str) -> NameMention | None:
    """A name the citizen gives for themselves: 我叫X, 我是X, 名字是X, 姓X / 免贵姓X."""
    t = normalize(text)
    for m in _NAME_INTRO.finditer(t):
        raw = _NAME_TAIL.sub("", m.group(1))
        intro = m.group(0)[: m.start(1) - m.start()]
        for n in (4, 3, 2):
            cand = raw[:n]
            if intro.startswith(("我是", "本人")):
                # 我是 is also "我是塔集的" / "我是村民": demand a clean end after the name.
                end = m.start(1) + len(cand)
                if end < len(t) and t[end] not in "，,。.！!；;、 \n先女":
                    continue
            if plausible_name(cand):
                return NameMention(cand, False, (m.start(), m.start(1) + len(cand)))
    m3 = _CALL_ME.search(t) if "叫我" in t else None
    if m3 and m3.group(2) in SURNAMES:
        return NameMention(m3.group(1) + m3.group(2), True, m3.span())
    m2 = _SURNAME_INTRO.search(t) if "姓" in t else None  # in every branch of the pattern
    if m2:
        s = m2.group(1)
        if _surname_of(s) == s:
            end = m2.end(1)
            for suffix in ("先生", "女士"):
                if t.startswith(suffix, end):
                    end += len(suffix)
            return NameMention(s, True, (m2.start(), end))
    return None
