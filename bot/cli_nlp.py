"""`petition-bot train CSV` and `petition-bot eval CSV [--json]` / `eval --train TRAIN TEST`.

train: (re)trains the installed model in <data dir>/model/ from the CSV, the shipped examples in
config/nlp/examples/ (unless --only) and the decisions staff made in the console (a Redis list,
read when Redis answers; training goes on without them otherwise).
eval: quality of the current model (installed, else the default) on a labelled CSV; with
--train, of a fresh model trained on TRAIN (labels need not be the county's), installing nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from bot import progress
from bot.settings import Settings, SettingsError, load_settings
from nlp.configfile import read_toml

STAFF_READ_TIMEOUT = 10.0  # seconds; staff decisions are optional, a stuck Redis must not hang


class _Text:
    """Messages from config/nlp/cli.toml."""

    def __init__(self, config_dir: Path) -> None:
        self._t = read_toml(config_dir / "nlp" / "cli.toml")

    def __call__(self, key: str, **kw: Any) -> str:
        section, _, name = key.partition(".")
        return str(self._t[section][name]).format(**kw)


def _config_dir() -> Path:
    # --help must work before settings are valid, so the config dir is found the same way
    # bot.settings finds it, without validating anything else.
    from bot.settings import CONFIG_DIR

    return CONFIG_DIR


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    text = _Text(_config_dir())
    p = subparsers.add_parser("train", help=text("train.help"), description=text("train.help"))
    p.add_argument("csv", type=Path, metavar="CSV", help=text("train.csv_help"))
    p.add_argument("--only", action="store_true", help=text("train.only_help"))
    p.add_argument("--no-staff", action="store_true", help=text("train.no_staff_help"))
    p.set_defaults(func=cmd_train)

    p = subparsers.add_parser("eval", help=text("eval.help"), description=text("eval.help"))
    p.add_argument("csv", type=Path, metavar="CSV", nargs="?", help=text("eval.csv_help"))
    p.add_argument("--train", type=Path, metavar="TRAIN.csv", help=text("eval.train_help"))
    p.add_argument("--intents", action="store_true", help=text("eval.intents_help"))
    p.add_argument("--json", action="store_true", help=text("eval.json_help"))
    p.add_argument("--baseline", action="store_true", help=text("eval.baseline_help"))
    p.set_defaults(func=cmd_eval)


# ---- train ---------------------------------------------------------------------------------
def cmd_train(args: argparse.Namespace) -> int:
    from nlp.classifier import (
        default_examples,
        load_jieba,
        save_model,
        to_taxonomy,
        train_model,
        weigh_decisions,
    )
    from nlp.examples import Example, ExamplesError, read_csv
    from nlp.taxonomy import Taxonomy

    settings = _settings()
    if settings is None:
        return 2
    text = _Text(settings.config_dir)
    started = time.perf_counter()
    try:
        taxonomy = Taxonomy.load(settings.config_dir / "taxonomy.toml")
        given = to_taxonomy(read_csv(args.csv), taxonomy, str(args.csv))
    except (ExamplesError, ValueError) as exc:  # TaxonomyError is a ValueError
        return _fail(text, str(exc))
    staff: list[Example] = []
    if not args.no_staff:
        records, reason = _read_staff_decisions(settings)
        if reason:
            print(text("train.staff_skipped", reason=reason), file=sys.stderr)
        staff, invalid = _staff_examples(records, taxonomy)
        if invalid:
            print(text("train.staff_invalid", n=invalid), file=sys.stderr)
    load_jieba(settings.config_dir, taxonomy)
    try:
        defaults = [] if args.only else default_examples(settings.config_dir, taxonomy)
        if staff:
            # the model without the decisions tells which of them correct it
            # (nlp.classifier.weigh_decisions)
            base = progress.run(text("train.progress", n=len(defaults + given)),
                                lambda: train_model(defaults + given),
                                show=progress.on_terminal())
            weighed = weigh_decisions(base, staff, defaults + given)
            del base
            staff = weighed.examples
            print(text("train.staff_weighed", corrections=weighed.corrections,
                       agreements=weighed.agreements, duplicates=weighed.duplicates),
                  file=sys.stderr)
        examples = defaults + given + staff
        model = progress.run(text("train.progress", n=len(examples)),
                             lambda: train_model(examples), show=progress.on_terminal())
    except (OSError, ValueError) as exc:  # ExamplesError is a ValueError
        return _fail(text, str(exc))
    model.info["sources"] = {"csv": len(given), "default": len(defaults), "staff": len(staff)}
    model_dir = settings.data_dir / "model"
    try:
        _save_private(save_model, model, model_dir)
    except OSError as exc:
        return _fail(text, f"{model_dir}: {exc.strerror or exc}")
    print(text(
        "train.done", dir=model_dir, total=len(examples), csv=len(given), default=len(defaults),
        staff=len(staff), categories=len(model.category.labels),
        nature=text("train.nature_yes" if model.nature else "train.nature_no"),
        seconds=time.perf_counter() - started,
    ))
    return 0


def _save_private(save: Any, model: Any, model_dir: Path) -> None:
    """Save with owner-only permissions: the vocabulary is made of petition words (staff
    decisions included), so no other account on the machine may read it. New files are created
    0600 (umask), files written over keep theirs, so every file is set afterwards too."""
    old = os.umask(0o077)
    try:
        save(model, model_dir)
    finally:
        os.umask(old)
    model_dir.chmod(0o700)
    for path in model_dir.iterdir():
        if path.is_file():
            path.chmod(0o600)


def _read_staff_decisions(settings: Settings) -> tuple[list[Any], str]:
    """The staff decisions list, or ([], reason) when Redis cannot be read."""
    try:
        from bot.keys import TRAINING_DECISIONS
        from bot.redisconn import open_redis
    except ImportError as exc:  # the lead's Redis helper is part of the bot; keep train usable
        return [], f"{type(exc).__name__}: {exc}"

    async def read() -> list[Any]:
        async with open_redis(settings) as (client, _embedded):
            return list(await client.lrange(TRAINING_DECISIONS, 0, -1))

    try:
        raw = asyncio.run(asyncio.wait_for(read(), STAFF_READ_TIMEOUT))
    except Exception as exc:  # noqa: BLE001 - any failure only means "no staff decisions"
        return [], type(exc).__name__
    records = []
    for item in raw:
        try:
            records.append(json.loads(item))
        except (ValueError, TypeError):
            records.append(None)
    return records, ""


def _staff_examples(records: list[Any], taxonomy: Any) -> tuple[list[Any], int]:
    """Training examples from the console's decisions, oldest first as recorded: the latest
    decision on a text wins (staff corrected themselves, or closed it as not a petition)."""
    from nlp.examples import Example

    latest: dict[str, Any] = {}
    invalid = 0
    for r in records:
        if isinstance(r, dict) and r.get("decision") == "not_petition":
            # "not a petition" teaches no category (the console records it for audit), and
            # withdraws an earlier decision on the same text
            latest.pop(str(r.get("text") or "").strip(), None)
            continue
        try:
            t = str(r["text"]).strip()
            code = taxonomy.category_code(str(r["category"]))
            nature = taxonomy.nature_name(str(r["nature"])) if r.get("nature") else ""
        except (KeyError, TypeError, AttributeError):
            invalid += 1
            continue
        if not t:
            invalid += 1
            continue
        latest.pop(t, None)  # re-inserted last: the order of the latest decisions
        latest[t] = Example(t, code, nature)
    return list(latest.values()), invalid


# ---- eval ----------------------------------------------------------------------------------
def cmd_eval(args: argparse.Namespace) -> int:
    from nlp.baseline import BaselineUnavailable
    from nlp.classifier import (
        Classifier,
        ClassifierSettings,
        default_examples,
        load_jieba,
        prepare,
        train_model,
    )
    from nlp.examples import ExamplesError, read_csv
    from nlp.metrics import evaluate
    from nlp.taxonomy import Taxonomy

    if args.intents:
        from bot.cli_intents import cmd_eval_intents

        return cmd_eval_intents(args)
    settings = _settings()
    if settings is None:
        return 2
    text = _Text(settings.config_dir)
    if args.csv is None:
        return _fail(text, text("eval.csv_missing"))
    show = progress.on_terminal(quiet=args.json)  # a bar on stderr, only on a terminal
    try:
        taxonomy = Taxonomy.load(settings.config_dir / "taxonomy.toml")
        test = read_csv(args.csv)
        train = read_csv(args.train) if args.train else None
    except (ExamplesError, ValueError) as exc:  # TaxonomyError is a ValueError
        return _fail(text, str(exc))

    if train is not None:
        # Any label set: the county's (given as code or name) is mapped to codes, others kept.
        if _all_in_taxonomy(train + test, taxonomy):
            train, test = _to_codes(train, taxonomy), _to_codes(test, taxonomy)
        load_jieba(settings.config_dir)
        try:
            model = progress.run(text("eval.progress_train", n=len(train)),
                                 lambda: train_model(train), show=show)
        except ValueError as exc:
            return _fail(text, str(exc))
        threshold = settings.nlp.threshold or ClassifierSettings.load(
            settings.config_dir / "nlp" / "classifier.toml").default_threshold
        predictions = [model.predict(prepare(e.text)) for e in progress.track(
            test, text("eval.progress_predict", n=len(test)), show=show)]
        header = text("eval.model_fresh", train=args.train, n=len(train))
    else:
        try:
            test = _to_codes(test, taxonomy)
        except ValueError as exc:
            return _fail(text, str(exc))
        model_dir = settings.data_dir / "model"
        try:
            classifier = Classifier.load(settings.config_dir, model_dir,
                                         settings.nlp.threshold or None)
        except (OSError, ValueError) as exc:
            return _fail(text, str(exc))
        threshold = classifier.threshold
        predictions = [classifier.predict(e.text) for e in progress.track(
            test, text("eval.progress_predict", n=len(test)), show=show)]
        header = (text("eval.model_installed", dir=model_dir) if classifier.source == "installed"
                  else text("eval.model_default"))

    with_nature = any(e.nature for e in test)
    report = evaluate([e.category for e in test], predictions, threshold,
                      [e.nature for e in test] if with_nature else None)
    if args.baseline:
        try:
            baseline_train = train if train is not None else default_examples(
                settings.config_dir, taxonomy)
            report["baseline"] = _baseline(baseline_train, test, threshold, with_nature)
        except BaselineUnavailable as exc:
            return _fail(text, text("eval.baseline_missing", reason=exc))
        except (OSError, ValueError) as exc:
            return _fail(text, str(exc))
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
        return 0
    print(header)
    print(_human(report, taxonomy, text))
    return 0


def _baseline(train: list[Any], test: list[Any], threshold: float, with_nature: bool) -> dict:
    """TF-IDF + LinearSVC trained on the same examples (the shipped ones when the model
    evaluated is the shipped or installed one), scored on the same test rows."""
    from nlp.baseline import train_baseline
    from nlp.metrics import Prediction, evaluate

    predicted = train_baseline(train)([e.text for e in test])
    r = evaluate([e.category for e in test],
                 [Prediction(c, 1.0, n, auto=False) for c, n in predicted], threshold,
                 [e.nature for e in test] if with_nature else None)
    out = {"accuracy": r["accuracy"], "macro_f1": r["macro_f1"],
           "per_category": {k: m["f1"] for k, m in r["per_category"].items()}}
    if with_nature:
        out["nature_accuracy"] = r["nature_accuracy"]
        out["per_nature"] = {k: m["f1"] for k, m in r.get("per_nature", {}).items()}
    return out


def _all_in_taxonomy(examples: list[Any], taxonomy: Any) -> bool:
    try:
        for e in examples:
            taxonomy.category_code(e.category)
            if e.nature:
                taxonomy.nature_name(e.nature)
    except KeyError:
        return False
    return True


def _to_codes(examples: list[Any], taxonomy: Any) -> list[Any]:
    from nlp.classifier import to_taxonomy

    return to_taxonomy(examples, taxonomy, "CSV")


def _human(report: dict, taxonomy: Any, text: _Text) -> str:
    def fmt(v: float | None) -> str:
        return text("eval.none") if v is None else f"{v:.4f}"

    lines = [text(
        "eval.summary", n=report["n"], accuracy=report["accuracy"], macro_f1=report["macro_f1"],
        threshold=report["threshold"], coverage=report["coverage"],
        auto_accuracy=fmt(report["auto_accuracy"]),
    )]
    if "nature_accuracy" in report:
        lines.append(text("eval.nature", nature_accuracy=fmt(report["nature_accuracy"]),
                          nature_n=report["nature_n"]))
        if report.get("auto_both_accuracy") is not None:
            lines.append(text("eval.auto_both", value=fmt(report["auto_both_accuracy"])))
    lines.append(text("eval.table_head"))
    names = {c.code: f"{c.name} {c.code}" for c in taxonomy.categories}
    for label, m in report["per_category"].items():
        lines.append(text("eval.table_row", label=names.get(label, label), **m))
    if report.get("per_nature"):
        lines.append(text("eval.nature_table_head"))
        for label, m in report["per_nature"].items():
            lines.append(text("eval.table_row", label=label, **m))
    base = report.get("baseline")
    if base:
        line = text("eval.baseline", accuracy=base["accuracy"], macro_f1=base["macro_f1"])
        if base.get("nature_accuracy") is not None:
            line += text("eval.baseline_nature", nature_accuracy=fmt(base["nature_accuracy"]))
        lines.append(line)
        lines.append(text("eval.baseline_head"))
        for label, f1 in base["per_category"].items():
            ours = report["per_category"].get(label, {}).get("f1", 0.0)
            lines.append(text("eval.baseline_row", label=names.get(label, label), ours=ours,
                              baseline=f1))
        for label, f1 in base.get("per_nature", {}).items():
            ours = report.get("per_nature", {}).get(label, {}).get("f1", 0.0)
            lines.append(text("eval.baseline_row", label=label, ours=ours, baseline=f1))
    return "\n".join(lines)


# ---- shared --------------------------------------------------------------------------------
def _settings() -> Settings | None:
    try:
        return load_settings()
    except SettingsError as exc:
        print(f"petition-bot: {exc}", file=sys.stderr)
        return None


def _fail(text: _Text, message: str) -> int:
    print(text("errors.prefix", message=message), file=sys.stderr)
    return 2
