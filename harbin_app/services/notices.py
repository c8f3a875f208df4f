"""The messages a transition causes, read from its type's table (no type is named here).

Inside every transition's transaction (engine registry listener) `on_transition` writes:
- to the enterprise's users, for a decision someone else took on its order: a message (消息中心), and
  an SMS where the decision needs the enterprise to act — 驳回 (a transition that asks for an
  opinion), a booking (structured input with a date and a time, no deadline), a conclusion with a deadline
  (the event's due date), 拨付 (finance entering an amount);
- to the users of every staff role that must act next (the roles with a transition from the new
  state): a message.
The actor is never told of its own act. Each message and SMS has the log row's id in its unique key.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from harbin_app.forms import DATE
from harbin_app.forms.checks import AMOUNT, TIME
from harbin_app.models import User
from harbin_app.services import inbox, platform_settings, sms_delivery
from harbin_app.services.actor import ENTERPRISE, FINANCE
from harbin_app.services.engine import registry
from harbin_app.services.engine.transitions import TransitionEvent
from harbin_app.services.engine.types import Transition, Workflow

REJECTED, BOOKING, CONCLUSION, PAYMENT = "sms_rejected", "sms_site_visit", "sms_conclusion", "sms_payment"
MAX_BODY = 600


@dataclass(frozen=True)
class Shape:
    """What kind of decision a transition is, from its declaration and the event."""

    kind: str  # decision | booking | deadline | payment | submitted
    sms: str  # the 设置 template of its SMS to the enterprise, "" for none


def shape_of(tr: Transition, event: TransitionEvent, enterprise_acts_next: bool) -> Shape:
    if event.actor.role == ENTERPRISE:
        return Shape("submitted", "")
    kinds = {f.kind for f in tr.inputs}
    if event.due_date is not None:
        return Shape("deadline", CONCLUSION)
    if event.actor.role == FINANCE and AMOUNT in kinds:
        return Shape("payment", PAYMENT)
    if DATE in kinds and TIME in kinds:  # a booking has a day and an hour (a 公示期 has days only)
        return Shape("booking", BOOKING)
    if tr.opinion_required and enterprise_acts_next:
        return Shape("decision", REJECTED)
    return Shape("decision", "")


def _input_values(tr: Transition, inputs: dict[str, str]) -> list[tuple[str, str, str]]:
    """(kind, label, value) of the input given, in the declaration's order."""
    return [(f.kind, f.label, str(inputs.get(f.key, "")).strip()) for f in tr.inputs if str(inputs.get(f.key, "")).strip()]


def _first(values: list[tuple[str, str, str]], *, kind: str = "", words: tuple[str, ...] = ()) -> str:
    for k, label, value in values:
        if (kind and k == kind) or (words and any(w in label for w in words)):
            return value
    return ""


def sms_values(shape: Shape, wf: Workflow, tr: Transition, event: TransitionEvent) -> dict[str, str]:
    """The placeholders of the shape's template."""
    values = _input_values(tr, event.inputs)
    due = event.due_date.isoformat() if event.due_date else ""
    base = {"企业名称": event.subject_name or "贵企业"}
    if shape.sms == REJECTED:
        return {**base, "事项": wf.label, "意见": event.opinion or "请登录平台查看"}
    if shape.sms == BOOKING:
        when = " ".join(v for v in (_first(values, kind=DATE), _first(values, kind=TIME)) if v)
        return {**base, "日期": when, "地点": _first(values, words=("地点", "地址")), "要求": _first(values, words=("要求",))}
    if shape.sms == CONCLUSION:
        return {**base, "结论": tr.label, "期限": due}
    if shape.sms == PAYMENT:
        return {**base, "金额": _first(values, kind=AMOUNT), "日期": _first(values, kind=DATE)}
    return base


def body_of(wf: Workflow, tr: Transition, event: TransitionEvent, *, needs_action: bool) -> str:
    parts = [f"{event.subject_name or '（未填写企业名称）'}的{wf.label}：{tr.label}，当前状态“{wf.label_of(event.to_state)}”。"]
    if event.opinion:
        parts.append(f"审批意见：{event.opinion}。")
    if given := _input_values(tr, event.inputs):
        parts.append("；".join(f"{label}：{value}" for _k, label, value in given) + "。")
    if event.due_date is not None:
        label = tr.deadline.label if tr.deadline else "办理期限"
        parts.append(f"{label}：{event.due_date.isoformat()}。")
    if needs_action:
        parts.append("请及时办理。")
    return "".join(parts)[:MAX_BODY]


def enterprise_users(session: Session, enterprise_id: int) -> list[User]:
    return list(session.exec(
        select(User).where(User.enterprise_id == enterprise_id, User.role == ENTERPRISE, col(User.is_active).is_(True))
    ).all())


def role_users(session: Session, roles: set[str] | frozenset[str]) -> list[User]:
    if not roles:
        return []
    return list(session.exec(select(User).where(col(User.role).in_(roles), col(User.is_active).is_(True))).all())


def waiting_roles(wf: Workflow, state: str) -> frozenset[str]:
    """The roles that must act on an order in `state` (a transition from it, not optional)."""
    return frozenset(r for r in wf.roles() if state in wf.waiting_states(r))


def on_transition(session: Session, event: TransitionEvent) -> None:
    """The engine's listener: messages and SMS of one transition, in its transaction."""
    wf = registry.get(event.kind).workflow
    tr = wf.transition(event.action)
    if tr is None:
        return
    next_roles = waiting_roles(wf, event.to_state)
    shape = shape_of(tr, event, ENTERPRISE in next_roles)
    key = f"log:{event.log_id}"
    title = f"{wf.label}：{tr.label}"[:64]
    rows: list[dict[str, Any]] = []
    if event.actor.role != ENTERPRISE:
        firm = [u for u in enterprise_users(session, event.enterprise_id) if u.id != event.actor.user_id]
        acts = ENTERPRISE in next_roles
        body = body_of(wf, tr, event, needs_action=acts)
        rows += [dict(user_id=u.id, key=key, kind=shape.kind, order_id=event.order_id, title=title, body=body,
                      needs_action=acts) for u in firm]
        if shape.sms:
            text = platform_settings.current().sms_text(shape.sms, **sms_values(shape, wf, tr, event))
            sms_delivery.queue(session, key, [(u.phone, u.id) for u in firm if u.phone], text, shape.sms, event.order_id)
    staff_roles = next_roles - {ENTERPRISE}
    if staff_roles:
        body = body_of(wf, tr, event, needs_action=True)
        rows += [dict(user_id=u.id, key=key, kind="submitted" if shape.kind == "submitted" else "waiting",
                      order_id=event.order_id, title=title, body=body, needs_action=True)
                 for u in role_users(session, staff_roles) if u.id != event.actor.user_id]
    inbox.add(session, rows)
