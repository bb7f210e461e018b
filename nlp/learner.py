"""A generic linear text classifier with calibrated probabilities, over whatever labels it is given.

Ridge regression (one-vs-rest, +1/-1 targets, balanced class weights, as scikit-learn's
RidgeClassifier) on the TF-IDF blocks of `nlp.features`,
then a softmax whose temperature is fitted on out-of-fold scores, so that "confidence 0.9" means
about nine in ten right and a threshold on it is meaningful. Chosen by measurement on the Teddy
Cup 2020 split (see tests/bench/bench_nlp.py): it beats TF-IDF + LinearSVC there and classifies
one document with a sparse dot product.
"""

from __future__ import annotations

import contextlib
import json
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from threadpoolctl import threadpool_limits

if TYPE_CHECKING:  # scipy is imported where training needs it: a server loading a saved
    from scipy.sparse import csr_matrix  # model never does (~50 MiB RSS)

from nlp.features import Doc, Featurizer

RIDGE_ALPHA = 1.0
# Folds of the out-of-fold scores the temperature is fitted on. 3 instead of 5: county training
# 2.5 -> 1.9 s CPU, temperatures within 3%, the dev set's threshold curve unchanged at 0.90.
TEMPERATURE_FOLDS = 3
NB_GAMMA = 1.5  # Teddy Cup: 1.0 -> 0.926, 1.5 -> 0.928, 2.0 -> 0.928 (scaled model alone)
FORMAT_VERSION = 1
COEF_DTYPE = np.float32  # model coefficients, what a running server holds
# The Gram matrix and the dual systems (start-up training's peak memory: a few n x n matrices
# for n examples) in float32: half the memory of float64. Measured on the county examples
# (n = 2,640): the same predictions, probabilities within 1e-5.
GRAM_DTYPE = np.float32


@dataclass(slots=True)
class LinearTextModel:
    labels: tuple[str, ...]
    featurizer: Featurizer
    coef: np.ndarray  # (n_labels, n_features), float32: a view of `_coef_t`
    intercept: np.ndarray  # (n_labels,)
    temperature: float
    # features x labels, C order: gathering a petition's few hundred rows is 4x faster than
    # gathering columns of `coef`. The only copy of the coefficients (coef is its transposed
    # view), in float32: half the memory of float64, scores equal to 1e-6.
    _coef_t: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._coef_t = np.ascontiguousarray(self.coef.T, dtype=COEF_DTYPE)
        self.coef = self._coef_t.T

    # ---- training -------------------------------------------------------------------------
    @classmethod
    def fit(
        cls,
        docs: Sequence[Doc],
        labels: Sequence[str],
        min_df: int = 2,
        featurizer: Featurizer | None = None,
    ) -> LinearTextModel:
        """Fit on docs; `featurizer` (fitted on these docs or a superset) lets several models
        share one vocabulary, so a petition is turned into features once for all of them."""
        if len(docs) != len(labels):
            raise ValueError("docs and labels differ in length")
        feat = featurizer or Featurizer.fit(docs, min_df=min_df)
        x = feat.matrix(docs)
        return cls.fit_matrix(feat, x, gram_matrix(x), labels)

    @classmethod
    def fit_matrix(
        cls, featurizer: Featurizer, x: csr_matrix, gram: np.ndarray, labels: Sequence[str],
        weights: Sequence[float] | None = None,
    ) -> LinearTextModel:
        """Fit on an already featurized corpus: x (n x features) and its Gram matrix x x^T,
        which several models trained on the same documents can share. `weights`: per example,
        multiplying the balanced class weight (as scikit-learn's sample_weight)."""
        if x.shape[0] != len(labels) or gram.shape != (len(labels), len(labels)):
            raise ValueError("features and labels differ in length")
        if weights is not None and (len(weights) != len(labels) or min(weights) <= 0):
            raise ValueError("weights must be positive, one per example")
        classes = sorted(set(labels))
        if len(classes) < 2:
            raise ValueError("training needs at least two different labels")
        y = np.asarray(labels)
        with _single_threaded_blas():
            solver = _DualRidge(gram, y, classes,
                                None if weights is None else np.asarray(weights, dtype=float))
            coef, intercept = _fit_ridge(x, solver)
            temperature = _fit_temperature(solver, classes)
        return cls(tuple(classes), featurizer, coef, intercept, temperature)

    # ---- prediction -----------------------------------------------------------------------
    def scores(self, doc: Doc, vector: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
        idx, val = vector if vector is not None else self.featurizer.vector(doc)
        return val @ self._coef_t.take(idx, axis=0) + self.intercept

    def proba(self, doc: Doc, vector: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
        return _softmax(self.scores(doc, vector) / self.temperature)

    def ranked(
        self, doc: Doc, vector: tuple[np.ndarray, np.ndarray] | None = None
    ) -> list[tuple[str, float]]:
        """Labels with probabilities, best first. `vector`: this model's featurizer's vector of
        doc when the caller already has it (models sharing a featurizer)."""
        p = self.proba(doc, vector)
        order = np.argsort(-p)
        return [(self.labels[i], float(p[i])) for i in order]

    # ---- persistence (no pickle: plain arrays and JSON, readable by any later version) ------
    def save(self, directory: Path, name: str) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        terms = sorted(self.featurizer.vocab, key=self.featurizer.vocab.__getitem__)
        meta = {
            "format": FORMAT_VERSION,
            "labels": list(self.labels),
            "temperature": self.temperature,
            "block_weights": list(self.featurizer.block_weights),
            "terms": terms,
        }
        (directory / f"{name}.json").write_text(json.dumps(meta, ensure_ascii=False), "utf-8")
        np.savez_compressed(
            directory / f"{name}.npz",
            coef=self.coef,
            intercept=self.intercept,
            idf=self.featurizer.idf,
        )

    @classmethod
    def load(
        cls, directory: Path, name: str, share_with: Featurizer | None = None
    ) -> LinearTextModel:
        """Load; when the saved vocabulary equals `share_with`'s, that featurizer is reused."""
        meta = json.loads((directory / f"{name}.json").read_text("utf-8"))
        if meta.get("format") != FORMAT_VERSION:
            raise ValueError(f"unsupported model format {meta.get('format')!r}")
        with np.load(directory / f"{name}.npz") as arrays:
            coef, intercept, idf = arrays["coef"], arrays["intercept"], arrays["idf"]
        terms = meta["terms"]
        if coef.shape != (len(meta["labels"]), len(terms)) or idf.shape != (len(terms),):
            raise ValueError("model arrays do not match their vocabulary")
        same_vocab = (
            share_with is not None
            and len(share_with.vocab) == len(terms)
            and all(share_with.vocab.get(t) == i for i, t in enumerate(terms))
        )
        if (
            same_vocab
            and share_with is not None
            and np.array_equal(share_with.idf, idf)
            and list(share_with.block_weights) == meta["block_weights"]
        ):
            feat = share_with
        else:  # own weights; vocabulary and IDF (the larger part) still shared when equal
            shared_idf = same_vocab and share_with is not None and np.array_equal(
                share_with.idf, idf)
            feat = Featurizer(
                vocab=share_with.vocab if same_vocab and share_with is not None
                else {t: i for i, t in enumerate(terms)},
                idf=share_with.idf if shared_idf and share_with is not None else idf,
                block_weights=tuple(meta["block_weights"]),
            )
        return cls(tuple(meta["labels"]), feat, coef, intercept, float(meta["temperature"]))


def nb_weights(x: csr_matrix, labels: Sequence[str], gamma: float = NB_GAMMA,
               eps: float = 1e-3) -> np.ndarray:
    """One weight per feature, the same for every label (so one Gram matrix serves them all):
    how concentrated the feature is on one label, (k * max_c p(c | feature))^gamma, with
    p(c | feature) from the share of each label's examples containing it (balanced over labels,
    smoothed by eps). 1 for a feature spread evenly, up to k^gamma for one seen with one label
    only. A cheap relative of NBSVM's per-label log-count ratios, which need a solve per label.
    """
    y = np.asarray(labels)
    classes = sorted(set(y.tolist()))
    present = x.copy()
    present.data[:] = 1.0
    share = np.vstack([np.asarray(present[y == c].mean(axis=0)).ravel() for c in classes]) + eps
    share /= share.sum(axis=0, keepdims=True)
    return (share.max(axis=0) * len(classes)) ** gamma


def gram_matrix(x: csr_matrix, rows_per_block: int = 256,
                add_to: np.ndarray | None = None) -> np.ndarray:
    """x x^T, dense (GRAM_DTYPE), filled a block of rows at a time: the sparse product of all
    rows at once is a dense matrix in sparse form (16 bytes an entry instead of 4), the
    start-up's peak. `add_to`: added to that matrix in place instead (the Gram matrix of
    features extended by columns of their own: no second n x n matrix)."""
    n = x.shape[0]
    gram = np.empty((n, n), dtype=GRAM_DTYPE) if add_to is None else add_to
    xt = x.T.tocsr()
    with _single_threaded_blas():
        for i in range(0, n, rows_per_block):
            block = (x[i : i + rows_per_block] @ xt).toarray()
            if add_to is None:
                gram[i : i + rows_per_block] = block
            else:
                gram[i : i + rows_per_block] += block
    return gram


def _single_threaded_blas() -> contextlib.AbstractContextManager:
    """The systems solved here are small (n examples squared); OpenBLAS's threads only add
    contention, which made start-up training 5-20x slower on a busy two-core machine."""
    return threadpool_limits(limits=1, user_api="blas")


def _fit_ridge(x, solver: _DualRidge) -> tuple[np.ndarray, np.ndarray]:
    """Primal coefficients (n_labels x n_features) and intercepts from the dual solution."""
    a, xbar_w, ybar = solver.solve(np.arange(len(solver.y)))
    # beta = X^T (D a) - xbar * sum(D a), with xbar the weighted mean row of X. The dense
    # factors take x's dtype: scipy would otherwise copy a float32 x to float64.
    xbar = np.asarray(xbar_w.astype(x.dtype) @ x, dtype=float).ravel()
    coef = np.asarray(x.T @ a.astype(x.dtype), dtype=float).T - np.outer(a.sum(axis=0), xbar)
    intercept = ybar - xbar @ coef.T
    return np.ascontiguousarray(coef), intercept


class _DualRidge:
    """Weighted ridge regression with intercept in dual form, over a precomputed Gram matrix.

    Same objective as scikit-learn's RidgeClassifier(class_weight="balanced"): targets +1/-1 per
    class, sample weights n / (k * n_class), penalty alpha * |beta|^2, unpenalized intercept.
    With n examples and far more features, solving the n x n system is the cheap way, and the
    cross-validation folds reuse the one Gram matrix. (Measured to give the same predictions as
    scikit-learn; it spares importing scikit-learn at start-up.)
    """

    def __init__(self, gram: np.ndarray, y: np.ndarray, classes: list[str],
                 sample_weight: np.ndarray | None = None) -> None:
        self.gram = gram
        self.targets = np.where(y[:, None] == np.asarray(classes)[None, :], 1.0, -1.0)
        self.y = y
        self.sample_weight = sample_weight

    def solve(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Dual coefficients (already multiplied by the sample weights) for training rows `rows`,
        the weight vector giving the weighted mean of X over those rows (length n, zero
        elsewhere), and the weighted target means."""
        n = len(self.y)
        y = self.y[rows]
        labels, counts = np.unique(y, return_counts=True)
        per_class = dict(zip(labels.tolist(), counts.tolist()))
        w = np.array([len(y) / (len(labels) * per_class[v]) for v in y.tolist()])
        if self.sample_weight is not None:
            w *= self.sample_weight[rows]
        wsum = w.sum()
        # One n x n scratch matrix, modified in place (this is start-up's peak memory): the
        # weighted-centered Gram matrix, scaled by sqrt(w) on both sides, plus alpha on the
        # diagonal. It is symmetric positive definite, so a Cholesky solve (half the work of LU).
        # Vectors are cast to the matrix's dtype before meeting it: numpy and LAPACK would
        # otherwise make a float64 copy of the float32 matrix.
        g = self.gram[np.ix_(rows, rows)] if len(rows) < n else self.gram.copy()
        dt = g.dtype
        u = (g @ w.astype(dt)).astype(float) / wsum  # X x̄ for each training row
        c = u @ w / wsum  # x̄ · x̄
        g -= u[:, None].astype(dt)
        g -= u[None, :].astype(dt)
        g += dt.type(c)
        sq = np.sqrt(w)
        g *= sq[:, None].astype(dt)
        g *= sq[None, :].astype(dt)
        g.flat[:: len(rows) + 1] += dt.type(RIDGE_ALPHA)
        t = self.targets[rows]
        ybar = w @ t / wsum
        rhs = (sq[:, None] * (t - ybar)).astype(dt)
        from scipy.linalg import cho_factor, cho_solve

        dual = cho_solve(cho_factor(g, overwrite_a=True, check_finite=False), rhs,
                         check_finite=False).astype(float)
        del g
        a = np.zeros((n, t.shape[1]))
        a[rows] = sq[:, None] * dual
        xbar_w = np.zeros(n)
        xbar_w[rows] = w / wsum
        return a, xbar_w, ybar

    def scores(self, rows: np.ndarray, test: np.ndarray) -> np.ndarray:
        a, xbar_w, ybar = self.solve(rows)
        s = a.sum(axis=0)
        dt = self.gram.dtype
        k_test = self.gram[test]
        a_, xbar_ = a.astype(dt), xbar_w.astype(dt)  # no float64 copy of the Gram matrix
        # X_test beta = K_test a - (K_test xbar_w) s ; x̄ beta likewise with xbar_w
        xb_test = (k_test @ a_).astype(float) - np.outer((k_test @ xbar_).astype(float), s)
        k_bar = (xbar_ @ self.gram).astype(float)
        xbar_beta = k_bar @ a - (k_bar @ xbar_w) * s
        return xb_test + (ybar - xbar_beta)


def _fit_temperature(solver: _DualRidge, classes: list[str]) -> float:
    """Temperature minimizing the log loss of out-of-fold scores (in-sample if too few)."""
    y = solver.y
    smallest = min(Counter(y.tolist()).values())
    folds = min(TEMPERATURE_FOLDS, smallest)
    index = {c: i for i, c in enumerate(classes)}
    target = np.array([index[v] for v in y])
    everything = np.arange(len(y))
    scores = np.zeros((len(y), len(classes)))
    if folds >= 2:
        for test in _stratified_folds(y, folds):
            train = np.setdiff1d(everything, test)
            if len(set(y[train].tolist())) < len(classes):
                folds = 0
                break
            scores[test] = solver.scores(train, test)
    if folds < 2:
        scores = solver.scores(everything, everything)

    def nll(log_t: float) -> float:
        z = scores / math.exp(log_t)
        z = z - z.max(axis=1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        return float(-logp[np.arange(len(target)), target].mean())

    from scipy.optimize import minimize_scalar

    best = minimize_scalar(nll, bounds=(math.log(0.005), math.log(10.0)), method="bounded",
                           options={"xatol": 1e-6})
    return math.exp(float(best.x))


def _stratified_folds(y: np.ndarray, folds: int) -> list[np.ndarray]:
    """Deterministic stratified folds: each class's examples dealt round-robin after a seeded
    shuffle."""
    rng = np.random.default_rng(0)
    buckets: list[list[int]] = [[] for _ in range(folds)]
    for label in sorted(set(y.tolist())):
        idx = np.flatnonzero(y == label)
        rng.shuffle(idx)
        for j, i in enumerate(idx.tolist()):
            buckets[j % folds].append(i)
    return [np.array(sorted(b)) for b in buckets]


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max()
    e = np.exp(z)
    return e / e.sum()
