"""The shipped model on the boundaries the independent testers' labelling rules agree on
(tests/nlp/heldout_petitions_{b,c,d}.md; nlp/README "Sixth round"): petitions written for this
test only, none of them a training example or a held-out petition."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from nlp.classifier import Classifier, default_examples

HERE = Path(__file__).parent

# (text, category, nature); phrased unlike config/nlp/examples/boundaries.csv
CASES = [
    # water and gas supply are the housing department's (城乡建设), not 其他
    ("我们镇上的自来水三天两头停，水压小得连热水器都打不着，水务公司说管网老化没钱换，请帮我们解决用水",
     "urban_construction", "求决"),
    # an official's personal gain inside another department's field is 纪检监察
    ("镇里管残疾人补贴的干部把名额给了他老表，我家孩子重度残疾反而没评上，要求纪委调查",
     "discipline", "投诉举报"),
    # a grievance about the court's own handling of a case is 政法公安, already on the legal path
    ("借给同村人的八万块钱我告到法院赢了，判决下来一年多，申请执行以后法院一直说找不到他的财产",
     "politics_law", "涉法涉诉"),
    # someone is blamed, but the ask is only one's own money back: 求决
    ("培训机构关门了，我给孩子交的一年学费还剩六千多没上，老板说以后慢慢退，我们只想早点把钱拿回来",
     "education_culture", "求决"),
    # a nuisance of an identifiable party, asked to be stopped: 投诉举报
    ("小区对面的KTV每天放歌到凌晨三点，低音震得窗户都响，跟老板说了不理，请有关部门查处",
     "environment", "投诉举报"),
    # a short question without 请问 is a question
    ("独生子女奖励金去哪领", "health", "咨询"),
]


def test_cases_are_neither_training_nor_held_out_petitions(config_dir: Path,
                                                           classifier: Classifier) -> None:
    seen = {e.text for e in default_examples(config_dir, classifier.taxonomy)}
    for f in HERE.glob("*.csv"):
        with f.open(encoding="utf-8") as fh:
            seen |= {row[0] for row in csv.reader(fh)}
    assert not seen & {text for text, _, _ in CASES}


@pytest.mark.parametrize(("text", "category", "nature"), CASES)
def test_boundary_petition(classifier: Classifier, text: str, category: str, nature: str) -> None:
    a = classifier.analyze(text)
    assert (a.category_code, a.nature) == (category, nature)
