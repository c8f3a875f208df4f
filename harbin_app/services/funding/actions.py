"""公示与拨付's actions, each one transition (or one batch of them) of the engine: the rights are the
table's (policy), the checks the declaration's (acceptance/publication.py), one transaction each."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, select

from harbin_app import db
from harbin_app.forms.checks import input_problem
from harbin_app.models import AcceptanceResult, PublicationItem, PublicationWithdrawal, WorkOrder
from harbin_app.services import workorders as wo
from harbin_app.services.acceptance import publication as pub
from harbin_app.services.actor import Actor
from harbin_app.services.errors import PermissionDenied, ValidationError
from harbin_app.services.funding.views import can_pay, can_publish


def publish(
    actor: Actor, orders: Sequence[tuple[int, int]], title: str, starts_on: str, ends_on: str,
) -> list[wo.TransitionResult]:
    """One 公示批次 of the selected projects ((order id, row version seen) each): all or none, each
    project's log its row, the batch made in the same transaction."""
    if not can_publish(actor):
        raise PermissionDenied("只有市工信局审核员可以发布公示")
    given = {"title": title.strip(), "starts_on": starts_on.strip(), "ends_on": ends_on.strip()}
    errors = {f.key: m for f in pub.PUBLISH_INPUTS if (m := input_problem(f, given[f.key]))}
    if not errors:
        errors = pub.check_publish(given)
    if errors:
        raise ValidationError("请按提示填写公示批次", fields=errors)

    def make_batch(session: Session) -> dict[str, int]:
        return {"batch_id": pub.new_batch(session, actor, **given).id or 0}

    return wo.transition_many(actor, list(orders), pub.PUBLISH, inputs=given, before=make_batch)


def withdraw(actor: Actor, batch_id: int, reason: str) -> list[wo.TransitionResult]:
    """撤回 a whole batch before its period starts: each of its projects back to 验收完成."""
    if not can_publish(actor):
        raise PermissionDenied("只有市工信局审核员可以撤回公示")
    if not reason.strip():
        raise ValidationError(fields={"opinion": "请填写撤回原因"})
    with db.reading() as session:
        out = select(PublicationWithdrawal.order_id).where(PublicationWithdrawal.batch_id == batch_id)
        ids = session.exec(select(PublicationItem.order_id).where(
            PublicationItem.batch_id == batch_id, col(PublicationItem.order_id).not_in(out))).all()
        orders = [(o.id or 0, o.row_version) for o in session.exec(
            select(WorkOrder).where(col(WorkOrder.id).in_(ids)).order_by(col(WorkOrder.id))).all()]
    if not orders:
        raise ValidationError("该公示批次已撤回")
    return wo.transition_many(actor, orders, pub.WITHDRAW, opinion=reason)


def pay(actor: Actor, order_id: int, seen_row_version: int, paid_on: str, amount: str, voucher: str) -> wo.TransitionResult:
    """拨付 of one project: an instalment (→ 部分拨付), or what remains (→ 已拨付). An amount above
    what remains of the subsidy is refused at the field."""
    if not can_pay(actor):
        raise PermissionDenied("只有市财政局用户可以登记拨付")
    with db.reading() as session:
        order = session.get(WorkOrder, order_id)
        remaining = None
        if order is not None:
            result = session.get(AcceptanceResult, order_id)
            if result is not None:
                remaining = pub.dec(result.subsidy_amount) - pub.paid_total(session, order_id)
    if remaining is not None and remaining <= 0:
        raise ValidationError("该项目补贴金额已全部拨付", fields={"amount": "该项目补贴金额已全部拨付，无需再登记拨付"})
    value = pub.dec(amount) if input_problem(pub.PAY_INPUTS[1], amount) == "" else None
    action = pub.PAY_FINAL if value is not None and remaining is not None and value == remaining else pub.PAY
    return wo.transition(actor, order_id, action, seen_row_version=seen_row_version,
                         inputs={"paid_on": paid_on, "amount": amount, "voucher": voucher})
