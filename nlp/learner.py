"""A generic linear text classifier with calibrated probabilities, over whatever labels it is given.

Ridge regression (one-vs-rest, balanced class weights) on the TF-IDF blocks of `nlp.features`,
then a softmax whose temperature is fitted on out-of-fold scores, so that "confidence 0.9" means
about nine in ten right and a threshold on it is meaningful. Chosen by measurement on the Teddy
Cup 2020 split (see tests/bench/bench_nlp.py): it beats TF-IDF + LinearSVC there and classifies
one document with a sparse dot product.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.optimize import minimize_scalar
from sklearn.linear_model import RidgeClassifier
from sklearn.model_selection import StratifiedKFold

from nlp.features import Doc, Featurizer

RIDGE_ALPHA = 1.0
FORMAT_VERSION = 1


@dataclass(slots=True)
class LinearTextModel:
    labels: tuple[str, ...]
    featurizer: Featurizer
    coef: np.ndarray  # (n_labels, n_features)
    intercept: np.ndarray  # (n_labels,)
    temperature: float

    # ---- training -------------------------------------------------------------------------
    @classmethod
    def fit(cls, docs: Sequence[Doc], labels: Sequence[str], min_df: int = 2) -> LinearTextModel:
        if len(docs) != len(labels):
            raise ValueError("docs and labels differ in length")
        classes = sorted(set(labels))
        if len(classes) < 2:
            raise ValueError("training needs at least two different labels")
        feat = Featurizer.fit(docs, min_df=min_df)
        x = feat.matrix(docs)
        y = np.asarray(labels)
        coef, intercept = _fit_ridge(x, y, classes)
        temperature = _fit_temperature(x, y, classes)
        return cls(tuple(classes), feat, coef, intercept, temperature)

    # ---- prediction -----------------------------------------------------------------------
    def scores(self, doc: Doc) -> np.ndarray:
        idx, val = self.featurizer.vector(doc)
        return self.coef[:, idx] @ val + self.intercept

    def proba(self, doc: Doc) -> np.ndarray:
        return _softmax(self.scores(doc) / self.temperature)

    def ranked(self, doc: Doc) -> list[tuple[str, float]]:
        p = self.proba(doc)
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
    def load(cls, directory: Path, name: str) -> LinearTextModel:
        meta = json.loads((directory / f"{name}.json").read_text("utf-8"))
        if meta.get("format") != FORMAT_VERSION:
            raise ValueError(f"unsupported model format {meta.get('format')!r}")
        with np.load(directory / f"{name}.npz") as arrays:
            coef, intercept, idf = arrays["coef"], arrays["intercept"], arrays["idf"]
        terms = meta["terms"]
        if coef.shape != (len(meta["labels"]), len(terms)) or idf.shape != (len(terms),):
            raise ValueError("model arrays do not match their vocabulary")
        feat = Featurizer(
            vocab={t: i for i, t in enumerate(terms)},
            idf=idf,
            block_weights=tuple(meta["block_weights"]),
        )
        return cls(tuple(meta["labels"]), feat, coef, intercept, float(meta["temperature"]))


def _fit_ridge(x, y: np.ndarray, classes: list[str]) -> tuple[np.ndarray, np.ndarray]:
    clf = RidgeClassifier(alpha=RIDGE_ALPHA, class_weight="balanced")
    clf.fit(x, y)
    if list(clf.classes_) != classes:
        raise AssertionError("label order changed")  # sklearn sorts classes; so do we
    coef = np.asarray(clf.coef_, dtype=np.float64)
    intercept = np.atleast_1d(np.asarray(clf.intercept_, dtype=np.float64))
    if len(classes) == 2:  # sklearn keeps one row for two classes: score of the second one
        coef = np.vstack([-coef[0], coef[0]])
        intercept = np.array([-intercept[0], intercept[0]])
    return np.ascontiguousarray(coef), intercept


def _fit_temperature(x, y: np.ndarray, classes: list[str]) -> float:
    """Temperature minimizing the log loss of out-of-fold scores (in-sample if too few)."""
    smallest = min(Counter(y.tolist()).values())
    folds = min(5, smallest)
    index = {c: i for i, c in enumerate(classes)}
    target = np.array([index[v] for v in y])
    scores = np.zeros((len(y), len(classes)))
    if folds >= 2:
        for train, test in StratifiedKFold(folds, shuffle=True, random_state=0).split(x, y):
            if len(set(y[train].tolist())) < len(classes):
                folds = 0
                break
            coef, intercept = _fit_ridge(x[train], y[train], classes)
            scores[test] = x[test] @ coef.T + intercept
    if folds < 2:
        coef, intercept = _fit_ridge(x, y, classes)
        scores = x @ coef.T + intercept

    def nll(log_t: float) -> float:
        z = scores / math.exp(log_t)
        z = z - z.max(axis=1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        return float(-logp[np.arange(len(target)), target].mean())

    res = minimize_scalar(nll, bounds=(math.log(0.005), math.log(10.0)), method="bounded")
    return float(math.exp(res.x))


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max()
    e = np.exp(z)
    return e / e.sum()
