"""nlp.asking: how to get a public service (a consultation) vs a grievance asked as a question."""

from __future__ import annotations

import pytest

from nlp.asking import asks_how_to_get, unfair, withheld


@pytest.mark.parametrize(("text", "how"), [
    ("请问失业金怎么申领 我上个月被厂里辞退了", True),
    ("听说有个高龄的钱 咋领啊", True),           # the subject in the clause before
    ("孩子上学要准备啥材料", True),
    ("我刚退伍回来 听说有自主就业的补助 找哪个部门", True),
    ("我要准备些什么材料吗", False),             # about this intake: no subject of its own
    ("要带哪些证件", False),
    ("名字不留可以吗 要什么手续", False),         # a question is no subject
    ("包工头姓贾 电话打不通了", False),
])
def test_how_to_get_a_service(text, how):
    assert asks_how_to_get(text) is how


@pytest.mark.parametrize(("text", "grievance"), [
    ("我们村别人都有 就我没有 这是为啥", True),
    ("隔壁家都拿到补偿了 就俺家没拿到", True),
    ("钱被村里扣了一半 凭什么", True),
    ("别人都说这个政策好 我想了解一下", False),
])
def test_unfair_treatment(text, grievance):
    assert unfair(text) is grievance


def test_something_withheld():
    assert withheld("走的时候押金不退") and not withheld("我上个月被厂里辞退了")


@pytest.mark.parametrize(("text", "reported"), [
    ("他们讲材料不全 又讲不清差什么", True),     # what they said, with 什么 in it
    ("问他是哪个单位的他也不说", True),
    ("镇上说归水利站管 谁都不来", True),          # a negative indefinite
    ("是哪个部门处理", False),
    ("他说要交钱吗", False),                      # asked
])
def test_a_report_with_a_question_word_asks_nothing(text, reported):
    from nlp.asking import reports
    assert reports(text) is reported
