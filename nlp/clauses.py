"""The clause reader: which clauses of a message tell the matter, which talk about the talk.

    reader = ClauseReader(model)                   # model: IntentModel trained on the clause corpus
    reader.account("我年纪大了不会弄这个，是孙子帮我打的字，村东头的桥塌了")  # -> "村东头的桥塌了"

A message is split into clauses at punctuation, at spaces (voice input's pauses) and before
the joins voice input strings clauses with (然后, 还有, 另外, 而且, 就是); each clause is read
by the project's learner (`nlp.intent_model.IntentModel`: character 1-2-grams, corpus words,
opening characters) trained on config/nlp/intents/clauses_train.csv, labelled `account` (facts
of the matter, what was tried, what is asked) or `meta` (who types, one's age or ability,
fears, pleas, doubts, apologies, thanks, asides, process questions, refusals, deferrals,
announcing a matter). The stored account keeps the citizen's own words of the account clauses,
in order, with their own punctuation: nothing is paraphrased.

A clause is meta when the model gives it at least META_MIN and it sits in the run of such
clauses that opens or closes the message (talk about the talk frames an account: "我年纪大了，
是孙子帮我打的字，…" / "…，中不中帮俺问问"); between two account clauses it takes META_INSIDE. A
clause of at most one character (嗯, 啊) goes with its neighbour.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from nlp.asking import reports_a_promise
from nlp.intent_model import IntentModel
from nlp.reported import reported

META_MIN = 0.7
META_INSIDE = 0.99  # (between two account clauses: talk about the talk seldom sits there)
_SEP = re.compile(r"[，,。.！!？?；;：:、~～…\s]+")
# Voice input's joins: a new clause starts at them when the clause before has 4+ characters.
_JOIN = re.compile(r"(?<=[\u4e00-\u9fff]{4})(?=然后|还有|另外|而且|就是)")
_CORE = re.compile(r"[\W_]+")
_KEEP = 4096  # clause readings kept


@dataclass(frozen=True, slots=True)
class Clause:
    text: str
    start: int
    end: int
    meta: float  # the model's probability that the clause is meta


def spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the clauses of `text`, in order, separators left out."""
    out = []
    pos = 0
    for m in list(_SEP.finditer(text)) + [None]:
        end = m.start() if m is not None else len(text)
        if end > pos:
            piece = text[pos:end]
            cuts = [0, *[j.start() for j in _JOIN.finditer(piece)], len(piece)]
            out += [(pos + a, pos + b) for a, b in pairwise(cuts) if b > a]
        if m is not None:
            pos = m.end()
    return out


def clause_texts(text: str) -> list[str]:
    return [text[a:b] for a, b in spans(text)]


class ClauseReader:
    def __init__(self, model: IntentModel) -> None:
        self.model = model
        self._meta = model.labels.index("meta")
        # Readings of clauses seen lately: a message is read more than once in a step (is it
        # only talk? then what of it is the account?), and short clauses recur (谢谢, 不好意思).
        self._seen: dict[str, float] = {}

    def p_meta(self, clause: str) -> float:
        p = self._seen.get(clause)
        if p is None:
            if len(self._seen) >= _KEEP:
                self._seen.clear()
            p = self._seen[clause] = float(self.model.probabilities(clause, "")[self._meta])
        return p

    def read(self, text: str) -> list[Clause]:
        """The clauses of `text`, each with its probability of being meta (a clause of at
        most one character takes its neighbour's)."""
        out: list[Clause] = []
        tiny: list[int] = []
        for a, b in spans(text):
            piece = text[a:b]
            if len(_CORE.sub("", piece)) <= 1:
                tiny.append(len(out))
                out.append(Clause(piece, a, b, -1.0))
            else:
                out.append(Clause(piece, a, b, self.p_meta(piece)))
        for i in tiny:
            near = [c.meta for c in (out[i - 1:i] + out[i + 1:i + 2]) if c.meta >= 0]
            out[i] = Clause(out[i].text, out[i].start, out[i].end, max(near) if near else 0.0)
        return out

    def account(self, text: str) -> str:
        """`text` without its meta clauses ("" when it is all meta), in the citizen's words."""
        clauses = self.read(text)
        meta = self._meta_flags(clauses)
        if not any(meta):
            return text
        keep = [i for i, m in enumerate(meta) if not m]
        if not keep:
            return ""
        parts = []
        for i, j in zip(keep, keep[1:] + [None]):
            c = clauses[i]
            parts.append(text[c.start:c.end])
            if j is not None:
                # what the citizen wrote between the two (a comma when clauses between went)
                gap = text[c.end:clauses[i + 1].start]
                parts.append(gap if j == i + 1 else (gap or "，"))
        return "".join(parts).strip("，,；;、 \n")

    @staticmethod
    def _meta_flags(clauses: list[Clause]) -> list[bool]:
        # (a promise reported, "工作人员说会处理", an official's words, "村书记说 你这个情况评不上",
        # and what was done to someone, "骂她老糊涂": never talk about the talk)
        words = reported([c.text for c in clauses])
        flags = [c.meta >= META_MIN and not reports_a_promise(c.text) and not w
                 for c, w in zip(clauses, words)]
        n = len(flags)
        head = next((i for i, f in enumerate(flags) if not f), n)
        tail = next((i for i in range(n - 1, -1, -1) if not flags[i]), -1)
        return [f and (i < head or i > tail or clauses[i].meta >= META_INSIDE)
                for i, f in enumerate(flags)]

    def meta_clauses(self, text: str) -> list[str]:
        clauses = self.read(text)
        return [c.text for c, m in zip(clauses, self._meta_flags(clauses)) if m]

    def meta_only(self, text: str) -> bool:
        """Every clause is talk about the talk (and there is at least one)."""
        clauses = self.read(text)
        return bool(clauses) and all(c.meta >= META_MIN for c in clauses)
