"""消息中心 and SMS notices: one row per message, written with a unique key in the transaction of the
decision (or of the reminder scan) that causes it, so that no message is ever written twice.

- `Notification`: an in-app message of one user (the bell, 消息中心); unique per (user, key).
- `SmsNotice`: an SMS to one phone, delivered by the job worker (services/sms_delivery.py);
  unique per (key, phone); its status moves pending → sending → sent (or failed), each move a
  conditional UPDATE, so that two workers never both send it.
- `Reminder`: one reminder event (a deadline close, an order waiting too long), unique per
  (kind, order, row version, days): the periodic scan inserts it with ON CONFLICT DO NOTHING and
  writes its messages only when the insert was its own.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel


class Notification(SQLModel, table=True):
    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("user_id", "key", name="uq_notifications_user_key"),
        Index("ix_notifications_user_read", "user_id", "read_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id")
    key: str = Field(max_length=64)  # what caused it: "log:<id>", "due:<order>:<row version>:<days>", …
    kind: str = Field(max_length=16)  # decision | booking | deadline | payment | reminder | waiting | submitted
    order_id: int | None = Field(default=None, foreign_key="work_orders.id", index=True)
    title: str = Field(max_length=64)
    body: str = Field(default="", max_length=600)
    needs_action: bool = False  # the user must act on the order now
    created_at: datetime = Field(index=True)
    read_at: datetime | None = None


class SmsNotice(SQLModel, table=True):
    __tablename__ = "sms_notices"
    __table_args__ = (
        UniqueConstraint("key", "phone", name="uq_sms_notices_key_phone"),
        Index("ix_sms_notices_status_id", "status", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=64)
    phone: str = Field(max_length=11)
    user_id: int | None = Field(default=None, foreign_key="users.id")
    order_id: int | None = Field(default=None, foreign_key="work_orders.id")
    template: str = Field(max_length=24)  # the 设置 template it was made from (sms_rejected, …)
    text: str = Field(max_length=600)
    status: str = Field(default="pending", max_length=8)  # pending | sending | sent | failed
    attempts: int = 0
    created_at: datetime
    next_try_at: datetime | None = None
    claimed_at: datetime | None = None
    claimed_by: str = Field(default="", max_length=64)
    sent_at: datetime | None = None
    error: str = Field(default="", max_length=300)


class Reminder(SQLModel, table=True):
    __tablename__ = "reminders"
    __table_args__ = (UniqueConstraint("kind", "order_id", "row_version", "days", name="uq_reminders_event"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=16)  # deadline | waiting
    order_id: int = Field(foreign_key="work_orders.id", index=True)
    row_version: int
    days: int = 0  # deadline: the days-before threshold; waiting: the working days
    created_at: datetime
