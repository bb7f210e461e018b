"""A plea to the authorities about the matter (恳请领导派人来实地看一看, 望领导重视 派人来看看, 恳请领导过问一下,
希望有关部门来人实地调查处理): what the citizen asks the county to do, a request of the case; not a
request to talk to a person now (that is "让工作人员给我打电话", "我要找领导当面说").

A grammar, closed on purpose (a letter's closing plea has few forms). A clause that starts with a
plea word (恳请 / 请 / 希望 / 望 / 盼望 / 麻烦 / 求求 …), optionally names whom (领导 / 政府 / 有关部门 /
县里 / 上面 …), and asks either
- for someone to be sent or to come (派人, 来人, 安排人, 下来, 亲自来, 到现场 …) to look or look
  into it (看看 / 实地 / 现场 / 查 / 调查 / 核实 / 察看 / 走走 / 处理), or
- for the matter to be looked into (过问 / 重视 / 关注 / 督办 / 做主 / 主持公道 / 查处 / 调查 / 核实);
with no contact with the citizen themselves (跟我说, 联系我, 给我打电话, 当面, 人工 …) and not
told as done already (镇上派人来看过了).
"""

from __future__ import annotations

import re

from nlp.hanzi import to_simplified

_LEAD = re.compile(r"(?:^|[，,。.！!；;\s])(?:还|也|特此|再次|真诚|诚恳|万分)?"
                   r"(?:恳请|恳求|请求|烦请|敬请|请|希望|还望|望|盼望|期望|期盼|麻烦|求求|求|拜托)"
                   r"(?:您们?|你们|各位)?")
_WHOM = r"(?:(?:各级|县|镇|上级|有关|相关|主管)?(?:领导|政府|部门|单位|同志)(?:们)?|县里|镇上|镇里|上面|上级|组织|你们|有关方面)?"
_SENT = re.compile(r"派(?:个|一个|些)?(?:人|员|同志|干部|工作组)|来人|安排(?:个|一个)?人|"
                   r"下来|亲自来|过来|来一趟|到现场|到实地|到俺|到我|来俺|来我|来现场|来实地|下乡|来村")
_LOOK = re.compile(r"看看|看一看|看一下|瞧瞧|实地|现场|查看|察看|勘察|勘查|调查|核实|核查|查一查|查查|查明|"
                   r"查清|走走|走一走|了解(?:一下)?(?:情况)?|处理|解决")
_ATTEND = re.compile(_WHOM + r"(?:能|能够|给予|予以|多|高度|尽快|早日|亲自)?"
                     r"(?:过问|重视|关注|关心|督办|督促|做主|作主|主持公道|查处|调查|核实|核查)")
# Contact with the citizen, or the intake's own staff looking at their case ("麻烦叫个工作人员过来看一下
# 我的情况"): that is asking for a person to talk to.
_CONTACT = re.compile(r"(?:跟|和|同|给|找)(?:我|俺)(?:们)?(?:说|谈|讲|聊|打|联系|回)|联系(?:我|俺)|当面|"
                      r"(?:打|回)(?:个)?电话|接电话|真人|人工|客服|面谈|见面|接待|工作人员|"
                      r"(?:我|俺)(?:们|家)?的(?:情况|事|问题|材料|案子)")
# Someone came already (镇上派人来看过了): a fact of the account, no plea.
_CAME = re.compile(r"(?:看|查|来|调查|核实|察看|查看)过|来看了|来查了|来了(?:人|一趟)")
_MAX_IDEOGRAPHS = 40


def asks_for_a_visit(text: str) -> bool:
    """`text` pleads with the authorities to come and look, or to look into the matter (module
    docstring)."""
    t = to_simplified(text).strip()
    if len(re.findall(r"[\u4e00-\u9fff]", t)) > _MAX_IDEOGRAPHS or _CONTACT.search(t) or _CAME.search(t):
        return False
    for lead in _LEAD.finditer(t):
        rest = t[lead.end():]
        clause = re.split(r"[。.！!；;]", rest, maxsplit=1)[0]
        sent = _SENT.search(clause)
        if sent and _LOOK.search(clause[sent.start():]) or _ATTEND.match(clause) or \
                _ATTEND.search(clause[:12]):
            return True
    return False
