"""The job worker in real processes: two workers deliver each SMS notice and write each reminder
once; after one is killed and another started (a restart), nothing is sent or written again."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlmodel import func, select

from harbin_app import db
from harbin_app.models import Notification, Reminder, SmsNotice
from harbin_app.services import certification as cert
from harbin_app.services import sms_delivery
from harbin_app.services.actor import ENTERPRISE, REVIEWER
from tests.unit.factories import VALID_CERTIFICATION, make_user

ROOT = Path(__file__).resolve().parents[2]
WAIT = 60  # seconds a condition may take on a busy machine before the test gives up


class Proc:
    def __init__(self, name: str, env: dict[str, str]) -> None:
        self.p = subprocess.Popen(
            [sys.executable, "-m", "tests.unit.job_worker_process", name], cwd=ROOT, env=env,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.p.stdout is not None
        for line in self.p.stdout:
            self.lines.put(line.strip())

    def wait_for(self, word: str, times: int = 1) -> None:
        deadline = time.monotonic() + WAIT
        seen = 0
        while seen < times:
            try:
                line = self.lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"worker printed no {word!r} in {WAIT} s") from None
            seen += line.startswith(word)

    def stop(self) -> None:
        assert self.p.stdin is not None
        self.p.stdin.close()
        self.p.wait(timeout=WAIT)

    def kill(self) -> None:
        self.p.kill()
        self.p.wait(timeout=WAIT)


def wait_until(condition, what: str) -> None:  # noqa: ANN001
    deadline = time.monotonic() + WAIT
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {WAIT} s: {what}")
        time.sleep(0.1)


def count(model, *where) -> int:  # noqa: ANN001
    with db.reading() as s:
        return s.exec(select(func.count()).select_from(model).where(*where)).one()


@pytest.fixture
def env(database, tmp_path) -> dict[str, str]:
    return {
        **os.environ, "HARBIN_DATABASE_URL": database, "HARBIN_SMS_GATEWAY": "console",
        "HARBIN_SMS_OUTBOX": str(tmp_path / "outbox.jsonl"), "PYTHONDONTWRITEBYTECODE": "1",
    }


def outbox(env: dict[str, str]) -> list[dict]:
    path = Path(env["HARBIN_SMS_OUTBOX"])
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def test_two_worker_processes_then_a_restart_send_and_write_everything_once(env, fake_clock):
    qiye = make_user("qiye", ENTERPRISE, "13800000001")
    make_user("reviewer", REVIEWER)
    fake_clock.advance(days=-30)  # an order that has waited a month for a reviewer
    cert.submit(qiye, VALID_CERTIFICATION, 0)
    fake_clock.advance(days=30)
    with db.transaction() as s:
        for i in range(30):
            sms_delivery.queue(s, f"log:{i}", [(f"139000000{i:02d}", None)], f"通知 {i}", "sms_rejected", None)

    first, second = Proc("w1", env), Proc("w2", env)
    try:
        wait_until(lambda: count(SmsNotice, SmsNotice.status == "sent") == 30, "every notice sent")
        first.wait_for("scan")
        second.wait_for("scan")
    finally:
        first.kill()  # dies, as a crash would
        second.stop()
    lines = outbox(env)
    assert sorted(x["phone"] for x in lines) == sorted(f"139000000{i:02d}" for i in range(30))
    assert len({x["id"] for x in lines}) == 30
    assert count(Reminder) == 1 and count(Notification, Notification.key.startswith("wait:")) == 1

    after = Proc("w3", env)
    try:
        after.wait_for("scan", times=2)
        after.wait_for("deliver", times=2)
    finally:
        after.stop()
    assert len(outbox(env)) == 30
    assert count(Reminder) == 1 and count(Notification, Notification.key.startswith("wait:")) == 1
    assert count(SmsNotice, SmsNotice.status != "sent") == 0
