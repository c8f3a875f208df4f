"""验收申请 declared: its workflow table (design.md's states) and how the engine checks, shows and
documents it.

草稿 → 待审核 → 驳回 (→ edit → 待审核) | 审核通过 → 待现场验收 → 已预约现场验收 (→ 企业已确认预约) → 验收结论:
通过 → 待上传盖章申报表 → 盖章材料待审核 → 盖章材料驳回 (→ re-upload) | 验收完成;
不通过 → 整改中 (期限) → edit → 待审核; 完善材料后通过 → 待完善材料 (期限) → 完善材料待确认 →
确认 → 待上传盖章申报表 | 驳回 → 待完善材料.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlmodel import Session

from harbin_app import clock, db
from harbin_app.forms import AREA, DATE, Field
from harbin_app.forms.checks import AMOUNT, PHONE, TIME
from harbin_app.models import AcceptanceResult, Enterprise, OrderFile, StoredFile, WorkOrder
from harbin_app.services import platform_settings, snapshots, stamped_check
from harbin_app.services import validators as v
from harbin_app.services.acceptance import amounts as a
from harbin_app.services.acceptance import publication as pub
from harbin_app.services.acceptance import records
from harbin_app.services.acceptance.display import display
from harbin_app.services.acceptance.documents import DOCUMENTS, build
from harbin_app.services.acceptance.form import FORM, LEVELS, MIN_LEVEL, normalise
from harbin_app.services.acceptance.rules import problems, rules_from
from harbin_app.services.actor import ENTERPRISE, FINANCE, REVIEWER, Actor
from harbin_app.services.engine.types import (
    BLUE,
    CYAN,
    EVERY_STATE,
    GREEN,
    HandInCheck,
    GREY,
    ORANGE,
    RED,
    Deadline,
    OrderType,
    StateDef,
    Transition,
    UploadSlot,
    Workflow,
    t,
)
from harbin_app.services.errors import NotFound, ValidationError
from harbin_app.services.files import owned_by
from harbin_app.services.pool_entry.form import prefill as certified_basic

KIND = "acceptance"
DRAFT, SUBMITTED, REJECTED = "draft", "submitted", "rejected"
AWAITING_VISIT, VISIT_BOOKED, VISIT_CONFIRMED = "awaiting_visit", "visit_booked", "visit_confirmed"
RECTIFYING, SUPPLEMENTING, SUPPLEMENT_REVIEW = "rectifying", "supplementing", "supplement_review"
AWAITING_STAMPED, STAMPED_REVIEW, STAMPED_REJECTED, ACCEPTED = (
    "awaiting_stamped", "stamped_review", "stamped_rejected", "accepted",
)
VISIT = frozenset({VISIT_BOOKED, VISIT_CONFIRMED})
AFTER_PASS = frozenset({AWAITING_STAMPED, STAMPED_REVIEW, STAMPED_REJECTED, ACCEPTED}) | pub.FUNDING_STATES
CONCLUSIONS = ("conclude_pass", "conclude_fail", "conclude_supplement")
DEFAULT_REQUIREMENTS = "按《中小企业数字化水平评测指标（2024年版）》准备材料"
STAMPED_SLOT = "stamped_acceptance_form"
STAMPED_LABEL = "盖章验收申报表扫描件"

BOOKING = (
    Field("visit_date", "验收日期", kind=DATE, max_length=10),
    Field("visit_time", "验收时间", kind=TIME, max_length=5, hint="如 09:30"),
    Field("address", "验收地点", max_length=200),
    Field("contact", "联系人", max_length=30),
    Field("phone", "联系电话", kind=PHONE, max_length=20),
    Field("requirements", "准备要求", kind=AREA, max_length=1000),
)
AMOUNTS = (
    Field("recognised", "认定项目金额(万元)", kind=AMOUNT, max_length=20,
          hint="默认为申报内容中可补贴产品服务金额之和"),
    Field("subsidy", "补贴金额(万元)", kind=AMOUNT, max_length=20,
          hint="默认为按设置（补贴比例、按等级和按企业的上限）计算的建议金额"),
    Field("reason", "调整原因", kind=AREA, max_length=500, required=False,
          hint="补贴金额与建议金额不同时必须填写"),
)


def _due(label: str) -> tuple[Field, ...]:
    return (Field("due", label, kind=DATE, max_length=10),)


WORKFLOW = Workflow(
    kind=KIND,
    label="验收申请",
    states=(
        StateDef(DRAFT, "草稿", GREY),
        StateDef(SUBMITTED, "待审核", BLUE),
        StateDef(REJECTED, "驳回", RED),
        StateDef(AWAITING_VISIT, "待现场验收", CYAN),
        StateDef(VISIT_BOOKED, "已预约现场验收", CYAN),
        StateDef(VISIT_CONFIRMED, "企业已确认预约", CYAN),
        StateDef(RECTIFYING, "整改中", ORANGE),
        StateDef(SUPPLEMENTING, "待完善材料", ORANGE),
        StateDef(SUPPLEMENT_REVIEW, "完善材料待确认", BLUE),
        StateDef(AWAITING_STAMPED, "待上传盖章申报表", CYAN),
        StateDef(STAMPED_REVIEW, "盖章材料待审核", BLUE),
        StateDef(STAMPED_REJECTED, "盖章材料驳回", RED),
        StateDef(ACCEPTED, "验收完成", GREEN, finished=True),
        # 公示与拨付 (publication.py): the acceptance is done; what follows is the bureaus' part
        StateDef(pub.PUBLISHED, "已公示", CYAN, finished=True),
        StateDef(pub.PART_PAID, "部分拨付", ORANGE, finished=True),
        StateDef(pub.PAID, "已拨付", GREEN, finished=True),
    ),
    initial=DRAFT,
    transitions=(
        t("submit", "提交", {DRAFT, REJECTED, RECTIFYING}, SUBMITTED, {ENTERPRISE}, snapshot=True),
        t("submit", "提交", {SUPPLEMENTING}, SUPPLEMENT_REVIEW, {ENTERPRISE}, snapshot=True),
        t("approve", "审核通过", {SUBMITTED}, AWAITING_VISIT, {REVIEWER}),
        t("reject", "驳回", {SUBMITTED}, REJECTED, {REVIEWER}, opinion_required=True, tone="danger"),
        t("book", "预约现场验收", {AWAITING_VISIT}, VISIT_BOOKED, {REVIEWER}, inputs=BOOKING, title="现场验收预约"),
        # 修改预约: the same action, so that 待办详情 shows one booking, the latest
        t("book", "修改预约", VISIT, VISIT_BOOKED, {REVIEWER}, inputs=BOOKING, title="现场验收预约",
          optional=True, tone="neutral"),
        t("confirm_visit", "确认预约", {VISIT_BOOKED}, VISIT_CONFIRMED, {ENTERPRISE}),
        t("conclude_pass", "验收通过", VISIT, AWAITING_STAMPED, {REVIEWER}, inputs=AMOUNTS, title="验收结论"),
        t("conclude_fail", "验收不通过", VISIT, RECTIFYING, {REVIEWER}, inputs=(*AMOUNTS, *_due("整改期限")),
          deadline=Deadline(input_key="due", label="整改期限"), title="验收结论", tone="danger",
          opinion_required=True),
        t("conclude_supplement", "完善材料后通过", VISIT, SUPPLEMENTING, {REVIEWER},
          inputs=(*AMOUNTS, *_due("完善期限")), deadline=Deadline(input_key="due", label="完善期限"),
          title="验收结论", opinion_required=True),
        t("confirm_supplement", "完善材料确认", {SUPPLEMENT_REVIEW}, AWAITING_STAMPED, {REVIEWER}),
        t("reject_supplement", "完善材料驳回", {SUPPLEMENT_REVIEW}, SUPPLEMENTING, {REVIEWER},
          opinion_required=True, tone="danger"),
        t("upload_stamped", "提交盖章申报表", {AWAITING_STAMPED, STAMPED_REJECTED}, STAMPED_REVIEW, {ENTERPRISE}),
        t("approve_stamped", "盖章材料通过", {STAMPED_REVIEW}, ACCEPTED, {REVIEWER}),
        t("reject_stamped", "盖章材料驳回", {STAMPED_REVIEW}, STAMPED_REJECTED, {REVIEWER},
          opinion_required=True, tone="danger"),
        t(pub.PUBLISH, "发布公示", {ACCEPTED}, pub.PUBLISHED, {REVIEWER}, inputs=pub.PUBLISH_INPUTS, batch=True,
          optional=True, title="公示"),
        t(pub.WITHDRAW, "撤回公示", {pub.PUBLISHED}, ACCEPTED, {REVIEWER}, opinion_required=True, batch=True,
          optional=True, tone="danger"),
        t(pub.PAY, "拨付", pub.PAYABLE, pub.PART_PAID, {FINANCE}, inputs=pub.PAY_INPUTS, title="拨付"),
        t(pub.PAY_FINAL, "拨付（结清）", pub.PAYABLE, pub.PAID, {FINANCE}, inputs=pub.PAY_INPUTS, title="拨付"),
    ),
    editable=frozenset({DRAFT, REJECTED, RECTIFYING, SUPPLEMENTING}),
    readers={ENTERPRISE: EVERY_STATE, REVIEWER: EVERY_STATE, FINANCE: frozenset({ACCEPTED}) | pub.FUNDING_STATES},
)


def _enterprise(session: Session, order: WorkOrder) -> Enterprise:
    enterprise = session.get(Enterprise, order.enterprise_id)
    assert enterprise is not None
    return enterprise


def _validate(session: Session, order: WorkOrder, content: dict[str, Any]) -> dict[str, str]:
    enterprise = _enterprise(session, order)
    if enterprise.pooled_at is None:
        return {"basic.company_name": "需先完成入库申请"}
    errors = problems(content, rules_from(platform_settings.current()))
    c = normalise(content)
    refs = records.file_refs(c)
    for path, ref in refs.items():
        if not owned_by(session, enterprise.id or 0, [ref]):
            errors[records.message_path(path)] = "该文件无效，请重新上传"
    chosen = c["self_test"]["assessment_id"]
    if chosen:
        kept = records.kept_after(session, enterprise.id or 0, chosen)
        if kept is None:
            errors["self_test.assessment_id"] = "请选择本企业保存的一条改造后自测记录"
        elif kept.level < a.level_index(MIN_LEVEL):
            errors["self_test.assessment_id"] = (
                f"该自测记录的等级为{LEVELS[kept.level]}，验收要求改造后数字化水平达到{MIN_LEVEL}及以上")
    return errors


def _prepare(session: Session, order: WorkOrder, content: dict[str, Any]) -> dict[str, Any]:
    """一、基本情况 as certified now; the chosen self-assessment named as the reviewer reads it."""
    content = dict(content)
    content["basic"] = {**content.get("basic", {}), **certified_basic(_enterprise(session, order).profile)}
    test = dict(content.get("self_test") or {})
    kept = records.kept_after(session, order.enterprise_id, str(test.get("assessment_id") or ""))
    test["assessment_text"] = records.assessment_text(kept) if kept else ""
    content["self_test"] = test
    return content


def _summary(content: dict[str, Any]) -> tuple[str, str, str]:
    b = normalise(content)["basic"]
    return b["company_name"], b["credit_code"], b["industry"]


def suggestion(session: Session, order: WorkOrder, recognised: Decimal) -> tuple[Decimal, int]:
    """(the subsidy the settings suggest on `recognised`, the level reached)."""
    content = snapshots.latest_content(session, order.id or 0)
    kept = records.kept_after(session, order.enterprise_id, str(normalise(content)["self_test"]["assessment_id"]))
    level = a.level_reached(content, kept.level if kept else None)
    granted = records.granted_elsewhere(session, order.enterprise_id, order.id or 0)
    return a.suggested_subsidy(platform_settings.current(), recognised, level, granted), level


def _input_defaults(session: Session, order: WorkOrder, tr: Transition) -> dict[str, str]:
    content = normalise(snapshots.latest_content(session, order.id or 0))
    if tr.action == "book":
        b = content["basic"]
        return {"address": b["address"], "contact": b["contact"], "phone": b["phone"],
                "requirements": DEFAULT_REQUIREMENTS}
    if tr.action in CONCLUSIONS:
        recognised = a.eligible_investment(content)
        subsidy, _ = suggestion(session, order, recognised)
        return {"recognised": a.fmt(recognised), "subsidy": a.fmt(subsidy)}
    return {}


def _validate_input(session: Session, order: WorkOrder, tr: Transition, given: dict[str, str]) -> dict[str, str]:
    if (funding := pub.validate_input(session, order, tr, given)) is not None:
        return funding
    if tr.action == "book":
        day = v.parse_date(given["visit_date"])
        return {"visit_date": "验收日期须晚于今天"} if day is not None and day <= clock.today_china() else {}
    if tr.action not in CONCLUSIONS:
        return {}
    recognised, subsidy = records.amount_of(given["recognised"]), records.amount_of(given["subsidy"])
    suggested, level = suggestion(session, order, recognised)
    if tr.action == "conclude_pass" and level < a.level_index(MIN_LEVEL):
        return {"subsidy": f"改造后数字化水平为{LEVELS[level]}，未达到{MIN_LEVEL}，不能验收通过；"
                           "请选择“验收不通过”或“完善材料后通过”"}
    if subsidy > recognised:
        return {"subsidy": f"补贴金额不能超过认定项目金额（{a.fmt(recognised)} 万元）"}
    if subsidy != suggested and not given["reason"]:
        return {"reason": f"按认定项目金额 {a.fmt(recognised)} 万元，建议补贴金额为 {a.fmt(suggested)} 万元；"
                          "补贴金额与建议不同，请填写调整原因"}
    return {}


def _on_transition(session: Session, order: WorkOrder, tr: Transition, actor: Actor, extra: dict[str, Any]) -> None:
    if pub.on_transition(session, order, tr, actor, extra):
        return
    if tr.action in CONCLUSIONS:
        suggested, level = suggestion(session, order, records.amount_of(extra["input"]["recognised"]))
        records.conclude(session, order, tr.action, suggested, level)
    elif tr.action == "upload_stamped":
        stored = session.get(StoredFile, int(extra.get("file_id") or 0))
        if stored is None or stored.enterprise_id != order.enterprise_id:
            raise ValidationError(fields={STAMPED_SLOT: "请先上传盖章后的申报表扫描件（PDF）"})
        session.add(OrderFile(order_id=order.id or 0, slot=STAMPED_SLOT, file_id=stored.id or 0,
                              created_at=clock.now(), created_by=actor.user_id))
    elif tr.action == "approve_stamped":
        result = session.get(AcceptanceResult, order.id)
        if result is None:
            raise ValidationError("没有找到该申请的验收结论，不能完成验收")
        result.accepted_at = clock.now()
        session.add(result)


def _documents(order: WorkOrder, actor: Actor) -> list[tuple[str, str]]:
    if order.state in AFTER_PASS:
        return [("stamp_form", f"{DOCUMENTS['stamp_form']}（待盖章）")]
    if actor.role == ENTERPRISE and order.state in WORKFLOW.editable:
        return [("summary_template", f"{DOCUMENTS['summary_template']}（模板）"),
                ("investment_list", f"{DOCUMENTS['investment_list']}（Excel）")]
    return []


def _build_document(session: Session, order: WorkOrder, key: str) -> tuple[str, bytes]:
    if key == "stamp_form":
        if order.state not in AFTER_PASS or snapshots.latest(session, order.id or 0) is None:
            raise NotFound("该材料暂不能下载")
        content = snapshots.latest_content(session, order.id or 0)
    elif key in DOCUMENTS and order.state in WORKFLOW.editable:
        content = records.draft_content(session, order.id or 0)
    else:
        raise NotFound("该材料暂不能下载")
    result = session.get(AcceptanceResult, order.id) if key == "stamp_form" else None
    return build(key, content, normalise(content)["basic"]["company_name"] or _enterprise(session, order).name,
                 result=result)


def _hand_in_check(order: WorkOrder, slot: str, ref: dict[str, Any]) -> HandInCheck:
    """The stamped 申报表 against the generated one: the same number of pages, and a red seal."""
    if slot != STAMPED_SLOT:
        return HandInCheck()
    with db.reading() as session:
        _, docx = _build_document(session, order, "stamp_form")
    check = stamped_check.check_stamped(str(ref.get("sha256") or ""), int(ref.get("pages") or 0), docx)
    return HandInCheck(warnings=tuple(check.warnings), needs_reason=check.needs_reason, note=check.seal.summary,
                       record=check.to_dict())


def _uploads(order: WorkOrder, actor: Actor) -> list[UploadSlot]:
    if actor.role == ENTERPRISE and order.state in (AWAITING_STAMPED, STAMPED_REJECTED):
        return [UploadSlot(STAMPED_SLOT, "盖章申报表上传", "upload_stamped",
                           "打印项目验收和补助资金申报表，加盖公章后扫描为一个 PDF 文件上传（小于 100 MB）")]
    return []


TYPE = OrderType(
    workflow=WORKFLOW, form=FORM, validate=_validate, summary=_summary, display=display, prepare=_prepare,
    on_transition=_on_transition, edit_route="/workbench/acceptance", documents=_documents,
    build_document=_build_document, print_ready=frozenset({"stamp_form"}), uploads=_uploads,
    hand_in_check=_hand_in_check, slots={STAMPED_SLOT: STAMPED_LABEL},
    shows_assessments=True, input_defaults=_input_defaults, validate_input=_validate_input,
)
