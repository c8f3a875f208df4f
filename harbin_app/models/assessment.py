"""中小企业数字化水平自测: the working draft of an enterprise, and the assessments it kept.

A kept assessment is a dated record (改造前 / 改造后) that other applications point at; it is
immutable: the ORM refuses to update or delete a row, and the migration adds database triggers
that refuse it too.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, event
from sqlmodel import Field, SQLModel

from harbin_app.models.workorder import AppendOnlyError


class AssessmentDraft(SQLModel, table=True):
    """The questionnaire as the enterprise is filling it in (one per enterprise)."""

    __tablename__ = "assessment_drafts"

    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: int = Field(foreign_key="enterprises.id", unique=True, index=True)
    indicator_version: str = Field(max_length=8)
    # answers and scenes in the format of harbin_app.assessment.scoring
    answers: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    scenes: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    updated_at: datetime
    updated_by: int = Field(foreign_key="users.id")


class Assessment(SQLModel, table=True):
    """A kept, dated result of the questionnaire."""

    __tablename__ = "assessments"

    id: int | None = Field(default=None, primary_key=True)
    enterprise_id: int = Field(foreign_key="enterprises.id", index=True)
    label: str = Field(max_length=8)  # 改造前 | 改造后
    assessed_on: date
    indicator_version: str = Field(max_length=8)
    answers: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    scenes: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    total: str = Field(max_length=16)  # the exact Decimal, e.g. "58.125"
    level: int  # 0 = 未达一级 … 4 = 四级
    created_by: int = Field(foreign_key="users.id")
    created_at: datetime


@event.listens_for(Assessment, "before_update")
def _refuse_update(_mapper, _connection, target) -> None:
    raise AppendOnlyError("kept assessments are immutable")


@event.listens_for(Assessment, "before_delete")
def _refuse_delete(_mapper, _connection, target) -> None:
    raise AppendOnlyError("kept assessments are immutable")
