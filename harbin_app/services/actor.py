"""The acting user every service call names, and the roles of the platform."""

from __future__ import annotations

from dataclasses import dataclass

ENTERPRISE = "enterprise"
PROVIDER = "provider"
REVIEWER = "reviewer"
FINANCE = "finance"
ADMIN = "admin"

ROLE_LABELS = {
    ENTERPRISE: "企业用户",
    PROVIDER: "服务商用户",
    REVIEWER: "审核员",
    FINANCE: "财政",
    ADMIN: "管理员",
}

STAFF_ROLES = frozenset({REVIEWER, FINANCE, ADMIN})


@dataclass(frozen=True)
class Actor:
    user_id: int
    username: str
    role: str
    display_name: str = ""
    enterprise_id: int | None = None

    @property
    def name(self) -> str:
        return self.display_name or self.username

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)
