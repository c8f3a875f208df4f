"""The real app in a real Chromium.

One app server per setup: `reflex run --env prod` in its own process group, on a free port, with
its own database, SMS outbox and file store. Every browser test runs against the embedded default
(SQLite, one worker); with TEST_DATABASE_URL and TEST_REDIS_URL set (CI) every test runs a second
time against the production setup: PostgreSQL, Redis and three backend workers, so live updates
cross workers.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
DEMO_PASSWORD = "Harbin#2024"

# How long a condition may take to hold (it passes as soon as it holds): generous, so that a loaded
# machine (a CI run beside other work: load 13 on 2 cores was seen) slows a test without failing it.
expect.set_options(timeout=30_000)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium", "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    return {**browser_context_args, "viewport": {"width": 1366, "height": 768}, "locale": "zh-CN"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


EMBEDDED, PRODUCTION = "embedded", "production"
SETUPS = [EMBEDDED] + ([PRODUCTION] if os.environ.get("TEST_DATABASE_URL") and os.environ.get("TEST_REDIS_URL") else [])


def _app_database(setup: str, workdir: Path) -> str:
    if setup == EMBEDDED:
        return f"sqlite:///{workdir / 'app.db'}"
    url = os.environ["TEST_DATABASE_URL"]
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    base = make_url(url)
    name = f"{base.database}_app"
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


@dataclass
class AppServer:
    url: str
    workdir: Path
    env: dict[str, str]
    production_setup: bool

    @property
    def outbox(self) -> Path:
        return Path(self.env["HARBIN_SMS_OUTBOX"])

    def sms_code(self, phone: str, timeout: float = 30) -> str:
        """The newest code the console gateway wrote for `phone`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.outbox.exists():
                lines = [json.loads(x) for x in self.outbox.read_text(encoding="utf-8").splitlines() if x]
                codes = [x["code"] for x in lines if x["phone"] == phone and x.get("code")]  # not the notices
                if codes:
                    return codes[-1]
            time.sleep(0.1)
        raise AssertionError(f"no SMS for {phone} in {self.outbox}")

    def sms_count(self, phone: str) -> int:
        if not self.outbox.exists():
            return 0
        return sum(1 for x in self.outbox.read_text(encoding="utf-8").splitlines() if json.loads(x)["phone"] == phone)

    def age_sms_codes(self, phone: str, seconds: int = 61) -> None:
        """Let time pass for `phone`'s codes (the 60 s resend interval) without waiting."""
        self.run_python(
            "from datetime import timedelta\n"
            "from sqlmodel import select\n"
            "from harbin_app import db\n"
            "from harbin_app.models import SmsCode\n"
            "with db.transaction() as s:\n"
            f"    for row in s.exec(select(SmsCode).where(SmsCode.phone == {phone!r})):\n"
            f"        row.created_at -= timedelta(seconds={seconds})\n"
            "        s.add(row)\n"
        )

    def run_python(self, code: str) -> str:
        """Run a snippet against the app's database (set-up and checks that no screen offers), with
        the work-order types registered as the app registers them at start-up."""
        setup = "from harbin_app.services import order_types\norder_types.register_all()\n"
        done = subprocess.run(
            [sys.executable, "-c", setup + code], env=self.env, cwd=ROOT, capture_output=True, text=True, check=True
        )
        return done.stdout


def app_env(workdir: Path, database_url: str, redis_url: str = "") -> dict[str, str]:
    """The environment of an app server of the tests: its own database, SMS outbox, file store,
    temporary folder and instance key under `workdir` (the production tests add their own)."""
    env = {
        **os.environ,
        "HARBIN_DATABASE_URL": database_url,
        "HARBIN_REDIS_URL": redis_url,
        "HARBIN_SMS_OUTBOX": str(workdir / "sms_outbox.jsonl"),
        "HARBIN_FILES_DIR": str(workdir / "files"),
        # no HARBIN_SECRET_KEY: each app server makes its own key on its first start, here
        "HARBIN_SECRET_FILE": str(workdir / "secret_key"),
        # the app's temporary files (Starlette spools uploads there): tests check nothing stays
        "TMPDIR": str(workdir / "tmp"),
        # the compiled frontend; a separate folder per concurrent test run (HARBIN_TEST_WEB_DIR)
        "REFLEX_WEB_WORKDIR": os.environ.get("HARBIN_TEST_WEB_DIR", str(ROOT / "var" / "test-web")),
        "REFLEX_STATES_WORKDIR": str(workdir / "states"),
        "REFLEX_TELEMETRY_ENABLED": "false",
        "PYTHONDONTWRITEBYTECODE": "1",
        "HARBIN_EXPOSE_WORKER": "1",
        "REFLEX_USE_GRANIAN": "true",  # production's server, whatever else is installed
        # the tools `make` installs, also when pytest is started by hand
        "PATH": f"{ROOT / '.tools' / 'bun' / 'bin'}:{Path(sys.executable).parent}:{os.environ.get('PATH', '')}",
        "REFLEX_DIR": os.environ.get("REFLEX_DIR", str(ROOT / ".tools" / "reflex")),
        "BUN_INSTALL_CACHE_DIR": os.environ.get("BUN_INSTALL_CACHE_DIR", str(ROOT / ".tools" / "bun-cache")),
    }
    env.pop("REFLEX_REDIS_URL", None)
    env.pop("HARBIN_SECRET_KEY", None)
    (workdir / "tmp").mkdir(exist_ok=True)
    return env


def start_app(command: list[str], env: dict[str, str], log_path: Path, url: str, *, timeout: float = 300) -> subprocess.Popen:
    """Start an app server (`command`) in its own process group and wait until it serves `url`."""
    log = log_path.open("a")
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    log.close()
    try:
        wait_serving(proc, url, log_path, timeout=timeout)
    except BaseException:
        stop_app(proc)
        raise
    return proc


def wait_serving(proc: subprocess.Popen | None, url: str, log_path: Path, *, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"the app stopped while starting:\n{log_path.read_text()[-4000:]}")
        try:
            if httpx.get(f"{url}/ping", timeout=2).status_code == 200 and httpx.get(url, timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"the app did not start:\n{log_path.read_text()[-4000:]}")
        time.sleep(1)


def stop_app(proc: subprocess.Popen) -> None:
    """Stop an app server's whole process group (TERM, then KILL after 20 s)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=20)


def reflex_prod(port: int) -> list[str]:
    return [sys.executable, "-m", "reflex", "run", "--env", "prod", "--frontend-port", str(port), "--backend-port", str(port)]


@pytest.fixture(scope="session", params=SETUPS)
def app_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    setup = request.param
    workdir = tmp_path_factory.mktemp(f"app-{setup}")
    port = _free_port()
    redis_url = os.environ["TEST_REDIS_URL"] if setup == PRODUCTION else ""
    env = app_env(workdir, _app_database(setup, workdir), redis_url)
    if redis_url:
        import redis

        redis.Redis.from_url(redis_url).flushdb()
        env["GRANIAN_WORKERS"] = "3"
    subprocess.run([sys.executable, "-m", "harbin_app.migrate"], env=env, cwd=ROOT, check=True)
    subprocess.run([sys.executable, "-m", "harbin_app.services.seed"], env=env, cwd=ROOT, check=True)
    url = f"http://127.0.0.1:{port}"
    proc = start_app(reflex_prod(port), env, workdir / "app.log", url)
    try:
        yield AppServer(url=url, workdir=workdir, env=env, production_setup=bool(redis_url))
    finally:
        stop_app(proc)


@pytest.fixture(scope="session")
def base_url(app_server: AppServer) -> str:
    return app_server.url


@pytest.fixture
def new_page(browser: Browser, browser_context_args: dict, base_url: str) -> Iterator:
    """Open pages in fresh browser contexts (another user, another browser)."""
    contexts: list[BrowserContext] = []

    def make() -> Page:
        context = browser.new_context(**{**browser_context_args, "base_url": base_url})
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):  # noqa: ANN201
    """Each test's call report on the item (`item.rep_call`), for fixtures that explain a failure."""
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.rep_call = report
