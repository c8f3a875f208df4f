"""滑动验证: the user drags a handle to the end of its track; the server times the drag.

The page tells the server when the handle first moved and when it was released (both taken when
the server heard them). A drag that ends at the end of the track and took a human's time gives a
one-time challenge, which one SMS send spends (`spend`). Kept in the database so that it works
across backend workers.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlmodel import Session, col, update

from harbin_app import db
from harbin_app.models import SliderChallenge
from harbin_app.services.errors import ValidationError

MIN_DRAG = timedelta(milliseconds=300)
TTL = timedelta(minutes=5)
END = 98.0  # a handle released at or beyond 98 % of the track counts as the end

FIELD = "slider"


def _refuse(message: str) -> ValidationError:
    return ValidationError(fields={FIELD: message})


def verify(started_at: datetime | None, released_at: datetime, position: float) -> str:
    """Check one drag; returns the id of the challenge it earns. Raises with the reason otherwise."""
    if position < END:
        raise _refuse("请将滑块拖动到最右侧")
    if started_at is None or released_at - started_at < MIN_DRAG:
        raise _refuse("拖动过快，请重新验证")
    challenge_id = secrets.token_urlsafe(24)
    with db.transaction() as session:
        session.add(
            SliderChallenge(id=challenge_id, issued_at=started_at, started_at=started_at, passed_at=released_at)
        )
    return challenge_id


def spend(session: Session, challenge_id: str, now: datetime) -> None:
    """Use a passed challenge once (inside the caller's transaction)."""
    spent = session.exec(
        update(SliderChallenge)
        .where(
            SliderChallenge.id == (challenge_id or ""),
            col(SliderChallenge.passed_at).is_not(None),
            col(SliderChallenge.used_at).is_(None),
            SliderChallenge.passed_at > now - TTL,
        )
        .values(used_at=now)
    )
    if spent.rowcount != 1:
        raise _refuse("请先完成滑动验证")
