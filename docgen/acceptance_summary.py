"""哈尔滨市试点企业数字化改造项目总结报告: the template the manual asks for, with what the
application already holds filled in (the enterprise, each project's period, investment, content,
providers, products and 成效指标) and the parts only the enterprise can write left as prompts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, RGBColor

from docgen.acceptance_form import product_rows
from docgen.common import save
from docgen.pool_entry_form import _dicts, _grid_table, _label_table, _period, _setup, _text, _with_unit

TITLE = "哈尔滨市试点企业数字化改造项目总结报告"
PROMPTS = {
    "二、项目建设过程": "（请简述项目立项、服务商选择、实施、上线和验收的过程及时间节点。）",
    "四、项目经验与存在问题": "（请总结项目实施的经验做法、存在的问题及解决办法。）",
    "五、下一步计划": "（请说明后续数字化改造计划，及是否愿意作为标杆样板供同行参观学习。）",
}


def _prompt(doc, text: str) -> None:
    run = doc.add_paragraph().add_run(text)
    run.italic = True
    run.font.color.rgb = RGBColor(0x59, 0x59, 0x59)


def build_summary_report(content: Mapping[str, Any], *, enterprise_name: str, eligible: Mapping[str, bool]) -> bytes:
    content = content or {}
    basic = content.get("basic") or {}
    projects = _dicts(content.get("projects")) or [{}]
    doc = Document()
    _setup(doc)
    doc.core_properties.title = TITLE

    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(TITLE)
    run.bold = True
    run.font.size = Pt(16)
    doc.add_paragraph(f"企业名称（盖章）：{_text(enterprise_name)}")
    doc.add_paragraph(f"统一社会信用代码：{_text(basic.get('credit_code'))}")
    doc.add_paragraph(f"所属行业：{_text(basic.get('industry'))}")

    doc.add_heading("一、项目基本情况", level=1)
    for n, project in enumerate(projects, 1):
        doc.add_heading(f"项目{n}：{_text(project.get('name'))}", level=2)
        _label_table(doc, [
            ("项目名称", _text(project.get("name"))),
            ("实际周期", _period(project.get("start"), project.get("end"))),
            ("实际投资（万元）", _with_unit(project.get("investment"), "万元"), True),
            ("改造前数字化水平", _text(project.get("level_before"))),
            ("改造后数字化水平", _text(project.get("level_after"))),
            ("项目内容", _text(project.get("content"))),
        ])
        doc.add_paragraph("数字化服务商及产品服务")
        rows, _, _ = product_rows(project, eligible)
        _grid_table(doc, ["序号", "服务商名称", "统一社会信用代码", "联系人及电话", "产品服务", "类别", "可补贴", "金额（万元）"],
                    rows, (0.9, 2.6, 2.6, 2.2, 2.6, 2.6, 1.1, 2.0), right=(7,))

    doc.add_heading("二、项目建设过程", level=1)
    _prompt(doc, PROMPTS["二、项目建设过程"])

    doc.add_heading("三、项目实施成效", level=1)
    for n, project in enumerate(projects, 1):
        doc.add_paragraph(f"项目{n} 成效指标")
        rows = [[str(i), _text(x.get("name")), _text(x.get("unit")), _text(x.get("before")), _text(x.get("after"))]
                for i, x in enumerate(_dicts(project.get("indicators")), 1)] or [[""] * 5]
        _grid_table(doc, ["序号", "指标名称", "单位", "改造前", "改造后实际值"], rows, (1.2, 6.2, 2.4, 3.4, 3.4))
    _prompt(doc, "（请结合上表，说明项目在提质、降本、增效、绿色、安全等方面取得的成效。）")

    for heading in ("四、项目经验与存在问题", "五、下一步计划"):
        doc.add_heading(heading, level=1)
        _prompt(doc, PROMPTS[heading])

    doc.add_paragraph()
    for line in ("企业负责人（签字）：", "企业（盖章）：", "日期：    年  月  日"):
        doc.add_paragraph(line).paragraph_format.keep_with_next = True
    return save(doc)
