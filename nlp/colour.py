"""The county's four-colour rule (四色工单预警): nature and signals -> colour, first match wins.

The rule is data (config/colour_rule.toml); `ColourRule.colour` is the one pure function that
evaluates it, used by the classifier for a new petition and by the console when staff change
the nature or the category. None means 常规 (no colour; `"color": null` in the case body).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nlp.types import COLORS


class ColourRuleError(ValueError):
    """config/colour_rule.toml is malformed; the message names the entry."""


@dataclass(frozen=True, slots=True)
class ColourClause:
    color: str
    natures: frozenset[str] = frozenset()
    multi_department: bool = False


@dataclass(frozen=True, slots=True)
class ColourRule:
    clauses: tuple[ColourClause, ...]
    buck_passing: tuple[str, ...] = ()

    @classmethod
    def load(cls, path: Path, natures: frozenset[str] | None = None) -> ColourRule:
        """`natures`: the taxonomy's nature names, to reject a rule naming an unknown one."""
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ColourRuleError(f"{path}: {exc}") from exc
        clauses = []
        for i, table in enumerate(raw.get("rules", [])):
            where = f"{path}: rules[{i}]"
            if not isinstance(table, dict):
                raise ColourRuleError(f"{where}: expected a table")
            unknown = set(table) - {"color", "natures", "multi_department"}
            if unknown:
                raise ColourRuleError(f"{where}: unknown keys {sorted(unknown)}")
            color = table.get("color")
            if color not in COLORS:
                raise ColourRuleError(f"{where}: color {color!r} is not one of {COLORS}")
            names = table.get("natures", [])
            if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
                raise ColourRuleError(f"{where}: natures must be a list of names")
            if natures is not None and set(names) - natures:
                raise ColourRuleError(
                    f"{where}: natures {sorted(set(names) - natures)} are not in the taxonomy")
            multi = table.get("multi_department", False)
            if not isinstance(multi, bool):
                raise ColourRuleError(f"{where}: multi_department must be true or false")
            if not names and not multi:
                raise ColourRuleError(f"{where}: a rule needs natures or multi_department")
            clauses.append(ColourClause(str(color), frozenset(names), multi))
        if not clauses:
            raise ColourRuleError(f"{path}: at least one [[rules]] entry is needed")
        words = raw.get("buck_passing", [])
        if not isinstance(words, list) or not all(isinstance(w, str) and w for w in words):
            raise ColourRuleError(f"{path}: buck_passing must be a list of words")
        return cls(tuple(clauses), tuple(words))

    @classmethod
    def from_natures(cls, natures: Iterable[Any]) -> ColourRule:
        """Each nature its taxonomy colour (a classifier built without the county's rule)."""
        return cls(tuple(ColourClause(n.color, frozenset({n.name})) for n in natures))

    def buck_passed(self, text: str) -> bool:
        """The citizen says the departments push the matter to each other."""
        return any(w in text for w in self.buck_passing)

    def colour(self, nature: str, *, multi_department: bool = False,
               text: str = "") -> str | None:
        """The colour of a matter of this nature; None (常规) when no rule matches."""
        several: bool | None = None  # the text is only scanned when a rule asks
        for clause in self.clauses:
            if nature in clause.natures:
                return clause.color
            if clause.multi_department:
                if several is None:
                    several = multi_department or self.buck_passed(text)
                if several:
                    return clause.color
        return None
