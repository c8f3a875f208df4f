"""The enterprise an enterprise user works for."""

from __future__ import annotations

from harbin_app import clock, db
from harbin_app.domain import OTHER_INDUSTRY
from harbin_app.models import Enterprise, User
from harbin_app.services.actor import ENTERPRISE, Actor
from harbin_app.services.errors import PermissionDenied


def enterprise_id_for(actor: Actor) -> int:
    """The id of the actor's enterprise, created (empty, uncertified) on first use."""
    if actor.role != ENTERPRISE:
        raise PermissionDenied("只有企业用户可以办理此事项")
    with db.reading() as session:
        user = session.get(User, actor.user_id)
        if user is not None and user.enterprise_id is not None:
            return user.enterprise_id
    with db.transaction() as session:
        user = session.get(User, actor.user_id, with_for_update=not db.is_sqlite())
        if user is None:
            raise PermissionDenied("账号不存在或已停用，请重新登录")
        if user.enterprise_id is None:
            enterprise = Enterprise(created_at=clock.now())
            session.add(enterprise)
            session.flush()
            user.enterprise_id = enterprise.id
            session.add(user)
        return user.enterprise_id


# ------------------------------------------------------------------ the certified profile


def address_text(profile: dict[str, str]) -> str:
    """公司地址 in one line: 黑龙江省哈尔滨市南岗区学府路 1 号 (a municipality named once)."""
    p = {k: str(profile.get(k) or "").strip() for k in ("province", "city", "district", "address_detail")}
    parts = [p["province"], p["city"] if p["city"] != p["province"] else "", p["district"], p["address_detail"]]
    return "".join(x for x in parts if x)


def needs_industry_declaration(enterprise: Enterprise) -> bool:
    """行业不清晰 (flagged by the reviewer) or 其他: pool entry needs the stamped declaration."""
    return enterprise.industry_unclear or enterprise.industry == OTHER_INDUSTRY
