"""`petition-bot eval --intents` end to end through the installed console script."""

from __future__ import annotations

import csv
import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLI = ROOT / ".venv" / "bin" / "petition-bot"
pytestmark = pytest.mark.skipif(not CLI.exists(), reason="console script not installed")


def _run(args: list[str], data_dir: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PETITION_")}
    env["PETITION_DATA_DIR"] = str(data_dir)
    return subprocess.run([str(CLI), *args], check=False, capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=300)


def _write(path: Path, rows: list[tuple[str, str, str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["text", "expecting", "label", "detail"])
        w.writerows(rows)
    return path


TRAIN = [
    ("村里的路坏了没人修", "description", "story", ""), ("厂子天天排黑烟", "", "story", ""),
    ("工资拖了三个月", "description", "story", ""), ("河里的鱼都死了", "", "story", ""),
    ("13900001111", "phone", "answer", "phone"), ("电话15800002222", "phone", "answer", "phone"),
    ("名字不想说", "name", "refusal", "name"), ("电话就算了", "phone", "refusal", "phone"),
    ("人工", "", "human", ""), ("找工作人员", "", "human", ""),
    ("多久能办好", "", "process", "time"), ("几天有结果", "", "process", "time"),
]


def test_eval_intents_with_a_fresh_model(tmp_path):
    train = _write(tmp_path / "train.csv", TRAIN)
    test = _write(tmp_path / "t.csv", [
        ("我们村的桥断了两个月没人修", "description", "story", ""),
        ("13800001111", "phone", "answer", "phone"),
        ("名字就算了", "name", "refusal", "name"),
        ("转人工", "", "human", ""),
        ("要等多久", "", "process", "time"),
    ])
    out = _run(["eval", "--intents", str(test), "--train", str(train), "--json"],
               tmp_path / "data")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["n"] == 5 and report["accuracy"] >= 0.8
    assert set(report["per_kind"]) >= {"story", "answer", "refusal", "human", "process"}

    human = _run(["eval", "--intents", str(test), "--train", str(train)], tmp_path / "data")
    assert human.returncode == 0 and "accuracy=" in human.stdout and "混淆表" in human.stdout
    assert not (tmp_path / "data" / "model").exists()  # a fresh model installs nothing


def test_the_trained_model_is_cached_and_reused(tmp_path, config_dir):
    from nlp.entities import Gazetteer
    from nlp.understanding import _cached_model

    train = _write(tmp_path / "train.csv", TRAIN)
    gaz = Gazetteer.from_toml(config_dir / "towns.toml")
    first = _cached_model(train, gaz, config_dir / "towns.toml", tmp_path / "cache")
    saved = list((tmp_path / "cache").glob("intents-*/intents.npz"))
    assert len(saved) == 1
    again = _cached_model(train, gaz, config_dir / "towns.toml", tmp_path / "cache")
    assert again.labels == first.labels and again.segmenter.words == first.segmenter.words
    import numpy as np

    np.testing.assert_allclose(again.probabilities("人工", ""), first.probabilities("人工", ""))
    # a damaged cache is trained again, not an error
    saved[0].write_bytes(b"not a model")
    assert _cached_model(train, gaz, config_dir / "towns.toml", tmp_path / "cache").labels


def test_eval_intents_reports_a_bad_csv(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("words,tag\n你好,smalltalk\n", encoding="utf-8")
    out = _run(["eval", "--intents", str(bad)], tmp_path / "data")
    assert out.returncode == 2 and "text" in out.stderr and "Traceback" not in out.stderr


def test_eval_without_csv_says_what_is_missing(tmp_path):
    out = _run(["eval"], tmp_path / "data")
    assert out.returncode == 2 and "CSV" in out.stderr and "Traceback" not in out.stderr


def test_eval_intents_with_the_shipped_models_reports_every_reader(tmp_path, understanding):
    import tempfile

    from nlp.clauses import META_MIN
    from nlp.intent_model import read_corpus

    # the session's `understanding` fixture trained the shipped models into this cache
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "model").symlink_to(Path(tempfile.gettempdir()) / "petition-bot-test-cache")
    out = _run(["eval", "--intents", "--json"], tmp_path / "data")
    assert out.returncode == 0, out.stderr
    readers = json.loads(out.stdout)["readers"]
    acts = read_corpus(ROOT / "config" / "nlp" / "intents" / "acts_test.csv")
    clauses = read_corpus(ROOT / "config" / "nlp" / "intents" / "clauses_test.csv")
    assert readers["acts"]["n"] == len(acts) and readers["clauses"]["n"] == len(clauses)
    right = sum(understanding.acts.ranked(r.text, r.expecting, top=1)[0][0] == r.label for r in acts)
    assert readers["acts"]["accuracy"] == round(right / len(acts), 4)
    right = sum((understanding.clauses.p_meta(r.text) >= META_MIN) == (r.label == "meta") for r in clauses)
    assert readers["clauses"]["accuracy"] == round(right / len(clauses), 4)

    human = _run(["eval", "--intents"], tmp_path / "data")
    assert human.returncode == 0 and "acts_test.csv" in human.stdout and "clauses_test.csv" in human.stdout
