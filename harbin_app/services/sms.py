"""SMS verification codes and the gateways that deliver them.

Rules (design.md): 6 digits, valid 5 minutes, one per phone per 60 s and 10 per phone per day,
5 wrong tries void a code, only an HMAC of the code is stored. Sending needs a passed slider check.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import secrets
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Protocol

import httpx
from sqlmodel import Session, col, func, select, update

from harbin_app import clock, db
from harbin_app.models import SmsCode, User
from harbin_app.services import platform_settings, slider
from harbin_app.services.errors import ACCOUNT_DISABLED, ServiceError, ValidationError
from harbin_app.services.formats import mobile_problem, normalize_mobile
from harbin_app.settings import Settings, settings

CODE_TTL = timedelta(minutes=5)
RESEND_INTERVAL = timedelta(seconds=60)
DAILY_LIMIT = 10
MAX_ATTEMPTS = 5

REGISTER = "register"
LOGIN = "login"
PURPOSES = (REGISTER, LOGIN)


def code_text(code: str) -> str:
    """The message around a code: the 验证码短信 template of 设置, as it is now."""
    return platform_settings.current().sms_text(
        "sms_code", 验证码=code, 有效分钟=int(CODE_TTL.total_seconds() // 60)
    )


class SmsGateway(Protocol):
    def send(self, phone: str, code: str, text: str) -> None: ...

    # a notice (驳回, 预约, 结论, 拨付, 提醒): `message_id` is the same on a retry, so that a provider
    # that keeps it can drop a repeat; `template` names the 设置 template the text was made from
    def notify(self, phone: str, text: str, message_id: str, template: str) -> None: ...


class ConsoleGateway:
    """Development gateway: appends one JSON line per message to the outbox file."""

    _lock = threading.Lock()

    def __init__(self, outbox: Path) -> None:
        self.outbox = outbox

    def send(self, phone: str, code: str, text: str) -> None:
        line = json.dumps(
            {"phone": phone, "code": code, "text": text, "at": clock.now().isoformat()},
            ensure_ascii=False,
        )
        with self._lock:
            self.outbox.parent.mkdir(parents=True, exist_ok=True)
            with self.outbox.open("a", encoding="utf-8") as fh:
                fh.write(line + "\n")

    def notify(self, phone: str, text: str, message_id: str, template: str) -> None:
        line = json.dumps(
            {"phone": phone, "code": "", "text": text, "at": clock.now().isoformat(), "id": message_id, "template": template},
            ensure_ascii=False,
        )
        with self._lock:
            self.outbox.parent.mkdir(parents=True, exist_ok=True)
            with self.outbox.open("a", encoding="utf-8") as fh:
                fh.write(line + "\n")


class HttpGateway:
    """A provider's HTTP API: POST JSON {phone, template, params: {code}} with a bearer key."""

    def __init__(self, url: str, key: str, template: str, client: httpx.Client | None = None) -> None:
        if not url:
            raise SystemExit("HARBIN_SMS_HTTP_URL must be set for the http SMS gateway")
        self.url, self.key, self.template = url, key, template
        self.client = client or httpx.Client(timeout=10)

    def send(self, phone: str, code: str, text: str) -> None:
        response = self.client.post(
            self.url,
            json={"phone": phone, "template": self.template, "params": {"code": code}, "text": text},
            headers={"Authorization": f"Bearer {self.key}"},
        )
        response.raise_for_status()

    def notify(self, phone: str, text: str, message_id: str, template: str) -> None:
        response = self.client.post(
            self.url,
            json={"phone": phone, "template": template, "params": {}, "text": text, "id": message_id},
            headers={"Authorization": f"Bearer {self.key}"},
        )
        response.raise_for_status()


def gateway_from_settings(s: Settings) -> SmsGateway:
    if s.sms_gateway == "http":
        return HttpGateway(s.sms_http_url, s.sms_http_key, s.sms_http_template)
    return ConsoleGateway(s.sms_outbox)


_gateway: SmsGateway | None = None


def gateway() -> SmsGateway:
    global _gateway
    if _gateway is None:
        _gateway = gateway_from_settings(settings)
    return _gateway


def set_gateway(new: SmsGateway | None) -> None:
    """Replace the gateway (tests); None goes back to the configured one."""
    global _gateway
    _gateway = new


def _hash(phone: str, code: str) -> str:
    return hmac.new(settings.secret_key.encode(), f"{phone}:{code}".encode(), hashlib.sha256).hexdigest()


def _day_start_utc(now: datetime) -> datetime:
    local = now.astimezone(clock.CHINA)
    return local.replace(hour=0, minute=0, second=0, microsecond=0).astimezone(now.tzinfo)


@dataclass(frozen=True)
class Sent:
    phone: str
    wait_seconds: int  # until another code may be asked for


def request_code(phone: str, purpose: str, challenge_id: str) -> Sent:
    """Spend a passed slider challenge and send a fresh code to `phone`."""
    assert purpose in PURPOSES
    if problem := mobile_problem(phone):
        raise ValidationError(fields={"phone": problem})
    phone = normalize_mobile(phone)
    code = f"{secrets.randbelow(10**6):06d}"
    text = code_text(code)
    now = clock.now()
    with db.transaction() as session:
        active = session.exec(select(User.is_active).where(User.phone == phone)).first()
        registered = active is not None
        if purpose == REGISTER and registered:
            raise ValidationError(fields={"phone": "该手机号已注册，请直接登录或使用其他手机号"})
        if purpose == LOGIN and not registered:
            raise ValidationError(fields={"phone": "该手机号尚未注册，请先注册"})
        if purpose == LOGIN and not active:
            raise ValidationError(fields={"phone": ACCOUNT_DISABLED})
        last = session.exec(
            select(func.max(SmsCode.created_at)).where(SmsCode.phone == phone)
        ).one()
        if last is not None and now - last < RESEND_INTERVAL:
            wait = math.ceil((RESEND_INTERVAL - (now - last)).total_seconds())
            raise ValidationError(fields={"sms_code": f"发送过于频繁，请 {wait} 秒后再试"})
        today = session.exec(
            select(func.count()).where(SmsCode.phone == phone, SmsCode.created_at >= _day_start_utc(now))
        ).one()
        if today >= DAILY_LIMIT:
            raise ValidationError(fields={"sms_code": "该手机号今日获取验证码已达 10 次上限，请明天再试"})
        slider.spend(session, challenge_id, now)
        session.exec(
            update(SmsCode)
            .where(SmsCode.phone == phone, SmsCode.purpose == purpose, col(SmsCode.used_at).is_(None))
            .values(voided=True)
        )
        row = SmsCode(
            phone=phone, purpose=purpose, code_hash=_hash(phone, code),
            created_at=now, expires_at=now + CODE_TTL,
        )
        session.add(row)
    try:
        gateway().send(phone, code, text)
    except Exception as exc:  # the gateway is outside our control: say so plainly
        with db.transaction() as session:
            session.exec(update(SmsCode).where(SmsCode.id == row.id).values(voided=True))
        raise ServiceError(fields={"sms_code": "短信发送失败，请稍后重试"}) from exc
    return Sent(phone=phone, wait_seconds=int(RESEND_INTERVAL.total_seconds()))


def consume_code(phone: str, purpose: str, code: str) -> None:
    """Check `code` for `phone` and spend it. A wrong code counts a try even though it raises."""
    code = (code or "").strip()
    if not code:
        raise ValidationError(fields={"sms_code": "请输入短信验证码"})
    if not (len(code) == 6 and code.isascii() and code.isdigit()):
        raise ValidationError(fields={"sms_code": "验证码为 6 位数字"})
    now = clock.now()
    problem = ""
    with db.transaction() as session:
        row = _live_code(session, phone, purpose, now)
        if row is None:
            problem = "验证码已过期或未获取，请重新获取"
        elif not hmac.compare_digest(row.code_hash, _hash(phone, code)):
            attempts = row.attempts + 1
            voided = attempts >= MAX_ATTEMPTS
            session.exec(update(SmsCode).where(SmsCode.id == row.id).values(attempts=attempts, voided=voided))
            problem = (
                "验证码错误次数过多，已失效，请重新获取"
                if voided
                else f"验证码错误，还可尝试 {MAX_ATTEMPTS - attempts} 次"
            )
        else:
            spent = session.exec(
                update(SmsCode)
                .where(SmsCode.id == row.id, col(SmsCode.used_at).is_(None))
                .values(used_at=now)
            )
            if spent.rowcount != 1:
                problem = "验证码已使用，请重新获取"
    if problem:
        raise ValidationError(fields={"sms_code": problem})


def _live_code(session: Session, phone: str, purpose: str, now: datetime) -> SmsCode | None:
    return session.exec(
        select(SmsCode)
        .where(
            SmsCode.phone == phone,
            SmsCode.purpose == purpose,
            col(SmsCode.used_at).is_(None),
            SmsCode.voided == False,  # noqa: E712
            SmsCode.expires_at > now,
        )
        .order_by(col(SmsCode.created_at).desc())
    ).first()
