"""The production launcher: `python -m harbin_app.production [--port 3000]` (`make run-prod`).

Checks the environment before anything starts, then migrates the database and serves the prod build
(`reflex run --env prod`: the compiled frontend and several granian backend workers on one port).
It never creates the demo accounts.

Refuses to start (exit code 2, message in Chinese and English) without a secret key of our own
(missing, too short, or one published in the code), without a PostgreSQL database URL, or without
Redis (several workers share the tabs' state only through Redis).

Plain Python: it must not import `harbin_app.settings` before the checks (that module reads the
environment when imported and stops on its own terms).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MIN_SECRET_LENGTH = 32
REFUSED = 2  # exit code of a refused start


class Refused(Exception):
    """The environment is not fit for production; `str(exc)` says why, in Chinese and English."""


def _published() -> frozenset[str]:
    # the same list settings.py refuses; read from the source, not by importing settings
    source = (ROOT / "harbin_app" / "settings.py").read_text(encoding="utf-8")
    start = source.index("PUBLISHED_SECRETS = frozenset(")
    literal = source[start:].split("(", 1)[1].split(")", 1)[0]
    import ast

    return frozenset(ast.literal_eval(literal))


def check(env: Mapping[str, str]) -> list[str]:
    """Every reason the environment cannot run production (empty: fit)."""
    problems: list[str] = []
    secret = env.get("HARBIN_SECRET_KEY", "").strip()
    if not secret:
        problems.append(
            "未设置 HARBIN_SECRET_KEY：生产环境必须提供自己的随机密钥。\n"
            "  HARBIN_SECRET_KEY is not set: production needs a random key of its own, e.g.\n"
            "  export HARBIN_SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(48))')"
        )
    elif secret in _published():
        problems.append(
            "HARBIN_SECRET_KEY 是代码中公开过的开发密钥，不能用于生产。\n"
            "  HARBIN_SECRET_KEY is the development key published in the code: set a random one of your own."
        )
    elif len(secret) < MIN_SECRET_LENGTH:
        problems.append(
            f"HARBIN_SECRET_KEY 太短（至少 {MIN_SECRET_LENGTH} 个字符）。\n"
            f"  HARBIN_SECRET_KEY is too short (at least {MIN_SECRET_LENGTH} characters)."
        )
    database = env.get("HARBIN_DATABASE_URL", "").strip()
    if not database:
        problems.append(
            "未设置 HARBIN_DATABASE_URL：生产环境使用 PostgreSQL（postgresql+psycopg://用户@主机:端口/库名）。\n"
            "  HARBIN_DATABASE_URL is not set: production runs on PostgreSQL (postgresql+psycopg://user@host:port/db)."
        )
    elif not database.startswith("postgresql"):
        problems.append(
            "HARBIN_DATABASE_URL 不是 PostgreSQL：多个后端进程不能共用 SQLite 文件。\n"
            "  HARBIN_DATABASE_URL is not PostgreSQL: several backend workers cannot share an SQLite file."
        )
    if not env.get("HARBIN_REDIS_URL", "").strip():
        problems.append(
            "未设置 HARBIN_REDIS_URL：多个后端进程通过 Redis 共享页面状态。\n"
            "  HARBIN_REDIS_URL is not set: several backend workers share the tabs' state through Redis."
        )
    return problems


def production_env(env: Mapping[str, str]) -> dict[str, str]:
    """The environment the app runs with: checked, HARBIN_ENV=production; raises Refused."""
    problems = check(env)
    if problems:
        raise Refused(
            "拒绝以生产模式启动 / refusing to start in production mode:\n- " + "\n- ".join(problems)
        )
    out = {**env, "HARBIN_ENV": "production", "REFLEX_ENV_MODE": "prod", "REFLEX_TELEMETRY_ENABLED": "false"}
    out.pop("HARBIN_SECRET_FILE", None)  # the configured key only, never an instance key file
    out.pop("REFLEX_REDIS_URL", None)  # rxconfig takes HARBIN_REDIS_URL
    if public := env.get("HARBIN_PUBLIC_URL", "").strip().rstrip("/"):
        # behind a reverse proxy the browser must open its websocket through the proxy, not to this server
        out["REFLEX_API_URL"] = out["REFLEX_DEPLOY_URL"] = public
    if env.get("HARBIN_WORKERS"):
        out["GRANIAN_WORKERS"] = env["HARBIN_WORKERS"]
    return out


def ensure_database(url: str) -> bool:
    """Create the PostgreSQL database named in `url` if it does not exist (needs the right to);
    returns whether it was created."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            if conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": target.database}).first():
                return False
            conn.execute(text(f'CREATE DATABASE "{target.database}"'))
            return True
    finally:
        admin.dispose()


def prepare(env: Mapping[str, str]) -> dict[str, str]:
    """Check, create the database if missing, migrate (no demo accounts); returns the app's environment."""
    app_env = production_env(env)
    if ensure_database(app_env["HARBIN_DATABASE_URL"]):
        print("已创建数据库 / database created", flush=True)
    subprocess.run([sys.executable, "-m", "harbin_app.migrate"], env=app_env, cwd=ROOT, check=True)
    return app_env


def create_admin(username: str, password: str) -> None:
    """The first admin of a production database (run with the production environment). The password
    must be replaced at the first login; an existing account of that name is refused."""
    from sqlmodel import select

    from harbin_app import clock, db
    from harbin_app.models import User
    from harbin_app.services.actor import ADMIN
    from harbin_app.services.passwords import hash_password, password_problem

    if problem := password_problem(password):
        raise Refused(f"管理员密码不符合要求 / the admin password is refused: {problem}")
    with db.transaction() as session:
        if session.exec(select(User.id).where(User.username == username)).first() is not None:
            raise Refused(f"用户名 {username} 已存在 / the user {username} exists already")
        session.add(User(username=username, role=ADMIN, display_name="平台管理员", must_change_password=True,
                         password_hash=hash_password(password), created_at=clock.now()))


def command(port: int) -> list[str]:
    return ["reflex", "run", "--env", "prod", "--frontend-port", str(port), "--backend-port", str(port)]


def respawn_failed_workers() -> None:
    """Granian stops the WHOLE server when one worker dies unexpectedly, unless told to respawn failed
    workers, and Reflex does not tell it: every granian server made in this process respawns them
    (a crash loop, a worker dying again within 5.5 s, still stops the server)."""
    from granian.server.common import AbstractServer

    if getattr(AbstractServer.__init__, "_harbin_respawn", False):
        return
    original = AbstractServer.__init__

    def init(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        kwargs["respawn_failed_workers"] = True
        original(self, *args, **kwargs)

    init._harbin_respawn = True  # type: ignore[attr-defined]
    AbstractServer.__init__ = init  # type: ignore[method-assign]


def serve(port: int, app_env: dict[str, str]) -> int:
    """Run `reflex run --env prod` in this process (so that the granian supervisor is this process and
    respawns failed workers); returns its exit code."""
    os.environ.clear()
    os.environ.update(app_env)
    os.chdir(ROOT)
    respawn_failed_workers()
    from reflex.reflex import cli

    sys.argv = command(port)
    try:
        cli(prog_name="reflex")
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "3000")))
    parser.add_argument("--check", action="store_true", help="only check the environment")
    parser.add_argument("--create-admin", metavar="USERNAME",
                        help="migrate, create the first admin (password from HARBIN_ADMIN_PASSWORD) and exit")
    args = parser.parse_args(argv)
    try:
        if args.create_admin:
            os.environ.update(prepare(os.environ))
            create_admin(args.create_admin, os.environ.get("HARBIN_ADMIN_PASSWORD", ""))
            print(f"已创建管理员 {args.create_admin}（首次登录须修改密码） / admin created")
            return 0
        if args.check:
            production_env(os.environ)
            print("生产环境配置检查通过 / the production environment is fit")
            return 0
        app_env = prepare(os.environ)
    except Refused as exc:
        print(exc, file=sys.stderr)
        return REFUSED
    print(f"生产模式启动于 :{args.port} / serving in production mode on :{args.port}", flush=True)
    return serve(args.port, app_env)


if __name__ == "__main__":
    sys.exit(main())
