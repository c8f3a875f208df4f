"""Drive the Django peer: each simulated user POSTs the whole 入库申请 form to 保存 (htmx-style:
url-encoded fields, the HX-Request header, the row version it was shown), open loop or closed
loop like the tabs (runner.py); aiohttp, the same client stack as the websocket driver."""

from __future__ import annotations

import asyncio
import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import aiohttp

from tests.bench.load.client import LoopMonitor
from tests.bench.load.runner import BEHIND, GRACE, JITTER, RssSampler, _cpu_s, drained, owed
from tests.bench.load.stats import RunResult, Sample

ROW_VERSION = re.compile(r'name="row_version" value="(\d+)"')


def form_fields(content: dict[str, Any]) -> list[tuple[str, str]]:
    """The fields a browser posts for the 入库申请 form holding `content` (names as the peer reads them)."""
    fields = [(f"basic[{k}]", str(v)) for k, v in content["basic"].items()]
    for i, d in enumerate(content["demands"]):
        fields += [(f"demands[{i}][{k}]", str(v)) for k, v in d.items()]
    for i, p in enumerate(content["projects"]):
        fields += [(f"projects[{i}][{k}]", str(v)) for k, v in p.items() if k != "indicators"]
        for j, ind in enumerate(p["indicators"]):
            fields += [(f"projects[{i}][indicators][{j}][{k}]", str(v)) for k, v in ind.items()]
    fields += [(f"other[{k}]", str(v)) for k, v in content.get("other", {}).items()]
    return fields


@dataclass
class PeerUser:
    token: str
    order_id: int
    row_version: int


async def _save(http: aiohttp.ClientSession, url: str, user: PeerUser, fields: list[tuple[str, str]]) -> tuple[int, int]:
    """One 保存: (status, bytes of the answer); the user's row version follows the answer."""
    async with http.post(
        f"{url}/pool-entry/{user.order_id}/save",
        data=[*fields, ("row_version", str(user.row_version))],
        headers={"HX-Request": "true", "Cookie": f"harbin_token={user.token}"},
    ) as response:
        body = await response.read()
    if response.status in (200, 409) and (m := ROW_VERSION.search(body.decode())):  # 409: as after a reload
        user.row_version = int(m[1])
    return response.status, len(body)


async def _drive(http, url, user, fields, *, rate, start, window, samples) -> None:  # noqa: ANN001
    begin, end = window
    due = start + (random.uniform(0, 1 / rate) if rate else 0)
    while True:
        if rate:
            if due >= end:
                return
            if time.perf_counter() > end + GRACE:
                samples.extend(Sample("save", float("nan"), error=BEHIND) for _ in range(owed(due, begin, end, rate)))
                return
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
        elif time.perf_counter() >= end:
            return
        moment = due if rate else time.perf_counter()
        try:
            status, size = await asyncio.wait_for(_save(http, url, user, fields), 15)
            sample = Sample("save", (time.perf_counter() - moment) * 1000, size, "" if status == 200 else f"HTTP {status}")
        except (aiohttp.ClientError, TimeoutError) as exc:
            sample = Sample("save", float("nan"), error=f"{type(exc).__name__}: {exc}")
        counted_at = moment if rate else time.perf_counter()
        if begin <= counted_at < end:
            samples.append(sample)
        if rate:
            due += (1 / rate) * random.uniform(1 - JITTER, 1 + JITTER)


async def run(
    url: str,
    users: list[PeerUser],
    content: dict[str, Any],
    *,
    label: str,
    seconds: float,
    warmup: float = 2.0,
    rate: float | None = 1.0,
    rss: Callable[[], dict[str, float]] | None = None,
    cpu: Callable[[], float] | None = None,
) -> RunResult:
    result = RunResult(label=label, tabs=len(users), seconds=seconds)
    result.drain_s = await drained(f"{url}/pool-entry/0/save")  # a GET: 405 at once, or behind the backlog
    fields = form_fields(content)
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as http:
        monitor, sampler = LoopMonitor(), RssSampler(rss)
        monitor.start()
        sampler.start()
        own, server = _cpu_s(), cpu() if cpu else float("nan")
        start = time.perf_counter() + 0.05
        window = (start + warmup, start + warmup + seconds)
        try:
            await asyncio.gather(
                *(_drive(http, url, u, fields, rate=rate, start=start, window=window, samples=result.samples) for u in users)
            )
        finally:
            result.driver_cpu_s = _cpu_s() - own
            result.server_cpu_s = cpu() - server if cpu else float("nan")
            result.total_s = time.perf_counter() - start
            result.loop_lag_ms = await monitor.stop()
            result.rss_mb = await sampler.stop()
    return result
