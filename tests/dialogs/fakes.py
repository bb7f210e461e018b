"""A small deterministic stand-in for the NLP classifier and the deadline calendar.

The dialog is pure and takes both as functions in Services, so its tests use these instead
of the trained model: what is tested here is the conversation, not the classification.
"""

from __future__ import annotations

import copy
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from dialogs.api import CaseBrief, DueDate, Services, StepInput
from nlp.colour import ColourRule
from nlp.types import Analysis, LegalPath

TZ = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 11, 26, 9, 0, tzinfo=TZ)
# The county's published four-colour rule, as the pipeline gives it to the dialog.
COLOUR_RULE = ColourRule.load(Path(__file__).resolve().parents[2] / "config" / "colour_rule.toml")

# keyword -> (code, name, departments, nature); first match wins.
_RULES = (
    ("举报", ("jijian", "纪检监察", ("纪委监委",), "投诉举报")),
    ("起诉", ("zhengfa", "政法公安", ("法院", "司法局"), "涉法涉诉")),
    ("判决", ("zhengfa", "政法公安", ("法院",), "涉法涉诉")),
    ("工资", ("laodong", "劳动保障", ("人社局",), "求决")),
    ("路", ("chengxiang", "城乡建设", ("住建局", "城管局"), "求决")),
    ("请问", ("qita", "其他", ("信访局",), "咨询")),
)
_COLOR = {"咨询": "blue", "意见建议": "blue", "求决": "yellow", "涉法涉诉": "orange",
          "投诉举报": "red"}


def fake_analyze(text: str) -> Analysis:
    for word, (code, name, deps, nature) in _RULES:
        if word in text:
            legal = None
            if nature == "涉法涉诉":
                legal = LegalPath("诉讼", "县人民法院", "《民事诉讼法》", "已进入诉讼的，请按法院程序办理。")
            return Analysis(code, name, deps, 0.9, nature, 0.9, _COLOR[nature], len(deps) > 1,
                            ((word, 1.0),), legal, True)
    return Analysis("qita", "其他", ("信访局",), 0.3, "求决", 0.4, "yellow", False, (), None,
                    False)


def fake_due(color: str, start: datetime) -> DueDate:
    if color == "orange":  # pretend the holiday calendar does not cover this one
        return DueDate(None, True, "")
    days = {"blue": 1, "yellow": 5, "red": 10}.get(color, 5)
    at = start + timedelta(days=days)
    return DueDate(at, False, f"{at.month}月{at.day}日前")


def ctx(recent: tuple[CaseBrief, ...] = ()) -> Services:
    return Services(analyze=fake_analyze, due_at=fake_due, recent_cases=recent, colour_rule=COLOUR_RULE)


def turn(text: str = "", *, at: datetime = T0, channel: str = "web", kind: str = "text",
         event: str = "", location: tuple[float, float, str] | None = None,
         attachments: tuple[dict[str, str], ...] = ()) -> StepInput:
    return StepInput(text=text, kind=kind, channel=channel, now=at, event=event,
                    location=location, attachments=attachments)


class Talk:
    """Drive one conversation through a Dialog the way the pipeline does (doc in, doc out)."""

    def __init__(self, dialog, *, channel: str = "web", recent: tuple[CaseBrief, ...] = (),
                 at: datetime = T0, meta: dict | None = None, analyze=None):
        self.dialog = dialog
        self.channel = channel
        self.recent = recent
        self.now = at
        self.doc: dict | None = {"meta": meta} if meta is not None else None
        self.results: list = []
        self.analyze = analyze or fake_analyze

    def ctx(self) -> Services:
        return Services(analyze=self.analyze, due_at=fake_due, recent_cases=self.recent,
                        colour_rule=COLOUR_RULE)

    def _step(self, t: StepInput):
        before = copy.deepcopy(self.doc)
        r = self.dialog.step(self.doc, t, self.ctx())
        assert self.doc == before, "Dialog.step changed the document it was given"
        self.doc = r.doc
        self.results.append(r)
        return r

    def tick(self, minutes: float = 1) -> None:
        self.now += timedelta(minutes=minutes)

    def say(self, text: str = "", **kw):
        self.tick()
        return self._step(turn(text, at=self.now, channel=self.channel, **kw))

    def event(self, name: str):
        self.tick()
        return self._step(turn(kind="event", event=name, at=self.now, channel=self.channel))

    def location(self, lat: float, lon: float, label: str = ""):
        self.tick()
        return self._step(turn(kind="location", location=(lat, lon, label), at=self.now,
                               channel=self.channel))

    def media(self, kind: str = "image", text: str = ""):
        self.tick()
        return self._step(turn(text, kind="media", at=self.now, channel=self.channel,
                               attachments=({"kind": kind, "ref": "media-1"},)))

    def voice(self):
        self.tick()
        return self._step(turn(kind="voice", at=self.now, channel=self.channel))

    @property
    def data(self) -> dict:
        return (self.doc or {}).get("data", {})

    def effects(self, kind: str) -> list:
        return [e for r in self.results for e in r.effects if e.kind == kind]


def text_of(result) -> str:
    return "\n".join(s.text for s in result.replies)


def said(dialog, result, key: str, channel: str = "web") -> bool:
    """The reply contains the sentence `key` of prompts.toml (its fixed part before any {…})."""
    p = dialog.prompts.get(key, channel)
    fixed = [part for part in p.text.replace("}", "{").split("{")[::2] if len(part) >= 3]
    body = text_of(result)
    return all(part in body for part in fixed)
