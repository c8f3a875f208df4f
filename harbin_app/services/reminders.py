"""Reminders, found by a periodic scan (services/jobs.py runs `scan` in every backend worker):

- a deadline close (期限前提醒, days from 设置, e.g. 3 and 1): to whoever must act on the order in
  its state — the enterprise's users by message and SMS (the 期限提醒 template), staff by message.
  Of the thresholds the nearest one reached is sent (a scan after a long stop sends one reminder,
  not every missed one), and none that the deadline was already that close when it was set (the
  decision's own message said it);
- an order waiting for a staff role longer than N working days (审核提醒, 设置): to that role's users.

Each reminder is a `Reminder` row, unique per (kind, order, row version, days): the scan inserts it
with ON CONFLICT DO NOTHING … RETURNING and writes its messages only for the rows it inserted
itself, in the same transaction. Two workers scanning at once write each reminder once; a scan
after a restart finds the reminders already written and writes nothing again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import exists
from sqlmodel import Session, col, func, select

from harbin_app import clock, db
from harbin_app.models import Reminder, WorkOrder, WorkOrderLog
from harbin_app.services import inbox, platform_settings, sms_delivery, workdays
from harbin_app.services.actor import ENTERPRISE
from harbin_app.services.engine import registry
from harbin_app.services.engine.queries import states_where
from harbin_app.services.notices import enterprise_users, role_users, waiting_roles

DEADLINE, WAITING = "deadline", "waiting"
BATCH = 500
TEMPLATE = "sms_deadline"


@dataclass(frozen=True)
class ScanResult:
    deadline: int  # reminders written by this scan
    waiting: int


def nearest_threshold(days_left: int, thresholds: tuple[int, ...]) -> int | None:
    """The smallest threshold reached (3 and 1: 3 days left → 3, 2 → 3, 1 or 0 → 1), None if none."""
    reached = [d for d in thresholds if 0 <= days_left <= d]
    return min(reached) if reached else None


def _claim(session: Session, rows: list[dict]) -> set[int]:
    """Insert reminder rows; the order ids of those this transaction inserted."""
    if not rows:
        return set()
    insert = inbox.insert_for(session)
    stmt = (
        insert(Reminder).values(rows)
        .on_conflict_do_nothing(index_elements=["kind", "order_id", "row_version", "days"])
        .returning(Reminder.order_id)
    )
    return {order_id for (order_id,) in session.execute(stmt).all()}


def _set_on(session: Session, order: WorkOrder) -> date:
    """The China date of the transition that brought the order into its state (and its deadline)."""
    at = session.exec(
        select(func.max(WorkOrderLog.at)).where(WorkOrderLog.order_id == order.id, WorkOrderLog.to_state == order.state)
    ).one()
    return at.astimezone(clock.CHINA).date() if at else clock.today_china()


def _deadline_reminders(session: Session, today: date) -> int:
    s = platform_settings.current()
    thresholds = s.deadline_reminder_days
    if not thresholds:
        return 0
    orders = session.exec(
        select(WorkOrder).where(
            col(WorkOrder.due_date).is_not(None), col(WorkOrder.due_date) >= today,
            col(WorkOrder.due_date) <= today + timedelta(days=max(thresholds)),
        ).order_by(col(WorkOrder.id))
    ).all()
    wanted: dict[int, tuple[WorkOrder, int]] = {}
    for order in orders:
        assert order.due_date is not None
        threshold = nearest_threshold((order.due_date - today).days, thresholds)
        if threshold is None or (order.due_date - _set_on(session, order)).days <= threshold:
            continue
        wanted[order.id or 0] = (order, threshold)
    won = _claim(session, [
        dict(kind=DEADLINE, order_id=oid, row_version=o.row_version, days=d, created_at=clock.now())
        for oid, (o, d) in wanted.items()
    ])
    for oid in sorted(won):
        order, threshold = wanted[oid]
        assert order.due_date is not None
        wf = registry.get(order.kind).workflow
        left = (order.due_date - today).days
        key = f"due:{oid}:{order.row_version}:{threshold}"
        roles = waiting_roles(wf, order.state)
        name = order.subject_name or "（未填写企业名称）"
        title = f"{wf.label}：期限提醒"
        body = (f"{name}的{wf.label}（{wf.label_of(order.state)}）办理期限为 {order.due_date.isoformat()}，"
                f"{'今天到期' if left == 0 else f'还有 {left} 天'}，请及时办理。")
        users = (enterprise_users(session, order.enterprise_id) if ENTERPRISE in roles else []) + role_users(
            session, roles - {ENTERPRISE})
        inbox.add(session, [dict(user_id=u.id, key=key, kind="reminder", order_id=oid, title=title, body=body,
                                 needs_action=True) for u in users])
        if ENTERPRISE in roles:
            text = s.sms_text(TEMPLATE, 企业名称=order.subject_name or "贵企业", 事项=wf.label,
                              期限=order.due_date.isoformat(), 剩余天数=left)
            firm = [(u.phone, u.id) for u in users if u.role == ENTERPRISE and u.phone]
            sms_delivery.queue(session, key, firm, text, TEMPLATE, oid)
    return len(won)


def waiting_cutoff(today: date, workdays_count: int) -> datetime:
    """Orders that arrived in their state before this moment have waited longer than
    `workdays_count` working days (arrival day and today not counted)."""
    day = workdays.workdays_back(today, workdays_count)
    return datetime.combine(day, time(0), tzinfo=clock.CHINA).astimezone(UTC)


def _staff_waiting(wf) -> frozenset[str]:  # noqa: ANN001
    return frozenset(s for role in wf.staff_roles() for s in wf.waiting_states(role))


def _waiting_reminders(session: Session, today: date) -> int:
    n = platform_settings.current().reviewer_reminder_workdays
    cutoff = waiting_cutoff(today, n)
    done = exists().where(
        Reminder.kind == WAITING, Reminder.order_id == WorkOrder.id, Reminder.row_version == WorkOrder.row_version,
    )
    orders = session.exec(
        select(WorkOrder).where(states_where(_staff_waiting), col(WorkOrder.updated_at) < cutoff, ~done)
        .order_by(col(WorkOrder.id)).limit(BATCH)
    ).all()
    by_id = {o.id or 0: o for o in orders}
    won = _claim(session, [
        dict(kind=WAITING, order_id=oid, row_version=o.row_version, days=0, created_at=clock.now())
        for oid, o in by_id.items()
    ])
    staff: dict[frozenset[str], list] = {}
    for oid in sorted(won):
        order = by_id[oid]
        wf = registry.get(order.kind).workflow
        roles = waiting_roles(wf, order.state) - {ENTERPRISE}
        if roles not in staff:
            staff[roles] = role_users(session, roles)
        since = clock.fmt_date(order.updated_at)
        body = (f"{order.subject_name or '（未填写企业名称）'}的{wf.label}自 {since} 起处于“{wf.label_of(order.state)}”，"
                f"已等待超过 {n} 个工作日，请尽快办理。")
        inbox.add(session, [
            dict(user_id=u.id, key=f"wait:{oid}:{order.row_version}", kind="reminder", order_id=oid,
                 title=f"{wf.label}：等待办理超过 {n} 个工作日"[:64], body=body, needs_action=True)
            for u in staff[roles]
        ])
    return len(won)


def scan() -> ScanResult:
    """One pass over the deadlines and the waiting orders (each in its own transaction)."""
    today = clock.today_china()
    with db.transaction() as session:
        deadline = _deadline_reminders(session, today)
    waiting = 0
    while True:
        with db.transaction() as session:
            written = _waiting_reminders(session, today)
        waiting += written
        if written < BATCH:
            break
    return ScanResult(deadline, waiting)
