"""哈尔滨市中小企业数字化转型试点企业项目验收和补助资金申报表 as a .docx, built with python-docx.

Built from the submitted snapshot of an acceptance application that passed (and its conclusion's
figures). The enterprise prints it, stamps it, scans it and uploads the scan. Every demand,
project, 成效指标, 数字化服务商 and 产品服务 row appears; options are ticked with plain characters
(（√）/（ ）, docgen/common.py); the same content gives the same bytes. Tables and page set-up are
the 入库申报表's (docgen/pool_entry_form.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from docgen.common import save
from docgen.pool_entry_form import (
    LEVEL_OPTIONS,
    SCALE_OPTIONS,
    YES_NO,
    _dicts,
    _grid_table,
    _label_table,
    _period,
    _setup,
    _text,
    _with_unit,
    options,
)

TITLE = "哈尔滨市中小企业数字化转型试点企业项目验收和补助资金申报表"
PROMISE = ("本单位郑重承诺：本申报表所填内容及所附项目合同、发票、银行回单等佐证材料均真实、准确、完整，"
           "项目实际周期在试点期内，如有虚假，本单位愿承担由此产生的一切责任。")


def amount(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value).strip().replace(",", "")) if _text(value) else None
    except InvalidOperation:
        return None


def money(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.{max(2, -min(0, value.normalize().as_tuple().exponent))}f}"


def product_rows(project: Mapping[str, Any], eligible: Mapping[str, bool]) -> tuple[list[list[str]], Decimal, Decimal]:
    """(the rows of a project's providers and products, the total, the eligible total)."""
    rows: list[list[str]] = []
    total = ok = Decimal(0)
    n = 0
    for provider in _dicts(project.get("providers")):
        for k, product in enumerate(_dicts(provider.get("products")) or [{}]):
            n += 1
            value = amount(product.get("amount"))
            category = _text(product.get("category"))
            if value is not None:
                total += value
                ok += value if eligible.get(category, False) else 0
            mark = "" if not category else ("是" if eligible.get(category, False) else "否")
            rows.append([
                str(n), _text(provider.get("name")) if k == 0 else "", _text(provider.get("credit_code")) if k == 0 else "",
                (f"{_text(provider.get('contact'))} {_text(provider.get('phone'))}".strip()) if k == 0 else "",
                _text(product.get("name")), category, mark, money(value),
            ])
    return rows or [[""] * 8], total, ok


def build_acceptance_form(
    content: Mapping[str, Any], *, enterprise_name: str, eligible: Mapping[str, bool],
    submitted_on: date | None = None, recognised: str = "", subsidy: str = "",
) -> bytes:
    """The 验收申报表 of one submitted snapshot, as .docx bytes. `eligible`: category → eligible."""
    content = content or {}
    basic = content.get("basic") or {}
    doc = Document()
    _setup(doc)
    doc.core_properties.title = TITLE

    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(TITLE)
    run.bold = True
    run.font.size = Pt(16)
    doc.add_paragraph(f"申报单位（盖章）：{_text(enterprise_name)}")
    doc.add_paragraph(f"填报日期：{submitted_on.isoformat() if submitted_on else '    年  月  日'}")

    doc.add_heading("一、基本情况", level=1)
    _label_table(doc, [
        ("公司名称", _text(basic.get("company_name"))),
        ("统一社会信用代码", _text(basic.get("credit_code"))),
        ("所属行业", _text(basic.get("industry"))),
        ("成立时间", _text(basic.get("established"))),
        ("注册资本（万元）", _with_unit(basic.get("registered_capital"), "万元"), True),
        ("联系人", _text(basic.get("contact"))),
        ("联系电话", _text(basic.get("phone"))),
        ("联系邮箱", _text(basic.get("email"))),
        ("公司地址", _text(basic.get("address"))),
        ("主要产品", _text(basic.get("main_products"))),
        ("上年营业收入（万元）", _with_unit(basic.get("last_year_revenue"), "万元"), True),
        ("员工人数（人）", _with_unit(basic.get("employees"), "人")),
        ("规上/规下", options(basic.get("above_scale"), SCALE_OPTIONS)),
        ("当前数字化水平", options(basic.get("current_level"), LEVEL_OPTIONS)),
    ])

    doc.add_heading("二、数字化转型基础", level=1)
    demand_rows = [[str(n), _text(d.get("category")), _text(d.get("description")), _text(d.get("analysis"))]
                   for n, d in enumerate(_dicts(content.get("demands")), 1)] or [[""] * 4]
    _grid_table(doc, ["序号", "需求种类", "需求描述", "问题及需求分析"], demand_rows, (1.2, 3.0, 5.9, 6.5))

    doc.add_heading("三、数字化改造情况及成效", level=1)
    grand = grand_ok = Decimal(0)
    for n, project in enumerate(_dicts(content.get("projects")) or [{}], 1):
        doc.add_heading(f"项目{n}", level=2)
        rows, total, ok = product_rows(project, eligible)
        grand, grand_ok = grand + total, grand_ok + ok
        _label_table(doc, [
            ("项目名称", _text(project.get("name"))),
            ("实际周期", _period(project.get("start"), project.get("end"))),
            ("项目内容", _text(project.get("content"))),
            ("实际投资（万元）", _with_unit(project.get("investment"), "万元"), True),
            ("其中可补贴投资（万元）", f"{money(ok)} 万元", True),
            ("改造前数字化水平", options(project.get("level_before"), LEVEL_OPTIONS)),
            ("改造后数字化水平", options(project.get("level_after"), LEVEL_OPTIONS)),
        ])
        doc.add_paragraph("成效指标")
        indicator_rows = [[str(i), _text(x.get("name")), _text(x.get("unit")), _text(x.get("before")),
                           _text(x.get("after"))]
                          for i, x in enumerate(_dicts(project.get("indicators")), 1)] or [[""] * 5]
        _grid_table(doc, ["序号", "指标名称", "单位", "改造前", "改造后实际值"], indicator_rows, (1.2, 6.2, 2.4, 3.4, 3.4))
        doc.add_paragraph("数字化服务商及产品服务")
        rows.append(["", "合计", "", "", "", "", "", money(total)])
        _grid_table(doc, ["序号", "服务商名称", "统一社会信用代码", "联系人及电话", "产品服务", "类别", "可补贴", "金额（万元）"],
                    rows, (0.9, 2.6, 2.6, 2.2, 2.6, 2.6, 1.1, 2.0), right=(7,))

    doc.add_heading("四、其他情况", level=1)
    other = content.get("other") or {}
    _label_table(doc, [("是否愿意参与标杆样板打造", options(other.get("benchmark_willing"), YES_NO))])

    doc.add_heading("五、投资及补助资金", level=1)
    _label_table(doc, [
        ("项目实际投资合计（万元）", f"{money(grand)} 万元", True),
        ("其中可补贴投资（万元）", f"{money(grand_ok)} 万元", True),
        ("验收认定项目金额（万元）", f"{recognised} 万元" if recognised else "", True),
        ("补贴金额（万元）", f"{subsidy} 万元" if subsidy else "", True),
    ])

    doc.add_paragraph()
    block = [PROMISE, "", "法定代表人（签字）：", "", "单位（盖章）：", "", "日期：    年  月  日"]
    for i, line in enumerate(block):
        paragraph = doc.add_paragraph(line)
        if i:
            paragraph.paragraph_format.left_indent = Cm(8)
        if i < len(block) - 1:
            paragraph.paragraph_format.keep_with_next = True
    return save(doc)
