"""The service's Prometheus metrics, kept by prometheus_client.

With `serve --workers N` the workers share one port, so a scrape reaches whichever worker
answers. `serve` therefore points PROMETHEUS_MULTIPROC_DIR at `<data dir>/prometheus` (emptied at
start) before the workers start: each worker writes its figures to memory-mapped files there,
and /metrics sums every worker's files, so any scrape reports the totals of the whole service.
Without that variable (one process, tests) the figures live in this process's registry.

The classes keep the call sites short: `TURNS.inc("web", "ok")`, `TURN_SECONDS.observe(dt, "web")`.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from pathlib import Path

import prometheus_client
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
REGISTRY = CollectorRegistry()
prometheus_client.disable_created_metrics()  # no *_created series: same output as before

BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 60, 300)


def _sample_value(metric: prometheus_client.metrics.MetricWrapperBase, sample_name: str,
                  labels: dict[str, str]) -> float:
    for family in metric.collect():
        for sample in family.samples:
            if sample.name == sample_name and sample.labels == labels:
                return float(sample.value)
    return 0.0


class Counter:
    def __init__(self, name: str, help_text: str, labels: tuple[str, ...] = ()):
        self.name, self.labels = name, labels
        self._metric = prometheus_client.Counter(name, help_text, labels, registry=REGISTRY)

    def inc(self, *label_values: str, amount: float = 1.0) -> None:
        (self._metric.labels(*label_values) if self.labels else self._metric).inc(amount)

    def value(self, *label_values: str) -> float:
        """This process's count (the tests' view; /metrics sums all workers)."""
        return _sample_value(self._metric, self.name, dict(zip(self.labels, label_values)))


class Gauge:
    def __init__(self, name: str, help_text: str):
        # Several workers: the value the latest of them set (e.g. its last health check).
        self._metric = prometheus_client.Gauge(name, help_text, registry=REGISTRY,
                                               multiprocess_mode="mostrecent")

    def set(self, value: float) -> None:
        self._metric.set(value)


class Histogram:
    def __init__(self, name: str, help_text: str, labels: tuple[str, ...] = (),
                 buckets: Sequence[float] = BUCKETS):
        self.name, self.labels = name, labels
        self._metric = prometheus_client.Histogram(name, help_text, labels, registry=REGISTRY,
                                                   buckets=buckets)

    def observe(self, value: float, *label_values: str) -> None:
        (self._metric.labels(*label_values) if self.labels else self._metric).observe(value)

    def count(self, *label_values: str) -> float:
        return _sample_value(self._metric, self.name + "_count",
                             dict(zip(self.labels, label_values)))


def share_between_workers(data_dir: Path) -> Path:
    """Called by `serve` before it starts its workers (which inherit the environment): an
    empty `<data dir>/prometheus` for their figures, so that a restart starts from zero."""
    path = data_dir / "prometheus"
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True, mode=0o700)
    os.environ[MULTIPROC_ENV] = str(path)
    return path


def render() -> bytes:
    """The text exposition of every metric: summed over the workers when there are several."""
    path = os.environ.get(MULTIPROC_ENV)
    if not path:
        return generate_latest(REGISTRY)
    registry = CollectorRegistry()
    MultiProcessCollector(registry, path=path)
    return generate_latest(registry)


TURNS = Counter("petition_turns_total", "Citizen messages handled, by channel and outcome",
                ("channel", "outcome"))
TURN_SECONDS = Histogram("petition_turn_seconds", "Time to handle one citizen message, by channel",
                         ("channel",))
CASES = Counter("petition_cases_submitted_total", "Cases submitted, by channel and route",
                ("channel", "route"))
HANDOFFS = Counter("petition_handoffs_total", "Conversations handed to staff, by reason",
                   ("reason",))
HTTP_REJECTED = Counter("petition_http_rejected_total", "Requests refused, by endpoint and status",
                        ("endpoint", "status"))
DELIVERED = Counter("petition_outbox_delivered_total", "Outbox entries delivered", ("kind",))
RETRIED = Counter("petition_outbox_retried_total", "Outbox delivery attempts that will be retried",
                  ("kind",))
DEAD_LETTERED = Counter("petition_outbox_dead_lettered_total", "Outbox entries dead-lettered",
                        ("kind",))
DELIVERY_SECONDS = Histogram("petition_outbox_delivery_seconds",
                             "Time from submission to delivery, by outbox kind", ("kind",))
LOCK_WAITS = Counter("petition_lock_waits_total", "Messages that waited for their conversation's "
                     "lock (another message of the same citizen was being handled)")
REDIS_UP = Gauge("petition_redis_up", "1 when Redis answered the last health check")
