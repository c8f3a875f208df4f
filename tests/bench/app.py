"""The one place that starts and stops the real app: `reflex run --env prod` in its own process group."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
BUN_BIN = ROOT / ".tools" / "bun" / "bin"
WEB_DIR = ROOT / "var" / "bench-web"  # the bench's own compiled frontend (first build 1–2 min)
START_TIMEOUT = 600


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def app_env(workdir: Path, database_url: str, redis_url: str = "", workers: int = 1) -> dict[str, str]:
    """The environment of an app with its own database, Redis (optional), SMS outbox and files."""
    env = {
        **os.environ,
        "HARBIN_DATABASE_URL": database_url,
        "HARBIN_REDIS_URL": redis_url,
        "HARBIN_SMS_OUTBOX": str(workdir / "sms_outbox.jsonl"),
        "HARBIN_FILES_DIR": str(workdir / "files"),
        "HARBIN_SECRET_FILE": str(workdir / "secret_key"),  # the app's own key, made on its first start
        "REFLEX_WEB_WORKDIR": str(WEB_DIR),
        "REFLEX_STATES_WORKDIR": str(workdir / "states"),
        "REFLEX_TELEMETRY_ENABLED": "false",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PATH": os.pathsep.join([str(BUN_BIN), str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
        "REFLEX_DIR": os.environ.get("REFLEX_DIR", str(ROOT / ".tools" / "reflex")),
        "BUN_INSTALL_CACHE_DIR": os.environ.get("BUN_INSTALL_CACHE_DIR", str(ROOT / ".tools" / "bun-cache")),
    }
    env.pop("REFLEX_REDIS_URL", None)
    env["REFLEX_USE_GRANIAN"] = "true"  # what production runs (gunicorn, if ever installed, would win)
    env.pop("HARBIN_ENV", None)  # the demo accounts are refused in production
    env.pop("HARBIN_SECRET_KEY", None)
    if workers > 1:
        env["GRANIAN_WORKERS"] = str(workers)
    else:
        env.pop("GRANIAN_WORKERS", None)
    return env


BARE_APP_DIR = ROOT / "tests" / "bench" / "bare_app"


def bare_env(workdir: Path, redis_url: str = "", workers: int = 1) -> dict[str, str]:
    """The environment of the bare Reflex app (tests/bench/bare_app): Redis and workers as given."""
    env = app_env(workdir, "sqlite://", "", workers)
    env["REFLEX_WEB_WORKDIR"] = str(ROOT / "var" / "bench-bare-web")
    if redis_url:
        env["REFLEX_REDIS_URL"] = redis_url
    return env


def start_app(
    env: dict[str, str], log_path: Path, *, bare: bool = False, backend_only: bool = False
) -> tuple[str, Callable[[], None], subprocess.Popen]:
    """Migrate the app's database, create the demo accounts, start the app; returns (url, stop, process).
    `backend_only`: no frontend (the load driver needs none, and nothing is built); `bare`: the bare
    app instead (backend only)."""
    backend_only = backend_only or bare
    if not bare:
        _run_module("harbin_app.migrate", env)
        _run_module("harbin_app.services.seed", env)
    port = _free_port()
    log = log_path.open("w")
    ports = ["--backend-only", "--backend-port", str(port)] if backend_only else [
        "--frontend-port", str(port), "--backend-port", str(port)
    ]
    proc = subprocess.Popen(
        [sys.executable, "-m", "reflex", "run", "--env", "prod", *ports],
        cwd=BARE_APP_DIR if bare else ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )

    def stop() -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        log.close()

    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT
    try:
        while not _answers(url, frontend=not backend_only):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the app did not start; its log ends:\n{log_path.read_text()[-3000:]}")
            time.sleep(0.5)
    except BaseException:
        stop()
        raise
    return url, stop, proc


def _run_module(module: str, env: dict[str, str]) -> None:
    command = [sys.executable, "-m", module]
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"python -m {module} failed:\n{done.stdout}{done.stderr}")


def _answers(url: str, *, frontend: bool = True) -> bool:
    try:
        return httpx.get(f"{url}/ping", timeout=2).status_code == 200 and (
            not frontend or httpx.get(url, timeout=5).status_code == 200
        )
    except httpx.HTTPError:
        return False
