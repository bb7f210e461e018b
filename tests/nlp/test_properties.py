"""Whatever a citizen types, analysis is well-formed and never raises."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nlp.classifier import Classifier
from nlp.textproc import normalize

TEXTS = st.one_of(
    st.text(max_size=400),
    st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), max_size=300),
    st.lists(st.sampled_from(["欠薪", "法院", "判决", "举报", "低保", "？", "１２３", "😀", "\x00",
                              " ", "\n", "Ａ", "路灯", "执行", "请问", "建议"]),
             max_size=60).map("".join),
)


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXTS)
def test_any_text_gives_a_well_formed_analysis(classifier: Classifier, text: str) -> None:
    a = classifier.analyze(text)
    codes = {c.code for c in classifier.taxonomy.categories}
    assert a.category_code in codes
    assert 0.0 <= a.confidence <= 1.0 and 0.0 <= a.nature_confidence <= 1.0
    # First match wins (config/colour_rule.toml): a report is red, a court matter orange
    # whatever else the text says; yellow only with the several-departments signal.
    assert (a.color == "red") == (a.nature == "投诉举报")
    assert (a.color == "orange") == (a.nature == "涉法涉诉")
    if a.color == "yellow":
        assert a.multi_department or classifier.colour_rule.buck_passed(normalize(text))
    if a.color is None:
        assert a.nature not in ("咨询", "投诉举报", "涉法涉诉") and not a.multi_department
    assert a.auto == (a.confidence >= classifier.threshold and bool(a.keywords)
                      and a.nature_confidence >= classifier.settings.nature_threshold)
    assert a.auto == (not a.review)
    assert a.multi_department == bool(a.multi_department_reason)
    assert all(c in codes and c != a.category_code for c, _ in a.alternatives)
    assert all(len(w) >= 2 and weight > 0 for w, weight in a.keywords)
    if a.legal_path is not None:
        assert a.legal_path.path and a.legal_path.advice
