"""A request widened at the summary ("诉求改一下 不光要补偿款 还要把账目公示出来") keeps what was
asked before and adds the new part: 不光 / 不只 / 除了 / 还要 / 再加 / 另外 say "this too", not
"instead". Own wordings (issue 14 round 7, 14r; set U u22), written before the fix."""

from __future__ import annotations

import pytest

from nlp.hanzi import to_simplified
from tests.dialogs.test_understand_qa14m import opened
from tests.dialogs.test_understand_qa14p import ANSWERS, MATTER, answer_until

OLD = "修好"  # (ANSWERS["request"] is 希望尽快把路修好)
# (said at the summary, a word of the added part)
WIDENED = [
    ("诉求改一下 不光要修路 还要把路灯装上", "路灯"),
    ("诉求再加一条 还要赔偿我们的损失", "赔偿"),
    ("要求不只是修路 还要追究施工队的责任", "追究"),
    ("诉求改成 除了修路 还要把排水沟也挖好", "排水沟"),
    ("除了把路修好 还希望以后定期维护", "维护"),
    ("诉求补充一下 另外要公开维修资金的账目", "账目"),
    ("诉求改下 不仅要修路 也要把占道的违建拆了", "违建"),
    ("我的要求不单单是修路 还要村里给个说法", "说法"),
    ("诉求那里 再加上把路边的树补种上", "补种"),
    ("訴求改一下 不光要修路 還要裝護欄", "护栏"),
    ("要求也改改 修路之外还要把积水排掉", "积水"),
]


@pytest.mark.parametrize("said,added", WIDENED)
def test_a_request_widened_at_the_summary_keeps_what_was_asked(dialog, said, added):
    t = opened(dialog, MATTER)
    answer_until(t, {"confirm"})
    assert OLD in t.data["request"]
    t.say(said)
    req = to_simplified(t.data.get("request") or "")
    assert OLD in req and added in req, req
    assert t.doc["state"] == "confirm"


# A request replaced outright stays replaced.
REPLACED = [("诉求改成 把路面重新铺一遍", "重新铺", OLD), ("诉求不是修路 是要求赔钱", "赔钱", OLD)]


@pytest.mark.parametrize("said,new,old", REPLACED)
def test_a_request_replaced_outright_is_replaced(dialog, said, new, old):
    t = opened(dialog, MATTER)
    answer_until(t, {"confirm"})
    t.say(said)
    req = t.data.get("request") or ""
    assert new in req and old not in req, req


def test_answers_are_as_in_round_p():
    assert ANSWERS["request"].endswith(OLD)
