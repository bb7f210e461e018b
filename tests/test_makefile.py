"""`make run PORT=… DATA_DIR=…`: the make variables reach `serve`; unset, the settings (and their
PETITION_* variables) apply. Checked with make's dry run and with a real start through make."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.bot.test_embedded_redis import _free_port

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make not installed")


def _dry_run(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> str:
    """The shell command `make run` would execute (the install step taken as done)."""
    stamp = tmp_path / "installed"
    stamp.touch()  # newer than pyproject.toml
    done = subprocess.run(["make", "-n", "--no-print-directory", "run", f"STAMP={stamp}", *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=60, check=False,
                          env={**os.environ, **(env or {})})
    assert done.returncode == 0, done.stderr
    return " ".join(done.stdout.replace("\\\n", " ").split())


def test_port_host_data_dir_and_workers_reach_serve(tmp_path: Path) -> None:
    cmd = _dry_run(tmp_path, "PORT=9123", "DATA_DIR=/srv/petition data", "HOST=0.0.0.0", "WORKERS=2")
    assert "PETITION_DATA_DIR='/srv/petition data'" in cmd
    assert cmd.startswith("PETITION_DATA_DIR=") and "pip install" not in cmd
    assert "--port '9123'" in cmd and "--host '0.0.0.0'" in cmd and "--workers '2'" in cmd


def test_unset_the_settings_and_their_environment_variables_apply(tmp_path: Path) -> None:
    cmd = _dry_run(tmp_path, env={"PETITION_SERVER_PORT": "9555", "PETITION_DATA_DIR": "/tmp/x"})
    assert cmd == ".venv/bin/petition-bot serve"  # no --port or --host to override them
    assert "PETITION_DATA_DIR=" not in cmd  # the environment's own value stays in force


def test_make_run_starts_on_the_given_port_and_data_dir(tmp_path: Path) -> None:
    port = _free_port()
    data = tmp_path / "state dir"
    stamp = tmp_path / "installed"
    stamp.touch()  # newer than pyproject.toml: make installs nothing
    env = {k: v for k, v in os.environ.items() if not k.startswith("PETITION_")}
    proc = subprocess.Popen(
        ["make", "--no-print-directory", "run", f"PORT={port}", f"DATA_DIR={data}",
         f"BIN={Path(sys.executable).parent}", f"STAMP={stamp}"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        while True:
            assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
            assert time.monotonic() < deadline, "make run did not answer"
            try:
                root = httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except httpx.HTTPError:
                time.sleep(0.3)
        assert root.status_code == 200 and 'href="/web"' in root.text
        assert (data / "redis").is_dir()  # the embedded Redis keeps its state there
    finally:
        os.killpg(proc.pid, signal.SIGTERM)  # make, its shell and serve: one session
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        if proc.stdout:
            proc.stdout.close()
