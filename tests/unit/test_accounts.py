"""Registration, password and SMS login, lockout, rate limits, code expiry, sessions."""

from __future__ import annotations

import json
from datetime import timedelta

import httpx
import pytest

from harbin_app.services import accounts, slider, sms
from harbin_app.services.errors import ServiceError, ValidationError

PHONE = "13800138000"
GOOD = "Abcdef12"


def passed_challenge(clock) -> str:  # noqa: ANN001
    started = clock.current
    clock.advance(milliseconds=600)
    return slider.verify(started, clock.current, 100)


def send(clock, phone: str = PHONE, purpose: str = sms.REGISTER) -> None:  # noqa: ANN001
    sms.request_code(phone, purpose, passed_challenge(clock))


def register(outbox, clock, **overrides):  # noqa: ANN001, ANN201
    values = dict(username="hrbqy", phone=PHONE, password=GOOD, confirm_password=GOOD, agreed=True)
    values.update(overrides)
    if "sms_code" not in values:
        send(clock, values["phone"])
        values["sms_code"] = outbox.last_code(values["phone"])
    return accounts.register(**values)


def field_errors(excinfo: pytest.ExceptionInfo) -> dict[str, str]:
    return excinfo.value.fields


# ---------------------------------------------------------------- registration


def test_register_signs_in_and_stores_only_hashes(database, fake_clock, sms_outbox):
    token, actor = register(sms_outbox, fake_clock)
    assert actor.username == "hrbqy" and actor.role == "enterprise"
    assert accounts.resolve(token) == actor
    from sqlmodel import select

    from harbin_app import db
    from harbin_app.models import AuthSession, SmsCode, User

    with db.reading() as s:
        user = s.exec(select(User)).one()
        assert user.password_hash.startswith("$argon2")
        assert token not in {row.token_hash for row in s.exec(select(AuthSession))}
        code = sms_outbox.last_code(PHONE)
        assert all(code not in row.code_hash for row in s.exec(select(SmsCode)))


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"username": ""}, "username", "请输入用户名"),
        ({"username": "1abc"}, "username", "字母开头"),
        ({"phone": "12345"}, "phone", "11 位手机号"),
        ({"password": "abcdefgh", "confirm_password": "abcdefgh"}, "password", "字母和数字"),
        ({"password": "abc12", "confirm_password": "abc12"}, "password", "至少 8 位"),
        ({"confirm_password": "Abcdef13"}, "confirm_password", "两次输入的密码不一致"),
        ({"agreed": False}, "agreed", "同意"),
        ({"sms_code": ""}, "sms_code", "请输入短信验证码"),
        ({"sms_code": "12ab"}, "sms_code", "6 位数字"),
    ],
)
def test_register_field_rules(database, fake_clock, sms_outbox, overrides, field, message):
    with pytest.raises(ValidationError) as exc:
        register(sms_outbox, fake_clock, **overrides)
    assert message in field_errors(exc)[field]


def test_register_reports_every_problem_at_once(database, fake_clock, sms_outbox):
    with pytest.raises(ValidationError) as exc:
        accounts.register(
            username="", phone="1", sms_code="", password="x", confirm_password="y", agreed=False
        )
    assert set(field_errors(exc)) == {"username", "phone", "password", "confirm_password", "agreed", "sms_code"}


def test_duplicate_username_and_phone(database, fake_clock, sms_outbox):
    register(sms_outbox, fake_clock)
    fake_clock.advance(seconds=61)
    with pytest.raises(ValidationError) as exc:
        register(sms_outbox, fake_clock, phone="13900139000")
    assert field_errors(exc)["username"] == "该用户名已被注册，请换一个"
    with pytest.raises(ValidationError) as exc:
        accounts.register(
            username="other", phone=PHONE, sms_code="123456", password=GOOD, confirm_password=GOOD, agreed=True
        )
    assert "该手机号已注册" in field_errors(exc)["phone"]
    with pytest.raises(ValidationError) as exc:  # no code is even sent to a registered phone
        send(fake_clock, PHONE, sms.REGISTER)
    assert "已注册" in field_errors(exc)["phone"]


def test_wrong_code_counts_tries_and_voids_after_five(database, fake_clock, sms_outbox):
    send(fake_clock)
    code = sms_outbox.last_code(PHONE)
    wrong = "000000" if code != "000000" else "111111"
    messages = []
    for _ in range(5):
        with pytest.raises(ValidationError) as exc:
            register(sms_outbox, fake_clock, sms_code=wrong)
        messages.append(field_errors(exc)["sms_code"])
    assert messages[0] == "验证码错误，还可尝试 4 次"
    assert messages[3] == "验证码错误，还可尝试 1 次"
    assert messages[4] == "验证码错误次数过多，已失效，请重新获取"
    with pytest.raises(ValidationError) as exc:  # even the right code is void now
        register(sms_outbox, fake_clock, sms_code=code)
    assert "重新获取" in field_errors(exc)["sms_code"]


def test_code_expires_after_five_minutes(database, fake_clock, sms_outbox):
    send(fake_clock)
    code = sms_outbox.last_code(PHONE)
    fake_clock.advance(minutes=5, seconds=1)
    with pytest.raises(ValidationError) as exc:
        register(sms_outbox, fake_clock, sms_code=code)
    assert field_errors(exc)["sms_code"] == "验证码已过期或未获取，请重新获取"


def test_code_just_inside_five_minutes_works(database, fake_clock, sms_outbox):
    send(fake_clock)
    code = sms_outbox.last_code(PHONE)
    fake_clock.advance(minutes=4, seconds=59)
    register(sms_outbox, fake_clock, sms_code=code)


def test_a_code_is_spent_once_and_a_new_one_voids_the_old(database, fake_clock, sms_outbox):
    send(fake_clock)
    first = sms_outbox.last_code(PHONE)
    fake_clock.advance(seconds=61)
    send(fake_clock)
    second = sms_outbox.last_code(PHONE)
    if first != second:
        with pytest.raises(ValidationError):
            register(sms_outbox, fake_clock, sms_code=first)
    register(sms_outbox, fake_clock, sms_code=second)


def test_one_code_per_minute_and_ten_per_day(database, fake_clock, sms_outbox):
    send(fake_clock)
    fake_clock.advance(seconds=30)
    with pytest.raises(ValidationError) as exc:
        send(fake_clock)
    assert field_errors(exc)["sms_code"] == "发送过于频繁，请 30 秒后再试"
    fake_clock.current = fake_clock.current.replace(hour=17)  # 01:00 China time, early in a day
    for _ in range(10):
        fake_clock.advance(seconds=61)
        send(fake_clock, "13900139000")
    fake_clock.advance(seconds=61)
    with pytest.raises(ValidationError) as exc:
        send(fake_clock, "13900139000")
    assert "10 次上限" in field_errors(exc)["sms_code"]
    fake_clock.advance(hours=24)
    send(fake_clock, "13900139000")


def test_send_needs_a_passed_unused_slider(database, fake_clock, sms_outbox):
    with pytest.raises(ValidationError) as exc:
        sms.request_code(PHONE, sms.REGISTER, "made-up")
    assert field_errors(exc)["slider"] == "请先完成滑动验证"
    cid = passed_challenge(fake_clock)
    sms.request_code(PHONE, sms.REGISTER, cid)
    fake_clock.advance(seconds=61)
    with pytest.raises(ValidationError) as exc:  # a challenge is spent by one send
        sms.request_code(PHONE, sms.REGISTER, cid)
    assert field_errors(exc)["slider"] == "请先完成滑动验证"


# ---------------------------------------------------------------- slider


def test_slider_rejects_a_drag_faster_than_a_human(database, fake_clock):
    start = fake_clock.current
    with pytest.raises(ValidationError) as exc:
        slider.verify(start, start + timedelta(milliseconds=299), 100)
    assert field_errors(exc)["slider"] == "拖动过快，请重新验证"
    slider.verify(start, start + timedelta(milliseconds=300), 100)


def test_slider_rejects_a_release_before_the_end_and_no_movement(database, fake_clock):
    start = fake_clock.current
    with pytest.raises(ValidationError) as exc:
        slider.verify(start, start + timedelta(seconds=1), 60)
    assert field_errors(exc)["slider"] == "请将滑块拖动到最右侧"
    with pytest.raises(ValidationError) as exc:
        slider.verify(None, start, 100)
    assert field_errors(exc)["slider"] == "拖动过快，请重新验证"


def test_slider_challenge_is_spent_once_and_expires(database, fake_clock, sms_outbox):
    cid = passed_challenge(fake_clock)
    fake_clock.advance(minutes=5, seconds=1)
    with pytest.raises(ValidationError) as exc:
        sms.request_code(PHONE, sms.REGISTER, cid)
    assert field_errors(exc)["slider"] == "请先完成滑动验证"


# ---------------------------------------------------------------- login


def test_password_login_by_username_or_phone(database, fake_clock, sms_outbox):
    register(sms_outbox, fake_clock)
    _, by_name = accounts.login_password("hrbqy", GOOD)
    _, by_phone = accounts.login_password("+86 138 0013 8000", GOOD)
    assert by_name == by_phone


def test_wrong_password_five_times_locks_fifteen_minutes(database, fake_clock, sms_outbox):
    register(sms_outbox, fake_clock)
    messages = []
    for _ in range(5):
        with pytest.raises(ValidationError) as exc:
            accounts.login_password("hrbqy", "Wrong1234")
        messages.append(field_errors(exc)["password"])
    assert messages[0] == "用户名或密码错误，还可尝试 4 次"
    assert "账号已锁定" in messages[4]
    with pytest.raises(ValidationError) as exc:  # the right password does not help while locked
        accounts.login_password("hrbqy", GOOD)
    message = field_errors(exc)["password"]
    from harbin_app import clock as real_clock

    until = real_clock.fmt_datetime(fake_clock.current + accounts.LOCK_DURATION)
    assert f"请于 {until} 后再试" in message
    fake_clock.advance(minutes=14, seconds=59)
    with pytest.raises(ValidationError):
        accounts.login_password("hrbqy", GOOD)
    fake_clock.advance(seconds=2)
    accounts.login_password("hrbqy", GOOD)


def test_unknown_user_gets_the_same_message(database):
    with pytest.raises(ValidationError) as exc:
        accounts.login_password("nobody", "Abcdef12")
    assert field_errors(exc)["password"] == "用户名或密码错误"


def test_sms_login(database, fake_clock, sms_outbox):
    register(sms_outbox, fake_clock)
    fake_clock.advance(seconds=61)
    with pytest.raises(ValidationError) as exc:
        send(fake_clock, "13900139000", sms.LOGIN)
    assert "尚未注册" in field_errors(exc)["phone"]
    send(fake_clock, PHONE, sms.LOGIN)
    token, actor = accounts.login_sms(PHONE, sms_outbox.last_code(PHONE))
    assert actor.username == "hrbqy" and accounts.resolve(token) == actor


def test_register_code_does_not_log_in(database, fake_clock, sms_outbox):
    register(sms_outbox, fake_clock)
    fake_clock.advance(seconds=61)
    send(fake_clock, "13900139000", sms.REGISTER)
    with pytest.raises(ValidationError):
        accounts.login_sms("13900139000", sms_outbox.last_code("13900139000"))


# ---------------------------------------------------------------- sessions


def test_session_expires_after_seven_days_and_logout_revokes(database, fake_clock, sms_outbox):
    token, actor = register(sms_outbox, fake_clock)
    fake_clock.advance(days=6, hours=23)
    assert accounts.resolve(token) == actor
    fake_clock.advance(hours=2)
    assert accounts.resolve(token) is None
    token2, _ = accounts.login_password("hrbqy", GOOD)
    accounts.logout(token2)
    assert accounts.resolve(token2) is None
    assert accounts.resolve("") is None and accounts.resolve("forged") is None


# ---------------------------------------------------------------- gateways


def test_console_gateway_appends_json_lines(tmp_path):
    outbox = tmp_path / "var" / "outbox.jsonl"
    gateway = sms.ConsoleGateway(outbox)
    gateway.send(PHONE, "123456", "text one")
    gateway.send("13900139000", "654321", "text two")
    lines = [json.loads(line) for line in outbox.read_text(encoding="utf-8").splitlines()]
    assert [(r["phone"], r["code"], r["text"]) for r in lines] == [
        (PHONE, "123456", "text one"),
        ("13900139000", "654321", "text two"),
    ]
    assert all("at" in r for r in lines)


def test_http_gateway_posts_to_the_provider():
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"ok": True})

    client = httpx.Client(transport=httpx.MockTransport(handler))
    gateway = sms.HttpGateway("https://sms.example/send", "k-123", "TPL_1", client=client)
    gateway.send(PHONE, "123456", "hello")
    body = json.loads(seen[0].content)
    assert body == {"phone": PHONE, "template": "TPL_1", "params": {"code": "123456"}, "text": "hello"}
    assert seen[0].headers["Authorization"] == "Bearer k-123"


def test_gateway_failure_is_reported_and_voids_the_code(database, fake_clock, sms_outbox):
    def failing(request: httpx.Request) -> httpx.Response:
        return httpx.Response(503)

    client = httpx.Client(transport=httpx.MockTransport(failing))
    sms.set_gateway(sms.HttpGateway("https://sms.example/send", "k", "T", client=client))
    with pytest.raises(ServiceError) as exc:
        send(fake_clock)
    assert field_errors(exc)["sms_code"] == "短信发送失败，请稍后重试"
    from sqlmodel import select

    from harbin_app import db
    from harbin_app.models import SmsCode

    with db.reading() as s:
        assert [row.voided for row in s.exec(select(SmsCode))] == [True]


def test_settings_choose_the_gateway(tmp_path):
    from harbin_app.settings import load_settings

    key = {"HARBIN_SECRET_KEY": "t" * 40}  # (without one, the settings would make var/secret_key)
    console = sms.gateway_from_settings(load_settings({**key, "HARBIN_SMS_OUTBOX": str(tmp_path / "o.jsonl")}))
    assert isinstance(console, sms.ConsoleGateway) and console.outbox == tmp_path / "o.jsonl"
    http = sms.gateway_from_settings(
        load_settings({**key, "HARBIN_SMS_GATEWAY": "http", "HARBIN_SMS_HTTP_URL": "https://x/y", "HARBIN_SMS_HTTP_KEY": "k"})
    )
    assert isinstance(http, sms.HttpGateway) and http.url == "https://x/y"
