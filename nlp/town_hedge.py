"""A town named with a hedge about its name, at the town question.

    hedged_town("原来涂沟乡的 现在叫什么我也不晓得", gazetteer) -> "涂沟乡" (银涂镇: its old name)
    hedged_town("以前叫闵桥公社 现在归哪个镇我也搞不清", gazetteer) -> "闵桥" (塔集镇)
    hedged_town("不知道是塔集还是金南", gazetteer)              -> None  (two towns: which is open)

Elderly citizens often know only the former name of their town (config/towns.toml old_names)
and say so: "以前叫…", "现在叫啥不晓得", "合并以后搞不清了". The don't-know is about today's name,
which the gazetteer knows, so a clerk writes down today's town. The class is closed: one town of
the county named (today's name or a former one), and everything else in the message is talk
about that name (when it was so called, that it changed, that they are not sure), a few words of
filler, nothing of the matter.

Pure; no I/O.
"""

from __future__ import annotations

import re

from nlp.entities import Gazetteer, normalize

# Talk about a town's name: then and now, changed or merged, not sure what it is called today.
_NAME_TALK = re.compile(
    r"以前|之前|原来|原先|老早|早先|过去|从前|早年|那时候?|当年|老地名|老名字|新名字|名字|地名|现在|如今|后来|合并|并了|"
    r"改名|改了|改过|换了|撤了|划(?:到|给|归)|归|叫|是|属于|哪个镇|哪个乡|哪个街道|什么镇|啥镇|"
    r"不晓得|不知道|搞不清|弄不清|不清楚|不太清楚|记不得|记不清|记不住|想不起来?|说不准|说不好|不确定|拿不准|闹不清|"
    r"好像|大概|可能|应该|估计|反正|只知道|就知道|我也|我|俺|咱|们|也|都|就|还|那|这|"
    r"公社|乡|镇|那边|那块|那片|一带|的|了|吧|啊|呢|哦|呀|嘛|什么|啥|个|新|老|旧")


def hedged_town(text: str, gazetteer: Gazetteer | None) -> str | None:
    """The words naming the town when one town of the county is named and the rest is only
    talk about its name (module docstring), else None."""
    if gazetteer is None:
        return None
    t = normalize(text)
    found = gazetteer.find(t)
    if not found or len({m.town.name for m in found}) != 1:
        return None
    rest = t
    for m in sorted(found, key=lambda m: m.span[0], reverse=True):
        rest = rest[:m.span[0]] + "，" + rest[m.span[1]:]
    left = re.sub(r"[\W_\d]+", "", _NAME_TALK.sub("", rest))
    if len(left) > 2 or len(re.sub(r"[\W_]+", "", rest)) > 28:
        return None
    return found[-1].matched
