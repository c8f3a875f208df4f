"""Registration, password and SMS login, lockout, sessions and logout."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from sqlmodel import Session, col, or_, select, update

from harbin_app import clock, db
from harbin_app.models import AuthSession, Enterprise, User
from harbin_app.services import sms
from harbin_app.services.actor import ENTERPRISE, Actor
from harbin_app.services.errors import ACCOUNT_DISABLED, ServiceError, ValidationError
from harbin_app.services.formats import mobile_problem, normalize_mobile, username_problem
from harbin_app.services.passwords import hash_password, password_problem, verify_password
from harbin_app.settings import settings

MAX_FAILED_LOGINS = 5
LOCK_DURATION = timedelta(minutes=15)
SELF_SERVICE_ROLES = (ENTERPRISE,)
DISABLED = ACCOUNT_DISABLED
PASSWORD_CHANGE_TTL = timedelta(minutes=15)


class PasswordChangeRequired(ServiceError):
    """The password was right, but it was set by an admin: the user must choose a new one before
    a session is opened. `ticket` lets `finish_password_change` do that (15 minutes, single use)."""

    def __init__(self, ticket: str, username: str) -> None:
        super().__init__("您的密码由管理员设置，请先设置新密码再使用平台")
        self.ticket, self.username = ticket, username


def actor_of(user: User) -> Actor:
    return Actor(
        user_id=user.id or 0,
        username=user.username,
        role=user.role,
        display_name=user.display_name,
        enterprise_id=user.enterprise_id,
    )


def token_hash(token: str) -> str:
    """What the database keeps of a session token (and what tabs are bound to)."""
    return hashlib.sha256(token.encode()).hexdigest()




def _open_session(session: Session, user: User) -> str:
    token = secrets.token_urlsafe(32)
    now = clock.now()
    session.add(
        AuthSession(
            token_hash=token_hash(token),
            user_id=user.id or 0,
            created_at=now,
            expires_at=now + timedelta(days=settings.session_days),
        )
    )
    return token


def register(
    *,
    username: str,
    phone: str,
    sms_code: str,
    password: str,
    confirm_password: str,
    agreed: bool,
    role: str = ENTERPRISE,
) -> tuple[str, Actor]:
    """Create an account and sign it in. Returns (session token, actor)."""
    username = (username or "").strip()
    errors: dict[str, str] = {}
    if role not in SELF_SERVICE_ROLES:
        errors["role"] = "请选择注册角色"
    if problem := username_problem(username):
        errors["username"] = problem
    if problem := mobile_problem(phone):
        errors["phone"] = problem
    if problem := password_problem(password):
        errors["password"] = problem
    if not confirm_password:
        errors["confirm_password"] = "请再次输入密码"
    elif confirm_password != password:
        errors["confirm_password"] = "两次输入的密码不一致"
    if not agreed:
        errors["agreed"] = "请阅读并勾选同意《用户服务协议》和《隐私政策》"
    phone = normalize_mobile(phone)
    with db.reading() as session:
        if "username" not in errors and _find(session, username=username):
            errors["username"] = "该用户名已被注册，请换一个"
        if "phone" not in errors and _find(session, phone=phone):
            errors["phone"] = "该手机号已注册，请直接登录或使用其他手机号"
    if not (sms_code or "").strip():
        errors["sms_code"] = "请输入短信验证码"
    if errors:
        raise ValidationError(fields=errors)
    sms.consume_code(phone, sms.REGISTER, sms_code)
    with db.transaction() as session:
        enterprise_id = None
        if role == ENTERPRISE:  # its (still uncertified) enterprise exists from the start
            enterprise = Enterprise(created_at=clock.now())
            session.add(enterprise)
            session.flush()
            enterprise_id = enterprise.id
        user = User(
            username=username, phone=phone, password_hash=hash_password(password),
            role=role, created_at=clock.now(), enterprise_id=enterprise_id,
        )
        session.add(user)
        session.flush()
        token = _open_session(session, user)
    return token, actor_of(user)


def _find(session: Session, *, username: str = "", phone: str = "") -> User | None:
    conditions = []
    if username:
        conditions.append(User.username == username)
    if phone:
        conditions.append(User.phone == phone)
    return session.exec(select(User).where(or_(*conditions))).first() if conditions else None


def _lock_message(user: User) -> str:
    until = clock.fmt_datetime(user.locked_until)
    return f"密码连续输错 {MAX_FAILED_LOGINS} 次，账号已锁定，请于 {until} 后再试，或使用短信登录"


def login_password(identifier: str, password: str) -> tuple[str, Actor]:
    """用户名 or 手机号 + 密码. Five wrong passwords lock the account for 15 minutes."""
    identifier = (identifier or "").strip()
    errors = {}
    if not identifier:
        errors["identifier"] = "请输入用户名或手机号"
    if not password:
        errors["password"] = "请输入密码"
    if errors:
        raise ValidationError(fields=errors)
    now = clock.now()
    problem = ""
    change: PasswordChangeRequired | None = None
    with db.transaction() as session:
        user = _find(session, username=identifier, phone=normalize_mobile(identifier))
        if user is None:
            problem = "用户名或密码错误"
        elif user.locked_until and user.locked_until > now:
            problem = _lock_message(user)
        elif not verify_password(password, user.password_hash):
            failed = user.failed_logins + 1
            if failed >= MAX_FAILED_LOGINS:
                user.failed_logins, user.locked_until = 0, now + LOCK_DURATION
                problem = _lock_message(user)
            else:
                user.failed_logins = failed
                problem = f"用户名或密码错误，还可尝试 {MAX_FAILED_LOGINS - failed} 次"
            session.add(user)
        elif not user.is_active:  # told only to whoever knows the password
            problem = DISABLED
        else:
            user.failed_logins, user.locked_until = 0, None
            session.add(user)
            if user.must_change_password:
                change = PasswordChangeRequired(_change_ticket(user), user.username)
            else:
                token = _open_session(session, user)
                actor = actor_of(user)
    if problem:
        raise ValidationError(fields={"password": problem})
    if change is not None:
        raise change
    return token, actor


def login_sms(phone: str, sms_code: str) -> tuple[str, Actor]:
    """手机号 + 短信验证码. Proving the phone also lifts a password lockout."""
    if problem := mobile_problem(phone):
        raise ValidationError(fields={"phone": problem})
    phone = normalize_mobile(phone)
    with db.reading() as session:
        user = _find(session, phone=phone)
        if user is None:
            raise ValidationError(fields={"phone": "该手机号尚未注册，请先注册"})
        if not user.is_active:
            raise ValidationError(fields={"phone": DISABLED})
    sms.consume_code(phone, sms.LOGIN, sms_code)
    with db.transaction() as session:
        user = _find(session, phone=phone)
        assert user is not None
        if not user.is_active:  # disabled while the code was on its way
            raise ValidationError(fields={"phone": DISABLED})
        user.failed_logins, user.locked_until = 0, None
        session.add(user)
        if user.must_change_password:
            change = PasswordChangeRequired(_change_ticket(user), user.username)
        else:
            return _open_session(session, user), actor_of(user)
    raise change


def resolve(token: str) -> Actor | None:
    """The user a browser token belongs to, if the session is open and unexpired."""
    if not token:
        return None
    with db.reading() as session:
        row = session.exec(
            select(User)
            .join(AuthSession, col(AuthSession.user_id) == col(User.id))
            .where(
                AuthSession.token_hash == token_hash(token),
                col(AuthSession.revoked_at).is_(None),
                AuthSession.expires_at > clock.now(),
                User.is_active == True,  # noqa: E712
                User.must_change_password == False,  # noqa: E712
            )
        ).first()
        return actor_of(row) if row else None


def logout(token: str) -> str:
    """Revoke the session of this token; returns its hash (to end its other tabs, tab_sessions)."""
    if not token:
        return ""
    with db.transaction() as session:
        session.exec(
            update(AuthSession)
            .where(AuthSession.token_hash == token_hash(token), col(AuthSession.revoked_at).is_(None))
            .values(revoked_at=clock.now())
        )
    return token_hash(token)


def session_is_open(hashed: str) -> bool:
    """Whether the session with this hash is open, unexpired and its user active (the upload guard)."""
    if not hashed:
        return False
    with db.reading() as session:
        row = session.exec(
            select(AuthSession.token_hash)
            .join(User, col(AuthSession.user_id) == col(User.id))
            .where(
                AuthSession.token_hash == hashed,
                col(AuthSession.revoked_at).is_(None),
                AuthSession.expires_at > clock.now(),
                User.is_active == True,  # noqa: E712
            )
        ).first()
        return row is not None


def session_hashes_of(user_id: int) -> list[str]:
    """The unexpired sessions of a user, revoked or not (after revoking: whose tabs to end)."""
    with db.reading() as session:
        return list(
            session.exec(
                select(AuthSession.token_hash).where(
                    AuthSession.user_id == user_id, AuthSession.expires_at > clock.now()
                )
            ).all()
        )


def revoke_sessions(session: Session, user_id: int) -> int:
    """End every open session of a user at once (inside the caller's transaction); `resolve`
    refuses them from the commit on. Returns how many were open."""
    result = session.exec(
        update(AuthSession)
        .where(AuthSession.user_id == user_id, col(AuthSession.revoked_at).is_(None))
        .values(revoked_at=clock.now())
    )
    return result.rowcount or 0


# ---------------------------------------------------------------- password set by an admin


def _ticket_signature(user_id: int, expires: int, password_hash: str) -> str:
    message = f"password-change:{user_id}:{expires}:{password_hash}".encode()
    return hmac.new(settings.secret_key.encode(), message, hashlib.sha256).hexdigest()


def _change_ticket(user: User) -> str:
    """Signed, bound to the password in force (so it is spent by the change), 15 minutes."""
    expires = int((clock.now() + PASSWORD_CHANGE_TTL).timestamp())
    return f"{user.id}.{expires}.{_ticket_signature(user.id or 0, expires, user.password_hash)}"


TICKET_EXPIRED = "设置新密码的时限已过，请重新登录"


def _ticket_user(session: Session, ticket: str) -> User:
    try:
        user_id_text, expires_text, signature = (ticket or "").split(".")
        user_id, expires = int(user_id_text), int(expires_text)
    except ValueError:
        raise ServiceError(TICKET_EXPIRED) from None
    user = session.get(User, user_id)
    if (
        user is None
        or not user.must_change_password
        or expires < clock.now().timestamp()
        or not hmac.compare_digest(signature, _ticket_signature(user_id, expires, user.password_hash))
    ):
        raise ServiceError(TICKET_EXPIRED)
    if not user.is_active:
        raise ServiceError(DISABLED)
    return user


def ticket_username(ticket: str) -> str:
    """Whose password a ticket changes; ServiceError when it is no longer valid."""
    with db.reading() as session:
        return _ticket_user(session, ticket).username


def finish_password_change(ticket: str, password: str, confirm_password: str) -> tuple[str, Actor]:
    """Set the user's own new password after an admin-set one, and sign in. Returns (token, actor)."""
    errors: dict[str, str] = {}
    if problem := password_problem(password or ""):
        errors["password"] = problem
    if not confirm_password:
        errors["confirm_password"] = "请再次输入新密码"
    elif confirm_password != password:
        errors["confirm_password"] = "两次输入的密码不一致"
    with db.transaction() as session:
        user = _ticket_user(session, ticket)
        if "password" not in errors and verify_password(password, user.password_hash):
            errors["password"] = "新密码不能与管理员设置的密码相同"
        if errors:
            raise ValidationError(fields=errors)
        user.password_hash = hash_password(password)
        user.must_change_password = False
        user.failed_logins, user.locked_until = 0, None
        session.add(user)
        revoke_sessions(session, user.id or 0)
        token = _open_session(session, user)
        return token, actor_of(user)
