"""A request said at the request question is never read as a cancel when it holds no word of
withdrawal (issue 14, eighth session, the lead; set X's x08 showed the class: "把涵洞疏通了 让路不再
淹" → "好的，已取消", the whole petition dropped). The learned turn-act reader may say "cancel";
without a cue of stopping (算了 / 取消 / 撤 / 放弃 / 不…了 / 不用 / 不打算 …) the message is the
request. Own wordings (farmers, migrants, voice input, WeChat style), written before the fix.
"""

from __future__ import annotations

import pytest

from tests.dialogs.fakes import text_of
from tests.dialogs.test_understand_qa14m import answer_until, opened

STORY = "我们村口的涵洞堵了 一下雨路就淹 电动车都骑不过去 找过村里 说没钱"

REQUESTS = [
    "把涵洞疏通了 让路不再淹",
    "疏通一下 以后下雨别再淹了",
    "给清一清 再也不要淹了",
    "希望派人来通一通 别让老百姓再蹚水",
    "涵洞挖开 路垫高一点 不再积水就行",
    "把堵的东西掏干净 以后定期清",
    "俺就想让路好走 下雨不淹",
    "通了就中 别的不图",
    "修好它 让娃上学不再绕路",
    "把管子换粗的 省得老堵",
    "村里出钱清掉 不能再拖",
    "疏通涵洞，再装个格栅挡垃圾",
]

WITHDRAWALS = ["算了 不弄了", "还是不报了", "取消吧 不想弄了", "这事我不打算往上报了"]


@pytest.mark.parametrize("said", REQUESTS)
def test_a_request_without_a_word_of_withdrawal_is_the_request(dialog, said):
    t = opened(dialog, STORY)
    answer_until(t, {"request"}, town="吕良镇", address="龙港村三组", name="我叫倪红兵",
                 phone="13905171234")
    t.say(said)
    reply = text_of(t.results[-1])
    assert "已取消" not in reply, reply
    assert t.data.get("request"), (t.data, reply)


@pytest.mark.parametrize("said", WITHDRAWALS)
def test_a_withdrawal_at_the_request_question_still_cancels(dialog, said):
    t = opened(dialog, STORY)
    answer_until(t, {"request"}, town="吕良镇", address="龙港村三组", name="我叫倪红兵",
                 phone="13905171234")
    t.say(said)
    assert "已取消" in text_of(t.results[-1]) or t.results[-1].expecting == "confirm_cancel", \
        text_of(t.results[-1])
