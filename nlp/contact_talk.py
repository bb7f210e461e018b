"""Talk about how to reach the citizen, said around a phone number: never part of the account.

"没有手机 家里座机 八六九零一二三四", "老年机没开 打家里的 …", "打村部电话吧 … 让他们喊我": at the phone
question the clauses around the number say which phone rings and who answers it. A clause is
contact talk when it names a phone or a call (a closed class of words: 手机, 座机, 电话, 号码,
老年机, 短信, 微信, 打 / 接 / 回 a call, 喊 / 叫 / 找 someone to it, 有人接, 联系).
"""

from __future__ import annotations

import re

_CLAUSE = re.compile(r"[^，,。.！!？?；;\s]+")
_CONTACT = re.compile(r"手机|手機|座机|座機|固话|固話|电话|電話|号码|號碼|老年机|老人机|短信|微信|信号|停机|欠费|"
                      r"打(?!人|架|工|官司|伤|死|牌|算|听|扫|了我|我们?一顿)|(?:有人|没人)?接(?:不到|得到|听)?$|有人接|没人接|"
                      r"喊(?:我|俺|一声)|叫(?:我|俺)(?:一声|过去|接)|找(?:我|俺)|联系|回个?话")


def without_contact_talk(text: str) -> str:
    """`text` without its clauses about the phone or the call (their separators with them)."""
    kept = [m.group(0) for m in _CLAUSE.finditer(text) if not _CONTACT.search(m.group(0))]
    return " ".join(kept)
