"""The boundary reader: where the clauses of a message dictated without punctuation end.

    reader = BoundaryReader.train(texts)            # the project's own punctuated texts
    reader.punctuate("俺叫孔令军山东临沂的在银涂镇金达塑料厂上班今年八月份在车间被机器轧伤了…")
    # -> "俺叫孔令军，山东临沂的，在银涂镇金达塑料厂上班，今年八月份在车间被机器轧伤了，…"

Voice input often arrives as one run of characters with no comma anywhere, and every reader
downstream (the request clause 希望/要求/建议…, a name after 我叫, a place after 住在, the
account without the contact details) reads clauses. The reader puts a "，" where a clause ends:

- learned: every gap between two characters of the project's punctuated texts (the county's
  petitions in config/nlp/examples/*.csv, the turn corpora in config/nlp/intents/) with their
  punctuation removed is an example, a boundary where a separator stood. Features are the
  characters around the gap (1-3 on each side, and across it); the weights are naive-Bayes log
  ratios, kept only where a feature was seen often enough to say something (memory);
- structural: a gap is a boundary only where jieba's cut ends a word (a boundary never splits a
  word, a name or a place), never inside a number or a phone read aloud, nor before a word that
  leans on the one before it (以前, 左右; an hour after 凌晨), and clauses keep MIN_CLAUSE
  characters;
- cues, a closed grammar of clause openings the fields start with: 我叫/俺叫/我是…的/本人,
  电话/手机 (and 我的电话是), 我家住/住在, and the request words 希望/要求/建议/恳请/请求/想让
  (with the 我/俺/我们 before them) add to the learned score.

Only a message with a run of RUN_MIN to RUN_MAX characters without any separator, and of at most
TEXT_MAX characters in all, is read (a typed message with commas, or a short reply, costs one
regular-expression search); what the citizen typed is kept, only "，" is added.

The commas are for reading only: `as_typed(value, typed)` takes out of a value stored from such a
message (the account, the request) every "，" that the citizen did not type, so the case record
holds their own text (issue 14, round 8: a quarter of the boundaries fall inside a clause).
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import os
import re
import uuid
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

RUN_MIN = 36  # characters without a separator: a message dictated in one breath
RUN_MAX = 400  # (longer: a paste or a key held down, not speech; a voice message is a minute)
TEXT_MAX = 1000  # (longer: a document pasted; and the commas never take a message past 2,000)
MIN_CLAUSE = 3  # characters a clause keeps on each side of a boundary
THRESHOLD = 3.0  # learned score (log odds) above which a gap is a boundary
_MIN_COUNT = 5  # a feature seen fewer times says nothing
_MIN_WEIGHT = 0.7  # (13,703 features kept, ~3 MiB a process; at 3 / 0.4: 39,897, ~10 MiB)
_SEP = re.compile(r"[，,。.！!？?；;：:、~～…\s\"“”'‘’（）()【】\[\]《》<>]+")
_RUN = re.compile(r"[^，,。.！!？?；;：:、~～…\s]{" + str(RUN_MIN) + ",}")
# Digits and numerals read aloud (a phone, an amount): never split.
_NUMBER = re.compile(r"[0-9０-９零〇一幺二两三四五六七八九十百千万洞拐勾]{3,}")
# Words that lean on what is before them (postpositions: 十二点以前, 半个月左右) and a time of day
# before its hour (凌晨两点): never a clause's first word.
_LEANS_BACK = re.compile(r"(?=以前|以后|之前|之后|左右|上下|的时候|时候)|"
                         r"(?<=凌晨|早上|晚上|上午|下午|中午|傍晚|半夜|夜里)(?=[0-9一二三四五六七八九十两几])")
# Clause openings of the fields (a closed grammar): the score a gap before them gets.
_CUE = re.compile(
    r"(?:我|俺|本人)(?:叫|姓(?=[\u4e00-\u9fff]{1,2}叫))|(?:我|俺|本人)是(?=[\u4e00-\u9fff]{2,10}的)|"
    r"(?:我的?|俺的?|本人)?(?:联系)?(?:电话|手机)(?:号码?)?(?:是|为)?(?=[0-9零〇一幺二两三四五六七八九洞])|"
    r"(?:我|俺)(?:家)?(?:住在|住)|家住|"
    r"(?:我们?|俺们?|本人)?(?:强烈)?(?:希望|要求|建议|恳请|请求|想让)")
_CUE_SCORE = 10.0  # (a cue is taken before any learned boundary near it)
# A name said after 我叫 / 俺叫 / 本人叫 ends where jieba's cut ends its 2-3 characters (4 after a
# compound surname): "俺叫孔令军山东临沂的…", "我叫杭玉兰淮安人…".
_NAME_INTRO = re.compile(r"(?:我|俺|本人)(?:的名字)?叫")
_TEXTS = ("examples/*.csv", "intents/train.csv", "intents/acts_train.csv")


def _features(s: str, i: int) -> tuple[str, ...]:
    """The features of the gap before s[i] (0 < i < len(s))."""
    a, b = s[max(i - 3, 0):i], s[i:i + 3]
    return ("l1" + a[-1:], "r1" + b[:1], "l2" + a[-2:], "r2" + b[:2], "x" + a[-1:] + b[:1],
            "l3" + a, "r3" + b, "y" + a[-2:] + b[:1], "z" + a[-1:] + b[:2])


def _sample(text: str) -> tuple[str, set[int]]:
    """`text` without its separators, and where they stood."""
    out: list[str] = []
    cuts: set[int] = set()
    n = 0
    for piece in _SEP.split(text.strip()):
        if piece:
            if n:
                cuts.add(n)
            out.append(piece)
            n += len(piece)
    return "".join(out), cuts


class BoundaryReader:
    def __init__(self, weights: dict[str, float], prior: float,
                 compound_surnames: frozenset[str] = frozenset()) -> None:
        self.weights = weights
        self.prior = prior
        self.compound = compound_surnames

    # ---- training ------------------------------------------------------------------------
    @classmethod
    def train(cls, texts: Iterable[str]) -> BoundaryReader:
        pos: Counter[str] = Counter()
        neg: Counter[str] = Counter()
        n_pos = n_neg = 0
        for text in texts:
            s, cuts = _sample(text)
            if not cuts and len(s) >= RUN_MIN // 2:
                continue  # (long and unpunctuated: a voice-register example, not evidence)
            for i in range(1, len(s)):
                if i in cuts:
                    n_pos += 1
                    pos.update(_features(s, i))
                else:
                    n_neg += 1
                    neg.update(_features(s, i))
        weights = {}
        for f in pos.keys() | neg.keys():
            p, n = pos[f], neg[f]
            if p + n < _MIN_COUNT:
                continue
            w = math.log((p + 0.5) / (n_pos + 0.5)) - math.log((n + 0.5) / (n_neg + 0.5))
            if abs(w) >= _MIN_WEIGHT:
                weights[f] = round(w, 3)
        return cls(weights, math.log(max(n_pos, 1) / max(n_neg, 1)))

    @classmethod
    def load(cls, config_dir: Path, cache_dir: Path | None = None,
             compound_surnames: frozenset[str] = frozenset()) -> BoundaryReader:
        """Trained on the project's punctuated texts under config/nlp/; with `cache_dir`, the
        weights are saved there under the digest of their inputs and reused."""
        paths = sorted(p for pattern in _TEXTS for p in (config_dir / "nlp").glob(pattern))
        digest = hashlib.sha256(Path(__file__).read_bytes())
        for p in paths:
            digest.update(p.read_bytes())
        where = cache_dir / f"boundaries-{digest.hexdigest()[:16]}.json" if cache_dir else None
        if where is not None:
            try:
                saved = json.loads(where.read_text("utf-8"))
                return cls(saved["weights"], saved["prior"], compound_surnames)
            except (OSError, ValueError, KeyError):
                pass  # absent or damaged: train again
        reader = cls.train(_read_texts(paths))
        reader.compound = compound_surnames
        if where is not None:
            tmp = where.with_name(f".{where.name}-{os.getpid()}-{uuid.uuid4().hex[:8]}")
            try:
                tmp.write_text(json.dumps({"weights": reader.weights, "prior": reader.prior},
                                          ensure_ascii=False), "utf-8")
                os.replace(tmp, where)
            except OSError:
                tmp.unlink(missing_ok=True)  # a read-only data dir: trained again next start
        return reader

    # ---- reading -------------------------------------------------------------------------
    def score(self, s: str, i: int) -> float:
        w = self.weights
        return self.prior + sum(w.get(f, 0.0) for f in _features(s, i))

    def boundaries(self, run: str) -> list[int]:
        """Where the clauses of `run` (characters without separators) end, in order."""
        import jieba

        ends: set[int] = set()
        pos = 0
        for word in jieba.cut(run):
            pos += len(word)
            ends.add(pos)
        blocked = {i for m in _NUMBER.finditer(run) for i in range(m.start() + 1, m.end())}
        blocked.update(m.start() for m in _LEANS_BACK.finditer(run))
        cued = {m.start() for m in _CUE.finditer(run)} | self._name_ends(run, ends)
        scored = []
        for i in range(MIN_CLAUSE, len(run) - MIN_CLAUSE + 1):
            if i not in ends or i in blocked:
                continue
            sc = self.score(run, i)
            if i in cued:  # (a cue is a boundary whatever the characters around it say)
                sc = max(sc, THRESHOLD) + _CUE_SCORE
            if sc >= THRESHOLD:
                scored.append((sc, i))
        chosen: list[int] = []
        for _, i in sorted(scored, reverse=True):  # the surest first, clauses kept whole
            if all(abs(i - j) >= MIN_CLAUSE for j in chosen):
                chosen.append(i)
        return sorted(chosen)

    def _name_ends(self, run: str, ends: set[int]) -> set[int]:
        out = set()
        for m in _NAME_INTRO.finditer(run):
            a = m.end()
            shortest = 3 if run[a:a + 2] in self.compound else 2
            end = next((e for e in range(a + shortest, a + shortest + 2) if e in ends), None)
            if end is not None:
                out.add(end)
        return out

    def punctuate(self, text: str) -> str:
        """`text` with "，" where the clauses of its long unpunctuated runs end (unchanged when
        it has none)."""
        if len(text) < RUN_MIN or len(text) > TEXT_MAX:
            return text
        runs = list(_RUN.finditer(text))
        if not runs:
            return text
        out, pos = [], 0
        for m in runs:
            run = m.group(0)
            cuts = self.boundaries(run) if len(run) <= RUN_MAX else []
            if not cuts:
                continue
            out.append(text[pos:m.start()])
            out.append("，".join(run[a:b] for a, b in zip([0, *cuts], [*cuts, len(run)])))
            pos = m.end()
        out.append(text[pos:])
        return "".join(out)


_CONTEXT = 3  # characters on each side of a comma that place it in what was typed


def as_typed(value: str, typed: Iterable[str]) -> str:
    """`value` without the "，" that no text of `typed` (what the citizen sent) holds: a comma
    whose two neighbours (at least two characters on each side, up to _CONTEXT) stand side by
    side in a typed text, and nowhere with the comma between them, was added for reading. A
    comma the citizen typed, or one standing for words taken out between its neighbours (a
    phone, a greeting), stays."""
    if "，" not in value:
        return value
    texts = [t for t in typed if t]
    out = []
    for i, ch in enumerate(value):
        if ch == "，" and 0 < i < len(value) - 1:
            a = re.split(_SEP, value[max(i - _CONTEXT, 0):i])[-1]
            b = re.split(_SEP, value[i + 1:i + 1 + _CONTEXT])[0]
            if len(a) >= 2 and len(b) >= 2 and any(a + b in t for t in texts) and not any(
                    a + "，" + b in t or a + "," + b in t for t in texts):
                continue
        out.append(ch)
    return "".join(out)


def _read_texts(paths: list[Path]) -> Iterable[str]:
    for p in paths:
        with p.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                text = row.get("text")
                if text:
                    yield text
