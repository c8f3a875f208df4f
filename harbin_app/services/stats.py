"""统计 (reviewer, finance): every figure is a grouped query in the database, filtered by period
(China dates, both ends included) and industry; nothing is counted row by row in Python.

- enterprises by industry: certified (认证通过 in the period), pooled (入库 in the period);
- work orders of every type by state, by industry, by month of their first submission (an order
  counts in a period when it was first submitted in it; without a period every order counts, drafts
  too);
- review outcomes at every review point of every type (a state from which staff can both pass and
  reject: 通过 vs 驳回-like transitions, i.e. those asking for an opinion): decisions, pass and
  rejection rates, average and longest time from arrival in the state to the decision;
- self-assessment levels (kept 改造前 / 改造后, the latest of each per enterprise).
The acceptance figures: 认定项目金额 and 补贴金额 by industry, the levels reached (acceptance_results).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import and_, case, func, literal_column
from sqlmodel import Session, col, select

from harbin_app import clock, db
from harbin_app.models import (
    AcceptanceResult,
    Assessment,
    Enterprise,
    Payment,
    WorkOrder,
    WorkOrderLog,
    WorkOrderSnapshot,
)
from harbin_app.services import platform_settings
from harbin_app.services.actor import ENTERPRISE, FINANCE, REVIEWER, Actor
from harbin_app.services.engine import policy, registry
from harbin_app.services.engine.types import Workflow
from harbin_app.services.errors import PermissionDenied, ValidationError

STATS_ROLES = frozenset({REVIEWER, FINANCE})
LEVELS = ("未达一级", "一级", "二级", "三级", "四级")
ASSESSMENT_LABELS = ("改造前", "改造后")
NO_INDUSTRY = "（未填写）"


@dataclass(frozen=True)
class StatsFilter:
    start: date | None = None
    end: date | None = None
    industry: str = ""

    def bounds(self) -> tuple[datetime | None, datetime | None]:
        """The period as UTC instants [from, to)."""
        def at(day: date) -> datetime:
            return datetime.combine(day, time(0), tzinfo=clock.CHINA).astimezone(UTC)

        return (at(self.start) if self.start else None, at(self.end + timedelta(days=1)) if self.end else None)


def parse_filter(start: str, end: str, industry: str) -> StatsFilter:
    """What the filter form gives; ValidationError at the field for a bad date or an end before the start."""
    errors: dict[str, str] = {}
    days: dict[str, date | None] = {}
    for key, text, label in (("start", start, "起始日期"), ("end", end, "截止日期")):
        text = (text or "").strip()
        try:
            days[key] = date.fromisoformat(text) if text else None
        except ValueError:
            errors[key] = f"{label}格式应为 2025-03-01"
            days[key] = None
    if not errors and days["start"] and days["end"] and days["end"] < days["start"]:
        errors["end"] = "截止日期不能早于起始日期"
    if errors:
        raise ValidationError("请按提示修改筛选条件", fields=errors)
    return StatsFilter(days["start"], days["end"], (industry or "").strip())


def require_stats(actor: Actor | None) -> Actor:
    if actor is None or actor.role not in STATS_ROLES:
        raise PermissionDenied("只有审核员和财政人员可以查看统计")
    return actor


# ------------------------------------------------------------------ SQL pieces per dialect


def _is_pg(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def month_of(session: Session, column):  # noqa: ANN001, ANN201
    """'2025-03' of a UTC timestamp column, in China time."""
    if _is_pg(session):
        return func.to_char(func.timezone("Asia/Shanghai", column), "YYYY-MM")
    return func.strftime("%Y-%m", column, "+8 hours")


def seconds_between(session: Session, later, earlier):  # noqa: ANN001, ANN201
    if _is_pg(session):
        return func.extract("epoch", later - earlier)
    return (func.julianday(later) - func.julianday(earlier)) * 86400.0


def _in_period(column, flt: StatsFilter) -> list:  # noqa: ANN001
    lo, hi = flt.bounds()
    return [c for c in ((column >= lo) if lo else None, (column < hi) if hi else None) if c is not None]


def _days(seconds: float | None) -> Decimal:
    return (Decimal(str(seconds or 0)) / Decimal(86400)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def rate(part: int, whole: int) -> Decimal:
    """A percentage with one decimal (0 of nothing is 0)."""
    if not whole:
        return Decimal("0.0")
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def industries() -> list[str]:
    return list(platform_settings.current().industry_options)


def _industry_order(names) -> list[str]:  # noqa: ANN001
    known = industries()
    return sorted(names, key=lambda n: (known.index(n) if n in known else len(known), n))


# ------------------------------------------------------------------ the figures of 验收

PASSED = ("conclude_pass", "conclude_supplement")  # 验收通过, 完善材料后通过: amounts recognised
CENT = Decimal("0.01")


@dataclass(frozen=True)
class AcceptanceFigures:
    by_industry: list[dict]  # {industry, projects, accepted, recognised, subsidy, paid}: amounts in 万元, Decimal
    levels_after: list[dict]  # {level, level_name, count}
    total_recognised: Decimal
    total_subsidy: Decimal
    total_paid: Decimal = Decimal("0.00")  # 已拨付 (拨付 recorded by finance)


def _money(value: str | None) -> Decimal:
    return Decimal(value or "0").quantize(CENT)


def acceptance(session: Session, flt: StatsFilter) -> AcceptanceFigures:
    """认定项目金额 and 补贴金额 by industry, the levels reached: counted and grouped in the database,
    the amounts (exact decimal text) added as decimals, as SQLite would add them as floats."""
    r = AcceptanceResult
    where = [col(r.conclusion).in_(PASSED), *_in_period(col(r.concluded_at), flt)]
    if flt.industry:
        where.append(r.industry == flt.industry)
    amounts: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0), Decimal(0)])
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    paid: dict[int, Decimal] = defaultdict(Decimal)
    for order_id, amount in session.exec(
        select(Payment.order_id, Payment.amount).where(col(Payment.order_id).in_(select(r.order_id).where(*where)))
    ):
        paid[order_id] += _money(amount)
    for order_id, industry, recognised, subsidy, accepted in session.exec(
        select(r.order_id, r.industry, r.recognised_amount, r.subsidy_amount, r.accepted_at).where(*where)
    ):
        name = industry or NO_INDUSTRY
        amounts[name][0] += _money(recognised)
        amounts[name][1] += _money(subsidy)
        amounts[name][2] += paid.get(order_id, Decimal(0))
        counts[name][0] += 1
        counts[name][1] += accepted is not None
    names = [flt.industry] if flt.industry else _industry_order(set(amounts) | set(industries()))
    by_industry = [
        {"industry": n, "projects": counts[n][0], "accepted": counts[n][1],
         "recognised": amounts[n][0].quantize(CENT), "subsidy": amounts[n][1].quantize(CENT),
         "paid": amounts[n][2].quantize(CENT)}
        for n in names
    ]
    levels = dict(session.exec(select(r.level_after, func.count()).where(*where).group_by(r.level_after)).all())
    return AcceptanceFigures(
        by_industry=by_industry,
        levels_after=[{"level": n, "level_name": name, "count": int(levels.get(name, 0))} for n, name in enumerate(LEVELS)],
        total_recognised=sum((row["recognised"] for row in by_industry), Decimal("0.00")),
        total_subsidy=sum((row["subsidy"] for row in by_industry), Decimal("0.00")),
        total_paid=sum((row["paid"] for row in by_industry), Decimal("0.00")),
    )


def acceptance_figures(actor: Actor, flt: StatsFilter) -> AcceptanceFigures:
    """The acceptance figures for 统计 (the conclusions that recognised amounts)."""
    require_stats(actor)
    with db.reading() as session:
        return acceptance(session, flt)


# ------------------------------------------------------------------ the figures


def enterprises_by_industry(session: Session, flt: StatsFilter) -> list[dict]:
    """[{industry, certified, pooled}] in the settings' order of industries."""
    where = [col(Enterprise.certified_at).is_not(None)]
    if flt.industry:
        where.append(Enterprise.industry == flt.industry)

    def counted(column):  # noqa: ANN001, ANN202
        return func.sum(case((and_(col(column).is_not(None), *_in_period(col(column), flt)), 1), else_=0))

    rows = session.exec(
        select(Enterprise.industry, counted(Enterprise.certified_at), counted(Enterprise.pooled_at))
        .where(*where).group_by(Enterprise.industry)
    ).all()
    found = {ind or NO_INDUSTRY: (int(c or 0), int(p or 0)) for ind, c, p in rows}
    names = _industry_order(set(found) | (set() if flt.industry else set(industries())))
    if flt.industry:
        names = [flt.industry]
    return [{"industry": n, "certified": found.get(n, (0, 0))[0], "pooled": found.get(n, (0, 0))[1]} for n in names]


def _first_submitted(session: Session):  # noqa: ANN202
    """order_id → the time of its first submission (snapshot version 1), as a subquery."""
    return (
        select(WorkOrderSnapshot.order_id.label("order_id"), WorkOrderSnapshot.created_at.label("first_at"))
        .where(WorkOrderSnapshot.version == 1)
        .subquery()
    )


def _order_scope(session: Session, flt: StatsFilter, query, *, submitted_only: bool = False):  # noqa: ANN001, ANN202
    """`query` over WorkOrder restricted to the filter (period: first submission)."""
    if flt.industry:
        query = query.where(WorkOrder.industry == flt.industry)
    if flt.start or flt.end or submitted_only:
        first = _first_submitted(session)
        query = query.join(first, first.c.order_id == WorkOrder.id).where(*_in_period(first.c.first_at, flt))
    return query


def orders_by_state(session: Session, flt: StatsFilter) -> list[dict]:
    """[{kind, kind_label, state, state_label, count}] in each type's order of states."""
    rows = session.exec(
        _order_scope(session, flt, select(WorkOrder.kind, WorkOrder.state, func.count()))
        .group_by(WorkOrder.kind, WorkOrder.state)
    ).all()
    counts = {(k, s): int(n) for k, s, n in rows}
    out = []
    for ot in registry.all_types():
        wf = ot.workflow
        for st in wf.states:
            out.append({"kind": ot.kind, "kind_label": wf.label, "state": st.key, "state_label": st.label,
                        "count": counts.get((ot.kind, st.key), 0)})
    return out


def orders_by_industry(session: Session, flt: StatsFilter) -> list[dict]:
    """[{kind, kind_label, industry, count}] of submitted orders."""
    rows = session.exec(
        _order_scope(session, flt, select(WorkOrder.kind, WorkOrder.industry, func.count()), submitted_only=True)
        .group_by(WorkOrder.kind, WorkOrder.industry)
    ).all()
    counts = {(k, i or NO_INDUSTRY): int(n) for k, i, n in rows}
    names = [flt.industry] if flt.industry else _industry_order({i for _, i in counts} | set(industries()))
    return [
        {"kind": ot.kind, "kind_label": ot.workflow.label, "industry": name, "count": counts.get((ot.kind, name), 0)}
        for ot in registry.all_types() for name in names
    ]


def orders_by_month(session: Session, flt: StatsFilter) -> list[dict]:
    """[{month, <kind>: count …}] of first submissions, months in order (only months with any)."""
    first = _first_submitted(session)
    month = month_of(session, first.c.first_at)
    query = select(WorkOrder.kind, month.label("month"), func.count()).join(first, first.c.order_id == WorkOrder.id)
    query = query.where(*_in_period(first.c.first_at, flt))
    if flt.industry:
        query = query.where(WorkOrder.industry == flt.industry)
    rows = session.exec(query.group_by(WorkOrder.kind, literal_column("month"))).all()
    table: dict[str, dict[str, int]] = defaultdict(dict)
    for kind, m, n in rows:
        table[m][kind] = int(n)
    kinds = registry.kinds()
    return [{"month": m, **{k: table[m].get(k, 0) for k in kinds}} for m in sorted(table)]


def review_points(wf: Workflow) -> dict[str, tuple[set[str], set[str]]]:
    """state → (pass actions, reject actions) for states where staff can both pass and reject."""
    points: dict[str, tuple[set[str], set[str]]] = {}
    for tr in wf.transitions:
        if ENTERPRISE in tr.roles or tr.optional:
            continue
        for source in tr.sources:
            passes, rejects = points.setdefault(source, (set(), set()))
            (rejects if tr.opinion_required or tr.tone == "danger" else passes).add(tr.action)
    return {s: pr for s, pr in points.items() if pr[0] and pr[1]}


def review_outcomes(session: Session, flt: StatsFilter) -> list[dict]:
    """[{kind, kind_label, state, point, decisions, passed, rejected, pass_rate, reject_rate,
    avg_days, max_days}] of the decisions taken in the period."""
    prev = func.lag(WorkOrderLog.at).over(partition_by=WorkOrderLog.order_id, order_by=WorkOrderLog.id)
    steps = select(
        WorkOrderLog.order_id.label("order_id"), WorkOrderLog.action.label("action"),
        WorkOrderLog.from_state.label("from_state"), WorkOrderLog.actor_role.label("actor_role"),
        WorkOrderLog.at.label("at"), prev.label("prev_at"),
    ).subquery()
    took = seconds_between(session, steps.c.at, steps.c.prev_at)
    query = (
        select(WorkOrder.kind, steps.c.from_state, steps.c.action, func.count(), func.avg(took), func.max(took))
        .join(WorkOrder, col(WorkOrder.id) == steps.c.order_id)
        .where(steps.c.actor_role != ENTERPRISE, steps.c.action != "create", *_in_period(steps.c.at, flt))
        .group_by(WorkOrder.kind, steps.c.from_state, steps.c.action)
    )
    if flt.industry:
        query = query.where(WorkOrder.industry == flt.industry)
    found: dict[tuple[str, str, str], tuple[int, float, float]] = {
        (k, s, a): (int(n), float(avg or 0), float(mx or 0)) for k, s, a, n, avg, mx in session.exec(query).all()
    }
    out = []
    for ot in registry.all_types():
        wf = ot.workflow
        for state, (passes, rejects) in review_points(wf).items():
            cells = [found.get((ot.kind, state, a)) for a in passes | rejects]
            passed = sum(found.get((ot.kind, state, a), (0, 0, 0))[0] for a in passes)
            rejected = sum(found.get((ot.kind, state, a), (0, 0, 0))[0] for a in rejects)
            total = passed + rejected
            weighted = sum(c[0] * c[1] for c in cells if c)
            out.append({
                "kind": ot.kind, "kind_label": wf.label, "state": state, "point": f"{wf.label} · {wf.label_of(state)}",
                "decisions": total, "passed": passed, "rejected": rejected,
                "pass_rate": rate(passed, total), "reject_rate": rate(rejected, total),
                "avg_days": _days(weighted / total if total else 0),
                "max_days": _days(max((c[2] for c in cells if c), default=0)),
            })
    return out


def assessment_levels(session: Session, flt: StatsFilter) -> list[dict]:
    """[{level, level_name, 改造前, 改造后}] — enterprises by the level of their latest kept assessment
    of each label (assessed in the period)."""
    latest = (
        select(func.max(Assessment.id).label("id"))
        .join(Enterprise, col(Enterprise.id) == Assessment.enterprise_id)
        .where(*[c for c in ((col(Assessment.assessed_on) >= flt.start) if flt.start else None,
                             (col(Assessment.assessed_on) <= flt.end) if flt.end else None) if c is not None])
        .group_by(Assessment.enterprise_id, Assessment.label)
    )
    if flt.industry:
        latest = latest.where(Enterprise.industry == flt.industry)
    rows = session.exec(
        select(Assessment.label, Assessment.level, func.count())
        .where(col(Assessment.id).in_(latest.scalar_subquery()))
        .group_by(Assessment.label, Assessment.level)
    ).all()
    counts = {(label, int(level)): int(n) for label, level, n in rows}
    return [{"level": lv, "level_name": name, **{lab: counts.get((lab, lv), 0) for lab in ASSESSMENT_LABELS}}
            for lv, name in enumerate(LEVELS)]


@dataclass(frozen=True)
class Overview:
    filter: StatsFilter
    enterprises: list[dict]
    by_state: list[dict]
    by_industry: list[dict]
    by_month: list[dict]
    reviews: list[dict]
    levels: list[dict]
    acceptance: AcceptanceFigures  # 认定项目金额 and 补贴金额 by industry
    kinds: list[tuple[str, str]]  # (kind, label) of every type, in order
    queues: list[str] = field(default_factory=list)  # the kinds whose review queue the actor may open


def overview(actor: Actor, flt: StatsFilter) -> Overview:
    actor = require_stats(actor)
    with db.reading() as session:
        return Overview(
            filter=flt,
            enterprises=enterprises_by_industry(session, flt),
            by_state=orders_by_state(session, flt),
            by_industry=orders_by_industry(session, flt),
            by_month=orders_by_month(session, flt),
            reviews=review_outcomes(session, flt),
            levels=assessment_levels(session, flt),
            acceptance=acceptance(session, flt),
            kinds=[(ot.kind, ot.workflow.label) for ot in registry.all_types()],
            queues=[k for k in registry.kinds() if policy.can_view_queue(actor, k)],
        )
