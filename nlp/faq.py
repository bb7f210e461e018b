"""Instant answers to common questions (咨询) from the county's FAQ file (config/faq.toml).

A question matches an entry when at least `min_hits` of the entry's keywords occur in it
(jieba's words of the question, or as substrings for keywords jieba cuts differently); the
entry with the most hits wins, ties to the one listed first. Pure after `load`.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

import jieba

from nlp.entities import normalize

# Keywords that only say how one asks (how, apply, papers), not what about: an answer to a
# consultation needs at least one keyword of its subject.
_ASKING_WORDS = frozenset({"怎么", "怎样", "如何", "办理", "申请", "申领", "条件", "材料", "领取", "需要", "带",
                           "交", "要不要", "哪里", "在哪", "多少"})


@dataclass(frozen=True, slots=True)
class FaqEntry:
    topic: str
    keywords: tuple[str, ...]
    answer: str
    min_hits: int = 2
    process: bool = False  # about the intake itself: answered at any question, never stored


class Faq:
    def __init__(self, entries: tuple[FaqEntry, ...]) -> None:
        self.entries = entries

    @classmethod
    def load(cls, path: Path) -> Faq:
        if not path.exists():
            return cls(())
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
            entries = tuple(
                FaqEntry(str(e["topic"]), tuple(str(k) for k in e["keywords"]),
                         str(e["answer"]), int(e.get("min_hits", 2)), bool(e.get("process", False)))
                for e in raw.get("faq", ()))
        except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as e:
            raise ValueError(f"{path}: malformed FAQ ({e!r})") from e
        return cls(entries)

    def match(self, question: str, *, process: bool | None = None) -> FaqEntry | None:
        """The best entry for `question`; `process`: only entries about the intake itself
        (True) or only the others (False)."""
        if not self.entries:
            return None
        t = normalize(question).lower()
        words = set(jieba.lcut(t))
        best, best_hits = None, 0
        for e in self.entries:
            if process is not None and e.process != process:
                continue
            found = [k for k in e.keywords if k in words or k in t]
            hits = len(found)
            if not e.process and all(k in _ASKING_WORDS for k in found):
                continue  # ("失地农民的养老保险怎么办理": 怎么 + 办理 name no subject of the entry)
            if hits >= e.min_hits and hits > best_hits:
                best, best_hits = e, hits
        return best
