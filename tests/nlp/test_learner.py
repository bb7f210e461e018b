"""The generic learner: same solution as scikit-learn's ridge, any labels, lossless save/load."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from nlp.classifier import prepare
from nlp.learner import LinearTextModel

# Small, real-looking corpus with labels that are not the county's.
CORPUS = [
    ("小区停水两天了，自来水公司电话打不通", "水务"),
    ("自来水发黄有异味，烧开了有沉淀", "水务"),
    ("供水管道爆裂，整条街都没水", "水务"),
    ("水压太低三楼以上上不去水", "水务"),
    ("村里经常停电，冰箱里的东西都坏了", "电力"),
    ("电线杆歪了，电线离地面很低很危险", "电力"),
    ("电表走得太快，电费比以前高了一倍", "电力"),
    ("变压器嗡嗡响一整夜，吵得睡不着", "电力"),
    ("手机信号太差，在家打不了电话", "通信"),
    ("宽带经常断网，报修没人上门", "通信"),
    ("营业厅私自给我开了套餐，每月多扣钱", "通信"),
    ("村里没有基站，孩子上网课卡得不行", "通信"),
]


def _docs(rows):
    return [prepare(t) for t, _ in rows]


@pytest.fixture(scope="module")
def model(classifier) -> LinearTextModel:  # classifier fixture: jieba loaded with our dict
    return LinearTextModel.fit(_docs(CORPUS), [y for _, y in CORPUS], min_df=1)


def test_same_solution_as_scikit_learn_ridge(model: LinearTextModel) -> None:
    from sklearn.linear_model import RidgeClassifier

    docs = _docs(CORPUS)
    x = model.featurizer.matrix(docs)
    ref = RidgeClassifier(alpha=1.0, class_weight="balanced", solver="cholesky", tol=1e-10)
    ref.fit(x.toarray(), [y for _, y in CORPUS])  # dense: the exact (cholesky) solver
    assert list(ref.classes_) == list(model.labels)
    ours = np.vstack([model.scores(d) for d in docs])
    assert ours == pytest.approx(ref.decision_function(x.toarray()), abs=1e-6)


def test_sample_weights_as_scikit_learn(model: LinearTextModel) -> None:
    """Per-example weights multiply the balanced class weights, as RidgeClassifier's
    sample_weight does; weights of 1 are the unweighted model."""
    from sklearn.linear_model import RidgeClassifier

    from nlp.learner import gram_matrix

    docs = _docs(CORPUS)
    labels = [y for _, y in CORPUS]
    x = model.featurizer.matrix(docs)
    weights = [0.3 if i % 3 == 0 else 1.0 for i in range(len(CORPUS))]
    weighted = LinearTextModel.fit_matrix(model.featurizer, x, gram_matrix(x), labels, weights)
    ref = RidgeClassifier(alpha=1.0, class_weight="balanced", solver="cholesky", tol=1e-10)
    ref.fit(x.toarray(), labels, sample_weight=weights)
    ours = np.vstack([weighted.scores(d) for d in docs])
    assert ours == pytest.approx(ref.decision_function(x.toarray()), abs=1e-6)
    assert not np.allclose(weighted.coef, model.coef)
    ones = LinearTextModel.fit_matrix(model.featurizer, x, gram_matrix(x), labels,
                                      [1.0] * len(CORPUS))
    assert ones.coef == pytest.approx(model.coef)
    with pytest.raises(ValueError, match="positive"):
        LinearTextModel.fit_matrix(model.featurizer, x, gram_matrix(x), labels,
                                   [0.0] * len(CORPUS))


def test_learns_whatever_labels_it_is_given(model: LinearTextModel) -> None:
    assert model.labels == ("水务", "电力", "通信")
    assert model.ranked(prepare("家里停电了一整天"))[0][0] == "电力"
    assert model.ranked(prepare("手机没有信号"))[0][0] == "通信"


def test_probabilities(model: LinearTextModel) -> None:
    p = model.proba(prepare("停水了"))
    assert p.sum() == pytest.approx(1.0) and (p > 0).all()
    assert model.temperature > 0


def test_two_labels() -> None:
    rows = [r for r in CORPUS if r[1] != "通信"]
    m = LinearTextModel.fit(_docs(rows), [y for _, y in rows], min_df=1)
    assert m.coef.shape[0] == 2
    assert m.ranked(prepare("自来水管道爆了"))[0][0] == "水务"


def test_one_label_is_refused() -> None:
    with pytest.raises(ValueError, match="two different labels"):
        LinearTextModel.fit(_docs(CORPUS[:3]), ["水务"] * 3)


def test_save_and_load_round_trip(model: LinearTextModel, tmp_path: Path) -> None:
    model.save(tmp_path, "m")
    back = LinearTextModel.load(tmp_path, "m")
    assert back.labels == model.labels and back.temperature == model.temperature
    for text in ("停水三天", "信号差", "电费太贵了", "与训练无关的一句话"):
        d = prepare(text)
        assert back.proba(d) == pytest.approx(model.proba(d), abs=1e-12)


def test_inconsistent_files_are_refused(model: LinearTextModel, tmp_path: Path) -> None:
    model.save(tmp_path, "m")
    meta = json.loads((tmp_path / "m.json").read_text("utf-8"))
    meta["terms"] = meta["terms"][:-1]
    (tmp_path / "m.json").write_text(json.dumps(meta), "utf-8")
    with pytest.raises(ValueError, match="do not match"):
        LinearTextModel.load(tmp_path, "m")
    meta["format"] = 99
    (tmp_path / "m.json").write_text(json.dumps(meta), "utf-8")
    with pytest.raises(ValueError, match="format"):
        LinearTextModel.load(tmp_path, "m")


def test_nb_weights_favour_features_of_one_label() -> None:
    from scipy.sparse import csr_matrix

    from nlp.learner import nb_weights

    # feature 0 occurs with label a only, feature 1 with both labels alike, feature 2 mostly b
    x = csr_matrix(np.array([[1.0, 1.0, 0.0], [1.0, 1.0, 1.0], [0.0, 1.0, 1.0], [0.0, 1.0, 1.0]]))
    w = nb_weights(x, ["a", "a", "b", "b"], gamma=1.0)
    assert w[0] == pytest.approx(2.0, abs=0.01)  # k * max share, k = 2 labels
    assert w[1] == pytest.approx(1.0)
    assert 1.0 < w[2] < w[0]


def test_block_selection_and_reweighting_equal_featurizing_again(classifier) -> None:
    """Training computes the documents' matrix once (all four blocks) and derives the category
    model's blocks and the NB-weighted view from it; both equal featurizing again."""
    from nlp.features import BLOCKS, Featurizer, column_blocks, keep_blocks, reweighted

    docs = _docs(CORPUS) + [prepare("")]  # an empty document too: a row without entries
    every = Featurizer.fit(docs, min_df=1, blocks=BLOCKS + 1)
    four = Featurizer(every.vocab, every.idf, (1.0, 1.0, 1.0, 0.7))
    three = Featurizer(every.vocab, every.idf, (1.0, 1.0, 1.0))
    blocks = column_blocks(every.vocab)
    x_all = four.matrix(docs)
    x = keep_blocks(x_all, blocks, range(BLOCKS))
    assert (x != three.matrix(docs)).nnz == 0
    tail = keep_blocks(x_all, blocks, [BLOCKS])
    assert abs(x + tail - x_all).max() == 0
    factors = np.linspace(0.5, 3.0, every.size)
    again = Featurizer(every.vocab, every.idf * factors, (1.0, 1.0, 1.0)).matrix(docs)
    assert abs(reweighted(x, blocks, factors, (1.0, 1.0, 1.0)) - again).max() < 1e-12
