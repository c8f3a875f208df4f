"""Start and stop the peer: gunicorn, sync workers, on 127.0.0.1, in its own process group."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from tests.bench.app import _free_port
from tests.bench.peer import venv

ROOT = venv.ROOT
# gunicorn's rule for sync workers, 2 × cores + 1: a worker blocked on the database lets another run
WORKERS = 2 * (os.cpu_count() or 1) + 1


def _create_drafts_table(database_url: str) -> None:
    """The peer's own table in the app's database (the app's migrations own the others)."""
    from sqlalchemy import create_engine, text

    from tests.bench.peer.drafts_sql import CREATE_DRAFTS

    engine = create_engine(database_url)
    with engine.begin() as conn:
        conn.execute(text(CREATE_DRAFTS))
    engine.dispose()


def start_peer(
    database_url: str, log_path: Path, workers: int = WORKERS
) -> tuple[str, Callable[[], None], subprocess.Popen]:
    python = venv.python()
    _create_drafts_table(database_url)
    port = _free_port()
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PEER_DATABASE_URL": database_url,
        "PYTHONPATH": str(ROOT),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    log = log_path.open("w")
    proc = subprocess.Popen(
        [
            str(python), "-m", "gunicorn", "tests.bench.peer.wsgi:application",
            "--workers", str(workers), "--worker-class", "sync", "--bind", f"127.0.0.1:{port}",
            "--backlog", "2048", "--log-level", "warning",
            # the heartbeat file in memory: on a disk under load its fchmod blocks the worker (gunicorn FAQ)
            "--worker-tmp-dir", "/dev/shm",
        ],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
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
    deadline = time.monotonic() + 60
    while True:
        try:  # any HTTP answer means it is up (a GET on the POST-only view answers 405)
            httpx.get(f"{url}/pool-entry/0/save", timeout=2)
            break
        except httpx.HTTPError:
            if proc.poll() is not None or time.monotonic() > deadline:
                stop()
                raise RuntimeError(f"the peer did not start:\n{log_path.read_text()[-3000:]}") from None
            time.sleep(0.3)
    return url, stop, proc
