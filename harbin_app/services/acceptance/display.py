"""验收申请 read-only for 待办详情: every section, project, provider, product and file."""

from __future__ import annotations

from typing import Any

from harbin_app.services.acceptance import amounts as a
from harbin_app.services.acceptance.form import (
    CERTIFIED_FIELDS,
    ELIGIBLE,
    MATERIALS,
    NOT_ELIGIBLE,
    OWN_FIELDS,
    PROJECT_FILES,
    SECTIONS,
    normalise,
)
from harbin_app.services.engine.types import DisplaySection, DisplayTable

PRODUCT_HEADERS = ["服务商", "统一社会信用代码", "联系人", "联系电话", "产品服务", "类别", "是否可补贴", "金额(万元)"]


def _wan(text: str) -> str:
    return f"{text} 万元" if text else ""


def product_rows(project: dict[str, Any]) -> list[list[str]]:
    rows = []
    for provider in project["providers"]:
        head = [provider["name"], provider["credit_code"], provider["contact"], provider["phone"]]
        for k, product in enumerate(provider["products"] or [{"name": "", "category": "", "amount": ""}]):
            eligible = "" if not product["category"] else (ELIGIBLE if a.is_eligible(product["category"]) else NOT_ELIGIBLE)
            rows.append([*(head if k == 0 else ["", "", "", ""]), product["name"], product["category"], eligible,
                         product["amount"]])
    return rows


def _project_tables(n: int, p: dict[str, Any]) -> list[DisplayTable]:
    f = a.project_figures(p)
    products = product_rows(p)
    products.append(["合计", "", "", "", "", "", "", a.fmt(f.total)])
    products.append(["其中可补贴", "", "", "", "", "", "", a.fmt(f.eligible)])
    if f.ineligible:
        products.append(["不可补贴", "", "", "", f.ineligible_text(), "", "", a.fmt(f.total - f.eligible)])
    return [
        DisplayTable(
            f"项目{n}：{p['name']}", ["实际周期", "实际投资", "改造前", "改造后", "项目内容"],
            [[f"{p['start']} 至 {p['end']}", _wan(p["investment"]), p["level_before"], p["level_after"], p["content"]]],
        ),
        DisplayTable(
            f"项目{n} 成效指标", ["序号", "指标名称", "单位", "改造前", "改造后实际值"],
            [[str(m), i["name"], i["unit"], i["before"], i["after"]] for m, i in enumerate(p["indicators"], 1)],
        ),
        DisplayTable(f"项目{n} 数字化服务商及产品服务", PRODUCT_HEADERS, products),
    ]


def display(content: dict[str, Any]) -> list[DisplaySection]:
    c = normalise(content)
    basic = [(label, c["basic"][k]) for k, label in {**CERTIFIED_FIELDS, **OWN_FIELDS}.items()]
    demands = DisplayTable(
        "", ["序号", "需求种类", "需求描述", "问题及需求分析", "创建人"],
        [[str(n), d["category"], d["description"], d["analysis"], d["creator"]] for n, d in enumerate(c["demands"], 1)],
    )
    tables = [t for n, p in enumerate(c["projects"], 1) for t in _project_tables(n, p)]
    totals = [("申报投资合计", _wan(a.fmt(a.total_investment(c)))), ("其中可补贴投资", _wan(a.fmt(a.eligible_investment(c))))]
    files: list[tuple[str, dict[str, Any] | None]] = [(label, c["materials"][k]) for k, label in MATERIALS.items()]
    for n, p in enumerate(c["projects"], 1):
        for kind, label in PROJECT_FILES.items():
            files += [(f"项目{n} {label}{m}", row["file"]) for m, row in enumerate(p[kind], 1)] or [(f"项目{n} {label}", None)]
    test = c["self_test"]
    return [
        DisplaySection(SECTIONS["basic"], fields=basic),
        DisplaySection(SECTIONS["demands"], tables=[demands]),
        DisplaySection(SECTIONS["projects"], fields=totals, tables=tables),
        DisplaySection(SECTIONS["other"], fields=[("愿意参与标杆样板打造", c["other"]["benchmark_willing"])]),
        DisplaySection(SECTIONS["materials"], files=files),
        DisplaySection(SECTIONS["self_test"], fields=[("平台自测记录（改造后）", test["assessment_text"] or "未选择")],
                       files=[("自测结果报告或截图", test["report"])]),
        DisplaySection(SECTIONS["extras"], files=[(f"补充材料{m}", row["file"]) for m, row in enumerate(c["extras"], 1)]),
    ]
