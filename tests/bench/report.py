"""Figures and how they are printed: what was measured, n, median, p95, max (ms)."""

from __future__ import annotations

import math
import statistics
import unicodedata
from dataclasses import dataclass


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0–100)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


@dataclass
class Figure:
    what: str
    ms: list[float]
    note: str = ""

    @property
    def n(self) -> int:
        return len(self.ms)

    @property
    def median(self) -> float:
        return statistics.median(self.ms) if self.ms else math.nan

    def p(self, q: float) -> float:
        return percentile(self.ms, q)

    @property
    def max(self) -> float:
        return max(self.ms) if self.ms else math.nan


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def heading(title: str) -> None:
    print()
    print(title)
    print("─" * max(40, _width(title)))


def table(figures: list[Figure], *, p99: bool = False) -> None:
    """One line per figure: what, n, median, p95, (p99,) max in ms, and a note."""
    if not figures:
        return
    label_width = max(_width(f.what) for f in figures) + 2
    cols = ["n", "median", "p95", *(["p99"] if p99 else []), "max"]
    print("  " + _pad("what", label_width) + "".join(f"{c:>9}" for c in cols) + "   (ms)")
    for f in figures:
        values = [f.median, f.p(95), *([f.p(99)] if p99 else []), f.max]
        cells = f"{f.n:>9}" + "".join(f"{v:>9.2f}" for v in values)
        print("  " + _pad(f.what, label_width) + cells + (f"   {f.note}" if f.note else ""))


def note(text: str) -> None:
    for line in text.strip("\n").splitlines():
        print("  " + line)
