"""The submitted versions of an order (append-only snapshots)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from harbin_app.forms import FormSchema
from harbin_app.forms.values import assemble
from harbin_app.models import WorkOrderDraftValue, WorkOrderSnapshot


def latest(session: Session, order_id: int) -> WorkOrderSnapshot | None:
    return session.exec(
        select(WorkOrderSnapshot).where(WorkOrderSnapshot.order_id == order_id).order_by(col(WorkOrderSnapshot.version).desc())
    ).first()


def latest_content(session: Session, order_id: int) -> dict[str, Any]:
    row = latest(session, order_id)
    return dict(row.content) if row else {}


def submitted_or_draft(session: Session, order_id: int, schema: FormSchema) -> dict[str, Any]:
    """The latest submitted version; an order never submitted: its draft."""
    if row := latest(session, order_id):
        return dict(row.content)
    values = session.exec(select(WorkOrderDraftValue).where(WorkOrderDraftValue.order_id == order_id)).all()
    return schema.normalise(assemble(schema, {v.path: v.value for v in values}))
