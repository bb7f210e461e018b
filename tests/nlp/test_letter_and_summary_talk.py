"""nlp.letter (a letter's closing block) and nlp.summary_talk (thanks, praise, what follows):
what they take and, as much, what they must leave alone."""

from __future__ import annotations

import pytest

from nlp.letter import without_closing
from nlp.summary_talk import asks_what_follows, only_thanks_or_praise


@pytest.mark.parametrize(("text", "kept"), [
    ("电梯坏了三个月。此致 敬礼! 反映人:诸葛明远 联系电话:13914205537 2026年12月7日", "电梯坏了三个月"),
    # (the space between the phone and the year read away by the spoken-digit reader)
    ("电梯坏了三个月。此致 敬礼! 反映人:诸葛明远 联系电话:139142055372026年12月7日", "电梯坏了三个月"),
    ("路灯不亮。特此反映 信访人：陈玉兰 住址：荷花社区 电话：0517-86901234", "路灯不亮"),
    ("路灯不亮 盼复 反映人 张德福（）", "路灯不亮"),
])
def test_the_closing_block_is_cut(text, kept):
    assert without_closing(text) == kept


@pytest.mark.parametrize("text", [
    "我家门口的路坏了 找过村里 村主任说没钱",
    "俺叫王秀英 电话13812345678",
    "厂里欠我工资三个月了 老板叫张德福",
    "路灯坏了三个多月 晚上黑 俺老伴摔了一跤 腿到现在还肿着",
    "他们骂我老不死的 反映人",
])
def test_an_account_without_a_closing_is_left_alone(text):
    assert without_closing(text) == text


@pytest.mark.parametrize("text", ["谢谢你啊同志 比镇上那个王干事耐心多了", "还是你们态度好", "好人一生平安",
                                  "你们这个服务真不错 比打12345方便"])
def test_thanks_and_praise(text):
    assert only_thanks_or_praise(text)


@pytest.mark.parametrize("text", ["比别的村多收了一倍", "他比以前态度好多了", "路比以前更难走了",
                                  "比镇上那个王干事耐心多了 我家的事拖了三年了", "谢谢 路还是没修"])
def test_an_account_is_no_praise(text):
    assert not only_thanks_or_praise(text)


@pytest.mark.parametrize(("text", "asks"), [
    ("提交以后会怎么处理啊", True), ("那提交完了我还要干啥不", True), ("交上去以后多久有人联系我", True),
    ("交了钱以后他们还是不修", False), ("登记以后村里就没人管了", False),
])
def test_what_follows(text, asks):
    assert asks_what_follows(text) is asks


# ---------------------------------------------------------------- nlp.reported

@pytest.mark.parametrize(("text", "words"), [
    ("镇里民政办的李主任跟我说 “你这个情况够不上低保 别来了” 可我家情况他根本没来看过",
     [True, True, True, False]),
    ("村书记说 你这个情况评不上贫困户 等明年吧 可我家去年就揭不开锅了", [True, True, True, False]),
    ("社保所的小张说你这个养老金就这么多 我干了三十年才拿这点", [True, False]),
    ("那个男医生嫌她问得多 当着一屋子人骂她老糊涂", [False, True]),
    ("俺闺女是二级残疾 残疾证办好两年了", [True, False]),
])
def test_someone_elses_words_and_what_was_done_to_someone(text, words):
    from nlp.clauses import clause_texts
    from nlp.reported import reported

    assert reported(clause_texts(text)) == words


@pytest.mark.parametrize("text", ["我跟你说 村里的路坏了", "别人叫我在这里说 我家的地被占了", "我想说 你们管不管",
                                  "我老糊涂了 记不清", "俺是残疾人 不会打字", "我这样说你懂吗",
                                  "我妈眼睛不好看不清 是我帮她打的字", "同志 我跟你讲 你别急"])
def test_talk_about_the_talk_is_not_reported_words(text):
    from nlp.clauses import clause_texts
    from nlp.reported import reported

    assert not any(reported(clause_texts(text)))
