"""The job worker: APScheduler (3.x, BackgroundScheduler) in every backend process, started with the
app (harbin_app.py registers `start` as a lifespan task), so `make run` needs no second command.

Two jobs, both safe to run in any number of processes at once, because what must happen exactly
once is decided in the database, not by the scheduler:
- `deliver_sms` (every DELIVER_SECONDS, and at once after a commit that queued a notice): sends the
  SMS notices due now, each claimed by a conditional UPDATE (services/sms_delivery.py);
- `scan_reminders` (every HARBIN_REMINDER_SCAN_SECONDS, first shortly after the start): writes the
  reminders due now, each under its unique key (services/reminders.py).
Nothing of the schedule needs keeping: the messages waiting to go and the reminders already written
are rows of our own tables, so a restart loses nothing and sends nothing twice. (APScheduler 3 does
not support several schedulers sharing one persistent job store; we need none: the two jobs are
intervals declared here, kept in memory.)
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler

from harbin_app.services import reminders, sms_delivery

log = logging.getLogger("harbin_app.jobs")
DELIVER_SECONDS = 5
SCAN_SECONDS = int(os.environ.get("HARBIN_REMINDER_SCAN_SECONDS", "600"))
ENABLED = os.environ.get("HARBIN_JOBS", "1") != "0"

_lock = threading.Lock()
_worker: Worker | None = None


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class Worker:
    """One process's scheduler and its two jobs."""

    def __init__(self, name: str = "", *, deliver_seconds: float = DELIVER_SECONDS, scan_seconds: float = SCAN_SECONDS,
                 on_scan: Callable[[reminders.ScanResult], None] | None = None) -> None:
        self.name = name or worker_name()
        self.on_scan = on_scan
        self.scheduler = BackgroundScheduler(
            executors={"default": ThreadPoolExecutor(2)},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 60},
            timezone="Asia/Shanghai",
        )
        now = datetime.now(self.scheduler.timezone)
        self.scheduler.add_job(self.deliver, "interval", seconds=deliver_seconds, id="deliver_sms",
                               next_run_time=now + timedelta(seconds=1))
        self.scheduler.add_job(self.scan, "interval", seconds=scan_seconds, id="scan_reminders",
                               next_run_time=now + timedelta(seconds=3))

    def deliver(self) -> int:
        try:
            return sms_delivery.deliver_pending(self.name)
        except Exception:  # noqa: BLE001  (the next run tries again; the rows are unchanged)
            log.exception("SMS delivery failed")
            return 0

    def scan(self) -> reminders.ScanResult | None:
        try:
            result = reminders.scan()
        except Exception:  # noqa: BLE001
            log.exception("reminder scan failed")
            return None
        if result.deadline or result.waiting:
            log.info("reminders written: %s deadline, %s waiting", result.deadline, result.waiting)
        if self.on_scan is not None:
            self.on_scan(result)
        return result

    def wake(self) -> None:
        """Run the delivery now (a notice was just queued)."""
        if self.scheduler.running:
            self.scheduler.modify_job("deliver_sms", next_run_time=datetime.now(self.scheduler.timezone))

    def start(self) -> None:
        self.scheduler.start()
        sms_delivery.on_queued(self.wake)

    def stop(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=True)


def start() -> Worker | None:
    """Start this process's worker once (HARBIN_JOBS=0: none, e.g. a tool sharing the database)."""
    global _worker
    if not ENABLED:
        return None
    with _lock:
        if _worker is None:
            _worker = Worker()
            _worker.start()
            log.info("job worker %s started", _worker.name)
        return _worker


def stop() -> None:
    global _worker
    with _lock:
        if _worker is not None:
            _worker.stop()
            _worker = None
