"""The name to register changed to a relative's, said at a later question.

    kin_name("名字还是写我老伴的吧 事情是她的 她叫吴玉珍", names) -> "吴玉珍"
    kin_name("我老伴叫吴玉珍 她身体不好", names)                 -> None   (a relative in the story)

The citizen gave their own name, and later (asked for the phone, the request, at the summary)
says the matter is a relative's and that relative's name should go on it. What makes it a
choice of whose name, not a relative told of in the story, is the grammar: a word of putting a
name down (名字 / 姓名 / 登记的人 / 写 / 填 / 用 / 换成 / 改成) before whose it is (我老伴 / 俺爹 /
我家那口子 …), then the relative's name after 叫 / 是 (他叫…, 她叫…, 名字叫…). The name itself is
read by the project's name reader (nlp.names), so rare and compound surnames are read as at the
name question.

Pure; no I/O.
"""

from __future__ import annotations

import re
from typing import Protocol

from nlp.entities import NameMention, normalize
from nlp.hanzi import to_simplified

_KIN = (r"(?:那口子|老伴儿?|老婆|媳妇儿?|爱人|老公|丈夫|妻子|对象|老头子?|老太婆|老太太|爹|娘|爸爸?|妈妈?|老父亲|"
        r"老母亲|父亲|母亲|儿子|女儿|闺女|大儿子|小儿子|大女儿|小女儿|哥哥?|姐姐?|弟弟?|妹妹?|兄弟|公公|婆婆|"
        r"爷爷|奶奶|外公|外婆|姥姥|姥爷|孙子|孙女|家老人|老人家?)")
# A word of putting a name down, then whose (within a few characters): 名字还是写我老伴的,
# 登记的人改成我儿子, 写我家那口子的名字, 姓名那块写我父亲.
_WHOSE = re.compile(
    r"(?:名字|姓名|名子|登记的?人|登记人|署名|写|填|用|登记|换成|改成|改为)[^，,。！!？?；;]{0,6}?"
    r"(?:我|俺|咱)(?:家|们家)?(?:的)?" + _KIN)
_PHONE_WORD = re.compile(r"电话|手机|号码|联系方式")
_NAME_WORD = re.compile(r"名字|姓名|名子|登记的?人|署名")
# The relative's name after the choice: 她叫…, 他的名字是…, 叫…
_CALLED = re.compile(r"(?:叫|名字是|姓名是|是)\s*([\u4e00-\u9fff]{2,4})")


class _Names(Protocol):
    def find(self, text: str, *, bare: bool = False, asked: bool = False) -> NameMention | None: ...


def kin_name(text: str, names: _Names) -> str | None:
    """The relative's full name a message puts down instead of the citizen's (module
    docstring), or None."""
    t = normalize(to_simplified(text))
    m = _WHOSE.search(t)
    if m is None or _PHONE_WORD.search(t) and not _NAME_WORD.search(t):
        return None  # ("电话用我儿子的 他叫赵强 138…": whose phone, not whose name)
    for c in _CALLED.finditer(t, m.end()):
        raw = c.group(1)
        for n in range(len(raw), 1, -1):  # the longest that is a whole name (钱秀兰事情 -> 钱秀兰)
            found = names.find(raw[:n], bare=True)
            if found is not None and not found.surname_only and found.name == raw[:n]:
                return found.name
    return None
