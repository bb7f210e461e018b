"""nlp.intake_questions: whether this intake takes a matter, in dialect and as a choice with
another way (issue 14, round t); a grievance about others' handling is no such question."""

from __future__ import annotations

import pytest

from nlp.intake_questions import intake_question

SCOPE = [
    "恁这能管俺们外地人的事不",
    "俺户口不在金湖 能在恁这反映不",
    "这里能给俺反映不",
    "恁这能给俺们做主不",
    "这个归你们管不",
    "是在这反映还是去法院起诉啊",
    "你们这能处理吗还是只能打官司",
    "恁这管不管外地人",
]


@pytest.mark.parametrize("text", SCOPE)
def test_whether_it_is_taken_here(text):
    assert intake_question(text) == "scope"


@pytest.mark.parametrize("text", ["你们到底管不管啊", "你们这里能办不 我都跑了三趟了"])
def test_a_bare_doubt_is_about_effect(text):
    assert intake_question(text) == "effect"


@pytest.mark.parametrize("text", ["村里说能办的结果一直不办", "我们找过村里 村里说这事他们能管不了",
                                  "你们这里的人说了不算"])
def test_others_handling_told_is_no_question_about_the_intake(text):
    assert intake_question(text) is None
