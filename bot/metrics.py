"""A small Prometheus registry (text exposition format 0.0.4), per process.

Kept in-process and dependency-free: the hot path only increments dicts. With several workers,
each exposes its own figures (scrape each, or sum them in Prometheus).
"""

from __future__ import annotations

import bisect
import threading
from collections import defaultdict


class Counter:
    def __init__(self, name: str, help_text: str, labels: tuple[str, ...] = ()):
        self.name, self.help, self.labels = name, help_text, labels
        self.values: dict[tuple[str, ...], float] = defaultdict(float)
        REGISTRY.append(self)

    def inc(self, *label_values: str, amount: float = 1.0) -> None:
        self.values[label_values] += amount

    def value(self, *label_values: str) -> float:
        return self.values.get(label_values, 0.0)

    def render(self) -> list[str]:
        out = [f"# HELP {self.name} {self.help}", f"# TYPE {self.name} counter"]
        for lv, v in sorted(self.values.items()):
            out.append(f"{self.name}{_labels(self.labels, lv)} {v:g}")
        return out


class Gauge(Counter):
    def set(self, value: float, *label_values: str) -> None:
        self.values[label_values] = value

    def render(self) -> list[str]:
        lines = super().render()
        lines[1] = f"# TYPE {self.name} gauge"
        return lines


class Histogram:
    BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 60, 300)

    def __init__(self, name: str, help_text: str, buckets: tuple[float, ...] = BUCKETS):
        self.name, self.help, self.buckets = name, help_text, buckets
        self.counts = [0] * (len(buckets) + 1)
        self.sum = 0.0
        self.count = 0
        self._lock = threading.Lock()
        REGISTRY.append(self)

    def observe(self, value: float) -> None:
        with self._lock:
            self.counts[bisect.bisect_left(self.buckets, value)] += 1
            self.sum += value
            self.count += 1

    def render(self) -> list[str]:
        out = [f"# HELP {self.name} {self.help}", f"# TYPE {self.name} histogram"]
        acc = 0
        for bound, n in zip(self.buckets, self.counts):
            acc += n
            out.append(f'{self.name}_bucket{{le="{bound:g}"}} {acc}')
        out.append(f'{self.name}_bucket{{le="+Inf"}} {self.count}')
        out.append(f"{self.name}_sum {self.sum:.6f}")
        out.append(f"{self.name}_count {self.count}")
        return out


def _labels(names: tuple[str, ...], values: tuple[str, ...]) -> str:
    if not names:
        return ""
    esc = (v.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") for v in values)
    return "{" + ",".join(f'{n}="{v}"' for n, v in zip(names, esc)) + "}"


REGISTRY: list[Counter | Histogram] = []


def render() -> str:
    lines: list[str] = []
    for metric in REGISTRY:
        lines.extend(metric.render())
    return "\n".join(lines) + "\n"


TURNS = Counter("petition_turns_total", "Citizen messages handled, by channel and outcome",
                ("channel", "outcome"))
TURN_SECONDS = Histogram("petition_turn_seconds", "Time to handle one citizen message")
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
                             "Time from submission to delivery to the case system")
LOCK_WAITS = Counter("petition_lock_waits_total", "Messages that waited for their conversation's "
                     "lock (another message of the same citizen was being handled)")
REDIS_UP = Gauge("petition_redis_up", "1 when Redis answered the last health check")
