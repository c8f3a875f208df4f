"""SMS notices: queued in the deciding transaction, delivered once by the job worker.

`queue` inserts one row per phone with ON CONFLICT DO NOTHING on (key, phone): a notice is queued
once whoever races. `deliver_pending` (run by the scheduler of every backend worker, services/jobs.py)
claims each due row by a conditional UPDATE (pending → sending, naming the worker) — of two workers
only one gets the row — sends it through the SMS gateway, then records sent. A failed send is retried
later (up to MAX_ATTEMPTS, then failed). A row left in sending by a worker that died mid-send is
claimed again after STALE_CLAIM, with the same message id, which the gateway passes on so that a
provider can drop the repeat.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import and_, event, or_
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, col, select, update

from harbin_app import clock, db
from harbin_app.models import SmsNotice
from harbin_app.services import sms
from harbin_app.services.inbox import insert_for

log = logging.getLogger("harbin_app.sms_delivery")
PENDING, SENDING, SENT, FAILED = "pending", "sending", "sent", "failed"
STALE_CLAIM = timedelta(minutes=10)
MAX_ATTEMPTS = 5
BACKOFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=15), timedelta(hours=1))
BATCH = 100
_INFO_KEY = "harbin_sms_queued"
_wake_hooks: list[Callable[[], None]] = []


def queue(
    session: Session, key: str, recipients: list[tuple[str, int | None]], text: str, template: str, order_id: int | None,
) -> None:
    """Queue `text` to each (phone, user id), unless queued under `key` already."""
    seen: set[str] = set()
    rows = []
    for phone, user_id in recipients:
        if phone and phone not in seen:
            seen.add(phone)
            rows.append(dict(
                key=key, phone=phone, user_id=user_id, order_id=order_id, template=template, text=text[:600],
                status=PENDING, attempts=0, created_at=clock.now(), claimed_by="", error="",
            ))
    if not rows:
        return
    insert = insert_for(session)
    session.execute(insert(SmsNotice).values(rows).on_conflict_do_nothing(index_elements=["key", "phone"]))
    session.info[_INFO_KEY] = True


def on_queued(hook: Callable[[], None]) -> None:
    """`hook()` after a commit that queued notices (the scheduler runs the delivery at once)."""
    if hook not in _wake_hooks:
        _wake_hooks.append(hook)


@event.listens_for(OrmSession, "after_commit")
def _after_commit(session: OrmSession) -> None:
    if session.info.pop(_INFO_KEY, None):
        for hook in list(_wake_hooks):
            try:
                hook()
            except Exception:  # noqa: BLE001
                log.exception("sms wake hook failed")


@event.listens_for(OrmSession, "after_rollback")
def _after_rollback(session: OrmSession) -> None:
    session.info.pop(_INFO_KEY, None)


def _claimable(now: datetime):  # noqa: ANN202
    return or_(
        and_(SmsNotice.status == PENDING, or_(col(SmsNotice.next_try_at).is_(None), col(SmsNotice.next_try_at) <= now)),
        and_(SmsNotice.status == SENDING, col(SmsNotice.claimed_at) < now - STALE_CLAIM),
    )


def _claim(notice_id: int, worker: str, now: datetime) -> SmsNotice | None:
    with db.transaction() as session:
        moved = session.exec(
            update(SmsNotice).where(col(SmsNotice.id) == notice_id, _claimable(now))
            .values(status=SENDING, claimed_at=now, claimed_by=worker, attempts=SmsNotice.attempts + 1)
        )
        if moved.rowcount != 1:
            return None
        return session.get(SmsNotice, notice_id)


def _finish(notice: SmsNotice, worker: str, error: str = "") -> None:
    now = clock.now()
    if error:
        failed = notice.attempts >= MAX_ATTEMPTS
        values = dict(
            status=FAILED if failed else PENDING, error=error[:300],
            next_try_at=None if failed else now + BACKOFF[min(notice.attempts, len(BACKOFF)) - 1],
        )
    else:
        values = dict(status=SENT, sent_at=now, error="")
    with db.transaction() as session:
        session.exec(
            update(SmsNotice)
            .where(col(SmsNotice.id) == notice.id, SmsNotice.status == SENDING, SmsNotice.claimed_by == worker)
            .values(**values)
        )


def message_id(notice: SmsNotice) -> str:
    return f"harbin-notice-{notice.id}"


def deliver_pending(worker: str, limit: int = BATCH) -> int:
    """Send the notices due now that this worker claims; returns how many were sent."""
    now = clock.now()
    with db.reading() as session:
        ids = session.exec(
            select(SmsNotice.id).where(_claimable(now)).order_by(col(SmsNotice.id)).limit(limit)
        ).all()
    sent = 0
    for notice_id in ids:
        notice = _claim(notice_id or 0, worker, now)
        if notice is None:
            continue  # another worker has it
        try:
            sms.gateway().notify(notice.phone, notice.text, message_id(notice), notice.template)
        except Exception as exc:  # noqa: BLE001  (the gateway is outside our control: retry later)
            log.warning("SMS notice %s to %s failed: %r", notice.id, notice.phone, exc)
            _finish(notice, worker, error=repr(exc))
            continue
        _finish(notice, worker)
        sent += 1
    return sent
