"""A question about a policy or public service, opened as a question and told with its background
first (issue 14, round q), read as a consultation (咨询) whatever the words of its subject:

    policy_question("问一下 我们组的地要被征去修高速 青苗补偿费一亩地能给多少钱")   # -> True
    policy_question("你好 想打听一下 土地流转合同到期了 村里还续不续签")             # -> True
    policy_question("请问一般要多长时间")                                             # -> False

A grammar, a closed class of form rather than a list of subjects:
- the message opens with a verb of asking (请问, 问一下, 问个事, 想打听, 咨询下, 想了解…), after a
  greeting at most; without one, only a short question of when or how much (证什么时候能发下来,
  安置房啥时候能分下来, 补贴发不发) about nothing that went wrong or lasts;
- its last asking clause ends the message (a call back asked for or a thanks may follow) and has a
  question's own form: A不A (续不续签, 归不归), 吗 / 么 at the
  end, or a question word of amount, time, choice or whether (多少, 几套, 什么时候, 啥时候, 要不要,
  有没有, 是不是, 还是, 哪边);
- that question names a subject of its own (土地确权的证, 一楼的住户), not this intake (反映, 登记,
  答复, 处理, 结果, 你们…) and not "it" alone ("请问一般要多长时间" asks about this office);
- no clause tells a grievance (something withheld, stopped, unfair, nobody acting): "问一下 我家
  低保停了三个月了 为啥" is a petition that ends in a question (nlp.asking).
"""

from __future__ import annotations

import re

from nlp.asking import unfair, withheld
from nlp.entities import normalize
from nlp.hanzi import cjk_count, to_simplified

_CLAUSES = re.compile(r"[，,。.！!？?；;\s~～…]+")
_OPENER = re.compile(r"^(?:(?:你好|您好|同志|喂|领导|哈喽)[啊呀哈好]?[，,。！!\s]*)*"
                     r"(?:我|俺|咱)?(?:就|还|也)?(?:想|要)?(?:请问|问一下|问下|问问|问个事|问个问题|打听一下|打听下|打听个事|"
                     r"咨询一下|咨询下|咨询个事|咨询个问题|了解一下|了解下)(?:一下)?(?:哈|啊|呀|哦)?")
# A question's own form in a clause: A不A / A没A, a final particle, or a question word.
_ASKS = re.compile(r"(?!能)([\u4e00-\u9fff])[不没]\1|[吗么](?:[啊呀哈]*)$|多少|(?<![好十几])几(?:套|亩|个|年|块|档|成|天|月)|"
                   r"什么时候|啥时候|哪天|哪年|要不要|需不需要|有没有|是不是|会不会|能不能(?!管|帮|处理|解决|给我|把)|"
                   r"可不可以|还是|哪边|哪里|哪儿|"
                   r"怎么算|咋算|算不算")
# This intake, or what happens to the citizen's own petition: a process question (nlp.understanding);
# giving one of its fields ("电话要不要留", "要不要写真名") too.
_INTAKE = re.compile(r"你(?!好)|反映|登记|提交|填|信访|网上|你们|您们|这里|这边办|答复|回复|回音|受理|处理|办结|办好|办完|"
                     r"结果|有人联系|进度|编号|身份证|匿名|真名|解决|"
                     r"(?:留|写|报|给|说|告诉|提供)(?:个|下|一下|我的)?(?:姓名|名字|电话|手机|号码)|"
                     r"(?:姓名|名字|电话|手机号?|号码)(?:要不要|需不需要|必须|一定要|能不能|可不可以|可以不)")
# Asking for a call back beside the question ("能不能给我回个电话"): how to answer, not what.
_CALL_BACK = re.compile(r"回(?:个|一个)?(?:电话|话)|打(?:个)?电话给我|给我打(?:个)?电话|打我电话|联系我|告诉我一声")
# Others who already have it, said after the question ("别的村都拿到了", "隔壁组早就装好了"): why one
# asks now, no trouble told (issue 14, round t).
_OTHERS_HAVE = re.compile(r"^(?:别的|别人家?|人家|隔壁|对面|旁边|其他|其它|邻村|邻居|周边|周围)[^，,。]{0,6}?"
                          r"(?:都|早就?|已经|早都)[^，,。]{0,6}了$")
# A grievance told beside the question (besides nlp.asking's withheld / unfair).
_GRIEVANCE = re.compile(r"(?<![要将会])被(?!划|列|纳|征|选|评)[^，,。\s]{1,6}了|没人(?:来|管|理|问|修|收|处理)|不管|不修|欠|没给|没发|没到账|一直没|到现在|还没|至今|凭什么|凭啥|为什么|为啥|"
                        r"咋回事|怎么回事|不合理|不公平|欺负|骗")
# Words that name no subject of their own: pronouns, degree and modal words, question words.
_FILLER = re.compile(r"我们|俺们|咱们|我|俺|咱|这个|那个|这|那|它|一般|大概|大约|差不多|到底|究竟|还|要|得|能|会|可以|"
                     r"的|了|事情|事|问题|情况|多少|什么时候|啥时候|多长时间|多久|几天|时间|一下|下")
# Without an opener, only these questions are taken, and only where nothing tells of a trouble
# lasting or a nuisance ("路灯坏了 什么时候能修", "垃圾堆了一个月了 啥时候清"): a petition.
_WHEN_HOW_MUCH = re.compile(r"什么时候|啥时候|哪天|哪年|几月|多少|(?<![好十几])几(?:套|亩|档|成|块)|"
                            r"([发给续算归分补])不\1")
_ONGOING = re.compile(r"[天周月年]了|好几|一直|总是|老是|天天|经常|每天|坏|破|臭|吵|堵|漏|烂|脏|乱|塌|断|淹|"
                      r"污染|噪音|危险|投诉|举报|反映|修|清|赔|退|还钱|要回")


def policy_question(text: str) -> bool:
    """`text` (simplified, normalized) asks about a policy or public service in the form above."""
    m = _OPENER.match(text)
    opened = m is not None and m.end() > 0
    rest = text[m.end():] if opened and m is not None else text
    clauses = [c for c in _CLAUSES.split(rest) if c]
    asking = [i for i, c in enumerate(clauses) if _ASKS.search(c) and not _CALL_BACK.search(c)]
    if not asking:
        return False
    if not opened and (len(clauses) > 3 or not _WHEN_HOW_MUCH.search(clauses[asking[-1]]) or
                       _ONGOING.search(rest)):
        return False  # no opener: only a question of when or how much, about no trouble
    if any(cjk_count(c) > 6 and not (_CALL_BACK.search(c) or _OTHERS_HAVE.match(c))
           for c in clauses[asking[-1] + 1:]):
        return False  # the question ends the message (a call back or a thanks may follow it)
    question = clauses[asking[-1]]
    if _INTAKE.search(question) or cjk_count(_FILLER.sub("", "".join(clauses[:asking[-1] + 1]))) < 4:
        return False
    told = re.sub(r"([\u4e00-\u9fff])[不没]\1", "", rest)  # ("还给不给" withholds nothing)
    return not (withheld(told) or unfair(told) or _GRIEVANCE.search(told))


def asks_policy(text: str) -> bool:
    """`policy_question` of a message as the citizen wrote it (traditional, full-width)."""
    return policy_question(normalize(to_simplified(text)))
