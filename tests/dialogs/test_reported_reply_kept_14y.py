"""Someone else's words in the account are facts, never the citizen's talk about the talk (issue
14, round 8, engineer 14y; the lead's 01:21 note).

"镇里说名额满了 明年再说": the last clause, alone, would be the citizen deferring (明年再说); after
"X说…" it goes on with what X said and is what was tried. It was cut from the account as talk
about the talk. The same for an official's 不知道 / 不用再来了 / 以后再说 / 改天再讲.

Own wordings, written before the fix (8 of 18 failed, commit 41827f2; all pass since): every one is the
account, sent as the first message (before consent); the words of the reply must reach the
description.
"""

from __future__ import annotations

import pytest

from nlp.hanzi import to_simplified
from tests.dialogs.test_account_as_typed_14y import told

# (the account, the clause of the reply that must be kept)
ACCOUNTS = [
    ("我家的残疾人补贴停了三个月 去问民政办 民政办的人说系统升级 等等吧", "等等吧"),
    ("孩子上学的补助没批下来 学校说表交晚了 下学期再说", "下学期再说"),
    ("我们组的路灯坏了半年 村长讲没钱 以后再说", "以后再说"),
    ("俺在工地干了四个月活 包工头说工程款没下来 让俺们回去等着", "回去等着"),
    ("拆迁补偿少算了二十平 拆迁办说就这么定了 不用再来了", "不用再来了"),
    ("俺娘的养老金少发了两百 社保所说不知道 去问县里", "去问县里"),
    ("厂里把我开除了 人事说是老板的意思 算了吧", "算了吧"),
    ("邻居家盖房占了俺家半米 村干部来看了说都是邻居 算了", "算了"),
    ("医保报销一直没到账 卫生院说材料丢了 回头再说", "回头再说"),
    ("我們村的自來水黃了一個月 水廠說管子老了 過段時間再說", "过段时间再说"),
    ("物业费涨了一倍 物业经理说不交就停水 爱交不交", "爱交不交"),
    ("地里的青苗补偿没给 镇上说村里领了 村里说没见到钱 反正就是不给", "反正就是不给"),
    ("俺家的低保被取消了 找了民政 民政说不归他们管 不知道", "不知道"),
    ("我家屋后的排水沟堵死了 社区主任说没人手 过完年再讲", "过完年再讲"),
    ("学校食堂的饭菜太差 校长说就这个标准 不用反映了", "不用反映了"),
    ("俺在服装厂的工伤一直没认定 厂长说等着 等通知", "等通知"),
    ("小区电梯坏了两个礼拜 物业说配件没到 再等等", "再等等"),
    ("村里把俺家的宅基地证扣着不给 支书说没空 改天再说", "改天再说"),
]


@pytest.mark.parametrize(("account", "reply"), ACCOUNTS)
def test_the_reply_someone_gave_stays_in_the_account(dialog, account, reply):
    t = told(dialog, account)
    assert reply in to_simplified(t.data.get("description", "")), t.data.get("description")


# The citizen's own closing talk after a reported reply is still no part of the account.
@pytest.mark.parametrize("closing", ["谢谢你们了", "就这些", "麻烦领导了"])
def test_the_citizens_own_closing_after_a_reported_reply_is_not_kept(dialog, closing):
    t = told(dialog, f"我们组的路灯坏了半年 找过村长 村长讲没钱 {closing}")
    assert closing not in t.data.get("description", ""), t.data.get("description")
