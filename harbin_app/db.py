"""Database engine and transactions (plain SQLModel, no reflex).

`transaction()` is the one way services write: one session, one commit, rolled back on any error.
On SQLite a process-wide lock serialises writers (lock retries otherwise give long tails, see
reflex-notes.md); PostgreSQL needs no lock.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, create_engine

from harbin_app.settings import settings

_engine: Engine | None = None
_url: str = settings.database_url
_write_lock = threading.Lock()


def _make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # noqa: ANN001
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            # WAL with NORMAL: a commit survives the app's crash or restart; only a power loss may
            # take back the last commits (never corrupt). Production runs PostgreSQL.
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)


def configure(url: str) -> None:
    """Point the platform at another database (tests, tools)."""
    global _engine, _url
    if _engine is not None:
        _engine.dispose()
    _engine, _url = None, url


def engine() -> Engine:
    global _engine
    if _engine is None:
        _engine = _make_engine(_url)
    return _engine


def is_sqlite() -> bool:
    return _url.startswith("sqlite")


@contextmanager
def transaction() -> Iterator[Session]:
    """One unit of work: commits at the end, rolls back on any exception."""
    lock = _write_lock if is_sqlite() else None
    if lock:
        lock.acquire()
    try:
        with Session(engine(), expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise
    finally:
        if lock:
            lock.release()


@contextmanager
def statements() -> Iterator[Connection]:
    """One unit of work of plain SQL statements (no ORM session: the hot paths, e.g. a draft's
    blur), with the same commit, rollback and SQLite writer lock as `transaction`."""
    lock = _write_lock if is_sqlite() else None
    if lock:
        lock.acquire()
    try:
        with engine().begin() as connection:
            yield connection
    finally:
        if lock:
            lock.release()


@contextmanager
def reading() -> Iterator[Session]:
    """A session for queries only."""
    with Session(engine(), expire_on_commit=False) as session:
        yield session
