"""Test doubles for the pure pieces, used only by tests of the plumbing around them."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from dialogs.api import DueDate, Effect, Say, Services, StepInput, StepResult
from nlp.types import Analysis

ANALYSIS = Analysis(category_code="other", category_name="其他", departments=("信访局",),
                    confidence=0.9, nature="求决", nature_confidence=0.9, color="yellow",
                    multi_department=False, keywords=(("测试", 1.0),), legal_path=None, auto=True)


def analyze(text: str) -> Analysis:
    return replace(ANALYSIS, keywords=((text[:4], 1.0),))


def due_at(color: str, start: datetime) -> DueDate:
    return DueDate(at=start, flagged=False, label="")


class CountingDialog:
    """Counts turns in the document; 'submit' submits a case, 'human' hands off, 'boom' raises."""

    def step(self, doc: dict[str, Any] | None, turn: StepInput, ctx: Services) -> StepResult:
        doc = dict(doc or {})
        doc["count"] = doc.get("count", 0) + 1
        doc.setdefault("transcript", []).append({"role": "citizen", "text": turn.text,
                                                 "time": turn.now.isoformat()})
        effects: tuple[Effect, ...] = ()
        text = f"第{doc['count']}条：{turn.text}"
        if turn.text == "boom":
            raise RuntimeError("dialog bug")
        if turn.text == "submit":
            effects = (Effect("submit", {"channel": turn.channel, "description": "d",
                                         "petitioner": {"phone": "13800000000"},
                                         "category": {"code": "other"}}),)
            text = "已受理，编号{case_number}"
        if turn.text == "human":
            effects = (Effect("handoff", {"reason": "asked_for_person"}),)
        return StepResult(doc=doc, replies=(Say(text, choices=("好",)),), state="collect",
                          expecting="description", effects=effects)

    def ttl_seconds(self, doc: dict[str, Any]) -> int:
        return 3600


class FakeClassifier:
    def analyze(self, text: str) -> Analysis:
        return analyze(text)
