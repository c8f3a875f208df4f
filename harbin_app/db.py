"""Database engine and transactions (plain SQLModel, no reflex).

`transaction()` is the one way services write: one session, one commit, rolled back on any error.
On SQLite a process-wide lock serialises writers (lock retries otherwise give long tails, see
reflex-notes.md); PostgreSQL needs no lock.

A database that cannot be reached (PostgreSQL down, restarting, the network cut) surfaces as
`DatabaseUnavailable`, a `ServiceError` with the Chinese message the user reads: every handler that
shows a service's refusal shows it, and the transaction was rolled back, so nothing is half written.
Dead pooled connections are replaced on the next checkout (`pool_pre_ping`), so the app recovers by
itself when the database is back; a connection attempt gives up after CONNECT_TIMEOUT seconds.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, create_engine

from harbin_app.services.errors import ServiceError
from harbin_app.settings import settings

CONNECT_TIMEOUT = 5  # seconds (PostgreSQL): an unreachable server answers 数据库暂时无法连接, not a hung page
UNAVAILABLE = "数据库暂时无法连接，刚才的操作没有保存。请稍后重试（恢复后无需刷新页面）"


class DatabaseUnavailable(ServiceError):
    """The database could not be reached; the unit of work was rolled back."""

    def __init__(self, message: str = UNAVAILABLE) -> None:
        super().__init__(message)


def is_unavailable(error: BaseException) -> bool:
    """Whether `error` means the database could not be reached (not a refusal of the statement)."""
    if isinstance(error, DatabaseUnavailable):
        return True
    if isinstance(error, sa_exc.DBAPIError) and error.connection_invalidated:
        return True
    if isinstance(error, (sa_exc.DisconnectionError, sa_exc.InterfaceError)):
        return True
    if isinstance(error, sa_exc.OperationalError):
        # PostgreSQL: connection refused / closed / timed out; SQLite's "database is locked" is not a fault of reach
        return "locked" not in str(error.orig or "").lower()
    return False


@contextmanager
def _reachable() -> Iterator[None]:
    try:
        yield
    except (sa_exc.DBAPIError, sa_exc.DisconnectionError) as error:
        if is_unavailable(error):
            raise DatabaseUnavailable() from error
        raise

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
    connect_args = {"connect_timeout": CONNECT_TIMEOUT} if url.startswith("postgresql") else {}
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10, connect_args=connect_args)


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
        with _reachable(), Session(engine(), expire_on_commit=False) as session:
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
        with _reachable(), engine().begin() as connection:
            yield connection
    finally:
        if lock:
            lock.release()


@contextmanager
def reading() -> Iterator[Session]:
    """A session for queries only."""
    with _reachable(), Session(engine(), expire_on_commit=False) as session:
        yield session
