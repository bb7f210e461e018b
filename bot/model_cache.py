"""The models' first training, done in a child process before the server loads them.

On a fresh data dir the category model and the intent model are trained at start-up and cached
under `<data dir>/model` (nlp/classifier.py, nlp/understanding.py). Trained in the serving
process, training's scipy (~50 MiB) and its freed scratch memory stayed in that process for
its lifetime; with `--workers N`, every worker trained the same models at once. `serve` runs
`warm_caches` first: when a cache is missing, a spawned child trains and writes it, and the
server (each worker) then only loads the saved models.

It is an optimization only: should the child fail, or a cache be stale (the inputs changed
since), the server trains in-process exactly as before.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import time
from pathlib import Path

from bot.settings import Settings

log = logging.getLogger("petition.models")


def caches_missing(model_dir: Path) -> bool:
    """No category model (installed or cached default), no cached intent, clause or boundary
    model in `model_dir`: the next start would train."""
    from nlp.classifier import has_model

    if not model_dir.is_dir():
        return True
    names = [p.name for p in model_dir.iterdir()]
    classifier = has_model(model_dir) or any(n.startswith("default-") for n in names)
    intents = any(n.startswith("intents-") for n in names)
    clauses = any(n.startswith("clauses-") for n in names)  # (nlp.clauses)
    boundaries = any(n.startswith("boundaries-") for n in names)  # (nlp.boundaries)
    return not (classifier and intents and clauses and boundaries)


def _train(settings: Settings) -> None:
    from bot.app import load_classifier, load_dialog
    from bot.logs import setup_logging

    setup_logging(settings.log_level)
    load_classifier(settings)
    load_dialog(settings)


def warm_caches(settings: Settings, timeout_s: float = 600.0) -> bool:
    """Train the missing models in a child process; True when it ran and succeeded."""
    model_dir = settings.data_dir / "model"
    if not caches_missing(model_dir):
        return False
    started = time.monotonic()
    child = mp.get_context("spawn").Process(target=_train, args=(settings,), daemon=True)
    child.start()
    child.join(timeout_s)
    if child.is_alive():
        child.terminate()
        child.join()
    ok = child.exitcode == 0
    if ok:
        log.info("models trained in a child process in %.1f s", time.monotonic() - started)
    else:
        log.warning("training the models in a child process failed (exit %s); the server "
                    "trains them itself", child.exitcode)
    return ok
