"""Accounts, sessions, SMS codes and slider challenges."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel


class User(SQLModel, table=True):
    __tablename__ = "users"

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=32, unique=True, index=True)
    phone: str | None = Field(default=None, max_length=11, unique=True, index=True)
    password_hash: str = Field(max_length=255)
    role: str = Field(max_length=16, index=True)
    display_name: str = Field(default="", max_length=64)
    enterprise_id: int | None = Field(default=None, foreign_key="enterprises.id", index=True)
    failed_logins: int = 0
    locked_until: datetime | None = None
    is_active: bool = True
    # set when an admin creates the account or resets its password: the user must choose a new
    # password before anything else (accounts.login_* refuse to open a session until then)
    must_change_password: bool = False
    created_at: datetime


class AuthSession(SQLModel, table=True):
    """A signed-in browser. Only the SHA-256 of the token the browser holds is kept."""

    __tablename__ = "auth_sessions"

    token_hash: str = Field(primary_key=True, max_length=64)
    user_id: int = Field(foreign_key="users.id", index=True)
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None = None


class SmsCode(SQLModel, table=True):
    __tablename__ = "sms_codes"

    id: int | None = Field(default=None, primary_key=True)
    phone: str = Field(max_length=11, index=True)
    purpose: str = Field(max_length=16)
    code_hash: str = Field(max_length=64)
    created_at: datetime = Field(index=True)
    expires_at: datetime
    attempts: int = 0
    used_at: datetime | None = None
    voided: bool = False


class SliderChallenge(SQLModel, table=True):
    """One 滑动验证: issued, drag started, drag finished, then spent on one SMS send."""

    __tablename__ = "slider_challenges"

    id: str = Field(primary_key=True, max_length=64)
    issued_at: datetime
    started_at: datetime | None = None
    passed_at: datetime | None = None
    used_at: datetime | None = None
