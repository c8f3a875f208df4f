"""How figure 5 is printed (and kept as JSON beside the run for docs/benchmarks.md)."""

from __future__ import annotations

import dataclasses
import json
import math
import os
from pathlib import Path

from tests.bench.load import bench
from tests.bench.load.bench import JOURNEY, QUEUE_ORDERS, SetupFigures
from tests.bench.load.stats import KindSummary, RunResult, ratio
from tests.bench.report import heading, note, percentile

STATE_LIMIT = 64 * 1024  # issue 13: one tab's state ≤ 64 KB
QUEUE_LIMIT_MS = 300


def _f(x: float, digits: int = 1) -> str:
    return "—" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:,.{digits}f}"


def _row(tabs: int | str, who: str, s: KindSummary) -> str:
    size = "—" if math.isnan(s.bytes_median) else f"{s.bytes_median:,.0f}"
    return (
        f"  {tabs!s:>5}  {who:<26}{s.n:>7}{s.errors:>7}{s.per_s:>8.0f}"
        f"{_f(s.p50):>9}{_f(s.p95):>9}{_f(s.p99):>9}{_f(s.max):>9}{size:>9}"
    )


HEADER = (
    f"  {'tabs':>5}  {'what':<26}{'n':>7}{'errors':>7}{'ev/s':>8}{'p50':>9}{'p95':>9}{'p99':>9}{'max':>9}"
    f"{'bytes':>9}   (ms; bytes received per event, median)"
)


def _kind(run: RunResult | None, kind: str) -> KindSummary | None:
    return run.summary(kind) if run is not None and any(s.kind == kind for s in run.samples) else None


def _memory(run: RunResult | None) -> str:
    if run is None or not run.rss_mb:
        return "—"
    return ", ".join(f"{mb:.0f}" for _label, mb in sorted(run.rss_mb.items())) + " MB"


def _errors(run: RunResult) -> str:
    found = run.errors()
    return "; ".join(f"{n}× {why}" for why, n in found.most_common(4)) if found else "none"


def print_setup(f: SetupFigures) -> None:
    s = f.setup
    heading(f"5. Load, {s.label}: 入库申请, each tab once a second (typing 主营产品 ×4, then 保存)")
    print(HEADER)
    by_n = {r.tabs: r for r in f.app}
    peers = {r.tabs: r for r in f.peer}
    paced = {r.tabs: r for r in f.peer_paced}
    bares = {r.tabs: r for r in f.bare}
    for n in sorted(by_n):
        for kind in ("typing", "save"):
            if (k := _kind(by_n[n], kind)) is not None:
                print(_row(n, f"app {kind}", k))
        if (k := _kind(bares.get(n), "bare event")) is not None:
            print(_row(n, f"bare Reflex event ({s.workers}w)", k))
        if (k := _kind(peers.get(n), "save")) is not None:
            print(_row(n, "peer 保存, each user 1/s", k))
        if (k := _kind(paced.get(n), "save")) is not None:
            print(_row(n, "peer 保存, each user 1/5 s", k))
    note("""
(app/bare: the time from when the event was due until the first frame of its answer; a late answer
delays the tab's next event, which counts from when it was due. peer: the time until the whole
response is read; each user POSTs 保存 once a second (5× the app's save rate), or every fifth second
(the app's save rate: its tabs save every fifth action). Bytes: socket.io text frames, uncompressed)""")
    print("\n  ratios (goals: save ≤ 1.0 × the peer's p99, typing ≤ 2.0 × the bare event's p99)")
    for n in sorted(by_n):
        save, typing = _kind(by_n[n], "save"), _kind(by_n[n], "typing")
        peer, bare = _kind(peers.get(n), "save"), _kind(bares.get(n), "bare event")
        same = _kind(paced.get(n), "save")
        print(
            f"  {n:>5} tabs: save p99 app/peer {_f(ratio(save.p99, peer.p99) if save and peer else math.nan, 2):>6}"
            f" (at the same save rate {_f(ratio(save.p99, same.p99) if save and same else math.nan, 2)})"
            f"   typing p99 app/bare {_f(ratio(typing.p99, bare.p99) if typing and bare else math.nan, 2):>6}"
            f"   errors {_errors(by_n[n])}; memory per worker {_memory(by_n[n])}"
        )
        print(
            f"         server CPU per event: app {_f(by_n[n].cpu_ms_per_event, 2)} ms (4 typing : 1 保存),"
            f" bare {_f(bares[n].cpu_ms_per_event if n in bares else math.nan, 2)} ms,"
            f" peer {_f(peers[n].cpu_ms_per_event if n in peers else math.nan, 2)} ms per 保存"
        )
    app_sat = _kind(f.app_saturation, "save")
    peer_sat = _kind(f.peer_saturation, "save")
    bare_sat = _kind(f.bare_saturation, "bare event")
    print(
        f"\n  saturation ({bench.SATURATION_TABS} tabs/users back to back): app {_f(app_sat.per_s if app_sat else math.nan, 0)} saves/s"
        f" (p99 {_f(app_sat.p99 if app_sat else math.nan)} ms), peer {_f(peer_sat.per_s if peer_sat else math.nan, 0)} saves/s"
        f" (p99 {_f(peer_sat.p99 if peer_sat else math.nan)} ms): ratio "
        f"{_f(ratio(app_sat.per_s, peer_sat.per_s) if app_sat and peer_sat else math.nan, 2)} (goal ≥ 1.0);"
        f" bare {_f(bare_sat.per_s if bare_sat else math.nan, 0)} events/s"
    )
    cpu = [(r, w) for r, w in ((f.app_saturation, "app"), (f.peer_saturation, "peer"), (f.bare_saturation, "bare")) if r]
    if cpu:
        print("  server CPU per event at saturation: " + ", ".join(f"{w} {_f(r.cpu_ms_per_event, 2)} ms" for r, w in cpu)
              + ("  (the database server's own processes not counted)" if not s.database_url.startswith("sqlite") else ""))
    if f.peer:
        print(f"  peer memory per worker: {_memory(f.peer[-1])}; bare app: {_memory(f.bare[-1] if f.bare else None)}")
    if f.journey is not None:
        j = f.journey
        print(
            f"\n  journey: {JOURNEY['typing']} tabs typing + 保存, {JOURNEY['rows']} adding/removing a row then 提交,"
            f" {JOURNEY['reviewers']} reviewers (queue → order → 审核通过), {bench.SECONDS:.0f} s"
        )
        print(HEADER)
        for kind in j.kinds():
            print(_row(j.tabs, kind, j.summary(kind)))
        print(f"  errors: {_errors(j)}")
    if f.queue is not None and (q := _kind(f.queue, "open queue")) is not None:
        verdict = "within" if q.p95 <= QUEUE_LIMIT_MS else "over"
        print(
            f"\n  入库审核 queue, first page, {QUEUE_ORDERS:,} orders: p50 {_f(q.p50)} ms, p95 {_f(q.p95)} ms, "
            f"max {_f(q.max)} ms (n={q.n}; {verdict} the goal of {QUEUE_LIMIT_MS} ms)"
        )
    if f.sizes:
        print("\n  form size   typing pause   blur (check+save)   保存   opening (hydrate)   one tab's state   drawn view beside it")
        for z in f.sizes:
            flag = "" if z.state_bytes <= STATE_LIMIT else "  (over 64 KB)"
            print(
                f"  {z.size:<10}{z.typing_bytes:>13,} B{z.blur_bytes:>16,} B{z.save_bytes:>9,} B"
                f"{z.hydrate_bytes:>16,} B{z.state_bytes:>15,} B{z.view_bytes:>14,} B{flag}"
            )
        note("(typical: 2 demands, 2 projects × 2 indicators; large: 30 demands, 20 projects × 5 indicators;\n"
             "limit: 30 demands, 20 projects × 20 indicators, every text at its maximum length. State: the\n"
             "substates the state manager stores for that tab, " + ("Redis values" if s.redis_url else "disk pickles") +
             "; the drawn view is stored beside it once per draw, not with each event)")
    all_runs = [*f.app, *f.peer, *f.peer_paced, *f.bare]
    lag = [x for r in all_runs for x in r.loop_lag_ms]
    cpu = sum(r.driver_cpu_s for r in all_runs)
    wall = sum(r.seconds for r in all_runs)
    print(f"\n  driver: loop lag p99 {_f(percentile(lag, 99))} ms, {cpu:.0f} s CPU over {wall:.0f} s measured")
    drains = [f"{r.label} {r.drain_s:.0f} s" for r in all_runs if r.drain_s > 2]
    if drains:
        print(f"  waited for a server to work off the previous run before: {', '.join(drains)}")
    if f.load_average:
        busy = "  !! other work shares the CPUs: figures are noisy" if max(f.load_average) > (os.cpu_count() or 1) else ""
        print(f"  load average (1 min) {' → '.join(f'{x:.1f}' for x in f.load_average)} on {os.cpu_count()} CPUs{busy}")
    for failure in f.failures:
        print(f"\n  FAILED {failure}")


def _plain(x: object) -> object:
    if dataclasses.is_dataclass(x) and not isinstance(x, type):
        return {k: _plain(v) for k, v in dataclasses.asdict(x).items() if k != "samples"}
    return x


def save_json(figures: list[SetupFigures], path: Path) -> None:
    """Summaries (not the samples) of every run, for the docs."""
    out = []
    for f in figures:
        runs = {}
        for run in [*f.app, *f.peer, *f.peer_paced, *f.bare, f.app_saturation, f.peer_saturation, f.bare_saturation, f.journey, f.queue]:
            if run is None:
                continue
            runs[run.label] = {
                "tabs": run.tabs,
                "kinds": {k: dataclasses.asdict(run.summary(k)) for k in run.kinds()},
                "errors": dict(run.errors()),
                "rss_mb": run.rss_mb,
                "loop_lag_p99_ms": percentile(run.loop_lag_ms, 99),
                "driver_cpu_s": run.driver_cpu_s,
                "drain_s": run.drain_s,
                "server_cpu_ms_per_event": run.cpu_ms_per_event,
            }
        out.append({"setup": dataclasses.asdict(f.setup), "runs": runs, "load_average": f.load_average,
                    "sizes": [dataclasses.asdict(z) for z in f.sizes], "failures": f.failures})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out, ensure_ascii=False, indent=1, default=str))
