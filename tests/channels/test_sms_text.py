"""SMS text: segment arithmetic (GSM 03.38 / UCS-2, 3GPP TS 23.040 concatenation), numbered
choices, fitting and packing replies."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.messages import Reply
from channels.sms_text import (
    MAX_CHARS,
    cap,
    fits,
    is_gsm7,
    pack,
    render,
    render_all,
    segments,
    units,
)


def test_gsm7_segment_boundaries() -> None:
    assert segments("") == 0
    assert segments("a" * 160) == 1
    assert segments("a" * 161) == 2  # 153 per part once concatenated
    assert segments("a" * 306) == 2
    assert segments("a" * 307) == 3


def test_extension_characters_cost_two_septets() -> None:
    assert is_gsm7("€[]")
    assert units("€") == 2
    assert segments("€" * 80) == 1 and segments("€" * 81) == 2


def test_ucs2_segment_boundaries_for_chinese() -> None:
    assert not is_gsm7("您好")
    assert segments("字" * 70) == 1
    assert segments("字" * 71) == 2  # 67 per part
    assert segments("字" * 134) == 2
    assert segments("字" * 135) == 3
    # One Chinese character turns the whole message into UCS-2.
    assert segments("a" * 69 + "字") == 1 and segments("a" * 70 + "字") == 2


def test_characters_outside_the_bmp_count_twice_in_ucs2() -> None:
    assert units("😀") == 2
    assert segments("😀" * 35) == 1 and segments("😀" * 36) == 2


def test_render_prefers_short_and_numbers_choices() -> None:
    reply = Reply(text="很长的完整说明" * 10, short="您同意吗？", choices=("同意", "不同意"))
    assert render(reply) == "您同意吗？\n1 同意 2 不同意"
    assert render(Reply(text="只有正文")) == "只有正文"


def test_numeric_choices_are_not_numbered() -> None:
    rating = Reply(text="请打分：1到5分", choices=("5", "4", "3", "2", "1"))
    assert render(rating) == "请打分：1到5分"


def test_pack_joins_short_replies_within_two_segments() -> None:
    texts = ["谢谢您的信任。", "请说说您要反映什么事情？"]
    assert pack(texts) == ["谢谢您的信任。\n请说说您要反映什么事情？"]
    long = "字" * 132  # 132 + newline + 2 = 135 > 134: a third part, so sent apart
    assert pack([long, "好的"]) == [long, "好的"]


def test_cap_never_exceeds_the_twilio_limit_and_cuts_at_a_sentence() -> None:
    text = ("这是一句话。" * 400)
    out = cap(text)
    assert len(out) <= MAX_CHARS and out.endswith("。…")
    assert cap("短") == "短"


@given(st.lists(st.text(min_size=0, max_size=2500), max_size=6))
def test_packed_messages_are_never_over_the_cap(texts: list[str]) -> None:
    for message in pack(texts):
        assert 0 < len(message) <= MAX_CHARS


def test_render_all_keeps_each_message_within_two_segments_when_possible() -> None:
    replies = [Reply(text="谢谢。"), Reply(text="长" * 200, short="这件事发生在哪个镇（街道）？",
                                          choices=("黎城街道", "金南镇"))]
    out = render_all(replies)
    assert out == ["谢谢。\n这件事发生在哪个镇（街道）？\n1 黎城街道 2 金南镇"]
    assert all(fits(m) for m in out)
