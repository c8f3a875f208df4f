"""中小企业数字化水平自测: kept assessments (dated 改造前 / 改造后), their .docx reports, before and
after side by side. Who reads them is the work-order policy's answer (policy.can_read_assessments)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlmodel import Session, col, select

from docgen.assessment_report import build_assessment_report
from harbin_app import clock, db
from harbin_app.assessment import (
    Result,
    format_points,
    load_indicators,
    score,
)
from harbin_app.models import Assessment, Enterprise
from harbin_app.services.actor import ENTERPRISE, Actor
from harbin_app.services.engine import policy
from harbin_app.services.enterprises import enterprise_id_for
from harbin_app.services.assessments.draft import LABELS, _lock_draft, _own_enterprise, _row_view
from harbin_app.services.errors import NotFound, PermissionDenied, ServiceError, ValidationError

# ---------------------------------------------------------------- kept assessments


@dataclass(frozen=True)
class KeptSummary:
    id: int
    label: str
    assessed_on: date
    total: str  # the exact score, e.g. "58.125"
    level: int
    level_name: str


@dataclass(frozen=True)
class KeptAssessment:
    summary: KeptSummary
    enterprise_id: int
    answers: dict[str, Any]
    scenes: dict[str, int]
    result: Result
    created_at: datetime


@dataclass(frozen=True)
class ReportFile:
    filename: str
    content: bytes


def _summary(row: Assessment) -> KeptSummary:
    return KeptSummary(
        id=row.id or 0,
        label=row.label,
        assessed_on=row.assessed_on,
        total=row.total,
        level=row.level,
        level_name=load_indicators(row.indicator_version).level_name(row.level),
    )


def _assessed_on_problem(value: date | str | None) -> tuple[date | None, str]:
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value.strip()) if value.strip() else None
        except ValueError:
            return None, "请按 2025-03-01 的格式填写评测日期"
    if value is None:
        return None, "请选择评测日期"
    if value > clock.today_china():
        return None, "评测日期不能晚于今天"
    return value, ""


def keep(actor: Actor, label: str, assessed_on: date | str | None) -> KeptSummary:
    """Keep the questionnaire's result as a dated assessment (改造前 / 改造后); only a complete one."""
    errors: dict[str, str] = {}
    if label not in LABELS:
        errors["label"] = "请选择评测阶段：改造前或改造后"
    day, problem = _assessed_on_problem(assessed_on)
    if problem:
        errors["assessed_on"] = problem
    if errors:
        raise ValidationError(fields=errors)
    enterprise_id = _own_enterprise(actor)
    with db.transaction() as session:
        row = _lock_draft(session, actor, enterprise_id)
        draft = _row_view(row)
        if draft.result is None:
            raise ValidationError(
                fields={"keep": f"问卷中还有 {len(draft.errors)} 处需要修改，请先改正标红的内容再保存"}
            )
        if draft.remaining:
            raise ValidationError(
                fields={
                    "keep": f"问卷还有 {draft.remaining} 题未完成（共 {draft.total} 题），请全部作答后再保存为评测记录"
                }
            )
        kept = Assessment(
            enterprise_id=enterprise_id,
            label=label,
            assessed_on=day,
            indicator_version=draft.version,
            answers=draft.answers,
            scenes=draft.scenes,
            total=format_points(draft.result.total),
            level=draft.result.level,
            created_by=actor.user_id,
            created_at=clock.now(),
        )
        session.add(kept)
        session.flush()
        return _summary(kept)


def _enterprise_to_read(actor: Actor, enterprise_id: int | None) -> int:
    """The enterprise whose kept records the actor reads (the policy decides who may)."""
    if actor.role == ENTERPRISE:
        own = enterprise_id_for(actor)
        if enterprise_id not in (None, own):
            raise PermissionDenied("只能查看本企业的评测记录")
        return own
    if enterprise_id is None:
        raise ServiceError("请指定要查看的企业")
    with db.reading() as session:
        if not policy.can_read_assessments(session, actor, enterprise_id):
            raise PermissionDenied("您没有权限查看企业的评测记录")
    return enterprise_id


def kept_summaries(actor: Actor, enterprise_id: int | None = None) -> list[KeptSummary]:
    """An enterprise's kept assessments, newest first (an enterprise user: its own)."""
    enterprise_id = _enterprise_to_read(actor, enterprise_id)
    with db.reading() as session:
        rows = session.exec(
            select(Assessment)
            .where(Assessment.enterprise_id == enterprise_id)
            .order_by(col(Assessment.assessed_on).desc(), col(Assessment.id).desc())
        ).all()
        return [_summary(r) for r in rows]


def _readable(actor: Actor, session: Session, assessment_id: int) -> Assessment:
    if actor.role == ENTERPRISE:
        actor = replace(actor, enterprise_id=enterprise_id_for(actor))
    row = session.get(Assessment, assessment_id)
    if row is not None and policy.can_read_assessments(session, actor, row.enterprise_id):
        return row
    if row is None or actor.role == ENTERPRISE:
        raise NotFound("没有找到该评测记录，可能您无权查看")
    raise PermissionDenied("您没有权限查看企业的评测记录")


def get_kept(actor: Actor, assessment_id: int) -> KeptAssessment:
    with db.reading() as session:
        row = _readable(actor, session, assessment_id)
    return KeptAssessment(
        summary=_summary(row),
        enterprise_id=row.enterprise_id,
        answers=dict(row.answers),
        scenes=dict(row.scenes),
        result=score(row.answers, row.scenes, version=row.indicator_version),
        created_at=row.created_at,
    )


def report(actor: Actor, assessment_id: int) -> ReportFile:
    """The .docx report of a kept assessment (docgen/assessment_report.py)."""
    kept = get_kept(actor, assessment_id)
    with db.reading() as session:
        enterprise = session.get(Enterprise, kept.enterprise_id)
    name = enterprise.name if enterprise and enterprise.name else "（企业尚未完成认证）"
    s = kept.summary
    content = build_assessment_report(
        kept.result, kept.answers, kept.scenes, enterprise_name=name, assessed_on=s.assessed_on, label=s.label
    )
    return ReportFile(f"{s.assessed_on.isoformat()}{s.label}数字化水平自测报告.docx", content)


# ---------------------------------------------------------------- before and after


@dataclass(frozen=True)
class DimensionComparison:
    name: str
    max: Decimal
    before: Decimal
    after: Decimal


@dataclass(frozen=True)
class SceneComparison:
    name: str
    binding: bool
    before: int  # 0 = 未达一级 or 未评
    after: int


@dataclass(frozen=True)
class Comparison:
    before: KeptSummary
    after: KeptSummary
    dimensions: tuple[DimensionComparison, ...]
    scenes: tuple[SceneComparison, ...]


def compare(actor: Actor, before_id: int, after_id: int) -> Comparison:
    """Two kept assessments of one enterprise side by side (what a reviewer checks at acceptance)."""
    before, after = get_kept(actor, before_id), get_kept(actor, after_id)
    if before.enterprise_id != after.enterprise_id:
        raise ServiceError("两次评测须属于同一家企业")
    if before.result.version != after.result.version:
        raise ServiceError("两次评测所用的指标版本不同，无法逐项对比")
    ind = load_indicators(after.result.version)
    return Comparison(
        before=before.summary,
        after=after.summary,
        dimensions=tuple(
            DimensionComparison(b.name, b.max, b.score, a.score)
            for b, a in zip(before.result.dimensions, after.result.dimensions, strict=True)
        ),
        scenes=tuple(
            SceneComparison(
                s.name, s.binding, before.result.scene_levels[s.name], after.result.scene_levels[s.name]
            )
            for s in ind.scenes
        ),
    )


@dataclass(frozen=True)
class Overview:
    """An enterprise's kept assessments and, when it has both, its latest 改造前 beside its latest 改造后."""

    kept: tuple[KeptSummary, ...]
    comparison: Comparison | None


def overview(actor: Actor, enterprise_id: int) -> Overview:
    kept = tuple(kept_summaries(actor, enterprise_id))
    latest = {label: next((k for k in kept if k.label == label), None) for label in LABELS}
    before, after = latest["改造前"], latest["改造后"]
    comparison = None
    if before is not None and after is not None:
        try:
            comparison = compare(actor, before.id, after.id)
        except ServiceError:
            comparison = None
    return Overview(kept, comparison)
