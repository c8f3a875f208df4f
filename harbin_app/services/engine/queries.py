"""Lists of work orders: 我的待办 (待处理 / 已处理), review queues, the enterprise's own lists.

For an enterprise, 待处理 lists every one of its flows that is not finished, whoever acts next,
marked where the enterprise must act (需我处理); 已处理 lists the finished ones. For a reviewer or
finance officer, 待处理 lists what waits for its role and 已处理 what it acted on. A passed deadline
marks a row 已逾期. Everything is a query over the types' tables; pages are cut in the database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import false, or_
from sqlmodel import Session, col, func, select

from harbin_app import clock, db
from harbin_app.models import WorkOrder, WorkOrderLog
from harbin_app.services.actor import ENTERPRISE, Actor
from harbin_app.services.errors import PermissionDenied
from harbin_app.services.engine import policy, registry
from harbin_app.services.engine.types import ORANGE, Workflow

MAX_SEARCH = 64  # characters of a search term (the box has the same maxlength)
OVERDUE = "已逾期"


@dataclass(frozen=True)
class OrderRow:
    id: int
    kind: str
    kind_label: str
    subject_name: str
    credit_code: str
    industry: str
    state: str
    state_label: str
    tone: str
    updated_at: str
    submitted_at: str
    mine: bool = False  # the viewer must act now (需我处理)
    due_date: str = ""
    overdue: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "overdue_label": OVERDUE if self.overdue else "", "overdue_tone": ORANGE}


@dataclass(frozen=True)
class Page:
    rows: list[OrderRow]
    total: int
    page: int
    size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))


def row_of(order: WorkOrder, *, viewer_role: str = "") -> OrderRow:
    wf = registry.get(order.kind).workflow
    st = wf.state(order.state)
    today = clock.today_china()
    return OrderRow(
        id=order.id or 0, kind=order.kind, kind_label=wf.label,
        subject_name=order.subject_name or "（未填写企业名称）",
        credit_code=order.credit_code, industry=order.industry, state=order.state, state_label=st.label,
        tone=st.tone, updated_at=clock.fmt_datetime(order.updated_at), submitted_at=clock.fmt_datetime(order.submitted_at),
        mine=bool(viewer_role) and order.state in wf.waiting_states(viewer_role),
        due_date=order.due_date.isoformat() if order.due_date else "",
        overdue=order.due_date is not None and order.due_date < today,
    )


def states_where(pick: Callable[[Workflow], frozenset[str]]):  # noqa: ANN201
    """An SQL condition: the order's state is among the states `pick` gives for its type."""
    parts = [
        (WorkOrder.kind == ot.kind) & col(WorkOrder.state).in_(states)
        for ot in registry.all_types()
        if (states := pick(ot.workflow))
    ]
    return or_(*parts) if parts else false()


def _unfinished(wf: Workflow) -> frozenset[str]:
    return frozenset(s.key for s in wf.states) - wf.finished_states()


def paged(session: Session, query, page: int, size: int, viewer_role: str = "") -> Page:  # noqa: ANN001
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    page = max(1, min(page, max(1, -(-total // size))))
    orders = session.exec(
        query.order_by(col(WorkOrder.updated_at).desc(), col(WorkOrder.id).desc()).offset((page - 1) * size).limit(size)
    ).all()
    return Page([row_of(o, viewer_role=viewer_role) for o in orders], total, page, size)


def pending(actor: Actor, page: int = 1, size: int = 20) -> Page:
    """待处理. An enterprise: its unfinished flows; staff: what waits for their role."""
    with db.reading() as session:
        if actor.role == ENTERPRISE:
            condition = states_where(_unfinished)
        else:
            condition = states_where(lambda wf: wf.waiting_states(actor.role))
        query = select(WorkOrder).where(policy.read_condition(actor), condition)
        return paged(session, query, page, size, actor.role)


def pending_count(actor: Actor) -> int:
    """The number on the 待处理 tab: what waits for the actor (需我处理)."""
    with db.reading() as session:
        return session.exec(
            select(func.count()).select_from(WorkOrder).where(
                policy.read_condition(actor), states_where(lambda wf: wf.waiting_states(actor.role))
            )
        ).one()


def handled(actor: Actor, page: int = 1, size: int = 20) -> Page:
    """已处理. An enterprise: its finished flows; staff: orders this user acted on that do not wait
    for their role now."""
    with db.reading() as session:
        if actor.role == ENTERPRISE:
            query = select(WorkOrder).where(
                policy.read_condition(actor), states_where(lambda wf: wf.finished_states())
            )
        else:
            acted = select(WorkOrderLog.order_id).where(WorkOrderLog.actor_id == actor.user_id)
            query = select(WorkOrder).where(
                policy.read_condition(actor), col(WorkOrder.id).in_(acted),
                ~states_where(lambda wf: wf.waiting_states(actor.role)),
            )
        return paged(session, query, page, size, actor.role)


WAITING = "waiting"  # the queue filter for every state that waits for the viewer's role


@dataclass(frozen=True)
class QueueFilter:
    search: str = ""
    industry: str = ""
    state: str = WAITING  # a state key, WAITING, or "" for every state except the initial draft


def like_pattern(term: str) -> str:
    """`term` matched literally inside a LIKE (its %, _ and \\ are not wildcards)."""
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def queue_query(actor: Actor, kind: str, flt: QueueFilter):  # noqa: ANN201
    """The orders of a review queue with its filters, as a query (the page and its Excel export)."""
    if not policy.can_view_queue(actor, kind):
        raise PermissionDenied("您没有权限查看该审核队列")
    wf = registry.get(kind).workflow
    query = select(WorkOrder).where(WorkOrder.kind == kind, policy.read_condition(actor))
    if flt.state == WAITING:
        query = query.where(col(WorkOrder.state).in_(wf.waiting_states(actor.role)))
    elif flt.state:
        query = query.where(WorkOrder.state == flt.state)
    else:
        query = query.where(WorkOrder.state != wf.initial)
    if flt.industry:
        query = query.where(WorkOrder.industry == flt.industry)
    if term := flt.search.strip()[:MAX_SEARCH]:
        query = query.where(or_(
            col(WorkOrder.subject_name).ilike(like_pattern(term), escape="\\"),
            col(WorkOrder.credit_code).ilike(like_pattern(term.upper()), escape="\\"),
        ))
    return query


def queue(actor: Actor, kind: str, flt: QueueFilter, page: int = 1, size: int = 20) -> tuple[Page, int]:
    """A review queue of one kind: (page of rows, number waiting for the viewer's role)."""
    query = queue_query(actor, kind, flt)
    waiting_states = registry.get(kind).workflow.waiting_states(actor.role)
    with db.reading() as session:
        waiting = session.exec(
            select(func.count()).select_from(WorkOrder).where(
                WorkOrder.kind == kind, policy.read_condition(actor), col(WorkOrder.state).in_(waiting_states)
            )
        ).one()
        return paged(session, query, page, size, actor.role), waiting


def latest_for(session: Session, kind: str, enterprise_id: int) -> WorkOrder | None:
    return session.exec(
        select(WorkOrder)
        .where(WorkOrder.kind == kind, WorkOrder.enterprise_id == enterprise_id)
        .order_by(col(WorkOrder.id).desc())
    ).first()


def last_decision(session: Session, order_id: int) -> WorkOrderLog | None:
    return session.exec(
        select(WorkOrderLog).where(WorkOrderLog.order_id == order_id).order_by(col(WorkOrderLog.id).desc())
    ).first()


def own_orders(actor: Actor, kind: str) -> list[OrderRow]:
    """The enterprise's orders of one kind (the 入库申请 / 验收申请 lists)."""
    if actor.role != ENTERPRISE:
        raise PermissionDenied("只有企业用户可以办理此事项")
    with db.reading() as session:
        orders = session.exec(
            select(WorkOrder).where(WorkOrder.kind == kind, policy.read_condition(actor)).order_by(col(WorkOrder.id).desc())
        ).all()
        return [row_of(o, viewer_role=actor.role) for o in orders]
