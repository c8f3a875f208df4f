"""A backend worker's job scheduler alone, in its own process (tests/unit/test_jobs.py starts
several): `python -m tests.unit.job_worker_process NAME`; prints a line after every run of a job;
stops when its standard input closes."""

from __future__ import annotations

import sys

from harbin_app.services import jobs, order_types


class Traced(jobs.Worker):
    def deliver(self) -> int:
        sent = super().deliver()
        print(f"deliver {sent}", flush=True)
        return sent


def main() -> None:
    order_types.register_all()
    worker = Traced(sys.argv[1], deliver_seconds=0.2, scan_seconds=0.3,
                    on_scan=lambda r: print(f"scan {r.deadline} {r.waiting}", flush=True))
    worker.start()
    sys.stdin.read()
    worker.stop()


if __name__ == "__main__":
    main()
