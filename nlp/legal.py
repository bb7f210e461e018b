"""The 依法分类处理清单 (config/nlp/legal_paths.toml): which statutory route a petition belongs to.

Triage follows the county's "访调诉裁" order: among the rules that apply, the route earliest in
`order` wins (司法诉讼优先, 行政仲裁/复议后置); a 涉法涉诉 petition no rule covers gets the
fallback; everything else stays with the petition office (信访兜底) and has no legal path.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from nlp.configfile import read_toml
from nlp.types import LegalPath

LEGAL_NATURE = "涉法涉诉"


class LegalRulesError(ValueError):
    """config/nlp/legal_paths.toml is malformed; the message names the rule."""


@dataclass(frozen=True, slots=True)
class LegalRule:
    name: str
    categories: frozenset[str]
    natures: frozenset[str]
    keywords: tuple[str, ...]
    result: LegalPath

    def hits(self, text: str, category: str, nature: str) -> int:
        """Keyword hits when the rule applies (at least 1), else 0."""
        if self.categories and category not in self.categories:
            return 0
        if self.natures and nature not in self.natures:
            return 0
        if not self.keywords:
            return 1
        return sum(1 for k in self.keywords if k in text)


@dataclass(frozen=True, slots=True)
class LegalRules:
    order: tuple[str, ...]
    rules: tuple[LegalRule, ...]
    fallback: LegalPath | None
    skip_natures: frozenset[str] = frozenset()  # natures that never get a legal path

    @classmethod
    def load(cls, path: Path, category_codes: set[str] | None = None) -> LegalRules:
        raw = read_toml(path, error=LegalRulesError)
        order = tuple(raw.get("order", ()))
        rules = []
        for i, r in enumerate(raw.get("rules", [])):
            where = f"{path}: rules[{i}] ({r.get('name', '?')})"
            result = _path(r, where)
            if result.path not in order:
                raise LegalRulesError(f"{where}: path {result.path!r} is not listed in order")
            cats = frozenset(r.get("categories", ()))
            if category_codes is not None and not cats <= category_codes:
                raise LegalRulesError(f"{where}: unknown categories {sorted(cats - category_codes)}")
            rules.append(
                LegalRule(
                    name=str(r.get("name", f"rule {i}")),
                    categories=cats,
                    natures=frozenset(r.get("natures", ())),
                    keywords=tuple(r.get("keywords", ())),
                    result=result,
                )
            )
        fallback = _path(raw["fallback"], f"{path}: fallback") if "fallback" in raw else None
        return cls(order, tuple(rules), fallback, frozenset(raw.get("skip_natures", ())))

    def select(self, text: str, category: str, nature: str) -> LegalPath | None:
        if nature in self.skip_natures:
            return None
        best: tuple[int, int, int] | None = None
        chosen: LegalPath | None = None
        for i, rule in enumerate(self.rules):
            n = rule.hits(text, category, nature)
            if not n:
                continue
            rank = (self.order.index(rule.result.path), -n, i)
            if best is None or rank < best:
                best, chosen = rank, rule.result
        if chosen is None and nature == LEGAL_NATURE:
            return self.fallback
        return chosen


def _path(table: dict, where: str) -> LegalPath:
    values = {}
    for key in ("path", "department", "basis", "advice"):
        v = table.get(key)
        if not isinstance(v, str) or not v.strip():
            raise LegalRulesError(f"{where}: {key} must be a non-empty string")
        values[key] = v.strip()
    return LegalPath(**values)
