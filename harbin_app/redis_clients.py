"""One asyncio Redis client per event loop and URL (each backend worker has its own loop)."""

from __future__ import annotations

import asyncio
from typing import Any

_clients: dict[tuple[int, str], Any] = {}


def client(url: str) -> Any:  # noqa: ANN401  (redis.asyncio.Redis)
    import redis.asyncio as aioredis  # only when Redis is configured

    key = (id(asyncio.get_running_loop()), url)
    if key not in _clients:
        _clients[key] = aioredis.Redis.from_url(url)
    return _clients[key]
