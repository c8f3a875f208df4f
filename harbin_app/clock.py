"""The platform's clock: aware UTC datetimes in the database, China time (UTC+8) on screen.

Tests replace `now` to move time (lockouts, code expiry, session expiry).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

CHINA = timezone(timedelta(hours=8))


def now() -> datetime:
    return datetime.now(UTC)


def today_china() -> date:
    return now().astimezone(CHINA).date()


def fmt_datetime(value: datetime | None) -> str:
    """2025-03-01 14:05, in China time."""
    return value.astimezone(CHINA).strftime("%Y-%m-%d %H:%M") if value else ""


def fmt_now_hm() -> str:
    """The time of day now, 14:05 (what 草稿已保存 shows)."""
    return now().astimezone(CHINA).strftime("%H:%M")


def fmt_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(CHINA).date()
    return value.isoformat()
