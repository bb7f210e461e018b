"""The grievance reader (nlp.grievance): its corpus, its accuracy, and what it reads as a wrong
told after a question."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.grievance import WRONG_MIN
from nlp.intent_model import read_corpus
from tests.dialogs.test_consult_grievance_14z import QUESTION_THEN_GRIEVANCE
from tests.nlp import grievance_corpus, intent_corpus

INTENTS = Path(__file__).resolve().parents[2] / "config" / "nlp" / "intents"


def test_grievance_corpus_files_are_what_the_generator_writes():
    train, test = grievance_corpus.splits()
    assert (INTENTS / "grievance_train.csv").read_text("utf-8") == intent_corpus.render_clauses(train)
    assert (INTENTS / "grievance_test.csv").read_text("utf-8") == intent_corpus.render_clauses(test)


def test_the_grievance_test_split_is_held_apart():
    train, test = grievance_corpus.splits()
    assert len(train) >= 2000 and len(test) >= 250
    assert not {r[0] for r in train} & {r[0] for r in test}
    assert {r[1] for r in train} == {r[1] for r in test} == {"wrong", "ask", "fact"}


def test_wrong_or_not_on_the_test_split(understanding):
    """What the dialog uses: is a clause a wrong (WRONG_MIN) or not, on clauses made of parts
    never trained on."""
    reader = understanding.grievances
    rows = read_corpus(INTENTS / "grievance_test.csv")
    right = sum((reader.read(r.text)[0] >= WRONG_MIN) == (r.label == "wrong") for r in rows)
    assert right / len(rows) >= 0.85, right / len(rows)


@pytest.mark.parametrize("question,grievance,_piece", QUESTION_THEN_GRIEVANCE)
def test_the_question_asks_and_the_grievance_tells(understanding, question, grievance, _piece):
    reader = understanding.grievances
    assert not reader.tells(understanding.punctuated(question))
    assert reader.tells(understanding.punctuated(grievance))


@pytest.mark.parametrize("text", [
    "我今年六十八了 高龄补贴一个月多少钱",
    "我儿子是二级残疾 护理补贴要去哪里申请",
    "我去年交了材料 什么时候能批下来",
    "俺是退伍军人 优待证咋办",
    "我家有五亩地 种粮补贴是按什么算的",
])
def test_background_and_a_question_is_no_grievance(understanding, text):
    assert not understanding.grievances.tells(understanding.punctuated(text))
