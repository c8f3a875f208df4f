"""What the enterprise's 验收申请 pages ask: add (prefilled from the pooled 入库申请), open, keep,
submit, list, the documents offered while editing, its kept 改造后 self-assessments."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from harbin_app import clock, db
from harbin_app.models import Enterprise, WorkOrder
from harbin_app.services import assessments, platform_settings, pool_entry, snapshots, workorders
from harbin_app.services.acceptance.declaration import (
    KIND,
    RECTIFYING,
    REJECTED,
    STAMPED_REJECTED,
    SUPPLEMENTING,
    WORKFLOW,
)
from harbin_app.services.acceptance.form import prefill
from harbin_app.services.acceptance.records import AFTER
from harbin_app.services.acceptance.rules import Rules, rules_from
from harbin_app.services.actor import ENTERPRISE, Actor
from harbin_app.services.engine import drafts
from harbin_app.services.errors import NotFound, PermissionDenied

NOT_POOLED = "需先完成入库申请"


def pooled_enterprise(session: Session, actor: Actor) -> Enterprise:
    if actor.role != ENTERPRISE or actor.enterprise_id is None:
        raise PermissionDenied("只有企业用户可以办理验收申请")
    enterprise = session.get(Enterprise, actor.enterprise_id)
    if enterprise is None or enterprise.pooled_at is None:
        raise PermissionDenied(NOT_POOLED)
    return enterprise


def start(actor: Actor) -> int:
    """添加: the enterprise's open application if it has one, else a new one prefilled from its
    pooled 入库申请 and its certified profile."""
    with db.transaction() as session:
        enterprise = pooled_enterprise(session, actor)
        existing = workorders.latest_for(session, KIND, enterprise.id or 0)
        if existing is not None and existing.state not in WORKFLOW.finished_states():
            return existing.id or 0
        pooled = workorders.latest_for(session, pool_entry.KIND, enterprise.id or 0)
        old = snapshots.latest_content(session, pooled.id or 0) if pooled else {}
        content = prefill(old, pool_entry.prefill(enterprise.profile), actor.name)
        return workorders.create(session, actor, KIND, enterprise.id or 0, content).id or 0


@dataclass(frozen=True)
class AcceptanceView:
    order_id: int
    state: str
    state_label: str
    tone: str
    row_version: int
    content: dict[str, Any]
    editable: bool
    last_opinion: str
    rules: Rules
    due_date: str
    overdue: bool
    creator: str


def _own_order(session: Session, enterprise: Enterprise, order_id: int) -> WorkOrder:
    order = session.get(WorkOrder, order_id)
    if order is None or order.kind != KIND or order.enterprise_id != enterprise.id:
        raise NotFound("没有找到该验收申请")
    return order


OPINION_STATES = (REJECTED, RECTIFYING, SUPPLEMENTING, STAMPED_REJECTED)


def load(actor: Actor, order_id: int) -> AcceptanceView:
    """The application to edit or read: the draft while editable (一、基本情况 as certified now),
    else the submitted version; the opinion that sent it back; its deadline."""
    with db.reading() as session:
        enterprise = pooled_enterprise(session, actor)
        order = _own_order(session, enterprise, order_id)
        last = workorders.last_decision(session, order.id or 0)
        st = WORKFLOW.state(order.state)
        editable = order.state in WORKFLOW.editable
        if editable:
            content = drafts.content(session, order)
            content["basic"].update(pool_entry.prefill(enterprise.profile))
        else:
            content = snapshots.latest_content(session, order.id or 0) or drafts.content(session, order)
        return AcceptanceView(
            order_id=order.id or 0, state=order.state, state_label=st.label, tone=st.tone,
            row_version=order.row_version, content=content, editable=editable,
            last_opinion=last.opinion if last and order.state in OPINION_STATES else "",
            rules=rules_from(platform_settings.current()),
            due_date=order.due_date.isoformat() if order.due_date else "",
            overdue=order.due_date is not None and order.due_date < clock.today_china(),
            creator=actor.name,
        )


def save(actor: Actor, order_id: int, content: dict[str, Any], seen_row_version: int) -> int:
    """保存 of the whole form at once (scripts and tests; the page keeps value by value)."""
    with db.transaction() as session:
        enterprise = pooled_enterprise(session, actor)
        order = _own_order(session, enterprise, order_id)
        draft = dict(content)
        draft["basic"] = {**(content.get("basic") or {}), **pool_entry.prefill(enterprise.profile)}
        return drafts.replace(session, actor, order, draft, seen_row_version)


def submit(actor: Actor, order_id: int, content: dict[str, Any], seen_row_version: int) -> workorders.TransitionResult:
    """保存 then 提交 (the draft is kept even when the checks refuse the submission)."""
    row_version = save(actor, order_id, content, seen_row_version)
    return workorders.transition(actor, order_id, "submit", seen_row_version=row_version)


def entries(actor: Actor) -> list[workorders.OrderRow]:
    """The enterprise's applications for the 验收申请 list."""
    return workorders.own_orders(actor, KIND)


def document(actor: Actor, order_id: int, key: str) -> tuple[str, bytes]:
    """A document the form page offers now (总结报告模板, 项目投资清单): the engine's rights check."""
    return workorders.document(actor, order_id, key)


def kept_after(actor: Actor) -> list[assessments.KeptSummary]:
    """The enterprise's kept 改造后 self-assessments (what 六、 may point at)."""
    return [k for k in assessments.kept_summaries(actor) if k.label == AFTER]
