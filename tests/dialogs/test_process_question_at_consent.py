"""A question about the process asked while the privacy notice waits for consent is answered
there (a clerk answers "does it cost anything?" before asking to sign), then consent is asked
again; the question is never kept as the matter. Wordings written by the lead before the fix
(elderly, dialect, WeChat style, voice input, traditional characters).
"""

from __future__ import annotations

import pytest

from tests.dialogs.fakes import Talk, said

# (the question at the consent prompt, the topic whose answer a clerk gives)
QUESTIONS = [
    ("这个收费吗", "cost"),
    ("在网上反映要花钱不", "cost"),  # (read since issue 14 round t: a question closed by 不)
    ("登记要交钱吗 俺没什么钱", "cost"),
    ("一般多久能有答复啊", "time"),
    ("要等几天才有人回", "time"),
    ("我说的东西会不会被村里知道", "privacy"),
    ("我的名字会不会泄露出去", "privacy"),
    ("可以不留名字吗", "anonymity"),
    ("能匿名反映吗", "anonymity"),
    ("都要填些啥东西", "needed"),
    ("需要准备哪些材料", "needed"),
    ("這個要收費嗎", "cost"),
]


@pytest.mark.parametrize(("question", "topic"), QUESTIONS)
def test_a_process_question_at_consent_is_answered_and_consent_asked_again(dialog, question, topic):
    t = Talk(dialog)
    t.say("你好")
    r = t.say(question)
    assert said(dialog, r, "process_" + topic), [s.text for s in r.replies]
    assert r.expecting == "consent"
    t.say("同意")
    assert t.results[-1].expecting == "description"
    assert not t.data.get("description")  # the question is not the matter
