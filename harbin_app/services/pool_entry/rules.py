"""入库申请: the manual's checks (材料形式审查的常见问题), each a message at its field, before a
reviewer sees the application. Paths name rows by position (projects.1.indicators.0.name)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from harbin_app.models import Enterprise
from harbin_app.services import platform_settings
from harbin_app.services import validators as v
from harbin_app.services.enterprises import needs_industry_declaration
from harbin_app.services.pool_entry.form import (
    DEMAND_CATEGORIES, DEMAND_FIELDS, EVIDENCE, INDICATOR_FIELDS, LEVELS, MIN_CONTENT, MIN_NAME, PROJECT_FIELDS,
    SCALES, SECTIONS, YES_NO, filled, normalise,
)

# The manual's “项目名称表述不完整”: a name must say what is built.
BUILT_THINGS = re.compile(
    r"系统|平台|软件|产线|生产线|车间|工厂|网络|中台|设备|云|应用|数据中心|看板|APP|MES|ERP|PLM|WMS|SCADA|CRM|SRM|QMS|EMS|OA|BI",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Rules:
    pilot_start: date
    pilot_end: date
    needs_declaration: bool
    categories: tuple[str, ...] = DEMAND_CATEGORIES  # 需求种类 offered (设置), 其他 last


def rules_for(enterprise: Enterprise) -> Rules:
    """The pilot period in force (设置, changed by an admin without restart) and the declaration rule."""
    current = platform_settings.current()
    return Rules(current.pilot_start, current.pilot_end, needs_industry_declaration(enterprise),
                 current.demand_category_options)


def project_name_problem(name: str) -> str:
    if not name:
        return "请填写项目名称"
    if len(name) < MIN_NAME or not BUILT_THINGS.search(name):
        return "项目名称表述不完整：请写明建设的系统、平台或改造的产线，如“××公司MES生产执行系统建设项目”"
    if len(name) > 100:
        return "项目名称不能超过 100 字"
    return ""


def project_content_problem(text: str) -> str:
    if not text:
        return "请填写项目内容"
    if len(text) < MIN_CONTENT:
        return f"项目内容过于简单：请写明改造的环节、建设的系统或设备、实现的功能（至少 {MIN_CONTENT} 字，当前 {len(text)} 字）"
    if len(text) > 2000:
        return "项目内容不能超过 2000 字"
    return ""


def _project_problems(i: int, p: dict[str, Any], rules: Rules) -> dict[str, str]:
    at = f"projects.{i}."
    out: dict[str, str] = {}

    def put(key: str, message: str) -> None:
        if message:
            out[at + key] = message

    put("name", project_name_problem(p["name"]))
    put("content", project_content_problem(p["content"]))
    put("investment", v.positive_number_problem(p["investment"], "计划投资"))
    start, end = v.parse_date(p["start"]), v.parse_date(p["end"])
    put("start", "" if start else ("请选择项目开始日期" if not p["start"] else "开始日期格式应为 2025-03-01"))
    put("end", "" if end else ("请选择项目结束日期" if not p["end"] else "结束日期格式应为 2025-03-01"))
    period = f"{rules.pilot_start.isoformat()} 至 {rules.pilot_end.isoformat()}"
    if start and end:
        if end < start:
            put("end", "项目结束日期不能早于开始日期")
        elif start < rules.pilot_start or end > rules.pilot_end:
            put("end" if end > rules.pilot_end else "start", f"项目周期超出试点期（{period}），请调整到试点期内")
    for key, label in (("level_before", "改造前数字化水平"), ("level_after", "改造后数字化水平")):
        put(key, "" if p[key] in LEVELS else f"请选择{label}")
    if p["level_before"] in LEVELS and p["level_after"] in LEVELS:
        if LEVELS.index(p["level_before"]) > LEVELS.index(p["level_after"]):
            put("level_after", "改造前数字化水平高于改造后，请核对（改造后水平不应低于改造前）")
    indicators = [ind for ind in p["indicators"] if filled(ind, INDICATOR_FIELDS)]
    if not indicators:
        put("indicators", "请至少填写一项成效指标")
    for j, ind in enumerate(p["indicators"]):
        if not filled(ind, INDICATOR_FIELDS):
            continue
        where = f"indicators.{j}."
        if not ind["name"]:
            put(where + "name", "该成效指标填写了数值，请填写指标名称")
        for key, label in (("unit", "单位"), ("before", "改造前数值"), ("after", "改造后数值")):
            if not ind[key]:
                put(where + key, f"请填写{label}")
    return out


def project_problems(i: int, project: dict[str, Any], rules: Rules) -> dict[str, str]:
    """The manual's checks of one normalised project row at position `i` (period in the pilot,
    levels, indicators without a name, incomplete name, too-short content, investment): paths
    projects.<i>.… → message. 验收申请 runs the same checks on its projects."""
    return _project_problems(i, project, rules)


def problems(content: dict[str, Any], rules: Rules) -> dict[str, str]:
    """Every check before a reviewer sees it: path (basic.main_products, projects.0.name …) → message."""
    c = normalise(content)
    out: dict[str, str] = {}
    b = c["basic"]
    own = {
        "main_products": v.text_problem(b["main_products"], "主营产品", 200),
        "last_year_revenue": v.positive_number_problem(b["last_year_revenue"], "上年营业收入"),
        "employees": v.positive_integer_problem(b["employees"], "员工人数"),
        "above_scale": "" if b["above_scale"] in SCALES else "请选择规上或规下",
        "current_level": "" if b["current_level"] in LEVELS else "请选择当前数字化水平",
    }
    out.update({f"basic.{k}": m for k, m in own.items() if m})
    demands = [d for d in c["demands"] if filled(d, DEMAND_FIELDS)]
    if not demands:
        out["demands"] = "请至少填写一条数字化改造需求"
    for i, d in enumerate(c["demands"]):
        if not filled(d, DEMAND_FIELDS):
            continue
        checks = {
            "category": "" if d["category"] in rules.categories else "请选择需求种类",
            "description": v.text_problem(d["description"], "需求描述", 500),
            "analysis": v.text_problem(d["analysis"], "问题及需求分析", 1000),
        }
        out.update({f"demands.{i}.{k}": m for k, m in checks.items() if m})
    projects = [p for p in c["projects"] if filled(p, PROJECT_FIELDS)]
    if not projects:
        out["projects"] = "请至少填写一个数字化改造项目"
    for i, p in enumerate(c["projects"]):
        if filled(p, PROJECT_FIELDS) or any(filled(ind, INDICATOR_FIELDS) for ind in p["indicators"]):
            out.update(_project_problems(i, p, rules))
    if c["other"]["benchmark_willing"] not in YES_NO:
        out["other.benchmark_willing"] = "请选择是否愿意参与标杆样板打造"
    for key in ("audit_report", "credit_report"):
        if not c["evidence"][key]:
            out[f"evidence.{key}"] = f"请上传{EVIDENCE[key]}（PDF）"
    if rules.needs_declaration and not c["evidence"]["industry_declaration"]:
        out["evidence.industry_declaration"] = "企业所属行业不清晰，须上传试点行业盖章声明（PDF）"
    return out


def section_problem_counts(errors: dict[str, str]) -> dict[str, int]:
    counts = dict.fromkeys(SECTIONS, 0)
    for path in errors:
        counts[path.split(".", 1)[0]] += 1
    return counts
