"""What goes into the account (issue 14, round o). Every wording here was written for these
tests before the fix, none of them a tester's: elderly and Jianghuai register, Henan and
Shandong migrants, voice input without punctuation, typos, WeChat style, traditional
characters. Counts before and after are in the README's issue 14 round o section.

1. a letter's closing and signature block (此致 / 敬礼 / 盼复, 反映人：…, 联系电话：…, the date),
   sent on its own or at the end of the letter, never goes into the account;
2. talk at the summary (thanks, praise of the clerk, a question about what happens next) is
   never appended to the account;
3. an official's words quoted in the account (村主任跟我讲 “…”) are part of it: what the
   matter is (低保, 危房) is not cut with them;
4. a clause telling what a party did to someone (当着人骂他…) or a relative's condition (俺闺女是
   二级残疾) is part of the account, never dropped as talk about oneself.
"""

from __future__ import annotations

import re

import pytest

from nlp.hanzi import to_simplified
from tests.dialogs.fakes import Talk, text_of
from tests.dialogs.test_understand_qa14n import at_description, at_summary

# Wordings that failed before their fix and still fail, by test: xfail (strict), so the fix
# that mends one must take its mark off.
BEFORE_FIX: dict[str, set[str]] = {}


def marked(cases: list, test: str) -> list:
    """The cases, those in BEFORE_FIX[test] marked xfail (strict)."""
    out = []
    for case in cases:
        key = case[0] if isinstance(case, tuple) else case
        if key in BEFORE_FIX.get(test, set()):
            out.append(pytest.param(*(case if isinstance(case, tuple) else (case,)),
                                    marks=pytest.mark.xfail(strict=True, reason="before the fix")))
        else:
            out.append(case)
    return out


def desc(t: Talk) -> str:
    return to_simplified(t.data.get("description") or "")


# ---------------------------------------------------------------- class 1: a letter's closing

_STORY = "我家门口的排水沟堵了半年了 一下雨院子就淹 找过村里好几回都说没钱修"
# (closing block, the signer's name or "" for none)
CLOSINGS = [
    ("此致\n敬礼！\n反映人：王秀英\n联系电话：13812345678\n2026年12月5日", "王秀英"),
    ("此致敬礼 群众 李长根 手机139 1234 5678 十二月六号", "李长根"),
    ("盼复！ 反映人 张德福 联系方式 15161234567", "张德福"),
    ("特此反映。信访人：陈玉兰 电话：0517-86901234 2026.12.6", "陈玉兰"),
    ("此致 敬禮 反映人：劉桂芳 聯繫電話：13705171234", "劉桂芳"),
    ("此致敬礼 反映人孙大海 电话幺三九 五幺七零 二三四五", "孙大海"),
    ("敬礼！ 金湖县金南镇双桥村村民 周德兵 敬上 二〇二六年十二月五日", "周德兵"),
    ("谢谢领导！ 写信人：马志强 13952301234", "马志强"),
    ("此致 敬礼 金南镇双桥村二组全体村民 2026年12月", ""),
    ("望早日答复 反映人：赵秀兰（手机：18805171234） 十二月七日", "赵秀兰"),
    ("此致，敬礼。具名人：钱德旺，电话：13151234567，2026年12月6日", "钱德旺"),
]
_CLOSING_WORDS = re.compile(r"此致|敬礼|敬上|盼复|答复|反映人|信访人|写信人|具名|村民|群众|电话|手机|联系|"
                            r"\d{7}|[〇零一二三四五六七八九幺]{3}|年\d+月|月\d+[日号]|十二月")


def _clean_of_closing(t: Talk, signer: str) -> None:
    d = desc(t)
    assert "排水沟" in d and "半年" in d, d
    assert not _CLOSING_WORDS.search(d), d
    assert not signer or to_simplified(signer) not in d, d


@pytest.mark.parametrize(("closing", "signer"), marked(CLOSINGS, "closing_alone"))
def test_a_letters_closing_sent_on_its_own_is_not_the_account(dialog, closing, signer):
    t = at_description(dialog)
    t.say(_STORY)
    t.say(closing)
    _clean_of_closing(t, signer)


@pytest.mark.parametrize(("closing", "signer"), marked(CLOSINGS, "closing_end"))
def test_a_letters_closing_at_its_end_is_not_the_account(dialog, closing, signer):
    t = at_description(dialog)
    t.say("尊敬的领导：" + _STORY + "。" + closing)
    _clean_of_closing(t, signer)


# ---------------------------------------------------------------- class 2: talk at the summary

AT_SUMMARY = [
    "提交以后谁来管啊",
    "交上去以后多久有人联系我",
    "那提交完了我还要干啥不",
    "你比村里那个会计耐心多了",
    "还是你们态度好 谢谢啊",
    "辛苦你了小同志 比去镇上排队强多了",
    "这样就可以了吗 后面会有人打电话给我吗",
    "好人一生平安 谢谢政府",
    "謝謝你 比鎮上那些人客氣多了",
    "你们这个服务真不错 比打12345方便",
    "我说的你都记下了吧 辛苦辛苦",
    "提交以后我能查到办到哪一步了吗",
]


@pytest.mark.parametrize("said", marked(AT_SUMMARY, "summary"))
def test_talk_at_the_summary_is_not_appended(dialog, said):
    t = at_summary(dialog)
    before = dict(t.data)
    t.say(said)
    reply = text_of(t.results[-1])
    assert "已补充" not in reply, reply
    assert t.data == before, t.data.get("description")
    assert t.results[-1].expecting == "confirm"


# ---------------------------------------------------------------- class 3: an official quoted

# (opening, the word of the matter the account must keep)
QUOTED = [
    ("村主任跟我讲 “你家不符合危房改造条件 回去吧” 可俺家房子墙都裂了", "危房"),
    ("社保所的小张说你这个养老金就这么多 爱找谁找谁 我干了三十年才拿这点", "养老金"),
    ("镇上王干事讲的 “拆迁款没你家的份” 凭什么邻居家都有", "拆迁款"),
    ("厂里人事跟我说工伤认定不了 让我自己去医院看 我是在车间里被机器轧的手", "工伤"),
    ("派出所的民警讲 “这是民事纠纷我们不管” 可他都动手打人了", "民事纠纷"),
    ("俺去问医保 人家说 “你这个病不在报销范围” 俺这病花了五六万", "报销"),
    ("社区书记当面跟我说 廉租房名额早就满了 叫我明年再来", "廉租房"),
    ("村会计说补贴款已经打到卡上了 可我去银行查一分钱都没有", "补贴款"),
    ("鎮裡民政辦的人跟我說 “你家不夠低保條件” 可我老伴癱在床上好幾年了", "低保"),
    ("物业经理原话是“电梯坏了关我们啥事 找开发商去”😡 我们每年交物业费的", "电梯"),
    ("学校老师讲 你家孩子户口不在这 不能报名 我们在这买房三年了", "户口"),
    ("街道的刘科长跟我讲 “你这种情况办不了廉租房 你别来了” 我一家五口挤在十几平的屋里", "廉租房"),
    ("村书记说 你这个情况评不上贫困户 等明年吧 可我家去年就揭不开锅了", "贫困户"),
    ("他们讲 你这个不算工伤 你找老板去 我腿都断了", "工伤"),
    ("镇上的人跟俺说 “恁这个事俺们管不了 恁去县里吧” 俺家的地被人占了三年了", "管不了"),
    ("所长原话 你这个户口迁不了 别来烦我", "户口"),
]


@pytest.mark.parametrize(("opening", "word"), marked(QUOTED, "quoted"))
def test_an_officials_words_quoted_stay_in_the_account(dialog, opening, word):
    t = at_description(dialog)
    t.say(opening)
    assert word in desc(t), desc(t)


# ---------------------------------------------------------------- class 4: done to someone

# (opening, the word the account must keep)
DONE_TO = [
    ("我爸去村卫生室打针 那个护士嫌他动作慢 当着好多人骂他老不死的", "骂"),
    ("俺闺女是智力残疾 一级的 村里把她的残疾人补贴停了", "智力残疾"),
    ("我老伴是尿毒症 每个礼拜要透析三次 医保报销的钱一直拖着不给", "尿毒症"),
    ("食堂打饭的阿姨当着全班同学的面说我儿子是要饭的", "要饭"),
    ("那个城管指着我妈鼻子骂她老糊涂 还把她的菜筐踢翻了", "老糊涂"),
    ("村干部在大会上点我爸名 说他是老赖", "老赖"),
    ("我儿子是自闭症 学校老师让他别来上学了", "自闭症"),
    ("我爷爷是老党员 今年九十了 村里过年慰问把他漏了", "老党员"),
    ("医生嫌俺妈问得多 冲她吼 说你个老太婆懂啥", "吼"),
    ("我家老头子中风瘫在床上 护理补贴申请了半年没批", "中风"),
    ("俺娘八十多了 去镇上办事 办事的嫌她耳朵背听不清 把她轰出来了", "轰出来"),
    ("我儿子是精神残疾二级 村里把他的低保停了", "精神残疾"),
    ("我老伴是帕金森 手抖得端不住碗 护理补贴一直没批下来", "帕金森"),
    ("那个保安当着一大帮人骂我爸乡巴佬", "乡巴佬"),
    ("护工嫌我奶奶脏 骂她老不死的 还不给她换尿布", "老不死"),
]


@pytest.mark.parametrize(("opening", "word"), marked(DONE_TO, "done_to"))
def test_what_was_done_to_someone_stays_in_the_account(dialog, opening, word):
    t = at_description(dialog)
    t.say(opening)
    assert word in desc(t), desc(t)


def told_first(dialog, opening: str) -> Talk:
    """The account as the citizen's first message, before the privacy notice (held, read after
    consent)."""
    t = Talk(dialog)
    t.say(opening)
    t.say("同意")
    return t


@pytest.mark.parametrize(("opening", "word"), marked(QUOTED, "quoted_first"))
def test_an_officials_words_quoted_first_stay_in_the_account(dialog, opening, word):
    t = told_first(dialog, opening)
    assert word in desc(t), desc(t)


@pytest.mark.parametrize(("opening", "word"), marked(DONE_TO, "done_to_first"))
def test_what_was_done_to_someone_told_first_stays_in_the_account(dialog, opening, word):
    t = told_first(dialog, opening)
    assert word in desc(t), desc(t)
