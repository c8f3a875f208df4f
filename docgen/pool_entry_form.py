"""哈尔滨市中小企业数字化转型试点企业培育入库申报表 as a .docx, built with python-docx.

Built from the approved snapshot of a pool-entry application (the content dict as stored, where any
value may be an empty string). The enterprise prints it, signs, stamps, scans and uploads it.

Chosen options are marked with plain characters every Chinese font has: （√） chosen, （ ） not
(docgen/common.py: the marks' runs name one font for every script, so no program swaps the √ out).
Every demand, project and 成效指标 row of the application appears. The same content always gives
the same bytes (the print-ready PDF, docgen/pdf.py, is cached by them).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Mapping, Sequence

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from docgen.common import CHOSEN, FONT, NOT_CHOSEN, chinese_language, east_asian_font, mark_fonts_in, save

TITLE = "哈尔滨市中小企业数字化转型试点企业培育入库申报表"
AUTHOR = "哈尔滨中小企业数字化转型公共服务平台"
OPTION_GAP = "  "

SCALE_OPTIONS = ("规上", "规下")
LEVEL_OPTIONS = ("未达一级", "一级", "二级", "三级", "四级")
YES_NO = ("是", "否")

EVIDENCE = (  # key in content["evidence"], the material's name on the form
    ("audit_report", "2023年审计报告"),
    ("credit_report", "信用中国企业信用信息报告"),
    ("industry_declaration", "试点行业盖章声明"),
)

PROMISE = ("本单位郑重承诺：本申报表所填内容及所附佐证材料均真实、准确、完整，"
           "如有虚假，本单位愿承担由此产生的一切责任。")

# A4 portrait, 2.54 cm top/bottom and 2.2 cm left/right: 16.6 cm of text width.
PAGE_WIDTH, PAGE_HEIGHT = Cm(21.0), Cm(29.7)
TEXT_WIDTH_CM = 16.6
LABEL_WIDTH_CM = 4.8


def _text(value: Any) -> str:
    """A stored value as cell text: None and missing become blank, never "None"."""
    if value is None:
        return ""
    return str(value).strip()


def _with_unit(value: Any, unit: str) -> str:
    text = _text(value)
    return f"{text} {unit}" if text else ""


def options(chosen: Any, choices: Sequence[str]) -> str:
    """'（√）是  （ ）否': every choice shown, the chosen one marked."""
    chosen = _text(chosen)
    return OPTION_GAP.join(f"{CHOSEN if c == chosen else NOT_CHOSEN}{c}" for c in choices)


def _setup(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin = section.bottom_margin = Cm(2.54)
    section.left_margin = section.right_margin = Cm(2.2)
    for name in ("Normal", "Title", "Heading 1", "Heading 2"):
        east_asian_font(doc.styles[name], FONT)
    chinese_language(doc)
    doc.styles["Normal"].font.size = Pt(10.5)
    doc.core_properties.title = TITLE
    doc.core_properties.author = AUTHOR
    doc.core_properties.comments = ""
    for name, size in (("Heading 1", 14), ("Heading 2", 12)):
        font = doc.styles[name].font
        font.size = Pt(size)
        font.bold = True
        font.color.rgb = RGBColor(0, 0, 0)


def _repeat_as_header(row) -> None:
    """Bold header cells, repeated at the top of every page the table runs onto."""
    tr_pr = row._tr.get_or_add_trPr()
    if tr_pr.find(qn("w:tblHeader")) is None:
        header = OxmlElement("w:tblHeader")
        header.set(qn("w:val"), "true")
        tr_pr.append(header)
    for cell in row.cells:
        for paragraph in cell.paragraphs:
            for run in paragraph.runs:
                run.bold = True


def _set_cell(cell, text: str, *, bold: bool = False, align=None) -> None:
    cell.text = text
    for paragraph in cell.paragraphs:
        if align is not None:
            paragraph.alignment = align
        for run in paragraph.runs:
            run.bold = bold or None
    mark_fonts_in(cell)


def _widths(table, widths_cm: Sequence[float]) -> None:
    """Fixed column widths (grid and every cell, as Word and WPS each read one of them); text wraps."""
    table.autofit = False
    for column, width in zip(table.columns, widths_cm):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm):
            cell.width = Cm(width)


def _grid_table(doc, header: Sequence[str], rows: Sequence[Sequence[str]], widths_cm: Sequence[float],
                *, right: Sequence[int] = ()):
    """A bordered table whose first row is a bold header repeated on page breaks."""
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, header):
        _set_cell(cell, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _repeat_as_header(table.rows[0])
    for row in rows:
        for i, (cell, text) in enumerate(zip(table.add_row().cells, row)):
            _set_cell(cell, text, align=WD_ALIGN_PARAGRAPH.RIGHT if i in right else None)
    _widths(table, widths_cm)
    return table


def _label_table(doc, rows: Sequence[tuple[str, str] | tuple[str, str, bool]]):
    """Two columns: a bold label and its value; a third item True right-aligns the value (amounts)."""
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for label, value, *rest in rows:
        label_cell, value_cell = table.add_row().cells
        _set_cell(label_cell, label, bold=True)
        _set_cell(value_cell, value, align=WD_ALIGN_PARAGRAPH.RIGHT if rest and rest[0] else None)
    _widths(table, (LABEL_WIDTH_CM, TEXT_WIDTH_CM - LABEL_WIDTH_CM))
    return table


def _dicts(value: Any) -> list[Mapping[str, Any]]:
    return [item for item in (value or []) if isinstance(item, Mapping)]


def _basic_rows(basic: Mapping[str, Any]) -> list[tuple]:
    return [
        ("公司名称", _text(basic.get("company_name"))),
        ("统一社会信用代码", _text(basic.get("credit_code"))),
        ("所属行业", _text(basic.get("industry"))),
        ("成立时间", _text(basic.get("established"))),
        ("注册资本（万元）", _with_unit(basic.get("registered_capital"), "万元"), True),
        ("企业规模（人）", _with_unit(basic.get("scale"), "人")),
        ("联系人", _text(basic.get("contact"))),
        ("联系电话", _text(basic.get("phone"))),
        ("联系邮箱", _text(basic.get("email"))),
        ("公司地址", _text(basic.get("address"))),
        ("官网地址", _text(basic.get("website"))),
        ("公司简介", _text(basic.get("intro"))),
        ("主营产品", _text(basic.get("main_products"))),
        ("上年营业收入（万元）", _with_unit(basic.get("last_year_revenue"), "万元"), True),
        ("员工人数（人）", _with_unit(basic.get("employees"), "人")),
        ("规上/规下", options(basic.get("above_scale"), SCALE_OPTIONS)),
        ("当前数字化水平", options(basic.get("current_level"), LEVEL_OPTIONS)),
    ]


def _period(start: Any, end: Any) -> str:
    start, end = _text(start), _text(end)
    return f"{start} 至 {end}".strip() if (start or end) else ""


def _pages(file: Mapping[str, Any]) -> str:
    pages = _text(file.get("pages"))
    return f"{pages} 页" if pages else ""


def build_pool_entry_form(content: Mapping[str, Any], *, enterprise_name: str,
                          submitted_on: date | None = None) -> bytes:
    """The 入库申报表 of one approved pool-entry snapshot, as .docx bytes."""
    content = content or {}
    basic = content.get("basic") or {}
    demands = _dicts(content.get("demands"))
    projects = _dicts(content.get("projects"))
    other = content.get("other") or {}
    evidence = content.get("evidence") or {}

    doc = Document()
    _setup(doc)

    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(TITLE)
    run.bold = True
    run.font.size = Pt(18)
    doc.add_paragraph(f"申报单位（盖章）：{_text(enterprise_name)}")
    filled = submitted_on.isoformat() if submitted_on else "    年  月  日"
    doc.add_paragraph(f"填报日期：{filled}")

    doc.add_heading("一、基本情况", level=1)
    _label_table(doc, _basic_rows(basic))

    doc.add_heading("二、数字化改造需求", level=1)
    demand_rows = [[str(n), _text(d.get("category")), _text(d.get("description")), _text(d.get("analysis"))]
                   for n, d in enumerate(demands, 1)] or [["", "", "", ""]]
    _grid_table(doc, ["序号", "需求种类", "需求描述", "问题及需求分析"], demand_rows, (1.2, 3.0, 5.9, 6.5))

    doc.add_heading("三、数字化改造情况及成效", level=1)
    for n, project in enumerate(projects or [{}], 1):
        doc.add_heading(f"项目{n}", level=2)
        _label_table(doc, [
            ("项目名称", _text(project.get("name"))),
            ("项目周期", _period(project.get("start"), project.get("end"))),
            ("项目内容", _text(project.get("content"))),
            ("计划投资（万元）", _with_unit(project.get("investment"), "万元"), True),
            ("改造前数字化水平", options(project.get("level_before"), LEVEL_OPTIONS)),
            ("改造后数字化水平", options(project.get("level_after"), LEVEL_OPTIONS)),
        ])
        doc.add_paragraph("成效指标")
        indicator_rows = [[str(i), _text(ind.get("name")), _text(ind.get("unit")),
                           _text(ind.get("before")), _text(ind.get("after"))]
                          for i, ind in enumerate(_dicts(project.get("indicators")), 1)] or [[""] * 5]
        _grid_table(doc, ["序号", "指标名称", "单位", "改造前", "改造后"], indicator_rows,
                    (1.2, 6.2, 2.4, 3.4, 3.4))

    doc.add_heading("四、其他情况", level=1)
    _label_table(doc, [("是否愿意参与标杆样板打造", options(other.get("benchmark_willing"), YES_NO))])

    doc.add_heading("五、相关佐证材料", level=1)
    evidence_rows = []
    for n, (key, label) in enumerate(EVIDENCE, 1):
        file = evidence.get(key)
        if isinstance(file, Mapping) and file:
            evidence_rows.append([str(n), label, _text(file.get("name")), _pages(file)])
        else:
            evidence_rows.append([str(n), label, "未提供", ""])
    _grid_table(doc, ["序号", "材料名称", "文件", "页数"], evidence_rows, (1.2, 5.6, 7.4, 2.4), right=(3,))

    doc.add_paragraph()
    block = [PROMISE, "", "法定代表人（签字）：", "", "单位（盖章）：", "", "日期：    年  月  日"]
    for i, line in enumerate(block):
        paragraph = doc.add_paragraph(line)
        if i:
            paragraph.paragraph_format.left_indent = Cm(8)
        if i < len(block) - 1:
            paragraph.paragraph_format.keep_with_next = True  # the block never splits across pages

    return save(doc)
