"""Sparse TF-IDF features of a petition: character 1-2-grams, jieba words, and the opening.

Why these three blocks: character n-grams survive segmentation mistakes and unseen words (place
names, typos); jieba words carry the petition vocabulary of the user dictionary; the opening of a
message usually states the matter ("关于…的问题", "举报…"), so its n-grams get their own block.
The featurizer is written here rather than taken from scikit-learn so that classifying one
petition costs a few dictionary look-ups instead of a pipeline call (the 2 ms budget).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # scipy is imported where training needs it: a server loading a saved
    from scipy.sparse import csr_matrix  # model never does (~50 MiB RSS)

HEAD_CHARS = 30  # length of the "opening" block, measured on the Teddy Cup data (20-40 similar)
# Length of the "closing" block: the end of a petition usually carries its ask (要求查处,
# 希望解决, 怎么办？), which is what the nature model reads. Only the nature model uses it: the
# category model lost accuracy with it (county composed held-out set 0.862 -> 0.823), the nature
# gained (dev 0.903 -> 0.918, holdout 0.894 -> 0.913).
TAIL_CHARS = 20


@dataclass(frozen=True, slots=True)
class Doc:
    """A petition prepared once: normalized text and its jieba tokens; the feature terms are
    derived once and shared by every model that reads the document."""

    text: str
    tokens: tuple[str, ...]
    terms: tuple[tuple[str, ...], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "terms", _terms(self.text, self.tokens))


def _char_ngrams(text: str, prefix: str) -> list[str]:
    chars = "".join(text.split())
    grams = [prefix + c for c in chars]
    grams += [prefix + chars[i : i + 2] for i in range(len(chars) - 1)]
    return grams


def _terms(text: str, tokens: Sequence[str]) -> tuple[tuple[str, ...], ...]:
    """The terms of each block; block prefixes keep the vocabularies apart."""
    return (
        tuple(_char_ngrams(text, "c:")),
        tuple("w:" + t for t in tokens),
        tuple(_char_ngrams(text[:HEAD_CHARS], "h:")),
        tuple(_char_ngrams(text[-TAIL_CHARS:], "t:")),
    )


BLOCKS = 3  # blocks a featurizer uses unless told otherwise: characters, words, opening
PREFIXES = ("c:", "w:", "h:", "t:")  # of each block's terms, in block order


@dataclass(slots=True)
class Featurizer:
    vocab: dict[str, int]
    idf: np.ndarray  # float64, one per feature
    block_weights: tuple[float, ...] = (1.0, 1.0, 1.0)

    @classmethod
    def fit(cls, docs: Iterable[Doc], min_df: int = 2, blocks: int = BLOCKS) -> Featurizer:
        """Vocabulary and IDF of the first `blocks` blocks (4: the closing one too); the block
        weights say which blocks a featurizer uses (those it has a weight for). `docs` may be a
        generator: each document's terms are needed only while it is counted."""
        df: Counter[str] = Counter()
        n = 0
        for d in docs:
            n += 1
            for block in d.terms[:blocks]:
                df.update(set(block))
        # A corpus too small to have repeated terms keeps them all (tests, tiny training sets).
        keep = [t for t, c in df.items() if c >= min_df] or list(df)
        keep.sort()
        vocab = {t: i for i, t in enumerate(keep)}
        idf = np.array([math.log((1 + n) / (1 + df[t])) + 1.0 for t in keep])
        return cls(vocab=vocab, idf=idf)

    @property
    def size(self) -> int:
        return len(self.vocab)

    def vector(self, doc: Doc, start: int = 0) -> tuple[np.ndarray, np.ndarray]:
        """(indices, values) of one document: sublinear TF x IDF, each block L2-normalized;
        `start`: only the blocks from that one on (to extend another featurizer's vector)."""
        get = self.vocab.get
        idx_parts: list[np.ndarray] = []
        val_parts: list[np.ndarray] = []
        for block, weight in zip(doc.terms[start:], self.block_weights[start:]):
            if not weight:
                continue
            counts = Counter(block)
            j = np.fromiter((get(t, -1) for t in counts), dtype=np.int64, count=len(counts))
            c = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
            known = j >= 0
            if not known.any():
                continue
            j, c = j[known], c[known]
            v = (1.0 + np.log(c)) * self.idf[j]
            v *= weight / math.sqrt(v @ v)
            idx_parts.append(j)
            val_parts.append(v)
        if not idx_parts:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        return np.concatenate(idx_parts), np.concatenate(val_parts)

    def matrix(self, docs: Iterable[Doc]) -> csr_matrix:
        """The documents' vectors as rows, equal to stacking `vector(d)`, computed in one pass
        (numpy per document would cost more than the arithmetic)."""
        get = self.vocab.get
        cols: list[int] = []
        counts: list[int] = []
        seg_starts: list[int] = []  # one segment per non-empty (document, block)
        seg_weights: list[float] = []
        indptr = [0]
        for d in docs:
            for block, weight in zip(d.terms, self.block_weights):
                if not weight:
                    continue
                start = len(cols)
                for term, c in Counter(block).items():
                    j = get(term)
                    if j is not None:
                        cols.append(j)
                        counts.append(c)
                if len(cols) > start:
                    seg_starts.append(start)
                    seg_weights.append(weight)
            indptr.append(len(cols))
        col = np.asarray(cols, dtype=np.int64)
        v = (1.0 + np.log(np.asarray(counts, dtype=np.float64))) * self.idf[col]
        if len(v):
            starts = np.asarray(seg_starts)
            norms = np.sqrt(np.add.reduceat(v * v, starts))
            scale = np.asarray(seg_weights) / norms
            v *= np.repeat(scale, np.diff(np.append(starts, len(v))))
        from scipy.sparse import csr_matrix

        return csr_matrix((v, col, np.asarray(indptr)), shape=(len(indptr) - 1, self.size))


def column_blocks(vocab: dict[str, int]) -> np.ndarray:
    """The block of each feature (index into PREFIXES), from its term's prefix."""
    out = np.empty(len(vocab), dtype=np.int8)
    for term, j in vocab.items():
        out[j] = PREFIXES.index(term[:2])
    return out


def keep_blocks(x: csr_matrix, blocks: np.ndarray, keep: Sequence[int]) -> csr_matrix:
    """x with only the columns of the given blocks (the others dropped, shape unchanged): the
    matrix a featurizer without the other blocks gives (blocks are normalized separately)."""
    from scipy.sparse import csr_matrix

    mask = np.isin(blocks, keep)[x.indices]
    kept_before = np.concatenate(([0], np.cumsum(mask)))  # entries kept before each position
    return csr_matrix((x.data[mask], x.indices[mask], kept_before[x.indptr]), shape=x.shape)


def reweighted(x: csr_matrix, blocks: np.ndarray, factors: np.ndarray,
               block_weights: Sequence[float]) -> csr_matrix:
    """x's documents with each feature's weight multiplied by `factors` and every block
    L2-normalized again to its weight: what `Featurizer.matrix` gives with idf * factors, computed
    from x without the documents (whose terms are start-up training's largest objects)."""
    from scipy.sparse import csr_matrix

    data = x.data * factors[x.indices].astype(x.dtype)
    rows = np.repeat(np.arange(x.shape[0]), np.diff(x.indptr))
    segment = rows * len(PREFIXES) + blocks[x.indices]
    norms = np.sqrt(np.bincount(segment, weights=data * data,
                                minlength=x.shape[0] * len(PREFIXES)))
    weight = np.asarray(block_weights, dtype=float)[blocks[x.indices]]
    data *= (weight / norms[segment]).astype(x.dtype)
    return csr_matrix((data, x.indices.copy(), x.indptr.copy()), shape=x.shape)
