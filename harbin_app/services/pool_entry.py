"""入库申请: the multi-section form, the manual's checks, its workflow, the stamped form.

草稿 → 待审核 → 驳回 (→ edit → 待审核) | 审核通过 → 待上传盖章材料 → 盖章材料待审核 →
盖章材料驳回 (→ re-upload) | 已入库.
"""

from __future__ import annotations

import copy
import re
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from docgen.pool_entry_form import build_pool_entry_form, estimate_pages
from harbin_app import clock, db
from harbin_app.assessment import load_indicators
from harbin_app.models import Enterprise, OrderFile, StoredFile, WorkOrder, WorkOrderSnapshot
from harbin_app.services import certification, files, workorders
from harbin_app.services import validators as v
from harbin_app.services.actor import ENTERPRISE, REVIEWER, Actor
from harbin_app.services.errors import NotFound, PermissionDenied, ValidationError
from harbin_app.services.workflow import BLUE, GREEN, GREY, RED, StateDef, Transition, Workflow, t
from harbin_app.services.workorders import DisplaySection, DisplayTable, OrderType
from harbin_app.settings import settings

KIND = "pool_entry"
DRAFT, SUBMITTED, REJECTED = "draft", "submitted", "rejected"
AWAITING_STAMPED, STAMPED_REVIEW, STAMPED_REJECTED, POOLED = (
    "awaiting_stamped", "stamped_review", "stamped_rejected", "pooled",
)
AFTER_APPROVAL = frozenset({AWAITING_STAMPED, STAMPED_REVIEW, STAMPED_REJECTED, POOLED})

WORKFLOW = Workflow(
    kind=KIND,
    label="入库申请",
    states=(
        StateDef(DRAFT, "草稿", GREY),
        StateDef(SUBMITTED, "待审核", BLUE),
        StateDef(REJECTED, "驳回", RED),
        StateDef(AWAITING_STAMPED, "待上传盖章材料", "cyan"),
        StateDef(STAMPED_REVIEW, "盖章材料待审核", BLUE),
        StateDef(STAMPED_REJECTED, "盖章材料驳回", RED),
        StateDef(POOLED, "已入库", GREEN),
    ),
    initial=DRAFT,
    transitions=(
        t("submit", "提交", {DRAFT, REJECTED}, SUBMITTED, {ENTERPRISE}, snapshot=True),
        t("approve", "审核通过", {SUBMITTED}, AWAITING_STAMPED, {REVIEWER}),
        t("reject", "驳回", {SUBMITTED}, REJECTED, {REVIEWER}, opinion_required=True, tone="danger"),
        t("upload_stamped", "提交盖章材料", {AWAITING_STAMPED, STAMPED_REJECTED}, STAMPED_REVIEW, {ENTERPRISE}),
        t("approve_stamped", "盖章材料通过", {STAMPED_REVIEW}, POOLED, {REVIEWER}),
        t("reject_stamped", "盖章材料驳回", {STAMPED_REVIEW}, STAMPED_REJECTED, {REVIEWER},
          opinion_required=True, tone="danger"),
    ),
    editable=frozenset({DRAFT, REJECTED}),
)

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
STAMPED_SLOT = "stamped_form"
STAMPED_LABEL = "盖章申报表扫描件"

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

# The manual's “项目名称表述不完整”: a name must say what is built.
BUILT_THINGS = re.compile(
    r"系统|平台|软件|产线|生产线|车间|工厂|网络|中台|设备|云|应用|数据中心|看板|APP|MES|ERP|PLM|WMS|SCADA|CRM|SRM|QMS|EMS|OA|BI",
    re.IGNORECASE,
)
MIN_NAME = 8
MIN_CONTENT = 50


def new_id() -> str:
    return uuid.uuid4().hex[:8]


def blank_demand() -> dict[str, str]:
    return {"id": new_id(), **{k: "" for k in DEMAND_FIELDS}}


def blank_indicator() -> dict[str, str]:
    return {"id": new_id(), **{k: "" for k in INDICATOR_FIELDS}}


def blank_project() -> dict[str, Any]:
    return {"id": new_id(), **{k: "" for k in PROJECT_FIELDS}, "indicators": [blank_indicator()]}


def blank(profile: dict[str, str] | None = None) -> dict[str, Any]:
    return normalise({"basic": prefill(profile or {}), "demands": [blank_demand()], "projects": [blank_project()]})


def prefill(profile: dict[str, str]) -> dict[str, str]:
    """一、基本情况 as certified."""
    p = certification.normalise(profile)
    return {
        **{k: p.get(k, "") for k in CERTIFIED_FIELDS if k != "address"},
        "address": certification.address_text(p) if p.get("province") else "",
    }


def _strings(data: Any, keys: dict[str, str]) -> dict[str, str]:
    data = data if isinstance(data, dict) else {}
    return {k: str(data.get(k) or "").strip() for k in keys}


def _file(value: Any) -> dict[str, Any] | None:
    return {k: value.get(k) for k in ("file_id", "name", "size", "pages", "sha256")} if isinstance(value, dict) and value.get("file_id") else None


def normalise(content: dict[str, Any]) -> dict[str, Any]:
    """The stored shape: every key present, strings trimmed, every row with an id."""
    content = content if isinstance(content, dict) else {}
    basic = content.get("basic") if isinstance(content.get("basic"), dict) else {}

    def rows(value: Any, fields: dict[str, str]) -> list[dict[str, Any]]:
        return [{"id": str(r.get("id") or new_id()), **_strings(r, fields)} for r in (value or []) if isinstance(r, dict)]

    projects = []
    for p in content.get("projects") or []:
        if isinstance(p, dict):
            projects.append({**rows([p], PROJECT_FIELDS)[0], "indicators": rows(p.get("indicators"), INDICATOR_FIELDS)})
    evidence = content.get("evidence") if isinstance(content.get("evidence"), dict) else {}
    return {
        "basic": {**_strings(basic, CERTIFIED_FIELDS), **_strings(basic, OWN_FIELDS)},
        "demands": rows(content.get("demands"), DEMAND_FIELDS),
        "projects": projects,
        "other": _strings(content.get("other"), {"benchmark_willing": ""}),
        "evidence": {k: _file(evidence.get(k)) for k in EVIDENCE},
    }


def _filled(row: dict[str, Any], keys: dict[str, str]) -> bool:
    return any(str(row.get(k) or "").strip() for k in keys if k != "id")


# ------------------------------------------------------------------ the manual's checks


@dataclass(frozen=True)
class Rules:
    pilot_start: date
    pilot_end: date
    needs_declaration: bool


def rules_for(enterprise: Enterprise) -> Rules:
    return Rules(settings.pilot_start, settings.pilot_end, certification.needs_industry_declaration(enterprise))


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
    indicators = [ind for ind in p["indicators"] if _filled(ind, INDICATOR_FIELDS)]
    if not indicators:
        put("indicators", "请至少填写一项成效指标")
    for j, ind in enumerate(p["indicators"]):
        if not _filled(ind, INDICATOR_FIELDS):
            continue
        where = f"indicators.{j}."
        if not ind["name"]:
            put(where + "name", "该成效指标填写了数值，请填写指标名称")
        for key, label in (("unit", "单位"), ("before", "改造前数值"), ("after", "改造后数值")):
            if not ind[key]:
                put(where + key, f"请填写{label}")
    return out


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
    demands = [d for d in c["demands"] if _filled(d, DEMAND_FIELDS)]
    if not demands:
        out["demands"] = "请至少填写一条数字化改造需求"
    for i, d in enumerate(c["demands"]):
        if not _filled(d, DEMAND_FIELDS):
            continue
        checks = {
            "category": "" if d["category"] in DEMAND_CATEGORIES else "请选择需求种类",
            "description": v.text_problem(d["description"], "需求描述", 500),
            "analysis": v.text_problem(d["analysis"], "问题及需求分析", 1000),
        }
        out.update({f"demands.{i}.{k}": m for k, m in checks.items() if m})
    projects = [p for p in c["projects"] if _filled(p, PROJECT_FIELDS)]
    if not projects:
        out["projects"] = "请至少填写一个数字化改造项目"
    for i, p in enumerate(c["projects"]):
        if _filled(p, PROJECT_FIELDS) or any(_filled(ind, INDICATOR_FIELDS) for ind in p["indicators"]):
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


# ------------------------------------------------------------------ the engine's view of this kind


def _enterprise(session: Session, order: WorkOrder) -> Enterprise:
    enterprise = session.get(Enterprise, order.enterprise_id)
    assert enterprise is not None
    return enterprise


def _validate(session: Session, order: WorkOrder, content: dict[str, Any]) -> dict[str, str]:
    enterprise = _enterprise(session, order)
    if enterprise.certified_at is None:
        return {"basic.company_name": "企业认证通过后才能提交入库申请"}
    errors = problems(content, rules_for(enterprise))
    for key, ref in normalise(content)["evidence"].items():
        if ref and not files.owned_by(enterprise.id or 0, [ref]):
            errors[f"evidence.{key}"] = "该文件无效，请重新上传"
    return errors


def _summary(content: dict[str, Any]) -> tuple[str, str, str]:
    b = normalise(content)["basic"]
    return b["company_name"], b["credit_code"], b["industry"]


def _row_label(prefix: str, n: int) -> str:
    return f"{prefix}{n}"


def flatten(content: dict[str, Any]) -> dict[str, str]:
    c = normalise(content)
    flat: dict[str, str] = {}
    for k, label in {**CERTIFIED_FIELDS, **OWN_FIELDS}.items():
        flat[f"一、{label}"] = c["basic"][k]
    for n, d in enumerate(c["demands"], 1):
        for k, label in DEMAND_FIELDS.items():
            flat[f"二、需求{n}·{label}"] = d[k]
    for n, p in enumerate(c["projects"], 1):
        for k, label in PROJECT_FIELDS.items():
            flat[f"三、项目{n}·{label}"] = p[k]
        for m, ind in enumerate(p["indicators"], 1):
            for k, label in INDICATOR_FIELDS.items():
                flat[f"三、项目{n}·成效指标{m}·{label}"] = ind[k]
    flat["四、愿意参与标杆样板打造"] = c["other"]["benchmark_willing"]
    for k, label in EVIDENCE.items():
        ref = c["evidence"][k]
        flat[f"五、{label}"] = f"{ref['name']}（{ref['pages']} 页）" if ref else ""
    return flat


def display(content: dict[str, Any]) -> list[DisplaySection]:
    c = normalise(content)
    basic = [(label, c["basic"][k]) for k, label in {**CERTIFIED_FIELDS, **OWN_FIELDS}.items()]
    demands = DisplayTable(
        "", ["序号", "需求种类", "需求描述", "问题及需求分析"],
        [[str(n), d["category"], d["description"], d["analysis"]] for n, d in enumerate(c["demands"], 1)],
    )
    project_tables = []
    for n, p in enumerate(c["projects"], 1):
        project_tables.append(DisplayTable(
            f"项目{n}：{p['name']}", ["项目周期", "计划投资", "改造前", "改造后", "项目内容"],
            [[f"{p['start']} 至 {p['end']}", f"{p['investment']} 万元" if p["investment"] else "",
              p["level_before"], p["level_after"], p["content"]]],
        ))
        project_tables.append(DisplayTable(
            f"项目{n} 成效指标", ["序号", "指标名称", "单位", "改造前", "改造后"],
            [[str(m), i["name"], i["unit"], i["before"], i["after"]] for m, i in enumerate(p["indicators"], 1)],
        ))
    return [
        DisplaySection(SECTIONS["basic"], fields=basic),
        DisplaySection(SECTIONS["demands"], tables=[demands]),
        DisplaySection(SECTIONS["projects"], tables=project_tables),
        DisplaySection(SECTIONS["other"], fields=[("愿意参与标杆样板打造", c["other"]["benchmark_willing"])]),
        DisplaySection(SECTIONS["evidence"], files=[(label, c["evidence"][k]) for k, label in EVIDENCE.items()]),
    ]


def _latest_snapshot(session: Session, order_id: int) -> WorkOrderSnapshot | None:
    return session.exec(
        select(WorkOrderSnapshot).where(WorkOrderSnapshot.order_id == order_id).order_by(col(WorkOrderSnapshot.version).desc())
    ).first()


def _on_transition(session: Session, order: WorkOrder, tr: Transition, actor: Actor, extra: dict[str, Any]) -> None:
    if tr.action == "upload_stamped":
        stored = session.get(StoredFile, int(extra.get("file_id") or 0))
        if stored is None or stored.enterprise_id != order.enterprise_id:
            raise ValidationError(fields={STAMPED_SLOT: "请先上传盖章后的申报表扫描件（PDF）"})
        session.add(OrderFile(order_id=order.id or 0, slot=STAMPED_SLOT, file_id=stored.id or 0,
                              created_at=clock.now(), created_by=actor.user_id))
    elif tr.action == "approve_stamped":
        enterprise = _enterprise(session, order)
        enterprise.pooled_at = clock.now()
        session.add(enterprise)


def _documents(order: WorkOrder, actor: Actor) -> list[tuple[str, str]]:
    if order.state in AFTER_APPROVAL and actor.role in (ENTERPRISE, REVIEWER):
        return [("stamp_form", "哈尔滨市中小企业数字化转型试点企业培育入库申报表（待盖章）")]
    return []


def _build_document(session: Session, order: WorkOrder, key: str) -> tuple[str, bytes]:
    snapshot = _latest_snapshot(session, order.id or 0)
    if key != "stamp_form" or snapshot is None or order.state not in AFTER_APPROVAL:
        raise NotFound("该材料暂不能下载")
    name = normalise(snapshot.content)["basic"]["company_name"]
    data = build_pool_entry_form(snapshot.content, enterprise_name=name, submitted_on=snapshot.created_at.date())
    return f"{name}-试点企业培育入库申报表.docx", data


def _hand_in_warning(session: Session, order: WorkOrder, slot: str, ref: dict[str, Any]) -> str:
    """The stamped scan should have as many pages as the generated form prints to."""
    snapshot = _latest_snapshot(session, order.id or 0)
    if slot != STAMPED_SLOT or snapshot is None:
        return ""
    expected, pages = estimate_pages(snapshot.content), int(ref.get("pages") or 0)
    if pages == expected:
        return ""
    return f"上传的扫描件共 {pages} 页，系统生成的申报表约 {expected} 页，请确认是否漏扫或多扫"


def _uploads(order: WorkOrder, actor: Actor) -> list[workorders.UploadSlot]:
    if actor.role == ENTERPRISE and order.state in (AWAITING_STAMPED, STAMPED_REJECTED):
        return [workorders.UploadSlot(STAMPED_SLOT, "盖章材料上传", "upload_stamped",
                                      "打印申报表，加盖公章后扫描为一个 PDF 文件上传（小于 100 MB）")]
    return []


TYPE = workorders.register(
    OrderType(
        workflow=WORKFLOW, validate=_validate, summary=_summary, display=display, flatten=flatten,
        on_transition=_on_transition, edit_route="/workbench/pool-entry", documents=_documents,
        build_document=_build_document, uploads=_uploads, hand_in_warning=_hand_in_warning,
        slots={STAMPED_SLOT: STAMPED_LABEL}, shows_assessments=True,
    )
)


# ------------------------------------------------------------------ what the enterprise pages ask


def _certified_enterprise(session: Session, actor: Actor) -> Enterprise:
    if actor.role != ENTERPRISE or actor.enterprise_id is None:
        raise PermissionDenied("只有企业用户可以办理入库申请")
    enterprise = session.get(Enterprise, actor.enterprise_id)
    if enterprise is None or enterprise.certified_at is None:
        raise PermissionDenied("企业认证通过后才能办理入库申请，请先完成企业认证")
    return enterprise


def start(actor: Actor) -> int:
    """添加: the enterprise's pool entry (one per enterprise), created prefilled from certification."""
    with db.transaction() as session:
        enterprise = _certified_enterprise(session, actor)
        existing = workorders.latest_for(session, KIND, enterprise.id or 0)
        if existing is not None:
            return existing.id or 0
        return workorders.create(session, actor, KIND, enterprise.id or 0, blank(enterprise.profile)).id or 0


@dataclass(frozen=True)
class PoolEntryView:
    order_id: int
    state: str
    state_label: str
    tone: str
    row_version: int
    content: dict[str, Any]
    editable: bool
    last_opinion: str
    rules: Rules


def load(actor: Actor, order_id: int) -> PoolEntryView:
    with db.reading() as session:
        enterprise = _certified_enterprise(session, actor)
        order = session.get(WorkOrder, order_id)
        if order is None or order.kind != KIND or order.enterprise_id != enterprise.id:
            raise NotFound("没有找到该入库申请")
        last = workorders.last_decision(session, order.id or 0)
        st = WORKFLOW.state(order.state)
        content = normalise(order.draft)
        if order.state in WORKFLOW.editable:  # 一、基本情况 always shows the certified data in force
            content["basic"].update(prefill(enterprise.profile))
        return PoolEntryView(
            order_id=order.id or 0, state=order.state, state_label=st.label, tone=st.tone,
            row_version=order.row_version, content=content, editable=order.state in WORKFLOW.editable,
            last_opinion=last.opinion if last and order.state in (REJECTED, STAMPED_REJECTED) else "",
            rules=rules_for(enterprise),
        )


def save(actor: Actor, order_id: int, content: dict[str, Any], seen_row_version: int) -> int:
    """保存: keep the draft however incomplete; returns the new row version."""
    with db.transaction() as session:
        enterprise = _certified_enterprise(session, actor)
        order = session.get(WorkOrder, order_id)
        if order is None or order.kind != KIND or order.enterprise_id != enterprise.id:
            raise NotFound("没有找到该入库申请")
        draft = normalise(copy.deepcopy(content))
        draft["basic"].update(prefill(enterprise.profile))
        refs = [r for r in draft["evidence"].values() if r]
        if not files.owned_by(enterprise.id or 0, refs):
            raise PermissionDenied("佐证材料文件无效，请重新上传")
        return workorders.save_draft(session, actor, order, draft, seen_row_version)


def submit(actor: Actor, order_id: int, content: dict[str, Any], seen_row_version: int) -> workorders.TransitionResult:
    """保存 then 提交 (the draft is kept even when the checks refuse the submission)."""
    row_version = save(actor, order_id, content, seen_row_version)
    return workorders.transition(actor, order_id, "submit", seen_row_version=row_version)


def entries(actor: Actor) -> list[workorders.OrderRow]:
    """The enterprise's pool entries for the 入库申请 list."""
    if actor.role != ENTERPRISE:
        raise PermissionDenied("只有企业用户可以办理入库申请")
    with db.reading() as session:
        orders = session.exec(
            select(WorkOrder).where(WorkOrder.kind == KIND, WorkOrder.enterprise_id == (actor.enterprise_id or -1))
            .order_by(col(WorkOrder.id).desc())
        ).all()
        return [workorders.row_of(o) for o in orders]
