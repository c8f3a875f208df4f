"""入库申请's five sections as a long form: fields, repeatable demand rows, projects with their
成效指标 rows, PDF evidence. Vocabulary (levels, scales, demand categories) lives here too."""

from __future__ import annotations

from typing import Any

from harbin_app.assessment import load_indicators
from harbin_app.forms import AREA, DATE, FILE, RADIO, SELECT, Field, FormSchema, Rows, Section, new_id
from harbin_app.services.enterprises import address_text

LEVELS = ("未达一级", "一级", "二级", "三级", "四级")
SCALES = ("规上", "规下")
YES_NO = ("是", "否")
OTHER_CATEGORY = "其他"
DEMAND_CATEGORIES = (*[scene.name for scene in load_indicators().scenes], OTHER_CATEGORY)
EVIDENCE = {
    "audit_report": "2023年审计报告",
    "credit_report": "信用中国企业信用信息报告",
    "industry_declaration": "试点行业盖章声明",
}

# 一、基本情况: what certification gives (read-only here) and what the application adds
CERTIFIED_FIELDS = {
    "company_name": "公司名称", "credit_code": "统一社会信用代码", "industry": "所属行业", "established": "成立时间",
    "registered_capital": "注册资本(万元)", "scale": "企业规模(人)", "contact": "联系人", "phone": "联系电话",
    "email": "联系邮箱", "address": "公司地址", "website": "官网地址", "intro": "公司简介",
}
OWN_FIELDS = {
    "main_products": "主营产品", "last_year_revenue": "上年营业收入(万元)", "employees": "员工人数",
    "above_scale": "规上/规下", "current_level": "当前数字化水平",
}
DEMAND_FIELDS = {"category": "需求种类", "description": "需求描述", "analysis": "问题及需求分析"}
PROJECT_FIELDS = {
    "name": "项目名称", "start": "项目周期开始", "end": "项目周期结束", "content": "项目内容",
    "investment": "计划投资(万元)", "level_before": "改造前数字化水平", "level_after": "改造后数字化水平",
}
INDICATOR_FIELDS = {"name": "指标名称", "unit": "单位", "before": "改造前", "after": "改造后"}
SECTIONS = {"basic": "一、基本情况", "demands": "二、数字化改造需求", "projects": "三、数字化改造情况及成效",
            "other": "四、其他情况", "evidence": "五、相关佐证材料"}
MAX_DEMANDS, MAX_PROJECTS, MAX_INDICATORS = 30, 20, 20
MIN_NAME = 8
MIN_CONTENT = 50

INDICATORS = Rows("indicators", "成效指标", (
    Field("name", "指标名称", max_length=50, placeholder="如 设备联网率"),
    Field("unit", "单位", max_length=20, placeholder="如 %"),
    Field("before", "改造前", max_length=30, placeholder="改造前数值"),
    Field("after", "改造后", max_length=30, placeholder="改造后数值"),
), limit=MAX_INDICATORS)

FORM = FormSchema((
    Section("basic", SECTIONS["basic"], fields=(
        *[Field(k, label, readonly=True, max_length=300) for k, label in CERTIFIED_FIELDS.items()],
        Field("main_products", "主营产品", max_length=200, counter=True, placeholder="如：电站锅炉、余热锅炉及配套部件"),
        Field("last_year_revenue", "上年营业收入(万元)", max_length=20, placeholder="如 12000.50"),
        Field("employees", "员工人数", max_length=10, placeholder="如 320"),
        Field("above_scale", "规上/规下", kind=RADIO, options=SCALES),
        Field("current_level", "当前数字化水平", kind=SELECT, options=LEVELS),
    )),
    Section("demands", SECTIONS["demands"], rows=Rows("demands", "需求", (
        Field("category", "需求种类", kind=SELECT, options=DEMAND_CATEGORIES),
        Field("description", "需求描述", kind=AREA, max_length=500, counter=True,
              placeholder="希望通过数字化改造解决什么、达到什么目标"),
        Field("analysis", "问题及需求分析", kind=AREA, max_length=1000, counter=True,
              placeholder="现状存在的问题、原因，以及改造的必要性"),
    ), limit=MAX_DEMANDS)),
    Section("projects", SECTIONS["projects"], rows=Rows("projects", "项目", (
        Field("name", "项目名称", max_length=100, counter=True, placeholder="如：××公司MES生产执行系统建设项目",
              hint="写明建设的系统、平台或改造的产线"),
        Field("start", "项目周期开始", kind=DATE, max_length=10),
        Field("end", "项目周期结束", kind=DATE, max_length=10),
        Field("content", "项目内容", kind=AREA, max_length=2000, counter=True,
              hint=f"至少 {MIN_CONTENT} 字：写明改造的环节、建设的系统或设备、实现的功能"),
        Field("investment", "计划投资(万元)", max_length=20, placeholder="如 350"),
        Field("level_before", "改造前数字化水平", kind=SELECT, options=LEVELS),
        Field("level_after", "改造后数字化水平", kind=SELECT, options=LEVELS),
    ), children=(INDICATORS,), limit=MAX_PROJECTS)),
    Section("other", SECTIONS["other"], fields=(Field("benchmark_willing", "愿意参与标杆样板打造", kind=RADIO, options=YES_NO),)),
    Section("evidence", SECTIONS["evidence"], fields=tuple(
        Field(k, label, kind=FILE, required=k != "industry_declaration") for k, label in EVIDENCE.items()
    )),
))


def blank_demand() -> dict[str, str]:
    return {"id": new_id(), **{k: "" for k in DEMAND_FIELDS}}


def blank_indicator() -> dict[str, str]:
    return {"id": new_id(), **{k: "" for k in INDICATOR_FIELDS}}


def blank_project() -> dict[str, Any]:
    return {"id": new_id(), **{k: "" for k in PROJECT_FIELDS}, "indicators": [blank_indicator()]}


def prefill(profile: dict[str, str]) -> dict[str, str]:
    """一、基本情况 as certified."""
    p = {k: str(v or "").strip() for k, v in (profile or {}).items()}
    return {
        **{k: p.get(k, "") for k in CERTIFIED_FIELDS if k != "address"},
        "address": address_text(p) if p.get("province") else "",
    }


def blank(profile: dict[str, str] | None = None) -> dict[str, Any]:
    content = FORM.blank()
    content["basic"].update(prefill(profile or {}))
    return content


def normalise(content: dict[str, Any]) -> dict[str, Any]:
    """The stored shape: every key present, strings trimmed, every row with an id."""
    return FORM.normalise(content)


def filled(row: dict[str, Any], keys: dict[str, str]) -> bool:
    return any(str(row.get(k) or "").strip() for k in keys if k != "id")
