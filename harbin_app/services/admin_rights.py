"""Who may administer the platform (用户, 设置): an admin, and only while the account is active."""

from __future__ import annotations

from sqlmodel import Session

from harbin_app.models import User
from harbin_app.services.actor import ADMIN, Actor
from harbin_app.services.errors import PermissionDenied

ADMIN_ONLY = "只有平台管理员可以进行此操作"


def require_admin(actor: Actor | None) -> Actor:
    """The role check every admin service makes first (no database needed)."""
    if actor is None or actor.role != ADMIN or not actor.user_id:
        raise PermissionDenied(ADMIN_ONLY)
    return actor


def admin_row(session: Session, actor: Actor | None) -> User:
    """The acting admin's own row, re-read inside the write's transaction: an admin disabled a
    moment ago (whose tab still holds the actor) is refused too."""
    require_admin(actor)
    assert actor is not None
    user = session.get(User, actor.user_id)
    if user is None or not user.is_active or user.role != ADMIN:
        raise PermissionDenied(ADMIN_ONLY)
    return user
