"""Figures 1 and 2: the service layer in this process, on one database."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from harbin_app.services import certification, workorders
from harbin_app.services.actor import Actor
from tests.bench import data
from tests.bench.report import Figure

ORDERS = 2_000
PAGE_SIZE = 15  # what the queue and 我的待办 pages ask for
SAVES = 300
SUBMITS = 100
READS = 100
WARMUP = 5
THREADS, SAVES_PER_THREAD = 8, 50


def _ms(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def timed(fn: Callable[[int], object], n: int, warmup: int = WARMUP) -> list[float]:
    """Call fn(i) warmup + n times; the milliseconds of the last n calls."""
    for i in range(warmup):
        fn(-1 - i)
    return [_ms(lambda i=i: fn(i)) for i in range(n)]


def _bench_saves() -> Figure:
    actor = data.enterprise_actor("bench_saver")
    form = data.content(90_000)
    row_version = data.draft(actor, form)

    def save(i: int) -> None:
        nonlocal row_version
        row_version = certification.save(actor, {**form, "contact": f"联系人{i}"}, row_version)

    return Figure("企业认证 draft save (certification.save)", timed(save, SAVES))


def _bench_submit_and_approve(reviewer: Actor) -> list[Figure]:
    firms = []
    for i in range(WARMUP + SUBMITS):
        actor = data.enterprise_actor(f"bench_submitter_{i}")
        form = data.content(50_000 + i)
        firms.append((actor, form, data.draft(actor, form)))
    # warm-up calls get negative indexes: they take the last firms, the timed calls the first ones
    results: dict[int, workorders.TransitionResult] = {}

    def submit(i: int) -> None:
        actor, form, row_version = firms[i]
        results[i] = certification.submit(actor, form, row_version)

    submits = timed(submit, SUBMITS)

    def approve(i: int) -> None:
        r = results[i]
        workorders.transition(
            reviewer, r.order_id, "approve", seen_row_version=r.row_version, extra={"industry_unclear": False}
        )

    approves = timed(approve, SUBMITS)
    return [
        Figure("提交 (certification.submit: save + validate + transition)", submits),
        Figure("审核通过 (workorders.transition approve)", approves),
    ]


def _bench_reads(reviewer: Actor) -> list[Figure]:
    def pending(page: int) -> Callable[[int], object]:
        return lambda _i: workorders.pending(reviewer, page, PAGE_SIZE)

    def queue(page: int, **flt: str) -> Callable[[int], object]:
        return lambda _i: workorders.queue(
            reviewer, "certification", workorders.QueueFilter(**flt), page, PAGE_SIZE
        )

    reads = {
        "workorders.pending  page 1": pending(1),
        "workorders.pending  page 50": pending(50),
        "workorders.queue    page 1 (待审核)": queue(1, state="submitted"),
        "workorders.queue    page 50 (待审核)": queue(50, state="submitted"),
        "workorders.queue    search 企业0123": queue(1, search="企业0123"),
        f"workorders.handled  page 1 ({WARMUP + SUBMITS} approved)": lambda _i: workorders.handled(
            reviewer, 1, PAGE_SIZE
        ),
    }
    return [Figure(what, timed(fn, READS)) for what, fn in reads.items()]


def service_figures() -> list[Figure]:
    """Figure 1 on the database the services point at now (fresh and migrated)."""
    data.seed_orders(ORDERS)
    reviewer = data.reviewer_actor("bench_reviewer")
    return [_bench_saves(), *_bench_submit_and_approve(reviewer), *_bench_reads(reviewer)]


@dataclass
class Concurrency:
    figure: Figure
    wall_s: float

    @property
    def throughput(self) -> float:
        return self.figure.n / self.wall_s


def concurrent_saves(label: str) -> Concurrency:
    """Figure 2: THREADS threads, each saving its own enterprise's draft SAVES_PER_THREAD times."""
    firms = []
    for t in range(THREADS):
        actor = data.enterprise_actor(f"bench_{label}_thread_{t}")
        form = data.content(70_000 + t)
        firms.append((actor, form, data.draft(actor, form)))
    latencies: list[list[float]] = [[] for _ in range(THREADS)]
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS + 1)

    def work(t: int) -> None:
        actor, form, row_version = firms[t]
        start.wait()
        try:
            for i in range(SAVES_PER_THREAD):
                begin = time.perf_counter()
                row_version = certification.save(actor, {**form, "contact": f"联系人{i}"}, row_version)
                latencies[t].append((time.perf_counter() - begin) * 1000)
        except BaseException as exc:  # noqa: BLE001  (reported below)
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(t,)) for t in range(THREADS)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    if errors:
        raise errors[0]
    samples = [x for per_thread in latencies for x in per_thread]
    return Concurrency(Figure(f"{THREADS} threads × {SAVES_PER_THREAD} saves", samples), wall)
