"""PDFium work on uploaded files (the seal check, page previews), run in a child process.

PDFium is C code reading whatever an enterprise uploads: a malformed or enormous scan must cost a
child process, never the web worker. The child limits its own address space (MEMORY_LIMIT) before
it loads anything, runs in its own process group and is killed past its timeout; whatever goes wrong
there comes back as WorkerFailed with a Chinese reason, never as a crash of the caller.

Parent side: ``run(command, request, timeout=...)`` → the child's JSON answer (blocking: call it from a
thread). Child side: ``python -m harbin_app.services.pdf_worker`` reads one JSON request on stdin and
writes one JSON answer on stdout; commands are "seal" (harbin_app/services/seal_scan.py) and
"render" (one page as a PNG, below).
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

MEMORY_LIMIT = 1 << 30  # 1 GiB of address space: a 99 MB scan's page rendered at 800 px peaks at ≈ 280 MB
PARALLEL = 2  # children at once per backend worker (the machine has 2 cores)
PROJECT_ROOT = Path(__file__).resolve().parents[2]

TOO_BIG = "扫描件过大或已损坏"
TIMED_OUT = "检查超时"
CRASHED = "扫描件无法处理"

_slots = threading.BoundedSemaphore(PARALLEL)
child_command = [sys.executable, "-m", "harbin_app.services.pdf_worker"]  # tests put a stand-in here


class WorkerFailed(Exception):
    """The child gave no answer; ``reason`` says why, in Chinese; ``kind`` for the log."""

    def __init__(self, reason: str, kind: str) -> None:
        self.reason, self.kind = reason, kind
        super().__init__(f"{kind}: {reason}")


def run(command: str, request: dict[str, Any], *, timeout: float,
        memory_limit: int = MEMORY_LIMIT) -> dict[str, Any]:
    """Run ``command`` in a child process and return its answer."""
    payload = json.dumps({"command": command, "memory_limit": memory_limit, **request}).encode()
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    with _slots:
        proc = subprocess.Popen(child_command, cwd=PROJECT_ROOT, env=env, stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        try:
            out, err = proc.communicate(payload, timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(proc)
            raise WorkerFailed(TIMED_OUT, "timeout") from None
        finally:
            _kill(proc)
    if proc.returncode != 0:
        died = (signal.SIGABRT, signal.SIGSEGV, signal.SIGBUS, signal.SIGTRAP, signal.SIGKILL)
        memory = b"MemoryError" in err or -proc.returncode in died
        raise WorkerFailed(TOO_BIG if memory else CRASHED, f"exit {proc.returncode}")
    try:
        answer = json.loads(out)
    except ValueError:
        raise WorkerFailed(CRASHED, "no answer") from None
    if not isinstance(answer, dict):
        raise WorkerFailed(CRASHED, "no answer")
    return answer


def _kill(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    if proc.returncode is None:
        proc.communicate()


# ------------------------------------------------------------------ child side


def render_page(path: str, page: int, width: int, max_height: int, out: str) -> dict[str, Any]:
    """Page ``page`` (1-based) of the PDF at ``path`` as a PNG ``width`` px wide (at most
    ``max_height`` tall) written to ``out``."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path)
    try:
        if not 1 <= page <= len(document):
            return {"ok": False, "error": "page"}
        pdf_page = document[page - 1]
        try:
            page_width, page_height = pdf_page.get_size()
            scale = min(width / max(page_width, 1), max_height / max(page_height, 1))
            image = pdf_page.render(scale=scale, rev_byteorder=True).to_pil().convert("RGB")
        finally:
            pdf_page.close()
    finally:
        document.close()
    image.save(out, "PNG", optimize=False, compress_level=6)
    return {"ok": True, "width": image.width, "height": image.height}


def peak_rss_kb() -> int:
    """This process's peak resident memory. VmHWM, not getrusage's ru_maxrss: a child started by
    fork + exec inherits its parent's ru_maxrss, while VmHWM starts afresh with the new program."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main() -> None:
    request = json.loads(sys.stdin.buffer.read())
    limit = int(request.get("memory_limit") or MEMORY_LIMIT)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    command = request["command"]
    if command == "seal":
        from harbin_app.services import seal_scan

        answer = seal_scan.scan(Path(request["path"]), max_pages=request["max_pages"],
                                budget_s=request["budget_s"]).to_dict()
    elif command == "render":
        answer = render_page(request["path"], request["page"], request["width"], request["max_height"],
                             request["out"])
    else:
        raise SystemExit(f"unknown command {command!r}")
    answer["peak_rss_kb"] = peak_rss_kb()
    sys.stdout.write(json.dumps(answer))


if __name__ == "__main__":
    main()
