"""Shapes of small values: phone numbers, user names."""

from __future__ import annotations

import re

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$", re.ASCII)  # ASCII: \d is no full-width digit
USERNAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]{2,31}$")


def normalize_mobile(value: str) -> str:
    """'+86 138-0013-8000' → '13800138000'; returns '' when it is not a mainland mobile number."""
    digits = re.sub(r"[\s-]", "", value or "")
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    return digits if MOBILE_RE.match(digits) else ""


def mobile_problem(value: str) -> str:
    if not (value or "").strip():
        return "请输入手机号"
    return "" if normalize_mobile(value) else "请输入正确的 11 位手机号"


def username_problem(value: str) -> str:
    value = (value or "").strip()
    if not value:
        return "请输入用户名"
    if not USERNAME_RE.match(value):
        return "用户名为 3–32 位字母、数字或下划线，以字母开头（建议用公司名称拼音首字母）"
    return ""


def mask_mobile(phone: str) -> str:
    return f"{phone[:3]}****{phone[-4:]}" if len(phone) == 11 else phone
