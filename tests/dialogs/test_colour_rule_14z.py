"""The county's four-colour rule decides the colour of a nature the dialog decides (issue 14,
round 8, 14z): a question taken down on the short path is a 咨询, the citizen's own report verb
files a 投诉举报; their colour comes from config/colour_rule.toml (given to the dialog in
Services, as the classifier uses it), never from words in the dialog's code."""

from __future__ import annotations

from pathlib import Path

import pytest

from dialogs.api import Services
from nlp.colour import ColourRule
from tests.dialogs.fakes import COLOUR_RULE, Talk, fake_due

# A county that changed its rule: reports orange (a working group of the 政法委), questions
# yellow; nothing else coloured.
OTHER_RULE = """
[[rules]]
color = "orange"
natures = ["投诉举报"]

[[rules]]
color = "yellow"
natures = ["咨询"]
"""


class RuledTalk(Talk):
    def __init__(self, dialog, rule: ColourRule | None) -> None:
        super().__init__(dialog)
        self.rule = rule

    def ctx(self) -> Services:
        return Services(analyze=self.analyze, due_at=fake_due, recent_cases=self.recent,
                        colour_rule=self.rule)


@pytest.fixture()
def other_rule(tmp_path: Path) -> ColourRule:
    path = tmp_path / "colour_rule.toml"
    path.write_text(OTHER_RULE, encoding="utf-8")
    return ColourRule.load(path)


def _submitted(t: Talk, answers: dict[str, str]) -> dict:
    for _ in range(12):
        exp = t.results[-1].expecting
        if exp == "confirm":
            t.say("确认提交")
            break
        t.say(answers.get(exp or "", "就这些"))
    return t.effects("submit")[0].payload


def _question(t: Talk) -> dict:
    t.say("你好")
    t.say("同意")
    t.say("想问一下独生子女父母奖励今年是不是涨了")  # (the fake model reads 求决, yellow)
    return _submitted(t, {"phone": "13912340000"})


def _report(t: Talk) -> dict:
    t.say("你好")
    t.say("同意")
    t.say("我要检举我们村的会计 修路的钱他拿了一半 路修得坑坑洼洼")  # (no 举报: the fake reads 求决)
    return _submitted(t, {"town": "塔集镇", "address": "塔集镇高桥村", "anonymous": "匿名",
                          "name": "霍立群", "phone": "13584027316", "request": "查一查他"})


def test_the_published_rule_colours_a_question_blue_and_a_report_red(dialog):
    assert _question(RuledTalk(dialog, COLOUR_RULE))["color"] == "blue"
    case = _report(RuledTalk(dialog, COLOUR_RULE))
    assert (case["nature"], case["color"]) == ("投诉举报", "red")


def test_the_countys_own_rule_decides(dialog, other_rule):
    case = _question(RuledTalk(dialog, other_rule))
    assert (case["nature"], case["color"]) == ("咨询", "yellow")
    case = _report(RuledTalk(dialog, other_rule))
    assert (case["nature"], case["color"]) == ("投诉举报", "orange")
