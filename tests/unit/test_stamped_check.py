"""The stamped scan against its form (page count read from the form's PDF, seal), the reason to hand
in anyway, and the 下载 PDF link of a generated document (/generated/<token>)."""

from __future__ import annotations

import base64
import hashlib
import json
import time
from datetime import date
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from docgen import pdf
from docgen.pool_entry_form import build_pool_entry_form
from harbin_app.services import files, generated_pdf, stamped_check
from harbin_app.services.actor import Actor
from harbin_app.services.errors import NotFound, ValidationError
from harbin_app.web_routes import routes
from tests.unit import scans
from tests.unit.documents_data import pool_entry_content
from tests.unit.soffice_stub import install_fake_soffice
from tests import aio

ACTOR = Actor(user_id=7, username="qiye", role="enterprise", enterprise_id=3)


@pytest.fixture
def files_dir(tmp_path, monkeypatch):
    from harbin_app.settings import settings

    monkeypatch.setattr(type(settings), "files_dir", property(lambda self: tmp_path / "files"), raising=False)
    return tmp_path / "files"


def stored(path: Path) -> str:
    """Keep a scan where services/files.py keeps uploads; its SHA-256."""
    data = path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    target = files._stored_path(sha)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return sha


@pytest.fixture(scope="module")
def form_docx(tmp_path_factory):  # noqa: ANN201
    """The form, its PDF made once for the module (a cache of its own)."""
    cache = tmp_path_factory.mktemp("pdf-cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pdf, "cache_dir", lambda: cache)
        yield build_pool_entry_form(pool_entry_content(), enterprise_name="哈尔滨锅炉示范有限公司",
                                    submitted_on=date(2025, 3, 1))


def test_a_complete_stamped_scan_passes_both_checks(files_dir, tmp_path, form_docx):
    pages = stamped_check.form_pages(form_docx)  # real LibreOffice
    assert pages == pdf.page_count(pdf.docx_to_pdf(form_docx)) and pages >= 2
    scan = [scans.page_without_seal(dpi=100) for _ in range(pages)]
    scan[-1] = scans.page_with_seal(dpi=100)  # 单位（盖章） on the last page
    sha = stored(scans.save_pdf(tmp_path / "stamped.pdf", scan, dpi=100))
    result = stamped_check.check_stamped(sha, pages, form_docx)
    assert result.warnings == [] and not result.needs_reason
    assert result.seal.seal_pages == (pages,)
    assert json.loads(json.dumps(result.to_dict()))["seal"]["seal_pages"] == [pages]


def test_a_scan_with_a_page_missing_and_no_seal_is_warned_twice(files_dir, tmp_path, form_docx):
    pages = stamped_check.form_pages(form_docx)
    short = [scans.page_without_seal(dpi=100)] * (pages - 1)
    sha = stored(scans.save_pdf(tmp_path / "short.pdf", short, dpi=100))
    result = stamped_check.check_stamped(sha, pages - 1, form_docx)
    assert result.warnings == [
        f"上传的扫描件共 {pages - 1} 页，系统生成的申报表共 {pages} 页，请确认是否漏扫或多扫",
        "未检测到红色公章，请确认已盖章",
    ]
    assert result.needs_reason


def test_without_the_forms_pdf_the_page_check_says_it_could_not(files_dir, tmp_path, monkeypatch, form_docx):
    form_docx = build_pool_entry_form(pool_entry_content(), enterprise_name="未转换过的企业")  # not cached
    monkeypatch.setattr(pdf, "soffice_command", None)
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    sha = stored(scans.save_pdf(tmp_path / "one.pdf", [scans.page_with_seal(dpi=100)], dpi=100))
    result = stamped_check.check_stamped(sha, 1, form_docx)
    assert result.form_pages is None
    assert result.warnings == ["系统暂时无法生成申报表 PDF，未能核对页数（扫描件共 1 页）"]


def test_the_reason_to_hand_in_anyway():
    assert stamped_check.override_reason("  公章颜色较浅，\n已人工确认 ") == "公章颜色较浅， 已人工确认"
    missing, too_long = stamped_check.OVERRIDE_MISSING, stamped_check.OVERRIDE_TOO_LONG
    for bad, message in (("", missing), ("   ", missing), (None, missing), ("字" * 201, too_long)):
        with pytest.raises(ValidationError) as refused:
            stamped_check.override_reason(bad)
        assert refused.value.fields == {"seal_override": message}


# ------------------------------------------------------------------ 下载 PDF


def get(url: str) -> httpx.Response:
    async def go() -> httpx.Response:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=routes), base_url="http://test") as c:
            return await c.get(url)

    return aio.run(go())


def test_the_pdf_link_serves_the_pdf_as_an_attachment(files_dir, tmp_path, monkeypatch):
    install_fake_soffice(tmp_path, monkeypatch)
    docx = b"PK a generated document"
    assert not generated_pdf.ready(docx)
    link = generated_pdf.pdf_link(ACTOR, docx, "哈尔滨锅炉-试点企业培育入库申报表.docx")
    assert generated_pdf.ready(docx) and link.startswith("/generated/")
    response = get(link)
    assert response.status_code == 200 and response.content == b"%PDF-1.4 fake"
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == "attachment; filename*=UTF-8''" + quote(
        "哈尔滨锅炉-试点企业培育入库申报表.pdf")
    assert generated_pdf.pdf_name("a/b/表.DOCX") == "表.pdf" and generated_pdf.pdf_name("") == "材料.pdf"


def test_forged_and_malformed_pdf_links_are_403(files_dir, tmp_path, monkeypatch):
    install_fake_soffice(tmp_path, monkeypatch)
    link = generated_pdf.pdf_link(ACTOR, b"PK forged", "表.docx")
    body, signature = link.removeprefix("/generated/").split(".", 1)
    payload = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    other = base64.urlsafe_b64encode(json.dumps({**json.loads(payload), "k": "0" * 64}).encode()).decode()
    unscoped = files._sign(payload)  # signed as a file download link would be: not a PDF link
    for bad in (f"/generated/{other.rstrip('=')}.{signature}", f"/generated/{body}.{signature[:-2]}xx",
                f"/generated/{body}.{unscoped}", "/generated/abc", "/generated/!!.x",
                f"/generated/{base64.urlsafe_b64encode(b'[1]').decode()}.x"):
        response = get(bad)
        assert (response.status_code, response.text) == (403, generated_pdf.INVALID), bad
    assert get(link).status_code == 200


def test_an_expired_pdf_link_is_403(files_dir, tmp_path, monkeypatch):
    install_fake_soffice(tmp_path, monkeypatch)
    link = generated_pdf.pdf_link(ACTOR, b"PK expired", "表.docx")
    monkeypatch.setattr(time, "time", lambda: 4_000_000_000.0)
    response = get(link)
    assert (response.status_code, response.text) == (403, generated_pdf.EXPIRED)


def test_a_pdf_gone_from_the_cache_is_404(files_dir, tmp_path, monkeypatch):
    install_fake_soffice(tmp_path, monkeypatch)
    link = generated_pdf.pdf_link(ACTOR, b"PK doc", "表.docx")
    pdf.cached_pdf(b"PK doc").unlink()
    response = get(link)
    assert (response.status_code, response.text) == (404, generated_pdf.GONE)
    with pytest.raises(NotFound):
        generated_pdf.resolve(link.removeprefix("/generated/"))


def test_a_pdf_that_cannot_be_made_raises_for_the_page_to_say_so(files_dir, monkeypatch):
    monkeypatch.setattr(pdf, "soffice_command", None)
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    with pytest.raises(pdf.PdfUnavailable) as refused:
        generated_pdf.pdf_link(ACTOR, b"PK doc", "表.docx")
    assert "Word" in refused.value.message
