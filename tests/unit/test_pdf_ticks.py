"""Ticks verified by machine: the print-ready PDFs of the 入库申报表 and of the self-assessment report,
made by LibreOffice, carry （√） exactly at the chosen options and （ ） at the others, for every choice
of each form, and each √ is drawn (dark pixels where the text layer puts it), in an embedded CJK font.

The documents of each form are converted in one soffice run (docx_to_pdfs), one start for all.
"""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

from docgen import pdf
from docgen.assessment_report import build_assessment_report
from docgen.pool_entry_form import LEVEL_OPTIONS, SCALE_OPTIONS, YES_NO, build_pool_entry_form
from harbin_app.assessment import load_indicators, score
from tests.unit.documents_data import LEVELS, assessment_answers, pool_entry_content, project

CHOICES = LEVELS + ("",)  # every level, and none chosen
POOL_WORDS = "|".join(sorted({*SCALE_OPTIONS, *LEVEL_OPTIONS, *YES_NO}, key=len, reverse=True))
POOL_MARK = re.compile(rf"（(\s*√?\s*)）\s*({POOL_WORDS})")
ITEM_MARK = re.compile(r"（(\s*√?\s*)）\s*([A-Z])\.")
ANY_MARK = re.compile(r"（\s*√?\s*）")
SCALE = 3  # pixels per point when looking for the ink of a √ (216 dpi)


@pytest.fixture(scope="module", autouse=True)
def soffice_installed():
    assert pdf.shutil.which("soffice"), "LibreOffice is missing: `make test` installs it (make office)"


@pytest.fixture(scope="module")
def cache(tmp_path_factory, monkeypatch_module):
    folder = tmp_path_factory.mktemp("files")
    monkeypatch_module.setattr(pdf, "cache_dir", lambda: folder / "cache" / "pdf")
    return folder


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as mp:
        yield mp


def text_of(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def marks(found: list[tuple[str, str]]) -> list[tuple[str, bool]]:
    return [(word, "√" in mark) for mark, word in found]


def assert_ticks_drawn(path: Path) -> int:
    """Every √ of the text layer has ink under it on the rendered page; returns how many."""
    document = pdfium.PdfDocument(str(path))
    ticks = 0
    try:
        for page in document:
            text = page.get_textpage()
            image = page.render(scale=SCALE, grayscale=True).to_pil()
            height = page.get_height()
            content = text.get_text_range()
            for index, char in enumerate(content):
                if char != "√":
                    continue
                left, bottom, right, top = text.get_charbox(index)
                box = image.crop((int(left * SCALE), int((height - top) * SCALE), int(right * SCALE) + 1,
                                  int((height - bottom) * SCALE) + 1))
                dark = int((np.asarray(box) < 128).sum())
                assert dark >= 6, f"a √ on page {page} is in the text but not drawn ({dark} dark pixels)"
                ticks += 1
    finally:
        document.close()
    return ticks


def assert_cjk_fonts_embedded(path: Path) -> None:
    reader = PdfReader(path)
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            for part in font.get("/DescendantFonts") or [font]:
                descriptor = part.get_object()["/FontDescriptor"].get_object()
                assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), font["/BaseFont"]
    assert any("CJK" in name for name in pdf.embedded_fonts(path)), pdf.embedded_fonts(path)


# ------------------------------------------------------------------ 入库申报表


def pool_entry_cases() -> list[dict]:
    """Six applications: between them every option of every choice is chosen once, and none."""
    scales = ("规上", "规下", "")
    answers = ("是", "否", "")
    return [
        pool_entry_content(
            above_scale=scales[k % 3], current_level=CHOICES[k], benchmark=answers[(k + 1) % 3],
            projects=[project(1, before=CHOICES[k], after=CHOICES[(k + 2) % 6]),
                      project(2, before=CHOICES[(k + 4) % 6], after=CHOICES[(k + 1) % 6])],
        )
        for k in range(6)
    ]


def expected_pool_marks(content: dict) -> list[tuple[str, bool]]:
    basic = content["basic"]
    groups = [(SCALE_OPTIONS, basic["above_scale"]), (LEVEL_OPTIONS, basic["current_level"])]
    for p in content["projects"]:
        groups += [(LEVEL_OPTIONS, p["level_before"]), (LEVEL_OPTIONS, p["level_after"])]
    groups.append((YES_NO, content["other"]["benchmark_willing"]))
    return [(option, option == chosen) for options, chosen in groups for option in options]


@pytest.fixture(scope="module")
def pool_entry_pdfs(cache):
    cases = pool_entry_cases()
    docs = [build_pool_entry_form(c, enterprise_name="哈尔滨锅炉示范有限公司", submitted_on=date(2025, 3, 1))
            for c in cases]
    return list(zip(cases, pdf.docx_to_pdfs(docs)))


def test_the_cases_cover_every_choice():
    cases = pool_entry_cases()
    assert {c["basic"]["above_scale"] for c in cases} == {*SCALE_OPTIONS, ""}
    assert {c["basic"]["current_level"] for c in cases} == {*LEVEL_OPTIONS, ""}
    assert {p["level_before"] for c in cases for p in c["projects"]} == {*LEVEL_OPTIONS, ""}
    assert {p["level_after"] for c in cases for p in c["projects"]} == {*LEVEL_OPTIONS, ""}
    assert {c["other"]["benchmark_willing"] for c in cases} == {*YES_NO, ""}


def test_pool_entry_pdf_ticks_exactly_the_chosen_options(pool_entry_pdfs):
    for content, path in pool_entry_pdfs:
        text = text_of(path)
        expected = expected_pool_marks(content)
        assert marks(POOL_MARK.findall(text)) == expected, content["basic"]
        # no mark anywhere else, and no √ outside a mark
        assert len(ANY_MARK.findall(text)) == len(expected)
        assert text.count("√") == sum(chosen for _, chosen in expected)


def test_pool_entry_pdf_draws_every_tick_in_an_embedded_cjk_font(pool_entry_pdfs):
    for content, path in pool_entry_pdfs:
        assert assert_ticks_drawn(path) == sum(chosen for _, chosen in expected_pool_marks(content))
        assert_cjk_fonts_embedded(path)
        assert pdf.page_count(path) >= 2


# ------------------------------------------------------------------ 自测报告


def expected_item_marks(result) -> list[tuple[str, bool]]:
    items = load_indicators(result.version).items
    return [(o.prefix, o.prefix in scored.selected)
            for d in result.dimensions for g in d.groups for scored in g.items
            for o in items[scored.key].options]


@pytest.fixture(scope="module")
def assessment_pdfs(cache):
    results = [score(assessment_answers(choice), {}) for choice in range(7)]
    docs = [build_assessment_report(r, assessment_answers(c), {}, enterprise_name="哈尔滨锅炉示范有限公司",
                                    assessed_on=date(2025, 1, 2), label="改造前")
            for c, r in enumerate(results)]
    return list(zip(results, pdf.docx_to_pdfs(docs)))


def test_the_answers_cover_every_option_chosen_and_not(assessment_pdfs):
    items = load_indicators("2024").items
    seen: dict[tuple[str, str], set[bool]] = {}
    for result, _ in assessment_pdfs:
        for d in result.dimensions:
            for g in d.groups:
                for scored in g.items:
                    for o in items[scored.key].options:
                        seen.setdefault((scored.key, o.prefix), set()).add(o.prefix in scored.selected)
    assert len(seen) == sum(len(i.options) for i in items.values())
    assert all(v == {True, False} for v in seen.values()), [k for k, v in seen.items() if v != {True, False}]


def test_assessment_pdf_ticks_exactly_the_chosen_options(assessment_pdfs):
    for result, path in assessment_pdfs:
        text = text_of(path)
        expected = expected_item_marks(result)
        assert marks(ITEM_MARK.findall(text)) == expected
        assert len(ANY_MARK.findall(text)) == len(expected)
        assert text.count("√") == sum(chosen for _, chosen in expected)


def test_assessment_pdf_draws_every_tick_in_an_embedded_cjk_font(assessment_pdfs):
    for result, path in assessment_pdfs:
        assert assert_ticks_drawn(path) == sum(chosen for _, chosen in expected_item_marks(result))
        assert_cjk_fonts_embedded(path)


# ------------------------------------------------------------------ the .docx itself


def test_every_mark_run_names_one_font_for_every_script():
    """So Word and WPS draw the √ with the brackets' font on any computer (docgen/common.py)."""
    from docx import Document
    from docx.oxml.ns import qn

    pool = build_pool_entry_form(pool_entry_content(), enterprise_name="甲")
    report = build_assessment_report(score(assessment_answers(0), {}), assessment_answers(0), {},
                                     enterprise_name="甲", assessed_on=date(2025, 1, 2), label="改造前")
    for data in (pool, report):
        runs = [run for table in Document(io.BytesIO(data)).tables for row in table.rows for cell in row.cells
                for paragraph in cell.paragraphs for run in paragraph.runs if ANY_MARK.search(run.text)]
        assert runs
        for run in runs:
            fonts = run._r.rPr.rFonts
            assert {a: fonts.get(qn(f"w:{a}")) for a in ("ascii", "hAnsi", "eastAsia", "cs", "hint")} == {
                "ascii": "宋体", "hAnsi": "宋体", "eastAsia": "宋体", "cs": "宋体", "hint": "eastAsia"}


def test_east_asian_text_is_simplified_chinese():
    """The PDF's glyphs are the Chinese forms whatever the server's locale."""
    from docx import Document
    from docx.oxml.ns import qn

    pool = build_pool_entry_form(pool_entry_content(), enterprise_name="甲")
    report = build_assessment_report(score({}, {}), {}, {}, enterprise_name="甲",
                                     assessed_on=date(2025, 1, 2), label="改造前")
    for data in (pool, report):
        styles = Document(io.BytesIO(data)).styles.element
        lang = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
        assert lang.get(qn("w:eastAsia")) == "zh-CN"
