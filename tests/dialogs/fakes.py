"""A small deterministic stand-in for the NLP classifier and the deadline calendar.

The dialog is pure and takes both as functions in TurnContext, so its tests use these instead
of the trained model: what is tested here is the conversation, not the classification.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from dialogs.api import CaseBrief, DueDate, TurnContext, UserTurn
from nlp.types import Analysis, LegalPath

TZ = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 11, 26, 9, 0, tzinfo=TZ)

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


def ctx(recent: tuple[CaseBrief, ...] = ()) -> TurnContext:
    return TurnContext(analyze=fake_analyze, due_at=fake_due, recent_cases=recent)


def turn(text: str = "", *, at: datetime = T0, channel: str = "web", kind: str = "text",
         event: str = "", location: tuple[float, float, str] | None = None,
         attachments: tuple[dict[str, str], ...] = ()) -> UserTurn:
    return UserTurn(text=text, kind=kind, channel=channel, now=at, event=event,
                    location=location, attachments=attachments)
