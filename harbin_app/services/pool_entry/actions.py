"""What the enterprise's 入库申请 pages ask: add (one per enterprise), open, keep, submit, list."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from harbin_app import db
from harbin_app.models import Enterprise, WorkOrder
from harbin_app.services import snapshots, workorders
from harbin_app.services.actor import ENTERPRISE, Actor
from harbin_app.services.engine import drafts
from harbin_app.services.errors import NotFound, PermissionDenied
from harbin_app.services.pool_entry.declaration import KIND, REJECTED, STAMPED_REJECTED, WORKFLOW
from harbin_app.services.pool_entry.form import blank, prefill
from harbin_app.services.pool_entry.rules import Rules, rules_for


def certified_enterprise(session: Session, actor: Actor) -> Enterprise:
    if actor.role != ENTERPRISE or actor.enterprise_id is None:
        raise PermissionDenied("只有企业用户可以办理入库申请")
    enterprise = session.get(Enterprise, actor.enterprise_id)
    if enterprise is None or enterprise.certified_at is None:
        raise PermissionDenied("企业认证通过后才能办理入库申请，请先完成企业认证")
    return enterprise


def start(actor: Actor) -> int:
    """添加: the enterprise's pool entry (one per enterprise), created prefilled from certification."""
    with db.transaction() as session:
        enterprise = certified_enterprise(session, actor)
        existing = workorders.latest_for(session, KIND, enterprise.id or 0)
        if existing is not None:
            return existing.id or 0
        return workorders.create(session, actor, KIND, enterprise.id or 0, blank(enterprise.profile)).id or 0


@dataclass(frozen=True)
class PoolEntryView:
    order_id: int
    state: str
    state_label: str
    tone: str
    row_version: int
    content: dict[str, Any]
    editable: bool
    last_opinion: str
    rules: Rules


def _own_order(session: Session, enterprise: Enterprise, order_id: int) -> WorkOrder:
    order = session.get(WorkOrder, order_id)
    if order is None or order.kind != KIND or order.enterprise_id != enterprise.id:
        raise NotFound("没有找到该入库申请")
    return order


def load(actor: Actor, order_id: int) -> PoolEntryView:
    """The application to edit or read: the draft while editable (一、基本情况 as certified now),
    else the submitted version."""
    with db.reading() as session:
        enterprise = certified_enterprise(session, actor)
        order = _own_order(session, enterprise, order_id)
        last = workorders.last_decision(session, order.id or 0)
        st = WORKFLOW.state(order.state)
        editable = order.state in WORKFLOW.editable
        if editable:
            content = drafts.content(session, order)
            content["basic"].update(prefill(enterprise.profile))
        else:
            content = snapshots.latest_content(session, order.id or 0) or drafts.content(session, order)
        return PoolEntryView(
            order_id=order.id or 0, state=order.state, state_label=st.label, tone=st.tone,
            row_version=order.row_version, content=content, editable=editable,
            last_opinion=last.opinion if last and order.state in (REJECTED, STAMPED_REJECTED) else "",
            rules=rules_for(enterprise),
        )


def save(actor: Actor, order_id: int, content: dict[str, Any], seen_row_version: int) -> int:
    """保存 of the whole form (a form handed in at once); returns the new row version."""
    with db.transaction() as session:
        enterprise = certified_enterprise(session, actor)
        order = _own_order(session, enterprise, order_id)
        draft = dict(content)
        draft["basic"] = {**(content.get("basic") or {}), **prefill(enterprise.profile)}
        return drafts.replace(session, actor, order, draft, seen_row_version)


def submit(actor: Actor, order_id: int, content: dict[str, Any], seen_row_version: int) -> workorders.TransitionResult:
    """保存 then 提交 (the draft is kept even when the checks refuse the submission)."""
    row_version = save(actor, order_id, content, seen_row_version)
    return workorders.transition(actor, order_id, "submit", seen_row_version=row_version)


def entries(actor: Actor) -> list[workorders.OrderRow]:
    """The enterprise's pool entries for the 入库申请 list."""
    return workorders.own_orders(actor, KIND)
