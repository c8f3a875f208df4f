"""入库申请 declared: its workflow table, how the engine shows it, the stamped form.

草稿 → 待审核 → 驳回 (→ edit → 待审核) | 审核通过 → 待上传盖章材料 → 盖章材料待审核 →
盖章材料驳回 (→ re-upload) | 已入库.
"""

from __future__ import annotations

import json
from datetime import date
from functools import lru_cache
from typing import Any

from sqlmodel import Session

from docgen.pool_entry_form import build_pool_entry_form
from harbin_app import clock, db
from harbin_app.models import Enterprise, OrderFile, StoredFile, WorkOrder
from harbin_app.services import snapshots, stamped_check
from harbin_app.services.actor import ENTERPRISE, REVIEWER, Actor
from harbin_app.services.engine.types import (
    BLUE, CYAN, EVERY_STATE, GREEN, GREY, RED, DisplaySection, DisplayTable, HandInCheck, OrderType, StateDef,
    Transition, UploadSlot, Workflow, t,
)
from harbin_app.services.errors import NotFound, ValidationError
from harbin_app.services.files import owned_by
from harbin_app.services.pool_entry.form import (
    CERTIFIED_FIELDS, EVIDENCE, FORM, OWN_FIELDS, SECTIONS, normalise, prefill,
)
from harbin_app.services.pool_entry.rules import problems, rules_for

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
        StateDef(AWAITING_STAMPED, "待上传盖章材料", CYAN),
        StateDef(STAMPED_REVIEW, "盖章材料待审核", BLUE),
        StateDef(STAMPED_REJECTED, "盖章材料驳回", RED),
        StateDef(POOLED, "已入库", GREEN, finished=True),
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
    readers={ENTERPRISE: EVERY_STATE, REVIEWER: EVERY_STATE},
)

STAMPED_SLOT = "stamped_form"
STAMPED_LABEL = "盖章申报表扫描件"
FORM_TITLE = "哈尔滨市中小企业数字化转型试点企业培育入库申报表"


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
        if ref and not owned_by(session, enterprise.id or 0, [ref]):
            errors[f"evidence.{key}"] = "该文件无效，请重新上传"
    return errors


def _prepare(session: Session, order: WorkOrder, content: dict[str, Any]) -> dict[str, Any]:
    """一、基本情况 as certified now (the certified data in force goes into the submission)."""
    content = dict(content)
    content["basic"] = {**content.get("basic", {}), **prefill(_enterprise(session, order).profile)}
    return content


def _summary(content: dict[str, Any]) -> tuple[str, str, str]:
    b = normalise(content)["basic"]
    return b["company_name"], b["credit_code"], b["industry"]


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
    if order.state in AFTER_APPROVAL:
        return [("stamp_form", f"{FORM_TITLE}（待盖章）")]
    return []


@lru_cache(maxsize=64)
def _built(order_id: int, version: int, content_json: str, submitted_on: date) -> tuple[str, bytes]:
    """A submitted version's form, built once per worker (snapshots never change)."""
    content = json.loads(content_json)
    name = normalise(content)["basic"]["company_name"]
    data = build_pool_entry_form(content, enterprise_name=name, submitted_on=submitted_on)
    return f"{FORM_TITLE}（{name}）.docx", data  # the name the manual gives (操作手册 六、7)


def _form_docx(session: Session, order: WorkOrder) -> tuple[str, bytes]:
    """The 入库申报表 of the approved version (the same bytes every time: its PDF is cached)."""
    snapshot = snapshots.latest(session, order.id or 0)
    if snapshot is None or order.state not in AFTER_APPROVAL:
        raise NotFound("该材料暂不能下载")
    content = json.dumps(snapshot.content, ensure_ascii=False, sort_keys=True)
    return _built(order.id or 0, snapshot.version, content, snapshot.created_at.date())


def _build_document(session: Session, order: WorkOrder, key: str) -> tuple[str, bytes]:
    if key != "stamp_form":
        raise NotFound("该材料暂不能下载")
    return _form_docx(session, order)


def _hand_in_check(order: WorkOrder, slot: str, ref: dict[str, Any]) -> HandInCheck:
    """The stamped scan against the form: as many pages as the form's PDF has, and a red seal."""
    if slot != STAMPED_SLOT:
        return HandInCheck()
    with db.reading() as session:
        _, docx = _form_docx(session, order)
    check = stamped_check.check_stamped(str(ref.get("sha256") or ""), int(ref.get("pages") or 0), docx)
    return HandInCheck(warnings=tuple(check.warnings), needs_reason=check.needs_reason, note=check.seal.summary,
                       record=check.to_dict())


def _uploads(order: WorkOrder, actor: Actor) -> list[UploadSlot]:
    if actor.role == ENTERPRISE and order.state in (AWAITING_STAMPED, STAMPED_REJECTED):
        return [UploadSlot(STAMPED_SLOT, "盖章材料上传", "upload_stamped",
                           "打印申报表，加盖公章后扫描为一个 PDF 文件上传（小于 100 MB）",
                           missing="请先上传盖章后的申报表扫描件（PDF）")]
    return []


TYPE = OrderType(
    workflow=WORKFLOW, form=FORM, validate=_validate, summary=_summary, display=display, prepare=_prepare,
    on_transition=_on_transition, edit_route="/workbench/pool-entry", documents=_documents,
    build_document=_build_document, print_ready=frozenset({"stamp_form"}), uploads=_uploads,
    hand_in_check=_hand_in_check,
    slots={STAMPED_SLOT: STAMPED_LABEL}, shows_assessments=True,
)
