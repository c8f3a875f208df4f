"""项目投资清单 as an .xlsx (openpyxl): one sheet, a row per product of each provider of each project,
Chinese headers in a frozen first row, amounts as numbers with two decimals, each project's total
and eligible total, and the totals of the application. The enterprise signs, stamps and uploads it.
The same content gives the same bytes (fixed document times, fixed zip entry times)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from docgen.acceptance_form import amount
from docgen.common import ZIP_TIME
from docgen.pool_entry_form import _dicts, _text

TITLE = "项目投资清单"
HEADERS = ("序号", "项目名称", "数字化服务商", "统一社会信用代码", "产品服务名称", "类别", "是否可补贴", "金额（万元）")
WIDTHS = (6, 30, 26, 22, 28, 30, 10, 14)
AMOUNT_FORMAT = "#,##0.00"
FIXED_TIME = datetime(2024, 1, 1)
THIN = Side(style="thin", color="999999")


def _zip_stable(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


def build_investment_list(content: Mapping[str, Any], *, enterprise_name: str, eligible: Mapping[str, bool]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = TITLE
    wb.properties.creator = "哈尔滨中小企业数字化转型公共服务平台"
    wb.properties.title = f"{TITLE}（{_text(enterprise_name)}）"
    wb.properties.created = wb.properties.modified = FIXED_TIME
    ws.append(HEADERS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for column, width in zip("ABCDEFGH", WIDTHS):
        ws.column_dimensions[column].width = width
    ws.freeze_panes = "A2"

    def total_row(label: str, value: Decimal) -> None:
        ws.append(["", label, "", "", "", "", "", value])
        for cell in ws[ws.max_row]:
            cell.font = Font(bold=True)

    n = 0
    grand = grand_ok = Decimal(0)
    for p, project in enumerate(_dicts(content.get("projects")), 1):
        name = _text(project.get("name")) or f"项目{p}"
        total = ok = Decimal(0)
        for provider in _dicts(project.get("providers")):
            for product in _dicts(provider.get("products")):
                value = amount(product.get("amount"))
                category = _text(product.get("category"))
                n += 1
                ws.append([n, name, _text(provider.get("name")), _text(provider.get("credit_code")),
                           _text(product.get("name")), category,
                           "是" if eligible.get(category, False) else ("否" if category else ""), value])
                if value is not None:
                    total += value
                    ok += value if eligible.get(category, False) else 0
        total_row(f"{name} 合计", total)
        total_row(f"{name} 其中可补贴", ok)
        grand, grand_ok = grand + total, grand_ok + ok
    total_row("全部项目合计", grand)
    total_row("全部项目可补贴合计", grand_ok)
    for row in ws.iter_rows(min_row=1, max_row=ws.max_row):
        for cell in row:
            cell.border = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
        row[7].number_format = AMOUNT_FORMAT
        row[7].alignment = Alignment(horizontal="right")
    ws.append([])
    ws.append(["", f"填报单位（盖章）：{_text(enterprise_name)}", "", "", "负责人（签字）：", "", "日期：", ""])
    raw = io.BytesIO()
    wb.save(raw)
    return _zip_stable(raw.getvalue())
