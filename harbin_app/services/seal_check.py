"""Seal check on a stamped scan: on which pages is there a red company seal?

``check_seal(path)`` renders the scan's pages one at a time at a small size (at most 800 px a side,
≈ 1.5 MB per page) in a child process (harbin_app/services/pdf_worker.py: 1 GiB address-space limit,
killed past its time) and looks for a red, round mark of seal size on each
(harbin_app/services/seal_image.py). It never raises for a bad scan: the result says "could not
check" with the reason in Chinese, and the upload itself stays accepted.

Limits, and why:
- MAX_PAGES = 60: the longest stamped form the platform generates (the 入库申报表 of 20 projects) prints
  to 9 pages; 60 leaves room for longer forms to come and attachments scanned along, while a scan of
  hundreds of pages is not a stamped form (a person checks it instead of it costing a minute of CPU).
- BUDGET_S = 30 s for the pages (≈ 0.1 s a page here, so 60 pages take ≈ 6 s); past it the pages
  not yet looked at are left unchecked. The child is killed at BUDGET_S + TIMEOUT_MARGIN_S whatever happens.

Results are kept on disk by the scan's SHA-256 (same file, same answer, no second check) when the
check was complete; "could not check" for time or a crash is not kept (the next try may succeed).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from harbin_app.services import pdf_worker
from harbin_app.services.seal_result import (  # noqa: F401  (the check's vocabulary, re-exported)
    BLANK,
    FOUND,
    NO_SEAL,
    NOT_CHECKED,
    NOT_FOUND,
    OUT_OF_TIME,
    TOO_MANY_PAGES,
    UNCHECKED,
    UNREADABLE,
    SealResult,
    not_checked,
)

MAX_PAGES = 60
BUDGET_S = 30.0
TIMEOUT_MARGIN_S = 20.0  # the child's start, and its last page
VERSION = 1  # of the detector: a new version checks cached scans again

log = logging.getLogger(__name__)


def check_seal(path: Path, *, max_pages: int = MAX_PAGES, budget_s: float = BUDGET_S,
               timeout_s: float | None = None, memory_limit: int = pdf_worker.MEMORY_LIMIT) -> SealResult:
    """The seal check of the PDF at ``path`` (blocking, seconds: call from a thread). Never raises
    for a bad scan."""
    request = {"path": str(path), "max_pages": max_pages, "budget_s": budget_s}
    try:
        answer = pdf_worker.run("seal", request, timeout=timeout_s or budget_s + TIMEOUT_MARGIN_S,
                                memory_limit=memory_limit)
        return SealResult.from_dict(answer)
    except pdf_worker.WorkerFailed as failed:
        log.warning("seal check of %s failed: %s", path, failed)
        return not_checked(failed.reason, failed.kind)
    except Exception:  # noqa: BLE001  (never into the caller: the upload stays accepted)
        log.exception("seal check of %s failed", path)
        return not_checked(pdf_worker.CRASHED, "error")


def check_stored(sha256: str) -> SealResult:
    """The seal check of an uploaded file (services/files.py keeps it by SHA-256), cached on disk."""
    from harbin_app import disk_cache
    from harbin_app.services import files
    from harbin_app.settings import settings

    source = files._stored_path(sha256)
    if not source.exists():
        return not_checked(UNREADABLE, "missing")
    target = settings.files_dir / "cache" / "seal" / f"{sha256}.v{VERSION}.json"
    if target.exists():
        try:
            return SealResult.from_dict(json.loads(target.read_text()))
        except (OSError, ValueError, TypeError):
            target.unlink(missing_ok=True)
    result = check_seal(source)
    if result.checked or result.kind in ("too_many_pages", "unreadable", "blank"):
        disk_cache.get_or_make(target, sha256, lambda part: part.write_text(json.dumps(result.to_dict())))
    return result
