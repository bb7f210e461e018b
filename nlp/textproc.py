"""jieba, loaded once and quietly: segmentation, the user dictionary, and TF-IDF keywords.

jieba keeps global state (its default tokenizer and dictionary); `JiebaTools.load` initializes it
once per process, before the first citizen message, and later calls reuse it.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import jieba
import numpy as np

# jieba logs "Building prefix dict..." at DEBUG/INFO through its own logger and handler; petition
# logs must carry neither noise nor anything derived from the text, so it is kept at WARNING.
jieba.setLogLevel(logging.WARNING)
logging.getLogger("jieba").setLevel(logging.WARNING)

_LOCK = threading.Lock()
_LONG_NUMBER = re.compile(r"\d{5,}x?")  # after NFKC and lower(): ID numbers may end in x
_ADDED: set[str] = set()  # words this process added to jieba's dictionary

# jieba.analyse's own stop list (KeywordExtractor.STOP_WORDS), repeated here because importing
# jieba.analyse also loads its POS-tagging models, which costs a second at start-up for nothing.
JIEBA_STOP_WORDS = frozenset(
    [
        "the", "of", "is", "and", "to", "in", "that", "we", "for", "an", "are", "by", "be", "as",
        "on", "with", "can", "if", "from", "which", "you", "it", "this", "then", "at", "have",
        "all", "not", "one", "has", "or",
    ]
)
IDF_FILE = Path(jieba.__file__).parent / "analyse" / "idf.txt"  # jieba.analyse.tfidf.DEFAULT_IDF


def normalize(text: str) -> str:
    """Full-width letters/digits to half-width, lower case, whitespace collapsed, and every run
    of five or more digits (phone, ID, bank account numbers) replaced by "#".

    Citizens type on phones with full-width input as often as not; the model should not see
    "１２３" and "123" as different things. Long numbers say nothing about the matter, and
    must not become features: a trained model is saved, with its vocabulary, under the data dir.
    """
    text = text.translate(_FULL_WIDTH)
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    text = _LONG_NUMBER.sub("#", text.lower())
    return " ".join(text.split())


def _full_width_table() -> dict[int, str]:
    """The full-width and half-width forms (，？！：（）１Ａ…) and the ideographic space, each to
    the one character it decomposes to (NFKD), where that character decomposes no further.
    NFKC composes the full compatibility decomposition, which is the same after this
    replacement, so the result of NFKC is unchanged; but Chinese text is then usually NFKC
    already, which is checked quickly, where normalizing it costs a few microseconds."""
    table = {}
    for cp in (0x3000, *range(0xFF00, 0xFFF0)):
        c = chr(cp)
        d = unicodedata.normalize("NFKD", c)
        if len(d) == 1 and d != c and unicodedata.normalize("NFKD", d) == d:
            table[cp] = d
    return table


_FULL_WIDTH = _full_width_table()


@dataclass(frozen=True, slots=True)
class JiebaTools:
    """Segmentation and keyword extraction over jieba's default dictionary plus ours."""

    idf: dict[str, str]  # word -> IDF as written in jieba's file (parsed when used: faster start)
    median_idf: float
    stop_words: frozenset[str]

    @classmethod
    def load(cls, nlp_config_dir: Path, extra_words: Iterable[str] = ()) -> JiebaTools:
        """Initialize jieba (once per process) and add our words to its dictionary.

        `extra_words` (taxonomy keywords) are added with jieba's suggested frequency unless the
        dictionary already knows them.
        """
        userdict = nlp_config_dir / "userdict.txt"
        stopfile = nlp_config_dir / "stopwords.txt"
        entries = _read_userdict(userdict) if userdict.exists() else []
        with _LOCK:
            jieba.initialize()
            # jieba.add_word adds the frequency to the dictionary's total each time, so adding a
            # word twice would change segmentation for everything: each word goes in once.
            for word, freq, tag in entries:
                if word not in _ADDED:
                    jieba.add_word(word, freq, tag)
                    _ADDED.add(word)
            known = jieba.dt.FREQ
            for word in extra_words:
                if len(word) >= 2 and word not in _ADDED and not known.get(word):
                    jieba.add_word(word)
                    _ADDED.add(word)
        idf, median = _load_idf()
        stop = set(JIEBA_STOP_WORDS)
        if stopfile.exists():
            stop.update(_read_lines(stopfile))
        return cls(idf=idf, median_idf=median, stop_words=frozenset(stop))

    @staticmethod
    def tokens(text: str) -> list[str]:
        return [t for t in jieba.lcut(text) if t.strip()]

    def keywords(self, tokens: Iterable[str], top_k: int = 8) -> tuple[tuple[str, float], ...]:
        """What `jieba.analyse.extract_tags(text, topK, withWeight=True)` returns, computed from
        tokens already cut (one segmentation per petition instead of two), with our stop words.
        """
        freq: dict[str, float] = {}
        for w in tokens:
            w = w.strip()
            if len(w) < 2 or w.lower() in self.stop_words:
                continue
            freq[w] = freq.get(w, 0.0) + 1.0
        total = sum(freq.values())
        if not total:
            return ()
        idf, median = self.idf, self.median_idf
        scored = [
            (w, n * (float(idf[w]) if w in idf else median) / total) for w, n in freq.items()
        ]
        scored.sort(key=lambda kv: kv[1], reverse=True)
        return tuple((w, round(s, 4)) for w, s in scored[:top_k])


def _read_lines(path: Path) -> list[str]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


def _read_userdict(path: Path) -> list[tuple[str, int | None, str | None]]:
    """jieba's user-dictionary format (word [freq] [tag]), plus '#' comments, which
    `jieba.load_userdict` would take for words."""
    entries: list[tuple[str, int | None, str | None]] = []
    for line in _read_lines(path):
        parts = line.split()
        word = parts[0]
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        tag = parts[-1] if len(parts) > 1 and not parts[-1].isdigit() else None
        entries.append((word, freq, tag))
    return entries


def _load_idf() -> tuple[dict[str, str], float]:
    """jieba.analyse's IDF table and its median, as `jieba.analyse.TFIDF` computes them
    (median = sorted(values)[n // 2]), with the same values, held compactly: the keys are
    jieba's own dictionary strings where it has the word (95% of the 270k), and the values are
    one string per distinct value (3.3k). (Loaded plainly, the table kept ~79 MiB of RSS.)"""
    data = IDF_FILE.read_text(encoding="utf-8").split()
    words, values = data[0::2], data[1::2]
    del data
    arr = np.array(values, dtype=np.float64)
    k = len(arr) // 2
    median = float(np.partition(arr, k)[k])
    del arr
    raw = dict(zip(words, values))
    del words, values
    # What stays is made while all of the reading is alive, so that it lands in memory of its
    # own and the reading's memory goes back as a whole (freed first, the copies would fill
    # its holes and keep it all: measured ~60 MiB of RSS more).
    freq = jieba.dt.FREQ  # initialized by the caller
    distinct = {value: value.encode().decode() for value in set(raw.values())}
    only_idf = {word.encode().decode(): distinct[value] for word, value in raw.items()
                if word not in freq}
    table: dict[str, str] = {}
    for word in freq:
        value = raw.get(word)
        if value is not None:
            table[word] = distinct[value]
    table.update(only_idf)
    del raw, only_idf
    return table, median
