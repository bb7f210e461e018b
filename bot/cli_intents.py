"""`petition-bot eval --intents [CSV] [--train TRAIN.csv] [--json]`: turn-understanding quality.

Reads a labelled utterance CSV (text, expecting, label, detail; default: the held-out split
config/nlp/intents/test.csv) with the shipped model (trained from config/nlp/intents/train.csv,
cached under <data dir>/model/) or a fresh one trained on TRAIN, and prints accuracy (the full
reading and the model alone), the field/topic accuracy, per-kind precision/recall and the
confusion table. With the shipped model, the clause reader's and the turn-act reader's figures on
their own held-out splits (clauses_test.csv, acts_test.csv) follow.
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from pathlib import Path
from typing import Any

from bot.settings import SettingsError, load_settings


class _Text:
    """Messages from config/nlp/cli.toml (the [intents] and [errors] tables)."""

    def __init__(self, config_dir: Path) -> None:
        self._t = tomllib.loads((config_dir / "nlp" / "cli.toml").read_text(encoding="utf-8"))

    def __call__(self, key: str, **kw: Any) -> str:
        section, _, name = key.partition(".")
        return str(self._t[section][name]).format(**kw)


def _fail(text: _Text, message: str) -> int:
    print(text("errors.prefix", message=message), file=sys.stderr)
    return 2


def cmd_eval_intents(args: argparse.Namespace) -> int:
    from nlp.intent_eval import confusion_table, evaluate_intents, reader_figures
    from nlp.intent_model import read_corpus
    from nlp.understanding import Understanding

    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"petition-bot: {exc}", file=sys.stderr)
        return 2
    text = _Text(settings.config_dir)
    path: Path = args.csv or settings.config_dir / "nlp" / "intents" / "test.csv"
    try:
        rows = read_corpus(path)
        if args.train:
            understanding = Understanding.train(read_corpus(args.train), settings.config_dir)
            header = text("intents.model_fresh", train=args.train)
        else:
            understanding = Understanding.load(settings.config_dir, settings.data_dir / "model")
            header = text("intents.model_shipped")
    except (OSError, ValueError) as exc:
        return _fail(text, f"{path}: {exc}")
    report = evaluate_intents(understanding, rows)
    readers = {}
    if not args.train:
        corpus = settings.config_dir / "nlp" / "intents"
        try:
            readers = reader_figures(understanding, read_corpus(corpus / "clauses_test.csv"),
                                     read_corpus(corpus / "acts_test.csv"))
        except (OSError, ValueError) as exc:
            return _fail(text, str(exc))
    if args.json:
        print(json.dumps({**report.as_json(), **({"readers": readers} if readers else {})},
                         ensure_ascii=False))
        return 0
    print(header)
    print(text("intents.summary", n=report.n, accuracy=report.accuracy,
               model_accuracy=report.model_accuracy, detail_accuracy=report.detail_accuracy))
    print(text("intents.table_head"))
    for kind, m in report.per_kind.items():
        if m["n"]:
            print(text("intents.table_row", kind=kind, **m))
    print(text("intents.confusion_head"))
    print(confusion_table(report))
    for name, figures in readers.items():
        print(text(f"intents.reader_{name}", **figures))
    return 0
