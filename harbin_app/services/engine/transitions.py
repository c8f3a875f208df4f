"""Creating orders and moving them through their workflow, one at a time or many at once.

A transition writes in ONE transaction: the conditional state change (only from the row version the
user saw, so two reviewers, two tabs or a double click cannot both act), the snapshot of submitted
content, the append-only log row (with the transition's structured input and deadline) and the
type's side effects. A batch does the same for every order in one transaction: all or none.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, update

from harbin_app import clock, db
from harbin_app.forms.checks import input_problem
from harbin_app.forms.values import id_path
from harbin_app.models import WorkOrder, WorkOrderLog, WorkOrderSnapshot
from harbin_app.services import validators as v
from harbin_app.services.actor import Actor
from harbin_app.services.errors import Conflict, NotFound, PermissionDenied, ValidationError
from harbin_app.services.engine import drafts, policy, registry
from harbin_app.services.engine.types import OrderType, Transition

MAX_OPINION = 2000
NOT_FOUND = "没有找到该事项，可能已被删除或您无权查看"


@dataclass(frozen=True)
class TransitionEvent:
    """What a listener is told of a transition, inside its transaction."""

    order_id: int
    kind: str
    enterprise_id: int
    subject_name: str
    action: str
    label: str
    from_state: str
    to_state: str
    actor: Actor
    opinion: str
    inputs: dict[str, str]
    due_date: date | None
    log_id: int


@dataclass(frozen=True)
class TransitionResult:
    order_id: int
    kind: str
    enterprise_id: int
    action: str
    from_state: str
    to_state: str
    row_version: int


def log(
    session: Session, order: WorkOrder, actor: Actor, action: str, label: str, from_state: str, to_state: str,
    *, opinion: str = "", snapshot_version: int | None = None, extra: dict[str, Any] | None = None,
) -> WorkOrderLog:
    row = WorkOrderLog(
        order_id=order.id or 0, at=clock.now(), actor_id=actor.user_id, actor_name=actor.name,
        actor_role=actor.role, action=action, action_label=label, from_state=from_state, to_state=to_state,
        opinion=opinion, snapshot_version=snapshot_version, extra=extra or {},
    )
    session.add(row)
    return row


def load(session: Session, actor: Actor, order_id: int) -> WorkOrder:
    """The order, if the actor may read it (else NotFound: an order one may not see does not exist)."""
    order = session.get(WorkOrder, order_id)
    if order is None or not policy.can_read(actor, order):
        raise NotFound(NOT_FOUND)
    return order


def create(session: Session, actor: Actor, kind: str, enterprise_id: int, content: dict[str, Any]) -> WorkOrder:
    """A new order in its initial state, owned by the actor's enterprise (inside the caller's transaction)."""
    if not policy.can_create(actor, kind) or actor.enterprise_id != enterprise_id:
        raise PermissionDenied("只有本企业的企业用户可以创建此事项")
    ot = registry.get(kind)
    now = clock.now()
    name, code, industry = ot.summary(ot.form.normalise(content))
    order = WorkOrder(
        kind=kind, enterprise_id=enterprise_id, state=ot.workflow.initial, created_at=now, updated_at=now,
        subject_name=name[:64], credit_code=code[:18], industry=industry[:32],
    )
    session.add(order)
    session.flush()
    drafts.store_all(session, order, content, check=False)
    log(session, order, actor, "create", "创建", "", ot.workflow.initial)
    return order


def inputs_of(session: Session, ot: OrderType, order: WorkOrder, tr: Transition, given: dict[str, Any]) -> dict[str, str]:
    """A transition's structured input, checked field by field (ValidationError at the fields)."""
    cleaned = {f.key: str(given.get(f.key) or "").strip() for f in tr.inputs}
    errors = {f.key: m for f in tr.inputs if (m := input_problem(f, cleaned[f.key]))}
    if tr.deadline and tr.deadline.input_key and tr.deadline.input_key not in errors:
        due = v.parse_date(cleaned[tr.deadline.input_key])
        if due is not None and due <= clock.today_china():
            errors[tr.deadline.input_key] = f"{tr.deadline.label}须晚于今天"
    if not errors and ot.validate_input is not None:
        errors = ot.validate_input(session, order, tr, cleaned)
    if errors:
        raise ValidationError("请按提示填写办理信息", fields=errors)
    return cleaned


def _due_date(tr: Transition, cleaned: dict[str, str]) -> date | None:
    if tr.deadline is None:
        return None
    if tr.deadline.input_key:
        return v.parse_date(cleaned[tr.deadline.input_key])
    return clock.today_china() + timedelta(days=tr.deadline.days)


def _apply(
    session: Session, actor: Actor, order_id: int, action: str, seen_row_version: int,
    opinion: str, given: dict[str, Any], extra: dict[str, Any], *, batch: bool = False,
) -> TransitionResult:
    order = load(session, actor, order_id)
    ot = registry.get(order.kind)
    wf = ot.workflow
    from_state = order.state
    if order.row_version != seen_row_version:
        raise Conflict(f"该事项已有新的变化（当前状态：{wf.label_of(order.state)}），页面已更新，请查看后再操作")
    tr = policy.transition_for(actor, order, action)
    if tr is None:
        raise PermissionDenied(f"当前状态“{wf.label_of(from_state)}”下您不能执行此操作")
    if batch and not tr.batch:
        raise PermissionDenied(f"“{tr.label}”不能批量办理")
    if tr.opinion_required and not opinion:
        raise ValidationError(fields={"opinion": f"{tr.label}时必须填写审批意见"})
    if len(opinion) > MAX_OPINION:
        raise ValidationError(fields={"opinion": f"审批意见不能超过 {MAX_OPINION} 字"})
    if problem := v.unsavable_problem(opinion, "审批意见"):
        raise ValidationError(fields={"opinion": problem})
    cleaned = inputs_of(session, ot, order, tr, given)
    due = _due_date(tr, cleaned)
    values: dict[str, Any] = {
        "state": tr.target, "row_version": seen_row_version + 1, "updated_at": clock.now(), "due_date": due,
    }
    snapshot_version = None
    submitted: dict[str, Any] = {}
    if tr.snapshot:
        content = drafts.content(session, order)
        if ot.prepare is not None:
            content = ot.prepare(session, order, content)
        if errors := ot.validate(session, order, content):
            raise ValidationError(
                "提交前还有内容需要修改，请按提示处理",
                fields={id_path(ot.form, content, path): message for path, message in errors.items()},
            )
        submitted = ot.form.normalise(content)
        snapshot_version = order.version + 1
        name, code, industry = ot.summary(submitted)
        values.update(
            version=snapshot_version, subject_name=name[:64], credit_code=code[:18],
            industry=industry[:32], submitted_at=clock.now(),
        )
    moved = session.exec(
        update(WorkOrder)
        .where(col(WorkOrder.id) == order.id, WorkOrder.row_version == seen_row_version, WorkOrder.state == from_state)
        .values(**values)
    )
    if moved.rowcount != 1:
        raise Conflict("该事项刚刚已被处理，页面已更新，请查看最新状态")
    session.expire(order)
    if snapshot_version is not None:
        session.add(WorkOrderSnapshot(
            order_id=order.id or 0, version=snapshot_version, content=submitted,
            created_at=clock.now(), created_by=actor.user_id,
        ))
    logged = dict(extra)
    if cleaned:
        logged["input"] = cleaned
    if due is not None:
        logged["due_date"] = due.isoformat()
    row = log(session, order, actor, tr.action, tr.label, from_state, tr.target,
              opinion=opinion, snapshot_version=snapshot_version or order.version or None, extra=logged)
    if ot.on_transition is not None:
        ot.on_transition(session, order, tr, actor, logged)
    if listeners := registry.listeners():
        session.flush()
        event = TransitionEvent(
            order_id=order.id or 0, kind=order.kind, enterprise_id=order.enterprise_id,
            subject_name=order.subject_name, action=tr.action, label=tr.label, from_state=from_state,
            to_state=tr.target, actor=actor, opinion=opinion, inputs=cleaned, due_date=due, log_id=row.id or 0,
        )
        for listener in listeners:
            listener(session, event)
    return TransitionResult(
        order_id=order.id or 0, kind=order.kind, enterprise_id=order.enterprise_id, action=tr.action,
        from_state=from_state, to_state=tr.target, row_version=seen_row_version + 1,
    )


def transition(
    actor: Actor, order_id: int, action: str, *, seen_row_version: int, opinion: str = "",
    inputs: dict[str, Any] | None = None, extra: dict[str, Any] | None = None,
) -> TransitionResult:
    """Move an order by `action`, from the row version the user saw."""
    try:
        with db.transaction() as session:
            return _apply(session, actor, order_id, action, seen_row_version,
                          (opinion or "").strip(), dict(inputs or {}), dict(extra or {}))
    except IntegrityError as exc:  # a unique rule the checks above could not see (a race)
        raise Conflict("数据与其他记录冲突（可能刚被他人修改），请刷新后重试") from exc


def transition_many(
    actor: Actor, orders: Sequence[tuple[int, int]], action: str, *, opinion: str = "",
    inputs: dict[str, Any] | None = None, extra: dict[str, Any] | None = None,
    before: Callable[[Session], dict[str, Any]] | None = None,
) -> list[TransitionResult]:
    """One action over several orders ((order id, row version seen) each) in ONE transaction: every
    order moves and gets its own log row, or none does. `before` runs first in the same
    transaction (e.g. to create the batch record) and gives extra values for every log row."""
    if not orders:
        raise ValidationError("请至少选择一项")
    if len({order_id for order_id, _ in orders}) != len(orders):
        raise ValidationError("同一事项不能重复选择")
    try:
        with db.transaction() as session:
            shared = dict(extra or {})
            if before is not None:
                shared.update(before(session))
            results = []
            for order_id, seen in orders:
                try:
                    results.append(_apply(session, actor, order_id, action, seen,
                                          (opinion or "").strip(), dict(inputs or {}), shared, batch=True))
                except (Conflict, PermissionDenied, NotFound) as exc:
                    order = session.get(WorkOrder, order_id)
                    name = order.subject_name if order is not None and policy.can_read(actor, order) else f"#{order_id}"
                    raise type(exc)(f"“{name}”：{exc.message}。本次操作未执行，请刷新后重试") from exc
            return results
    except IntegrityError as exc:
        raise Conflict("数据与其他记录冲突（可能刚被他人修改），请刷新后重试") from exc
