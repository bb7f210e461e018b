"""What a question asks for: how to get a public service (a consultation, 咨询) or why one was
treated worse than others (a grievance told as a question).

    asks_how_to_get("请问失业金怎么申领 我上个月被厂里辞退了")  # -> True
    unfair("我们村别人都有 就我没有 这是为啥")                  # -> True

Both are grammars, closed classes of form rather than lists of subjects:
- how to get: a question word of manner, place or person (怎么, 咋, 如何, 去哪, 找谁, 要什么…)
  before a verb of obtaining (领, 申请, 办, 交, 报名, 享受…) or the papers it takes (材料, 手续,
  条件), with a subject of its own in the clause ("高龄的钱 咋领", "危房改造咋申请"); some
  background of one's own may stand beside it ("我上个月被厂里辞退了") — it is still a question;
- unfair: others have or got it and the citizen not (别人都有 就我没有, 人家都发了 俺家没发), or
  凭什么 / 凭啥: a complaint whatever question ends it.
"""

from __future__ import annotations

import re

from nlp.hanzi import to_simplified

_CLAUSE = re.compile(r"[，,。.！!？?；;\s]+")
_HOW = r"(?:怎么|咋|如何|怎样|怎么样|去哪里?|到哪里?|在哪里?|哪里|哪儿|去哪儿|找谁|找哪个(?:部门|单位)?|要什么|要啥|得啥|需要什么|需要啥|准备啥|准备什么)"
_GET = r"(?:申领|领取|领|申请|申报|办理|办|交|缴|续交|接着交|补交|报名|享受|拿到|拿|弄|开|上|转)"
# 怎么办 / 咋弄 ending a clause is "what is to be done", a worry as often as a question ("…砸到人
# 咋办" tells a danger): the intent model tells the two apart, not this grammar (去哪办 still asks).
_WHAT_TO_DO = re.compile(r"(?:怎么|咋|怎样|如何)(?:才能|可以|能)?[办弄][啊呀呢哦吧嘛哈啦]*$")
_PAPERS = r"(?:材料|手续|条件|证明|资料)"
_HOW_TO_GET = re.compile(
    r"(?:" + _HOW + r"(?:才能|可以|能)?" + _GET + r"|" + _HOW + r"[^，,。？?]{0,3}?" +
    _PAPERS + r"|(?:要|得|需要)?(?:准备|带)?(?:啥|什么|哪些)" + _PAPERS + r"|" + _GET + r"(?:的话)?(?:要|得|需要)?" +
    r"(?:啥|什么|哪些)?" + _PAPERS + r"|" + _GET + r"(?:到)?(?:哪里|哪儿|哪|什么地方)|"
    r"(?:该|要|得|应该)?找(?:谁|哪个部门|哪个单位|哪里|哪儿)(?:办|问|申请)?(?=[啊呀呢吧哦]*$))")
_CUE = re.compile(r"怎|咋|如何|哪|谁|什么|啥|材料|手续|条件|证明|资料")
# A clause that only points (这个, 那个, 我) names no subject: "这个要准备什么材料" asks about this
# intake, not about a public service.
_NO_SUBJECT = re.compile(r"^(?:那|这|请问|问一下|想问问?|我想问问?|俺想问问?|我|俺|你们|您|要|得|还|就|那个|这个|"
                         r"这事|这件事|反映|登记|提交|信访|现在|那我|我们|俺们|准备|带|提供|交|些|点|一些|上|一下|下|需要|是不是|都)*$")
_QUESTION_END = re.compile(r"(?:吗|呢|(?<![什怎这那多])么)[啊呀]?$")
# Something withheld, stopped or done to the citizen by someone: a grievance, not a question.
_WITHHELD = re.compile(r"不给|拖欠|欠了|欠着|坏了|取消了|停了|停发|占了|打了|扣了|没人管|没人修|不管|不办|拖着|"
                       r"(?:一直|还|都|也|到现在)(?:没有?|不)(?:发|给|到账|批|办|修|退|补|解决)|"
                       r"没(?:有)?(?:发|到账)(?!吗|呢|么)|少发|少给|不让|不批|骗|罚|不退|不能领|不让领|不能享受")

_OTHERS = r"(?:别人|人家|别家|旁人|大家|其他人|其他[^，,。\s]{1,4}|别的[^，,。\s]{1,4}|隔壁[^，,。\s]{0,4})"
_GOT = r"(?:有|发了|拿到了?|领到了?|补了|领了|修了|办了|批了|给了|享受了|评上了|都有)"
_UNFAIR = re.compile(
    r"凭(?:什么|啥)|" + _OTHERS + r"[^。？?]{0,12}?都" + _GOT + r"[^。？?]{0,20}?(?:就|只有|唯独|偏偏|光|可)?"
    r"(?:我|俺|我们|俺们|咱|咱们|我家|俺家)[^。？?]{0,12}?(?:没有|没|不)")


# A statement that holds a question word without asking: what a third party said or was asked
# (他们讲材料不全 又讲不清差什么, 问他是哪个单位的他也不说), or a negative indefinite (谁都不来,
# 哪个部门都不管, 啥也没说).
_REPORTS = re.compile(
    r"(?:他|她|他们|她们|人家|对方|村里|镇上|厂里|老板|物业|包工头|干部|[\u4e00-\u9fff]{1,4}(?:局|所|站|办|公司|队|中心))"
    r"(?:的人)?(?:也|都|就|又|还)?(?:说|讲|告诉我|回答|答复|回复)(?!一下|说看)"
    r"|(?:谁|哪个|哪个部门|哪个单位|什么|啥|哪儿|哪里|哪)(?:人)?(?:都|也)(?:不|没)"
    r"|^(?:我|俺)?(?:去)?问(?:他|她|他们|了|过)[^，,。？?]{0,12}[，,\s]+[^，,。？?]{0,6}(?:不说|不讲|不理|不回|不告诉)"
    r"|^(?:我|俺)?(?:去)?问(?:他|她|他们)[^，,。？?]{1,12}(?:他|她|他们)(?:也|都)?(?:不说|不讲|不理|不回|不告诉)")


def reports(text: str) -> bool:
    """`text` tells what others said or did not do, with a question word that asks nothing."""
    return bool(_REPORTS.search(text)) and not _QUESTION_END.search(text.rstrip("，,。.！! "))


def asks_how_to_get(text: str) -> bool:
    """Some clause asks how, where or with what papers to get a public service, naming it in
    the clause or in a clause before it ("听说有个高龄的钱 咋领啊")."""
    if not _CUE.search(text):
        return False  # (cheap: most messages hold no such word)
    named = False  # a clause before names something
    for clause in _CLAUSE.split(text):
        if not clause:
            continue
        for m in _HOW_TO_GET.finditer(clause):
            if _WHAT_TO_DO.match(clause, m.start()):
                continue
            if named or not _NO_SUBJECT.match(clause[:m.start()]):
                return True
        # (a statement names a subject; a question of its own, "名字不留可以吗", does not)
        named = named or not (_NO_SUBJECT.match(clause) or _QUESTION_END.search(clause))
    return False


# Whether a public service applies to one's case (issue 14, round n), a grammar: may I / can it
# (能不能, 可不可以, 能, 还能 … 吗) + a verb of being admitted to or getting a service (报名, 上学,
# 落户, 迁, 领, 申请, 接着交, 取出来 …); or which rule counts (是按A还是按B, 是一次性给还是分几年给).
_SERVICE = (r"(?:报名|上学|入学|读书|上(?:小学|初中|高中|幼儿园|公办|民办)|转学|落户|迁(?:过去|过来|回来|户口)?|"
            r"申领|领取|领|申请|享受|参保|接着交|续交|补交|取出来|提取|报销|评|办)")
_ELIGIBLE = re.compile(
    r"(?:能不能|可不可以|能否|可以不可以|还能|能|可以)(?:在[\u4e00-\u9fff]{1,6}?|去[\u4e00-\u9fff]{1,4}?|回来)?"
    + _SERVICE + r"[\u4e00-\u9fff]{0,4}?(?:吗|么|不|没有?|呢|啊)?(?=[，,。？?！!\s]|$)"
    r"|按[\u4e00-\u9fff]{1,6}还是(?:按)?[\u4e00-\u9fff]{1,6}"
    r"|一次性[给发领]还是|(?:是|还是)[\u4e00-\u9fff]{1,6}[给发领交算](?:的)?还是[\u4e00-\u9fff]{1,6}[给发领交算]")
_PERMISSION = re.compile(r"能不能|可不可以|能否|可以不可以")


def asks_whether_it_applies(text: str) -> bool:
    """Some clause asks whether a public service applies to the citizen's case, or by which
    rule ("能不能在城里报名", "能接着交吗", "是按周岁还是虚岁算"); a plain may-I clause needs a
    question form (能不能, 吗…) to ask."""
    if not any(w in text for w in ("能", "可", "按", "还是")):
        return False  # (cheap: most messages hold none of these)
    for clause in _CLAUSE.split(text):
        m = _ELIGIBLE.search(clause)
        if m is None or re.search(r"你们|您|恁", clause[:m.start()]):
            continue  # ("你们能不能办": the intake asked to act)
        if _PERMISSION.search(m.group(0)) or not m.group(0).startswith(("能", "可以", "还能")) or \
                _QUESTION_END.search(clause) or re.search(r"[吗么]$", m.group(0)):
            return True
    return False


# What someone promised when the citizen went to them (issue 14, round n), a grammar: a speaker
# other than the citizen + a verb of saying or promising + a future or a time (会, 马上, 尽快,
# 过几天, 三个工作日内, 年底前 …): "村长说过几天来修", "接电话的说三个工作日内给答复". What was
# tried, told: the account.
_PROMISE = re.compile(
    r"(?<![我俺])(?:也|都|就|还|当时|当场)?(?:说|讲|答应|承诺|保证|表示|讲好|回复|回答)(?:了|过)?(?:我们?|俺们?|咱们?)?"
    r"(?:说|讲)?(?:会(?!不会)|要|马上|尽快|立即|立马|过几天|过两天|过段时间|明天|后天|下周|下个月|这个月|年底|月底|年前|"
    r"等|[一二三四五六七八九十几两0-9]+个?(?:天|工作日|周|星期|月))")


def reports_a_promise(text: str) -> bool:
    """`text` tells what someone promised the citizen (see _PROMISE), not asking anything."""
    t = to_simplified(text)
    if not any(w in t for w in ("说", "讲", "答应", "承诺", "保证", "表示", "回复", "回答")):
        return False  # (cheap: most messages hold none of these)
    m = _PROMISE.search(t)
    if m is None:
        return False
    before = t[:m.start()].rstrip("，, ")
    return bool(re.search(r"[\u4e00-\u9fff]", before[-1:])) and not re.search(
        r"(?:我|俺|咱)(?:们)?(?:也|都|就|还)?$", before) and not _QUESTION_END.search(t.rstrip("，,。.！! "))


def withheld(text: str) -> bool:
    """Something was withheld, stopped or done to the citizen (不给, 停了, 扣了, 拖欠…)."""
    return bool(_WITHHELD.search(text))


def unfair(text: str) -> bool:
    """Others have it and the citizen not, or 凭什么: a grievance however it is asked."""
    return bool(_UNFAIR.search(text))
