"""The transcript helpers the pipeline and the staff console use."""

from __future__ import annotations

from datetime import datetime

import pytest

from dialogs.api import CASE_NUMBER_PLACEHOLDER
from dialogs.transcript import KEEP_FIRST, MAX_LINES, append, fill_case_number
from tests.dialogs.fakes import T0


def test_append_shape_and_roles() -> None:
    doc: dict = {}
    entry = append(doc, "staff", "您好，我是信访局小王", T0)
    assert doc["transcript"] == [entry] == [
        {"role": "staff", "text": "您好，我是信访局小王", "time": T0.isoformat()}]
    with pytest.raises(ValueError, match="role"):
        append(doc, "robot", "x", T0)
    with pytest.raises(ValueError, match="timezone"):
        append(doc, "bot", "x", datetime(2026, 1, 1))
    assert len(doc["transcript"]) == 1  # a refused line changes nothing


def test_transcript_is_bounded_but_keeps_the_opening_and_the_latest() -> None:
    doc: dict = {}
    for i in range(MAX_LINES * 3):
        append(doc, "citizen", f"m{i}", T0)
    lines = [e["text"] for e in doc["transcript"]]
    assert len(lines) == MAX_LINES
    assert lines[:KEEP_FIRST] == [f"m{i}" for i in range(KEEP_FIRST)]
    assert lines[-1] == f"m{MAX_LINES * 3 - 1}"


def test_fill_case_number_only_in_bot_lines() -> None:
    doc: dict = {}
    append(doc, "citizen", "查询 " + CASE_NUMBER_PLACEHOLDER, T0)
    append(doc, "bot", "编号 " + CASE_NUMBER_PLACEHOLDER, T0)
    fill_case_number(doc, "JH-20261126-0042")
    assert [e["text"] for e in doc["transcript"]] == [
        "查询 " + CASE_NUMBER_PLACEHOLDER, "编号 JH-20261126-0042"]
