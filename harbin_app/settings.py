"""Every setting of the platform, read once from the environment.

Relative paths are taken from the project root (the folder holding rxconfig.py).
"""

from __future__ import annotations

import os
import secrets
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Keys that were published in this repository: never sign with one of them, in any environment.
PUBLISHED_SECRETS = frozenset({"development-only-secret-do-not-use-in-production"})


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


def instance_secret(path: Path) -> str:
    """This instance's own random key, kept in `path` (mode 600): made on the first start, read after.

    Several workers may start at once: the key is written to a private temporary file first and
    then linked into place, which fails for all but one of them; the others read the winner's key.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        fd, scratch = tempfile.mkstemp(dir=path.parent, prefix=".secret-")  # created with mode 600
        try:
            with os.fdopen(fd, "w") as out:
                out.write(secrets.token_urlsafe(48) + "\n")
                out.flush()
                os.fsync(out.fileno())
            try:
                os.link(scratch, path)
            except FileExistsError:
                pass  # another worker was first: use its key
        finally:
            os.unlink(scratch)
    if path.stat().st_mode & 0o077:
        path.chmod(0o600)
    secret = path.read_text(encoding="ascii").strip()
    if len(secret) < 32:
        raise SystemExit(f"{path} holds no usable key: delete it to have a new one made")
    return secret


def _secret(env: os._Environ[str] | dict[str, str], environment: str) -> str:
    secret = env.get("HARBIN_SECRET_KEY", "")
    if secret in PUBLISHED_SECRETS:
        raise SystemExit(
            "HARBIN_SECRET_KEY is a key published in the code: set a random one of your own "
            "(python -c 'import secrets; print(secrets.token_urlsafe(48))')"
        )
    if secret:
        return secret
    if environment == "production":
        raise SystemExit("HARBIN_SECRET_KEY must be set in production")
    return instance_secret(_path(env.get("HARBIN_SECRET_FILE", "var/secret_key")))


def load_settings(env: os._Environ[str] | dict[str, str] = os.environ) -> Settings:
    environment = env.get("HARBIN_ENV", "development")
    secret = _secret(env, environment)
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
