"""Whether a place phrase names a place a department could go to, or only describes one.

An address is a place one can find: a village, community or estate with its NAME (官塘村,
幸福家园, 东湖新村), a road and number, an institution's building (粮食局宿舍2号楼). A story says
where it happened in words that describe a place without naming it: 老小区, 河边的老房子, 镇上分的
老公房, 厂里分的老宿舍楼, 拆迁安置小区, 十几楼, 村里的老房子. Such a phrase is no address: the
address is still to be asked.

The describing words are a closed class, so this is a grammar, not a list of sentences: a
phrase is nameless when it is made up entirely of
- who or which: 我们, 俺家, 那个, 这栋 …;
- age and state: 老, 旧, 新, 破旧, 新建 …;
- where, as a common noun: 村里, 镇上, 乡下, 河边, 城郊, 厂里, 单位, 老家 …;
- a relative clause of one verb: 分的, 租的, 盖的, 分配的 …;
- the kind of housing: 拆迁安置, 廉租, 商品房, 农民集中居住, 职工, 集体 …;
- a floor given roughly: 十几楼, 二十多层, 好几层 …;
- the kind of place: 小区, 社区, 新村, 宿舍楼, 家属院, 房子, 平房, 老屋 …, and a part of it after
  (里, 门口, 的路);
and 的 between them. Any other word (a proper name: 官塘, 幸福, 粮食局; a number of a building:
2号楼) makes the phrase a name. A bare village, street or road kind after one age word (新庄,
老街, 新街) is left to be a name: many places are called so.

A verb of placing before the place ("三轮车停在小区", "东西堆到院子") tells what happened there; only
the words after it are the place.

Pure: no I/O.
"""

from __future__ import annotations

import re

from nlp.hanzi import to_simplified

_WHO = (r"我们|俺们|咱们|他们|我家|俺家|咱家|他家|她家|人家|自家|自己家|自己|我|俺|咱|那个|这个|那栋|这栋|"
        r"那排|这排|那片|这片|那座|这座|那幢|这幢|那|这|一个|一栋|一排|个")
_AGE = r"老旧|破旧|破破烂烂|老式|旧式|新建|新盖|新修|最老|老|旧|破|新|原来|以前|早年"
_WHERE = (r"乡下老家|农村老家|老家|村里|村上|村子里|庄上|组里|镇上|镇里|乡下|乡里|城里|县城|县里|街上|城郊|郊区|"
          r"城边|河边|河沿|沟边|路边|湖边|江边|堤上|山上|村头|村口|村尾|村东头|村西头|东头|西头|南头|北头|"
          r"厂里|工厂|单位|公司|学校|部队|政府|公家|国家|所里|局里|外地|外面|附近|旁边|后面|前面|对面|隔壁")
_CLAUSE = (r"(?:分|租|买|盖|建|修|配|给|搬|住|换|拆|还|补|借|安排|分配|统一|集中|自己盖|自建|自盖|新盖|新建)"
           r"(?:了|过|给我们|给我|给俺)?的")
_HOUSING = (r"拆迁安置|拆迁|安置|回迁|动迁|还迁|公租|廉租|经适|经济适用|商品房?|农民|集中居住|集中|居住|农村|"
            r"城中村|职工|家属|集体|员工|出租|私人|自建|保障性?|棚改|福利|公家|单元|高层|多层|低层")
_ROUGH_FLOOR = r"(?:[一二三四五六七八九十]*[几来多]|好几|几十)(?:层|楼)(?:高)?"
_KIND = (r"小区|社区|新村|居民区|住宅区|居住区|生活区|宿舍区|家属区|家属院|家属楼|大院|院子|院落|宿舍楼|"
         r"宿舍|公寓|公房|房子|楼房|平房|瓦房|老屋|屋子|宅子|老宅|宅基地|出租屋|出租房|门面房|门面|村子|庄子|"
         r"片区|地方|小楼|楼盘|新楼盘|工地|楼|房|屋|院|家")
_TAIL = r"里面|里头|里|上面|上|门口|大门口|外面|外头|后面|前面|旁边|对面|附近|边上|那边|这边|那块|那里|这里|路|马路|路灯|楼道"
_LEAD = r"(?:的是|就是|的|是|在|住)*"
_TOKEN = "|".join(f"(?:{x})" for x in (_WHO, _AGE, _WHERE, _CLAUSE, _HOUSING, _ROUGH_FLOOR, _KIND, _TAIL))
_KIND_ALONE = re.compile(_KIND)
_NAMELESS = re.compile(rf"{_LEAD}(?:(?:{_TOKEN})的?)+")
# A verb of placing: what stands before it is the thing placed, not the place.
_PLACED = re.compile(r"^.*?(?:停|放|堆|扔|倒|摆|丢|晒|挂|搁|泊)(?:在|到|进)")
# One age word before a village's, street's or road's kind may be the place's name (新庄, 老街).
_MAY_BE_NAME = re.compile(r"(?:老|旧|新|东|西|南|北|前|后|大|小)(?:庄|街|路|巷|集|港|圩|湾|桥|村)")


def nameless(place: str) -> bool:
    """`place` only describes where (老小区, 河边的老房子, 镇上分的老公房, 十几楼): it names no
    place one could go to. A phrase with any proper word ("幸福家园", "粮食局宿舍2号楼") is a
    name."""
    p = re.sub(r"[\W_]+", "", to_simplified(place))
    p = _PLACED.sub("", p)
    if not p or _MAY_BE_NAME.fullmatch(p) and not _KIND_ALONE.fullmatch(p):
        return False
    return _NAMELESS.fullmatch(p) is not None
