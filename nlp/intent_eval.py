"""Quality of turn understanding on a labelled utterance CSV (text, expecting, label, detail).

Scores the full reading (`Understanding.interpret`: model and extractors) and the model alone,
per kind (precision, recall), the confusion table, and for rows whose detail is a field or a
topic, how often the reading's field/topic matches it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from nlp.intent_model import Utterance
from nlp.understanding import KINDS, Understanding

DETAIL_KINDS = ("answer", "correction", "refusal", "process", "command")


@dataclass(frozen=True, slots=True)
class IntentReport:
    n: int
    accuracy: float
    model_accuracy: float
    detail_accuracy: float  # field/topic right among rows of DETAIL_KINDS read as the right kind
    per_kind: dict[str, dict[str, float]]
    confusion: dict[str, dict[str, int]]  # true kind -> predicted kind -> count
    errors: list[tuple[str, str, str, str]]  # text, expecting, true, predicted

    def as_json(self) -> dict[str, object]:
        return {
            "n": self.n, "accuracy": round(self.accuracy, 4),
            "model_accuracy": round(self.model_accuracy, 4),
            "detail_accuracy": round(self.detail_accuracy, 4),
            "per_kind": self.per_kind, "confusion": self.confusion,
        }


def evaluate_intents(u: Understanding, rows: Sequence[Utterance]) -> IntentReport:
    confusion: dict[str, Counter[str]] = {k: Counter() for k in KINDS}
    right = model_right = detail_n = detail_right = 0
    errors = []
    for r in rows:
        reading = u.interpret(r.text, r.expecting)
        confusion.setdefault(r.label, Counter())[reading.kind] += 1
        right += reading.kind == r.label
        model_right += reading.model_kind == r.label
        if reading.kind != r.label:
            errors.append((r.text, r.expecting, r.label, reading.kind))
        elif r.label in DETAIL_KINDS and r.detail:
            detail_n += 1
            got = reading.topic if r.label in ("process", "command") else reading.field
            detail_right += got == r.detail
    per_kind = {}
    for k in KINDS:
        tp = confusion.get(k, Counter())[k]
        predicted = sum(c[k] for c in confusion.values())
        actual = sum(confusion.get(k, Counter()).values())
        per_kind[k] = {"n": actual, "precision": round(tp / predicted, 4) if predicted else 0.0,
                       "recall": round(tp / actual, 4) if actual else 0.0}
    n = len(rows)
    return IntentReport(
        n=n, accuracy=right / n if n else 0.0, model_accuracy=model_right / n if n else 0.0,
        detail_accuracy=detail_right / detail_n if detail_n else 0.0, per_kind=per_kind,
        confusion={k: dict(v) for k, v in confusion.items() if v}, errors=errors,
    )


def reader_figures(u: Understanding, clause_rows: Sequence[Utterance],
                   act_rows: Sequence[Utterance]) -> dict[str, dict[str, float]]:
    """Accuracy of the two other learned readers on their held-out splits: the clause reader
    (a clause is talk about the talk when the model gives it at least META_MIN) and the
    turn-act reader (its best act). A reader the layer was built without is left out."""
    from nlp.clauses import META_MIN

    figures: dict[str, dict[str, float]] = {}
    clauses, acts = u.clauses, u.acts
    if clauses is not None and clause_rows:
        right = sum((clauses.p_meta(r.text) >= META_MIN) == (r.label == "meta") for r in clause_rows)
        figures["clauses"] = {"n": len(clause_rows), "accuracy": round(right / len(clause_rows), 4)}
    if acts is not None and act_rows:
        right = sum(acts.ranked(r.text, r.expecting, top=1)[0][0] == r.label for r in act_rows)
        figures["acts"] = {"n": len(act_rows), "accuracy": round(right / len(act_rows), 4)}
    return figures


def confusion_table(report: IntentReport) -> str:
    """A plain-text confusion table: rows = true kind, columns = read as."""
    kinds = [k for k in KINDS if report.per_kind[k]["n"] or any(
        k in row for row in report.confusion.values())]
    short = {k: k[:6] for k in kinds}
    lines = ["true \\ read  " + " ".join(f"{short[k]:>6}" for k in kinds)]
    for k in kinds:
        row = report.confusion.get(k, {})
        lines.append(f"{k:<12} " + " ".join(f"{row.get(c, 0):>6}" for c in kinds))
    return "\n".join(lines)
