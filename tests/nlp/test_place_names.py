"""nlp.place_names.nameless: a place described (老小区, 河边的老房子) against a place named
(幸福家园, 粮食局宿舍2号楼). Rows of both kinds, composed for this test (14w), none a tester's."""

from __future__ import annotations

import pytest

from nlp.place_names import nameless

DESCRIBED = [
    "老小区", "老旧小区", "旧小區", "破旧的老房子", "河边的老房子", "村里的老房子", "镇上的安置房里",
    "的是厂里分的老宿舍楼", "的是镇上分的老公房", "拆迁安置小区门口的路", "安置小区", "老新村",
    "城里的商品房小区", "农民集中居住小区", "老舊社區", "我们这个老旧小区", "十几楼", "二十多层的高层",
    "三轮车停在小区", "电动车停在小区", "家属院", "乡下老家的村子里", "单位的宿舍", "公司的集体宿舍",
    "租的平房", "新村", "那栋楼", "廉租房", "回迁房", "俺家老屋",
]
NAMED = [
    "金湖花园小区", "粮食局宿舍2号楼", "淮胜路粮食局宿舍2号楼", "官塘村五组", "建设路66号", "东湖新村3栋",
    "幸福家园", "新河村三组", "老粮站宿舍楼", "新庄", "老街", "新街", "闵桥老街20号", "陈桥新村十二排",
    "白马湖村", "建华小区", "镇政府大院", "卫生院对面", "前锋中学", "同心村", "老虎村", "东风路",
    "新华小区", "老年公寓", "人民路", "大庄", "中心村", "银集街道口", "黎城花园14栋", "化肥厂宿舍",
]


@pytest.mark.parametrize("place", DESCRIBED)
def test_a_place_described_is_nameless(place):
    assert nameless(place)


@pytest.mark.parametrize("place", NAMED)
def test_a_place_named_is_not(place):
    assert not nameless(place)
