"""Every setting of the platform, read once from the environment.

Relative paths are taken from the project root (the folder holding rxconfig.py).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

DEV_SECRET = "development-only-secret-do-not-use-in-production"


def _path(value: str) -> Path:
    p = Path(value)
    return p if p.is_absolute() else PROJECT_ROOT / p


def _date(value: str, name: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:  # a misconfiguration must stop the start, loudly
        raise SystemExit(f"{name} must be a date like 2024-07-01, got {value!r}") from exc


@dataclass(frozen=True)
class Settings:
    environment: str
    database_url: str
    redis_url: str
    secret_key: str
    sms_gateway: str
    sms_outbox: Path
    sms_http_url: str
    sms_http_key: str
    sms_http_template: str
    files_dir: Path
    pilot_start: date
    pilot_end: date
    demo_password: str
    session_days: int

    @property
    def is_production(self) -> bool:
        return self.environment == "production"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def load_settings(env: os._Environ[str] | dict[str, str] = os.environ) -> Settings:
    environment = env.get("HARBIN_ENV", "development")
    secret = env.get("HARBIN_SECRET_KEY", "")
    if not secret:
        if environment == "production":
            raise SystemExit("HARBIN_SECRET_KEY must be set in production")
        secret = DEV_SECRET
    default_db = f"sqlite:///{_path('var/harbin.db')}"
    settings = Settings(
        environment=environment,
        database_url=env.get("HARBIN_DATABASE_URL", default_db),
        redis_url=env.get("HARBIN_REDIS_URL", ""),
        secret_key=secret,
        sms_gateway=env.get("HARBIN_SMS_GATEWAY", "console"),
        sms_outbox=_path(env.get("HARBIN_SMS_OUTBOX", "var/sms_outbox.jsonl")),
        sms_http_url=env.get("HARBIN_SMS_HTTP_URL", ""),
        sms_http_key=env.get("HARBIN_SMS_HTTP_KEY", ""),
        sms_http_template=env.get("HARBIN_SMS_HTTP_TEMPLATE", ""),
        files_dir=_path(env.get("HARBIN_FILES_DIR", "var/files")),
        pilot_start=_date(env.get("HARBIN_PILOT_START", "2024-07-01"), "HARBIN_PILOT_START"),
        pilot_end=_date(env.get("HARBIN_PILOT_END", "2026-06-30"), "HARBIN_PILOT_END"),
        demo_password=env.get("HARBIN_DEMO_PASSWORD", "Harbin#2024"),
        session_days=int(env.get("HARBIN_SESSION_DAYS", "7")),
    )
    if settings.pilot_end <= settings.pilot_start:
        raise SystemExit("HARBIN_PILOT_END must be after HARBIN_PILOT_START")
    if settings.sms_gateway not in ("console", "http"):
        raise SystemExit("HARBIN_SMS_GATEWAY must be console or http")
    return settings


settings = load_settings()
