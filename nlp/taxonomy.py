"""The county's taxonomy (config/taxonomy.toml): content categories, natures and their colours."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from nlp.configfile import read_toml
from nlp.types import COLORS


class TaxonomyError(ValueError):
    """config/taxonomy.toml is malformed; the message names the entry."""


@dataclass(frozen=True, slots=True)
class Category:
    code: str
    name: str
    departments: tuple[str, ...]
    keywords: tuple[str, ...] = ()
    # department -> words that name it in a petition
    department_keywords: dict[str, tuple[str, ...]] = field(default_factory=dict)
    aliases: tuple[str, ...] = ()  # other names people label it with (环保, 城建, 其它 ...)


@dataclass(frozen=True, slots=True)
class Nature:
    code: str
    name: str  # 咨询 | 意见建议 | 求决 | 涉法涉诉 | 投诉举报
    color: str  # one of nlp.types.COLORS
    deadline: str  # handling rule shown to staff
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Taxonomy:
    categories: tuple[Category, ...]
    natures: tuple[Nature, ...]
    color_names: dict[str, str]  # blue -> 蓝色

    @classmethod
    def load(cls, path: Path) -> Taxonomy:
        raw = read_toml(path, error=TaxonomyError)
        cats = []
        for i, c in enumerate(raw.get("categories", [])):
            where = f"{path}: categories[{i}]"
            code, name = _text(c, "code", where), _text(c, "name", where)
            if not code.isascii() or not code.replace("_", "").isalnum():
                raise TaxonomyError(f"{where}: code {code!r} must be ASCII letters/digits/_")
            deps = tuple(c.get("departments", ()))
            if not deps:
                raise TaxonomyError(f"{where}: departments is empty")
            dk = {d: tuple(ws) for d, ws in dict(c.get("department_keywords", {})).items()}
            unknown = set(dk) - set(deps)
            if unknown:
                raise TaxonomyError(f"{where}: department_keywords names {sorted(unknown)}")
            cats.append(Category(code, name, deps, tuple(c.get("keywords", ())), dk,
                                 tuple(c.get("aliases", ()))))
        nats = []
        for i, n in enumerate(raw.get("natures", [])):
            where = f"{path}: natures[{i}]"
            color = _text(n, "color", where)
            if color not in COLORS:
                raise TaxonomyError(f"{where}: color {color!r} is not one of {COLORS}")
            nats.append(
                Nature(_text(n, "code", where), _text(n, "name", where), color,
                       str(n.get("deadline", "")), tuple(n.get("aliases", ())))
            )
        if len(cats) < 2 or not nats:
            raise TaxonomyError(f"{path}: needs at least two categories and one nature")
        for label, items in (("category", cats), ("nature", nats)):
            values = [v for x in items for v in (x.code, x.name, *x.aliases)]
            dup = {v for v in values if values.count(v) > 1}
            if dup:
                raise TaxonomyError(f"{path}: duplicate {label} code, name or alias {sorted(dup)}")
        return cls(tuple(cats), tuple(nats), dict(raw.get("colors", {})))

    # ---- look-ups -------------------------------------------------------------------------
    def category(self, code: str) -> Category:
        for c in self.categories:
            if c.code == code:
                return c
        raise KeyError(code)

    def nature(self, name: str) -> Nature:
        for n in self.natures:
            if name in (n.name, n.code):
                return n
        raise KeyError(name)

    def category_code(self, label: str) -> str:
        """A label from a CSV (code, Chinese name or alias; "…类" too) to the code."""
        for key in _variants(label):
            for c in self.categories:
                if key in (c.code, c.name) or key in c.aliases:
                    return c.code
        raise KeyError(label.strip())

    def nature_name(self, label: str) -> str:
        """A nature label from a CSV (code, name or alias; "…类" too) to its name."""
        for key in _variants(label):
            for n in self.natures:
                if key in (n.code, n.name) or key in n.aliases:
                    return n.name
        raise KeyError(label.strip())

    @property
    def fallback_code(self) -> str:
        """Where a text the model cannot place goes: the last category (其他 by default)."""
        return self.categories[-1].code


def _variants(label: str) -> tuple[str, ...]:
    label = label.strip()
    if label.endswith("类") and len(label) > 1:
        return (label, label[:-1].strip())
    return (label,)


def _text(table: dict, key: str, where: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise TaxonomyError(f"{where}: {key} must be a non-empty string")
    return value.strip()
