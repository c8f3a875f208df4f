"""Drive simulated tabs: open loop (each tab acts `rate` times a second, jittered; a late answer
delays the next event, whose time then counts from when it was due) or closed loop (each tab sends
its next event as soon as the last was answered: saturation). Bounded: it stops by itself."""

from __future__ import annotations

import asyncio
import itertools
import math
import random
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import aiohttp

from tests.bench.load.client import LoopMonitor, Tab, TabError
from tests.bench.load.scenarios import Scenario, TabContext, handler_name, state_name
from tests.bench.load.stats import RunResult, Sample

OPEN_AT_ONCE = 16  # tabs connecting at the same time while a run is being set up
JITTER = 0.2  # each interval is 1/rate × (1 ± JITTER)
GRACE = 5.0  # s after the window a tab that fell behind stops; what it still owed counts as errors
BEHIND = "not sent: the server fell behind"


def owed(due: float, begin: float, end: float, rate: float) -> int:
    """Events due from `due` to the window's end that a tab stopped before sending (pure)."""
    return max(0, math.ceil((end - max(due, begin)) * rate)) if due < end else 0


@dataclass
class TabPlan:
    scenario: Scenario
    ctx: TabContext = field(default_factory=TabContext)
    storage: dict[str, str] = field(default_factory=dict)  # browser storage: state key → value


async def drained(url: str, *, quick_ms: float = 100, limit_s: float = 60) -> float:
    """Wait until a GET of `url` answers within `quick_ms` twice in a row (a server still working
    off the last run's backlog answers late); returns the seconds waited (bounded by limit_s)."""
    began = time.perf_counter()
    quick = 0
    async with aiohttp.ClientSession() as http:
        while quick < 2 and time.perf_counter() - began < limit_s:
            sent = time.perf_counter()
            try:
                async with http.get(url, timeout=aiohttp.ClientTimeout(total=limit_s)) as response:
                    await response.read()
                quick = quick + 1 if (time.perf_counter() - sent) * 1000 < quick_ms else 0
            except (aiohttp.ClientError, TimeoutError):
                quick = 0
            await asyncio.sleep(0.3)
    return time.perf_counter() - began


def _cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class RssSampler:
    """Peak RSS (MB) of some processes, sampled every second while a run goes."""

    def __init__(self, measure: Callable[[], dict[str, float]] | None) -> None:
        self.measure = measure
        self.peak: dict[str, float] = {}
        self._task: asyncio.Task | None = None

    async def _run(self) -> None:
        while True:
            self.sample()
            await asyncio.sleep(1)

    def sample(self) -> None:
        if self.measure is None:
            return
        for label, mb in self.measure().items():
            self.peak[label] = max(mb, self.peak.get(label, 0.0))

    def start(self) -> None:
        if self.measure is not None:
            self._task = asyncio.create_task(self._run())

    async def stop(self) -> dict[str, float]:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        self.sample()
        return dict(self.peak)


async def _open_tabs(
    http: aiohttp.ClientSession, base_url: str, plans: list[TabPlan], result: RunResult
) -> list[tuple[Tab, TabPlan]]:
    gate = asyncio.Semaphore(OPEN_AT_ONCE)

    async def one(plan: TabPlan) -> tuple[Tab, TabPlan] | None:
        async with gate:
            tab = Tab(http, base_url, plan.scenario.path(plan.ctx), storage=plan.storage)
            plan.ctx.state = tab.state  # what the tab knows (a step may need a row id the server made)
            try:
                result.open_ms.append(await tab.open(plan.scenario.ready))
            except (TabError, aiohttp.ClientError, TimeoutError, TypeError) as exc:  # TypeError: a close instead of the open packet
                result.open_errors.append(f"open: {exc}")
                await tab.close()
                return None
            return tab, plan

    opened = await asyncio.gather(*(one(p) for p in plans))
    return [o for o in opened if o is not None]


async def _drive(
    tab: Tab,
    plan: TabPlan,
    *,
    rate: float | None,
    start: float,
    window: tuple[float, float],
    samples: list[Sample],
) -> None:
    steps = itertools.cycle(plan.scenario.steps) if plan.scenario.repeat else iter(plan.scenario.steps)
    begin, end = window
    due = start + (random.uniform(0, 1 / rate) if rate else 0)
    previous: Sample | None = None
    for step in steps:
        if rate:
            if due >= end:
                break
            if time.perf_counter() > end + GRACE:
                samples.extend(Sample(step.kind, math.nan, error=BEHIND) for _ in range(owed(due, begin, end, rate)))
                break
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
        elif time.perf_counter() >= end:
            break
        if previous is not None:
            previous.bytes = tab.bytes_since_send
        moment = due if rate else time.perf_counter()
        wait_for = (state_name(step.wait_for[0]), step.wait_for[1]) if step.wait_for else None
        try:
            answer = await tab.act(
                handler_name(step.handler),
                step.payload(plan.ctx),
                since=moment if rate else None,
                path=step.path(plan.ctx) if step.path else None,
                wait_for=wait_for,
            )
            sample = Sample(step.kind, answer.ms, error="error answer" if answer.error else "")
        except TabError as exc:
            sample = Sample(step.kind, float("nan"), error=str(exc))
        plan.ctx.n += 1
        counted_at = moment if rate else time.perf_counter()
        if begin <= counted_at < end:
            samples.append(sample)
            previous = sample
        else:
            previous = None
        if sample.error and not sample.error.startswith("error answer"):
            break  # the tab is broken (closed or silent): stop it
        if rate:
            due += (1 / rate) * random.uniform(1 - JITTER, 1 + JITTER)
    await asyncio.sleep(0.5)  # the last answer's follow-up frames
    if previous is not None:
        previous.bytes = tab.bytes_since_send


async def run(
    base_url: str,
    plans: list[TabPlan],
    *,
    label: str,
    seconds: float,
    warmup: float = 2.0,
    rate: float | None = 1.0,
    rss: Callable[[], dict[str, float]] | None = None,
    cpu: Callable[[], float] | None = None,
) -> RunResult:
    """Open every tab, then drive them for warmup + seconds; only the last `seconds` are counted.
    `rss`, `cpu`: the server's memory per worker and CPU used so far (measure.py)."""
    result = RunResult(label=label, tabs=len(plans), seconds=seconds)
    result.drain_s = await drained(f"{base_url}/ping")
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as http:
        tabs = await _open_tabs(http, base_url, plans, result)
        monitor, sampler = LoopMonitor(), RssSampler(rss)
        monitor.start()
        sampler.start()
        own, server = _cpu_s(), cpu() if cpu else math.nan
        start = time.perf_counter() + 0.05
        window = (start + warmup, start + warmup + seconds)
        try:
            await asyncio.gather(
                *(
                    _drive(tab, plan, rate=rate, start=start, window=window, samples=result.samples)
                    for tab, plan in tabs
                )
            )
        finally:
            result.driver_cpu_s = _cpu_s() - own
            result.server_cpu_s = cpu() - server if cpu else math.nan
            result.total_s = time.perf_counter() - start
            result.loop_lag_ms = await monitor.stop()
            result.rss_mb = await sampler.stop()
            late = sum(tab.late_errors for tab, _plan in tabs)
            result.open_errors.extend(["error answer after the first frame"] * late)
            await asyncio.gather(*(tab.close() for tab, _plan in tabs), return_exceptions=True)
    return result
