"""Work orders: one row per certification / application, its submitted snapshots, its log.

The log is append-only: the ORM refuses to update or delete a row, and the migration adds
database triggers that refuse it too.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint, event
from sqlmodel import Field, SQLModel


class WorkOrder(SQLModel, table=True):
    __tablename__ = "work_orders"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=24, index=True)
    enterprise_id: int = Field(foreign_key="enterprises.id", index=True)
    state: str = Field(max_length=24, index=True)
    # The working copy the enterprise edits is stored value by value (WorkOrderDraftValue);
    # submitted versions are snapshots.
    version: int = 0  # number of snapshots taken
    row_version: int = 1  # bumped by every transition; a transition names the one it saw
    due_date: date | None = Field(default=None, index=True)  # set by a transition with a deadline (China date)
    # Denormalised from the latest submission for queue search and filters.
    subject_name: str = Field(default="", max_length=64, index=True)
    credit_code: str = Field(default="", max_length=18, index=True)
    industry: str = Field(default="", max_length=32)
    created_at: datetime
    updated_at: datetime = Field(index=True)
    submitted_at: datetime | None = None


class WorkOrderDraftValue(SQLModel, table=True):
    """One value of a draft by its path (a field, or a row list's order of row ids): a blur writes
    one row, not the whole form."""

    __tablename__ = "work_order_draft_values"

    order_id: int = Field(foreign_key="work_orders.id", primary_key=True)
    path: str = Field(primary_key=True, max_length=200)
    value: Any = Field(default=None, sa_column=Column(JSON, nullable=True))


class WorkOrderSnapshot(SQLModel, table=True):
    __tablename__ = "work_order_snapshots"
    __table_args__ = (UniqueConstraint("order_id", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="work_orders.id", index=True)
    version: int
    content: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    created_at: datetime
    created_by: int = Field(foreign_key="users.id")


class WorkOrderLog(SQLModel, table=True):
    __tablename__ = "work_order_logs"

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="work_orders.id", index=True)
    at: datetime
    actor_id: int = Field(foreign_key="users.id", index=True)
    actor_name: str = Field(max_length=64)
    actor_role: str = Field(max_length=16)
    action: str = Field(max_length=24)
    action_label: str = Field(max_length=32)
    from_state: str = Field(max_length=24)
    to_state: str = Field(max_length=24)
    opinion: str = Field(default="", max_length=2000)
    snapshot_version: int | None = None
    extra: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class AppendOnlyError(RuntimeError):
    pass


@event.listens_for(WorkOrderLog, "before_update")
@event.listens_for(WorkOrderSnapshot, "before_update")
def _refuse_update(_mapper, _connection, target) -> None:  # noqa: ANN001
    raise AppendOnlyError(f"{type(target).__name__} rows are append-only")


@event.listens_for(WorkOrderLog, "before_delete")
@event.listens_for(WorkOrderSnapshot, "before_delete")
def _refuse_delete(_mapper, _connection, target) -> None:  # noqa: ANN001
    raise AppendOnlyError(f"{type(target).__name__} rows are append-only")
