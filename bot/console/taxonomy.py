"""Categories and natures staff choose from: config/taxonomy.toml (the classifier's own source)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class Category:
    code: str
    name: str
    departments: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Nature:
    name: str  # the Chinese name, as cases carry it (咨询, 求决 ...)
    color: str


@dataclass(frozen=True, slots=True)
class Taxonomy:
    categories: tuple[Category, ...]
    natures: tuple[Nature, ...]

    @classmethod
    def load(cls, config_dir: Path) -> Taxonomy:
        data: dict[str, Any] = tomllib.loads(
            (config_dir / "taxonomy.toml").read_text(encoding="utf-8"))
        cats = tuple(Category(str(c["code"]), str(c["name"]), tuple(c.get("departments", ())))
                     for c in data.get("categories", []))
        natures = tuple(Nature(str(n["name"]), str(n["color"])) for n in data.get("natures", []))
        if not cats or not natures:
            raise ValueError("config/taxonomy.toml lists no categories or natures")
        return cls(cats, natures)

    def category(self, code_or_name: str) -> Category | None:
        for c in self.categories:
            if code_or_name in (c.code, c.name):
                return c
        return None

    def nature(self, name: str) -> Nature | None:
        for n in self.natures:
            if n.name == name:
                return n
        return None
