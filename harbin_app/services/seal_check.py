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
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from harbin_app.services import pdf_worker

MAX_PAGES = 60
BUDGET_S = 30.0
TIMEOUT_MARGIN_S = 20.0  # the child's start, and its last page
VERSION = 1  # of the detector: a new version checks cached scans again

NO_SEAL = "未检测到红色公章，请确认已盖章"
UNCHECKED = "未能自动检查公章（{reason}），请确认已盖章"
TOO_MANY_PAGES = "扫描件共 {pages} 页，超过 {limit} 页"
UNREADABLE = "扫描件无法打开"
BLANK = "扫描件的页面无法显示或为空白"
OUT_OF_TIME = "检查超时"

FOUND, NOT_FOUND, NOT_CHECKED = "found", "not_found", "not_checked"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SealResult:
    status: str  # FOUND, NOT_FOUND or NOT_CHECKED
    pages: int = 0  # pages in the scan (0 when it could not be read)
    seal_pages: tuple[int, ...] = ()  # 1-based pages where a seal was found
    checked_pages: int = 0  # pages looked at (fewer than `pages` when time ran out)
    unreadable_pages: tuple[int, ...] = ()  # pages that rendered blank or not at all
    reason: str = ""  # why it could not be checked, Chinese
    kind: str = ""  # the same for the log: too_many_pages, unreadable, blank, time, timeout, exit N …
    peak_rss_kb: int = 0  # the child's peak memory (bench and log)
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def found(self) -> bool:
        return self.status == FOUND

    @property
    def checked(self) -> bool:
        return self.status != NOT_CHECKED

    @property
    def warning(self) -> str:
        """What the enterprise reads before hand-in ("" when a seal was found)."""
        if self.status == FOUND:
            return ""
        if self.status == NOT_FOUND:
            return NO_SEAL
        return UNCHECKED.format(reason=self.reason)

    @property
    def summary(self) -> str:
        """What the reviewer reads beside the scan."""
        if self.status == FOUND:
            pages = "、".join(map(str, self.seal_pages))
            partial = ""
            if self.checked_pages < self.pages:
                partial = f"（共 {self.pages} 页，检查了前 {self.checked_pages} 页）"
            return f"第 {pages} 页检测到红色公章{partial}"
        if self.status == NOT_FOUND:
            return "未检测到红色公章"
        return f"未能自动检查公章：{self.reason}"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("extra")
        data["seal_pages"], data["unreadable_pages"] = list(self.seal_pages), list(self.unreadable_pages)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SealResult:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__ and k != "extra"}
        known["seal_pages"] = tuple(known.get("seal_pages") or ())
        known["unreadable_pages"] = tuple(known.get("unreadable_pages") or ())
        return cls(**known)


def not_checked(reason: str, kind: str, pages: int = 0) -> SealResult:
    return SealResult(NOT_CHECKED, pages=pages, reason=reason, kind=kind)


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
