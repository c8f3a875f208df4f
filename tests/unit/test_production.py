"""The production launcher (`make run-prod`, harbin_app/production.py): what it refuses, and that it
never creates the demo accounts."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from harbin_app import production

ROOT = Path(__file__).resolve().parents[2]
GOOD = {
    "HARBIN_SECRET_KEY": "s" * 48,
    "HARBIN_DATABASE_URL": "postgresql+psycopg://postgres@127.0.0.1:5432/harbin",
    "HARBIN_REDIS_URL": "redis://127.0.0.1:6379/0",
}
PUBLISHED = "development-only-secret-do-not-use-in-production"


def refusal(env: dict[str, str]) -> str:
    with pytest.raises(production.Refused) as caught:
        production.production_env(env)
    return str(caught.value)


def test_a_fit_environment_runs_as_production() -> None:
    env = production.production_env({**GOOD, "HARBIN_SECRET_FILE": "/tmp/x", "HARBIN_WORKERS": "4"})
    assert env["HARBIN_ENV"] == "production"
    assert "HARBIN_SECRET_FILE" not in env  # never an instance key file in production
    assert env["GRANIAN_WORKERS"] == "4"


def test_behind_a_proxy_the_browser_is_sent_through_it() -> None:
    env = production.production_env({**GOOD, "HARBIN_PUBLIC_URL": "https://hrb.example.gov.cn/"})
    assert env["REFLEX_API_URL"] == env["REFLEX_DEPLOY_URL"] == "https://hrb.example.gov.cn"


def test_a_missing_secret_is_refused_in_both_languages() -> None:
    message = refusal({k: v for k, v in GOOD.items() if k != "HARBIN_SECRET_KEY"})
    assert "未设置 HARBIN_SECRET_KEY" in message and "HARBIN_SECRET_KEY is not set" in message
    assert "refusing to start" in message and "拒绝以生产模式启动" in message
    assert "未设置 HARBIN_SECRET_KEY" in refusal({**GOOD, "HARBIN_SECRET_KEY": "   "})


def test_the_development_secret_is_refused() -> None:
    message = refusal({**GOOD, "HARBIN_SECRET_KEY": PUBLISHED})
    assert "公开过的开发密钥" in message and "development key published in the code" in message


def test_the_launcher_knows_every_published_secret() -> None:
    from harbin_app.settings import PUBLISHED_SECRETS

    assert production._published() == PUBLISHED_SECRETS


def test_a_short_secret_is_refused() -> None:
    assert "too short" in refusal({**GOOD, "HARBIN_SECRET_KEY": "short-key"})


def test_a_missing_database_url_is_refused() -> None:
    message = refusal({k: v for k, v in GOOD.items() if k != "HARBIN_DATABASE_URL"})
    assert "未设置 HARBIN_DATABASE_URL" in message and "HARBIN_DATABASE_URL is not set" in message


def test_sqlite_is_refused() -> None:
    assert "不是 PostgreSQL" in refusal({**GOOD, "HARBIN_DATABASE_URL": "sqlite:///var/harbin.db"})


def test_a_missing_redis_url_is_refused() -> None:
    assert "HARBIN_REDIS_URL is not set" in refusal({k: v for k, v in GOOD.items() if k != "HARBIN_REDIS_URL"})


def test_every_problem_is_named_at_once() -> None:
    message = refusal({})
    assert all(name in message for name in ("HARBIN_SECRET_KEY", "HARBIN_DATABASE_URL", "HARBIN_REDIS_URL"))


@pytest.mark.parametrize("secret", ["", PUBLISHED])
def test_the_launcher_exits_non_zero_before_starting_anything(secret: str, tmp_path: Path) -> None:
    env = {**os.environ, **GOOD, "HARBIN_SECRET_KEY": secret, "HARBIN_DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/none"}
    done = subprocess.run(
        [sys.executable, "-m", "harbin_app.production", "--port", "1"], env=env, cwd=ROOT, capture_output=True,
        text=True, timeout=60,
    )
    assert done.returncode == production.REFUSED
    assert "HARBIN_SECRET_KEY" in done.stderr and "refusing to start" in done.stderr
    assert done.stdout == ""  # nothing migrated, nothing served


def _postgres_url() -> str:
    return os.environ.get("TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def test_prepare_migrates_a_new_database_and_creates_no_demo_account() -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    base = make_url(_postgres_url())
    name = f"harbin_prod_unit_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001
        pytest.skip(f"PostgreSQL unreachable at {base.host}:{base.port}: {exc}")
    url = base.set(database=name).render_as_string(hide_password=False)
    try:
        env = {**os.environ, **GOOD, "HARBIN_DATABASE_URL": url}
        app_env = production.prepare(env)  # creates the database, migrates
        assert app_env["HARBIN_ENV"] == "production"
        engine = create_engine(url)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM users")).scalar() == 0
            assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar() >= 1
        engine.dispose()
        # and the seed refuses in that environment
        seeded = subprocess.run(
            [sys.executable, "-m", "harbin_app.services.seed"], env=app_env, cwd=ROOT, capture_output=True, text=True,
        )
        assert seeded.returncode != 0 and "生产环境不创建演示账号" in seeded.stderr
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
