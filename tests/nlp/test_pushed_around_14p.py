"""Departments pushing a matter to each other, told the way citizens tell it (issue 14, round
p): each office named sending the citizen to the other (问住建局说归镇里 问镇里说归住建局), 你推我
我推你, 推给…又推给…. The multi-department signal (and so the yellow colour) is raised. Every
wording was written for this test before the fix; none is a tester's."""

from __future__ import annotations

import pytest

from nlp.classifier import Classifier

PASSED_BETWEEN = [
    "我家的房产证办了两年 问不动产中心说归住建局 问住建局又说归不动产中心",
    "路灯坏了 找供电所说该归镇上管 找镇上说该归供电所",
    "俺去社保局 社保局叫俺找人社局 到了人社局又叫俺回社保局",
    "垃圾堆在河边没人清 城管让我去找环卫所 环卫所让我去找城管",
    "这个事村里推给镇里 镇里又推给县里 到现在没人管",
    "卫生院和医保办你推我我推你 我妈的报销单拖了半年",
    "问水务公司说是自来水厂的事 问水厂说是水务公司的事",
    "我去派出所说归司法所 去司法所又讲归派出所 跑断了腿",
    "學校說歸教育局管 教育局說歸學校管 孩子的補助就這麼拖著",
    "开发商说找物业 物业说找开发商 漏水漏了一年",
    "镇里讲要村里盖章 村里讲要镇里先批 两头跑了七八趟",
    "找交警队 交警让我找路政 路政又让我找交警",
]


@pytest.mark.parametrize("text", PASSED_BETWEEN)
def test_offices_sending_the_citizen_to_each_other(classifier: Classifier, text: str) -> None:
    a = classifier.analyze(text)
    assert a.multi_department is True, a.multi_department_reason


# Not passing around: one office's answer, one referral, a question.
ONE_OFFICE = [
    "村里说归镇上管 我就去镇上反映了 镇上说下个月来修",
    "我问了社保局 社保局说材料不全",
    "请问这个事归哪个部门管",
]


@pytest.mark.parametrize("text", ONE_OFFICE)
def test_one_referral_is_no_passing_around(classifier: Classifier, text: str) -> None:
    a = classifier.analyze(text)
    assert a.multi_department_reason != "pushed_around"
