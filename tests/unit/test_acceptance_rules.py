"""验收申请's checks before submission, the exact sums, the eligible investment and the subsidy
suggestion (pure: no database)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from harbin_app.services import acceptance as ac
from harbin_app.services import platform_settings as ps
from harbin_app.services.acceptance import amounts as a
from tests.unit.acceptance_data import valid_content, with_changes

RULES = ac.Rules(date(2024, 7, 1), date(2026, 6, 30))
REF = {"file_id": 1, "name": "x.pdf", "pages": 1}
REFS = dict.fromkeys(("contract", "invoice", "summary", "list", "report", "extra"), REF)
SETTINGS = ps.PlatformSettings(
    pilot_start=date(2024, 7, 1), pilot_end=date(2026, 6, 30), industries=("a",), demand_categories=("b",),
    subsidy_ratio=Decimal(30), subsidy_cap_level2=Decimal(30), subsidy_cap_level3=Decimal(60),
    subsidy_cap_level4=Decimal(100), subsidy_cap_enterprise=Decimal(100), deadline_reminder_days=(3, 1),
    reviewer_reminder_workdays=5, sms_code="", sms_rejected="", sms_site_visit="", sms_conclusion="", sms_payment="",
)


def content():
    return valid_content(REFS)


def errors_of(fn) -> dict[str, str]:
    return ac.problems(with_changes(content(), fn), RULES)


def test_a_complete_application_passes():
    assert ac.problems(content(), RULES) == {}


def test_decimal_amounts_add_up_exactly():
    p2 = ac.normalise(content())["projects"][1]
    figures = a.project_figures(p2)
    assert figures.total == Decimal("0.3") and figures.matches and figures.difference == 0
    assert 0.1 + 0.2 != 0.3  # what floats would have done
    assert a.eligible_investment(content()) == Decimal("200.6")
    assert a.total_investment(content()) == Decimal("250.6")


def test_a_mismatch_names_both_figures_and_the_difference():
    def change(c):
        c["projects"][1]["investment"] = "0.35"
    assert errors_of(change) == {
        "projects.1.investment": "各服务商产品服务金额合计 0.30 万元，与实际投资 0.35 万元不一致（相差 0.05 万元），请核对"
    }


def test_ineligible_categories_are_named_and_excluded():
    figures = a.project_figures(ac.normalise(content())["projects"][0])
    assert figures.total == Decimal("250.3") and figures.eligible == Decimal("200.3")
    assert figures.ineligible_text() == "办公电脑：车间办公电脑 50.00 万元"
    assert {c: ac.PRODUCT_CATEGORIES[c] for c in ("云服务", "布线工程", "嵌入式软件（如PLC程序）")} == {
        "云服务": True, "布线工程": False, "嵌入式软件（如PLC程序）": False}


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        (lambda c: c["projects"][0].update(start="2024-06-30"), "projects.0.start",
         "项目周期超出试点期（2024-07-01 至 2026-06-30），只有试点期内的项目才能获得补助"),
        (lambda c: c["projects"][0].update(end="2026-07-01"), "projects.0.end", "项目周期超出试点期"),
        (lambda c: c["projects"][0].update(start=""), "projects.0.start", "请选择实际开始日期"),
        (lambda c: c["projects"][0].update(level_after="一级", level_before="一级"), "projects.0.level_after",
         "验收要求改造后数字化水平达到二级及以上（当前为一级）"),
        (lambda c: c["projects"][0].update(level_before="三级"), "projects.0.level_after", "改造前数字化水平高于改造后"),
        (lambda c: c["projects"][0]["indicators"].append({"name": "", "unit": "%", "before": "1", "after": "2"}),
         "projects.0.indicators.1.name", "该成效指标填写了数值，请填写指标名称"),
        (lambda c: c["projects"][0].update(name="数字化改造"), "projects.0.name", "项目名称表述不完整"),
        (lambda c: c["projects"][0].update(content="上了MES系统。"), "projects.0.content", "项目内容过于简单"),
        (lambda c: c["projects"][0].update(contracts=[]), "projects.0.contracts", "请上传该项目的项目合同"),
        (lambda c: c["projects"][1].update(invoices=[{"file": None}]), "projects.1.invoices", "发票、银行回单或收货验收单"),
        (lambda c: c["projects"][0]["providers"][0].update(credit_code="91350100M000100Y44"),
         "projects.0.providers.0.credit_code", "统一社会信用代码校验位不正确"),
        (lambda c: c["projects"][0]["providers"][1].update(phone="123"), "projects.0.providers.1.phone", "请输入正确的手机号"),
        (lambda c: c["projects"][0]["providers"][0]["products"][1].update(category=""),
         "projects.0.providers.0.products.1.category", "请选择产品服务类别"),
        (lambda c: c["projects"][0]["providers"][1]["products"][0].update(amount="-5"),
         "projects.0.providers.1.products.0.amount", "金额须大于 0"),
        (lambda c: c["projects"][0]["providers"][1].update(products=[{"name": "", "category": "", "amount": ""}]),
         "projects.0.providers.1.products", "请至少填写该服务商提供的一项产品服务"),
        (lambda c: c["projects"][0].update(providers=[]), "projects.0.providers", "请至少填写一家数字化服务商"),
        (lambda c: c["projects"][0].update(investment="很多"), "projects.0.investment", "实际投资须为数字"),
        (lambda c: c["basic"].update(main_products="产" * 501), "basic.main_products", "主要产品不能超过 500 字（当前 501 字）"),
        (lambda c: c["materials"].update(summary_report=None), "materials.summary_report", "请上传项目总结报告（PDF）"),
        (lambda c: c["self_test"].update(report=None), "self_test.report", "或选择一条平台上保存的改造后自测记录"),
        (lambda c: c["other"].update(benchmark_willing=""), "other.benchmark_willing", "请选择是否愿意参与标杆样板打造"),
        (lambda c: c.update(demands=[]), "demands", "请至少填写一条数字化改造需求"),
    ],
)
def test_each_check_at_its_field(change, path, message):
    found = errors_of(change)
    assert message in found[path], found


def test_a_kept_assessment_may_stand_in_for_the_report():
    assert errors_of(lambda c: c["self_test"].update(report=None, assessment_id="7")) == {}


def test_the_pilot_period_boundaries_count_as_inside():
    assert errors_of(lambda c: c["projects"][0].update(start="2024-07-01", end="2026-06-30")) == {}


def test_the_pilot_period_comes_from_the_settings():
    later = replace(SETTINGS, pilot_start=date(2025, 1, 1))
    assert "projects.0.start" in ac.problems(content(), ac.rules_from(later))


def test_contract_and_invoice_messages_belong_to_the_materials_section():
    assert ac.section_of("projects.ab12cd34.contracts") == "materials"
    assert ac.section_of("projects.ab12cd34.invoices.ef56ab78.file") == "materials"
    assert ac.section_of("projects.ab12cd34.providers.x1.name") == "projects"


# ---------------------------------------------------------------- the subsidy suggestion


def test_level_reached_is_the_assessments_else_the_highest_project_level():
    assert a.level_reached(content()) == 3
    assert a.level_reached(content(), assessment_level=2) == 2
    assert a.level_reached(with_changes(content(), lambda c: c.update(projects=[]))) == 0


@pytest.mark.parametrize(
    ("eligible", "level", "granted", "expected"),
    [
        ("50", 2, "0", "15.00"),  # the ratio only
        ("200.6", 2, "0", "30.00"),  # the 二级 cap binds
        ("200.6", 3, "0", "60.00"),  # the 三级 cap binds
        ("1000", 4, "0", "100.00"),  # the 四级 cap binds
        ("1000", 4, "80", "20.00"),  # what is left of the enterprise's cap binds
        ("1000", 4, "100", "0.00"),  # nothing left
        ("200.6", 1, "0", "0.00"),  # below 二级: nothing
        ("0.3", 2, "0", "0.09"),  # exact: 0.3 × 30% is 0.09
    ],
)
def test_subsidy_suggestion(eligible, level, granted, expected):
    assert a.suggested_subsidy(SETTINGS, Decimal(eligible), level, Decimal(granted)) == Decimal(expected)


def test_prefill_takes_the_pooled_application():
    pooled = {
        "basic": {"main_products": "锅炉", "employees": "450", "above_scale": "规上", "current_level": "一级"},
        "demands": [{"id": "a1", "category": "生产管控", "description": "不透明", "analysis": "纸质"},
                    {"id": "a2", "category": "", "description": "", "analysis": ""}],
        "projects": [{"id": "p1", "name": "MES系统建设项目", "start": "2024-09-01", "end": "2025-12-31",
                      "investment": "300", "level_before": "一级", "level_after": "二级", "content": "x",
                      "indicators": [{"id": "i1", "name": "效率", "unit": "%", "before": "60", "after": "75"}]}],
        "other": {"benchmark_willing": "否"},
    }
    c = ac.prefill(pooled, {"company_name": "示范公司"}, "qiye")
    assert c["basic"]["company_name"] == "示范公司" and c["basic"]["main_products"] == "锅炉"
    assert [(d["category"], d["creator"]) for d in c["demands"]] == [("生产管控", "qiye")]
    p = c["projects"][0]
    assert (p["name"], p["investment"], p["level_after"]) == ("MES系统建设项目", "300", "二级")
    assert p["indicators"][0]["name"] == "效率" and p["id"] != "p1"
    assert len(p["providers"]) == 1 and len(p["providers"][0]["products"]) == 1
    assert p["contracts"] == [] and c["other"]["benchmark_willing"] == "否"
