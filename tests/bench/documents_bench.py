"""Documents: the print-ready PDF of a 20-project 入库申报表 (first conversion, cached call), the
upload check of a 99 MB PDF and the seal check of a 20-page stamped scan (time, peak memory).
Printed, never asserted.

`report()` prints the figures; run alone with `python -m tests.bench.documents_bench`.
"""

from __future__ import annotations

import os
import resource
import shutil
import tempfile
import time
from datetime import date
from pathlib import Path

from docgen import pdf
from docgen.pool_entry_form import build_pool_entry_form
from harbin_app.services import pdf_check, pdf_worker, seal_check
from tests.bench.report import Figure, heading, note, table
from tests.unit import scans
from tests.unit.documents_data import twenty_projects

CONVERSIONS = 3  # cold conversions (each into an empty cache)
CACHED_CALLS = 20
SEAL_RUNS = 3
SCAN_PAGES = 20
SCAN_DPI = 300


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def pdf_figures(workdir: Path) -> tuple[list[Figure], int, int]:
    docx_ms: list[float] = []
    for _ in range(5):
        start = time.perf_counter()
        docx = build_pool_entry_form(twenty_projects(), enterprise_name="哈尔滨锅炉示范有限公司",
                                     submitted_on=date(2025, 3, 1))
        docx_ms.append(_ms(start))
    first_ms, cached_ms = [], []
    path = None
    for n in range(CONVERSIONS):
        cache = workdir / f"cache-{n}"
        pdf.cache_dir = lambda cache=cache: cache  # type: ignore[assignment]  (an empty cache each time)
        start = time.perf_counter()
        path = pdf.docx_to_pdf(docx)
        first_ms.append(_ms(start))
    for _ in range(CACHED_CALLS):
        start = time.perf_counter()
        pdf.docx_to_pdf(docx)
        cached_ms.append(_ms(start))
    assert path is not None
    figures = [
        Figure("build the .docx (python-docx)", docx_ms),
        Figure("PDF, first conversion (LibreOffice)", first_ms, "soffice start, own profile, PDF/A-2b"),
        Figure("PDF, cached call (same bytes)", cached_ms, "SHA-256 of the .docx + one stat"),
    ]
    return figures, pdf.page_count(path), path.stat().st_size


def seal_figures(workdir: Path) -> tuple[list[Figure], list[str]]:
    pages = [scans.page_without_seal(dpi=SCAN_DPI) for _ in range(SCAN_PAGES - 1)] + [
        scans.page_with_seal(dpi=SCAN_DPI)]
    scan = scans.save_pdf(workdir / "scan-20.pdf", pages, dpi=SCAN_DPI)
    huge = scans.huge_scan_pdf(workdir / "scan-99mb.pdf", 99)
    # the upload's own check (type, active content, page count) runs in this process: its growth is ours
    check_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    check_runs = []
    for _ in range(SEAL_RUNS):
        start = time.perf_counter()
        info = pdf_check.check_pdf(huge, field="file")
        check_runs.append(_ms(start))
    check_growth = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - check_before) / 1024
    runs, peaks, results = [], [], []
    parent_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for _ in range(SEAL_RUNS):
        start = time.perf_counter()
        result = seal_check.check_seal(scan)
        runs.append(_ms(start))
        peaks.append(result.peak_rss_kb / 1024)
        results.append(result)
    huge_runs, huge_peaks = [], []
    for _ in range(SEAL_RUNS):
        start = time.perf_counter()
        result = seal_check.check_seal(huge)
        huge_runs.append(_ms(start))
        huge_peaks.append(result.peak_rss_kb / 1024)
    parent_growth = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - parent_before) / 1024
    figures = [
        Figure("upload check, 99 MB PDF (pdf_check)", check_runs, f"{info.pages} page(s); this process grew {check_growth:.0f} MB"),
        Figure(f"seal check, {SCAN_PAGES}-page {SCAN_DPI} dpi scan", runs,
               f"{runs[0] / SCAN_PAGES:.0f} ms/page incl. the child's start"),
        Figure("seal check, 99 MB one-page scan", huge_runs),
    ]
    last = results[-1]
    notes = [
        f"20-page scan: {scan.stat().st_size / 2**20:.1f} MB, seal found on page(s) {list(last.seal_pages)} "
        f"(status {last.status}); child peak memory {max(peaks):.0f} MB",
        f"99 MB scan: child peak memory {max(huge_peaks):.0f} MB (limit {pdf_worker.MEMORY_LIMIT >> 20} MB); "
        f"this process grew {parent_growth:.0f} MB over all checks",
    ]
    return figures, notes


def report() -> None:
    heading("Documents: print-ready PDF of a 20-project 入库申报表; seal check of a 20-page scan")
    workdir = Path(tempfile.mkdtemp(prefix="harbin-docs-bench-"))
    original_cache_dir = pdf.cache_dir
    try:
        if not (pdf.shutil.which("soffice") or pdf.soffice_command):
            note("PDF figures skipped: LibreOffice is missing (make office)")
        else:
            figures, pages, size = pdf_figures(workdir)
            table(figures)
            note(f"→ the PDF has {pages} pages, {size / 1024:.0f} KB (fonts embedded)")
        figures, notes = seal_figures(workdir)
        print()
        table(figures)
        for line in notes:
            note("→ " + line)
        load = " ".join(f"{x:.1f}" for x in os.getloadavg())
        note(f"(load {load} over 1/5/15 min on {os.cpu_count()} CPUs: figures above the CPU count are noisy)")
    finally:
        pdf.cache_dir = original_cache_dir  # type: ignore[assignment]
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    report()
