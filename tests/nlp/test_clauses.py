"""The clause reader (nlp.clauses): its corpus, its accuracy, and what it keeps of a message."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from nlp.clauses import META_MIN, clause_texts, spans
from nlp.intent_model import read_corpus
from tests.nlp import clause_corpus, intent_corpus

ROOT = Path(__file__).resolve().parents[2]
INTENTS = ROOT / "config" / "nlp" / "intents"


def _accuracy(reader, rows: list[tuple[str, str]]) -> float:
    right = sum((reader.p_meta(text) >= META_MIN) == (label == "meta") for text, label in rows)
    return right / len(rows)


def test_clause_corpus_files_are_what_the_generator_writes():
    train, test = clause_corpus.splits()
    assert (INTENTS / "clauses_train.csv").read_text("utf-8") == intent_corpus.render_clauses(train)
    assert (INTENTS / "clauses_test.csv").read_text("utf-8") == intent_corpus.render_clauses(test)


def test_the_clause_test_split_is_held_apart():
    train, test = clause_corpus.splits()
    assert len(train) >= 4000 and len(test) >= 1500
    assert not {r[0] for r in train} & {r[0] for r in test}
    assert {r[1] for r in train} == {r[1] for r in test} == {"account", "meta"}
    # the hand-written check shares no clause with either split
    with (Path(__file__).parent / "clauses_unseen.csv").open(encoding="utf-8") as f:
        unseen = {r["text"] for r in csv.DictReader(f)}
    assert not unseen & ({r[0] for r in train} | {r[0] for r in test})


def test_clause_model_on_its_test_split(understanding):
    rows = [(u.text, u.label) for u in read_corpus(INTENTS / "clauses_test.csv")]
    assert _accuracy(understanding.clauses, rows) >= 0.9


def test_clause_model_on_the_wordings_written_before_training(understanding):
    with (Path(__file__).parent / "clauses_unseen.csv").open(encoding="utf-8") as f:
        rows = [(r["text"], r["label"]) for r in csv.DictReader(f)]
    assert _accuracy(understanding.clauses, rows) >= 0.9


def test_clauses_split_at_punctuation_pauses_and_voice_joins():
    text = "路灯坏了好几个月，晚上黑漆漆的 然后我去村里问过还有镇上也问了"
    assert clause_texts(text) == ["路灯坏了好几个月", "晚上黑漆漆的", "然后我去村里问过", "还有镇上也问了"]
    assert all(text[a:b] for a, b in spans(text))
    assert clause_texts("") == [] and clause_texts("，。 ") == []


@pytest.mark.parametrize(("text", "kept"), [
    # who types, one's age (at the head)
    ("我眼神不好使，这是外孙女替我发的，村口那座小桥栏杆全断了，晚上有人掉下去过",
     "村口那座小桥栏杆全断了，晚上有人掉下去过"),
    # a doubt and a plea (at the tail), in dialect
    ("俺们组的机井坏了俩月了，浇不上地，也不晓得该寻谁，恁给俺想想办法中不中",
     "俺们组的机井坏了俩月了，浇不上地"),
    # an apology, voice input without punctuation
    ("厂里拖了三个月工资没发 我打字慢 对不住啊", "厂里拖了三个月工资没发"),
])
def test_only_the_account_is_kept_in_the_citizens_words(understanding, text, kept):
    assert understanding.clauses.account(text) == kept


@pytest.mark.parametrize("text", [
    "村里的路灯坏了半年了，晚上黑漆漆的，老人出门摔了好几回",
    "老板欠了我们六个人两个月工资，打他电话也不接",
    "我的个人信息被中介卖了，每天好几个推销电话",
])
def test_an_account_is_kept_whole(understanding, text):
    assert understanding.clauses.account(text) == text


@pytest.mark.parametrize("text", ["是我闺女帮我打的这些字，我不会弄", "我就怕他们知道了记恨我",
                                  "也不晓得在这上头说有没有人管", "麻烦你们多费心了，谢谢"])
def test_talk_about_the_talk_alone(understanding, text):
    assert understanding.clauses.meta_only(text)
    assert understanding.clauses.account(text) == ""
