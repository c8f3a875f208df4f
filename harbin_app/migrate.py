"""Bring the database to the newest schema: `python -m harbin_app.migrate`."""

from __future__ import annotations

from alembic import command
from alembic.config import Config

from harbin_app import db
from harbin_app.settings import PROJECT_ROOT


def alembic_config() -> Config:
    return Config(str(PROJECT_ROOT / "alembic.ini"))


def upgrade() -> None:
    if db.is_sqlite():
        # the SQLite file's folder must exist before the first connection
        from sqlalchemy.engine import make_url

        path = make_url(str(db.engine().url)).database
        if path and path != ":memory:":
            from pathlib import Path

            Path(path).parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(), "heads")


if __name__ == "__main__":
    upgrade()
    print("数据库已迁移到最新版本")
