"""Figure 5, the load bench: the app over its real websocket beside a bare Reflex app and a Django
peer, per setup (SQLite 1 worker, PostgreSQL 1 worker, PostgreSQL + Redis 3 workers).

Per setup the three servers are started side by side (an idle server costs no CPU) and driven one at
a time, interleaved: at each number of tabs the app, then the bare app, then the peer, so that the
ratios compare figures taken within the same minute on a machine whose load changes. Then the
saturation runs, the issue-13 journey, the reviewer queue with 10,000 orders and the per-form-size
bytes and state size. Everything is bounded by the constants below.
"""

from __future__ import annotations

import asyncio
import os
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
SECONDS, WARMUP = 12.0, 2.0  # measured window and warm-up of each open-loop run
SATURATION_TABS, SATURATION_SECONDS = 40, 8.0  # closed loop: each tab sends again at once
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
    view_bytes: int = 0  # the drawn view, kept beside the state and written once per draw


@dataclass
class SetupFigures:
    setup: Setup
    app: list[RunResult] = field(default_factory=list)  # open loop, one per number of tabs
    app_saturation: RunResult | None = None
    journey: RunResult | None = None
    queue: RunResult | None = None
    sizes: list[SizeFigures] = field(default_factory=list)
    peer: list[RunResult] = field(default_factory=list)  # each user saves once a second
    peer_paced: list[RunResult] = field(default_factory=list)  # each user saves every fifth second, as the tabs
    peer_saturation: RunResult | None = None
    bare: list[RunResult] = field(default_factory=list)
    bare_saturation: RunResult | None = None
    failures: list[str] = field(default_factory=list)
    load_average: list[float] = field(default_factory=list)  # 1-minute load at the start and at the end


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
        view = measure.drawn_view_bytes(tab.token, redis_url=setup.redis_url, states_dir=workdir / setup.short / "states")
        await tab.close()
    return SizeFigures(size, sorted(typing)[1], blur, save, hydrate, sum(parts.values()), parts, view)


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


@dataclass
class Server:
    url: str
    stop: Callable[[], None]
    rss: Callable[[], dict[str, float]]
    cpu: Callable[[], float]


def _start_app(setup: Setup, folder: Path) -> Server:
    url, stop, proc = start_app(
        app_env(folder, setup.database_url, setup.redis_url, setup.workers), folder / "app.log", backend_only=True
    )
    return Server(url, stop, measure.worker_rss(proc.pid), measure.tree_cpu(proc.pid))


def _start_bare(setup: Setup, folder: Path) -> Server:
    bare = folder / "bare"
    bare.mkdir(exist_ok=True)
    url, stop, proc = start_app(bare_env(bare, setup.redis_url, setup.workers), folder / "bare.log", bare=True)
    return Server(url, stop, measure.worker_rss(proc.pid), measure.tree_cpu(proc.pid))


def _start_peer(setup: Setup, folder: Path) -> Server:
    url, stop, proc = start_peer(setup.database_url, folder / "peer.log")
    return Server(url, stop, measure.worker_rss(proc.pid), measure.tree_cpu(proc.pid))


def _peer_users(firms: list[fixtures.Firm], app: Server) -> list[http_peer.PeerUser]:
    """The typing tabs' firms as peer users, at their drafts' current row versions (once the app has
    answered the last events of its closed tabs)."""
    _go(runner.drained(f"{app.url}/ping"))
    return [http_peer.PeerUser(f.token, f.order_id, pool_entry.load(f.actor, f.order_id).row_version) for f in firms]


def _guarded(figures: SetupFigures, what: str, fn: Callable[[], object]) -> None:
    try:
        fn()
    except Exception as exc:  # noqa: BLE001  (reported; the other parts go on)
        figures.failures.append(f"{what}: {exc}\n{traceback.format_exc()[-2000:]}")


def setup_figures(setup: Setup, workdir: Path, users: tuple[int, ...], *, peer: bool, bare: bool,
                  progress: Callable) -> SetupFigures:
    """Figure 5 for one setup (see the module's docstring)."""
    figures = SetupFigures(setup, load_average=[os.getloadavg()[0]])
    folder = workdir / setup.short
    folder.mkdir(exist_ok=True)
    databases.fresh(setup.database_url)
    if setup.redis_url:
        databases.flush_redis(setup.redis_url)
    fixtures.use_files_dir(str(folder / "bench-files"))
    servers: list[Server] = []
    try:
        progress(f"load: starting the app ({setup.label})" + (", the bare app" if bare else "") + (", the peer" if peer else ""))
        app = _start_app(setup, folder)
        servers.append(app)
        the_bare = _start_bare(setup, folder) if bare else None
        the_peer = _start_peer(setup, folder) if peer else None
        servers += [s for s in (the_bare, the_peer) if s is not None]
        db.configure(setup.database_url)
        progress(f"load: {max(users)} signed-in enterprises, {REVIEW_ORDERS} submitted and {QUEUE_ORDERS:,} queued orders")
        firms = fixtures.with_pool_entry(fixtures.certified_firms(max(users)), forms.sized("typical"))
        review_ids = fixtures.submitted_orders(REVIEW_ORDERS)
        fixtures.queue_orders(QUEUE_ORDERS)
        for n in users:
            progress(f"load: {n} tabs, {SECONDS:.0f} s each: app (typing + 保存), bare app, peer (保存 every 1 s, every 5 s)")
            _guarded(figures, f"app {n}", lambda n=n: figures.app.append(_go(runner.run(
                app.url, _plans(firms[:n], scenarios.POOL_ENTRY_TYPING), label=f"app {n}",
                seconds=SECONDS, warmup=WARMUP, rss=app.rss, cpu=app.cpu))))
            if the_bare is not None:
                _guarded(figures, f"bare {n}", lambda n=n: figures.bare.append(_go(runner.run(
                    the_bare.url, [TabPlan(scenarios.BARE_TYPING) for _ in range(n)], label=f"bare {n}",
                    seconds=SECONDS, warmup=WARMUP, rss=the_bare.rss, cpu=the_bare.cpu))))
            if the_peer is not None:
                _guarded(figures, f"peer {n}", lambda n=n: figures.peer.append(_go(http_peer.run(
                    the_peer.url, _peer_users(firms[:n], app), forms.sized("typical"), label=f"peer {n}",
                    seconds=SECONDS, warmup=WARMUP, rss=the_peer.rss, cpu=the_peer.cpu))))
                _guarded(figures, f"peer {n} paced", lambda n=n: figures.peer_paced.append(_go(http_peer.run(
                    the_peer.url, _peer_users(firms[:n], app), forms.sized("typical"), label=f"peer {n} paced",
                    seconds=SECONDS, warmup=WARMUP, rate=1 / len(scenarios.POOL_ENTRY_TYPING.steps),
                    rss=the_peer.rss, cpu=the_peer.cpu))))
        progress(f"load: saturation, {SATURATION_TABS} tabs/users back to back, {SATURATION_SECONDS:.0f} s each")
        _guarded(figures, "app saturation", lambda: setattr(figures, "app_saturation", _go(runner.run(
            app.url, _plans(firms[:SATURATION_TABS], scenarios.POOL_ENTRY_SAVES), label="app saturation",
            seconds=SATURATION_SECONDS, warmup=1, rate=None, rss=app.rss, cpu=app.cpu))))
        if the_bare is not None:
            _guarded(figures, "bare saturation", lambda: setattr(figures, "bare_saturation", _go(runner.run(
                the_bare.url, [TabPlan(scenarios.BARE_TYPING) for _ in range(SATURATION_TABS)],
                label="bare saturation", seconds=SATURATION_SECONDS, warmup=1, rate=None, rss=the_bare.rss, cpu=the_bare.cpu))))
        if the_peer is not None:
            _guarded(figures, "peer saturation", lambda: setattr(figures, "peer_saturation", _go(http_peer.run(
                the_peer.url, _peer_users(firms[:SATURATION_TABS], app), forms.sized("typical"),
                label="peer saturation", seconds=SATURATION_SECONDS, warmup=1, rate=None, rss=the_peer.rss, cpu=the_peer.cpu))))
        progress("load: the journey (typing, rows + 提交, reviewers deciding)")
        _guarded(figures, "journey", lambda: setattr(figures, "journey", _journey(app.url, firms, review_ids, app.rss)))
        progress(f"load: reviewer queue with {QUEUE_ORDERS:,} orders")
        _guarded(figures, "queue", lambda: setattr(figures, "queue", _queue_probe(app.url)))
        progress("load: bytes and state size per form size")
        _guarded(figures, "sizes", lambda: setattr(figures, "sizes", _sizes(app.url, setup, workdir)))
    except Exception as exc:  # noqa: BLE001  (a server that did not start, fixtures that failed)
        figures.failures.append(f"setup: {exc}\n{traceback.format_exc()[-2000:]}")
    finally:
        for server in reversed(servers):
            server.stop()
        if setup.redis_url:
            databases.flush_redis(setup.redis_url)
    figures.load_average.append(os.getloadavg()[0])
    return figures
