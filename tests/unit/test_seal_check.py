"""The seal check on stamped scans, with generated scans: seal found / not found / red text only /
which page; the bad scans (unrenderable, unreadable, 300 pages, 99 MB, a crashing or stuck child,
out of memory, out of time) give a clear "could not check", never an exception, and the upload check
still accepts them."""

from __future__ import annotations

import itertools
import resource
import sys
import time
from pathlib import Path

import pytest
from PIL import ImageDraw

from harbin_app.services import pdf_check, pdf_worker, seal_check, seal_image, seal_scan
from harbin_app.services.seal_check import FOUND, NOT_CHECKED, NOT_FOUND, SealResult
from tests.unit import scans


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("scans")


@pytest.fixture(scope="module")
def with_seal(folder) -> Path:
    return scans.save_pdf(folder / "with_seal.pdf", [scans.page_with_seal(dpi=300)], dpi=300)


@pytest.fixture(scope="module")
def without_seal(folder) -> Path:
    return scans.save_pdf(folder / "without_seal.pdf", [scans.page_without_seal(dpi=300)], dpi=300)


def accepted_by_upload(path: Path) -> int:
    return pdf_check.check_pdf(path, field="stamped").pages


def scan_in_process(path: Path, *, budget_s: float = seal_check.BUDGET_S, clock=time.monotonic) -> SealResult:
    """The child's page loop, run here (faster than a child per test; the child is tested too)."""
    return seal_scan.scan(path, max_pages=seal_check.MAX_PAGES, budget_s=budget_s, clock=clock)


def page_with(shape: str, dpi: int = 150):  # noqa: ANN201
    """A text page with one red shape at the seal's place: ring, disc, oval seal."""
    page = scans.page_without_seal(dpi)
    if shape == "oval seal":  # a 45 × 30 mm oval seal (some contract seals)
        ink = scans.seal(diameter_mm=45, dpi=dpi).resize((scans.mm(45, dpi), scans.mm(30, dpi)))
        scans.stamp(page, ink, (scans.mm(145, dpi), scans.mm(235, dpi)))
        return page
    box = (scans.mm(124, dpi), scans.mm(214, dpi), scans.mm(166, dpi), scans.mm(256, dpi))
    draw = ImageDraw.Draw(page)
    if shape == "empty ring":  # a red circle drawn around something: nothing inside
        draw.ellipse(box, outline=scans.SEAL_RED, width=scans.mm(1.2, dpi))
    elif shape == "solid disc":  # a 42 mm red dot
        draw.ellipse(box, fill=scans.SEAL_RED)
    elif shape == "red text block":  # red text lines close together
        scans.write_lines(page, dpi, colour=scans.SEAL_RED, top_mm=214, lines=10, size_mm=3.0)
    return page


# ------------------------------------------------------------------ seal or no seal


def test_a_scan_with_a_seal_is_not_warned(with_seal):
    result = seal_check.check_seal(with_seal)  # the real child process
    assert (result.status, result.seal_pages, result.pages) == (FOUND, (1,), 1)
    assert result.warning == "" and result.summary == "第 1 页检测到红色公章"


def test_a_scan_without_a_seal_is_warned(without_seal):
    result = seal_check.check_seal(without_seal)
    assert (result.status, result.seal_pages, result.checked_pages) == (NOT_FOUND, (), 1)
    assert result.warning == "未检测到红色公章，请确认已盖章"
    assert result.summary == "未检测到红色公章"


def test_red_text_a_red_rule_a_red_logo_and_a_red_frame_are_not_a_seal(folder):
    path = scans.save_pdf(folder / "red_text.pdf", [scans.page_with_red_text(dpi=300)], dpi=300)
    result = scan_in_process(path)
    assert result.status == NOT_FOUND and result.warning == seal_check.NO_SEAL


@pytest.mark.parametrize("make", [
    pytest.param(lambda: scans.page_with_seal(dpi=300, faded=0.35), id="faded seal over black text"),
    pytest.param(lambda: scans.page_with_seal(dpi=300, diameter_mm=38), id="38 mm seal"),
    pytest.param(lambda: scans.page_with_seal(dpi=150), id="150 dpi scan"),
    pytest.param(lambda: scans.phone_photo(scans.page_with_seal(dpi=200)), id="phone photo"),
])
def test_seals_as_they_come_are_found(folder, make):
    path = scans.save_pdf(folder / "variant.pdf", [make()], dpi=300)
    assert scan_in_process(path).seal_pages == (1,)


def test_an_oval_seal_is_found(folder):
    path = scans.save_pdf(folder / "oval.pdf", [page_with("oval seal")], dpi=150)
    assert scan_in_process(path).seal_pages == (1,)


@pytest.mark.parametrize("shape", ["empty ring", "solid disc", "red text block"])
def test_red_marks_of_seal_size_that_are_not_seals(folder, shape):
    path = scans.save_pdf(folder / "shape.pdf", [page_with(shape)], dpi=150)
    assert scan_in_process(path).status == NOT_FOUND


def test_a_phone_photo_of_red_text_has_no_seal(folder):
    path = scans.save_pdf(folder / "photo.pdf", [scans.phone_photo(scans.page_with_red_text(dpi=200))])
    assert scan_in_process(path).status == NOT_FOUND


def test_the_page_with_the_seal_is_named(folder):
    pages = [scans.page_without_seal(dpi=150) for _ in range(5)]
    pages[2] = scans.page_with_seal(dpi=150)
    path = scans.save_pdf(folder / "five.pdf", pages, dpi=150)
    result = seal_check.check_seal(path)
    assert (result.status, result.seal_pages, result.pages, result.checked_pages) == (FOUND, (3,), 5, 5)
    assert result.summary == "第 3 页检测到红色公章"


def test_the_detector_measures_explain_the_decision():
    page = scans.page_with_seal(dpi=150)
    [seal] = [c for c in seal_image.candidates(page) if c.is_seal]
    assert 0.15 < seal.size < 0.25 and seal.aspect < 1.1 and seal.rim_share > 0.9
    text = seal_image.candidates(scans.page_with_red_text(dpi=150))
    assert text and not any(c.is_seal for c in text)
    assert seal_image.candidates(scans.page_without_seal(dpi=150)) == []


def test_the_result_survives_a_round_trip_as_json():
    result = SealResult(FOUND, pages=4, seal_pages=(1, 4), checked_pages=4, peak_rss_kb=1000)
    assert SealResult.from_dict(result.to_dict()) == result
    assert result.summary == "第 1、4 页检测到红色公章"


# ------------------------------------------------------------------ bad scans: could not check


def test_a_pdf_whose_pages_cannot_be_rendered(folder):
    path = scans.unrenderable_pdf(folder / "unrenderable.pdf")
    assert accepted_by_upload(path) == 2
    result = seal_check.check_seal(path)
    assert result.status == NOT_CHECKED and result.unreadable_pages == (1, 2)
    assert result.warning == "未能自动检查公章（扫描件的页面无法显示或为空白），请确认已盖章"


def test_a_file_pdfium_cannot_open(folder):
    path = folder / "garbage.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n")
    result = seal_check.check_seal(path)
    assert (result.status, result.reason) == (NOT_CHECKED, seal_check.UNREADABLE)
    assert "请确认已盖章" in result.warning


def test_a_scan_of_300_pages_is_not_checked_and_says_why(folder):
    path = scans.many_pages_pdf(folder / "300.pdf", 300)
    assert accepted_by_upload(path) == 300
    result = seal_check.check_seal(path)
    assert (result.status, result.pages, result.checked_pages) == (NOT_CHECKED, 300, 0)
    assert result.warning == "未能自动检查公章（扫描件共 300 页，超过 60 页），请确认已盖章"


def test_a_99_mb_scan_is_checked_within_bounded_memory(folder):
    path = scans.huge_scan_pdf(folder / "huge.pdf", 99)
    assert 98 * 2**20 < path.stat().st_size < pdf_check.MAX_PDF_BYTES
    assert accepted_by_upload(path) == 1
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = seal_check.check_seal(path)
    assert result.status in (NOT_FOUND, NOT_CHECKED) and result.warning
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kb < 64 * 1024  # this process: less than 64 MB more
    if result.status == NOT_FOUND:
        assert 0 < result.peak_rss_kb * 1024 < pdf_worker.MEMORY_LIMIT


def test_out_of_memory_is_a_clear_could_not_check(folder):
    path = scans.huge_scan_pdf(folder / "huge_small_limit.pdf", 99)
    result = seal_check.check_seal(path, memory_limit=300 << 20)
    # PDFium aborts, or draws the page blank, or Python runs out first: each is a clear could-not-check
    assert result.status == NOT_CHECKED
    assert result.reason in (pdf_worker.TOO_BIG, seal_check.BLANK, pdf_worker.CRASHED)
    assert result.warning.startswith("未能自动检查公章（") and result.warning.endswith("请确认已盖章")


def test_out_of_time_checks_no_further(folder):
    pages = [scans.page_without_seal(dpi=100) for _ in range(4)]
    path = scans.save_pdf(folder / "slow.pdf", pages, dpi=100)
    ticks = itertools.count(0, 10)  # every look at the clock: 10 s later
    result = scan_in_process(path, budget_s=25, clock=lambda: next(ticks))
    assert (result.status, result.checked_pages, result.pages) == (NOT_CHECKED, 2, 4)
    assert result.warning == "未能自动检查公章（检查超时），请确认已盖章"


def test_a_seal_found_before_the_time_ran_out_still_counts(folder):
    pages = [scans.page_with_seal(dpi=100)] + [scans.page_without_seal(dpi=100) for _ in range(3)]
    path = scans.save_pdf(folder / "slow_sealed.pdf", pages, dpi=100)
    ticks = itertools.count(0, 10)
    result = scan_in_process(path, budget_s=25, clock=lambda: next(ticks))
    assert (result.status, result.seal_pages, result.checked_pages) == (FOUND, (1,), 2)
    assert result.warning == "" and result.summary == "第 1 页检测到红色公章（共 4 页，检查了前 2 页）"


@pytest.mark.parametrize(("child", "reason", "timeout_s"), [
    ("import os, signal; os.kill(os.getpid(), signal.SIGSEGV)", pdf_worker.TOO_BIG, 120),
    ("import sys; sys.stdout.write('not json')", pdf_worker.CRASHED, 120),
    ("raise SystemExit(3)", pdf_worker.CRASHED, 120),
    ("import time; time.sleep(600)", pdf_worker.TIMED_OUT, 2),
])
def test_a_child_that_crashes_or_hangs_is_a_could_not_check(with_seal, monkeypatch, child, reason, timeout_s):
    monkeypatch.setattr(pdf_worker, "child_command", [sys.executable, "-c", child])
    result = seal_check.check_seal(with_seal, timeout_s=timeout_s)
    assert (result.status, result.reason) == (NOT_CHECKED, reason)
    assert result.warning == f"未能自动检查公章（{reason}），请确认已盖章"


# ------------------------------------------------------------------ stored uploads, cached


@pytest.fixture
def files_dir(tmp_path, monkeypatch):
    from harbin_app.settings import settings

    monkeypatch.setattr(type(settings), "files_dir", property(lambda self: tmp_path / "files"), raising=False)
    return tmp_path / "files"


def test_a_stored_upload_is_checked_once(files_dir, with_seal, monkeypatch):
    from harbin_app.services import files

    sha = "ab" * 32
    stored = files._stored_path(sha)
    stored.parent.mkdir(parents=True)
    stored.write_bytes(with_seal.read_bytes())
    first = seal_check.check_stored(sha)
    assert first.seal_pages == (1,)
    monkeypatch.setattr(pdf_worker, "child_command", [sys.executable, "-c", "raise SystemExit(3)"])
    assert seal_check.check_stored(sha) == first  # from the cache: no child ran
    assert seal_check.check_stored("cd" * 32).reason == seal_check.UNREADABLE  # no such file
