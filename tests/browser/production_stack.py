"""The production setup of the fault and multi-server tests, started by the tests themselves.

The app runs as `make run-prod` runs it (`python -m harbin_app.production`: PostgreSQL, Redis,
granian workers that are respawned when one dies, a secret from the environment), with the tests'
own database, file store and outbox (conftest.app_env). Nothing of the machine's shared services is
stopped: PostgreSQL is reached through a TCP proxy the test can cut (`TcpProxy`), Redis is a
`redis-server` of the test's own (`OwnRedis`) or a spare database index of the shared one.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import shutil
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import pytest

from tests.browser.conftest import ROOT, AppServer, _free_port, app_env, start_app, stop_app


def postgres_base() -> str:
    """The PostgreSQL server of the tests (TEST_DATABASE_URL, else this machine's); skips if unreachable."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = make_url(os.environ.get("TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"))
    engine = create_engine(url.set(database="postgres"), connect_args={"connect_timeout": 5})
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001
        pytest.skip(f"PostgreSQL is unreachable at {url.host}:{url.port} ({type(exc).__name__}): set TEST_DATABASE_URL")
    finally:
        engine.dispose()
    return url.render_as_string(hide_password=False)


@contextlib.contextmanager
def fresh_database(tag: str) -> Iterator[str]:
    """A new PostgreSQL database `harbin_prod_<tag>_<random>`, dropped afterwards; yields its URL."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    base = make_url(postgres_base())
    name = f"harbin_prod_{tag}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def shared_redis_url() -> str:
    """TEST_REDIS_URL, else a spare database index (13) of this machine's Redis (flushed); skips if unreachable."""
    import redis

    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/13")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=3).flushdb()
    except redis.RedisError as exc:
        pytest.skip(f"Redis is unreachable at {url} ({exc}): set TEST_REDIS_URL")
    return url


class OwnRedis:
    """A redis-server of the test's own (no persistence): it can be stopped and started again."""

    def __init__(self, workdir: Path) -> None:
        if not shutil.which("redis-server"):
            pytest.skip("redis-server is not installed (apt-get install redis-server)")
        self.port = _free_port()
        self.workdir = workdir
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        import redis

        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.workdir)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        client = redis.Redis.from_url(self.url)
        wait_for(lambda: _pings(client), 30, "own redis-server to answer")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=20)
            self.proc = None


def _pings(client) -> bool:  # noqa: ANN001
    import redis

    try:
        return bool(client.ping())
    except redis.RedisError:
        return False


def wait_for(condition, timeout: float, what: str, *, every: float = 0.2):  # noqa: ANN001, ANN201
    """Poll `condition` until it returns something true (its value is returned); no timed assertion,
    only a generous limit past which the test fails naming `what`."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(every)


class TcpProxy:
    """A TCP forwarder (asyncio, in a thread of its own) between the app and PostgreSQL. `cut()`
    drops every connection and refuses new ones at once (what a PostgreSQL restart or a network fault
    looks like to the app); `restore()` lets them through again."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.port = _free_port()
        self.open = True
        self._writers: set[asyncio.StreamWriter] = set()
        self._loop = asyncio.new_event_loop()
        started = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(started,), daemon=True)
        self._thread.start()
        started.wait(10)

    def _run(self, started: threading.Event) -> None:
        asyncio.set_event_loop(self._loop)
        self._server = self._loop.run_until_complete(asyncio.start_server(self._client, "127.0.0.1", self.port))
        started.set()
        self._loop.run_forever()

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if not self.open:
            writer.close()
            return
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.close()
            return
        self._writers.update((writer, up_writer))

        async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
            try:
                while data := await src.read(65536):
                    dst.write(data)
                    await dst.drain()
            except (OSError, asyncio.CancelledError):
                pass
            finally:
                dst.close()
                self._writers.discard(dst)

        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))

    def url_for(self, database_url: str) -> str:
        from sqlalchemy.engine import make_url

        return make_url(database_url).set(host="127.0.0.1", port=self.port).render_as_string(hide_password=False)

    def cut(self) -> None:
        def drop() -> None:
            self.open = False
            for w in list(self._writers):
                w.transport.abort()
            self._writers.clear()

        self._loop.call_soon_threadsafe(drop)
        wait_for(lambda: not self._writers and not self.open, 10, "the proxy to drop its connections")

    def restore(self) -> None:
        self.open = True

    def close(self) -> None:
        self.cut()
        self._loop.call_soon_threadsafe(self._server.close)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)


@dataclass
class ProdApp:
    """One production app server (python -m harbin_app.production) and what the tests need of it."""

    workdir: Path
    env: dict[str, str]
    port: int = field(default_factory=_free_port)
    proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        command = [sys.executable, "-m", "harbin_app.production", "--port", str(self.port)]
        self.proc = start_app(command, self.env, self.workdir / "app.log", self.url)

    def stop(self) -> None:
        if self.proc is not None:
            stop_app(self.proc)
            self.proc = None

    def workers(self) -> list[int]:
        """The pids of this server's granian workers (the supervisor's children)."""
        if self.proc is None:
            return []
        try:
            return [p.pid for p in psutil.Process(self.proc.pid).children() if p.is_running()]
        except psutil.NoSuchProcess:
            return []

    def server(self) -> AppServer:
        return AppServer(url=self.url, workdir=self.workdir, env=self.env, production_setup=True)


def prod_env(workdir: Path, database_url: str, redis_url: str, *, secret: str, workers: int = 3) -> dict[str, str]:
    env = app_env(workdir, database_url, redis_url)
    env.update(HARBIN_SECRET_KEY=secret, HARBIN_WORKERS=str(workers), HARBIN_ENV="production")
    env.pop("HARBIN_SECRET_FILE", None)
    return env


def new_secret() -> str:
    return secrets.token_urlsafe(48)


def query(database_url: str, sql: str, **params):  # noqa: ANN003, ANN201
    """Rows of `sql` read straight from PostgreSQL (not through the proxy)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            return conn.execute(text(sql), params).all()
    finally:
        engine.dispose()


__all__ = ["ROOT", "OwnRedis", "ProdApp", "TcpProxy", "fresh_database", "new_secret", "postgres_base", "prod_env",
           "query", "shared_redis_url", "wait_for"]
