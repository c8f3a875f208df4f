"""An enterprise: what is in force after certification (the draft lives in its work order)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel


class Enterprise(SQLModel, table=True):
    __tablename__ = "enterprises"

    id: int | None = Field(default=None, primary_key=True)
    # The certified version (empty until the first certification is approved).
    name: str = Field(default="", max_length=64, index=True)
    credit_code: str | None = Field(default=None, max_length=18, unique=True, index=True)
    industry: str = Field(default="", max_length=32)
    profile: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    certified_at: datetime | None = None
    industry_unclear: bool = False
    pooled_at: datetime | None = None
    created_at: datetime
