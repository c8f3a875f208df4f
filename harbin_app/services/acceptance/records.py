"""What the declaration reads and writes in the database besides the engine's tables: the kept
改造后 self-assessment an application points at, the files it refers to, the conclusion's figures
(acceptance_results) and what the enterprise was already granted."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlmodel import Session, col, select

from harbin_app import clock
from harbin_app.forms.values import assemble
from harbin_app.models import (
    AcceptanceResult,
    Assessment,
    Enterprise,
    WorkOrder,
    WorkOrderDraftValue,
    WorkOrderLog,
)
from harbin_app.services import snapshots
from harbin_app.services import validators as v
from harbin_app.services.acceptance.form import FORM, LEVELS, normalise

AFTER = "改造后"


def file_refs(content: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every file the (normalised) content refers to, by its path with rows by position."""
    out: dict[str, dict[str, Any]] = {}
    for key, ref in content["materials"].items():
        if ref:
            out[f"materials.{key}"] = ref
    if content["self_test"]["report"]:
        out["self_test.report"] = content["self_test"]["report"]
    for i, p in enumerate(content["projects"]):
        for kind in ("contracts", "invoices"):
            for j, row in enumerate(p[kind]):
                if row.get("file"):
                    out[f"projects.{i}.{kind}.{j}.file"] = row["file"]
    for j, row in enumerate(content["extras"]):
        if row.get("file"):
            out[f"extras.{j}.file"] = row["file"]
    return out


def kept_after(session: Session, enterprise_id: int, assessment_id: str) -> Assessment | None:
    """The enterprise's kept 改造后 self-assessment of that id (None: not one of its own)."""
    if not (str(assessment_id).isascii() and str(assessment_id).isdigit()):
        return None
    row = session.get(Assessment, int(assessment_id))
    return row if row is not None and row.enterprise_id == enterprise_id and row.label == AFTER else None


def assessment_text(row: Assessment) -> str:
    level = LEVELS[row.level] if 0 <= row.level < len(LEVELS) else str(row.level)
    return f"{row.label} · {row.assessed_on.isoformat()} · {row.total} 分 · {level}"


def draft_content(session: Session, order_id: int) -> dict[str, Any]:
    values = session.exec(select(WorkOrderDraftValue).where(WorkOrderDraftValue.order_id == order_id)).all()
    return normalise(assemble(FORM, {r.path: r.value for r in values}))


def granted_elsewhere(session: Session, enterprise_id: int, order_id: int) -> Decimal:
    """The subsidies of the enterprise's other accepted applications (against its cap)."""
    rows = session.exec(
        select(AcceptanceResult.subsidy_amount).where(
            AcceptanceResult.enterprise_id == enterprise_id, AcceptanceResult.order_id != order_id,
            col(AcceptanceResult.accepted_at).is_not(None),
        )
    ).all()
    return sum((Decimal(x) for x in rows), Decimal(0))


def amount_of(text: str) -> Decimal:
    value = v.parse_decimal(text)
    assert value is not None, text  # checked as the transition's input
    return value


def conclude(session: Session, order: WorkOrder, action: str, suggested: Decimal, level: int) -> AcceptanceResult:
    """The conclusion's figures, taken from its log row (written just before, in the same transaction)."""
    session.flush()
    log = session.exec(
        select(WorkOrderLog).where(WorkOrderLog.order_id == order.id, WorkOrderLog.action == action)
        .order_by(col(WorkOrderLog.id).desc())
    ).first()
    assert log is not None
    given = log.extra["input"]
    recognised, subsidy = amount_of(given["recognised"]), amount_of(given["subsidy"])
    enterprise = session.get(Enterprise, order.enterprise_id)
    content = normalise(snapshots.latest_content(session, order.id or 0))
    names = "、".join(p["name"] for p in content["projects"] if p["name"])
    row = session.get(AcceptanceResult, order.id) or AcceptanceResult(
        order_id=order.id or 0, enterprise_id=order.enterprise_id, conclusion=action, recognised_amount="0",
        subsidy_amount="0", suggested_amount="0", log_id=log.id or 0, concluded_at=clock.now(),
    )
    row.conclusion, row.log_id, row.concluded_at, row.accepted_at = action, log.id or 0, clock.now(), None
    row.recognised_amount, row.subsidy_amount, row.suggested_amount = str(recognised), str(subsidy), str(suggested)
    row.level_after = LEVELS[level] if 0 <= level < len(LEVELS) else ""
    row.industry = (enterprise.industry if enterprise else "") or content["basic"]["industry"]
    row.project_names = names[:2000]
    session.add(row)
    return row

