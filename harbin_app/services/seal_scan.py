"""The seal check's page loop, run inside the PDFium child process (harbin_app/services/pdf_worker.py):
one page at a time, rendered at most RENDER_SIDE px on its longer side, released before the next."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium

from harbin_app.services import seal_image
from harbin_app.services.seal_result import (
    BLANK,
    FOUND,
    NOT_CHECKED,
    NOT_FOUND,
    OUT_OF_TIME,
    TOO_MANY_PAGES,
    UNREADABLE,
    SealResult,
    not_checked,
)

RENDER_SIDE = 800  # px on the longer side: a 40 mm seal on A4 is ≈ 110 px across
BLANK_SPREAD = 3  # a page whose grey levels all lie within this of each other shows nothing


def render(page: pdfium.PdfPage, side: int = RENDER_SIDE):  # noqa: ANN201  (a PIL image)
    width, height = page.get_size()
    scale = side / max(width, height, 1.0)
    return page.render(scale=scale, rev_byteorder=True).to_pil().convert("RGB")


def is_blank(image) -> bool:  # noqa: ANN001
    grey = np.asarray(image.convert("L"))
    return grey.size == 0 or int(grey.max()) - int(grey.min()) <= BLANK_SPREAD


def scan(path: Path, *, max_pages: int, budget_s: float,
         clock: Callable[[], float] = time.monotonic) -> SealResult:
    """Look at each page of the PDF at ``path`` for a seal, within ``budget_s`` seconds of ``clock``."""
    try:
        document = pdfium.PdfDocument(str(path))
    except Exception:  # noqa: BLE001  (PdfiumError, OSError…: whatever it is, the file cannot be read)
        return not_checked(UNREADABLE, "unreadable")
    try:
        pages = len(document)
        if pages <= 0:
            return not_checked(UNREADABLE, "unreadable")
        if pages > max_pages:
            return not_checked(TOO_MANY_PAGES.format(pages=pages, limit=max_pages), "too_many_pages", pages)
        started = clock()
        found: list[int] = []
        unreadable: list[int] = []
        checked = 0
        for index in range(pages):
            if clock() - started > budget_s:
                break
            checked += 1
            try:
                page = document[index]
            except Exception:  # noqa: BLE001
                unreadable.append(index + 1)
                continue
            try:
                image = render(page)
                if is_blank(image):
                    unreadable.append(index + 1)
                elif seal_image.has_seal(image):
                    found.append(index + 1)
                del image
            except Exception:  # noqa: BLE001  (a page PDFium cannot draw)
                unreadable.append(index + 1)
            finally:
                page.close()
    finally:
        document.close()
    common = {"pages": pages, "checked_pages": checked, "unreadable_pages": tuple(unreadable)}
    if found:
        return SealResult(FOUND, seal_pages=tuple(found), **common)
    if checked < pages:
        return SealResult(NOT_CHECKED, reason=OUT_OF_TIME, kind="time", **common)
    if len(unreadable) == pages:
        return SealResult(NOT_CHECKED, reason=BLANK, kind="blank", **common)
    return SealResult(NOT_FOUND, **common)
