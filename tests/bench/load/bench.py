"""Figure 5, the load bench: the app over its real websocket beside a bare Reflex app and a Django
peer, per setup (SQLite 1 worker, PostgreSQL 1 worker, PostgreSQL + Redis 3 workers).

Per setup, one after the other (never two servers at once): the app (open loop at each number of
tabs, saturation, the issue-13 journey, the per-form-size bytes and state size, the reviewer queue
with 10,000 orders), then the peer on the same database, then the bare app with the same state
manager and workers. Everything is bounded by the constants below.
"""

from __future__ import annotations

import asyncio
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

from harbin_app import db
from harbin_app.services import pool_entry
from harbin_app.state.session import SessionState
from tests.bench import databases
from tests.bench.app import app_env, bare_env, start_app
from tests.bench.load import fixtures, forms, http_peer, measure, runner, scenarios
from tests.bench.load.client import Tab
from tests.bench.load.protocol import var_key
from tests.bench.load.runner import TabPlan
from tests.bench.load.stats import RunResult
from tests.bench.peer.server import start_peer

USERS = (50, 200, 500)
SECONDS, WARMUP = 15.0, 3.0  # measured window and warm-up of each open-loop run
SATURATION_TABS, SATURATION_SECONDS = 40, 10.0  # closed loop: each tab sends again at once
QUEUE_ORDERS = 10_000
QUEUE_PROBES = 20
JOURNEY = {"typing": 30, "rows": 10, "reviewers": 10}  # the issue-13 mix, each acting once a second
REVIEW_ORDERS = 60  # submitted orders the journey's reviewers decide


@dataclass
class Setup:
    label: str
    short: str  # sqlite | pg | redis
    database_url: str
    redis_url: str = ""
    workers: int = 1


@dataclass
class SizeFigures:
    size: str
    typing_bytes: int
    blur_bytes: int
    save_bytes: int
    hydrate_bytes: int
    state_bytes: int  # one tab's state as the state manager keeps it
    state_parts: dict[str, int] = field(default_factory=dict)


@dataclass
class SetupFigures:
    setup: Setup
    app: list[RunResult] = field(default_factory=list)  # open loop, one per number of tabs
    app_saturation: RunResult | None = None
    journey: RunResult | None = None
    queue: RunResult | None = None
    sizes: list[SizeFigures] = field(default_factory=list)
    peer: list[RunResult] = field(default_factory=list)
    peer_saturation: RunResult | None = None
    bare: list[RunResult] = field(default_factory=list)
    bare_saturation: RunResult | None = None
    failures: list[str] = field(default_factory=list)


def _token_key() -> str:
    return var_key(SessionState.get_full_name(), "token")


def _plans(firms: list[fixtures.Firm], scenario: scenarios.Scenario, shared: dict | None = None) -> list[TabPlan]:
    key = _token_key()
    return [
        TabPlan(scenario, scenarios.TabContext(order_id=f.order_id, shared=shared or {}), {key: f.token}) for f in firms
    ]


def _go(coro):  # noqa: ANN001, ANN202
    return asyncio.run(coro)


# ------------------------------------------------------------------ the app


def _sizes(url: str, setup: Setup, workdir: Path) -> list[SizeFigures]:
    """Bytes received per typing pause, per blur (check + save) and per 保存, and one tab's stored
    state, for a typical, a large and a limit-size form; one tab at a time on an idle app."""
    out = []
    key = _token_key()
    for size in forms.SIZES:
        firm = fixtures.with_pool_entry(fixtures.certified_firms(1), forms.sized(size))[0]
        out.append(_go(_one_size(url, setup, workdir, size, firm, key)))
    return out


async def _one_size(url: str, setup: Setup, workdir: Path, size: str, firm: fixtures.Firm, key: str) -> SizeFigures:
    ctx = scenarios.TabContext(order_id=firm.order_id)
    form = scenarios.state_name(scenarios.POOL_FORM)
    async with aiohttp.ClientSession() as http:
        tab = Tab(http, url, scenarios.form_path(ctx), storage={key: firm.token})
        await tab.open(scenarios.form_ready)
        hydrate = tab.hydrate_bytes

        async def step(s: scenarios.Step) -> int:
            await tab.act(scenarios.handler_name(s.handler), s.payload(ctx))
            ctx.n += 1
            return await tab.settle()

        typing = [await step(scenarios.TYPE_MAIN_PRODUCTS) for _ in range(3)]
        blur = await step(scenarios.BLUR_MAIN_PRODUCTS)
        save = await step(scenarios.SAVE)
        await tab.act(scenarios.handler_name(scenarios.TYPE_MAIN_PRODUCTS.handler), scenarios.TYPE_MAIN_PRODUCTS.payload(ctx))
        parts = await _stored_state(setup, workdir, tab.token, form)
        await tab.close()
    return SizeFigures(size, sorted(typing)[1], blur, save, hydrate, sum(parts.values()), parts)


async def _stored_state(setup: Setup, workdir: Path, token: str, form_state: str) -> dict[str, int]:
    """The tab's substates as stored (the disk manager writes after a short debounce: wait for it)."""
    deadline = time.monotonic() + 10
    parts: dict[str, int] = {}
    while time.monotonic() < deadline:
        if setup.redis_url:
            parts = measure.redis_state_bytes(setup.redis_url, token)
        else:
            parts = measure.disk_state_bytes(workdir / setup.short / "states", token)
        if "PoolEntryFormState" in parts:
            break
        await asyncio.sleep(0.5)
    return parts


def _queue_probe(url: str) -> RunResult:
    """The 入库审核 queue's first page with QUEUE_ORDERS orders: one reviewer opens it QUEUE_PROBES times."""
    scenario = scenarios.Scenario(
        "queue first page", scenarios.REVIEWER.path, scenarios.REVIEWER.ready, (scenarios.REVIEWER.steps[0],)
    )
    plan = TabPlan(scenario, scenarios.TabContext(), {_token_key(): fixtures.reviewer_token()})
    return _go(runner.run(url, [plan], label="queue", seconds=QUEUE_PROBES / 2, warmup=0.5, rate=2.0))


def app_figures(setup: Setup, workdir: Path, users: tuple[int, ...], figures: SetupFigures, progress: Callable) -> list[fixtures.Firm]:
    """The app's figures into `figures`; returns the typing tabs' firms (the peer saves the same rows)."""
    folder = workdir / setup.short
    folder.mkdir(exist_ok=True)
    databases.fresh(setup.database_url)
    fixtures.use_files_dir(str(folder / "bench-files"))
    progress(f"load: starting the app ({setup.label})")
    url, stop, proc = start_app(
        app_env(folder, setup.database_url, setup.redis_url, setup.workers), folder / "app.log", backend_only=True
    )
    rss = measure.worker_rss(proc.pid)
    try:
        db.configure(setup.database_url)
        progress(f"load: {max(users)} signed-in enterprises, {REVIEW_ORDERS} submitted and {QUEUE_ORDERS:,} queued orders")
        firms = fixtures.with_pool_entry(fixtures.certified_firms(max(users)), forms.sized("typical"))
        review_ids = fixtures.submitted_orders(REVIEW_ORDERS)
        fixtures.queue_orders(QUEUE_ORDERS)
        for n in users:
            progress(f"load: app, {n} tabs typing + 保存, {SECONDS:.0f} s")
            figures.app.append(
                _go(runner.run(url, _plans(firms[:n], scenarios.POOL_ENTRY_TYPING), label=f"app {n}",
                               seconds=SECONDS, warmup=WARMUP, rss=rss))
            )
        progress(f"load: app saturation, {SATURATION_TABS} tabs 保存 back to back")
        figures.app_saturation = _go(
            runner.run(url, _plans(firms[:SATURATION_TABS], scenarios.POOL_ENTRY_SAVES), label="app saturation",
                       seconds=SATURATION_SECONDS, warmup=1, rate=None, rss=rss)
        )
        progress("load: the journey (typing, rows + 提交, reviewers deciding)")
        figures.journey = _journey(url, firms, review_ids, rss)
        progress(f"load: reviewer queue with {QUEUE_ORDERS:,} orders")
        figures.queue = _queue_probe(url)
        progress("load: bytes and state size per form size")
        figures.sizes = _sizes(url, setup, workdir)
    finally:
        stop()
    return firms[: max(users)]


def _journey(url: str, firms: list[fixtures.Firm], review_ids: list[int], rss: Callable) -> RunResult:
    typing = _plans(firms[: JOURNEY["typing"]], scenarios.POOL_ENTRY_TYPING)
    rows = _plans(fixtures.complete(fixtures.certified_firms(JOURNEY["rows"])), scenarios.POOL_ENTRY_ROWS_SUBMIT,
                  {"demands": len(forms.sized("typical")["demands"])})
    shared = scenarios.shared_orders(review_ids)
    token = fixtures.reviewer_token()  # one browser profile: its tabs share the sign-in
    reviewers = [
        TabPlan(scenarios.REVIEWER, scenarios.TabContext(shared=shared), {_token_key(): token})
        for _ in range(JOURNEY["reviewers"])
    ]
    return _go(runner.run(url, typing + rows + reviewers, label="journey", seconds=SECONDS, warmup=WARMUP, rss=rss))


# ------------------------------------------------------------------ the peer and the bare app


def peer_figures(setup: Setup, workdir: Path, firms: list[fixtures.Firm], users: tuple[int, ...],
                 figures: SetupFigures, progress: Callable) -> None:
    folder = workdir / setup.short
    db.configure(setup.database_url)
    people = [
        http_peer.PeerUser(f.token, f.order_id, pool_entry.load(f.actor, f.order_id).row_version) for f in firms
    ]
    content = forms.sized("typical")
    progress(f"load: starting the peer (Django, gunicorn) on {setup.label.split(',')[0]}")
    url, stop, proc = start_peer(setup.database_url, folder / "peer.log")
    rss = measure.worker_rss(proc.pid)
    try:
        for n in users:
            progress(f"load: peer, {n} users 保存 once a second")
            figures.peer.append(
                _go(http_peer.run(url, people[:n], content, label=f"peer {n}", seconds=SECONDS, warmup=WARMUP, rss=rss))
            )
        progress(f"load: peer saturation, {SATURATION_TABS} users back to back")
        figures.peer_saturation = _go(
            http_peer.run(url, people[:SATURATION_TABS], content, label="peer saturation",
                          seconds=SATURATION_SECONDS, warmup=1, rate=None, rss=rss)
        )
    finally:
        stop()


def bare_figures(setup: Setup, workdir: Path, users: tuple[int, ...], figures: SetupFigures, progress: Callable) -> None:
    folder = workdir / f"{setup.short}-bare"
    folder.mkdir(exist_ok=True)
    progress(f"load: starting the bare Reflex app ({setup.workers} worker{'s' if setup.workers > 1 else ''})")
    if setup.redis_url:
        databases.flush_redis(setup.redis_url)
    url, stop, proc = start_app(bare_env(folder, setup.redis_url, setup.workers), folder / "bare.log", bare=True)
    rss = measure.worker_rss(proc.pid)
    try:
        for n in users:
            progress(f"load: bare app, {n} tabs")
            plans = [TabPlan(scenarios.BARE_TYPING) for _ in range(n)]
            figures.bare.append(_go(runner.run(url, plans, label=f"bare {n}", seconds=SECONDS, warmup=WARMUP, rss=rss)))
        plans = [TabPlan(scenarios.BARE_TYPING) for _ in range(SATURATION_TABS)]
        figures.bare_saturation = _go(
            runner.run(url, plans, label="bare saturation", seconds=SATURATION_SECONDS, warmup=1, rate=None, rss=rss)
        )
    finally:
        stop()


def setup_figures(setup: Setup, workdir: Path, users: tuple[int, ...], *, peer: bool, bare: bool,
                  progress: Callable) -> SetupFigures:
    figures = SetupFigures(setup)
    firms: list[fixtures.Firm] = []
    steps: list[tuple[str, Callable[[], object]]] = [("app", lambda: firms.extend(
        app_figures(setup, workdir, users, figures, progress)))]
    if peer:
        steps.append(("peer", lambda: peer_figures(setup, workdir, firms, users, figures, progress)))
    if bare:
        steps.append(("bare app", lambda: bare_figures(setup, workdir, users, figures, progress)))
    for name, step in steps:
        if name == "peer" and not firms:
            continue
        try:
            step()
        except Exception as exc:  # noqa: BLE001  (reported, the other parts go on)
            figures.failures.append(f"{name}: {exc}\n{traceback.format_exc()[-2000:]}")
        if setup.redis_url:
            databases.flush_redis(setup.redis_url)
    return figures

