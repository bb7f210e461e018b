"""A part of the address corrected by naming the part, not the old value (楼号说错了 是6号楼):
the address changes that part and says so; nothing goes into the account. Found by the lead's
own trial after rounds j and k were merged ("等下 楼号说错了 是6号楼" at the summary was
appended to the account as an added fact). Wordings written for this test.
"""

from __future__ import annotations

import pytest

from tests.dialogs.fakes import Talk, text_of
from tests.dialogs.test_understand import start

ADDRESS = "幸福小区5号楼2单元301室"


def _summary(dialog) -> Talk:
    t = start(dialog)
    for a in ("戴楼", ADDRESS, "我叫万俟春生", "15861112222", "希望尽快把水管修好"):
        t.say(a)
    assert t.doc["state"] == "confirm", t.doc["state"]
    return t


PARTS = [
    ("等下 楼号说错了 是6号楼", "幸福小区6号楼2单元301室"),
    ("几号楼写错了 应该是6号楼", "幸福小区6号楼2单元301室"),
    ("哎 楼号不对 是7号楼", "幸福小区7号楼2单元301室"),
    ("单元号不对 是3单元", "幸福小区5号楼3单元301室"),
    ("单元写错了 应该是1单元", "幸福小区5号楼1单元301室"),
    ("房间号错了 是302室", "幸福小区5号楼2单元302室"),
    ("房号打错了 应该是401室", "幸福小区5号楼2单元401室"),
    ("樓號說錯了 是8號樓", "幸福小区8号楼2单元301室"),
]


@pytest.mark.parametrize(("said_", "want"), PARTS)
def test_an_address_part_corrected_by_its_name_changes_that_part(dialog, said_, want):
    t = _summary(dialog)
    before = t.data.get("description")
    r = t.say(said_)
    assert t.data.get("address") == want, (text_of(r), t.data)
    assert t.data.get("description") == before
    assert t.doc["state"] == "confirm" and "已改为" in text_of(r)
