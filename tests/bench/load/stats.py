"""Samples of a load run and their summary per event kind (pure)."""

from __future__ import annotations

import math
import statistics
from collections import Counter
from dataclasses import dataclass, field

from tests.bench.report import percentile


@dataclass
class Sample:
    kind: str
    ms: float  # round trip; NaN when the event failed
    bytes: int = 0  # received for this event (every frame until the tab's next send)
    error: str = ""  # why it failed, empty when it did not


@dataclass
class KindSummary:
    kind: str
    n: int  # answered events
    errors: int
    per_s: float  # answered events per second of the measured window
    p50: float
    p95: float
    p99: float
    max: float
    bytes_median: float


@dataclass
class RunResult:
    label: str  # e.g. "app SQLite 1 worker, 200 tabs"
    tabs: int
    seconds: float  # the measured window
    samples: list[Sample] = field(default_factory=list)
    open_errors: list[str] = field(default_factory=list)  # tabs that could not open
    open_ms: list[float] = field(default_factory=list)
    loop_lag_ms: list[float] = field(default_factory=list)  # the driver's own lateness
    rss_mb: dict[str, float] = field(default_factory=dict)  # process label → peak RSS (MB)
    driver_cpu_s: float = 0.0
    drain_s: float = 0.0  # waited before the run for the server to work off the previous one
    server_cpu_s: float = math.nan  # CPU the server's processes used during the run (warm-up included)

    @property
    def cpu_ms_per_event(self) -> float:
        """The server's CPU per answered event, warm-up and tail included (a cost, not a latency)."""
        answered = sum(1 for s in self.samples if not s.error)
        return self.server_cpu_s * 1000 / answered * self.seconds / self.total_s if answered else math.nan

    total_s: float = math.nan  # wall time the server's CPU was measured over

    def kinds(self) -> list[str]:
        return list(dict.fromkeys(s.kind for s in self.samples))

    def summary(self, kind: str) -> KindSummary:
        return summarise(kind, [s for s in self.samples if s.kind == kind], self.seconds)

    def errors(self) -> Counter[str]:
        found = Counter(s.error for s in self.samples if s.error)
        found.update(self.open_errors)
        return found

    def error_count(self) -> int:
        return sum(self.errors().values())

    @property
    def events_per_s(self) -> float:
        return sum(1 for s in self.samples if not s.error) / self.seconds if self.seconds else math.nan


def summarise(kind: str, samples: list[Sample], seconds: float) -> KindSummary:
    ok = [s.ms for s in samples if not s.error]
    sizes = [s.bytes for s in samples if not s.error]
    return KindSummary(
        kind=kind,
        n=len(ok),
        errors=sum(1 for s in samples if s.error),
        per_s=len(ok) / seconds if seconds else math.nan,
        p50=percentile(ok, 50),
        p95=percentile(ok, 95),
        p99=percentile(ok, 99),
        max=max(ok) if ok else math.nan,
        bytes_median=statistics.median(sizes) if sizes else math.nan,
    )


def ratio(numerator: float, denominator: float) -> float:
    if not denominator or math.isnan(denominator) or math.isnan(numerator):
        return math.nan
    return numerator / denominator
