"""`nlp.phones.spoken_phone_spans`: where a phone read aloud (in groups, pauses as spaces) lies
in the message itself, so it can be cut out whole."""

from __future__ import annotations

import pytest

from nlp.phones import spoken_phone_spans


@pytest.mark.parametrize("said,number,written", [
    ("手机幺三八 幺二五八 七六零三金南镇的夜市", "13812587603", "幺三八 幺二五八 七六零三"),
    ("俺电话 一五二 五一七三 六六零九 有事打", "15251736609", "一五二 五一七三 六六零九"),
    ("电话13912345678我们村", "13912345678", "13912345678"),
    ("号码是139-0524-8716，打这个", "13905248716", "139-0524-8716"),
    ("我手机一八零五二三九六四七一家在金南镇", "18052396471", "一八零五二三九六四七一"),
])
def test_the_span_covers_the_whole_number_as_written(said, number, written):
    found = spoken_phone_spans(said)
    assert [(n, said[a:b]) for n, (a, b) in found] == [(number, written)]


def test_no_phone_no_span():
    assert spoken_phone_spans("三个月没发工资了 一共七万多") == []
