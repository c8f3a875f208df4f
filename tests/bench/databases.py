"""The databases the bench uses, all created for it and removed afterwards.

SQLite: a file in a temporary folder. PostgreSQL: BENCH_DATABASE_URL (a database the bench may empty:
its schema `public` is dropped and recreated), else a fresh database created on
127.0.0.1:5432 as user postgres (trust) and dropped at the end. Redis: BENCH_REDIS_URL, else
database 11 of 127.0.0.1:6379 (flushed before and after use, so other users of db 0 are untouched).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from harbin_app import db
from harbin_app.migrate import upgrade

DEFAULT_PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
DEFAULT_REDIS = "redis://127.0.0.1:6379/11"


def sqlite_url(folder: str, name: str) -> str:
    return f"sqlite:///{folder}/{name}.db"


def _reachable(url: str) -> bool:
    engine = create_engine(url, connect_args={"connect_timeout": 2})
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return True
    except Exception:  # noqa: BLE001  (any failure means: not available)
        return False
    finally:
        engine.dispose()


def _empty_schema(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()


@contextlib.contextmanager
def postgres() -> Iterator[str | None]:
    """A PostgreSQL database for the whole bench, or None when there is none."""
    given = os.environ.get("BENCH_DATABASE_URL", "")
    if given:
        _empty_schema(given)
        try:
            yield given
        finally:
            db.configure(given)
            db.engine().dispose()
            _empty_schema(given)
        return
    if not _reachable(DEFAULT_PG_SERVER):
        yield None
        return
    name = f"harbin_bench_{os.getpid()}"
    admin = create_engine(DEFAULT_PG_SERVER, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(DEFAULT_PG_SERVER).set(database=name).render_as_string(hide_password=False)
    finally:
        db.configure("sqlite://")  # let go of our connections first
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def fresh(url: str) -> None:
    """Point the services at `url`, emptied and migrated to the newest schema."""
    db.configure(url)
    if not url.startswith("sqlite"):
        db.engine().dispose()
        _empty_schema(url)
    upgrade()
    db.configure(url)  # a new pool, without alembic's connection


def postgres_version(url: str) -> str:
    engine = create_engine(url)
    with engine.connect() as conn:
        version = conn.execute(text("SHOW server_version")).scalar()
    engine.dispose()
    return str(version)


def redis_url() -> str | None:
    """The bench's Redis database (flushed), or None when Redis does not answer."""
    import redis

    url = os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS)
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=1)
        client.ping()
        client.flushdb()
        return url
    except Exception:  # noqa: BLE001
        return None


def flush_redis(url: str) -> None:
    import redis

    with contextlib.suppress(Exception):
        redis.Redis.from_url(url, socket_connect_timeout=1).flushdb()


def redis_version(url: str) -> str:
    import redis

    return str(redis.Redis.from_url(url).info("server").get("redis_version", "?"))
