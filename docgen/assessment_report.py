"""The self-assessment report (中小企业数字化水平自测报告) as a .docx, built with python-docx.

Chosen options are marked with plain characters every Chinese font has: （√） chosen, （ ） not
(docgen/common.py: the marks' runs name one font for every script, so no program swaps the √ out).
A4 portrait with fixed column widths, the options column the widest. The same content always gives
the same bytes (the print-ready PDF, docgen/pdf.py, is cached by them).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Mapping, Sequence

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Cm

from docgen.common import CHOSEN, FONT, NOT_CHOSEN, chinese_language, east_asian_font, mark_fonts_in, save
from harbin_app.assessment import Result, format_points, load_indicators

TITLE = "中小企业数字化水平自测报告"
AUTHOR = "哈尔滨中小企业数字化转型公共服务平台"
# A4, 2.54 cm top/bottom and 2.2 cm left/right: 16.6 cm of text width.
ITEM_WIDTHS_CM = (2.4, 3.6, 7.8, 1.4, 1.4)
DIMENSION_WIDTHS_CM = (8.6, 4.0, 4.0)
SCENE_WIDTHS_CM = (1.4, 4.0, 4.4, 3.0, 3.8)


def _setup(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2.54)
    section.left_margin = section.right_margin = Cm(2.2)
    for style in ("Normal", "Title", "Heading 1"):
        east_asian_font(doc.styles[style], FONT)
    chinese_language(doc)
    doc.core_properties.title = TITLE
    doc.core_properties.author = AUTHOR
    doc.core_properties.comments = ""


def _table(doc, header: list[str], rows: list[list[str]], widths_cm: Sequence[float]):
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = text
    for row in rows:
        for cell, text in zip(table.add_row().cells, row):
            cell.text = text
            mark_fonts_in(cell)
    table.autofit = False  # fixed widths (grid and every cell, as Word and WPS each read one of them)
    for column, width in zip(table.columns, widths_cm):
        column.width = Cm(width)
    for table_row in table.rows:
        for cell, width in zip(table_row.cells, widths_cm):
            cell.width = Cm(width)
    return table


def build_assessment_report(
    result: Result,
    answers: Mapping[str, Any],
    scenes: Mapping[str, Any],
    *,
    enterprise_name: str,
    assessed_on: date,
    label: str,
) -> bytes:
    """The report of one scored questionnaire; ``label`` says 改造前 or 改造后."""
    ind = load_indicators(result.version)
    items = ind.items
    doc = Document()
    _setup(doc)

    doc.add_heading(TITLE, level=0)
    doc.add_paragraph(f"企业名称：{enterprise_name}")
    doc.add_paragraph(f"评测日期：{assessed_on.year}年{assessed_on.month}月{assessed_on.day}日")
    doc.add_paragraph(f"评测阶段：{label}")
    doc.add_paragraph(f"评测指标：{ind.name}")
    doc.add_paragraph(f"总分：{format_points(result.total)} / {format_points(result.max_total)}")
    doc.add_paragraph(f"数字化水平等级：{result.level_name}")

    doc.add_heading("各维度得分", level=1)
    _table(doc, ["维度", "得分", "满分"],
           [[d.name, format_points(d.score), format_points(d.max)] for d in result.dimensions],
           DIMENSION_WIDTHS_CM)

    doc.add_heading("各指标得分", level=1)
    rows = []
    for d in result.dimensions:
        for g in d.groups:
            rows.append([f"{d.name}·{g.name}", "小计", "", format_points(g.score), format_points(g.max)])
            for scored in g.items:
                item = items[scored.key]
                lines = [
                    f"{CHOSEN if o.prefix in scored.selected else NOT_CHOSEN}{o.prefix}. {o.label}"
                    for o in item.options
                ]
                raw = answers.get(item.key)
                figures = [f"{f.name}：{raw[f.key]}" for f in item.fields
                           if isinstance(raw, dict) and raw.get(f.key) not in (None, "")]
                if figures:
                    lines.append("填写数据：" + "；".join(figures))
                rows.append([g.name, f"{item.indicator}：{item.title}", "\n".join(lines),
                             format_points(scored.points), format_points(scored.max)])
    _table(doc, ["分组", "指标", "选项", "得分", "满分"], rows, ITEM_WIDTHS_CM)

    doc.add_heading("数字化经营应用场景", level=1)
    _table(doc, ["序号", "场景", "类别", "性质", "达到等级"], [
        [str(n), s.name, s.group, "约束性" if s.binding else "指导性",
         ind.level_name(result.scene_levels[s.name]) if scenes.get(s.name) is not None else "未评"]
        for n, s in enumerate(ind.scenes, 1)
    ], SCENE_WIDTHS_CM)

    doc.add_heading("距下一等级的差距", level=1)
    if result.gaps_to_next_level:
        for gap in result.gaps_to_next_level:
            doc.add_paragraph(gap, style="List Bullet")
    else:
        doc.add_paragraph("已达到最高等级。")

    return save(doc)
