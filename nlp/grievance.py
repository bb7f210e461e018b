"""The grievance reader: after a question, does the citizen tell a wrong done to them?

    reader = GrievanceReader(model)   # model: IntentModel trained on config/nlp/intents/grievance_train.csv
    reader.tells("不是问怎么申请 护理补贴一直在领的 今年五月开始卡上就没钱了 也没人通知我们")  # True
    reader.tells("我今年六十八了 高龄补贴一个月多少钱")  # False

A consultation often turns into a petition in one reply with no word of filing: the citizen asked
how something works, and then tells what was withheld, stopped, refused or given to someone
else, or how they were sent from one office to another. Which clause does what is learnt, not
listed: the project's learner (`nlp.intent_model.IntentModel`) over the grievance corpus
(tests/nlp/grievance_corpus.py: composed clauses labelled `wrong`, `ask` or `fact`).

A message tells a grievance when more of its clauses are wrongs than questions (at least one),
each read surely (WRONG_MIN / ASK_MIN): "我去年交了材料 什么时候能批下来" (one of each) stays a
question; background facts ("我儿子一级肢体残疾", "不是问怎么申请") count for neither.
"""

from __future__ import annotations

import re

from nlp.clauses import clause_texts
from nlp.hanzi import cjk_count, to_simplified
from nlp.intent_model import IntentModel

WRONG_MIN = 0.6
ASK_MIN = 0.6
MIN_CJK = 8  # a message shorter than this tells too little to be a petition by itself
_KEEP = 2048  # clause readings kept
_CORE = re.compile(r"[\W_]+")


class GrievanceReader:
    def __init__(self, model: IntentModel) -> None:
        self.model = model
        self._wrong = model.labels.index("wrong")
        self._ask = model.labels.index("ask")
        self._seen: dict[str, tuple[float, float]] = {}

    def read(self, clause: str) -> tuple[float, float]:
        """(p wrong, p ask) of one clause."""
        hit = self._seen.get(clause)
        if hit is None:
            if len(self._seen) >= _KEEP:
                self._seen.clear()
            p = self.model.probabilities(clause, "")
            hit = self._seen[clause] = (float(p[self._wrong]), float(p[self._ask]))
        return hit

    def counts(self, text: str) -> tuple[int, int]:
        """(clauses read as a wrong, clauses read as a question) of `text`."""
        wrongs = asks = 0
        for clause in clause_texts(to_simplified(text)):
            if cjk_count(_CORE.sub("", clause)) < 2:
                continue
            wrong, ask = self.read(clause)
            wrongs += wrong >= WRONG_MIN
            asks += ask >= ASK_MIN
        return wrongs, asks

    def tells(self, text: str) -> bool:
        """`text` tells a wrong done to the citizen, more than it asks anything."""
        if cjk_count(text) < MIN_CJK:
            return False
        wrongs, asks = self.counts(text)
        return wrongs >= 1 and wrongs > asks
