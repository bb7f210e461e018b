"""The conversation transcript kept in the document: what the citizen, the bot and staff said.

`Dialog.step` records the citizen's message and the bot's replies itself; the pipeline and the
staff console use `append` for staff lines (and `fill_case_number` once a number is allocated).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from dialogs.api import CASE_NUMBER_PLACEHOLDER

ROLES = ("citizen", "bot", "staff")
# A conversation document must stay small (it is loaded on every message). Past this many
# lines the oldest are dropped, except the opening ones (the notice and the consent).
MAX_LINES = 400
KEEP_FIRST = 10


def append(doc: dict[str, Any], role: str, text: str, now: datetime) -> dict[str, Any]:
    """Add one line {"role","text","time"} to doc["transcript"] (in place) and return it."""
    if now.tzinfo is None:
        raise ValueError("transcript time must be timezone-aware")
    if role not in ROLES:
        raise ValueError(f"transcript role must be one of {ROLES}, not {role!r}")
    return add_line(doc.setdefault("transcript", []), role, text, now.isoformat())


def add_line(lines: list[dict[str, str]], role: str, text: str, time: str) -> dict[str, str]:
    """Add a line to a transcript (a Conversation's, or a document's) with the time already
    written (ISO 8601 with its offset, as the dialog has it). `role` is one of ROLES."""
    entry = {"role": role, "text": str(text), "time": time}
    lines.append(entry)
    if len(lines) > MAX_LINES:
        del lines[KEEP_FIRST : len(lines) - (MAX_LINES - KEEP_FIRST)]
    return entry


def fill_case_number(doc: dict[str, Any], case_number: str) -> None:
    """Replace the case-number placeholder in bot lines once the pipeline knows the number."""
    for entry in doc.get("transcript", []):
        if entry.get("role") == "bot" and CASE_NUMBER_PLACEHOLDER in entry.get("text", ""):
            entry["text"] = entry["text"].replace(CASE_NUMBER_PLACEHOLDER, case_number)
