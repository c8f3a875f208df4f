"""Documents an order offers for download now (待盖章材料下载), and files handed in through a
transition (盖章材料上传): what to warn about first, then the transition that records them."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from harbin_app import db
from harbin_app.models import WorkOrder
from harbin_app.services.actor import Actor
from harbin_app.services.errors import Conflict, NotFound
from harbin_app.services.engine import registry
from harbin_app.services.engine.transitions import TransitionResult, load, transition
from harbin_app.services.engine.types import UploadSlot


def _slot(session: Session, actor: Actor, order_id: int, slot: str) -> tuple[WorkOrder, UploadSlot]:
    order = load(session, actor, order_id)
    ot = registry.get(order.kind)
    offered = {u.key: u for u in (ot.uploads(order, actor) if ot.uploads else [])}
    if slot not in offered:
        raise Conflict("当前状态下不需要上传该材料，页面已更新")
    return order, offered[slot]


def _slot_and_warning(actor: Actor, order_id: int, slot: str, ref: dict[str, Any]) -> tuple[UploadSlot, str]:
    with db.reading() as session:
        order, upload = _slot(session, actor, order_id, slot)
        ot = registry.get(order.kind)
        return upload, ot.hand_in_warning(session, order, slot, ref) if ot.hand_in_warning else ""


def hand_in_warning(actor: Actor, order_id: int, slot: str, ref: dict[str, Any]) -> str:
    """What to tell the user about an uploaded file before it is handed in ("" when nothing)."""
    return _slot_and_warning(actor, order_id, slot, ref)[1]


def hand_in(
    actor: Actor, order_id: int, slot: str, ref: dict[str, Any], *, seen_row_version: int, extra: dict[str, Any] | None = None,
) -> TransitionResult:
    """Hand in an uploaded file through the slot's transition (the type records the file)."""
    upload, warning = _slot_and_warning(actor, order_id, slot, ref)
    logged = {**(extra or {}), "slot": slot, "file_id": ref.get("file_id"), "pages": ref.get("pages")}
    if warning:
        logged["page_warning"] = warning
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
