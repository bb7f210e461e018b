"""The baseline our learner is measured against: TF-IDF of jieba words + LinearSVC (scikit-learn),
one model for the category and one for the nature, trained on the same examples in the same run
(`petition-bot eval --baseline`, tests/bench/bench_nlp.py). scikit-learn is a test dependency,
not a run-time one: `BaselineUnavailable` says so when it is missing."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from nlp.examples import Example


class BaselineUnavailable(RuntimeError):
    """scikit-learn is not installed."""


def train_baseline(examples: Sequence[Example]) -> Callable[[Sequence[str]], list[tuple[str, str]]]:
    """A function giving (category, nature) for texts; the nature is "" when the examples have
    fewer than two natures. jieba should carry the user dictionary, as for our own model."""
    try:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.svm import LinearSVC
    except ImportError as exc:
        raise BaselineUnavailable(str(exc)) from exc

    from nlp.classifier import prepare

    def words(texts: Sequence[str]) -> list[str]:
        return [" ".join(prepare(t).tokens) for t in texts]

    vec = TfidfVectorizer(tokenizer=str.split, token_pattern=None, lowercase=False)
    x = vec.fit_transform(words([e.text for e in examples]))
    category = LinearSVC().fit(x, [e.category for e in examples])
    rows = [i for i, e in enumerate(examples) if e.nature]
    nature = None
    if len({examples[i].nature for i in rows}) >= 2:
        nature = LinearSVC().fit(x[rows], [examples[i].nature for i in rows])

    def predict(texts: Sequence[str]) -> list[tuple[str, str]]:
        xt = vec.transform(words(texts))
        cats = category.predict(xt).tolist()
        nats = nature.predict(xt).tolist() if nature is not None else [""] * len(cats)
        return list(zip(cats, nats))

    return predict
