"""验收申请 as a long form: the manual's four parts (项目验收和补助资金申报表, 项目总结报告及佐证材料,
中小企业数字化水平自测结果材料, 其他补充材料) as seven numbered sections. Projects hold their
成效指标, their 数字化服务商 (each with its 产品服务) and their contracts and invoices (a row per
file). The vocabulary (levels, demand categories, indicators) is pool entry's."""

from __future__ import annotations

from typing import Any

from harbin_app.forms import AREA, DATE, FILE, RADIO, SELECT, Field, FormSchema, Rows, Section
from harbin_app.services.pool_entry.form import CERTIFIED_FIELDS, DEMAND_CATEGORIES, LEVELS, SCALES, YES_NO

# 产品服务类别 (domain.md's eligible costs): category → eligible for the subsidy
PRODUCT_CATEGORIES: dict[str, bool] = {
    "软件（许可、实施、开发）": True,
    "云服务": True,
    "数据采集与传输设备（网关、路由器、存储、工厂网络、终端）": True,
    "IT运维软件": False,
    "园区管理软件": False,
    "嵌入式软件（如PLC程序）": False,
    "办公电脑": False,
    "移动存储": False,
    "布线工程": False,
}
ELIGIBLE = "可补贴"
NOT_ELIGIBLE = "不可补贴"

SECTIONS = {
    "basic": "一、基本情况",
    "demands": "二、数字化转型基础",
    "projects": "三、数字化改造情况及成效",
    "other": "四、其他情况",
    "materials": "五、项目总结报告及佐证材料",
    "self_test": "六、中小企业数字化水平自测结果材料",
    "extras": "七、其他补充材料",
}
OWN_FIELDS = {
    "main_products": "主要产品", "last_year_revenue": "上年营业收入(万元)", "employees": "员工人数",
    "above_scale": "规上/规下", "current_level": "当前数字化水平",
}
DEMAND_FIELDS = {"category": "需求种类", "description": "需求描述", "analysis": "问题及需求分析"}
PROJECT_FIELDS = {
    "name": "项目名称", "start": "实际开始日期", "end": "实际结束日期", "content": "项目内容",
    "investment": "实际投资(万元)", "level_before": "改造前数字化水平", "level_after": "改造后数字化水平",
}
INDICATOR_FIELDS = {"name": "指标名称", "unit": "单位", "before": "改造前", "after": "改造后实际值"}
PROVIDER_FIELDS = {"name": "服务商名称", "credit_code": "统一社会信用代码", "contact": "联系人", "phone": "联系电话"}
PRODUCT_FIELDS = {"name": "产品服务名称", "category": "类别", "amount": "金额(万元)"}
MATERIALS = {"summary_report": "项目总结报告", "investment_list": "项目投资清单（签字盖章）"}
PROJECT_FILES = {"contracts": "项目合同", "invoices": "发票/银行回单/收货验收单"}
MAX_DEMANDS, MAX_PROJECTS, MAX_INDICATORS, MAX_PROVIDERS, MAX_PRODUCTS, MAX_FILES = 30, 10, 20, 10, 20, 20
MAIN_PRODUCTS_MAX = 500
MIN_LEVEL = "二级"  # acceptance requires the enterprise to reach it after transformation

INDICATORS = Rows("indicators", "成效指标", (
    Field("name", "指标名称", max_length=50, placeholder="如 设备联网率"),
    Field("unit", "单位", max_length=20, placeholder="如 %"),
    Field("before", "改造前", max_length=30, placeholder="改造前数值"),
    Field("after", "改造后实际值", max_length=30, placeholder="验收时的实际数值"),
), limit=MAX_INDICATORS)

PRODUCTS = Rows("products", "产品服务", (
    Field("name", "产品服务名称", max_length=100, placeholder="如 MES生产执行系统（实施）"),
    Field("category", "类别", kind=SELECT, options=tuple(PRODUCT_CATEGORIES)),
    Field("amount", "金额(万元)", max_length=20, placeholder="如 120.5"),
), limit=MAX_PRODUCTS)

PROVIDERS = Rows("providers", "数字化服务商", (
    Field("name", "服务商名称", max_length=64, placeholder="与合同上的名称一致"),
    Field("credit_code", "统一社会信用代码", max_length=20, placeholder="18 位"),
    Field("contact", "联系人", max_length=30),
    Field("phone", "联系电话", max_length=20, placeholder="手机或座机，如 0451-86001234"),
), children=(PRODUCTS,), limit=MAX_PROVIDERS)


def _file_rows(key: str, label: str, limit: int = MAX_FILES) -> Rows:
    """A list of files: each upload adds a row holding one file."""
    return Rows(key, label, (Field("file", label, kind=FILE),), limit=limit, start_with=0)


CONTRACTS = _file_rows("contracts", PROJECT_FILES["contracts"])
INVOICES = _file_rows("invoices", PROJECT_FILES["invoices"])
EXTRAS = _file_rows("extras", "补充材料")

FORM = FormSchema((
    Section("basic", SECTIONS["basic"], fields=(
        *[Field(k, label, readonly=True, max_length=300) for k, label in CERTIFIED_FIELDS.items()],
        Field("main_products", "主要产品", kind=AREA, max_length=MAIN_PRODUCTS_MAX, counter=True,
              placeholder="500字以内一段话简述，并写清主要产品"),
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
        Field("creator", "创建人", max_length=64, required=False),  # set when the row is added
    ), limit=MAX_DEMANDS)),
    Section("projects", SECTIONS["projects"], rows=Rows("projects", "项目", (
        Field("name", "项目名称", max_length=100, counter=True, placeholder="如：××公司MES生产执行系统建设项目",
              hint="写明建设的系统、平台或改造的产线"),
        Field("start", "实际开始日期", kind=DATE, max_length=10),
        Field("end", "实际结束日期", kind=DATE, max_length=10),
        Field("content", "项目内容", kind=AREA, max_length=2000, counter=True,
              hint="至少 50 字：写明改造的环节、建设的系统或设备、实现的功能"),
        Field("investment", "实际投资(万元)", max_length=20, placeholder="如 350",
              hint="须等于下列各服务商产品服务金额之和"),
        Field("level_before", "改造前数字化水平", kind=SELECT, options=LEVELS),
        Field("level_after", "改造后数字化水平", kind=SELECT, options=LEVELS),
    ), children=(INDICATORS, PROVIDERS, CONTRACTS, INVOICES), limit=MAX_PROJECTS)),
    Section("other", SECTIONS["other"], fields=(
        Field("benchmark_willing", "愿意参与标杆样板打造", kind=RADIO, options=YES_NO),
    )),
    Section("materials", SECTIONS["materials"], fields=tuple(
        Field(k, label, kind=FILE) for k, label in MATERIALS.items()
    )),
    Section("self_test", SECTIONS["self_test"], fields=(
        Field("report", "自测结果报告或截图", kind=FILE, required=False),
        # the id of a kept 改造后 self-assessment (its options are the enterprise's: checked by the type)
        Field("assessment_id", "平台自测记录（改造后）", kind=SELECT, max_length=12, required=False),
        Field("assessment_text", "平台自测记录", readonly=True, max_length=200, required=False),
    )),
    Section("extras", SECTIONS["extras"], rows=EXTRAS),
))


def normalise(content: dict[str, Any]) -> dict[str, Any]:
    return FORM.normalise(content)


def filled(row: dict[str, Any], keys: dict[str, str] | tuple[str, ...]) -> bool:
    return any(str(row.get(k) or "").strip() for k in keys if k != "id")


def blank_product() -> dict[str, Any]:
    return {k: "" for k in PRODUCT_FIELDS}


def blank_provider() -> dict[str, Any]:
    return {**{k: "" for k in PROVIDER_FIELDS}, "products": [blank_product()]}


def prefill(pooled: dict[str, Any], basic_now: dict[str, str], creator: str) -> dict[str, Any]:
    """A new application from the pooled 入库申请 (its approved snapshot) and the certified profile
    (`basic_now`): nothing typed twice. Rows get new ids."""
    old = pooled or {}
    old_basic = old.get("basic") or {}
    content = FORM.blank()
    content["basic"].update({k: str(old_basic.get(k) or "") for k in OWN_FIELDS})
    content["basic"].update(basic_now)
    content["demands"] = [
        {**{k: str(d.get(k) or "") for k in DEMAND_FIELDS}, "creator": creator}
        for d in old.get("demands") or [] if isinstance(d, dict) and filled(d, DEMAND_FIELDS)
    ] or content["demands"]
    projects = []
    for p in old.get("projects") or []:
        if not isinstance(p, dict):
            continue
        indicators = [{k: str(i.get(k) or "") for k in INDICATOR_FIELDS}
                      for i in p.get("indicators") or [] if isinstance(i, dict)]
        projects.append({
            **{k: str(p.get(k) or "") for k in PROJECT_FIELDS},
            "indicators": indicators or [{k: "" for k in INDICATOR_FIELDS}],
            "providers": [blank_provider()], "contracts": [], "invoices": [],
        })
    if projects:
        content["projects"] = projects[:MAX_PROJECTS]
    content["other"]["benchmark_willing"] = str((old.get("other") or {}).get("benchmark_willing") or "")
    return normalise(content)
