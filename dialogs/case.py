"""From a finished conversation document to the case (SPEC "The case webhook" body).

The pipeline adds case_id, case_number and submitted_at; everything else is filled here.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from dialogs.api import CaseBrief, DueDate
from dialogs.conversation import Conversation
from nlp.types import Analysis

# A case is open until the case system concludes or rejects it (queued, review, delivered,
# accepted, in_progress… and any status added later all count as open).
CLOSED_STATUSES = frozenset({"concluded", "rejected", "closed"})
REPEAT_WINDOW_DAYS = 30


def analysis_to_dict(a: Analysis) -> dict[str, Any]:
    return {
        "category_code": a.category_code,
        "category_name": a.category_name,
        "departments": list(a.departments),
        "confidence": float(a.confidence),
        "nature": a.nature,
        "nature_confidence": float(a.nature_confidence),
        "color": a.color,
        "multi_department": bool(a.multi_department),
        "keywords": [w for w, _ in a.keywords],
        "legal_path": (
            {
                "path": a.legal_path.path,
                "department": a.legal_path.department,
                "basis": a.legal_path.basis,
                "advice": a.legal_path.advice,
            }
            if a.legal_path
            else None
        ),
        "auto": bool(a.auto),
    }


# When the classifier fails, the case still goes out, to staff review, never lost.
UNCLASSIFIED: dict[str, Any] = {
    "category_code": "", "category_name": "", "departments": [], "confidence": 0.0,
    "nature": "", "nature_confidence": 0.0, "color": "yellow", "multi_department": False,
    "keywords": [], "legal_path": None, "auto": False,
}


def petition_text(data: dict[str, Any]) -> str:
    """What the classifier reads (of a document's "data" or a case body)."""
    return matter_text(data.get("description"), data.get("request"))


def matter_text(description: str | None, request: str | None) -> str:
    """What the classifier reads: the matter, and the request which often names the nature."""
    if description and request:
        return f"{description}\n{request}"
    return str(description or request or "")


def build_case(
    conv: Conversation, analysis: dict[str, Any], due: DueDate | None, channel: str
) -> dict[str, Any]:
    data = conv.data
    anonymous = bool(data.anonymous)
    return {
        "channel": channel,
        "petitioner": {
            "name": None if anonymous else data.name,
            "phone": data.phone,
            "anonymous": anonymous,
        },
        "town": data.town,
        "address": data.address or "",
        "location": data.location,
        "description": data.description or "",
        "request": data.request or "",
        "category": {
            "code": analysis["category_code"],
            "name": analysis["category_name"],
            "departments": list(analysis["departments"]),
            "confidence": analysis["confidence"],
            "source": "model",
        },
        "nature": analysis["nature"],
        "color": analysis["color"],
        "multi_department": bool(analysis.get("multi_department")),  # for a later re-colouring
        "due_at": due.at.isoformat() if due and due.at else None,
        "due_flagged": bool(due.flagged) if due else True,
        "due_provisional": bool(due.provisional) if due else False,
        "keywords": list(analysis["keywords"]),
        "legal_path": analysis["legal_path"],
        "attachments": [dict(a) for a in data.attachments],
        "transcript": list(conv.transcript),
        "needs_review": not analysis["auto"],
        "follow_up_of": data.follow_up_of,
        "urgent": bool(data.urgent),  # danger words in the matter: staff look first
        "consent_at": conv.consent_at,  # when the citizen agreed to the privacy notice
    }


def open_similar_case(
    cases: tuple[CaseBrief, ...], phone: str, category_code: str, now: datetime
) -> CaseBrief | None:
    """This phone's open case of the same category from the last 30 days, newest first."""
    if not phone or not category_code:
        return None
    for c in cases:
        if c.phone != phone or c.category_code != category_code:
            continue
        if c.status in CLOSED_STATUSES:
            continue
        if (now - c.submitted_at).total_seconds() <= REPEAT_WINDOW_DAYS * 86400:
            return c
    return None
