"""企业认证 declared: its workflow table, its form, its rules and how the engine shows it.

草稿 → 待审核 → 已认证 | 驳回 (→ edit → 待审核). After certification a change (申请变更) goes through
review again while the certified version stays in force (Enterprise.profile).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session, select

from harbin_app import clock
from harbin_app.domain import INDUSTRIES, OTHER_INDUSTRY
from harbin_app.forms import AREA, DATE, SELECT, Field, FormSchema, Section
from harbin_app.models import Enterprise, WorkOrder
from harbin_app.services import platform_settings, regions, snapshots
from harbin_app.services.enterprises import address_text
from harbin_app.services import validators as v
from harbin_app.services.actor import ENTERPRISE, REVIEWER, Actor
from harbin_app.services.engine.types import (
    BLUE, EVERY_STATE, GREEN, GREY, RED, DisplaySection, OrderType, StateDef, Transition, Workflow, t,
)
from harbin_app.services.errors import Conflict

KIND = "certification"
DRAFT, SUBMITTED, REJECTED, CERTIFIED = "draft", "submitted", "rejected", "certified"

WORKFLOW = Workflow(
    kind=KIND,
    label="企业认证",
    states=(
        StateDef(DRAFT, "草稿", GREY),
        StateDef(SUBMITTED, "待审核", BLUE),
        StateDef(REJECTED, "驳回", RED),
        StateDef(CERTIFIED, "已认证", GREEN, finished=True),
    ),
    initial=DRAFT,
    transitions=(
        t("submit", "提交", {DRAFT, REJECTED}, SUBMITTED, {ENTERPRISE}, snapshot=True),
        t("approve", "通过", {SUBMITTED}, CERTIFIED, {REVIEWER}),
        t("reject", "驳回", {SUBMITTED}, REJECTED, {REVIEWER}, opinion_required=True, tone="danger"),
        t("revise", "申请变更", {CERTIFIED}, DRAFT, {ENTERPRISE}, tone="neutral", optional=True),
    ),
    editable=frozenset({DRAFT, REJECTED}),
    readers={ENTERPRISE: EVERY_STATE, REVIEWER: EVERY_STATE},
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
_KINDS = {"established": DATE, "industry": SELECT, "province": SELECT, "city": SELECT, "district": SELECT, "intro": AREA}
_MAX = {**LIMITS, "credit_code": 20, "phone": 20, "registered_capital": 20, "email": 100, "scale": 10, "website": 200}

FORM = FormSchema((
    Section("", "企业基本信息", fields=tuple(
        Field(key, label, kind=_KINDS.get(key, "text"), max_length=_MAX.get(key, 20),
              counter=key in LIMITS or key == "credit_code")  # the manual's form shows 0 / 20 there too
        # 所属行业 has no fixed options: 设置 decides them, and problems() checks against those
        for key, label in FIELDS.items()
    )),
))


def blank() -> dict[str, str]:
    return {key: "" for key in FIELDS} | {"province": "黑龙江省", "city": "哈尔滨市"}


def normalise(content: dict[str, Any]) -> dict[str, str]:
    """Only the form's keys, as trimmed strings; the credit code upper-case."""
    out = {key: str(content.get(key) or "").strip() for key in FIELDS}
    out["credit_code"] = out["credit_code"].upper()
    return out


def problems(content: dict[str, str], today: date, industries: tuple[str, ...] = INDUSTRIES) -> dict[str, str]:
    """Every rule of the form: field → the message shown beside it (`industries`: what 设置 offers)."""
    c = normalise(content)
    checks = {
        "company_name": v.text_problem(c["company_name"], "公司名称", LIMITS["company_name"]),
        "established": v.past_date_problem(c["established"], "成立时间", today),
        "credit_code": v.credit_code_problem(c["credit_code"]),
        "industry": "" if c["industry"] in industries else "请选择所属行业",
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


def credit_code_taken(session: Session, code: str, enterprise_id: int) -> bool:
    return (
        session.exec(select(Enterprise.id).where(Enterprise.credit_code == code, Enterprise.id != enterprise_id)).first()
        is not None
    )


TAKEN = "该统一社会信用代码已被其他账号认证。如属本企业，请联系市工信局核实"


def _validate(session: Session, order: WorkOrder, content: dict[str, Any]) -> dict[str, str]:
    errors = problems(content, clock.today_china(), platform_settings.current().industry_options)
    code = normalise(content)["credit_code"]
    if "credit_code" not in errors and credit_code_taken(session, code, order.enterprise_id):
        errors["credit_code"] = TAKEN
    return errors


def _summary(content: dict[str, Any]) -> tuple[str, str, str]:
    c = normalise(content)
    return c["company_name"], c["credit_code"], c["industry"]


def display_fields(content: dict[str, Any]) -> list[tuple[str, str]]:
    c = normalise(content)
    shown = [(FIELDS[key], c[key]) for key in FIELDS if key not in ("province", "city", "district", "address_detail")]
    return [*shown[:-2], ("公司地址", address_text(c)), *shown[-2:]]


def _display(content: dict[str, Any]) -> list[DisplaySection]:
    return [DisplaySection("企业基本信息", fields=display_fields(content))]


def _on_transition(session: Session, order: WorkOrder, tr: Transition, actor: Actor, extra: dict[str, Any]) -> None:
    if tr.action != "approve":
        return
    snapshot = normalise(snapshots.submitted_or_draft(session, order.id or 0, FORM))  # the submitted version being approved
    enterprise = session.get(Enterprise, order.enterprise_id)
    assert enterprise is not None
    if credit_code_taken(session, snapshot["credit_code"], enterprise.id or 0):
        raise Conflict("该统一社会信用代码已被其他企业认证，不能通过；请驳回并说明原因")
    enterprise.name = snapshot["company_name"]
    enterprise.credit_code = snapshot["credit_code"]
    enterprise.industry = snapshot["industry"]
    enterprise.profile = snapshot
    enterprise.certified_at = clock.now()
    enterprise.industry_unclear = bool(extra.get("industry_unclear"))
    session.add(enterprise)


TYPE = OrderType(
    workflow=WORKFLOW, form=FORM, validate=_validate, summary=_summary, display=_display,
    on_transition=_on_transition, edit_route="/workbench/enterprise",
    flags=(
        (
            "industry_unclear",
            "行业不清晰（入库申请时须提供试点行业盖章声明）",
            lambda content: normalise(content)["industry"] == OTHER_INDUSTRY,
        ),
    ),
)
