"""Django settings of the peer: the app's database (PEER_DATABASE_URL, an SQLAlchemy-style URL), no
sessions, no admin, no templates engine: one view."""

import os
from urllib.parse import unquote, urlsplit

SECRET_KEY = "bench-peer-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "tests.bench.peer.urls"
INSTALLED_APPS = ["tests.bench.peer"]
MIDDLEWARE: list[str] = []
USE_TZ = False  # the app's columns hold UTC without a zone
WSGI_APPLICATION = "tests.bench.peer.wsgi.application"


def _database(url: str) -> dict:
    if url.startswith("sqlite"):
        # as the app's engine (harbin_app/db.py): WAL (already set on the file), 30 s busy timeout;
        # IMMEDIATE so concurrent writers queue on the lock instead of failing to upgrade it
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": url.split(":///", 1)[1],
            "OPTIONS": {"timeout": 30, "transaction_mode": "IMMEDIATE"},
        }
    parts = urlsplit(url)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": parts.path.lstrip("/"),
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "CONN_MAX_AGE": None,  # one connection per worker, kept (the app keeps a pool)
    }


DATABASES = {"default": {**_database(os.environ["PEER_DATABASE_URL"]), "CONN_MAX_AGE": None}}
