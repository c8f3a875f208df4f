"""The one policy: every read and write decision about work orders, their files, their snapshots
and log, and the enterprise's kept self-assessments, answered from the types' tables.

- An order is read by the roles its table lists for its state (ENTERPRISE: the owner only).
- The owner enterprise edits the draft in the table's editable states.
- A transition is taken by the roles its row lists, from its source states (ENTERPRISE: the owner).
- A stored file is read by its enterprise, and by whoever may read an order it belongs to.
- Kept self-assessments are read by their enterprise, and by whoever may read an order of that
  enterprise whose type shows them.
Nothing else in the platform decides these; services ask here.
"""

from __future__ import annotations

from sqlalchemy import and_, false, or_
from sqlmodel import Session, col, select

from harbin_app.models import OrderFile, StoredFile, WorkOrder, WorkOrderAttachment
from harbin_app.services.actor import ENTERPRISE, Actor
from harbin_app.services.engine import registry
from harbin_app.services.engine.types import EVERY_STATE, Transition


def is_owner(actor: Actor, enterprise_id: int | None) -> bool:
    return actor.role == ENTERPRISE and actor.enterprise_id is not None and actor.enterprise_id == enterprise_id


def can_read(actor: Actor, order: WorkOrder) -> bool:
    wf = registry.get(order.kind).workflow
    if actor.role == ENTERPRISE and not is_owner(actor, order.enterprise_id):
        return False
    return wf.reads(actor.role, order.state)


def read_condition(actor: Actor):  # noqa: ANN201  (an SQL condition)
    """The orders `actor` may read, as an SQL condition (for lists and counts)."""
    parts = []
    for ot in registry.all_types():
        states = ot.workflow.readers.get(actor.role)
        if states is None:
            continue
        cond = WorkOrder.kind == ot.kind
        if states != EVERY_STATE:
            cond = and_(cond, col(WorkOrder.state).in_(states))
        parts.append(cond)
    if not parts:
        return false()
    condition = or_(*parts)
    if actor.role == ENTERPRISE:
        condition = and_(WorkOrder.enterprise_id == (actor.enterprise_id or -1), condition)
    return condition


def can_create(actor: Actor, kind: str) -> bool:
    registry.get(kind)
    return actor.role == ENTERPRISE and actor.enterprise_id is not None


def can_edit(actor: Actor, order: WorkOrder) -> bool:
    return is_owner(actor, order.enterprise_id) and order.state in registry.get(order.kind).workflow.editable


def edit_condition(actor: Actor, kind: str):  # noqa: ANN201
    """The SQL condition under which `actor` may write the draft of an order of `kind`."""
    if actor.role != ENTERPRISE or actor.enterprise_id is None:
        return false()
    editable = registry.get(kind).workflow.editable
    return and_(
        WorkOrder.kind == kind, WorkOrder.enterprise_id == actor.enterprise_id, col(WorkOrder.state).in_(editable)
    )


def transition_for(actor: Actor, order: WorkOrder, action: str) -> Transition | None:
    """The transition `actor` may take by `action` on `order` now, or None."""
    if not can_read(actor, order):
        return None
    return registry.get(order.kind).workflow.find(action, order.state, actor.role)


def actions_for(actor: Actor, order: WorkOrder) -> list[Transition]:
    if not can_read(actor, order):
        return []
    return registry.get(order.kind).workflow.actions_for(order.state, actor.role)


def can_view_queue(actor: Actor, kind: str) -> bool:
    """A review queue of a kind: the staff roles that act in its table on orders in flight (a role
    that only reads an order, or acts only once the flow is finished — finance paying an accepted
    验收申请 — sees it where it works, not in a review queue)."""
    wf = registry.get(kind).workflow
    finished = wf.finished_states()
    acting = {role for tr in wf.transitions if tr.sources - finished for role in tr.roles}
    return actor.role != ENTERPRISE and actor.role in acting


def can_read_file(session: Session, actor: Actor, stored: StoredFile) -> bool:
    if is_owner(actor, stored.enterprise_id):
        return True
    if actor.role in ("", ENTERPRISE):
        return False
    attached = select(WorkOrderAttachment.order_id).where(WorkOrderAttachment.file_id == stored.id)
    handed_in = select(OrderFile.order_id).where(OrderFile.file_id == stored.id)
    orders = session.exec(
        select(WorkOrder).where(or_(col(WorkOrder.id).in_(attached), col(WorkOrder.id).in_(handed_in)))
    ).all()
    return any(can_read(actor, o) for o in orders)


def can_read_assessments(session: Session, actor: Actor, enterprise_id: int) -> bool:
    """Its enterprise; a role that reads every order of a type showing them; a reader of an order
    of that enterprise whose type shows them."""
    if is_owner(actor, enterprise_id):
        return True
    if actor.role in ("", ENTERPRISE):
        return False
    showing = [ot for ot in registry.all_types() if ot.shows_assessments]
    if any(ot.workflow.readers.get(actor.role) == EVERY_STATE for ot in showing):
        return True
    kinds = [ot.kind for ot in showing]
    if not kinds:
        return False
    orders = session.exec(
        select(WorkOrder).where(WorkOrder.enterprise_id == enterprise_id, col(WorkOrder.kind).in_(kinds))
    ).all()
    return any(can_read(actor, o) for o in orders)


def readable_kinds(actor: Actor) -> list[str]:
    return [ot.kind for ot in registry.all_types() if actor.role in ot.workflow.readers]
