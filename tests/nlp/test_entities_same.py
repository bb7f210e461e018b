"""The cheaper entity code gives what the straightforward code gave (kept here as the reference).

tests/bench/bench_entities.py measures the difference in cost.
"""

from __future__ import annotations

import sys

from hypothesis import given
from hypothesis import strategies as st

from nlp import entities
from nlp.entities import _FOLD, normalize

# Characters the entity code treats specially, so that generated strings hit them often.
_SPECIAL = (
    "".join(map(chr, _FOLD)) + "0123456789 +-()xX零〇一幺二三四五六七八九"
)
_texts = st.text(alphabet=st.sampled_from(_SPECIAL) | st.characters(), max_size=60)


def test_normalize_is_the_translation_on_every_code_point() -> None:
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    assert entities.normalize.__wrapped__(every) == every.translate(_FOLD)


@given(_texts)
def test_normalize_is_the_translation(text: str) -> None:
    assert normalize(text) == text.translate(_FOLD)
    assert normalize(text) == text.translate(_FOLD)  # the cached answer too
