"""统计 and 导出 Excel with 10,000 orders: the time of the grouped queries and of the workbooks.

`report()` runs on SQLite (a temporary file) and on PostgreSQL when the bench has one (the same
databases as the rest of `make bench`, tests/bench/databases.py); `python -m tests.bench.stats_bench`
runs it alone. The orders are written in bulk (their log rows and first snapshots too), spread over
twelve months, five industries and every state, so that every figure has work to do.
"""

from __future__ import annotations

import contextlib
import random
import shutil
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import insert

from harbin_app import clock, db
from harbin_app.models import Assessment, Enterprise, User, WorkOrder, WorkOrderLog, WorkOrderSnapshot
from harbin_app.services import exports, order_types, stats
from harbin_app.services.accounts import actor_of
from harbin_app.services.actor import ENTERPRISE, REVIEWER, Actor
from harbin_app.services.engine.queries import QueueFilter
from tests.bench import databases
from tests.bench.data import INDUSTRIES, credit_code
from tests.bench.report import Figure, heading, note, table

ORDERS = 10_000
RUNS = 5
CERT_STATES = ("submitted", "rejected", "certified", "certified")
POOL_STATES = ("submitted", "rejected", "awaiting_stamped", "stamped_review", "pooled")


def _user(session, username: str, role: str, enterprise_id: int | None = None) -> User:  # noqa: ANN001
    user = User(username=username, role=role, password_hash="x", enterprise_id=enterprise_id, created_at=clock.now())
    session.add(user)
    session.flush()
    return user


def seed(count: int = ORDERS) -> Actor:
    """`count` orders (3/4 企业认证, 1/4 入库申请) with their first submission and decision; returns a reviewer."""
    rnd = random.Random(7)
    now = clock.now()
    certs = count * 3 // 4
    with db.transaction() as session:
        reviewer = _user(session, "bench-reviewer", REVIEWER)
        owner = _user(session, "bench-qiye", ENTERPRISE)
        firms = session.execute(insert(Enterprise).returning(Enterprise.id), [
            {"name": f"统计基准企业{i:05d}有限公司", "credit_code": credit_code(300_000 + i), "industry": INDUSTRIES[i % 5],
             "profile": {}, "created_at": now, "industry_unclear": False,
             "certified_at": now - timedelta(days=i % 360) if i % 4 else None,
             "pooled_at": now - timedelta(days=i % 200) if i % 9 == 0 else None}
            for i in range(certs)
        ]).scalars().all()
        orders, snapshots, logs = [], [], []
        for i in range(count):
            kind = "certification" if i < certs else "pool_entry"
            state = (CERT_STATES if kind == "certification" else POOL_STATES)[i % (4 if kind == "certification" else 5)]
            first = now - timedelta(days=rnd.randrange(360), hours=rnd.randrange(24))
            decided = first + timedelta(hours=rnd.randrange(1, 240))
            orders.append({
                "kind": kind, "enterprise_id": firms[i % certs], "state": state, "version": 1, "row_version": 3,
                "subject_name": f"统计基准企业{i % certs:05d}有限公司", "credit_code": credit_code(300_000 + i % certs),
                "industry": INDUSTRIES[i % 5], "created_at": first, "updated_at": decided, "submitted_at": first,
            })
        ids = session.execute(insert(WorkOrder).returning(WorkOrder.id), orders).scalars().all()
        for order_id, o in zip(ids, orders, strict=True):
            snapshots.append({"order_id": order_id, "version": 1, "content": {}, "created_at": o["created_at"],
                              "created_by": owner.id})
            logs.append({"order_id": order_id, "at": o["created_at"], "actor_id": owner.id, "actor_name": "企业",
                         "actor_role": ENTERPRISE, "action": "submit", "action_label": "提交", "from_state": "draft",
                         "to_state": "submitted", "opinion": "", "extra": {}})
            if o["state"] != "submitted":
                action = "reject" if o["state"] == "rejected" else "approve"
                logs.append({"order_id": order_id, "at": o["updated_at"], "actor_id": reviewer.id, "actor_name": "审核员",
                             "actor_role": REVIEWER, "action": action, "action_label": action, "from_state": "submitted",
                             "to_state": o["state"], "opinion": "意见" if action == "reject" else "", "extra": {}})
        session.execute(insert(WorkOrderSnapshot), snapshots)
        session.execute(insert(WorkOrderLog), logs)
        session.execute(insert(Assessment), [
            {"enterprise_id": firms[i], "label": ("改造前", "改造后")[i % 2], "assessed_on": (now - timedelta(days=i % 300)).date(),
             "indicator_version": "2024", "answers": {}, "scenes": {}, "total": "50", "level": i % 5,
             "created_by": owner.id, "created_at": now}
            for i in range(0, min(certs, 4000))
        ])
        return actor_of(reviewer)


def _ms(fn) -> float:  # noqa: ANN001
    began = time.perf_counter()
    fn()
    return (time.perf_counter() - began) * 1000


def figures(reviewer: Actor, workdir: Path) -> list[Figure]:
    whole, april = stats.StatsFilter(), stats.StatsFilter(industry=INDUSTRIES[1])
    out = []
    for label, flt in (("统计 overview, whole period", whole), ("统计 overview, one industry", april)):
        stats.overview(reviewer, flt)  # warm-up
        out.append(Figure(label, [_ms(lambda f=flt: stats.overview(reviewer, f)) for _ in range(RUNS)]))
    path = workdir / "x.xlsx"
    out.append(Figure("统计 workbook (7 sheets)", [_ms(lambda: exports.build_stats(reviewer, whole, path)) for _ in range(3)]))
    rows = exports.build_queue(reviewer, "certification", QueueFilter(state=""), path).rows
    out.append(Figure(f"企业认证 list workbook ({rows:,} rows)",
                      [_ms(lambda: exports.build_queue(reviewer, "certification", QueueFilter(state=""), path)) for _ in range(3)],
                      note=f"{path.stat().st_size / 1e6:.1f} MB"))
    return out


def report(backends: list[tuple[str, str]] | None = None) -> None:
    """Print the figures on each backend (default: SQLite in a temporary folder, and PostgreSQL when there is one)."""
    order_types.register_all()
    with contextlib.ExitStack() as stack:
        workdir = Path(tempfile.mkdtemp(prefix="harbin-stats-bench-"))
        stack.callback(shutil.rmtree, workdir, ignore_errors=True)
        if backends is None:
            backends = [("SQLite", databases.sqlite_url(str(workdir), "stats"))]
            if pg := stack.enter_context(databases.postgres()):
                backends.append(("PostgreSQL", pg))
        heading(f"统计 and 导出 Excel, {ORDERS:,} orders (grouped queries in the database; ms)")
        for name, url in backends:
            databases.fresh(url)
            began = time.perf_counter()
            reviewer = seed()
            print(f"\n  {name} (seeded in {time.perf_counter() - began:.1f} s)")
            table(figures(reviewer, workdir))
        note("(the overview is every figure of the 统计 page: enterprises, orders by state / industry / month,\n"
             " review outcomes with times from a window over the log, self-assessment levels)")


if __name__ == "__main__":
    report()
