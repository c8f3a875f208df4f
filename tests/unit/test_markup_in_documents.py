"""Markup typed into a company name, a project name or an opinion is text: every generated document
(.docx via python-docx, its print-ready PDF, the Excel list) holds it literally, read back here."""

from __future__ import annotations

import io
import re
import shutil
import zipfile

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from docgen import pdf
from docgen.acceptance_form import build_acceptance_form
from docgen.acceptance_summary import build_summary_report
from docgen.investment_list import build_investment_list
from docgen.pool_entry_form import build_pool_entry_form
from harbin_app.services import acceptance as ac
from tests.unit.acceptance_data import valid_content
from tests.unit.documents_data import pool_entry_content
from tests.unit.test_acceptance_rules import REFS

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
COMPANY = f"哈尔滨{SCRIPT}有限公司"
PROJECT = f"MES项目{IMG}&amp;一期"


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for r in t.rows for c in r.cells]
    for section in doc.sections:
        parts += [p.text for p in section.header.paragraphs] + [p.text for p in section.footer.paragraphs]
    return "\n".join(parts)


def pool_entry_docx() -> bytes:
    content = pool_entry_content()
    content["basic"]["company_name"] = COMPANY
    content["projects"][0]["name"] = PROJECT
    return build_pool_entry_form(content, enterprise_name=COMPANY)


def acceptance_content() -> dict:
    c = ac.normalise(valid_content(REFS))
    c["basic"].update(company_name=COMPANY, credit_code="91350100M000100Y43", industry="电气装备制造业")
    c["projects"][0]["name"] = PROJECT
    return c


def acceptance_docx() -> bytes:
    return build_acceptance_form(acceptance_content(), enterprise_name=COMPANY, eligible=ac.PRODUCT_CATEGORIES,
                                 recognised="200.60", subsidy="60.00")


@pytest.mark.parametrize("build", [pool_entry_docx, acceptance_docx,
                                   lambda: build_summary_report(acceptance_content(), enterprise_name=COMPANY,
                                                                eligible=ac.PRODUCT_CATEGORIES)])
def test_markup_is_kept_as_text_in_every_docx(build) -> None:  # noqa: ANN001
    data = build()
    text = docx_text(data)
    assert COMPANY in text
    # the document's XML holds the markup escaped (text), never as elements of its own
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("word/document.xml").decode()
    assert "<script>" not in xml and "<img" not in xml
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in xml


def test_the_project_name_is_kept_in_the_pool_entry_and_acceptance_forms() -> None:
    assert PROJECT in docx_text(pool_entry_docx())
    assert PROJECT in docx_text(acceptance_docx())


def test_markup_is_kept_as_text_in_the_investment_list() -> None:
    data = build_investment_list(acceptance_content(), enterprise_name=COMPANY, eligible=ac.PRODUCT_CATEGORIES)
    wb = load_workbook(io.BytesIO(data))
    values = [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert any(COMPANY in v for v in values)
    assert not any(v.startswith("=") for v in values)  # nothing became a formula


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.skipif(shutil.which("soffice") is None or not pdf._has_cjk_font(),
                    reason="LibreOffice or the Noto CJK fonts are missing: run `make office` (make test does)")
def test_markup_is_kept_as_text_in_the_print_ready_pdf(tmp_path, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(pdf, "cache_dir", lambda: tmp_path / "pdf-cache")
    path = pdf.docx_to_pdf(pool_entry_docx())
    text = squeeze("".join(page.extract_text() or "" for page in PdfReader(str(path)).pages))
    assert squeeze(COMPANY) in text
    assert squeeze(SCRIPT) in text and squeeze(IMG) in text
