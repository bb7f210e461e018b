""""I don't know how to say it" (我也不知道咋说, 不晓得从哪讲起, 这事说来话长) while the matter is
asked for, before consent or after, is no part of the account: the citizen is told to take their
time and the matter is asked for again. Own wordings (issue 14 round 7, 14r), written before
the fix."""

from __future__ import annotations

import pytest

from tests.dialogs.fakes import Talk

AT_A_LOSS = [
    "我也不知道咋说",
    "不知道从哪说起",
    "俺也不晓得该咋讲",
    "这个事说来话长",
    "咋说呢 我也说不明白",
    "不知道怎么讲才好",
    "哎 不知道从何说起",
    "我都不晓得怎么开口",
    "不曉得該怎麼說",
    "我嘴笨 不知道咋说清楚",
]


@pytest.mark.parametrize("said", AT_A_LOSS)
def test_at_a_loss_for_words_after_consent_is_not_the_account(dialog, said):
    t = Talk(dialog)
    t.say("你好")
    t.say("同意")
    t.say(said)
    assert "description" not in t.data and t.doc["state"] == "ask_description"


@pytest.mark.parametrize("said", AT_A_LOSS)
def test_at_a_loss_for_words_before_consent_is_not_the_account(dialog, said):
    t = Talk(dialog)
    t.say(said)
    t.say("同意")
    assert "description" not in t.data and t.doc["state"] == "ask_description"


# With the matter in the same message, the matter is kept (without the words about saying it).
def test_the_matter_beside_it_is_kept(dialog):
    t = Talk(dialog)
    t.say("你好")
    t.say("同意")
    t.say("我也不知道咋说 反正就是村里把俺家的低保停了 半年了")
    assert "低保" in t.data.get("description", "")
