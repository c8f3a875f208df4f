"""Users and orders for service tests."""

from __future__ import annotations

from harbin_app import clock, db
from harbin_app.models import User
from harbin_app.services import enterprises
from harbin_app.services.accounts import actor_of
from harbin_app.services.actor import ENTERPRISE, Actor

VALID_CERTIFICATION = {
    "company_name": "哈尔滨电气装备示范有限公司",
    "established": "2012-05-18",
    "credit_code": "91350100M000100Y43",
    "industry": "电气装备制造业",
    "contact": "王经理",
    "phone": "0451-86001234",
    "registered_capital": "5000",
    "email": "wang@example.com",
    "scale": "320",
    "province": "黑龙江省",
    "city": "哈尔滨市",
    "district": "南岗区",
    "address_detail": "学府路 1 号",
    "website": "https://www.example.com",
    "intro": "主要生产电气装备。",
}


def make_user(username: str, role: str, phone: str | None = None) -> Actor:
    with db.transaction() as session:
        user = User(username=username, role=role, phone=phone, password_hash="x", created_at=clock.now())
        session.add(user)
        session.flush()
        actor = actor_of(user)
    if role == ENTERPRISE:
        from dataclasses import replace

        actor = replace(actor, enterprise_id=enterprises.enterprise_id_for(actor))
    return actor
