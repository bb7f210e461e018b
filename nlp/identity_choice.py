"""Sentences in which the citizen withholds who they are (我不留名字也不留电话, 本人不愿透露姓名,
名字电话就不留了, 我匿名举报): a choice about the record, never part of the account.

    without_identity_choice("有人夜里挖沙，半个月了。我不留名字也不留电话。")
    -> "有人夜里挖沙，半个月了。"

Only a clause that says nothing else is cut ("他不留名字就走了" stays: someone else, an event).
Pure.
"""

from __future__ import annotations

import re

_WHAT = r"(?:真实?)?(?:名字|姓名|真名|名|电话|手机号?|号码|联系方式|身份)"
_CHOICE = re.compile(
    r"匿名(?:举报|反映|投诉)?|"
    r"不(?:想|愿意?|方便|便)?(?:留|透露|说|告诉|写)(?:你们?)?(?:我的?)?" + _WHAT + r"(?:[和跟与、]" + _WHAT + r")?|"
    + _WHAT + r"(?:[和跟与、也]?" + _WHAT + r")?(?:我|俺)?(?:就|都|也)?不(?:想|愿意?|方便)?(?:留|说|透露|写)")
# What may stand beside the choice in its clause.
_FILLER = re.compile(r"[我俺本人就都也了哈啊吧呀的嗯那这个]|举报人|反映人|我们")
_CLAUSE = re.compile(r"[^，,。.！!；;\n]+[，,。.！!；;\n]*")


def _is_choice(clause: str) -> bool:
    core = re.sub(r"[\W_]+", "", clause)
    if not _CHOICE.search(core):
        return False
    return not _FILLER.sub("", _CHOICE.sub("", core))


def without_identity_choice(text: str) -> str:
    """`text` without the clauses that only withhold the citizen's name or phone."""
    kept = "".join(c for c in _CLAUSE.findall(text) if not _is_choice(c))
    return re.sub(r"[，,；;、\s]+$", "", kept)
