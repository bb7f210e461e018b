"""Progress display for long command-line work (`train`, `eval`): rich's progress bar on stderr.

Shown only when both standard output and standard error are terminals (so `--json` or a
redirected report stays clean) and only once a step has run for `delay` seconds (quick runs
print nothing extra). The bar is transient: it is erased when the step ends, leaving the report.
PETITION_PROGRESS_DELAY sets the delay in seconds (default 2).
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sized
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:  # rich is imported when a display is made, not by every command's start
    from rich.console import Console
    from rich.progress import Progress

T = TypeVar("T")
DEFAULT_DELAY = 2.0


def on_terminal(quiet: bool = False) -> bool:
    """Whether a progress display may be shown: not asked to be quiet, both streams a tty."""
    return not quiet and sys.stdout.isatty() and sys.stderr.isatty()


def _delay() -> float:
    try:
        return max(0.0, float(os.environ.get("PETITION_PROGRESS_DELAY", DEFAULT_DELAY)))
    except ValueError:
        return DEFAULT_DELAY


class _Display:
    """One rich Progress whose live display starts only after the delay."""

    def __init__(self, console: Console | None, delay: float | None, counted: bool) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            ProgressColumn,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        columns: list[ProgressColumn] = [
            SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn()]
        if counted:  # a known number of items: how many are done, and an estimate of the rest
            columns[3:3] = [MofNCompleteColumn()]
            columns.append(TimeRemainingColumn())
        self.progress = Progress(*columns, console=console or Console(file=sys.stderr),
                                 transient=True)
        self._lock = threading.Lock()
        self._ended = False
        self._delay = _delay() if delay is None else delay
        self._timer = threading.Timer(self._delay, self._start)
        self._timer.daemon = True

    def _start(self) -> None:
        with self._lock:
            if not self._ended:
                self.progress.start()

    def __enter__(self) -> Progress:
        if self._delay <= 0:
            self._start()
        else:
            self._timer.start()
        return self.progress

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self._ended = True
            self._timer.cancel()
            self.progress.stop()


def track(items: Iterable[T], description: str, *, show: bool,
          console: Console | None = None, delay: float | None = None) -> Iterator[T]:
    """Iterate over items with a bar (count, elapsed, remaining) once it runs long enough."""
    if not show:
        yield from items
        return
    total = len(items) if isinstance(items, Sized) else None
    with _Display(console, delay, counted=total is not None) as progress:
        task = progress.add_task(description, total=total)
        for item in items:
            yield item
            progress.advance(task)


def run(description: str, work: Callable[[], T], *, show: bool,
        console: Console | None = None, delay: float | None = None) -> T:
    """Run one step of unknown length with a spinner and the elapsed time."""
    if not show:
        return work()
    with _Display(console, delay, counted=False) as progress:
        progress.add_task(description, total=None)
        return work()
