"""The trained part of turn understanding: what kind of turn a short message is.

The project's own learner (`nlp.learner.LinearTextModel`: TF-IDF blocks, ridge one-vs-rest,
calibrated softmax) over three blocks of a short utterance:

- character 1-2-grams of the message (typos, dialect and traditional characters keep most of
  them),
- "words": a forward-maximum-match segmentation over the words jieba found in the training
  corpus, plus the question the bot had asked (`@town`, `@phone`…);
- the opening characters (the learner's head block).

Slot values say little about the kind of turn and vary without end, so before featurizing, a
phone (spoken or written) becomes 〇 and a town name becomes 〒. The labels are fine-grained
where the dialog needs the detail (`process:privacy`, `command:cancel`, `smalltalk:thanks`);
the coarse kind is the part before the colon.

Segmenting with jieba at run time would cost about 0.1 ms per message on a busy machine, half
the budget; the match over the corpus vocabulary costs a few microseconds and finds the same
words for the utterances the model has features for.
"""

from __future__ import annotations

import collections
import csv
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import compress, count
from operator import add, mul
from pathlib import Path

import numpy as np

from nlp.entities import Gazetteer
from nlp.features import HEAD_CHARS, Doc
from nlp.hanzi import to_simplified
from nlp.learner import LinearTextModel
from nlp.phones import spoken_to_digits
from nlp.textproc import normalize as model_normalize

MAX_WORD = 4
_count_elements = collections._count_elements  # type: ignore[attr-defined]  # Counter's C counting
_max, _sum = np.maximum.reduce, np.add.reduce
_PHONE_RUN = re.compile(r"\+?\d[\d\s\-]{6,}\d")


@dataclass(frozen=True, slots=True)
class Utterance:
    text: str
    expecting: str
    label: str
    detail: str

    @property
    def fine_label(self) -> str:
        return f"{self.label}:{self.detail}" if self.label in FINE and self.detail else self.label


FINE = ("process", "command", "smalltalk")


def read_corpus(path: Path) -> list[Utterance]:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    out = []
    for i, r in enumerate(rows, start=2):
        try:
            out.append(Utterance(r["text"], r.get("expecting") or "", r["label"],
                                 r.get("detail") or ""))
        except KeyError as e:
            raise ValueError(f"{path}:{i}: missing column {e}") from e
    return out


class Segmenter:
    """Forward maximum matching over a fixed vocabulary (words of 2-4 characters)."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(w for w in words if 2 <= len(w) <= MAX_WORD)
        # Every word starts with one of these character pairs; per pair, the lengths of the
        # words that start with it, longest first. Most positions of a message start no word:
        # they are passed over in C (a look-up of each pair), not in the loop below.
        lengths: dict[str, set[int]] = {}
        for w in self.words:
            lengths.setdefault(w[:2], set()).add(len(w))
        self._lengths = {p: tuple(sorted(ks, reverse=True)) for p, ks in lengths.items()}

    @classmethod
    def from_texts(cls, texts: Iterable[str], min_count: int = 2) -> Segmenter:
        import jieba

        counts: Counter[str] = Counter()
        for t in texts:
            counts.update(w for w in jieba.lcut(t) if 2 <= len(w) <= MAX_WORD and not w.isascii())
        return cls(w for w, c in counts.items() if c >= min_count)

    def cut(self, text: str, pairs: Sequence[str] | None = None) -> list[str]:
        """The longest word at each position, left to right (`pairs`: text's character pairs,
        `pairs[i] == text[i:i + 2]`, when the caller has them already)."""
        if pairs is None:
            pairs = list(map(add, text, text[1:]))
        words, lengths = self.words, self._lengths
        out = []
        i = 0
        for at in compress(count(), map(lengths.__contains__, pairs)):
            if at < i:
                continue  # inside the word found before
            for k in lengths[pairs[at]]:
                w = text[at:at + k]
                if len(w) == k and w in words:
                    out.append(w)
                    i = at + k
                    break
        return out


class IntentModel:
    def __init__(self, model: LinearTextModel, segmenter: Segmenter,
                 gazetteer: Gazetteer | None) -> None:
        self.model = model
        self.segmenter = segmenter
        self.gazetteer = gazetteer
        # Per block: term without its block prefix -> feature index + 1 (0 stays free, so that
        # `filter(None, ...)` drops the terms the model does not know). One look-up per term,
        # done in C with the counting below.
        feat = model.featurizer
        self._tables: tuple[dict[str, int], ...] = tuple(
            {t[len(prefix):]: j + 1 for t, j in feat.vocab.items() if t.startswith(prefix)}
            for prefix in ("c:", "w:", "h:"))
        self._weights = tuple(feat.block_weights)
        self._idf: list[float] = [0.0, *map(float, feat.idf)]  # by feature index + 1
        # float64 once (exact): the product below multiplies in float64 anyway, and a row
        # taken from a float32 table was converted on every message. Row 0 is the unused
        # index 0 above (rows are taken by feature index + 1).
        coef_t = np.zeros((len(feat.idf) + 1, len(model.labels)))
        coef_t[1:] = model.coef.T
        self._coef_t = coef_t
        self._intercept = model.intercept
        self._temperature = model.temperature
        self.labels = model.labels

    # ---- features ---------------------------------------------------------------------------
    @staticmethod
    def prepare(text: str, gazetteer: Gazetteer | None) -> str:
        t = spoken_to_digits(model_normalize(to_simplified(text)))
        t = _PHONE_RUN.sub("〇", t)
        t = t.replace("#", "〇")  # textproc turns 5+ digit runs into '#'
        if gazetteer is not None:
            for m in reversed(gazetteer.find(t)):
                t = t[:m.span[0]] + "〒" + t[m.span[1]:]
        return t

    @staticmethod
    def doc(prepared: str, expecting: str, segmenter: Segmenter) -> Doc:
        chars = "".join(prepared.split())
        tokens = segmenter.cut(chars) + ["@" + (expecting or "none")]
        return Doc(prepared, tuple(tokens))

    # ---- training and prediction ------------------------------------------------------------
    @classmethod
    def train(cls, rows: Sequence[Utterance], gazetteer: Gazetteer | None) -> IntentModel:
        prepared = [cls.prepare(r.text, gazetteer) for r in rows]
        segmenter = Segmenter.from_texts(prepared)
        docs = [cls.doc(p, r.expecting, segmenter) for p, r in zip(prepared, rows)]
        model = LinearTextModel.fit(docs, [r.fine_label for r in rows], min_df=2)
        return cls(model, segmenter, gazetteer)

    def ranked(self, text: str, expecting: str, top: int = 0) -> list[tuple[str, float]]:
        """Fine labels with probabilities, best first (the same numbers as the learner's
        `ranked` on `doc(prepare(text))`, computed without building a Doc); `top`: only the
        best so many."""
        p = self.probabilities(text, expecting)
        order = np.argsort(-p)[:top] if top else np.argsort(-p)
        labels = self.labels
        return [(labels[i], p[i]) for i in order.tolist()]

    def probabilities(self, text: str, expecting: str) -> np.ndarray:
        prepared = self.prepare(text, self.gazetteer)
        chars = "".join(prepared.split())
        head = "".join(prepared[:HEAD_CHARS].split())
        pairs = list(map(add, chars, chars[1:]))
        words = self.segmenter.cut(chars, pairs)
        words.append("@" + (expecting or "none"))
        grams = [*chars, *pairs]
        if len(head) < len(chars):  # (head is the start of chars: its grams are among these)
            n = len(head)
            head_grams = grams[:n] + grams[len(chars):len(chars) + n - 1]
        else:
            head_grams = grams
        chars_t, words_t, head_t = self._tables
        idx: list[int] = []
        val: list[float] = []
        self._block(grams, chars_t, self._weights[0], idx, val)
        self._block(head_grams, head_t, self._weights[2], idx, val)
        self._block(words, words_t, self._weights[1], idx, val)
        z = np.fromiter(val, np.float64, len(val)) @ self._coef_t.take(idx, axis=0)
        # In place, and the reductions called without their Python wrappers (z.max() and
        # z.sum() are these): the same operations, less overhead on 27 numbers.
        z += self._intercept
        z -= _max(z)
        z /= self._temperature
        np.exp(z, out=z)
        z /= _sum(z)
        return z

    def _block(self, terms: Iterable[str], table: dict[str, int], weight: float,
               idx: list[int], val: list[float]) -> None:
        """Append one block's (index + 1, sublinear tf x idf, L2-normalized x weight) pairs, in
        the order the known terms first occur (the learner's `Featurizer.vector` arithmetic)."""
        counts: dict[int, int] = {}
        _count_elements(counts, filter(None, map(table.get, terms)))
        if not counts:
            return
        idf = self._idf
        if len(counts) == sum(counts.values()):  # every term once: tf x idf is the idf
            vs = list(map(idf.__getitem__, counts))
        else:
            vs = [idf[j] if c == 1 else (1.0 + math.log(c)) * idf[j] for j, c in counts.items()]
        scale = weight / math.sqrt(sum(map(mul, vs, vs)))
        idx += counts
        val += map(scale.__mul__, vs)

