"""Users, enterprises and work orders for the bench, made through the services (or in bulk)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from functools import cache

from harbin_app import clock, db
from harbin_app.models import Enterprise, User, WorkOrder
from harbin_app.services import accounts, certification, enterprises
from harbin_app.services.actor import ENTERPRISE, REVIEWER, Actor
from harbin_app.services.passwords import hash_password
from harbin_app.services.validators import CREDIT_ALPHABET, credit_code_check_char
from tests.unit.factories import VALID_CERTIFICATION, make_user

PASSWORD = "Bench2024ok"
INDUSTRIES = (
    "航空航天设备制造业",
    "电气装备制造业",
    "锅炉及原动装备制造业",
    "药品生产制造业",
    "食品精深加工及食品制造业",
)


def credit_code(i: int) -> str:
    """A valid 统一社会信用代码, different for every i."""
    digits = ""
    for _ in range(7):
        i, r = divmod(i, len(CREDIT_ALPHABET))
        digits = CREDIT_ALPHABET[r] + digits
    first17 = "91230100M" + "A" + digits
    return first17 + credit_code_check_char(first17)


def content(i: int, name: str = "") -> dict[str, str]:
    """A complete, valid 企业认证 form for enterprise number i."""
    return {
        **VALID_CERTIFICATION,
        "company_name": name or f"基准测试企业{i:05d}有限公司",
        "credit_code": credit_code(100_000 + i),
        "industry": INDUSTRIES[i % len(INDUSTRIES)],
    }


def enterprise_actor(username: str) -> Actor:
    """An enterprise user (no password) with its enterprise, as tests/unit/factories.py makes them."""
    return make_user(username, ENTERPRISE)


def reviewer_actor(username: str) -> Actor:
    return make_user(username, REVIEWER)


@cache
def _password_hash() -> str:
    return hash_password(PASSWORD)


def signed_in_enterprise(username: str) -> tuple[str, Actor]:
    """An enterprise user who can sign in; returns (browser token, actor)."""
    with db.transaction() as session:
        session.add(
            User(username=username, role=ENTERPRISE, password_hash=_password_hash(), created_at=clock.now())
        )
    token, actor = accounts.login_password(username, PASSWORD)
    return token, replace(actor, enterprise_id=enterprises.enterprise_id_for(actor))


def draft(actor: Actor, form: dict[str, str]) -> int:
    """Save `form` as the enterprise's 企业认证 draft; returns its row version."""
    view = certification.load(actor)
    return certification.save(actor, form, view.row_version)


def seed_orders(count: int) -> None:
    """`count` 企业认证 orders of as many enterprises, in bulk: 3/4 待审核, the rest 已认证 or 驳回,
    one minute apart."""
    now = clock.now()
    with db.transaction() as session:
        firms = [Enterprise(created_at=now) for _ in range(count)]
        session.add_all(firms)
        session.flush()
        for i, firm in enumerate(firms):
            form = content(i, f"示范企业{i:05d}有限公司")
            state = ("certified", "rejected")[i % 2] if i % 4 == 3 else "submitted"
            at = now - timedelta(minutes=count - i)
            session.add(
                WorkOrder(
                    kind="certification",
                    enterprise_id=firm.id or 0,
                    state=state,
                    version=1,
                    row_version=3,
                    subject_name=form["company_name"],
                    credit_code=form["credit_code"],
                    industry=form["industry"],
                    created_at=at,
                    updated_at=at,
                    submitted_at=at,
                )
            )
