"""An unreachable database is a `DatabaseUnavailable`: a ServiceError with the Chinese message the
user reads (every handler showing a service's refusal shows it), raised by each unit of work."""

from __future__ import annotations

import pytest
from sqlalchemy import exc as sa_exc
from sqlalchemy import text

from harbin_app import db
from harbin_app.services.errors import ServiceError


@pytest.fixture
def unreachable():  # noqa: ANN201
    previous = db._url
    db.configure("postgresql+psycopg://postgres@127.0.0.1:1/nowhere")  # nothing listens on port 1
    try:
        yield
    finally:
        db.configure(previous)


@pytest.mark.parametrize("unit", [db.transaction, db.statements, db.reading])
def test_every_unit_of_work_says_the_database_is_unavailable(unreachable, unit) -> None:  # noqa: ANN001
    with pytest.raises(db.DatabaseUnavailable) as caught:
        with unit() as work:
            work.execute(text("SELECT 1"))
    assert isinstance(caught.value, ServiceError)
    assert "数据库暂时无法连接" in caught.value.message and db.is_unavailable(caught.value)


def test_a_refused_statement_is_not_taken_for_an_outage() -> None:
    error = sa_exc.IntegrityError("INSERT", {}, Exception("duplicate key"))
    assert not db.is_unavailable(error)
    assert not db.is_unavailable(sa_exc.OperationalError("UPDATE", {}, Exception("database is locked")))
    assert db.is_unavailable(sa_exc.OperationalError("SELECT", {}, Exception("connection refused")))


def test_postgresql_connections_give_up_after_the_connect_timeout() -> None:
    engine = db._make_engine("postgresql+psycopg://postgres@127.0.0.1:1/nowhere")
    try:
        assert engine.pool._pre_ping
    finally:
        engine.dispose()
