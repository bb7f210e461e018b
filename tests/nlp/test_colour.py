"""The county's four-colour rule (config/colour_rule.toml, nlp/colour.py): first match wins."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.classifier import Classifier
from nlp.colour import ColourRule, ColourRuleError

CONFIG = Path(__file__).resolve().parents[2] / "config"
NATURES = frozenset({"咨询", "意见建议", "求决", "涉法涉诉", "投诉举报"})


@pytest.fixture(scope="module")
def rule() -> ColourRule:
    return ColourRule.load(CONFIG / "colour_rule.toml", NATURES)


@pytest.mark.parametrize(("nature", "multi", "text", "expected"), [
    ("投诉举报", True, "各部门互相推诿", "red"),       # a report stays red, whatever else
    ("涉法涉诉", True, "踢皮球", "orange"),           # a court matter before several departments
    ("求决", True, "", "yellow"),                     # routed to more than one department
    ("求决", False, "住建局和城管局互相推诿，都说不归他们管", "yellow"),
    ("咨询", True, "", "yellow"),                     # several departments come before 咨询
    ("咨询", False, "请问怎么办理", "blue"),
    ("求决", False, "小区停水三天了", None),           # one department: 常规
    ("意见建议", False, "建议增设公厕", None),
])
def test_first_match_wins(rule: ColourRule, nature: str, multi: bool, text: str,
                          expected: str | None) -> None:
    assert rule.colour(nature, multi_department=multi, text=text) == expected


def test_the_county_can_reorder_and_change(tmp_path: Path) -> None:
    path = tmp_path / "rule.toml"
    path.write_text('[[rules]]\ncolor = "blue"\nnatures = ["咨询", "意见建议"]\n'
                    '[[rules]]\ncolor = "red"\nnatures = ["投诉举报"]\n', encoding="utf-8")
    rule = ColourRule.load(path, NATURES)
    assert rule.colour("意见建议") == "blue"
    assert rule.colour("求决", multi_department=True, text="踢皮球") is None  # no such rule now


@pytest.mark.parametrize(("body", "names"), [
    ('[[rules]]\ncolor = "green"\nnatures = ["咨询"]\n', "color"),
    ('[[rules]]\ncolor = "red"\nnatures = ["举报信"]\n', "not in the taxonomy"),
    ('[[rules]]\ncolor = "red"\n', "needs natures"),
    ('[[rules]]\ncolor = "red"\nnatures = ["投诉举报"]\nwhen = 1\n', "unknown keys"),
    ('buck_passing = ["x"]\n', "at least one"),
    ('[[rules]\n', "rule.toml"),
])
def test_a_malformed_rule_is_refused_with_its_place(tmp_path: Path, body: str,
                                                     names: str) -> None:
    path = tmp_path / "rule.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ColourRuleError, match=names):
        ColourRule.load(path, NATURES)


# Held-out situations (written for this test, not in config/nlp/examples): the classifier's
# nature and department signals through the county's rule.
HELD_OUT = [
    ("实名举报前锋镇某村党支部书记，把村里的扶贫款打到自己亲戚账户上，请纪委调查处理。", "red"),
    ("我和前夫的离婚判决已经生效一年了，法院判他每月付抚养费，他一分没给，法院执行也没动静。",
     "orange"),
    (("我们小区门口的排水沟堵了半年，找住建局说归城管管，找城管局又说归住建局，"
      "两个部门互相推诿，到现在也没人来修。"), "yellow"),
    ("请问在塔集镇给老人办理高龄补贴需要准备什么材料？去哪里申请？", "blue"),
]


@pytest.mark.parametrize(("text", "colour"), HELD_OUT)
def test_held_out_situations(classifier: Classifier, text: str, colour: str) -> None:
    assert classifier.analyze(text).color == colour
