"""公示 and 拨付 after 验收完成, declared as rows of the 验收申请 table (the engine is unchanged):

验收完成 → 发布公示 (reviewer, in a batch: title, start, end) → 已公示 → 撤回公示 (reviewer, before the
period starts) → 验收完成; after the period, 拨付 (finance: date, amount, voucher) → 部分拨付 → … →
拨付（结清） → 已拨付. The checks of their inputs (an amount above what remains of the subsidy is
refused at the field) and their side effects (the batch's item, the withdrawal, the payment rows),
inside the transition's transaction. Amounts are Decimals of 万元 with at most two decimals."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlmodel import Session, col, select

from harbin_app import clock
from harbin_app.forms import DATE, Field
from harbin_app.forms.checks import AMOUNT
from harbin_app.models import (
    AcceptanceResult,
    Enterprise,
    Payment,
    PublicationBatch,
    PublicationItem,
    PublicationWithdrawal,
    WorkOrder,
    WorkOrderLog,
)
from harbin_app.services import validators as v
from harbin_app.services.actor import Actor
from harbin_app.services.engine.types import Transition
from harbin_app.services.errors import ValidationError

PUBLISHED, PART_PAID, PAID = "published", "part_paid", "paid"
PAYABLE = frozenset({PUBLISHED, PART_PAID})
FUNDING_STATES = frozenset({PUBLISHED, PART_PAID, PAID})
PUBLISH, WITHDRAW, PAY, PAY_FINAL = "publish", "withdraw", "pay", "pay_final"
ZERO = Decimal(0)

PUBLISH_INPUTS = (
    Field("title", "公示标题", max_length=100),
    Field("starts_on", "公示开始日期", kind=DATE, max_length=10),
    Field("ends_on", "公示结束日期", kind=DATE, max_length=10),
)
PAY_INPUTS = (
    Field("paid_on", "拨付日期", kind=DATE, max_length=10),
    Field("amount", "拨付金额(万元)", kind=AMOUNT, max_length=20),
    Field("voucher", "凭证号", max_length=64),
)


def dec(text: str | None) -> Decimal:
    return v.parse_decimal(text or "0") or ZERO


def money(value: Decimal) -> str:
    return f"{value:.2f}"


def current_item(session: Session, order_id: int) -> PublicationItem | None:
    """The order's latest listing in a batch that it was not withdrawn from."""
    withdrawn = select(PublicationWithdrawal.batch_id).where(PublicationWithdrawal.order_id == order_id)
    return session.exec(
        select(PublicationItem).where(PublicationItem.order_id == order_id,
                                      col(PublicationItem.batch_id).not_in(withdrawn))
        .order_by(col(PublicationItem.id).desc())
    ).first()


def paid_total(session: Session, order_id: int) -> Decimal:
    rows = session.exec(select(Payment.amount).where(Payment.order_id == order_id)).all()
    return sum((dec(a) for a in rows), ZERO)


def _subsidy(session: Session, order: WorkOrder) -> Decimal:
    result = session.get(AcceptanceResult, order.id)
    return dec(result.subsidy_amount) if result is not None else ZERO


def check_publish(given: dict[str, str]) -> dict[str, str]:
    start, end = v.parse_date(given["starts_on"]), v.parse_date(given["ends_on"])
    errors: dict[str, str] = {}
    if start is not None and start < clock.today_china():
        errors["starts_on"] = "公示开始日期不能早于今天"
    if start is not None and end is not None and end < start:
        errors["ends_on"] = "公示结束日期不能早于开始日期"
    return errors


def _check_withdraw(session: Session, order: WorkOrder) -> dict[str, str]:
    item = current_item(session, order.id or 0)
    batch = session.get(PublicationBatch, item.batch_id) if item else None
    if batch is None:
        return {"opinion": "没有找到该项目所在的公示批次"}
    if batch.starts_on <= clock.today_china():
        return {"opinion": f"公示期已于 {batch.starts_on.isoformat()} 开始，不能撤回"}
    return {}


def _check_pay(session: Session, order: WorkOrder, tr: Transition, given: dict[str, str]) -> dict[str, str]:
    item = current_item(session, order.id or 0)
    batch = session.get(PublicationBatch, item.batch_id) if item else None
    today = clock.today_china()
    if batch is None:
        return {"amount": "该项目尚未公示，不能拨付"}
    if batch.ends_on >= today:
        return {"amount": f"公示期至 {batch.ends_on.isoformat()} 结束，公示期满后方可拨付"}
    errors: dict[str, str] = {}
    paid_on = v.parse_date(given["paid_on"])
    if paid_on is not None and paid_on > today:
        errors["paid_on"] = "拨付日期不能晚于今天"
    elif paid_on is not None and paid_on <= batch.ends_on:
        errors["paid_on"] = f"拨付日期应在公示期满（{batch.ends_on.isoformat()}）之后"
    amount = dec(given["amount"])
    subsidy, paid = _subsidy(session, order), paid_total(session, order.id or 0)
    remaining = subsidy - paid
    if amount <= 0:
        errors["amount"] = "拨付金额须大于 0"
    elif amount > remaining:
        errors["amount"] = (f"拨付金额不能超过剩余未拨付金额 {money(remaining)} 万元"
                            f"（补贴金额 {money(subsidy)} 万元，已拨付 {money(paid)} 万元）")
    elif tr.action == PAY and amount == remaining:
        errors["amount"] = "本次拨付后补贴金额已全部拨付，请选择“拨付（结清）”"
    elif tr.action == PAY_FINAL and amount != remaining:
        errors["amount"] = f"结清时拨付金额应为剩余未拨付金额 {money(remaining)} 万元"
    return errors


def validate_input(session: Session, order: WorkOrder, tr: Transition, given: dict[str, str]) -> dict[str, str] | None:
    """The checks of the funding rows' input; None for a transition that is not one of them."""
    if tr.action == PUBLISH:
        return check_publish(given)
    if tr.action == WITHDRAW:
        return _check_withdraw(session, order)
    if tr.action in (PAY, PAY_FINAL):
        return _check_pay(session, order, tr, given)
    return None


def _batch_for(session: Session, actor: Actor, extra: dict[str, Any]) -> PublicationBatch:
    """The batch the transition publishes in: made by the batch action beforehand (`batch_id`), or
    one of its own for a single project published from 待办详情."""
    if extra.get("batch_id"):
        batch = session.get(PublicationBatch, int(extra["batch_id"]))
        assert batch is not None
        return batch
    given = extra["input"]
    return new_batch(session, actor, given["title"], given["starts_on"], given["ends_on"])


def new_batch(session: Session, actor: Actor, title: str, starts_on: str, ends_on: str) -> PublicationBatch:
    start, end = v.parse_date(starts_on), v.parse_date(ends_on)
    if start is None or end is None or not title.strip():
        raise ValidationError("请填写公示标题和公示期", fields={"title": "请填写公示标题"} if not title.strip() else {})
    batch = PublicationBatch(title=title.strip()[:100], starts_on=start, ends_on=end, created_at=clock.now(),
                             created_by=actor.user_id, created_by_name=actor.name[:64])
    session.add(batch)
    session.flush()
    return batch


def _log_row(session: Session, order: WorkOrder, action: str) -> WorkOrderLog:
    """The transition's log row (written just before, in the same transaction)."""
    session.flush()
    row = session.exec(
        select(WorkOrderLog).where(WorkOrderLog.order_id == order.id, WorkOrderLog.action == action)
        .order_by(col(WorkOrderLog.id).desc())
    ).first()
    assert row is not None
    return row


def on_transition(session: Session, order: WorkOrder, tr: Transition, actor: Actor, extra: dict[str, Any]) -> bool:
    """The rows of the funding transitions; False for a transition that is not one of them."""
    if tr.action not in (PUBLISH, WITHDRAW, PAY, PAY_FINAL):
        return False
    logged = _log_row(session, order, tr.action)
    log_id = logged.id or 0
    if tr.action == PUBLISH:
        batch = _batch_for(session, actor, extra)
        result = session.get(AcceptanceResult, order.id)
        enterprise = session.get(Enterprise, order.enterprise_id)
        if result is None or result.accepted_at is None:
            raise ValidationError("没有找到该申请的验收结论，不能公示")
        session.add(PublicationItem(
            batch_id=batch.id or 0, order_id=order.id or 0, enterprise_id=order.enterprise_id,
            enterprise_name=((enterprise.name if enterprise else "") or order.subject_name)[:64],
            project_names=result.project_names, industry=result.industry,
            recognised_amount=result.recognised_amount, subsidy_amount=result.subsidy_amount, log_id=log_id,
        ))
        return True
    if tr.action == WITHDRAW:
        item = current_item(session, order.id or 0)
        if item is None:
            raise ValidationError("没有找到该项目所在的公示批次")
        session.add(PublicationWithdrawal(batch_id=item.batch_id, order_id=order.id or 0, log_id=log_id,
                                          at=clock.now(), actor_id=actor.user_id,
                                          reason=logged.opinion[:2000]))
        return True
    if tr.action in (PAY, PAY_FINAL):
        item = current_item(session, order.id or 0)
        given = extra["input"]
        paid_on = v.parse_date(given["paid_on"])
        if item is None or paid_on is None:
            raise ValidationError("该项目尚未公示，不能拨付")
        session.add(Payment(
            order_id=order.id or 0, enterprise_id=order.enterprise_id, batch_id=item.batch_id, paid_on=paid_on,
            amount=money(dec(given["amount"])), voucher=given["voucher"][:64], log_id=log_id,
            created_at=clock.now(), created_by=actor.user_id,
        ))
        return True
    return False
