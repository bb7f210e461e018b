"""jieba's part-of-speech tags, held only as far as the name reader asks for them.

`jieba.posseg` keeps a tag for each of the dictionary's 349k words (~40 MiB of Python strings)
and loads its tagging HMM (~5 MiB) when imported. The name reader (nlp/names.py) asks two
things of it:

- the tag of a frequent everyday word of 2-4 characters that is not a person's name
  (可以, 时间, 高兴: `everyday_tag`), refused as a name only from jieba frequency 300 up;
- whether jieba's tagger reads a short string as one person's name (`tagged_person`), a
  fallback for a name whose surname is missing from the list, so rarely reached.

So `everyday_tag` reads a table of the ~13k words that can matter (frequency >= 300, tag not
`nr*`, and the user dictionary's tagged words), and `tagged_person` imports `jieba.posseg` on
its first use with a tag table of the person-name words only (~79k): every other word is then
tagged "x", which does not start with "nr" either, so the answer is the same as with the full
table. Start-up RSS: 54 MiB less (measured in the README's "Dialog core v2" section).
"""

from __future__ import annotations

import importlib
import io
import sys
import threading
from typing import Any

import jieba

EVERYDAY_MIN_FREQ = 300  # below this jieba frequency a tagged word is never refused as a name
_PERSON = "nr"  # jieba's person-name tags: nr, nrt, nrfg

_LOCK = threading.Lock()
_everyday: dict[str, str] | None = None
_tokenizer: Any = None


def _dictionary() -> list[tuple[str, int, str]]:
    """jieba's main dictionary as (word, frequency, tag), read once per call."""
    out = []
    with jieba.dt.get_dict_file() as f:
        for raw in f:
            parts = raw.decode("utf-8").split()
            if len(parts) == 3:
                out.append((parts[0], int(parts[1]), parts[2]))
    return out


def everyday_table() -> dict[str, str]:
    """word -> tag for the dictionary words of 2-4 characters with a tag other than a person's
    name and a frequency of at least EVERYDAY_MIN_FREQ, and the user dictionary's tagged words
    (jieba.add_word with a tag). Built once per process (at the name reader's start)."""
    global _everyday
    with _LOCK:
        if _everyday is None:
            jieba.initialize()
            freq = jieba.dt.FREQ
            table = {w: t for w, f, t in _dictionary()
                     if 2 <= len(w) <= 4 and not t.startswith(_PERSON)
                     and max(f, freq.get(w) or 0) >= EVERYDAY_MIN_FREQ}
            table.update(jieba.dt.user_word_tag_tab)
            posseg = sys.modules.get("jieba.posseg")
            if posseg is not None:  # already merged into the tagger's own table
                table.update({w: t for w, t in posseg.dt.word_tag_tab.items()
                              if w not in table and 2 <= len(w) <= 4
                              and not t.startswith(_PERSON)
                              and (freq.get(w) or 0) >= EVERYDAY_MIN_FREQ})
            _everyday = table
        return _everyday


def everyday_tag(word: str) -> str | None:
    """The tag of `word` when it is an everyday word (see `everyday_table`), else None."""
    return everyday_table().get(word) if _everyday is None else _everyday.get(word)


def _person_tokenizer() -> Any:
    """jieba.posseg's tokenizer, imported on first use with a tag table of person-name words
    only (see the module docstring). An already imported jieba.posseg is used as it is."""
    global _tokenizer
    with _LOCK:
        if _tokenizer is None:
            if "jieba.posseg" not in sys.modules:
                jieba.initialize()
                lines = "".join(f"{w} {f} {t}\n" for w, f, t in _dictionary()
                                if t.startswith(_PERSON)).encode("utf-8")
                # POSTokenizer(jieba.dt), built at import, reads jieba.dt.get_dict_file(): for
                # the import only, that is the person-name lines.
                jieba.dt.get_dict_file = lambda: io.BytesIO(lines)  # type: ignore[method-assign]
                try:
                    importlib.import_module("jieba.posseg")
                finally:
                    del jieba.dt.get_dict_file
            _tokenizer = sys.modules["jieba.posseg"].dt
        return _tokenizer


def tagged_person(s: str) -> bool:
    """jieba's part-of-speech tagger reads `s` as one person's name: at most two pieces, each
    tagged nr*."""
    pairs = list(_person_tokenizer().cut(s))
    return bool(pairs) and all(p.flag.startswith(_PERSON) for p in pairs) and len(pairs) <= 2
