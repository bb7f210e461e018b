"""The 依法分类处理清单: which statutory path a petition is pointed to, in 访调诉裁 order."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.classifier import Classifier
from nlp.legal import LegalRules, LegalRulesError


@pytest.fixture(scope="module")
def rules(config_dir: Path) -> LegalRules:
    return LegalRules.load(config_dir / "nlp" / "legal_paths.toml")


def test_wage_arrears_go_to_labour_arbitration(rules: LegalRules) -> None:
    p = rules.select("包工头拖欠工资八个月不给，我想讨回工钱", "labour_security", "求决")
    assert p is not None and p.path == "劳动仲裁"
    assert "劳动人事争议仲裁委员会" in p.department and "劳动争议调解仲裁法" in p.basis
    assert p.advice


def test_a_question_about_wages_has_no_legal_path(rules: LegalRules) -> None:
    """The labour-dispute rule is for disputes, not for 咨询 about the minimum wage."""
    assert rules.select("请问金湖县最低工资标准是多少", "labour_security", "咨询") is None


def test_judgment_not_executed_goes_to_execution_first(rules: LegalRules) -> None:
    """A judgment exists: enforcing it (执行) comes before anything else, even for wages."""
    text = "法院判决老板支付拖欠工资，对方拒不履行，申请执行半年了没有结果"
    p = rules.select(text, "labour_security", "涉法涉诉")
    assert p is not None and p.path == "执行" and "执行局" in p.department


def test_litigation_before_reconsideration(rules: LegalRules) -> None:
    """司法诉讼优先, 行政复议后置: a case already in court is told the court, not 复议."""
    text = "对征收补偿决定不服，案子已经在法院开庭了，判决还没下来"
    p = rules.select(text, "land_resources", "涉法涉诉")
    assert p is not None and p.path == "诉讼"
    only_decision = rules.select("对征收补偿决定不服，补偿标准太低", "land_resources", "求决")
    assert only_decision is not None and only_decision.path == "行政复议"


def test_rule_for_another_category_does_not_apply(rules: LegalRules) -> None:
    # 土地承包 rule is for agriculture/land matters only
    assert rules.select("土地流转费两年没给", "education_culture", "求决") is None
    p = rules.select("土地流转费两年没给", "agriculture", "求决")
    assert p is not None and p.path == "农村土地承包仲裁"


def test_legal_matter_without_a_rule_gets_the_fallback(rules: LegalRules) -> None:
    p = rules.select("这件事我想走法律途径解决", "other", "涉法涉诉")
    assert p is not None and p is rules.fallback and p.path == "诉讼"


def test_ordinary_petition_stays_with_the_office(rules: LegalRules) -> None:
    """信访兜底: no statutory route, no legal path."""
    assert rules.select("小区路灯坏了半年没人修", "urban_construction", "求决") is None


def test_more_keyword_hits_break_ties(tmp_path: Path) -> None:
    f = tmp_path / "legal.toml"
    f.write_text(
        'order = ["调解"]\n'
        '[[rules]]\nname = "a"\nkeywords = ["邻居"]\npath = "调解"\ndepartment = "甲"\n'
        'basis = "b"\nadvice = "c"\n'
        '[[rules]]\nname = "b"\nkeywords = ["邻居", "借条"]\npath = "调解"\ndepartment = "乙"\n'
        'basis = "b"\nadvice = "c"\n',
        encoding="utf-8",
    )
    rules = LegalRules.load(f)
    assert rules.select("邻居打了借条不还钱", "other", "求决").department == "乙"
    assert rules.select("邻居家的狗叫", "other", "求决").department == "甲"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (('order = ["诉讼"]\n[[rules]]\nname = "x"\npath = "仲裁"\ndepartment = "d"\n'
         'basis = "b"\nadvice = "a"\n'), "not listed in order"),
        (('order = ["诉讼"]\n[[rules]]\nname = "x"\npath = "诉讼"\ndepartment = "d"\n'
         'basis = "b"\n'), "advice"),
        (('order = ["诉讼"]\n[[rules]]\nname = "x"\ncategories = ["nope"]\npath = "诉讼"\n'
         'department = "d"\nbasis = "b"\nadvice = "a"\n'), "unknown categories"),
        ("order = [", "legal.toml"),
    ],
)
def test_malformed_list_is_a_clear_error(tmp_path: Path, body: str, message: str) -> None:
    f = tmp_path / "legal.toml"
    f.write_text(body, encoding="utf-8")
    with pytest.raises(LegalRulesError, match=message):
        LegalRules.load(f, {"labour_security"})


def test_shipped_list_names_only_taxonomy_categories(config_dir: Path,
                                                      classifier: Classifier) -> None:
    codes = {c.code for c in classifier.taxonomy.categories}
    LegalRules.load(config_dir / "nlp" / "legal_paths.toml", codes)  # raises otherwise


def test_analysis_carries_the_legal_path(classifier: Classifier) -> None:
    a = classifier.analyze("我和公司的劳动争议仲裁裁决公司支付经济补偿，裁决生效后公司拒不支付，"
                           "我已经向法院申请强制执行，执行法官说公司没钱。")
    assert a.nature == "涉法涉诉" and a.color == "orange"
    assert a.legal_path is not None and a.legal_path.path == "执行"
    plain = classifier.analyze("建议在金湖路口多装几盏路灯，晚上太黑了。")
    assert plain.legal_path is None


def test_a_suggestion_never_gets_a_legal_path(rules: LegalRules) -> None:
    text = "建议公开征收补偿标准，现在各村补偿决定不一样"
    assert rules.select(text, "land_resources", "意见建议") is None
    assert rules.select(text, "land_resources", "求决") is not None


def test_retirement_pay_is_not_a_wage_dispute(rules: LegalRules) -> None:
    """'退休工资' mentions 工资 but is no labour dispute with an employer."""
    p = rules.select("退休工资核算少了六百多，请查一下", "labour_security", "求决")
    assert p is None or p.path != "劳动仲裁"


def test_short_execution_complaint(rules: LegalRules) -> None:
    p = rules.select("法院判了不执行", "politics_law", "涉法涉诉")
    assert p is not None and p.path == "执行"
