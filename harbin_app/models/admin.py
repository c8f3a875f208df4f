"""The platform settings an admin edits (设置), their change list, and the admin log (用户).

A setting row holds one typed value as JSON; a key without a row has its default (from the
environment or domain.py). The change list and the admin log are append-only: the ORM refuses to
update or delete a row, and the migration adds database triggers that refuse it too.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, event
from sqlmodel import Field, SQLModel

from harbin_app.models.workorder import AppendOnlyError


class PlatformSetting(SQLModel, table=True):
    __tablename__ = "platform_settings"

    key: str = Field(primary_key=True, max_length=48)
    value: Any = Field(sa_column=Column(JSON, nullable=True))
    updated_at: datetime
    updated_by: int = Field(foreign_key="users.id")


class PlatformSettingsVersion(SQLModel, table=True):
    """One row (id 1): bumped by every save, so that a save made from a stale form is refused."""

    __tablename__ = "platform_settings_version"

    id: int = Field(default=1, primary_key=True)
    version: int = 0


class SettingChange(SQLModel, table=True):
    """One changed setting: who, when, old → new (as typed values and as the text shown)."""

    __tablename__ = "setting_changes"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(index=True)
    actor_id: int = Field(foreign_key="users.id", index=True)
    actor_name: str = Field(max_length=64)
    key: str = Field(max_length=48, index=True)
    label: str = Field(max_length=64)
    old_value: Any = Field(sa_column=Column(JSON, nullable=True))
    new_value: Any = Field(sa_column=Column(JSON, nullable=True))
    old_text: str = Field(default="", max_length=2000)
    new_text: str = Field(default="", max_length=2000)


class AdminLog(SQLModel, table=True):
    """One account action of an admin: created, disabled, enabled, password reset."""

    __tablename__ = "admin_logs"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(index=True)
    actor_id: int = Field(foreign_key="users.id", index=True)
    actor_name: str = Field(max_length=64)
    action: str = Field(max_length=24)
    action_label: str = Field(max_length=32)
    target_user_id: int = Field(foreign_key="users.id", index=True)
    target_username: str = Field(max_length=32)
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


@event.listens_for(SettingChange, "before_update")
@event.listens_for(AdminLog, "before_update")
def _refuse_update(_mapper, _connection, target) -> None:  # noqa: ANN001
    raise AppendOnlyError(f"{type(target).__name__} rows are append-only")


@event.listens_for(SettingChange, "before_delete")
@event.listens_for(AdminLog, "before_delete")
def _refuse_delete(_mapper, _connection, target) -> None:  # noqa: ANN001
    raise AppendOnlyError(f"{type(target).__name__} rows are append-only")
