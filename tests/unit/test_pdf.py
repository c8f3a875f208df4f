"""docgen/pdf.py: the print-ready PDF of a .docx: cache by content, one conversion however many ask,
simultaneous conversions, timeout and clean-up, failures, page count read from the PDF."""

from __future__ import annotations

import contextlib
import io
import os
import threading
import time
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader, PdfWriter

from docgen import pdf
from docgen.pool_entry_form import build_pool_entry_form
from harbin_app import disk_cache
from tests.unit.documents_data import pool_entry_content
from tests.unit.soffice_stub import install_fake_soffice


def docx(company: str = "哈尔滨锅炉示范有限公司") -> bytes:
    content = pool_entry_content()
    content["basic"]["company_name"] = company
    return build_pool_entry_form(content, enterprise_name=company, submitted_on=date(2025, 3, 1))


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "files" / "cache" / "pdf"
    monkeypatch.setattr(pdf, "cache_dir", lambda: folder)
    return folder


@pytest.fixture
def fake_soffice(tmp_path, monkeypatch):
    return install_fake_soffice(tmp_path, monkeypatch)


def blank_pdf(pages: int) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def wait_until(condition, what: str, limit_s: float = 30) -> None:
    deadline = time.monotonic() + limit_s
    while not condition():
        assert time.monotonic() < deadline, f"waited {limit_s} s for {what}"
        time.sleep(0.02)


# ------------------------------------------------------------------ same content, same bytes, one PDF


def test_the_same_content_gives_the_same_docx_bytes(monkeypatch):
    first = docx()
    monkeypatch.setattr(time, "time", lambda: 2_000_000_000.0)  # another day: zip entries would differ
    assert docx() == first
    assert docx("另一家公司") != first


def test_same_bytes_are_converted_once_and_served_from_the_cache(cache, fake_soffice):
    data = docx()
    assert pdf.cached_pdf(data) is None
    first = pdf.docx_to_pdf(data)
    assert first == cache / f"{pdf.cache_key(data)}.pdf" and first.read_bytes().startswith(b"%PDF-")
    assert pdf.docx_to_pdf(data) == first and pdf.pdf_bytes(data) == first.read_bytes()
    assert pdf.cached_pdf(data) == first
    assert len(fake_soffice()) == 1
    pdf.docx_to_pdf(docx("另一家公司"))
    assert len(fake_soffice()) == 2
    assert not [p for p in cache.iterdir() if p.name.endswith(".part")]


def test_two_callers_at_once_make_one_conversion(cache, tmp_path, monkeypatch):
    converting, release, second_waits = threading.Event(), threading.Event(), threading.Event()
    conversions: list[int] = []

    @contextlib.contextmanager
    def slow_conversion(docs, timeout):  # noqa: ANN001, ANN202
        conversions.append(len(docs))
        converting.set()
        assert release.wait(30)
        made = tmp_path / f"made-{len(conversions)}.pdf"
        made.write_bytes(b"%PDF-1.4 made")
        yield [made]

    real_exclusive = disk_cache.exclusive

    @contextlib.contextmanager
    def watched_lock(lock_file):  # noqa: ANN001, ANN202
        if converting.is_set():  # the second caller, about to wait for the first one's lock
            second_waits.set()
        with real_exclusive(lock_file):
            yield

    monkeypatch.setattr(pdf, "_converted", slow_conversion)
    monkeypatch.setattr(disk_cache, "exclusive", watched_lock)
    data = docx()
    results: dict[str, Path] = {}
    first = threading.Thread(target=lambda: results.setdefault("first", pdf.docx_to_pdf(data)))
    second = threading.Thread(target=lambda: results.setdefault("second", pdf.docx_to_pdf(data)))
    first.start()
    assert converting.wait(30)
    second.start()
    assert second_waits.wait(30)
    release.set()
    first.join(30)
    second.join(30)
    assert conversions == [1]
    assert results["first"] == results["second"] and results["first"].read_bytes() == b"%PDF-1.4 made"


def test_two_different_documents_convert_at_the_same_time(cache):
    """Real LibreOffice, two processes at once, each in its own profile."""
    docs = [docx("哈尔滨甲公司"), docx("哈尔滨乙公司")]
    results: list[Path | BaseException] = [None, None]  # type: ignore[list-item]

    def convert(i: int) -> None:
        try:
            results[i] = pdf.docx_to_pdf(docs[i])
        except BaseException as exc:  # noqa: BLE001  (reported by the assertion below)
            results[i] = exc

    threads = [threading.Thread(target=convert, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    for path, company in zip(results, ("哈尔滨甲公司", "哈尔滨乙公司")):
        assert isinstance(path, Path), path
        assert company in PdfReader(path).pages[0].extract_text()


# ------------------------------------------------------------------ failures


def test_a_stuck_soffice_is_killed_and_leaves_nothing(cache, fake_soffice, monkeypatch):
    monkeypatch.setenv("FAKE_SOFFICE_MODE", "hang")
    with pytest.raises(pdf.PdfUnavailable) as refused:
        pdf.docx_to_pdf(docx(), timeout=1)
    assert refused.value.message == pdf.TIMED_OUT
    [(pid, args)] = fake_soffice()
    wait_until(lambda: not Path(f"/proc/{pid}").exists() or _is_zombie(pid), "the stuck soffice to end")
    profile = next(a for a in args if a.startswith("-env:UserInstallation="))
    work = Path(profile.removeprefix("-env:UserInstallation=file://")).parent
    assert work.name.startswith("harbin-soffice-") and not work.exists()
    assert pdf.cached_pdf(docx()) is None
    assert not [p for p in cache.iterdir() if not p.name.startswith(".lock")]


def _is_zombie(pid: int) -> bool:
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] == "Z"
    return True


@pytest.mark.parametrize("mode", ["fail", "not_pdf"])
def test_a_failed_conversion_is_reported_and_not_cached(cache, fake_soffice, monkeypatch, mode):
    monkeypatch.setenv("FAKE_SOFFICE_MODE", mode)
    with pytest.raises(pdf.PdfUnavailable) as refused:
        pdf.docx_to_pdf(docx())
    assert refused.value.message == pdf.FAILED
    assert pdf.cached_pdf(docx()) is None
    monkeypatch.setenv("FAKE_SOFFICE_MODE", "ok")
    assert pdf.docx_to_pdf(docx()).read_bytes().startswith(b"%PDF-")  # a later try converts again
    assert len(fake_soffice()) == 2


def test_no_libreoffice_says_so(cache, monkeypatch):
    monkeypatch.setattr(pdf, "soffice_command", None)
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    with pytest.raises(pdf.PdfUnavailable) as refused:
        pdf.docx_to_pdf(docx())
    assert refused.value.message == pdf.NO_OFFICE and "Word" in refused.value.message


def test_the_soffice_temporary_folders_are_removed(cache, fake_soffice):
    pdf.docx_to_pdfs([docx("甲"), docx("乙"), docx("甲")])
    [(_, args)] = fake_soffice()
    assert len([a for a in args if a.endswith(".docx")]) == 2  # the same document once
    profile = next(a for a in args if a.startswith("-env:UserInstallation="))
    assert not Path(profile.removeprefix("-env:UserInstallation=file://")).parent.exists()


# ------------------------------------------------------------------ page count


def test_page_count_is_read_from_the_pdf(tmp_path):
    data = blank_pdf(7)
    (tmp_path / "seven.pdf").write_bytes(data)
    assert pdf.page_count(data) == 7 and pdf.page_count(tmp_path / "seven.pdf") == 7


def test_the_form_pdf_page_count_grows_with_the_projects(cache):
    small, large = pool_entry_content(), pool_entry_content()
    large["projects"] = large["projects"] * 6
    paths = pdf.docx_to_pdfs([build_pool_entry_form(c, enterprise_name="甲") for c in (small, large)])
    counts = [pdf.page_count(p) for p in paths]
    assert counts == [len(pdfium.PdfDocument(str(p))) for p in paths]  # two readers agree
    assert 1 < counts[0] < counts[1]
    assert os.path.getsize(paths[1]) < 5 * 1024 * 1024
