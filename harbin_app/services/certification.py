"""企业认证: the form's rules, its workflow, and what the enterprise does with it.

草稿 → 待审核 → 已认证 | 驳回 (→ edit → 待审核). After certification a change (申请变更) goes through
review again while the certified version stays in force (Enterprise.profile).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlmodel import Session, select

from harbin_app import clock, db
from harbin_app.domain import INDUSTRIES, OTHER_INDUSTRY
from harbin_app.models import Enterprise, WorkOrder
from harbin_app.services import enterprises, regions, workorders
from harbin_app.services import validators as v
from harbin_app.services.actor import ENTERPRISE, REVIEWER, Actor
from harbin_app.services.errors import Conflict, PermissionDenied
from harbin_app.services.workflow import BLUE, GREEN, GREY, RED, StateDef, Transition, Workflow, t
from harbin_app.services.workorders import DisplaySection, OrderType

KIND = "certification"
DRAFT, SUBMITTED, REJECTED, CERTIFIED = "draft", "submitted", "rejected", "certified"

WORKFLOW = Workflow(
    kind=KIND,
    label="企业认证",
    states=(
        StateDef(DRAFT, "草稿", GREY),
        StateDef(SUBMITTED, "待审核", BLUE),
        StateDef(REJECTED, "驳回", RED),
        StateDef(CERTIFIED, "已认证", GREEN),
    ),
    initial=DRAFT,
    transitions=(
        t("submit", "提交", {DRAFT, REJECTED}, SUBMITTED, {ENTERPRISE}, snapshot=True),
        t("approve", "通过", {SUBMITTED}, CERTIFIED, {REVIEWER}),
        t("reject", "驳回", {SUBMITTED}, REJECTED, {REVIEWER}, opinion_required=True, tone="danger"),
        t("revise", "申请变更", {CERTIFIED}, DRAFT, {ENTERPRISE}, tone="neutral", optional=True),
    ),
    editable=frozenset({DRAFT, REJECTED}),
)

# The manual's fields, in its order: key → label.
FIELDS: dict[str, str] = {
    "company_name": "公司名称",
    "established": "成立时间",
    "credit_code": "统一社会信用代码",
    "industry": "所属行业",
    "contact": "联系人",
    "phone": "联系电话",
    "registered_capital": "注册资本(万元)",
    "email": "联系邮箱",
    "scale": "企业规模(人)",
    "province": "省",
    "city": "市",
    "district": "区",
    "address_detail": "详细地址",
    "website": "官网地址",
    "intro": "公司简介",
}
LIMITS = {"company_name": 64, "contact": 30, "address_detail": 100, "intro": 300}


def blank() -> dict[str, str]:
    return {key: "" for key in FIELDS} | {"province": "黑龙江省", "city": "哈尔滨市"}


def normalise(content: dict[str, Any]) -> dict[str, str]:
    """Only the form's keys, as trimmed strings; the credit code upper-case."""
    out = {key: str(content.get(key) or "").strip() for key in FIELDS}
    out["credit_code"] = out["credit_code"].upper()
    return out


def problems(content: dict[str, str], today: date) -> dict[str, str]:
    """Every rule of the form: field → the message shown beside it."""
    c = normalise(content)
    checks = {
        "company_name": v.text_problem(c["company_name"], "公司名称", LIMITS["company_name"]),
        "established": v.past_date_problem(c["established"], "成立时间", today),
        "credit_code": v.credit_code_problem(c["credit_code"]),
        "industry": "" if c["industry"] in INDUSTRIES else "请选择所属行业",
        "contact": v.text_problem(c["contact"], "联系人", LIMITS["contact"]),
        "phone": v.phone_problem(c["phone"]),
        "registered_capital": v.positive_number_problem(c["registered_capital"], "注册资本", max_places=4),
        "email": v.email_problem(c["email"]),
        "scale": v.positive_integer_problem(c["scale"], "企业规模"),
        "address_detail": v.text_problem(c["address_detail"], "详细地址", LIMITS["address_detail"]),
        "website": v.url_problem(c["website"]),
        "intro": v.text_problem(c["intro"], "公司简介", LIMITS["intro"]),
    }
    errors = {key: message for key, message in checks.items() if message}
    errors.update(regions.address_problems(c["province"], c["city"], c["district"]))
    return errors


def _credit_code_taken(session: Session, code: str, enterprise_id: int) -> bool:
    return (
        session.exec(select(Enterprise.id).where(Enterprise.credit_code == code, Enterprise.id != enterprise_id)).first()
        is not None
    )


TAKEN = "该统一社会信用代码已被其他账号认证。如属本企业，请联系市工信局核实"


def _validate(session: Session, order: WorkOrder, content: dict[str, Any]) -> dict[str, str]:
    errors = problems(content, clock.today_china())
    code = normalise(content)["credit_code"]
    if "credit_code" not in errors and _credit_code_taken(session, code, order.enterprise_id):
        errors["credit_code"] = TAKEN
    return errors


def _summary(content: dict[str, Any]) -> tuple[str, str, str]:
    c = normalise(content)
    return c["company_name"], c["credit_code"], c["industry"]


def address_text(c: dict[str, str]) -> str:
    parts = [c["province"], c["city"] if c["city"] != c["province"] else "", c["district"], c["address_detail"]]
    return "".join(p for p in parts if p)


def _flatten(content: dict[str, Any]) -> dict[str, str]:
    c = normalise(content)
    flat = {FIELDS[key]: c[key] for key in FIELDS if key not in ("province", "city", "district", "address_detail")}
    flat["公司地址"] = address_text(c)
    return flat


def _display(content: dict[str, Any]) -> list[DisplaySection]:
    return [DisplaySection("企业基本信息", fields=list(_flatten(content).items()))]


def needs_industry_declaration(enterprise: Enterprise) -> bool:
    return enterprise.industry_unclear or enterprise.industry == OTHER_INDUSTRY


def _on_transition(session: Session, order: WorkOrder, tr: Transition, actor: Actor, extra: dict[str, Any]) -> None:
    if tr.action != "approve":
        return
    snapshot = normalise(order.draft)
    enterprise = session.get(Enterprise, order.enterprise_id)
    assert enterprise is not None
    if _credit_code_taken(session, snapshot["credit_code"], enterprise.id or 0):
        raise Conflict("该统一社会信用代码已被其他企业认证，不能通过；请驳回并说明原因")
    enterprise.name = snapshot["company_name"]
    enterprise.credit_code = snapshot["credit_code"]
    enterprise.industry = snapshot["industry"]
    enterprise.profile = snapshot
    enterprise.certified_at = clock.now()
    enterprise.industry_unclear = bool(extra.get("industry_unclear"))
    session.add(enterprise)


TYPE = workorders.register(
    OrderType(
        workflow=WORKFLOW, validate=_validate, summary=_summary, display=_display, flatten=_flatten,
        on_transition=_on_transition, edit_route="/workbench/enterprise",
        flags=(
            (
                "industry_unclear",
                "行业不清晰（入库申请时须提供试点行业盖章声明）",
                lambda content: normalise(content)["industry"] == OTHER_INDUSTRY,
            ),
        ),
    )
)


# ------------------------------------------------------------------ what the enterprise page asks


@dataclass(frozen=True)
class CertificationView:
    order_id: int | None
    state: str
    state_label: str
    tone: str
    row_version: int
    content: dict[str, str]
    editable: bool
    certified: bool
    certified_profile: dict[str, str]
    last_opinion: str
    industry_unclear: bool


def _require_enterprise(actor: Actor) -> Actor:
    if actor.role != ENTERPRISE:
        raise PermissionDenied("只有企业用户可以办理企业认证")
    if actor.enterprise_id is None:  # an account from before enterprises were made at registration
        actor = replace(actor, enterprise_id=enterprises.enterprise_id_for(actor))
    return actor


def load(actor: Actor) -> CertificationView:
    actor = _require_enterprise(actor)
    with db.reading() as session:
        enterprise = session.get(Enterprise, actor.enterprise_id)
        assert enterprise is not None
        order = workorders.latest_for(session, KIND, enterprise.id or 0)
        opinion = ""
        if order is not None and order.state == REJECTED:
            last = workorders.last_decision(session, order.id or 0)
            opinion = last.opinion if last else ""
        state = order.state if order else DRAFT
        st = WORKFLOW.state(state)
        return CertificationView(
            order_id=order.id if order else None, state=state, state_label=st.label, tone=st.tone,
            row_version=order.row_version if order else 0,
            content={**blank(), **normalise(order.draft)} if order and order.draft else blank(),
            editable=state in WORKFLOW.editable, certified=enterprise.certified_at is not None,
            certified_profile=dict(enterprise.profile), last_opinion=opinion,
            industry_unclear=enterprise.industry_unclear,
        )


def save(actor: Actor, content: dict[str, Any], seen_row_version: int) -> int:
    """Keep the draft, however incomplete (保存). Returns the order's new row version."""
    actor = _require_enterprise(actor)
    draft = normalise(content)
    with db.transaction() as session:
        order = workorders.latest_for(session, KIND, actor.enterprise_id or 0)
        if order is None:
            order = workorders.create(session, actor, KIND, actor.enterprise_id or 0, draft)
            return order.row_version
        return workorders.save_draft(session, actor, order, draft, seen_row_version)


def submit(actor: Actor, content: dict[str, Any], seen_row_version: int) -> workorders.TransitionResult:
    """保存 then 提交: the draft is kept even when the submission is refused."""
    actor = _require_enterprise(actor)
    row_version = save(actor, content, seen_row_version)
    with db.reading() as session:
        order = workorders.latest_for(session, KIND, actor.enterprise_id or 0)
        assert order is not None
    return workorders.transition(actor, order.id or 0, "submit", seen_row_version=row_version)


def revise(actor: Actor, order_id: int, seen_row_version: int) -> workorders.TransitionResult:
    actor = _require_enterprise(actor)
    return workorders.transition(actor, order_id, "revise", seen_row_version=seen_row_version)


@dataclass(frozen=True)
class EnterpriseStatus:
    certified: bool
    pooled: bool
    name: str


def status(actor: Actor) -> EnterpriseStatus:
    if actor.role != ENTERPRISE or actor.enterprise_id is None:
        return EnterpriseStatus(False, False, "")
    with db.reading() as session:
        enterprise = session.get(Enterprise, actor.enterprise_id)
        if enterprise is None:
            return EnterpriseStatus(False, False, "")
        return EnterpriseStatus(enterprise.certified_at is not None, enterprise.pooled_at is not None, enterprise.name)
