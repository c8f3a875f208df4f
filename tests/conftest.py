"""Shared fixtures.

`database` gives each test an empty, fully migrated database: SQLite always, and PostgreSQL too
when TEST_DATABASE_URL is set (CI sets it). The schema is built once per backend by running the
alembic migrations; between tests every table is emptied.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

# The tests' own key, set before the settings are read: no test makes or reads var/secret_key.
# (The app servers of the browser tests make their own key, see tests/browser/conftest.py.)
os.environ.setdefault("HARBIN_SECRET_KEY", secrets.token_urlsafe(32))

import pytest
from hypothesis import settings as hypothesis_settings
from sqlalchemy import text
from sqlmodel import SQLModel

from harbin_app import clock, db
from harbin_app.services import order_types, sms

order_types.register_all()  # as the app does at start-up

# CI (`.ci/run` sets HARBIN_CI=1) runs the property tests on a fixed sequence of examples, so that a
# run is reproducible; elsewhere each run draws new ones and may find a case no run found before.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("HARBIN_CI") == "1":
    hypothesis_settings.load_profile("ci")

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


def _url(backend: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    if backend == "postgresql":
        return os.environ["TEST_DATABASE_URL"]
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


@pytest.fixture(scope="session", params=BACKENDS)
def migrated_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database migrated by alembic once per backend (for SQLite: a template file)."""
    from harbin_app.migrate import upgrade

    url = _url(request.param, tmp_path_factory)
    db.configure(url)
    if request.param == "postgresql":
        with db.engine().begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    upgrade()
    if request.param == "sqlite":
        with db.engine().begin() as conn:  # the template copy must hold every page
            conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    db.configure(url)  # release the template's connections
    return url


@pytest.fixture
def database(migrated_url: str, tmp_path: Path) -> Iterator[str]:
    """An empty, migrated database for one test."""
    if migrated_url.startswith("sqlite"):
        template = Path(migrated_url.removeprefix("sqlite:///"))
        copy = tmp_path / "test.db"
        shutil.copyfile(template, copy)
        url = f"sqlite:///{copy}"
    else:
        url = migrated_url
        db.configure(url)
        import harbin_app.models  # noqa: F401

        names = ", ".join(t.name for t in SQLModel.metadata.sorted_tables)
        with db.engine().begin() as conn:  # TRUNCATE does not fire the append-only row triggers
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    db.configure(url)
    yield url
    db.configure(migrated_url)


class FakeClock:
    """Replaces harbin_app.clock.now; `advance` moves time forward."""

    def __init__(self) -> None:
        self.current = clock.now()

    def __call__(self):  # noqa: ANN204
        return self.current

    def advance(self, **kwargs: float) -> None:
        self.current += timedelta(**kwargs)


@pytest.fixture
def fake_clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    fake = FakeClock()
    monkeypatch.setattr(clock, "now", fake)
    return fake


class RecordingGateway:
    def __init__(self) -> None:
        self.sent: list[tuple[str, str, str]] = []

    def send(self, phone: str, code: str, text: str) -> None:
        self.sent.append((phone, code, text))

    def last_code(self, phone: str) -> str:
        return [code for p, code, _ in self.sent if p == phone][-1]


@pytest.fixture
def sms_outbox() -> Iterator[RecordingGateway]:
    gateway = RecordingGateway()
    sms.set_gateway(gateway)
    yield gateway
    sms.set_gateway(None)
