"""What a citizen's account of their matter says, and the account cleaned for the case record.

`gaps(text)` names what a department would still need (what happened, where or whom it
concerns, since when, what was tried); `thin(text)` says whether the account is too thin to
send on without asking. `clean(text)` removes greetings, contact details and talk about the
conversation itself ("我想反映个事", "说完了") from the citizen's own words, and nothing else:
the account is never paraphrased.
"""

from __future__ import annotations

import re

from nlp.entities import normalize, plausible_name
from nlp.hanzi import cjk_count
from nlp.interjection import without_exclamation
from nlp.letter import DATE as _DATE
from nlp.letter import without_closing
from nlp.phones import _RUN, spoken_to_digits
from nlp.self_intro import without_self_introduction

ASPECTS = ("what", "where", "since", "tried")

# (times of day say when it happens, not since when: 晚上 is no "since")
_SINCE = re.compile(r"年|月|日|号|天|周|礼拜|星期|以来|开始|至今|一直|好几|半年|去年|今年|前年|最近|昨天|"
                    r"前天|上个月|小时|多久|经常|每次|总是|老是|到现在|到如今")
_WHERE = re.compile(r"村|镇|街道|路|街|巷|小区|社区|厂|公司|学校|医院|卫生院|店|超市|市场|门口|家|老板|物业|"
                    r"村委|村干部|干部|单位|部门|邻居|他|她|对方|包工头|饭店|工地|河|沟|塘|田|地里|楼")
# (没人管 / 不管 is a complaint, not something the citizen tried)
_TRIED = re.compile(r"找过|反映过|打过|报过|问过|去过|投诉过|联系过|说过|讲过|(?:跟|和|给|向)[^，,。]{1,6}(?:说|讲)了|"
                    r"告诉过|报警|起诉|12345|"
                    r"推来推去|踢皮球|两边推|互相推|推给|说是|(?:他|她|他们|她们|人家)(?:说|讲)|没用|没有用|答复|处理过|找了|问了|报了|打了|反映了|要了|催了|去了")
_EVENT = re.compile(r"了|被|没|不|有人|坏|占|欠|拖|打|吵|臭|排|堵|漏|塌|破|乱|收|扣|停|断|污|烧|骗|偷|拆|挖|"
                    r"倒|淹|裂|脏|黑|响|闹|卖|罚|违|超|差|难|少|多|有问题|出问题|不准|事故|纠纷|矛盾|欺负|骂|威胁|坑|"
                    r"灌|熏|呛|油烟|噪音|噪声")
_FEELING_ONLY = re.compile(r"^(?:我|我们|大家)?(?:很|太|真|好|特别|非常)?(?:生气|着急|难受|无奈|委屈|气愤|"
                           r"烦|难|苦|累|没办法|受不了)(?:了|啊|呀)?$")


# A complaint about no one acting, with no event in it ("垃圾没人管", "那个事一直没人管"): not
# what happened.
_COMPLAINT = re.compile(r"(?:一直|还是|也|都|根本|从来)?(?:没人|没有人|无人)(?:管|问|理|处理|过问|来管|来问)|"
                        r"(?:一直|还是|也|都|还|根本)?没(?:有)?(?:解决|处理|落实|回复|答复|结果|下文|动静|人理)|"
                        r"(?:一直|还|都|就)(?:这么)?拖着|"
                        r"(?:一直|还是|也|都|根本|从来)?(?:不管|不理|不问|不处理)(?:不问)?|不像话|太不像样|太差了?")


# Someone acted on the citizen or withheld something (an act), or a party named (only a party acts).
_ACTS = (r"停掉|停了|停发|少发|少给|没通知|取消|"
         # a thing due withheld (没涨, 没批下来, 没到账, 一分没补): someone decided it
         r"没(?:有|再)?(?:涨|调|批|补|分|退|报|发|到账|兑现|落实|交|给交|缴|拿到|领到|收到)|断了|"
         r"拖了|拖欠|涨价|涨到|排到|排进|排在|"
         r"欠|扣|没结|不结|不给|不发|没发|没给|跑了|倒进|倒在|占|罚|收费|收了|"
         r"打伤|打了|骂|拆|砍|卖给|骗|辞退|开除|不退|不还|不让|不批")
_PARTY_ACT = re.compile(_ACTS)
_PARTY_ACTS = re.compile(_ACTS + r"|排|推|"
                         r"老板|包工头|厂里|厂子|化工厂|公司|物业|开发商|村里|村委|村干部|镇上|干部|部门|单位|"
                         r"交警|城管|执法|学校|医院|邻居|对方|他们|他家")


def gaps(text: str) -> list[str]:
    """The aspects of ASPECTS the account does not cover, in that order."""
    t = normalize(text)
    out = []
    body = without_self_introduction(t)  # (who the citizen is and where they live: no event)
    cjk = cjk_count(body)
    if cjk < 4 or not _EVENT.search(_COMPLAINT.sub("", body)) or _FEELING_ONLY.match(body.strip("，,。.！!？? ")):
        out.append("what")
    if not _WHERE.search(t):
        out.append("where")
    if not _SINCE.search(t):
        out.append("since")
    if not _TRIED.search(t):
        out.append("tried")
    return out


# Asking this intake for someone to talk to ("你们找个人跟我说"): not an account of whom they went to.
_ASKS_CONTACT = re.compile(r"你们|您|转人工|人工|真人|客服|跟我|和我|给我打|联系我|回电话|回个电话")


def tells_whom_they_went_to(text: str) -> bool:
    """The message says whom the citizen went to and what they were told ("找车间主任 他说系统里就
    这么多 让我们自己找人事"), and asks this intake for no one: the answer to "之前找过谁？"."""
    return "tried" not in gaps(text) and not _ASKS_CONTACT.search(text)


def thin(text: str) -> bool:
    """Too short, no event, only a feeling or a question, or a short account that says neither
    since when nor what was tried: a clerk would ask before going on."""
    t = normalize(text)
    cjk = cjk_count(t)
    missing = gaps(t)
    if "what" in missing:
        return True
    if cjk < 20 and len(missing) >= 2:
        return True
    return cjk < THIN_CHARS and "since" in missing and "tried" in missing


THIN_CHARS = 40  # ideographs: a shorter account saying neither since when nor what was tried is thin


def follow_up_aspect(text: str, asked: int) -> str | None:
    """What to ask about an account after `asked` follow-ups (None: nothing more): the first
    follow-up asks for the first gap of a thin account, or what was tried when a full one does
    not say; a later one for what is still missing of what
    happened, since when and what was tried (both of the last two in one question)."""
    missing = gaps(text)
    if asked == 0:
        if missing and thin(text):
            return missing[0]
        # An account of what someone did or withheld that does not say what was tried: a
        # department needs it (whom they went to and what they were told), and citizens often
        # have it to tell ("找过总包 总包说…"). A long one names the party or the act; a shorter
        # one is asked when it tells the act itself (低保给停掉了, 老板欠了三个月工资, 就他没涨);
        # a short one of a thing broken (路灯坏了三个月，晚上黑漆漆的) needs no more.
        t = normalize(text)
        acted = _PARTY_ACTS if cjk_count(t) >= THIN_CHARS else _PARTY_ACT
        return "tried" if "tried" in missing and acted.search(t) else None
    left = [a for a in missing if a != "where"]  # (the place is asked for by its own questions)
    if not left:
        return None
    if "since" in left and "tried" in left and "what" not in left:
        return "since_tried"
    return left[0]


_GREETING = re.compile(r"^(?:(?:(?:尊敬|敬爱)的[^，,。：:！!\s]{0,10}?(?:(?:领导|同志|书记|县长|镇长|主任|局长|工作人员|"
                       r"政府)们?)+(?:你们?好|您好|好)?|各位领导(?:你们?好|您好|好)?|"
                       r"(?:各位)?(?:县长|镇长|书记|局长|主任|领导)们?(?:你们?好|您好|好)(?=[，,。.！!:：\s])|你好|您好|你们好|领导们?好|领导你好|"
                       r"领导您好|同志你好|同志|喂|在吗|在不在|哈喽|早上好|下午好|"
                       r"(?:谢谢|多谢|感谢)(?:你们?|您|领导)?(?:啊|了|哈|呀)?(?=[，,。.！!\s])|"
                       r"晚上好|打扰(?:你们?|您)?了|打扰一下|麻烦(?:你们?|您)了|麻烦问一下)[啊呀，,。.！!:：\s]*)+")
_TO_YOU = r"(?:跟|和|给|向|同)?(?:你|您|你们|您们|领导|政府)?"
_META_HEAD = re.compile(r"^(?:我|俺|本人)?(?:想|要|来)?" + _TO_YOU + r"(?:反映|投诉|举报|咨询|说|讲|问|报告|求助)"
                        r"(?:一下|一个|个|件)?(?:事儿|事情?|问题|情况)?(?:哈|啊|呀|吧|嘛|哦)?(?:[，,。:：！!\s]+|$)"
                        r"|^(?:我|俺|本人)?(?:想|要|来)?(?:反映|投诉|举报|说)一下(?!问题|事情?|情况)"
                        r"|^(?:我|俺)?(?:还要|还得|还想|再|另外|还有|我再)?补充(?:一点|一下|几句|一句|个情况|点)?(?:情况)?"
                        r"(?:[，,。:：！!\s]+|$)")
# A whole message that only announces a matter: "我想反映一下我们组的问题", "说个事情".
_META_ONLY = re.compile(r"^(?:我|俺|本人)?(?:想|要|来)?" + _TO_YOU + r"(?:反映|投诉|举报|咨询|说|讲|问|报告|求助)(?:一下)?"
                        r"(?:我们|俺们|咱们)?(?:村|组|小区|社区|这里|这边|家里|单位)?(?:里)?的?"
                        r"(?:一个|个|一件|件)?(?:事儿|事情?|问题|情况)(?:哈|啊|呀|吧|嘛|哦)?[。.！!\s]*$"
                        r"|^(?:我|俺)?(?:想|要|来)?(?:反映|投诉|举报|求助)(?:一下)?[。.！!\s]*$")
_META_TAIL = re.compile(r"(?:^|[，,。.！!\s]+|(?=说完了|讲完了|就这些|就这样|就这么多))(?:我们?|俺们?)?(?:此致[，,。\s]*敬礼|此致|敬礼|(?:非常|十分|万分|真的?|很|太)*(?:谢谢|感谢)(?:你们?|您|各位|领导|政府)*"
                        r"(?:的帮助|的关心|支持)?了?|(?:辛苦|麻烦)(?:你们?|您|各位|领导)*了?|盼复|望(?:早日|尽快)?(?:答复|回复|批复)|"
                        r"说完了|讲完了|就这些了?|就这样|就这么多|你好|您好)[。.！!~～\s]*$")
# Who is writing and how well they manage, said before the matter ("我是老太婆 不大会打字",
# "俺年纪大了，字打得慢"): talk about the conversation, cut from the head of the account.
_ABILITY = (r"(?:我|俺)?(?:年纪大了?|岁数大了?|上了年纪|眼睛不好|眼神不好|"
            r"老眼昏花|不识字|识字不多|没文化|没什么文化|文化不高|文化低|(?:不大|不太|不怎么|不咋|不)会(?:打字|写字|用手机|"
            r"弄手机|用这个|弄这个|说话|写|弄|用)|打字(?:慢|不快|不行)|字打得(?:慢|不好)|写得不好|说得不好|讲不好|说不好|"
            r"说不清楚|(?:你们?|您|领导)?(?:多担待|多包涵|见谅|别见怪|别嫌弃))(?:得很)?(?:啊|哈|呀|了|哦)?"
            r"(?:多担待|见谅|别见怪|你们?别嫌弃)?")
_SELF_TALK = re.compile(
    r"^(?:(?:我|俺|本人)(?:是|就是)?(?:个|一个)?(?:老太婆|老太太|老奶奶|老头子?|老大爷|老人家?|老年人|农民|种地的|"
    r"乡下人|农村人|粗人|大老粗|退休的)(?:一个)?|" + _ABILITY + r")"
    r"(?:[，,。.！!：:\s]+|$)")
# The same talk about how well one manages as a clause of its own anywhere ("我是退休教师，字打得慢，…"):
# cut; a role said before the account stays (it may matter: 退休教师 and a pension).
_ABILITY_CLAUSE = re.compile(r"(?<=[，,。.！!\s])" + _ABILITY + r"(?:[，,。.！!\s]+|$)")
_PHONE_WORDS = re.compile(
    r"(?:(?:我|俺)?(?:没|没有|没得|不用)(?:手机|电话)[，,\s]*)?"
    r"(?:(?:那|就|那就)?(?:打|拨|联系|找|留|用|写)(?:我|俺)?家?(?:儿子|女儿|闺女|老伴|老头子?|老婆|媳妇|孙子|孙女|家里人|邻居|"
    r"侄子|外甥)的?(?:电话|手机|号码)?(?:吧|啊|哈|好了)?[，,\s]*)?"
    r"(?:(?:我|俺|本人|联系|他|她)的?)?(?:(?:电话|手机|手机号|号码|联系方式)(?:号码|号)?(?:是|为|:|：)?)?\s*$")


# The closing of a letter: 此致 / 敬礼 / the signature / the date, at the end, each on its own
# line or after the last sentence ("此致\n敬礼！\n柏云鹏\n2026年12月7日").
_SIGNER = r"(?:(?:写信人|反映人|信访人|举报人|签名|具名人?|落款)[:：]?\s*)?[\u4e00-\u9fff·]{2,6}(?:\s*(?:敬上|谨上|拜上|上))?"
_CLOSING = re.compile(
    r"(?:^|[，,。.！!\s]+)此\s*致[\s，,。.！!]*(?:(?:敬\s*礼|致\s*礼)[\s，,。.！!]*)?"
    rf"(?:{_SIGNER}[\s，,。.]*)?(?:{_DATE}[\s，,。.]*)?$"
    r"|(?:^|[，,。.！!\s]+)敬\s*礼[\s，,。.！!]*"
    rf"(?:{_SIGNER}[\s，,。.]*)?(?:{_DATE}[\s，,。.]*)?$"
    rf"|\n\s*(?:{_SIGNER}\s*\n\s*)?{_DATE}[\s，,。.]*$")
_SIGNATURE = re.compile(
    r"(?:此\s*致[\s，,。.！!]*)?(?:敬\s*礼|致\s*礼)[\s，,。.！!]+"
    r"(?:(?:写信人|反映人|信访人|举报人|签名|具名人?|落款)[:：]?\s*)?([\u4e00-\u9fff·]{2,6}?)(?:\s*(?:敬上|谨上|拜上|上))?"
    rf"[\s，,。.]*(?:\s{_DATE}[\s，,。.]*)?$"
    rf"|\n\s*(?:(?:写信人|反映人|信访人|举报人|签名|具名人?|落款)[:：]?\s*)?([\u4e00-\u9fff·]{{2,6}}?)(?:\s*(?:敬上|谨上|拜上))?\s*\n\s*{_DATE}[\s，,。.]*$")


# A bare name on the last line, under a line of thanks ("…谢谢！\n张三"): a signature only when
# it reads as a name.
_THANKS_SIGNED = re.compile(r"((?:谢谢|感谢|拜托|辛苦)[^\n]{0,12})\n\s*([\u4e00-\u9fff·]{2,6})\s*$")


def signature(text: str) -> str | None:
    """The name a letter is signed with (the line after 敬礼, or the line before the date, or a
    name under the last line of thanks), or None; the caller checks that it is a name."""
    t = text.strip()
    m = _SIGNATURE.search(t)
    if m:
        name = m.group(1) or m.group(2)
        return None if re.search(r"敬礼|致礼|此致|谢谢|感谢", name) else name
    m = _THANKS_SIGNED.search(t)
    return m.group(2) if m and _signed(m.group(2)) else None


def _signed(line: str) -> bool:
    """A last line that reads as a name, not a short clause ("路还没修")."""
    return plausible_name(line) and not re.search(r"[了没不是有在的把被还很都也就要会能说修坏]", line)


def announces_only(text: str) -> bool:
    """The message only announces that there is a matter, without telling it."""
    t = _GREETING.sub("", normalize(text).strip())
    return not t or bool(_META_ONLY.match(t))


def clean(text: str, *, contacts: bool = True) -> str:
    """`text` without greetings and meta-talk at its edges and (`contacts`) phone numbers,
    written or spoken, with the words introducing them."""
    t = text.strip()
    for _ in range(3):
        t = without_exclamation(_GREETING.sub("", t))  # (乖乖隆地咚, 哎呀妈呀: nlp.interjection)
        t = _SELF_TALK.sub("", t)
        t = _META_HEAD.sub("", t)
    t = _ABILITY_CLAUSE.sub("", t)
    if contacts:  # (此致 敬礼 反映人：… 联系电话：… and the date: nlp.letter; it holds contacts)
        t = without_closing(t)
    for _ in range(3):  # "……谢谢！此致 敬礼": several sign-offs in a row
        t = _CLOSING.sub("", t.rstrip())
        m = _THANKS_SIGNED.search(t)
        if m and _signed(m.group(2)):
            t = t[:m.end(1)]
        t = _META_TAIL.sub("", t)
    if not contacts:
        return t.strip("，,；;、 \n")
    # Phone numbers: every run of 7+ digits that reads as a phone, with the words before it.
    out, pos = [], 0
    norm = normalize(t)
    for m in _RUN.finditer(norm):
        digits = spoken_to_digits(m.group(0))
        if re.fullmatch(r"(?:\+?86)?1[3-9]\d{9}|0517\d{8}|[2-9]\d{7}", re.sub(r"\D", "", digits)):
            head = _PHONE_WORDS.sub("", t[pos:m.start()])
            out.append(head)
            pos = m.end()
    out.append(t[pos:])
    t = "".join(out)
    t = re.sub(r"[，,。；;\s]{2,}", "，", t)
    return t.strip("，,；;、 \n")


# A message written like a form ("姓名：…；电话：…；事情：…；诉求：…"): label, then value.
_FORM_LABEL = re.compile(
    r"(?:^|(?<=[；;，,。.\n\s]))(姓名|名字|联系人|电话|手机|联系电话|手机号|地址|住址|地点|所在镇|乡镇|镇|"
    r"事情|事由|经过|事情经过|情况|问题|反映问题|反映内容|内容|诉求|要求|请求|我的诉求)\s*[:：]\s*")
_FORM_MATTER = frozenset({"事情", "事由", "经过", "事情经过", "情况", "问题", "反映问题", "反映内容", "内容"})
_FORM_REQUEST = frozenset({"诉求", "要求", "请求", "我的诉求"})


def form_parts(text: str) -> tuple[str, str] | None:
    """(matter, request) of a message written as labelled fields, None when it is not one (fewer
    than two labels). The other labels (name, phone, place) are read by the slot finders."""
    labels = list(_FORM_LABEL.finditer(text))
    if len(labels) < 2:
        return None
    matter, request = [], []
    for i, m in enumerate(labels):
        end = labels[i + 1].start() if i + 1 < len(labels) else len(text)
        value = text[m.end():end].strip(" ；;，,。.\n")
        if m.group(1) in _FORM_MATTER and value:
            matter.append(value)
        elif m.group(1) in _FORM_REQUEST and value:
            request.append(value)
    head = text[:labels[0].start()].strip(" ；;，,。.\n")
    if head and cjk_count(head) >= 6:
        matter.insert(0, head)  # (an account written before the labelled lines)
    if not matter:
        return None
    return "，".join(matter), "，".join(request)


# A clause of the account rather than a place: someone going, asking, waiting, answering or
# withholding (去…问了, 说是…定的, 也不给看, 等了一上午, 没下文). An address answer is a place
# and its bearings; it has none of these.
_ACCOUNT_ACT = re.compile(_TRIED.pattern + "|" + _COMPLAINT.pattern + r"|"
                          r"(?:他|她|他们|俺们|我们|住户|人家|老板|领导|工作人员)[^，,。\s]{0,6}(?:说|讲|问|要|让|叫)|"
                          r"说是|答复|回复|不给|不让|不肯|没见到|没人|无人|等了|来了|走了|反映|"
                          r"(?:把|被)[^，,。\s]{1,10}(?:了|掉)")


def account_clause(text: str) -> bool:
    """A message of 20+ ideographs that tells part of the account (an act, a reply, a thing
    withheld) and so is no answer to "where exactly?" ("住户们去征收办问了好几次，说是评估公司定的")."""
    t = normalize(text)
    return cjk_count(t) >= 20 and bool(_ACCOUNT_ACT.search(t))
