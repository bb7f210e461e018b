"""nlp.own_matter: a decision to file after a question, read clause by clause (issue 14, round t)."""

from __future__ import annotations

import pytest

from nlp.own_matter import decides_to_file, strong, without_filing_talk

DECISIONS = [
    ("那俺还是反映一下吧 俺家的地被占了两年", True),
    ("算了 还是登记吧", False),
    ("我要投诉他们", True),
    ("不问了 直接给我反映上去", True),
    ("帮俺登记一下", False),
    ("我們還是正式反映這個事", True),
]


@pytest.mark.parametrize("text,petition", DECISIONS)
def test_a_decision_to_file_is_read_and_its_strength(text, petition):
    assert decides_to_file(text)
    assert strong(text) is petition


NOT_DECISIONS = [
    "村里反映过好几次了 没人管",
    "他告诉我要等",
    "我已经登记过了",
    "低保怎么申请",
    "镇上说这个事要登记",
]


@pytest.mark.parametrize("text", NOT_DECISIONS)
def test_facts_that_name_filing_are_no_decision(text):
    assert not decides_to_file(text)


def test_the_talk_about_filing_leaves_the_account():
    told = without_filing_talk("就问问 不登记的 算了 我还是正式反映一下吧 去年征了我家三亩地 补偿款只给了一半")
    assert told == "去年征了我家三亩地 补偿款只给了一半"
    assert without_filing_talk("我要登记反映") == ""
