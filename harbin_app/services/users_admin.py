"""用户: the admin's accounts list, new reviewer and finance accounts, disable / enable, password
reset. Admins only; every action is written to the append-only admin log in its transaction.

A password an admin sets (a new account's, a reset) is shown to the admin once and never kept in
clear; the user must replace it at the next login (accounts.PasswordChangeRequired).
"""

from __future__ import annotations

import math
import secrets
import string
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, or_, select

from harbin_app import clock, db
from harbin_app.models import AdminLog, User
from harbin_app.services import accounts
from harbin_app.services.actor import FINANCE, REVIEWER, ROLE_LABELS, Actor
from harbin_app.services.admin_rights import admin_row, require_admin
from harbin_app.services.errors import NotFound, ServiceError, ValidationError
from harbin_app.services.formats import mask_mobile, mobile_problem, normalize_mobile, username_problem
from harbin_app.services.passwords import hash_password, password_problem

PAGE_SIZE = 15
MAX_SEARCH = 32
MAX_DISPLAY_NAME = 30
CREATABLE_ROLES = (REVIEWER, FINANCE)  # enterprises register themselves
LIKE_ESCAPE = "\\"

CREATE, DISABLE, ENABLE, RESET = "create", "disable", "enable", "reset_password"
ACTION_LABELS = {CREATE: "新建账号", DISABLE: "停用账号", ENABLE: "启用账号", RESET: "重置密码"}


# ---------------------------------------------------------------- the list


@dataclass(frozen=True)
class UserRow:
    id: int
    username: str
    display_name: str
    role: str
    role_label: str
    phone: str
    active: bool
    created_at: str
    is_self: bool
    must_change_password: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "username": self.username, "display_name": self.display_name, "role": self.role,
            "role_label": self.role_label, "phone": self.phone, "active": self.active,
            "status": "启用" if self.active else "停用", "created_at": self.created_at, "is_self": self.is_self,
            "must_change_password": self.must_change_password,
        }


@dataclass(frozen=True)
class UserPage:
    rows: tuple[UserRow, ...]
    total: int
    page: int
    pages: int


def like_pattern(text: str) -> str:
    """`%text%` where the text's own %, _ and \\ match themselves."""
    escaped = text.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2).replace("%", LIKE_ESCAPE + "%").replace("_", LIKE_ESCAPE + "_")
    return f"%{escaped}%"


def list_users(actor: Actor, search: str = "", role: str = "", page: int = 1, page_size: int = PAGE_SIZE) -> UserPage:
    """Accounts whose 用户名, 姓名 or 手机号 contains `search` (literally, any case), or whose role's
    name does; `role` filters by role key. Newest first, paged in the database."""
    require_admin(actor)
    search = (search or "").strip()[:MAX_SEARCH]
    conditions = []
    if role:
        if role not in ROLE_LABELS:
            raise ValidationError(fields={"role": "请选择角色"})
        conditions.append(User.role == role)
    if search:
        pattern = like_pattern(search.lower())
        matches = [
            func.lower(col(User.username)).like(pattern, escape=LIKE_ESCAPE),
            func.lower(col(User.display_name)).like(pattern, escape=LIKE_ESCAPE),
            col(User.phone).like(pattern, escape=LIKE_ESCAPE),
        ]
        roles = [key for key, label in ROLE_LABELS.items() if search in label]
        if roles:
            matches.append(col(User.role).in_(roles))
        conditions.append(or_(*matches))
    with db.reading() as session:
        total = session.exec(select(func.count()).select_from(User).where(*conditions)).one()
        pages = max(1, math.ceil(total / page_size))
        page = max(1, min(page, pages))
        users = session.exec(
            select(User)
            .where(*conditions)
            .order_by(col(User.created_at).desc(), col(User.id).desc())
            .offset((page - 1) * page_size)
            .limit(page_size)
        ).all()
    return UserPage(
        rows=tuple(
            UserRow(
                id=u.id or 0, username=u.username, display_name=u.display_name, role=u.role,
                role_label=ROLE_LABELS.get(u.role, u.role), phone=u.phone or "", active=u.is_active,
                created_at=clock.fmt_datetime(u.created_at), is_self=u.id == actor.user_id,
                must_change_password=u.must_change_password,
            )
            for u in users
        ),
        total=total,
        page=page,
        pages=pages,
    )


# ---------------------------------------------------------------- writes


def _log(session: Session, admin: User, action: str, target: User, **detail: Any) -> None:
    session.add(
        AdminLog(
            at=clock.now(), actor_id=admin.id or 0, actor_name=admin.display_name or admin.username,
            action=action, action_label=ACTION_LABELS[action], target_user_id=target.id or 0,
            target_username=target.username, detail=detail,
        )
    )


def generate_password(length: int = 12) -> str:
    """Letters and digits without look-alikes (0/O, 1/l/I), at least one of each."""
    letters = "".join(c for c in string.ascii_letters if c not in "OIl")
    digits = "23456789"
    while True:
        password = "".join(secrets.choice(letters + digits) for _ in range(length))
        if not password_problem(password) and any(c in digits for c in password):
            return password


@dataclass(frozen=True)
class Created:
    user_id: int
    username: str
    password: str  # show it once; it is not kept


def create_account(
    actor: Actor, *, role: str, username: str, display_name: str, phone: str = "", password: str = ""
) -> Created:
    """A reviewer or finance account. An empty `password` means: generate one."""
    require_admin(actor)
    username, display_name, phone, password = (
        (username or "").strip(), (display_name or "").strip(), (phone or "").strip(), password or "",
    )
    errors: dict[str, str] = {}
    if role not in CREATABLE_ROLES:
        errors["role"] = "请选择角色：审核员或财政"
    if problem := username_problem(username):
        errors["username"] = problem.replace("（建议用公司名称拼音首字母）", "")
    if not display_name:
        errors["display_name"] = "请输入姓名"
    elif len(display_name) > MAX_DISPLAY_NAME:
        errors["display_name"] = f"姓名不能超过 {MAX_DISPLAY_NAME} 个字"
    if phone and (problem := mobile_problem(phone)):
        errors["phone"] = problem
    if password and (problem := password_problem(password)):
        errors["password"] = problem
    phone = normalize_mobile(phone) if phone else ""
    password = password or generate_password()
    with db.transaction() as session:
        admin = admin_row(session, actor)
        if "username" not in errors and session.exec(
            select(User.id).where(func.lower(col(User.username)) == username.lower())
        ).first():
            errors["username"] = "该用户名已被使用，请换一个"
        if phone and "phone" not in errors and session.exec(select(User.id).where(User.phone == phone)).first():
            errors["phone"] = "该手机号已被其他账号使用"
        if errors:
            raise ValidationError(fields=errors)
        user = User(
            username=username, display_name=display_name, phone=phone or None, role=role,
            password_hash=hash_password(password), must_change_password=True, created_at=clock.now(),
        )
        session.add(user)
        session.flush()
        _log(session, admin, CREATE, user, role=role, display_name=display_name, phone=mask_mobile(phone))
    return Created(user_id=user.id or 0, username=username, password=password)


def _target(session: Session, admin: User, user_id: int, refuse_self: str) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("没有找到该账号")
    if user.id == admin.id:
        raise ServiceError(refuse_self)
    return user


def set_active(actor: Actor, user_id: int, active: bool) -> bool:
    """停用 / 启用 an account (not one's own). Disabling revokes every open session of the account
    in the same transaction: `accounts.resolve` refuses them from the commit on. Returns whether
    anything changed."""
    require_admin(actor)
    with db.transaction() as session:
        admin = admin_row(session, actor)
        user = _target(session, admin, user_id, "不能停用自己的账号")
        if user.is_active == active:
            return False
        user.is_active = active
        if active:  # a fresh start: no lockout carried over
            user.failed_logins, user.locked_until = 0, None
        session.add(user)
        revoked = 0 if active else accounts.revoke_sessions(session, user.id or 0)
        _log(session, admin, ENABLE if active else DISABLE, user, sessions_ended=revoked)
    return True


def reset_password(actor: Actor, user_id: int) -> str:
    """A new temporary password for the account (returned to show once); the user must replace it
    at the next login, and every open session of the account ends now."""
    require_admin(actor)
    password = generate_password()
    with db.transaction() as session:
        admin = admin_row(session, actor)
        user = _target(session, admin, user_id, "不能在这里重置自己的密码")
        user.password_hash = hash_password(password)
        user.must_change_password = True
        user.failed_logins, user.locked_until = 0, None
        session.add(user)
        revoked = accounts.revoke_sessions(session, user.id or 0)
        _log(session, admin, RESET, user, sessions_ended=revoked)
    return password


# ---------------------------------------------------------------- the admin log


@dataclass(frozen=True)
class LogRow:
    at: str
    actor_name: str
    action_label: str
    target_username: str

    def as_dict(self) -> dict[str, str]:
        return {
            "at": self.at, "actor_name": self.actor_name, "action_label": self.action_label,
            "target_username": self.target_username,
        }


def admin_log(actor: Actor, page: int = 1, page_size: int = 10) -> tuple[list[LogRow], int]:
    """The admin log, newest first: (rows of the page, total)."""
    require_admin(actor)
    with db.reading() as session:
        total = session.exec(select(func.count()).select_from(AdminLog)).one()
        rows = session.exec(
            select(AdminLog)
            .order_by(col(AdminLog.at).desc(), col(AdminLog.id).desc())
            .offset((max(page, 1) - 1) * page_size)
            .limit(page_size)
        ).all()
    return [LogRow(clock.fmt_datetime(r.at), r.actor_name, r.action_label, r.target_username) for r in rows], total
