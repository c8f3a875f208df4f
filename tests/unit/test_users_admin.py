"""用户: admin-only rights, new reviewer / finance accounts, disable / enable (refused at login and
at resolve at once), password reset with the forced change at the next login, the admin log,
search with LIKE wildcards taken literally, paging."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlmodel import select

from harbin_app import clock, db
from harbin_app.models import AdminLog, AuthSession, User
from harbin_app.services import accounts, sms
from harbin_app.services import users_admin as ua
from harbin_app.services.actor import ADMIN, ENTERPRISE, FINANCE, PROVIDER, REVIEWER, Actor
from harbin_app.services.errors import ACCOUNT_DISABLED, NotFound, PermissionDenied, ServiceError, ValidationError
from harbin_app.services.passwords import hash_password
from tests.unit.factories import make_user
from tests.unit.test_accounts import send

PASSWORD = "Start2024ok"


def account(username: str, role: str = REVIEWER, *, phone: str | None = None, display: str = "") -> int:
    """A user who can log in with PASSWORD."""
    with db.transaction() as s:
        user = User(
            username=username, role=role, phone=phone, display_name=display,
            password_hash=hash_password(PASSWORD), created_at=clock.now(),
        )
        s.add(user)
        s.flush()
        return user.id or 0


@pytest.fixture
def admin(database) -> Actor:
    account("boss", ADMIN, display="平台管理员")
    _, actor = accounts.login_password("boss", PASSWORD)
    return actor


def log_actions() -> list[tuple[str, str, str]]:
    with db.reading() as s:
        return [(r.action, r.actor_name, r.target_username) for r in s.exec(select(AdminLog).order_by(AdminLog.id))]


# ---------------------------------------------------------------- rights


@pytest.mark.parametrize("role", [ENTERPRISE, PROVIDER, REVIEWER, FINANCE])
def test_only_an_admin_may_manage_accounts(database, role):
    actor = make_user(f"u_{role}", role)
    target = account("target")
    calls = [
        lambda: ua.list_users(actor),
        lambda: ua.create_account(actor, role=REVIEWER, username="newone", display_name="新人"),
        lambda: ua.set_active(actor, target, False),
        lambda: ua.set_active(actor, target, True),
        lambda: ua.reset_password(actor, target),
        lambda: ua.admin_log(actor),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    assert log_actions() == []


def test_anonymous_and_forged_admins_are_refused(database):
    target = account("target")
    for actor in (None, Actor(user_id=0, username="", role=ADMIN), Actor(user_id=4242, username="ghost", role=ADMIN)):
        with pytest.raises(PermissionDenied):
            ua.set_active(actor, target, False)  # type: ignore[arg-type]
    assert accounts.login_password("target", PASSWORD)


def test_a_disabled_admin_is_refused_at_once(admin):
    other = account("boss2", ADMIN)
    _, other_actor = accounts.login_password("boss2", PASSWORD)
    ua.set_active(admin, other, False)
    with pytest.raises(PermissionDenied):  # its tab still holds the actor: refused all the same
        ua.create_account(other_actor, role=REVIEWER, username="sneaky", display_name="某人")


# ---------------------------------------------------------------- create


def test_admin_creates_a_reviewer_who_must_change_the_password(admin):
    created = ua.create_account(admin, role=REVIEWER, username="shenhe2", display_name="张审核", phone="13900001111",
                                password="Given2024ab")
    assert created.password == "Given2024ab"
    with pytest.raises(accounts.PasswordChangeRequired) as exc:
        accounts.login_password("shenhe2", "Given2024ab")
    token, actor = accounts.finish_password_change(exc.value.ticket, "Mine2024xy", "Mine2024xy")
    assert (actor.role, actor.display_name) == (REVIEWER, "张审核")
    assert accounts.resolve(token) == actor
    assert accounts.login_password("shenhe2", "Mine2024xy")[1] == actor
    assert log_actions() == [("create", "平台管理员", "shenhe2")]
    with db.reading() as s:
        detail = s.exec(select(AdminLog)).one().detail
    assert detail["role"] == REVIEWER and "Given2024ab" not in str(detail) and detail["phone"] == "139****1111"


def test_a_generated_password_is_returned_once_and_works(admin):
    created = ua.create_account(admin, role=FINANCE, username="caizheng2", display_name="李财政")
    assert len(created.password) == 12
    with db.reading() as s:
        stored = s.exec(select(User).where(User.username == "caizheng2")).one()
    assert created.password not in stored.password_hash and stored.must_change_password
    with pytest.raises(accounts.PasswordChangeRequired):
        accounts.login_password("caizheng2", created.password)


def test_generated_passwords_meet_the_rule():
    from harbin_app.services.passwords import password_problem

    for _ in range(50):
        p = ua.generate_password()
        assert not password_problem(p) and not set(p) & set("0O1lI")


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"role": ENTERPRISE}, "role", "请选择角色：审核员或财政"),
        ({"role": ADMIN}, "role", "请选择角色：审核员或财政"),
        ({"username": ""}, "username", "请输入用户名"),
        ({"username": "9abc"}, "username", "以字母开头"),
        ({"username": "Boss"}, "username", "该用户名已被使用"),
        ({"display_name": "  "}, "display_name", "请输入姓名"),
        ({"display_name": "名" * 31}, "display_name", "姓名不能超过 30 个字"),
        ({"phone": "12345"}, "phone", "请输入正确的 11 位手机号"),
        ({"phone": "13700001234"}, "phone", "该手机号已被其他账号使用"),
        ({"password": "short1"}, "password", "至少 8 位"),
        ({"password": "onlyletters"}, "password", "字母和数字"),
    ],
)
def test_create_account_rules(admin, values, field, message):
    account("taken", phone="13700001234")
    args = {"role": REVIEWER, "username": "fresh", "display_name": "新同事", **values}
    with pytest.raises(ValidationError) as exc:
        ua.create_account(admin, **args)
    assert message in exc.value.fields[field]
    with db.reading() as s:
        assert s.exec(select(User).where(User.username == "fresh")).first() is None
    assert log_actions() == []


# ---------------------------------------------------------------- disable / enable


def test_disabling_refuses_login_and_ends_every_session_at_once(admin, fake_clock, sms_outbox):
    target = account("qiye1", ENTERPRISE, phone="13800138000")
    token_a, _ = accounts.login_password("qiye1", PASSWORD)
    token_b, _ = accounts.login_password("13800138000", PASSWORD)
    assert accounts.resolve(token_a) and accounts.resolve(token_b)

    assert ua.set_active(admin, target, False) is True

    assert accounts.resolve(token_a) is None and accounts.resolve(token_b) is None  # no cache period
    with db.reading() as s:
        assert all(r.revoked_at is not None for r in s.exec(select(AuthSession).where(AuthSession.user_id == target)))
    with pytest.raises(ValidationError) as exc:
        accounts.login_password("qiye1", PASSWORD)
    assert exc.value.fields["password"] == ACCOUNT_DISABLED
    with pytest.raises(ValidationError) as exc:  # a wrong password learns nothing about the account
        accounts.login_password("qiye1", "Wrong2024xx")
    assert exc.value.fields["password"].startswith("用户名或密码错误")
    with pytest.raises(ValidationError) as exc:  # no SMS code is sent to a disabled account
        send(fake_clock, "13800138000", sms.LOGIN)
    assert exc.value.fields["phone"] == ACCOUNT_DISABLED
    assert sms_outbox.sent == []
    assert log_actions() == [("disable", "平台管理员", "qiye1")]


def test_disabled_while_a_login_code_is_on_its_way(admin, fake_clock, sms_outbox):
    target = account("qiye2", ENTERPRISE, phone="13800138001")
    send(fake_clock, "13800138001", sms.LOGIN)
    ua.set_active(admin, target, False)
    with pytest.raises(ValidationError) as exc:
        accounts.login_sms("13800138001", sms_outbox.last_code("13800138001"))
    assert exc.value.fields["phone"] == ACCOUNT_DISABLED


def test_enabling_again_lets_the_user_log_in(admin):
    target = account("shenhe3")
    ua.set_active(admin, target, False)
    assert ua.set_active(admin, target, False) is False  # already disabled: nothing logged
    assert ua.set_active(admin, target, True) is True
    token, actor = accounts.login_password("shenhe3", PASSWORD)
    assert accounts.resolve(token) == actor
    assert [a for a, _, _ in log_actions()] == ["disable", "enable"]


def test_an_admin_cannot_disable_or_reset_itself(admin):
    with pytest.raises(ServiceError, match="不能停用自己的账号"):
        ua.set_active(admin, admin.user_id, False)
    with pytest.raises(ServiceError, match="不能在这里重置自己的密码"):
        ua.reset_password(admin, admin.user_id)
    assert log_actions() == []


def test_another_admin_can_be_disabled(admin):
    other = account("boss3", ADMIN)
    ua.set_active(admin, other, False)
    with pytest.raises(ValidationError):
        accounts.login_password("boss3", PASSWORD)


def test_unknown_account(admin):
    with pytest.raises(NotFound):
        ua.set_active(admin, 98765, False)
    with pytest.raises(NotFound):
        ua.reset_password(admin, 98765)


# ---------------------------------------------------------------- password reset


def test_reset_forces_a_new_password_at_the_next_login(admin, fake_clock, sms_outbox):
    target = account("qiye3", ENTERPRISE, phone="13800138002")
    old_token, _ = accounts.login_password("qiye3", PASSWORD)

    temporary = ua.reset_password(admin, target)

    assert accounts.resolve(old_token) is None  # open sessions end with the reset
    with pytest.raises(ValidationError):
        accounts.login_password("qiye3", PASSWORD)  # the old password is gone
    with pytest.raises(accounts.PasswordChangeRequired) as exc:
        accounts.login_password("qiye3", temporary)
    ticket = exc.value.ticket
    assert exc.value.username == "qiye3" and accounts.ticket_username(ticket) == "qiye3"
    with db.reading() as s:  # the right password opened no session
        open_sessions = select(AuthSession).where(AuthSession.user_id == target, AuthSession.revoked_at == None)  # noqa: E711
        assert s.exec(open_sessions).all() == []

    with pytest.raises(ValidationError) as bad:
        accounts.finish_password_change(ticket, "weak", "weak")
    assert "至少 8 位" in bad.value.fields["password"]
    with pytest.raises(ValidationError) as bad:
        accounts.finish_password_change(ticket, "New2024abc", "New2024abd")
    assert bad.value.fields["confirm_password"] == "两次输入的密码不一致"
    with pytest.raises(ValidationError) as bad:
        accounts.finish_password_change(ticket, temporary, temporary)
    assert bad.value.fields["password"] == "新密码不能与管理员设置的密码相同"

    token, actor = accounts.finish_password_change(ticket, "New2024abc", "New2024abc")
    assert accounts.resolve(token) == actor and actor.username == "qiye3"
    with pytest.raises(ServiceError, match="请重新登录"):  # a ticket is spent by the change
        accounts.finish_password_change(ticket, "Again2024x", "Again2024x")
    assert accounts.login_password("qiye3", "New2024abc")[1] == actor
    assert [a for a, _, _ in log_actions()] == ["reset_password"]


def test_sms_login_also_asks_for_the_new_password_first(admin, fake_clock, sms_outbox):
    target = account("qiye4", ENTERPRISE, phone="13800138003")
    ua.reset_password(admin, target)
    send(fake_clock, "13800138003", sms.LOGIN)
    with pytest.raises(accounts.PasswordChangeRequired) as exc:
        accounts.login_sms("13800138003", sms_outbox.last_code("13800138003"))
    token, _ = accounts.finish_password_change(exc.value.ticket, "Sms2024new", "Sms2024new")
    assert accounts.resolve(token)


def test_a_user_with_a_pending_change_is_never_resolved(admin):
    target = account("qiye5", ENTERPRISE)
    token, _ = accounts.login_password("qiye5", PASSWORD)
    with db.transaction() as s:  # even if a session slipped through, it does not count
        s.exec(text("UPDATE users SET must_change_password = true WHERE id = :id").bindparams(id=target))
    assert accounts.resolve(token) is None


def test_tickets_expire_and_cannot_be_forged(admin, fake_clock):
    target = account("qiye6", ENTERPRISE)
    temporary = ua.reset_password(admin, target)
    with pytest.raises(accounts.PasswordChangeRequired) as exc:
        accounts.login_password("qiye6", temporary)
    ticket = exc.value.ticket
    user_id, expires, signature = ticket.split(".")
    for forged in ("", "x", f"{user_id}.{int(expires) + 3600}.{signature}", f"{admin.user_id}.{expires}.{signature}"):
        with pytest.raises(ServiceError, match="请重新登录"):
            accounts.finish_password_change(forged, "New2024abc", "New2024abc")
    fake_clock.advance(minutes=15, seconds=1)
    with pytest.raises(ServiceError, match="请重新登录"):
        accounts.finish_password_change(ticket, "New2024abc", "New2024abc")


def test_a_ticket_of_an_account_disabled_meanwhile_is_refused(admin):
    target = account("qiye7", ENTERPRISE)
    temporary = ua.reset_password(admin, target)
    with pytest.raises(accounts.PasswordChangeRequired) as exc:
        accounts.login_password("qiye7", temporary)
    ua.set_active(admin, target, False)
    with pytest.raises(ServiceError) as refused:
        accounts.finish_password_change(exc.value.ticket, "New2024abc", "New2024abc")
    assert refused.value.message == ACCOUNT_DISABLED


def test_the_admin_log_is_append_only(admin):
    ua.reset_password(admin, account("qiye8", ENTERPRISE))
    for statement in ("UPDATE admin_logs SET action = 'x'", "DELETE FROM admin_logs"):
        with pytest.raises(Exception, match="append-only"):
            with db.transaction() as s:
                s.exec(text(statement))
    rows, total = ua.admin_log(admin)
    assert total == 1 and rows[0].action_label == "重置密码" and rows[0].target_username == "qiye8"
    assert rows[0].as_dict()["actor_name"] == "平台管理员"
    listed = ua.list_users(admin, search="qiye8").rows[0]
    assert listed.must_change_password and listed.as_dict()["must_change_password"] is True


# ---------------------------------------------------------------- list and search


def test_search_by_name_phone_display_name_and_role(admin, fake_clock):
    account("zhang_san", REVIEWER, display="张三")
    account("lisi", FINANCE, phone="13912345678", display="李四")
    account("Wang5", ENTERPRISE)

    def names(**kw) -> list[str]:  # noqa: ANN003
        return [r.username for r in ua.list_users(admin, **kw).rows]

    assert set(names(search="张")) == {"zhang_san"}
    assert set(names(search="ZHANG")) == {"zhang_san"}  # any case
    assert set(names(search="2345")) == {"lisi"}
    assert set(names(search="wang")) == {"Wang5"}
    assert set(names(search="财政")) == {"lisi"}  # a role's name
    assert set(names(role=REVIEWER)) == {"zhang_san"}
    assert set(names(role=ADMIN)) == {"boss"}
    assert set(names(search="李", role=REVIEWER)) == set()
    with pytest.raises(ValidationError):
        ua.list_users(admin, role="root")


def test_like_wildcards_match_only_themselves(admin):
    account("a_b", REVIEWER)
    account("axb", REVIEWER)
    account("percent", REVIEWER, display="100%达标")
    account("hundred", REVIEWER, display="100分")
    account("slash", REVIEWER, display="a\\b")
    assert [r.username for r in ua.list_users(admin, search="a_b").rows] == ["a_b"]
    assert [r.username for r in ua.list_users(admin, search="100%").rows] == ["percent"]
    assert [r.username for r in ua.list_users(admin, search="%").rows] == ["percent"]
    assert [r.username for r in ua.list_users(admin, search="_").rows] == ["a_b"]
    assert [r.username for r in ua.list_users(admin, search="a\\b").rows] == ["slash"]


def test_list_is_newest_first_paged_and_marks_the_admin(admin, fake_clock):
    for i in range(20):
        fake_clock.advance(minutes=1)
        account(f"user{i:02d}")
    first = ua.list_users(admin, page_size=15)
    assert (first.total, first.pages, first.page) == (21, 2, 1)
    assert first.rows[0].username == "user19"
    last = ua.list_users(admin, page=2, page_size=15)
    assert [r.username for r in last.rows][-1] == "boss" and last.rows[-1].is_self
    assert ua.list_users(admin, page=9).page == 2
    row = first.rows[0].as_dict()
    assert row["status"] == "启用" and row["role_label"] == "审核员" and row["created_at"]


def test_the_search_text_is_bounded(admin):
    assert ua.list_users(admin, search="x" * 1000).total == 0

