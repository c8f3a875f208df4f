"""Demo accounts for development: `python -m harbin_app.services.seed`. Refused in production."""

from __future__ import annotations

from sqlmodel import select

from harbin_app import clock, db
from harbin_app.models import User
from harbin_app.services.actor import ADMIN, FINANCE, REVIEWER
from harbin_app.services.passwords import hash_password
from harbin_app.settings import settings

DEMO_ACCOUNTS = (
    ("reviewer", REVIEWER, "市工信局审核员"),
    ("finance", FINANCE, "市财政局经办人"),
    ("admin", ADMIN, "平台管理员"),
)


def seed_demo_accounts() -> list[str]:
    """Create the demo accounts that do not exist yet; returns the names created."""
    if settings.is_production:
        raise SystemExit("生产环境不创建演示账号（HARBIN_ENV=production）")
    created = []
    with db.transaction() as session:
        for username, role, display in DEMO_ACCOUNTS:
            if session.exec(select(User.id).where(User.username == username)).first() is None:
                session.add(
                    User(
                        username=username, role=role, display_name=display,
                        password_hash=hash_password(settings.demo_password), created_at=clock.now(),
                    )
                )
                created.append(username)
    return created


if __name__ == "__main__":
    made = seed_demo_accounts()
    print("演示账号已创建：" + "、".join(made) if made else "演示账号已存在")
