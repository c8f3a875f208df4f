"""滑动验证: a one-time challenge the user passes by dragging a handle to the end.

issue → start (first movement) → finish (released at the end, not faster than a human) →
spend (once, by the SMS send). Kept in the database so it works across backend workers.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlmodel import Session, col, update

from harbin_app import clock, db
from harbin_app.models import SliderChallenge
from harbin_app.services.errors import ValidationError

MIN_DRAG = timedelta(milliseconds=300)
TTL = timedelta(minutes=5)
END = 98.0  # a handle released at or beyond 98 % of the track counts as the end

FIELD = "slider"


def _refuse(message: str) -> ValidationError:
    return ValidationError(fields={FIELD: message})


def issue() -> str:
    challenge_id = secrets.token_urlsafe(24)
    with db.transaction() as session:
        session.add(SliderChallenge(id=challenge_id, issued_at=clock.now()))
    return challenge_id


def start(challenge_id: str) -> None:
    """The handle started moving (the first movement only counts)."""
    now = clock.now()
    with db.transaction() as session:
        session.exec(
            update(SliderChallenge)
            .where(
                SliderChallenge.id == challenge_id,
                col(SliderChallenge.started_at).is_(None),
                col(SliderChallenge.used_at).is_(None),
            )
            .values(started_at=now)
        )


def finish(challenge_id: str, position: float) -> None:
    """The handle was released at `position` (0–100). Raises unless this is a human-like pass."""
    now = clock.now()
    with db.transaction() as session:
        row = session.get(SliderChallenge, challenge_id)
        if row is None or row.used_at is not None or row.passed_at is not None:
            raise _refuse("验证已失效，请重新拖动滑块")
        if now - row.issued_at > TTL:
            raise _refuse("验证已超时，请重新拖动滑块")
        if position < END:
            raise _refuse("请将滑块拖动到最右侧")
        if row.started_at is None or now - row.started_at < MIN_DRAG:
            raise _refuse("拖动过快，请重新验证")
        row.passed_at = now
        session.add(row)


def spend(session: Session, challenge_id: str, now: datetime) -> None:
    """Use a passed challenge once (inside the caller's transaction)."""
    spent = session.exec(
        update(SliderChallenge)
        .where(
            SliderChallenge.id == (challenge_id or ""),
            col(SliderChallenge.passed_at).is_not(None),
            col(SliderChallenge.used_at).is_(None),
            SliderChallenge.issued_at > now - TTL,
        )
        .values(used_at=now)
    )
    if spent.rowcount != 1:
        raise _refuse("请先完成滑动验证")
