"""Uploaded files (kept outside any served folder, named by content hash) and files attached to
work orders after submission (the stamped form)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel


class StoredFile(SQLModel, table=True):
    __tablename__ = "stored_files"

    id: int | None = Field(default=None, primary_key=True)
    sha256: str = Field(max_length=64, index=True)
    size: int
    pages: int
    original_name: str = Field(max_length=255)
    content_type: str = Field(default="application/pdf", max_length=64)
    enterprise_id: int = Field(foreign_key="enterprises.id", index=True)
    uploaded_by: int = Field(foreign_key="users.id")
    uploaded_at: datetime


class OrderFile(SQLModel, table=True):
    """A file handed in through a transition (e.g. 盖章材料上传); the newest per slot is current."""

    __tablename__ = "order_files"

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="work_orders.id", index=True)
    slot: str = Field(max_length=32)
    file_id: int = Field(foreign_key="stored_files.id")
    created_at: datetime
    created_by: int = Field(foreign_key="users.id")


class WorkOrderAttachment(SQLModel, table=True):
    """A file an order's content refers to (evidence in its draft or a submission): whoever may
    read the order may read the file (the policy asks here)."""

    __tablename__ = "work_order_attachments"

    order_id: int = Field(foreign_key="work_orders.id", primary_key=True)
    file_id: int = Field(foreign_key="stored_files.id", primary_key=True, index=True)
