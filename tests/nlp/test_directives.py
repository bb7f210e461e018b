"""nlp.directives: a reply to 您希望怎么解决 that tells someone to do something, beside a question."""

from __future__ import annotations

import pytest

from nlp.directives import directs


@pytest.mark.parametrize(("text", "directive"), [
    ("到底归哪个部门 把下水道掏通", True),       # the disposal form
    ("反正赶紧修好", False),                     # (反正 before the adverb: not at the clause start)
    ("赶紧修好", True),
    ("没有手续就拆掉", True),                    # a conditional order
    ("该退的退给我们", True),
    ("别再往河里排了", True),
    ("是哪个部门处理", False),                   # a question about the intake
    ("我就把事情说一下", False),                 # the disposal form of telling, not of an order
    ("把我的电话删掉吗", False),                 # asked, not ordered
])
def test_directs(text, directive):
    assert directs(text) is directive


@pytest.mark.parametrize("text", ["定下来到底谁管 把水管换掉", "收费到底合不合规 不合规就退钱"])
def test_a_directive_with_a_question_is_the_request(understanding, text):
    r = understanding.interpret(text, "request")
    assert (r.kind, r.field) == ("answer", "request") and r.value == text


def test_a_question_about_the_intake_at_the_request_question_is_still_answered(understanding):
    r = understanding.interpret("是哪个部门来处理", "request")
    assert (r.kind, r.topic) == ("process", "handler")
