"""What a service raises when it refuses. Messages are the Chinese text the user reads."""

from __future__ import annotations


ACCOUNT_DISABLED = "该账号已停用，无法登录。如有疑问，请联系平台管理员"


class ServiceError(Exception):
    """A refusal the user can act on. `fields` maps a form field to the message shown beside it."""

    def __init__(self, message: str = "", fields: dict[str, str] | None = None) -> None:
        self.fields = dict(fields or {})
        self.message = message or (next(iter(self.fields.values())) if self.fields else "操作未完成")
        super().__init__(self.message)


class ValidationError(ServiceError):
    pass


class PermissionDenied(ServiceError):
    def __init__(self, message: str = "您没有权限进行此操作") -> None:
        super().__init__(message)


class NotFound(ServiceError):
    def __init__(self, message: str = "没有找到该记录，可能已被删除或您无权查看") -> None:
        super().__init__(message)


class Conflict(ServiceError):
    """The record changed under the user (another reviewer, another tab, a double click)."""


def remaining_problems(count: int) -> str:
    """The summary above a form's buttons after a refused submission."""
    return f"还有 {count} 处需要修改，请按红色提示处理后再提交" if count else ""
