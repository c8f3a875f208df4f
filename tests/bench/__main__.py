"""`make bench`: performance figures of the platform, printed (never asserted).

1. the service layer in this process, on SQLite and PostgreSQL;
2. concurrent draft saves (8 threads);
3. live push to reviewer tabs in the real app, in Chromium;
4. a reviewer's responsiveness while other tabs type and autosave;
5. load: simulated tabs over the app's websocket beside a bare Reflex app and a Django peer
   (tests/bench/load/, docs/benchmarks.md), per setup: SQLite 1 worker, PostgreSQL 1 worker,
   PostgreSQL + Redis 3 workers.

`python -m tests.bench` runs all of it; `python -m tests.bench load [--users 200] [--setup sqlite]`
only figure 5 (both options repeatable; --seconds, --no-peer, --no-bare); `python -m tests.bench
classic` figures 1–4.

PostgreSQL: BENCH_DATABASE_URL, else a fresh database on 127.0.0.1:5432 (user postgres) when the
server answers; Redis: BENCH_REDIS_URL, else db 11 on 127.0.0.1:6379. Without them the figures on
them are skipped. Everything started or created is removed at the end.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import shutil
import signal
import sqlite3
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass
from datetime import datetime
from importlib.metadata import version
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

from harbin_app import db
from harbin_app.services import order_types
from tests.bench import browser_bench, data, databases, documents_bench, services_bench
from tests.bench.app import WEB_DIR, app_env, start_app
from tests.bench.browser_bench import CHROMIUM, CHROMIUM_ARGS, SUBMISSIONS_PER_V, LivePush, Responsiveness
from tests.bench.load import bench as load_bench
from tests.bench.load import printing as load_printing
from tests.bench.report import heading, note, table

BAR_MS = {"SQLite": 1.9, "PostgreSQL": 1.4}  # reflex-notes.md: a Django + htmx POST saving one row


def progress(message: str) -> None:
    print(f"[bench {datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "?"


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg()) + " (1/5/15 min)"


def machine(pg_url: str | None, redis_url: str | None) -> None:
    heading(f"哈尔滨中小企业数字化转型公共服务平台 — bench, {datetime.now():%Y-%m-%d %H:%M}")
    note(f"""
machine     {os.cpu_count()} CPUs ({cpu_model()}), {platform.system()} {platform.release()}
load        {load()}
Python      {platform.python_version()}
Reflex      {version("reflex")}, SQLAlchemy {version("SQLAlchemy")}, SQLite {sqlite3.sqlite_version}
PostgreSQL  {databases.postgres_version(pg_url) if pg_url else "not available: skipped"}
Redis       {databases.redis_version(redis_url) if redis_url else "not available: no production setup"}
""")
    if os.getloadavg()[0] > (os.cpu_count() or 1):
        note("!! the machine is busy with other work (load above the CPU count): figures are noisy")


# ------------------------------------------------------------------ figures 1 and 2


def service_layer(backends: list[tuple[str, str]]) -> None:
    heading(
        f"1. Service layer, in-process, {services_bench.ORDERS:,} 企业认证 orders in the database "
        f"(page size {services_bench.PAGE_SIZE})"
    )
    for name, url in backends:
        progress(f"service layer on {name}")
        databases.fresh(url)
        figures = services_bench.service_figures()
        print(f"\n  {name}")
        table(figures)
        save = figures[0].median
        bar = BAR_MS[name]
        verdict = "beats" if save < bar else "does not beat"
        note(
            f"→ draft save median {save:.2f} ms {verdict} the bar of {bar} ms (reflex-notes.md: a Django-style\n"
            f"  save on {name}, a whole HTTP request; this is the service call alone)"
        )


def concurrency(backends: list[tuple[str, str]]) -> None:
    threads, saves = services_bench.THREADS, services_bench.SAVES_PER_THREAD
    heading(f"2. Concurrent draft saves: {threads} threads × {saves} saves, each thread its own enterprise")
    for name, url in backends:
        progress(f"concurrent saves on {name}")
        databases.fresh(url)
        result = services_bench.concurrent_saves(name.lower())
        print(f"\n  {name}" + (" (one process-wide write lock)" if name == "SQLite" else " (no lock)"))
        table([result.figure], p99=True)
        wall = f"{result.wall_s:.2f} s wall for {result.figure.n} saves"
        note(f"→ throughput {result.throughput:,.0f} saves/s ({wall})")


# ------------------------------------------------------------------ figures 3 and 4


@dataclass
class AppSetup:
    label: str
    short: str
    database_url: str
    redis_url: str = ""
    workers: int = 1


def app_figures(browser: Browser, setup: AppSetup, workdir: Path) -> None:
    progress(f"starting the app ({setup.label}); a first build into {WEB_DIR} takes 1–2 min")
    databases.fresh(setup.database_url)
    folder = workdir / setup.short
    folder.mkdir()
    began = time.monotonic()
    url, stop, _proc = start_app(
        app_env(folder, setup.database_url, setup.redis_url, setup.workers), folder / "app.log"
    )
    try:
        progress(
            f"app answered after {time.monotonic() - began:.0f} s; seeding {services_bench.ORDERS:,} orders"
        )
        db.configure(setup.database_url)  # users, drafts and checks go straight to the app's database
        data.seed_orders(services_bench.ORDERS)
        progress("live push")
        print_live_push(setup, browser_bench.live_push(browser, url, setup.short))
        progress("responsiveness")
        print_responsiveness(setup, browser_bench.responsiveness(browser, url))
    finally:
        stop()


def print_live_push(setup: AppSetup, pushes: list[LivePush]) -> None:
    heading(f"3. Live push, {setup.label}: an enterprise presses 提交 → its row in the reviewers' queue")
    table([f for p in pushes for f in p.figures()])
    note(
        f"(ms after the click on 提交 in the enterprise's tab; {SUBMISSIONS_PER_V} submissions per line;\n"
        "V reviewer tabs on 企业认证审核 in one browser profile; 'arrives' = the first websocket event in\n"
        f"that tab; {services_bench.ORDERS:,} orders in the database. The last lines: one new tab, after the\n"
        f"{browser_bench.VIEWERS[-1]} tabs before it were closed)"
    )


def print_responsiveness(setup: AppSetup, resp: Responsiveness) -> None:
    heading(f"4. Responsiveness, {setup.label}: a reviewer switches 我的待办 待处理/已处理")
    table([resp.idle, resp.busy])
    note(
        f"(ms from pressing the tab until the server's answer shows it; the switch reads the database:\n"
        f"a page of 待办 and the 待处理 count; Chromium shares the machine's CPUs with the app)\nload: {resp.load}"
    )


def browser_figures(setups: list[AppSetup], workdir: Path) -> list[str]:
    """Figures 3 and 4 for every app setup; returns the setups that failed."""
    failed: list[str] = []
    if not Path(CHROMIUM).exists():
        heading(f"3./4. skipped: {CHROMIUM} is missing (make chromium)")
        return failed
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            print(f"\n  Chromium {browser.version}, headless", flush=True)
            for setup in setups:
                try:
                    app_figures(browser, setup, workdir)
                except Exception:  # noqa: BLE001  (report it, go on with the next setup)
                    failed.append(setup.label)
                    print(f"\n  FAILED ({setup.label}):\n{traceback.format_exc()}", flush=True)
        finally:
            browser.close()
    return failed


# ------------------------------------------------------------------ figure 5


LOAD_JSON = Path(__file__).resolve().parents[2] / "var" / "bench-load.json"


def load_figures(
    workdir: Path, pg_url: str | None, redis_url: str | None, args: argparse.Namespace
) -> list[str]:
    """Figure 5 for the chosen setups; returns the setups that failed (in part)."""
    setups = [load_bench.Setup("SQLite, 1 worker", "sqlite", databases.sqlite_url(str(workdir), "load"))]
    if pg_url:
        setups.append(load_bench.Setup("PostgreSQL, 1 worker", "pg", pg_url))
        if redis_url:
            setups.append(load_bench.Setup("PostgreSQL + Redis, 3 workers", "redis", pg_url, redis_url, 3))
    chosen = set(args.setup or [s.short for s in setups])
    missing = chosen - {s.short for s in setups}
    if missing:
        heading(f"5. load: {', '.join(sorted(missing))} not available here (PostgreSQL/Redis do not answer): skipped")
    users = tuple(sorted(set(args.users or load_bench.USERS)))
    if args.seconds:
        load_bench.SECONDS = float(args.seconds)
    figures, failed = [], []
    for setup in setups:
        if setup.short not in chosen:
            continue
        f = load_bench.setup_figures(
            setup, workdir, users, peer=not args.no_peer, bare=not args.no_bare, progress=progress
        )
        figures.append(f)
        load_printing.print_setup(f)
        if f.failures:
            failed.append(setup.label)
    load_printing.save_json(figures, LOAD_JSON)
    print(f"\n  (summaries kept in {LOAD_JSON})")
    return failed


# ------------------------------------------------------------------ main


def _args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.bench", description=__doc__.split("\n")[0])
    parser.add_argument("what", nargs="?", choices=("all", "load", "classic", "documents"), default="all")
    parser.add_argument("--users", type=int, action="append", help="tabs of an open-loop run (repeatable)")
    parser.add_argument("--setup", action="append", choices=("sqlite", "pg", "redis"), help="(repeatable)")
    parser.add_argument("--seconds", type=float, help="measured window of each open-loop run")
    parser.add_argument("--no-peer", action="store_true", help="without the Django peer")
    parser.add_argument("--no-bare", action="store_true", help="without the bare Reflex app")
    return parser.parse_args()


def main() -> None:
    args = _args()
    order_types.register_all()  # as the app does at start-up
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # run the clean-up on `kill` too
    began = time.monotonic()
    failed: list[str] = []
    with contextlib.ExitStack() as stack:
        workdir = Path(tempfile.mkdtemp(prefix="harbin-bench-"))
        stack.callback(shutil.rmtree, workdir, ignore_errors=True)
        pg_url = stack.enter_context(databases.postgres())
        redis_url = databases.redis_url() if pg_url else None
        if redis_url:
            stack.callback(databases.flush_redis, redis_url)
        machine(pg_url, redis_url)

        if args.what in ("all", "classic"):
            backends = [("SQLite", databases.sqlite_url(str(workdir), "services"))]
            if pg_url:
                backends.append(("PostgreSQL", pg_url))
            service_layer(backends)
            concurrency(backends)

            setups = [AppSetup("SQLite, 1 worker", "sqlite", databases.sqlite_url(str(workdir), "app"))]
            if pg_url and redis_url:
                setups.append(AppSetup("PostgreSQL + Redis, 3 workers", "pg", pg_url, redis_url, 3))
            failed += browser_figures(setups, workdir)
        if args.what in ("all", "documents"):
            progress("documents")
            documents_bench.report()
        if args.what in ("all", "load"):
            failed += [f"load: {label}" for label in load_figures(workdir, pg_url, redis_url, args)]
        db.configure("sqlite://")  # close our connections before the databases go
    print(f"\nbench finished in {time.monotonic() - began:.0f} s; load average now {load()}", flush=True)
    if failed:
        sys.exit(f"bench: figures failed for {', '.join(failed)}")


if __name__ == "__main__":
    main()
