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
from operator import add
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
        # The characters some word starts with: most positions of a message start none, and
        # are passed over without slicing (the same cut, a third of the time).
        self._starts = frozenset(w[0] for w in self.words)

    @classmethod
    def from_texts(cls, texts: Iterable[str], min_count: int = 2) -> Segmenter:
        import jieba

        counts: Counter[str] = Counter()
        for t in texts:
            counts.update(w for w in jieba.lcut(t) if 2 <= len(w) <= MAX_WORD and not w.isascii())
        return cls(w for w, c in counts.items() if c >= min_count)

    def cut(self, text: str) -> list[str]:
        words, starts = self.words, self._starts
        out = []
        i, n = 0, len(text)
        while i < n:
            if text[i] in starts:
                for k in (4, 3, 2):
                    w = text[i:i + k]
                    if len(w) == k and w in words:
                        out.append(w)
                        i += k
                        break
                else:
                    i += 1
            else:
                i += 1
        return out


class IntentModel:
    def __init__(self, model: LinearTextModel, segmenter: Segmenter,
                 gazetteer: Gazetteer | None) -> None:
        self.model = model
        self.segmenter = segmenter
        self.gazetteer = gazetteer
        # Per block: term without its block prefix -> (feature index, idf). One dict look-up
        # per term at prediction time instead of building prefixed strings and numpy arrays.
        feat = model.featurizer
        self._blocks: tuple[dict[str, tuple[int, float]], ...] = tuple(
            {t[len(prefix):]: (j, float(feat.idf[j])) for t, j in feat.vocab.items()
             if t.startswith(prefix)} for prefix in ("c:", "w:", "h:"))
        self._weights = tuple(feat.block_weights)
        # Character terms with both their own and their head-block entry: a message of at most
        # HEAD_CHARS characters has the same terms in both blocks, looked up once.
        heads = self._blocks[2]
        Hit = tuple[int, float]
        self._char_head: dict[str, tuple[Hit | None, Hit | None]] = {
            t: (hit, heads.get(t)) for t, hit in self._blocks[0].items()}
        for t, hit in heads.items():
            self._char_head.setdefault(t, (None, hit))
        # float64 once (exact): the product below multiplies in float64 anyway, and a row
        # taken from a float32 table was converted on every message.
        self._coef_t = np.ascontiguousarray(model.coef.T, dtype=np.float64)
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
        words = self.segmenter.cut(chars)
        words.append("@" + (expecting or "none"))
        idx: list[int] = []
        val: list[float] = []
        grams = _counts(_grams(chars))
        if head == chars:
            both = [(h, c) for h, c in zip(map(self._char_head.get, grams), grams.values()) if h]
            self._add([(h[0], c) for h, c in both if h[0]], self._weights[0], idx, val)
            self._add([(h[1], c) for h, c in both if h[1]], self._weights[2], idx, val)
        else:
            self._block(grams, self._blocks[0], self._weights[0], idx, val)
            self._block(_counts(_grams(head)), self._blocks[2], self._weights[2], idx, val)
        self._block(_counts(words), self._blocks[1], self._weights[1], idx, val)
        z = np.asarray(val) @ self._coef_t.take(idx, axis=0)
        z += self._intercept  # in place: the same operations, fewer temporary arrays
        z -= z.max()
        z /= self._temperature
        np.exp(z, out=z)
        z /= z.sum()
        return z

    @classmethod
    def _block(cls, counts: dict[str, int], table: dict[str, tuple[int, float]], weight: float,
               idx: list[int], val: list[float]) -> None:
        cls._add([(h, c) for h, c in zip(map(table.get, counts), counts.values()) if h],
                 weight, idx, val)

    @staticmethod
    def _add(hits: list, weight: float, idx: list[int], val: list[float]) -> None:
        """Append one block's (index, sublinear tf x idf, L2-normalized x weight) pairs."""
        if not hits:
            return
        vs = [h[1] if c == 1 else (1.0 + math.log(c)) * h[1] for h, c in hits]
        scale = weight / math.sqrt(sum([v * v for v in vs]))
        idx += [h[0] for h, _ in hits]
        val += [v * scale for v in vs]


def _grams(chars: str) -> list[str]:
    """Characters, then character pairs, in order (chars[i] + chars[i+1] is chars[i:i+2])."""
    return [*chars, *map(add, chars, chars[1:])]


def _counts(items: Iterable[str]) -> dict[str, int]:
    """Counter(items) as a plain dict, in the same (first-seen) order, without Counter's
    Python-level set-up (this runs three times per message)."""
    counts: dict[str, int] = {}
    _count_elements(counts, items)
    return counts
