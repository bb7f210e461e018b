"""Quality figures of a classifier on labelled examples (what `petition-bot eval` prints)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Prediction:
    category: str
    confidence: float
    nature: str = ""
    nature_confidence: float = 1.0
    auto: bool | None = None  # the classifier's own decision; None: confidence >= threshold


def evaluate(
    gold: Sequence[str],
    predictions: Sequence[Prediction],
    threshold: float,
    gold_natures: Sequence[str] | None = None,
) -> dict:
    """accuracy, macro-F1, per-category P/R/F1, coverage (share sent on without review: the
    prediction's `auto`, else confidence >= threshold), auto_accuracy (category accuracy on that
    share; None when nothing is covered); with gold natures, nature_accuracy, nature_macro_f1,
    per-nature P/R/F1 and auto_both_accuracy (category and nature both right on the auto share).
    """
    if len(gold) != len(predictions) or not gold:
        raise ValueError("need as many predictions as gold labels, at least one")
    pred = [p.category for p in predictions]
    labels = sorted(set(gold) | set(pred))
    prec, rec, f1, support = _per_label(gold, pred, labels)
    auto = [i for i, p in enumerate(predictions)
            if (p.auto if p.auto is not None else p.confidence >= threshold)]
    report: dict = {
        "n": len(gold),
        "accuracy": sum(g == p for g, p in zip(gold, pred)) / len(gold),
        # macro-F1 over every label seen in gold or predictions (as scikit-learn's f1_score)
        "macro_f1": sum(f1) / len(labels),
        "threshold": threshold,
        "coverage": len(auto) / len(gold),
        "auto_accuracy": (sum(gold[i] == pred[i] for i in auto) / len(auto)) if auto else None,
        "per_category": {
            label: {
                "precision": prec[k],
                "recall": rec[k],
                "f1": f1[k],
                "support": support[k],
            }
            for k, label in enumerate(labels)
        },
    }
    if gold_natures is not None:
        pairs = [(g, p.nature) for g, p in zip(gold_natures, predictions) if g]
        report["nature_n"] = len(pairs)
        report["nature_accuracy"] = (
            sum(g == p for g, p in pairs) / len(pairs) if pairs else None
        )
        if pairs:
            ng, npred = [g for g, _ in pairs], [p for _, p in pairs]
            nlabels = sorted(set(ng) | set(npred))
            p_, r_, f_, s_ = _per_label(ng, npred, nlabels)
            report["nature_macro_f1"] = sum(f_) / len(nlabels)
            report["per_nature"] = {
                label: {"precision": p_[k], "recall": r_[k], "f1": f_[k], "support": s_[k]}
                for k, label in enumerate(nlabels)
            }
        both = [i for i in auto if gold_natures[i]]
        report["auto_both_accuracy"] = (
            sum(gold[i] == pred[i] and gold_natures[i] == predictions[i].nature for i in both)
            / len(both) if both else None
        )
    return report


def coverage_curve(
    gold: Sequence[str], predictions: Sequence[Prediction], thresholds: Sequence[float],
    nature_threshold: float = 0.0,
) -> list[tuple[float, float, float | None]]:
    """(threshold, coverage, auto_accuracy) for each threshold: what choosing it would give
    (with the nature threshold applied as well)."""
    out = []
    for t in thresholds:
        auto = [i for i, p in enumerate(predictions)
                if p.confidence >= t and p.nature_confidence >= nature_threshold]
        acc = sum(gold[i] == predictions[i].category for i in auto) / len(auto) if auto else None
        out.append((t, len(auto) / len(gold), acc))
    return out


def _per_label(
    gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]
) -> tuple[list[float], list[float], list[float], list[int]]:
    """Precision, recall, F1 and support per label; 0 where undefined."""
    prec, rec, f1, support = [], [], [], []
    for label in labels:
        tp = sum(g == label and p == label for g, p in zip(gold, pred))
        n_pred = sum(p == label for p in pred)
        n_gold = sum(g == label for g in gold)
        p_ = tp / n_pred if n_pred else 0.0
        r_ = tp / n_gold if n_gold else 0.0
        prec.append(p_)
        rec.append(r_)
        f1.append(2 * p_ * r_ / (p_ + r_) if p_ + r_ else 0.0)
        support.append(n_gold)
    return prec, rec, f1, support
