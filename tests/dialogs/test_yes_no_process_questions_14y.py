"""A yes-no question closed by 不 about this intake is answered, never stored (issue 14, round
8, engineer 14y).

"能匿名不", "要本人来不", "要带户口本不": in Henan, Shandong and 淮安 speech a yes-no question is
closed by 不 with no 吗. Only the cost question had this form understood ("要掏钱不"); the others
were added to the account ("好的，已补充到事情经过里"), taken as the address or the request, or
passed over while the bot went on to the next question. A clerk answers the question and asks
again what was open.

Own wordings, written before a fix (xfail strict where the bot failed them: 11 of 13), asked at
the follow-up about the account and at the later questions. LEFT for a later round: intent-corpus
rows of such questions composed per topic (what one must, may or will do x how the question
closes) took the intent test split under 0.95 (0.940-0.946: the held-out forms were read as
consultations, refusals or answers by the rules before the model), so they were not committed.
"""

from __future__ import annotations

import pytest

from tests.dialogs.fakes import Talk
from tests.dialogs.test_understand_qa14p import answer_until

BEFORE = pytest.mark.xfail(strict=True, reason="written before the fix: the question is stored or "
                                              "passed over")
ACCOUNT = "我家低保今年被停了"
TRIED = "找过村里两回 说是上面定的 让我们等着"

# (the question open, the citizen's question)
QUESTIONS = [
    pytest.param("description", "要本人来不", marks=BEFORE),
    pytest.param("description", "要本人签字不", marks=BEFORE),
    pytest.param("description", "能打电话问进度不", marks=BEFORE),
    pytest.param("description", "我儿子替我反映行不", marks=BEFORE),
    pytest.param("description", "这个能在手机上查不", marks=BEFORE),
    pytest.param("town", "要本人到镇上去不", marks=BEFORE),
    pytest.param("address", "俺闺女帮俺弄中不", marks=BEFORE),
    ("phone", "打座机能找到俺不"),  # (passes since 14cross: the 座机 talk at the phone question)
    pytest.param("description", "要俺按手印不", marks=BEFORE),
    pytest.param("town", "要开村里证明不", marks=BEFORE),
    pytest.param("request", "这事要经过村里不", marks=BEFORE),
    ("address", "你们会到俺家来看不"),
    ("description", "俺说的会转到村里不"),
]
FIELDS = ("description", "town", "address", "name", "phone", "request")


def asked_at(dialog, question: str) -> Talk:
    t = Talk(dialog)
    t.say("你好")
    t.say("同意")
    t.say(ACCOUNT)
    if question != "description":
        t.say(TRIED)
        answer_until(t, {question})
    assert t.results[-1].expecting == question
    return t


@pytest.mark.parametrize(("question", "text"), QUESTIONS)
def test_a_yes_no_question_closed_by_bu_is_answered_and_the_question_asked_again(dialog, question,
                                                                                text):
    t = asked_at(dialog, question)
    before = {f: t.data.get(f) for f in FIELDS}
    r = t.say(text)
    reply = " ".join(x.text for x in r.replies)
    assert {f: t.data.get(f) for f in FIELDS} == before, reply
    assert r.expecting == question and t.doc["state"] != "handoff", reply
    assert "已补充" not in reply and "记下了" not in reply, reply
