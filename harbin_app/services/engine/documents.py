"""Documents an order offers for download now (待盖章材料下载), and files handed in through a
transition (盖章材料上传): what to warn about first, then the transition that records them."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from harbin_app import db
from harbin_app.models import WorkOrder
from harbin_app.services import files
from harbin_app.services.actor import Actor
from harbin_app.services.errors import Conflict, NotFound, ValidationError
from harbin_app.services.engine import registry
from harbin_app.services.engine.transitions import TransitionResult, load, transition
from harbin_app.services.engine.types import HandInCheck, UploadSlot


def _slot(session: Session, actor: Actor, order_id: int, slot: str) -> tuple[WorkOrder, UploadSlot]:
    order = load(session, actor, order_id)
    ot = registry.get(order.kind)
    offered = {u.key: u for u in (ot.uploads(order, actor) if ot.uploads else [])}
    if slot not in offered:
        raise Conflict("当前状态下不需要上传该材料，页面已更新")
    return order, offered[slot]


REASON_FIELD = "override_reason"
REASON_MAX = 200


def _slot_and_check(actor: Actor, order_id: int, slot: str, ref: dict[str, Any]) -> tuple[UploadSlot, HandInCheck]:
    with db.reading() as session:
        order, upload = _slot(session, actor, order_id, slot)
        if not ref or not files.owned_by(session, order.enterprise_id, [ref]):  # never check another's file
            raise ValidationError(fields={slot: upload.missing})
    ot = registry.get(order.kind)
    return upload, ot.hand_in_check(order, slot, ref) if ot.hand_in_check else HandInCheck()


def hand_in_check(actor: Actor, order_id: int, slot: str, ref: dict[str, Any]) -> HandInCheck:
    """What to tell the user about an uploaded file before it is handed in (slow the first time:
    call it from a worker thread)."""
    return _slot_and_check(actor, order_id, slot, ref)[1]


def hand_in(
    actor: Actor, order_id: int, slot: str, ref: dict[str, Any], *, seen_row_version: int, reason: str = "",
    extra: dict[str, Any] | None = None,
) -> TransitionResult:
    """Hand in an uploaded file through the slot's transition (the type records the file). When the
    check warns in a way that needs it, the enterprise's reason for handing in anyway is required."""
    upload, check = _slot_and_check(actor, order_id, slot, ref)
    reason = " ".join((reason or "").split())
    if check.needs_reason and not reason:
        raise ValidationError(fields={REASON_FIELD: "请填写仍要提交的原因，例如：公章颜色较浅、扫描件为黑白"})
    if len(reason) > REASON_MAX:
        raise ValidationError(fields={REASON_FIELD: f"原因不能超过 {REASON_MAX} 字"})
    logged = {**(extra or {}), "slot": slot, "file_id": ref.get("file_id"), "pages": ref.get("pages")}
    if check.warnings:
        logged["page_warning"] = "；".join(check.warnings)
    if check.note:
        logged["seal_note"] = check.note
    if check.record:
        logged["check"] = check.record
    if check.needs_reason:
        logged["override_reason"] = f"仍要提交的原因：{reason}"
    return transition(actor, order_id, upload.action, seen_row_version=seen_row_version, extra=logged)


def document(actor: Actor, order_id: int, key: str) -> tuple[str, bytes]:
    """(file name, bytes) of a document the actor is offered on this order now."""
    with db.reading() as session:
        order = load(session, actor, order_id)
        ot = registry.get(order.kind)
        offered = dict(ot.documents(order, actor)) if ot.documents else {}
        if key not in offered or ot.build_document is None:
            raise NotFound("该材料暂不能下载")
        return ot.build_document(session, order, key)
