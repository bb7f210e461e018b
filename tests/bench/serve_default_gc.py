"""`petition-bot serve` with CPython's default first GC threshold (700) instead of the serving
one (bot.serve.SERVING_GC_THRESHOLD), for the same-run comparison of `bench_load.py
--default-gc`. Young collections made while serving are counted and timed, and written to
$PB_GC_STATS as JSON when the server stops.

    python tests/bench/serve_default_gc.py serve --port PORT   (settings from the environment)
"""

from __future__ import annotations

import atexit
import gc
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from bot import serve
from bot.cli import main

DEFAULT_THRESHOLD = 700  # CPython's


def record_collections(path: str) -> None:
    """Count and time (CPU) the collections made after the start-up freeze."""
    stats: dict[str, Any] = {"collections": 0, "cpu_s": 0.0}
    started = [0.0]

    def callback(phase: str, info: dict[str, int]) -> None:
        if not gc.get_freeze_count():
            return  # start-up
        if phase == "start":
            started[0] = time.thread_time()
        else:
            stats["collections"] += 1
            stats["cpu_s"] += time.thread_time() - started[0]

    gc.callbacks.append(callback)
    atexit.register(lambda: Path(path).write_text(json.dumps(stats)))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--default":
        serve.SERVING_GC_THRESHOLD = DEFAULT_THRESHOLD
        sys.argv.pop(1)
    if os.environ.get("PB_GC_STATS"):
        record_collections(os.environ["PB_GC_STATS"])
    raise SystemExit(main(sys.argv[1:]))
