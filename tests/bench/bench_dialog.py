"""Dialog benchmark: CPU cost of `Dialog.step` over whole 9-turn WeChat intakes.

    .venv/bin/python tests/bench/bench_dialog.py [--intakes 300] [--rounds 5]

Runs the intake of the load benchmark (tests/bench/bench_load.py: "你好" ... "确认提交", a phone
of its own per citizen) through `Dialog.step` the way the pipeline does: the document is read
from and written back as JSON (orjson) between turns, the pipeline's "meta" is put back after
each step, the classifier is the real one (config/ + var/model when installed) behind the same
per-process lru_cache as bot/app.py, and the deadlines are bot.deadlines' (built from config/ as create_app does).

Prints µs per step (best round, and median of rounds), µs per step by the state the message was
answered in, and a baseline measured in the same loop: the orjson round trip of the document
alone (loads + dumps), with the ratio step / baseline. Each intake is checked to end submitted.

Old against new in the same run: `--against REV` (default: the last commit of the v1 dict
engine) exports that commit's bot/, dialogs/, nlp/, config/ and this script with `git archive`
into a temporary directory, and the rounds alternate between the two engines, each round in a
fresh process running this script with `--engine-root` (the same measuring code for both;
`--rounds` of each); prints both and the ratio old / new. Times are the step's CPU time
(`time.thread_time_ns`), so that the other work on a shared machine counts less. `--against none`
measures only this checkout (in this process, as before).

Like the load benchmark, every citizen sends the same words (but their phone), so caches keyed
by a message's text also hit across intakes. `--vary` gives every citizen's description, address
and name words of their own (the classifier still answers for the common description, so that
its cost, a few ms, is not what is measured): caches then help only within a step.
"""

from __future__ import annotations

import argparse
import functools
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import orjson

ROOT = Path(__file__).resolve().parents[2]


def _engine_root() -> Path:
    """--engine-root DIR: import bot/, dialogs/, nlp/ and config/ from DIR (an old checkout)."""
    if "--engine-root" in sys.argv:
        return Path(sys.argv[sys.argv.index("--engine-root") + 1]).resolve()
    return ROOT


ENGINE_ROOT = _engine_root()
sys.path.insert(0, str(ENGINE_ROOT))

from bot.deadlines import Deadlines
from dialogs.engine import Dialog
from nlp.classifier import Classifier

try:
    from dialogs.api import Services, StepInput
except ImportError:  # the v1 engine's names
    from dialogs.api import TurnContext as Services  # type: ignore[attr-defined,no-redef]
    from dialogs.api import UserTurn as StepInput  # type: ignore[attr-defined,no-redef]

CONFIG = ENGINE_ROOT / "config"
due_at = Deadlines.load(CONFIG / "deadlines.toml").due_at  # as create_app builds it
# The step's CPU time (not wall time): other processes on the shared machine count less.
clock_ns = time.thread_time_ns
TZ = ZoneInfo("Asia/Shanghai")
TEXTS = ["你好", "同意", "我们村的道路破损严重，路面坑坑洼洼，下雨天全是积水，村民出行很不方便", "陈桥",
         "建设村三组", "我叫张三", "PHONE", "希望尽快修好", "确认提交"]
DIGITS = "零一二三四五六七八九"
NAMES = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"
_VARIED = re.compile(r"已经[零一二三四五六七八九]+天了，")


def cn(n: int) -> str:
    return "".join(DIGITS[int(d)] for d in str(n))


def varied(text: str, n: int) -> str:
    """The citizen's own words for intake n: a different story length, village and name."""
    if text.startswith("我们村"):
        return f"已经{cn(n)}天了，" + text
    if text == "建设村三组":
        return f"建设村{cn(n % 97 + 1)}组"
    if text == "我叫张三":
        return "我叫张" + NAMES[n % len(NAMES)] + NAMES[n // len(NAMES) % len(NAMES)]
    return text


def intake(dialog: Dialog, ctx: Services, n: int, start: datetime,
           times: dict[str, list[int]], *, vary: bool = False) -> tuple[int, int]:
    """One citizen's intake; returns (ns in step, ns in the orjson round trip alone)."""
    sender = f"oBench{n}"
    now = start
    stored: bytes | None = None
    meta: dict[str, Any] = {"channel": "wechat", "sender": sender, "group": "",
                            "created": now.isoformat(), "draft": uuid.uuid4().hex,
                            "owner": None, "cases": []}
    step_ns = base_ns = 0
    state = "new"
    for text in TEXTS:
        if text == "PHONE":
            text = f"139{n % 10**8:08d}"
        elif vary:
            text = varied(text, n)
        now += timedelta(seconds=40)
        turn = StepInput(text=text, kind="text", channel="wechat", now=now,
                        message_id=f"{n}-{now.timestamp()}")
        doc = None if stored is None else orjson.loads(stored)
        t0 = clock_ns()
        result = dialog.step(doc, turn, ctx)
        t1 = clock_ns()
        times[state].append(t1 - t0)
        step_ns += t1 - t0
        new_doc = result.doc
        new_doc["meta"] = meta
        stored = orjson.dumps(new_doc)
        state = result.state
        # Baseline: the same document's JSON round trip (what the server does around a step).
        t2 = clock_ns()
        orjson.dumps(orjson.loads(stored))
        base_ns += clock_ns() - t2
    if state != "submitted":
        raise SystemExit(f"intake {n} ended in state {state!r}, not submitted")
    return step_ns, base_ns


# The last commit of the v1 engine (dict documents, the 16-branch ladder), for --against.
V1 = "e41d86d"
_BEST = re.compile(r"Dialog\.step\s+best\s+([\d.]+) µs/step")


def _one_round(root: Path, intakes: int, vary: bool) -> float:
    """µs/step of one round of this script on the engine (bot/, dialogs/, nlp/, config/) of the
    checkout at `root`, in a fresh process."""
    cmd = [sys.executable, __file__, "--intakes", str(intakes), "--rounds", "1",
           "--against", "none", "--engine-root", str(root)]
    if vary:
        cmd.append("--vary")
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=True).stdout
    m = _BEST.search(out)
    if m is None:
        raise SystemExit(f"no figure from {root}: {out}")
    return float(m.group(1))


def compare(rev: str, args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-dialog-") as tmp:
        old_root = Path(tmp)
        archive = subprocess.run(
            ["git", "archive", rev, "bot", "dialogs", "nlp", "config"],
            cwd=ROOT, capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
        old: list[float] = []
        new: list[float] = []
        for _ in range(args.rounds):
            old.append(_one_round(old_root, args.intakes, args.vary))
            new.append(_one_round(ROOT, args.intakes, args.vary))
    print(f"{args.rounds} rounds each, alternating, {args.intakes} intakes x {len(TEXTS)} turns; "
          f"{'varied' if args.vary else 'the same'} words")
    print(f"old ({rev})  best {min(old):7.1f} µs/step   median {statistics.median(old):7.1f}")
    print(f"new (this)    best {min(new):7.1f} µs/step   median {statistics.median(new):7.1f}")
    ratios = [o / n for o, n in zip(old, new, strict=True)]
    print(f"old / new     best {min(old) / min(new):7.2f}x          median of rounds "
          f"{statistics.median(ratios):5.2f}x  (rounds: {', '.join(f'{r:.2f}' for r in ratios)})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--intakes", type=int, default=300, help="intakes per round")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--vary", action="store_true",
                    help="every citizen's own description, address and name (see above)")
    ap.add_argument("--against", default=V1,
                    help=f"git revision of the old engine (default {V1}: v1), or none")
    ap.add_argument("--engine-root", help="measure the engine of this checkout (see above)")
    ap.add_argument("--without-understanding", action="store_true",
                    help="the dialog without the turn-understanding layer (issue 14)")
    args = ap.parse_args()
    if args.against != "none":
        compare(args.against, args)
        return

    clf = Classifier.load(CONFIG, ROOT / "var" / "model")
    dialog = Dialog.from_config(CONFIG)
    if args.without_understanding:
        dialog.understanding = None
    analyze = functools.lru_cache(maxsize=1024)(clf.analyze)
    if args.vary:  # the classifier's answer for the common description (not its cost)
        ctx = Services(analyze=lambda text: analyze(_VARIED.sub("", text)), due_at=due_at,
                       colour_rule=clf.colour_rule)
    else:
        ctx = Services(analyze=analyze, due_at=due_at, colour_rule=clf.colour_rule)
    start = datetime(2026, 11, 24, 9, 0, tzinfo=TZ)

    intake(dialog, ctx, 10**7, start, defaultdict(list))  # warm-up: caches, classifier
    steps = len(TEXTS) * args.intakes
    per_round: list[tuple[float, float]] = []
    times: dict[str, list[int]] = defaultdict(list)
    n = 0
    for _ in range(args.rounds):
        step_ns = base_ns = 0
        for _ in range(args.intakes):
            s, b = intake(dialog, ctx, n, start, times, vary=args.vary)
            step_ns, base_ns, n = step_ns + s, base_ns + b, n + 1
        per_round.append((step_ns / steps / 1000, base_ns / steps / 1000))

    best = min(per_round)
    print(f"classifier: {clf.source} model; {args.rounds} rounds x {args.intakes} intakes "
          f"x {len(TEXTS)} turns; {'varied' if args.vary else 'the same'} words")
    print(f"Dialog.step        best {best[0]:7.1f} µs/step   median "
          f"{statistics.median(r[0] for r in per_round):7.1f} µs/step")
    print(f"baseline (orjson)  best {min(r[1] for r in per_round):7.1f} µs/step   median "
          f"{statistics.median(r[1] for r in per_round):7.1f} µs/step")
    ratios = [s / b for s, b in per_round]
    print(f"step / baseline    best {min(ratios):7.1f}x          median "
          f"{statistics.median(ratios):7.1f}x")
    print("by state answered in (median µs, mean µs):")
    for state, ns in times.items():
        print(f"  {state:16s} {statistics.median(ns) / 1000:7.1f} {statistics.fmean(ns) / 1000:7.1f}")


if __name__ == "__main__":
    main()
