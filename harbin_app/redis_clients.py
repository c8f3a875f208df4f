"""One asyncio Redis client per event loop and URL (each backend worker has its own loop), and one
synchronous client per process and URL for code that cannot await (a state being pickled)."""

from __future__ import annotations

import asyncio
from typing import Any

_clients: dict[tuple[int, str], Any] = {}
_sync_clients: dict[tuple[int, str], Any] = {}
SYNC_TIMEOUT = 5  # seconds: a Redis that does not answer fails the call instead of blocking the loop


def client(url: str) -> Any:  # noqa: ANN401  (redis.asyncio.Redis)
    import redis.asyncio as aioredis  # only when Redis is configured

    key = (id(asyncio.get_running_loop()), url)
    if key not in _clients:
        _clients[key] = aioredis.Redis.from_url(url)
    return _clients[key]


def sync_client(url: str) -> Any:  # noqa: ANN401  (redis.Redis)
    import os

    import redis

    key = (os.getpid(), url)  # a forked worker makes its own
    if key not in _sync_clients:
        _sync_clients[key] = redis.Redis.from_url(url, socket_timeout=SYNC_TIMEOUT, socket_connect_timeout=SYNC_TIMEOUT)
    return _sync_clients[key]
