"""The documents of an application: the stamped form after a pass, the 总结报告 template and the
项目投资清单 while it is edited (file names as the manual names them)."""

from __future__ import annotations

from typing import Any

from docgen.acceptance_form import build_acceptance_form
from docgen.acceptance_summary import build_summary_report
from docgen.investment_list import build_investment_list
from harbin_app.models import AcceptanceResult
from harbin_app.services.acceptance.form import PRODUCT_CATEGORIES

DOCUMENTS = {
    "stamp_form": "哈尔滨市中小企业数字化转型试点企业项目验收和补助资金申报表",
    "summary_template": "哈尔滨市试点企业数字化改造项目总结报告",
    "investment_list": "项目投资清单",
}


def build(key: str, content: dict[str, Any], name: str, *, result: AcceptanceResult | None = None) -> tuple[str, bytes]:
    """(file name, bytes) of a document of `content`, the application of enterprise `name`."""
    if key == "stamp_form":
        data = build_acceptance_form(
            content, enterprise_name=name, eligible=PRODUCT_CATEGORIES,
            recognised=result.recognised_amount if result else "", subsidy=result.subsidy_amount if result else "",
        )
        return f"{DOCUMENTS[key]}（{name}）.docx", data
    if key == "summary_template":
        return f"{DOCUMENTS[key]}（{name}）.docx", build_summary_report(content, enterprise_name=name,
                                                                     eligible=PRODUCT_CATEGORIES)
    return f"{DOCUMENTS[key]}（{name}）.xlsx", build_investment_list(content, enterprise_name=name,
                                                                   eligible=PRODUCT_CATEGORIES)
