"""Which answer a question about what is needed gets (issue 14, round 8, 14z).

The understanding reads "为啥要名字啊 我怕他知道" and "要填小区名字吗 还是门牌号" as a question about
what the intake needs; a clerk answers the question asked, not the list of everything needed:

- a fear of being known beside it (怕他知道 / 担心村里晓得 / 怕报复 / 会不会传出去): the privacy answer;
- a question about the form of the field being asked (the address: 小区名还是门牌号, 要写到门牌吗;
  the name: 全名还是姓, 写真名吗; the phone: 手机还是座机): that field's answer; why the field is
  needed at all (为啥要留名字) keeps the answer of what is needed and why.

Both are closed forms (a fear verb before a verb of being known; a word of the pending field with
a question particle or 还是), so they are read by rule.
"""

from __future__ import annotations

import re

from nlp.hanzi import to_simplified

_FEAR_KNOWN = re.compile(r"(?:怕|担心|害怕|万一|就怕)[^，,。？?！!]{0,6}?(?:知道|晓得|看到|发现|报复|找我麻烦|找麻烦|"
                         r"传出去|说出去|记恨|打击)")
# the words of each field's form, and a question about it
_FIELD_FORM = {
    "address": re.compile(r"小区|门牌|楼号|几栋|单元|村名|组名|几组|路名|地址|住址|门口|写到|具体到|详细"),
    "name": re.compile(r"全名|真名|真实姓名|小名|外号|姓就行|只写姓|写姓|名字|姓名"),
    "phone": re.compile(r"手机|座机|固话|电话|号码|微信"),
}
_ASKS = re.compile(r"还是|[吗么嘛][？?]?|[？?]|行不行|可不可以|可以不|要不要|用不用|行吗|中不中|成不成|哪个")
# "为啥要留名字": why it is needed at all, the list and its legal basis, not the field's form
_WHY = re.compile(r"为啥|为什么|为何|干啥|干嘛|做什么用|有什么用|有啥用|凭什么|咋还要|怎么还要")
_SLOT_WORDS = {"address": "address", "name": "name", "anonymous": "name", "phone": "phone"}


def answer_topic(text: str, topic: str, slot: str | None) -> str:
    """The prompt topic to answer a process question of `topic` with, asked while `slot` is
    open: "privacy", "field_<slot>", or `topic` itself."""
    if topic != "needed":
        return topic
    t = to_simplified(text)
    if _FEAR_KNOWN.search(t):
        return "privacy"
    field = _SLOT_WORDS.get(slot or "")
    if field is not None and _FIELD_FORM[field].search(t) and _ASKS.search(t) and not _WHY.search(t):
        return "field_" + field
    return topic
