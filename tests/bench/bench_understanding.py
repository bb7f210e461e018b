"""Cost of turn understanding per message, against the existing entity finders in the same run.

    .venv/bin/python tests/bench/bench_understanding.py [--repeat R]

Messages: every utterance of config/nlp/intents/test.csv of 25-35 characters (about 30, the
budget's size), each with the question it was asked under. For each message, CPU time
(process_time) of

- understanding: `Understanding.interpret(text, expecting)` (model + extractors), the added cost;
- clauses: `ClauseReader.account(text)` (nlp.clauses: split, one clause-model reading per
  clause), run when a message is stored as the account, measured the same way;
- turn acts: the act model's reading (nlp.turn_acts), run by the dialog on a message that is not
  a plain answer, measured the same way;
- boundaries: `Understanding.punctuated(text)` (nlp.boundaries), run by the dialog on every
  message before anything reads it: on these messages only the check for a long run without
  separators; reported apart, on the held-out petitions of tests/nlp/holdout.csv with their
  punctuation removed (the run-on voice input it reads), per message;
- baseline: the entity finders the dialog already runs on every message (find_phones, find_ids,
  Gazetteer.find, find_name on the same text), measured interleaved in the same run, so the
  ratio holds on a busier or quieter machine.

Each figure is the best of R passes per message (caches of normalize() emptied between passes:
every message is new to the first finder); the report gives the median and p95 over messages.
Budget (issue 14): median ≤ 200 µs for a 30-character message.
"""

from __future__ import annotations

import argparse
import csv
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from nlp import entities, understanding
from nlp.boundaries import RUN_MIN
from nlp.hanzi import to_simplified
from nlp.intent_model import read_corpus
from nlp.understanding import Understanding

BUDGET_US = 200.0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    config = ROOT / "config"
    u = Understanding.load(config, Path(tempfile.gettempdir()) / "petition-bot-bench-cache")
    gaz = u.gazetteer
    assert gaz is not None
    rows = [r for r in read_corpus(config / "nlp" / "intents" / "test.csv")
            if 25 <= len(r.text) <= 35]

    def baseline(text: str) -> None:
        entities.find_phones(text)
        entities.find_ids(text)
        gaz.find(text)
        entities.find_name(text)

    def clear() -> None:
        entities.normalize.cache_clear()
        to_simplified.cache_clear()
        understanding._word_spans.cache_clear()  # (jieba's cut of a question cue's message)
        if u.clauses is not None:
            u.clauses._seen.clear()  # (the clause reader's recent readings)

    ours: list[float] = []
    base: list[float] = []
    bound: list[float] = []  # the boundary reader's check, on every message
    clause: list[float] = []
    act: list[float] = []  # the turn-act reading (nlp.turn_acts), run by the dialog on a message
    acts = u.acts
    assert acts is not None
    reader = u.clauses
    assert reader is not None
    for r in rows:
        best_u = best_b = best_c = best_a = best_p = float("inf")
        for _ in range(args.repeat):
            clear()
            t0 = time.process_time_ns()
            baseline(r.text)
            t1 = time.process_time_ns()
            clear()
            t2 = time.process_time_ns()
            u.interpret(r.text, r.expecting)
            t3 = time.process_time_ns()
            clear()
            t4 = time.process_time_ns()
            reader.account(r.text)
            t5 = time.process_time_ns()
            best_b = min(best_b, (t1 - t0) / 1000)
            best_u = min(best_u, (t3 - t2) / 1000)
            best_c = min(best_c, (t5 - t4) / 1000)
            t6 = time.process_time_ns()
            acts.model.ranked(r.text, r.expecting, top=3)
            best_a = min(best_a, (time.process_time_ns() - t6) / 1000)
            t7 = time.process_time_ns()
            u.punctuated(r.text)
            best_p = min(best_p, (time.process_time_ns() - t7) / 1000)
        bound.append(best_p)
        clause.append(best_c)
        act.append(best_a)
        ours.append(best_u)
        base.append(best_b)

    run_on = []  # held-out petitions dictated without punctuation
    with (ROOT / "tests" / "nlp" / "holdout.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            plain = re.sub(r"[\W_]+", "", row["text"])
            if len(plain) >= RUN_MIN:
                run_on.append(plain)
    long_runs = []
    for text in run_on:
        best = float("inf")
        for _ in range(args.repeat):
            t0 = time.process_time_ns()
            u.punctuated(text)
            best = min(best, (time.process_time_ns() - t0) / 1000)
        long_runs.append(best)

    def p95(xs: list[float]) -> float:
        return sorted(xs)[int(0.95 * (len(xs) - 1))]

    mu, mb = statistics.median(ours), statistics.median(base)
    print(f"messages: {len(rows)} of 25-35 characters (median {statistics.median(len(r.text) for r in rows):.0f})")
    print(f"baseline (entity finders): median {mb:7.1f} µs   p95 {p95(base):7.1f} µs")
    print(f"understanding (interpret): median {mu:7.1f} µs   p95 {p95(ours):7.1f} µs")
    print(f"clauses (account):         median {statistics.median(clause):7.1f} µs   "
          f"p95 {p95(clause):7.1f} µs")
    print(f"turn acts (dialog):        median {statistics.median(act):7.1f} µs   p95 {p95(act):7.1f} µs")
    print(f"boundaries (check):        median {statistics.median(bound):7.1f} µs   p95 {p95(bound):7.1f} µs")
    print(f"boundaries, run-on input:  median {statistics.median(long_runs):7.1f} µs   "
          f"p95 {p95(long_runs):7.1f} µs   ({len(run_on)} held-out petitions without punctuation, "
          f"median {statistics.median(len(t) for t in run_on):.0f} characters)")
    print(f"ratio understanding / baseline: {mu / mb:.1f}x   budget {BUDGET_US:.0f} µs: "
          f"{'within' if mu <= BUDGET_US else 'OVER'}")


if __name__ == "__main__":
    main()
