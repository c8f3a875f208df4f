"""公示 and 拨付 of accepted 验收申请: publication batches (公示批次), the projects each batch lists,
a batch's withdrawal (撤回) and the payments (拨付) finance records. All four are append-only like the
work-order log: the ORM refuses to update or delete a row, and the migration adds database triggers
that refuse it too (a withdrawal is a row of its own, never an edit of its batch). Amounts are exact
decimal text in 万元 ("12.34"), never floats."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import UniqueConstraint, event
from sqlmodel import Field, SQLModel

from harbin_app.models.workorder import AppendOnlyError


class PublicationBatch(SQLModel, table=True):
    __tablename__ = "publication_batches"

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=100)
    starts_on: date = Field(index=True)
    ends_on: date = Field(index=True)
    created_at: datetime
    created_by: int = Field(foreign_key="users.id")
    created_by_name: str = Field(default="", max_length=64)


class PublicationItem(SQLModel, table=True):
    """One project (an accepted 验收申请) listed in a batch, with its figures as published."""

    __tablename__ = "publication_items"

    id: int | None = Field(default=None, primary_key=True)
    batch_id: int = Field(foreign_key="publication_batches.id", index=True)
    order_id: int = Field(foreign_key="work_orders.id", index=True)
    enterprise_id: int = Field(foreign_key="enterprises.id", index=True)
    enterprise_name: str = Field(max_length=64)
    project_names: str = Field(default="", max_length=2000)
    industry: str = Field(default="", max_length=32)
    recognised_amount: str = Field(max_length=24)
    subsidy_amount: str = Field(max_length=24)
    log_id: int = Field(foreign_key="work_order_logs.id")


class PublicationWithdrawal(SQLModel, table=True):
    """A project taken out of a batch before its period started (a whole batch: each of its projects)."""

    __tablename__ = "publication_withdrawals"
    __table_args__ = (UniqueConstraint("batch_id", "order_id", name="uq_publication_withdrawals_batch_order"),)

    id: int | None = Field(default=None, primary_key=True)
    batch_id: int = Field(foreign_key="publication_batches.id", index=True)
    order_id: int = Field(foreign_key="work_orders.id", index=True)
    log_id: int = Field(foreign_key="work_order_logs.id")
    at: datetime
    actor_id: int = Field(foreign_key="users.id")
    reason: str = Field(default="", max_length=2000)


class Payment(SQLModel, table=True):
    """One 拨付 (an instalment or the whole subsidy) of an accepted 验收申请."""

    __tablename__ = "payments"

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="work_orders.id", index=True)
    enterprise_id: int = Field(foreign_key="enterprises.id", index=True)
    batch_id: int = Field(foreign_key="publication_batches.id", index=True)
    paid_on: date
    amount: str = Field(max_length=24)
    voucher: str = Field(max_length=64)
    log_id: int = Field(foreign_key="work_order_logs.id")
    created_at: datetime
    created_by: int = Field(foreign_key="users.id")


APPEND_ONLY = (PublicationBatch, PublicationItem, PublicationWithdrawal, Payment)


def _refuse_update(_mapper, _connection, target) -> None:  # noqa: ANN001
    raise AppendOnlyError(f"{type(target).__name__} rows are append-only")


def _refuse_delete(_mapper, _connection, target) -> None:  # noqa: ANN001
    raise AppendOnlyError(f"{type(target).__name__} rows are append-only")


for _table in APPEND_ONLY:
    event.listen(_table, "before_update", _refuse_update)
    event.listen(_table, "before_delete", _refuse_delete)
