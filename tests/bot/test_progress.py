"""Progress bars for long `train`/`eval` runs: shown on a terminal after the delay, never in
redirected output (so `--json` stays one clean JSON object)."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rich.console import Console

from bot import progress

EXE = Path(sys.executable).parent / "petition-bot"
ROWS = [("小区停水两天了，自来水公司电话打不通", "水务"), ("供水管道爆裂，整条街都没水", "水务"),
        ("村里经常停电，冰箱里的东西都坏了", "电力"), ("电表走得太快，电费比以前高了一倍", "电力"),
        ("手机信号太差，在家打不了电话", "通信"), ("宽带经常断网，报修没人上门", "通信")]


def _terminal() -> tuple[Console, io.StringIO]:
    buffer = io.StringIO()
    return Console(file=buffer, force_terminal=True, width=100), buffer


def test_a_bar_after_the_delay_with_the_count() -> None:
    console, buffer = _terminal()

    def slow(n: int) -> int:
        time.sleep(0.02)
        return n

    items = [slow(i) for i in progress.track(range(20), "classifying 20 texts", show=True,
                                              console=console, delay=0.1)]
    assert items == list(range(20))
    assert "classifying 20 texts" in buffer.getvalue() and "/20" in buffer.getvalue()


def test_nothing_for_quick_work_or_when_not_shown() -> None:
    console, buffer = _terminal()
    assert list(progress.track([1, 2, 3], "quick", show=True, console=console, delay=5)) == [
        1, 2, 3]
    assert progress.run("quick", lambda: 7, show=True, console=console, delay=5) == 7
    assert list(progress.track([1], "hidden", show=False, console=console, delay=0)) == [1]
    assert progress.run("hidden", lambda: 8, show=False, console=console, delay=0) == 8
    assert buffer.getvalue() == ""


def test_a_step_of_unknown_length_shows_a_spinner_and_the_time() -> None:
    console, buffer = _terminal()
    assert progress.run("training on 6 examples", lambda: time.sleep(0.3) or 5, show=True,
                        console=console, delay=0.05) == 5
    assert "training on 6 examples" in buffer.getvalue() and "0:00:0" in buffer.getvalue()


def test_not_on_a_terminal() -> None:
    # pytest captures stdout: not a tty, so nothing may be drawn
    assert progress.on_terminal() is False
    assert progress.on_terminal(quiet=True) is False


def _write(path: Path, rows: list[tuple[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(("text", "label"))
        w.writerows(rows)
    return path


def _in_a_terminal(args: list[str], env: dict[str, str]) -> str:
    """Run the console script with stdout and stderr on a pseudo-terminal; all it printed."""
    main, child = pty.openpty()
    proc = subprocess.Popen([str(EXE), *args], stdin=subprocess.DEVNULL, stdout=child,
                            stderr=child, env=env, close_fds=True)
    os.close(child)
    chunks = []
    while True:
        try:
            data = os.read(main, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(main)
    assert proc.wait(timeout=120) == 0
    return b"".join(chunks).decode("utf-8", errors="replace")


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("PETITION_")}
    return {**base, "PETITION_DATA_DIR": str(tmp_path / "var"), "PETITION_PROGRESS_DELAY": "0",
            "TERM": "xterm", "COLUMNS": "120"}


def test_eval_shows_progress_on_a_terminal_only(tmp_path: Path, env: dict[str, str]) -> None:
    train = _write(tmp_path / "a.csv", ROWS)
    test = _write(tmp_path / "b.csv", ROWS[::2])
    args = ["eval", "--train", str(train), str(test)]
    shown = _in_a_terminal(args, env)
    assert "training on 6 examples" in shown and "classifying 3 texts" in shown
    assert "accuracy=" in shown  # the report follows the (erased) bar
    # --json on a terminal: no bar, one JSON object
    quiet = _in_a_terminal([*args, "--json"], env)
    assert "training on" not in quiet and json.loads(quiet.strip())["n"] == 3
    # redirected: no bar either, even without --json
    piped = subprocess.run([str(EXE), *args], capture_output=True, text=True, env=env,
                           timeout=120, check=False)
    assert piped.returncode == 0 and "accuracy=" in piped.stdout
    assert "training on" not in piped.stdout + piped.stderr and "\x1b[" not in piped.stderr
