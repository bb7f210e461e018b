"""A first start trains the models in a child process (bot/model_cache.py): the serving process
only loads the saved models, so training's scipy and scratch memory never live in it."""

from __future__ import annotations

from pathlib import Path

import httpx

from bot.model_cache import caches_missing
from tests.bot.test_serve_startup import Served, _env


def _mapped_scipy(pid: int) -> bool:
    return "/scipy/" in Path(f"/proc/{pid}/maps").read_text()


def test_a_first_start_trains_in_a_child_and_serves_from_the_saved_models(
        tmp_path: Path, redis_url: str) -> None:
    model_dir = tmp_path / "data" / "model"
    assert caches_missing(model_dir)
    served = Served(_env(tmp_path, redis_url))
    try:
        served.wait_ready(timeout=240)
        assert not caches_missing(model_dir)  # both models trained and saved
        names = {p.name.split("-")[0] for p in model_dir.iterdir()}
        assert {"default", "intents"} <= names
        # serving (the models are loaded before the first answer), without training's scipy
        r = httpx.post(served.base + "/web/session", timeout=30)
        assert r.status_code == 201
        assert not _mapped_scipy(served.proc.pid)
    finally:
        served.stop()
