"""验收申请: the checks before submission, each a message at its field (paths by row position:
projects.1.providers.0.products.2.amount). Pool entry's project checks (pilot period, levels,
indicators without a name, incomplete name, too-short content) are called, not copied."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from harbin_app.services import validators as v
from harbin_app.services.acceptance import amounts as a
from harbin_app.services.acceptance.form import (
    DEMAND_CATEGORIES,
    DEMAND_FIELDS,
    INDICATOR_FIELDS,
    LEVELS,
    MAIN_PRODUCTS_MAX,
    MATERIALS,
    MIN_LEVEL,
    PRODUCT_CATEGORIES,
    PRODUCT_FIELDS,
    PROJECT_FIELDS,
    PROVIDER_FIELDS,
    SCALES,
    YES_NO,
    filled,
    normalise,
)
from harbin_app.services.pool_entry.rules import Rules as PoolRules
from harbin_app.services.pool_entry.rules import project_problems


@dataclass(frozen=True)
class Rules:
    pilot_start: date
    pilot_end: date
    categories: tuple[str, ...] = DEMAND_CATEGORIES  # 需求种类 offered (设置), 其他 last


def rules_from(settings: Any) -> Rules:
    """The rules in force (设置: the pilot period)."""
    return Rules(settings.pilot_start, settings.pilot_end, settings.demand_category_options)


def mismatch_message(figures: a.ProjectFigures) -> str:
    assert figures.investment is not None
    diff = figures.investment - figures.total
    return (f"各服务商产品服务金额合计 {a.fmt(figures.total)} 万元，与实际投资 {a.fmt(figures.investment)} 万元"
            f"不一致（相差 {a.fmt(abs(diff))} 万元），请核对")


def _provider_problems(at: str, provider: dict[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    checks = {
        "name": v.text_problem(provider["name"], "服务商名称", 64),
        "credit_code": v.credit_code_problem(provider["credit_code"]),
        "contact": v.text_problem(provider["contact"], "联系人", 30),
        "phone": v.phone_problem(provider["phone"]),
    }
    out.update({f"{at}.{k}": m for k, m in checks.items() if m})
    products = [p for p in provider["products"] if filled(p, PRODUCT_FIELDS)]
    if not products:
        out[f"{at}.products"] = "请至少填写该服务商提供的一项产品服务"
    for k, product in enumerate(provider["products"]):
        if not filled(product, PRODUCT_FIELDS):
            continue
        where = f"{at}.products.{k}"
        checks = {
            "name": v.text_problem(product["name"], "产品服务名称", 100),
            "category": "" if product["category"] in PRODUCT_CATEGORIES else "请选择产品服务类别",
            "amount": v.positive_number_problem(product["amount"], "金额", max_places=4),
        }
        out.update({f"{where}.{key}": m for key, m in checks.items() if m})
    return out


def _project_problems(i: int, project: dict[str, Any], rules: Rules) -> dict[str, str]:
    at = f"projects.{i}"
    pool = project_problems(i, project, PoolRules(rules.pilot_start, rules.pilot_end, needs_declaration=False))
    out = {path: message for path, message in pool.items() if path != f"{at}.investment"}
    for key in ("start", "end"):  # the dates are the actual ones here
        if (path := f"{at}.{key}") in out:
            out[path] = (out[path].replace("项目开始日期", "实际开始日期").replace("项目结束日期", "实际结束日期")
                         .replace("请调整到试点期内", "只有试点期内的项目才能获得补助"))
    low = project["level_after"] in LEVELS and a.level_index(project["level_after"]) < a.level_index(MIN_LEVEL)
    if low and f"{at}.level_after" not in out:
        out[f"{at}.level_after"] = f"验收要求改造后数字化水平达到{MIN_LEVEL}及以上（当前为{project['level_after']}）"
    investment = v.positive_number_problem(project["investment"], "实际投资", max_places=4)
    providers = [p for p in project["providers"] if filled(p, PROVIDER_FIELDS) or any(
        filled(x, PRODUCT_FIELDS) for x in p["products"])]
    if not providers:
        out[f"{at}.providers"] = "请至少填写一家数字化服务商及其产品服务"
    for j, provider in enumerate(project["providers"]):
        if filled(provider, PROVIDER_FIELDS) or any(filled(x, PRODUCT_FIELDS) for x in provider["products"]):
            out.update(_provider_problems(f"{at}.providers.{j}", provider))
    figures = a.project_figures(project)
    if investment:
        out[f"{at}.investment"] = investment
    elif providers and not figures.matches:
        out[f"{at}.investment"] = mismatch_message(figures)
    if not any(row.get("file") for row in project["contracts"]):
        out[f"{at}.contracts"] = "请上传该项目的项目合同（至少一份）"
    if not any(row.get("file") for row in project["invoices"]):
        out[f"{at}.invoices"] = "请上传该项目的发票、银行回单或收货验收单（至少一份）"
    return out


def problems(content: dict[str, Any], rules: Rules) -> dict[str, str]:
    """Every check before a reviewer sees it: path → message."""
    c = normalise(content)
    out: dict[str, str] = {}
    b = c["basic"]
    own = {
        "main_products": v.text_problem(b["main_products"], "主要产品", MAIN_PRODUCTS_MAX),
        "last_year_revenue": v.positive_number_problem(b["last_year_revenue"], "上年营业收入"),
        "employees": v.positive_integer_problem(b["employees"], "员工人数"),
        "above_scale": "" if b["above_scale"] in SCALES else "请选择规上或规下",
        "current_level": "" if b["current_level"] in LEVELS else "请选择当前数字化水平",
    }
    out.update({f"basic.{k}": m for k, m in own.items() if m})
    if not any(filled(d, DEMAND_FIELDS) for d in c["demands"]):
        out["demands"] = "请至少填写一条数字化改造需求"
    for i, d in enumerate(c["demands"]):
        if filled(d, DEMAND_FIELDS):
            checks = {
                "category": "" if d["category"] in rules.categories else "请选择需求种类",
                "description": v.text_problem(d["description"], "需求描述", 500),
                "analysis": v.text_problem(d["analysis"], "问题及需求分析", 1000),
            }
            out.update({f"demands.{i}.{k}": m for k, m in checks.items() if m})
    if not any(filled(p, PROJECT_FIELDS) for p in c["projects"]):
        out["projects"] = "请至少填写一个申请验收的数字化改造项目"
    for i, p in enumerate(c["projects"]):
        if filled(p, PROJECT_FIELDS) or any(filled(ind, INDICATOR_FIELDS) for ind in p["indicators"]):
            out.update(_project_problems(i, p, rules))
    if c["other"]["benchmark_willing"] not in YES_NO:
        out["other.benchmark_willing"] = "请选择是否愿意参与标杆样板打造"
    for key, label in MATERIALS.items():
        if not c["materials"][key]:
            out[f"materials.{key}"] = f"请上传{label}（PDF）"
    if not c["self_test"]["report"] and not c["self_test"]["assessment_id"]:
        out["self_test.report"] = "请上传自测结果报告或截图（PDF），或选择一条平台上保存的改造后自测记录"
    return out


def section_of(path: str) -> str:
    """The section a message belongs to on the page: a project's contracts and invoices are handed
    in under 五、项目总结报告及佐证材料."""
    parts = path.split(".")
    if parts[0] == "projects" and len(parts) >= 3 and parts[2] in ("contracts", "invoices"):
        return "materials"
    return parts[0]
