"""Questions about this intake that its words alone do not mark (issue 14, round n).

A grammar, closed on purpose: the intake named as the subject (你们, 恁, 这里, 这儿, 网上, 在这,
这个平台, 信访局) and a question whether it handles a matter or helps at all:

- scope: 管不管 / 受理不受理 / 处理不处理 / 也管吗 / 管得了吗 / 能不能管 / 有没有人管 / 会来处理不;
- effect: 算不算数 / 有用没得用 / 顶不顶事 / 作不作数;

and a fear of being found out with a third party as the subject (厂里老板会知道吗, 你们不会跟村长讲吧,
村里要是知道了…): privacy. Who the question is put to matters: "村里到底管不管" asks nothing of
the intake (it is a grievance), so a scope or effect question needs the intake named.
"""

from __future__ import annotations

import re

from nlp.hanzi import to_simplified

_INTAKE = re.compile(r"你们|恁们?|您们|这里|这儿|这边|这块|网上|线上|手机上|在这|这个平台|这平台|平台上|信访局|信访办|"
                     r"县里信访|这个(?:网|系统|小程序|公众号)")
_HANDLE = r"(?:管|受理|处理|解决|办|接|做主)"
_SCOPE = re.compile(
    rf"({_HANDLE})不\1|{_HANDLE}(?:得了|得着|的了)(?:吗|不|么|没有?)|(?:也|能|会)(?:给)?{_HANDLE}(?:吗|么|不|嘛)|"
    rf"能不能{_HANDLE}|会不会{_HANDLE}|有没有人{_HANDLE}|有人{_HANDLE}(?:吗|没有?|不)|"
    rf"(?:真的?|真会)?会(?:有人)?(?:来)?{_HANDLE}(?:吗|不|没有?|么)|归不归你们|归你们管吗|是不是你们管")
# Whether one may bring it here, the question closing its clause (issue 14, round t): "能在恁这反映不",
# "这种事能找你们吗", "这里能给俺反映不", "你们这能管厂里欠钱的事不", "这个归你们管不" (Henan/Shandong
# and Jianghuai speech end a yes-no question with 不 as often as with 吗).
_FILE_HERE = r"(?:反映|反应|投诉|举报|登记|上访|找(?:你们|恁们?|您们|这里|这儿))"
_TELL_HERE = rf"(?:{_HANDLE}|{_FILE_HERE})"
_MAY_HERE = re.compile(
    rf"(?:能|会|可以|可不可以|能不能|可否|能否)[^，,。？?！!\s]{{0,6}}?{_TELL_HERE}[^，,。？?！!\s]{{0,14}}?"
    r"(?:吗|么|嘛|(?<![也就都还偏硬死])[不没]|[?？])[啊呀哈吧呢]?(?=[，,。？?！!\s]|$)|"
    r"归(?:你们|恁们?|您们|这里|这儿)管(?:吗|么|不|嘛|没有?)|"
    r"(?:在这|这里|这儿|网上|你们这|恁这)[^，,。？?！!\s]{0,3}(?:反映|投诉|登记|说)[^，,。？?！!\s]{0,2}还是|"
    r"找(?:你们|恁们?|您们|这里)[^，,。？?！!\s]{0,2}还是|"
    # the question in 能不能 / 可不可以 itself: "这里能不能反映学校的事"
    rf"(?:能不能|可不可以|能否|可否)[^，,。？?！!\s]{{0,6}}?{_FILE_HERE}")
# A choice between this intake and another way (法院, 仲裁, 律师, 当面…): asked whether it belongs here.
_OR_ELSEWHERE = re.compile(r"还是|要不要去|得去|只能去|只能找|还得")
_SCOPE_OBJECT = re.compile(r"[啊呀吧呢嘛哈啦哦]+")
_EFFECT = re.compile(r"管不管用|管用吗|有没有用|有用吗|顶不顶用|顶用吗|算不算数|算数吗|作不作数|作数吗|顶不顶事|顶事吗|有用没(?:得|有)?用|有没得用|管用没|"
                     r"起作用没|有效没有?|靠得住吗")
_THIRD = r"(?:老板|厂里|厂长|村里|村长|村书记|书记|村干部|干部|镇上|领导|单位|公司|物业|学校|邻居|对方|他们?|她们?|人家)"
_PRIVACY = re.compile(
    rf"{_THIRD}[\u4e00-\u9fff]{{0,4}}(?:会|能)(?:不会)?(?:知道|晓得|看到|看见|发现)(?:吗|么|不|啊|吧|呢|[?？]|$)|"
    rf"{_THIRD}(?:会不会|能不能)(?:知道|晓得|看到|看见|发现)|"
    rf"不会(?:跟|和|给|向|对)(?:着)?{_THIRD}[\u4e00-\u9fff]{{0,3}}(?:讲|说|透露|讲出去|说出去)?吧|"
    rf"(?:要是|如果|万一){_THIRD}(?:知道|晓得)了?[^，,。]{{0,12}}(?:怎么办|咋办|会不会|吗)")
_REPORTED = re.compile(r"(?:说|讲)(?:了|过)?(?:他们|村里|镇上)?(?:不|没)管")
_MATTER_NAMED = re.compile(r"的事|事情|事儿|这种事|这类|这事|问题")
_MAX_IDEOGRAPHS = 40
# (words one of which each form holds: checked first, as plain substrings)
_FEAR_WORDS = ("知道", "晓得", "看到", "看见", "发现", "吧")
_INTAKE_WORDS = ("你们", "恁", "您们", "这里", "这儿", "这边", "这块", "网上", "线上", "手机上", "在这", "平台", "信访",
                 "这个")


def intake_question(text: str) -> str | None:
    """The topic ("scope", "effect" or "privacy") of a question about this intake of the forms
    above, or None."""
    t = to_simplified(text)
    fear = any(w in t for w in _FEAR_WORDS)
    intake = any(w in t for w in _INTAKE_WORDS)
    if not (fear or intake) or len(re.findall(r"[\u4e00-\u9fff]", t)) > _MAX_IDEOGRAPHS:
        return None  # (cheap first; an account that mentions such words asks nothing of the intake)
    if fear and _PRIVACY.search(t):
        return "privacy"
    if not intake or not _INTAKE.search(t) or _REPORTED.search(t):
        return None
    if _EFFECT.search(t):
        return "effect"
    m = _SCOPE.search(t)
    if m is not None:
        # "管不管…的事", "管不管外地人", "能处理吗 还是只能打官司": whether such a matter is taken;
        # "到底有没有人处理": a doubt of any effect
        after = re.split(r"[，,。？?！!\s]", t[m.end():], maxsplit=1)[0]
        named = _MATTER_NAMED.search(t) or _OR_ELSEWHERE.search(t) or len(_SCOPE_OBJECT.sub("", after)) >= 2
        return "scope" if named else "effect"
    if _MAY_HERE.search(t):
        return "scope"
    return None
