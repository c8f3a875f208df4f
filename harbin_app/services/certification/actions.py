"""What the 我的企业 page asks of 企业认证: the enterprise's order, its draft, its submission."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from harbin_app import db
from harbin_app.models import Enterprise
from harbin_app.services import enterprises, workorders
from harbin_app.services.actor import ENTERPRISE, Actor
from harbin_app.services.certification.declaration import KIND, REJECTED, WORKFLOW, blank, normalise
from harbin_app.services.engine import drafts
from harbin_app.services.errors import PermissionDenied


@dataclass(frozen=True)
class CertificationView:
    order_id: int | None
    state: str
    state_label: str
    tone: str
    row_version: int
    content: dict[str, str]
    editable: bool
    certified: bool
    certified_profile: dict[str, str]
    last_opinion: str
    industry_unclear: bool


def require_enterprise(actor: Actor) -> Actor:
    if actor.role != ENTERPRISE:
        raise PermissionDenied("只有企业用户可以办理企业认证")
    if actor.enterprise_id is None:  # an account from before enterprises were made at registration
        actor = replace(actor, enterprise_id=enterprises.enterprise_id_for(actor))
    return actor


def load(actor: Actor) -> CertificationView:
    actor = require_enterprise(actor)
    with db.reading() as session:
        enterprise = session.get(Enterprise, actor.enterprise_id)
        assert enterprise is not None
        order = workorders.latest_for(session, KIND, enterprise.id or 0)
        opinion = ""
        if order is not None and order.state == REJECTED:
            last = workorders.last_decision(session, order.id or 0)
            opinion = last.opinion if last else ""
        state = order.state if order else WORKFLOW.initial
        st = WORKFLOW.state(state)
        content = normalise(drafts.content(session, order)) if order else blank()
        return CertificationView(
            order_id=order.id if order else None, state=state, state_label=st.label, tone=st.tone,
            row_version=order.row_version if order else 0, content=content,
            editable=state in WORKFLOW.editable, certified=enterprise.certified_at is not None,
            certified_profile=dict(enterprise.profile), last_opinion=opinion,
            industry_unclear=enterprise.industry_unclear,
        )


def start(actor: Actor) -> tuple[int, int]:
    """The enterprise's certification order, created (with the form's defaults) on first use:
    (order id, row version)."""
    actor = require_enterprise(actor)
    with db.transaction() as session:
        order = workorders.latest_for(session, KIND, actor.enterprise_id or 0)
        if order is None:
            order = workorders.create(session, actor, KIND, actor.enterprise_id or 0, blank())
        return order.id or 0, order.row_version


def save(actor: Actor, content: dict[str, Any], seen_row_version: int) -> int:
    """Keep the whole draft, however incomplete (保存). Returns the order's new row version."""
    actor = require_enterprise(actor)
    draft = normalise(content)
    with db.transaction() as session:
        order = workorders.latest_for(session, KIND, actor.enterprise_id or 0)
        if order is None:
            order = workorders.create(session, actor, KIND, actor.enterprise_id or 0, draft)
            return order.row_version
        return drafts.replace(session, actor, order, draft, seen_row_version)


def submit(actor: Actor, content: dict[str, Any], seen_row_version: int) -> workorders.TransitionResult:
    """保存 then 提交: the draft is kept even when the submission is refused."""
    actor = require_enterprise(actor)
    row_version = save(actor, content, seen_row_version)
    with db.reading() as session:
        order = workorders.latest_for(session, KIND, actor.enterprise_id or 0)
        assert order is not None
    return workorders.transition(actor, order.id or 0, "submit", seen_row_version=row_version)


def revise(actor: Actor, order_id: int, seen_row_version: int) -> workorders.TransitionResult:
    actor = require_enterprise(actor)
    return workorders.transition(actor, order_id, "revise", seen_row_version=seen_row_version)


@dataclass(frozen=True)
class EnterpriseStatus:
    certified: bool
    pooled: bool
    name: str


def status(actor: Actor) -> EnterpriseStatus:
    if actor.role != ENTERPRISE or actor.enterprise_id is None:
        return EnterpriseStatus(False, False, "")
    with db.reading() as session:
        enterprise = session.get(Enterprise, actor.enterprise_id)
        if enterprise is None:
            return EnterpriseStatus(False, False, "")
        return EnterpriseStatus(enterprise.certified_at is not None, enterprise.pooled_at is not None, enterprise.name)
