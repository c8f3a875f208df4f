"""What the 公示与拨付 page, the enterprise's 资金申请 page and the portal read: accepted 验收申请 with
their 认定项目金额 / 补贴金额 (acceptance_results), their publication (batches) and payments. Every
list goes through the policy's read condition; the portal reads only what is published."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlmodel import Session, col, select

from harbin_app import clock, db
from harbin_app.models import (
    AcceptanceResult,
    Enterprise,
    Payment,
    PublicationBatch,
    PublicationItem,
    PublicationWithdrawal,
    WorkOrder,
)
from harbin_app.services import validators as v
from harbin_app.services.acceptance import publication as pub
from harbin_app.services.acceptance.declaration import ACCEPTED, KIND, WORKFLOW
from harbin_app.services.actor import ENTERPRISE, Actor
from harbin_app.services.engine import policy
from harbin_app.services.errors import PermissionDenied, ValidationError

ZERO = Decimal(0)
STAFF_ACTIONS = (pub.PUBLISH, pub.WITHDRAW, pub.PAY)
# the phase shown as a badge: (label, tone)
AWAITING_PUBLICATION, IN_PUBLICATION, AWAITING_PAYMENT = "待公示", "公示中", "待拨付"
NOT_STARTED, RUNNING, ENDED, WITHDRAWN = "未开始", "公示中", "已结束", "已撤回"


def can_manage(actor: Actor) -> bool:
    """Whether the actor works 公示与拨付: a role that publishes or pays in 验收申请's table."""
    return actor.role != ENTERPRISE and any(
        actor.role in tr.roles for tr in WORKFLOW.transitions if tr.action in STAFF_ACTIONS)


def can_publish(actor: Actor) -> bool:
    return actor.role in WORKFLOW.transition(pub.PUBLISH).roles  # type: ignore[union-attr]


def can_pay(actor: Actor) -> bool:
    return actor.role in WORKFLOW.transition(pub.PAY).roles  # type: ignore[union-attr]


def require_manage(actor: Actor) -> None:
    if not can_manage(actor):
        raise PermissionDenied("只有市工信局审核员和市财政局用户可以办理公示与拨付")


@dataclass(frozen=True)
class FundingFilter:
    industry: str = ""
    start: date | None = None  # 验收完成 on or after
    end: date | None = None


def parse_filter(industry: str, start: str, end: str) -> FundingFilter:
    errors = {}
    s = v.parse_date(start) if start.strip() else None
    e = v.parse_date(end) if end.strip() else None
    if start.strip() and s is None:
        errors["start"] = "起始日期格式应为 2025-03-01"
    if end.strip() and e is None:
        errors["end"] = "截止日期格式应为 2025-03-01"
    if s and e and e < s:
        errors["end"] = "截止日期不能早于起始日期"
    if errors:
        raise ValidationError("请修改筛选条件", fields=errors)
    return FundingFilter(industry.strip(), s, e)


@dataclass(frozen=True)
class PaymentRow:
    paid_on: date
    amount: Decimal
    voucher: str


@dataclass
class ProjectRow:
    order_id: int
    row_version: int
    enterprise_id: int
    enterprise_name: str
    project_names: str
    industry: str
    recognised: Decimal
    subsidy: Decimal
    accepted_at: datetime | None
    state: str
    batch_id: int | None = None
    batch_title: str = ""
    starts_on: date | None = None
    ends_on: date | None = None
    payments: list[PaymentRow] = field(default_factory=list)

    @property
    def paid(self) -> Decimal:
        return sum((p.amount for p in self.payments), ZERO)

    @property
    def remaining(self) -> Decimal:
        return self.subsidy - self.paid

    @property
    def phase(self) -> tuple[str, str]:
        """The badge: 待公示 · 公示中 · 待拨付 · 部分拨付 · 已拨付."""
        if self.state == pub.PAID:
            return WORKFLOW.label_of(pub.PAID), "green"
        if self.state == pub.PART_PAID:
            return WORKFLOW.label_of(pub.PART_PAID), "orange"
        if self.state == pub.PUBLISHED:
            if self.ends_on is not None and self.ends_on < clock.today_china():
                return AWAITING_PAYMENT, "blue"
            return IN_PUBLICATION, "cyan"
        return AWAITING_PUBLICATION, "gray"

    @property
    def payable(self) -> bool:
        return self.state in pub.PAYABLE and self.ends_on is not None and self.ends_on < clock.today_china()


@dataclass(frozen=True)
class Listing:
    rows: list[ProjectRow]

    @property
    def total_recognised(self) -> Decimal:
        return sum((r.recognised for r in self.rows), ZERO)

    @property
    def total_subsidy(self) -> Decimal:
        return sum((r.subsidy for r in self.rows), ZERO)

    @property
    def total_paid(self) -> Decimal:
        return sum((r.paid for r in self.rows), ZERO)

    @property
    def total_remaining(self) -> Decimal:
        return sum((r.remaining for r in self.rows), ZERO)


def _day_start(d: date) -> datetime:
    return datetime.combine(d, time.min, tzinfo=clock.CHINA)


def _projects(session: Session, actor: Actor, states: frozenset[str], flt: FundingFilter) -> list[ProjectRow]:
    R, W = AcceptanceResult, WorkOrder
    query = (
        select(W, R, Enterprise.name)
        .join(R, col(R.order_id) == W.id)
        .join(Enterprise, col(Enterprise.id) == W.enterprise_id)
        .where(W.kind == KIND, col(W.state).in_(states), policy.read_condition(actor), col(R.accepted_at).is_not(None))
    )
    if flt.industry:
        query = query.where(R.industry == flt.industry)
    if flt.start:
        query = query.where(col(R.accepted_at) >= _day_start(flt.start))
    if flt.end:
        query = query.where(col(R.accepted_at) < _day_start(flt.end + timedelta(days=1)))
    rows = [
        ProjectRow(order_id=w.id or 0, row_version=w.row_version, enterprise_id=w.enterprise_id,
                   enterprise_name=name or w.subject_name, project_names=r.project_names, industry=r.industry,
                   recognised=pub.dec(r.recognised_amount), subsidy=pub.dec(r.subsidy_amount),
                   accepted_at=r.accepted_at, state=w.state)
        for w, r, name in session.exec(query.order_by(col(R.accepted_at), col(W.id))).all()
    ]
    _attach(session, rows)
    return rows


def _attach(session: Session, rows: list[ProjectRow]) -> None:
    """Each row's current batch (not withdrawn) and its payments."""
    ids = [r.order_id for r in rows]
    if not ids:
        return
    withdrawn = {(w.batch_id, w.order_id) for w in session.exec(
        select(PublicationWithdrawal).where(col(PublicationWithdrawal.order_id).in_(ids))).all()}
    current: dict[int, PublicationItem] = {}
    for item in session.exec(select(PublicationItem).where(col(PublicationItem.order_id).in_(ids))
                             .order_by(col(PublicationItem.id))).all():
        if (item.batch_id, item.order_id) not in withdrawn:
            current[item.order_id] = item
    batches = {b.id: b for b in session.exec(select(PublicationBatch).where(
        col(PublicationBatch.id).in_({i.batch_id for i in current.values()}))).all()} if current else {}
    payments: dict[int, list[PaymentRow]] = defaultdict(list)
    paid = select(Payment).where(col(Payment.order_id).in_(ids)).order_by(col(Payment.paid_on), col(Payment.id))
    for p in session.exec(paid).all():
        payments[p.order_id].append(PaymentRow(p.paid_on, pub.dec(p.amount), p.voucher))
    for r in rows:
        r.payments = payments.get(r.order_id, [])
        item = current.get(r.order_id)
        if item is not None and r.state != ACCEPTED and (b := batches.get(item.batch_id)) is not None:
            r.batch_id, r.batch_title, r.starts_on, r.ends_on = b.id, b.title, b.starts_on, b.ends_on


def candidates(actor: Actor, flt: FundingFilter = FundingFilter()) -> Listing:
    """验收完成 projects not yet published (the reviewer makes batches of them)."""
    require_manage(actor)
    with db.reading() as session:
        return Listing(_projects(session, actor, frozenset({ACCEPTED}), flt))


def published(actor: Actor, flt: FundingFilter = FundingFilter()) -> Listing:
    """Projects published (公示中, 待拨付, 部分拨付, 已拨付), for 拨付."""
    require_manage(actor)
    with db.reading() as session:
        return Listing(_projects(session, actor, pub.FUNDING_STATES, flt))


def own_projects(actor: Actor) -> Listing:
    """资金申请: the actor's enterprise's accepted projects (nothing of another enterprise)."""
    if actor.role != ENTERPRISE or actor.enterprise_id is None:
        raise PermissionDenied("只有企业用户可以查看资金申请")
    with db.reading() as session:
        return Listing(_projects(session, actor, frozenset({ACCEPTED}) | pub.FUNDING_STATES, FundingFilter()))


@dataclass(frozen=True)
class BatchItem:
    order_id: int
    enterprise_name: str
    project_names: str
    industry: str
    recognised: Decimal
    subsidy: Decimal


@dataclass(frozen=True)
class BatchView:
    id: int
    title: str
    starts_on: date
    ends_on: date
    items: list[BatchItem]
    withdrawn: int  # projects taken out of it

    @property
    def status(self) -> str:
        today = clock.today_china()
        if not self.items:
            return WITHDRAWN
        if today < self.starts_on:
            return NOT_STARTED
        return RUNNING if today <= self.ends_on else ENDED

    @property
    def can_withdraw(self) -> bool:
        return bool(self.items) and clock.today_china() < self.starts_on

    @property
    def total_recognised(self) -> Decimal:
        return sum((i.recognised for i in self.items), ZERO)

    @property
    def total_subsidy(self) -> Decimal:
        return sum((i.subsidy for i in self.items), ZERO)


def _batches(session: Session, where=None) -> list[BatchView]:  # noqa: ANN001
    query = select(PublicationBatch)
    if where is not None:
        query = query.where(where)
    query = query.order_by(col(PublicationBatch.starts_on).desc(), col(PublicationBatch.id).desc())
    batches = list(session.exec(query).all())
    if not batches:
        return []
    ids = [b.id for b in batches]
    out_of = {(w.batch_id, w.order_id) for w in session.exec(
        select(PublicationWithdrawal).where(col(PublicationWithdrawal.batch_id).in_(ids))).all()}
    items: dict[int, list[BatchItem]] = defaultdict(list)
    listed = select(PublicationItem).where(col(PublicationItem.batch_id).in_(ids)).order_by(col(PublicationItem.id))
    for i in session.exec(listed).all():
        if (i.batch_id, i.order_id) not in out_of:
            items[i.batch_id].append(BatchItem(i.order_id, i.enterprise_name, i.project_names, i.industry,
                                               pub.dec(i.recognised_amount), pub.dec(i.subsidy_amount)))
    return [BatchView(b.id or 0, b.title, b.starts_on, b.ends_on, items.get(b.id or 0, []),
                      sum(1 for bid, _ in out_of if bid == b.id)) for b in batches]


def batches(actor: Actor) -> list[BatchView]:
    require_manage(actor)
    with db.reading() as session:
        return _batches(session)


def batch(actor: Actor, batch_id: int) -> BatchView:
    require_manage(actor)
    with db.reading() as session:
        found = _batches(session, col(PublicationBatch.id) == batch_id)
    if not found:
        raise ValidationError("没有找到该公示批次")
    return found[0]


def public_batches() -> tuple[list[BatchView], list[BatchView]]:
    """The portal's 公示 (batches in their period) and 往期公示 (ended), readable without signing in;
    batches not started yet, and projects withdrawn, are not shown."""
    today = clock.today_china()
    with db.reading() as session:
        shown = [b for b in _batches(session, col(PublicationBatch.starts_on) <= today) if b.items]
    return [b for b in shown if b.ends_on >= today], [b for b in shown if b.ends_on < today]
