"""The request said inside an account in forms the clause-initial finder (nlp.turn_slots) misses.

A grammar, closed on purpose (issue 14, round n):

- "my one demand" leads: 我就一个要求 …, 我只有一个诉求：…, 我的要求很简单 …, 唯一的要求就是 …,
  我的诉求就一条 … — what follows the lead is the request;
- a request word run on from the clause before, as voice input writes it (…户口也不在一起要求把我家
  低保恢复…): 要求 / 希望 / 请求 / 恳请 / 盼着 / 只求 / 就求, then at most an addressee (城管, 民政上,
  教育局, 有关部门), then a disposal or a doing (把, 将, 让, 给, 派人, 尽快, 赶紧 …). Someone else's
  demand (村里要求我们…, 老板要求…) is not the citizen's request.
"""

from __future__ import annotations

import re

from nlp.hanzi import to_simplified

_CUT = "，,。.！!？?；;、 \n~～…:："

# "my one demand" and what introduces it
_LEAD = re.compile(
    r"(?:我们?|俺们?|本人|咱们?)?(?:的|家的)?(?:就|只|只有|就只有|唯一的?|最大的)?(?:一个|一点|一条|个)?"
    r"(?:要求|诉求|请求|愿望|心愿)(?:也)?(?:就|只有|只)?(?:一个|一条|一点|很简单|不高|不多|不过分)?(?:了|的)?"
    r"(?:(?:就是|是|就)?[:：，,\s]+(?:就是|就)?|就是)")
_LEAD_HEAD = re.compile(r"(?:唯一的?|一个|一条|一点|就|只有?)(?:要求|诉求|请求|愿望|心愿)|"
                        r"(?:要求|诉求|请求|愿望|心愿)(?:也)?(?:就|只有|只)?(?:一个|一条|一点|很简单|不高|不多|不过分)")
# a request word run on, its addressee, and the doing asked for
_RUN_ON = re.compile(
    r"(?:强烈|真心|只|就)?(?:要求|希望|请求|恳请|恳求|盼着|盼望|只求|就求)"
    r"(?:[\u4e00-\u9fff]{1,6}?(?:局|委|所|站|部门|政府|办|中心|院|队|公司|领导|书记|镇长|县长|上|里|管|业|你们))?"
    r"(?:把|将|让|叫|给|派人|派个人|尽快|赶紧|赶快|早日|马上|立即|立刻|抓紧|恢复|退还|补发|结清|修好)")
# someone else demanding: not the citizen's request
_OTHERS = re.compile(r"(?:他|她|他们|她们|村里|村上|镇上|镇里|老板|公司|物业|领导|干部|村委会?|上面|单位|厂里|学校|"
                     r"人家|对方|开发商|包工头|城管|社区)(?:都|也|还|就|又|硬|非|一直)?$")
_MIN_IDEOGRAPHS = 4
_KEY_CHARS = "求望盼懇恳愿願"  # (every request word above holds one of these)


def stated_request(text: str) -> str | None:
    """The request in `text` said in one of the forms above, from its first word to the end of
    its sentence (contact details after it are cut by the caller), or None."""
    if not any(c in text for c in _KEY_CHARS):
        return None  # (cheap: most messages hold no request word)
    original, text = text, to_simplified(text)  # (length unchanged)
    for m in _LEAD.finditer(text):
        if not _LEAD_HEAD.search(m.group(0)):
            continue
        rest = _sentence(original[m.end():])
        if _ideographs(rest) >= _MIN_IDEOGRAPHS:
            return rest
    for m in _RUN_ON.finditer(text):
        clause_before = re.split(r"[，,。.！!？?；;\s]", text[:m.start()])[-1]
        if _OTHERS.search(clause_before) or re.search(r"(?:说|讲)$", clause_before):
            continue
        rest = _sentence(original[m.start():])
        if _ideographs(rest) >= _MIN_IDEOGRAPHS:
            return rest
    return None


def _sentence(s: str) -> str:
    return re.split(r"[。！!？?\s]", s.strip(_CUT), maxsplit=1)[0].strip(_CUT)


def _ideographs(s: str) -> int:
    return len(re.findall(r"[\u4e00-\u9fff]", s))
