"""nlp.textproc.normalize: the model's text normalization, whatever shortcut it takes."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from nlp.textproc import _FULL_WIDTH, normalize


def by_definition(text: str) -> str:
    """NFKC, lower case, runs of 5+ digits (an optional x after) as '#', whitespace collapsed."""
    text = re.sub(r"\d{5,}x?", "#", unicodedata.normalize("NFKC", text).lower())
    return " ".join(text.split())


# Characters where a shortcut could go wrong: the full-width forms it replaces first, combining
# marks that compose with what they follow (Ａ + ́ is Á), half-width kana and their voicing marks
# (ｶﾞ is ガ), Chinese text and its punctuation, digits of every width, spaces of every kind.
TRICKY = st.sampled_from(
    [*map(chr, _FULL_WIDTH), "\u0301", "\u0308", "\u3099", "\u309a", "\uff9e", "\uff9f", "ｶ",
     "ﾊ", "か", "は", "A", "e", "低保", "欠薪", "，", "。", "？", "１２３４５６", "0517",
     "\u3000", " ", "\n", "\t", "①", "㍻", "ﬁ", "…", "x", "X"])


@settings(max_examples=2000, deadline=None)
@given(st.one_of(st.lists(TRICKY, max_size=30).map("".join), st.text(max_size=60)))
def test_normalize_is_nfkc_lowered_with_long_numbers_hidden(text: str) -> None:
    assert normalize(text) == by_definition(text)


def test_every_replaced_character_keeps_what_follows_composing() -> None:
    for cp, plain in _FULL_WIDTH.items():
        for mark in ("\u0301", "\u0308", "\u3099", "\uff9e"):
            for text in (chr(cp) + mark, mark + chr(cp), "ｶ" + chr(cp) + "\uff9e"):
                assert normalize(text) == by_definition(text), (hex(cp), text)
        assert len(plain) == 1 and unicodedata.normalize("NFKD", plain) == plain


def test_chinese_punctuation_and_full_width_digits() -> None:
    assert normalize("我的电话是１３９１２３４５６７８，请回电！") == "我的电话是#,请回电!"
    assert normalize("Ａ　Ｂ\u3000ｃ") == "a b c"
