"""Result types of the NLP layer, shared with `dialogs/` and `bot/` (pure dataclasses)."""

from __future__ import annotations

from dataclasses import dataclass, field

# The four-colour warning level (四色预警) of the county, derived from the nature of a request.
COLORS = ("blue", "yellow", "orange", "red")


@dataclass(frozen=True, slots=True)
class LegalPath:
    """What the 依法分类处理清单 says for a matter with a statutory route."""

    path: str  # e.g. "劳动仲裁", "行政复议", "诉讼"
    department: str  # competent body, e.g. "县劳动人事争议仲裁委员会"
    basis: str  # legal basis, e.g. "《劳动争议调解仲裁法》第二条"
    advice: str  # one sentence to tell the citizen (zh-CN, from config/)


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything the classifier proposes for one petition text."""

    category_code: str  # taxonomy code from config/taxonomy.toml
    category_name: str  # e.g. "劳动保障"
    departments: tuple[str, ...]
    confidence: float  # calibrated probability of the proposed category, 0..1
    nature: str  # 咨询 | 意见建议 | 求决 | 涉法涉诉 | 投诉举报
    nature_confidence: float
    color: str | None  # one of COLORS or None (常规): config/colour_rule.toml, nlp/colour.py
    multi_department: bool
    keywords: tuple[tuple[str, float], ...]  # jieba extract_tags with weights, best first
    legal_path: LegalPath | None
    auto: bool  # category and nature both confident enough: may be sent on without review
    alternatives: tuple[tuple[str, float], ...] = field(default=())  # (code, prob) runners-up
    # why multi_department is true (empty when false): "pushed_around" (the text says the
    # departments push the matter to each other), "departments_named" (two departments named),
    # "categories" (the matter has keywords of several categories, so the taxonomy routes it to
    # the departments of each)
    multi_department_reason: str = ""
    # why auto is false (empty when true): "category" (confidence below the threshold),
    # "nature" (nature confidence below its own threshold), "no_keywords" (nothing to go on)
    review: tuple[str, ...] = field(default=())
