"""A self-introduction (where one is from, where one lives or works, for how long) is not what
happened: an opening that says only that is thin, and the clerk asks for the story.

Own wordings, written before the fix (committed xfail strict): migrants, farmers, shopkeepers,
retirees, voice input without punctuation, dialect flavour.
"""

from __future__ import annotations

import pytest

from nlp.story import gaps, thin

SELF_INTRODUCTIONS = [
    "俺是山东菏泽的 在前锋镇打零工三年多了",
    "我是外地来的 在塔集镇住了五年了",
    "我是安徽六安人，在黎城街道开了个修车铺，开了七八年了",
    "俺是河南商丘的 来金湖好几年了 在银涂镇厂里上班",
    "本人是退休教师，在戴楼街道住了二十多年",
    "我们是宝应过来的 在吕良镇承包了几十亩地 种了三年了",
    "我是金北街道的居民 在这住了十几年了",
    "你好我是陈桥镇的 在镇上开小超市好几年了",
    "我老家是盐城的，嫁到前锋镇二十年了",
    "我是个跑外卖的 在金湖跑了两年多了",
    "俺是江西上饶的 在金湖一个电子厂做了四年",
    "我在金南镇种了一辈子地了 今年七十三了",
]

STORIES = [  # a self-introduction followed by what happened: not thin on "what"
    "俺是山东菏泽的 在前锋镇打零工三年多了 工地老板欠了俺们八个人三个多月的工钱",
    "我是外地来的 在塔集镇住了五年了 楼下饭店油烟天天往我家窗户里灌",
    "我是安徽六安人，在黎城街道开了个修车铺，城管上个月把我的招牌拆了也不给个说法",
    "本人是退休教师，在戴楼街道住了二十多年，小区门口的路灯坏了半年没人修",
]


@pytest.mark.parametrize("text", SELF_INTRODUCTIONS)
def test_a_self_introduction_alone_says_nothing_happened(text: str) -> None:
    assert "what" in gaps(text)
    assert thin(text)


@pytest.mark.parametrize("text", STORIES)
def test_a_self_introduction_then_the_matter_keeps_what_happened(text: str) -> None:
    assert "what" not in gaps(text)
