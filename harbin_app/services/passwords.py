"""Password hashing (argon2 through passlib) and the password rule."""

from __future__ import annotations

import re

from passlib.context import CryptContext

_context = CryptContext(schemes=["argon2"], deprecated="auto")


def hash_password(password: str) -> str:
    return _context.hash(password)


def verify_password(password: str, password_hash: str) -> bool:
    try:
        return _context.verify(password, password_hash)
    except (ValueError, TypeError):
        return False


def password_problem(password: str) -> str:
    """The Chinese message for a weak password, or "" when it is acceptable."""
    if len(password) < 8:
        return "密码至少 8 位，须同时包含字母和数字"
    if len(password) > 64:
        return "密码不能超过 64 位"
    if not re.search(r"[A-Za-z]", password) or not re.search(r"\d", password):
        return "密码须同时包含字母和数字"
    return ""
