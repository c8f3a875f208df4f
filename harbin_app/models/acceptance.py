"""The figures of an acceptance's conclusion, where lists (公示, 拨付, 统计) read them without parsing
logs: written when the reviewer concludes (the amounts of that log row), marked accepted when the
stamped form is approved. Amounts are exact decimal text in 万元 ("12.34"), never floats."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel


class AcceptanceResult(SQLModel, table=True):
    __tablename__ = "acceptance_results"

    order_id: int = Field(foreign_key="work_orders.id", primary_key=True)
    enterprise_id: int = Field(foreign_key="enterprises.id", index=True)
    conclusion: str = Field(max_length=24)  # the conclusion's action: conclude_pass | conclude_fail | conclude_supplement
    recognised_amount: str = Field(max_length=24)  # 认定项目金额 (万元), exact decimal text
    subsidy_amount: str = Field(max_length=24)  # 补贴金额 (万元), exact decimal text
    suggested_amount: str = Field(max_length=24)  # what the settings suggested then
    level_after: str = Field(default="", max_length=8)  # the level reached (二级 …)
    industry: str = Field(default="", max_length=32)
    project_names: str = Field(default="", max_length=2000)  # 、-joined
    log_id: int = Field(foreign_key="work_order_logs.id")  # the conclusion's log row
    concluded_at: datetime
    accepted_at: datetime | None = Field(default=None, index=True)
