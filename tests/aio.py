"""Run a coroutine to completion from a synchronous test.

Not `asyncio.run` directly: once a browser test has used Playwright's sync API, the main thread
reports Playwright's loop as running (the sync API sets it so), and `asyncio.run` refuses to start
there for the rest of the session. A worker thread has no running loop of its own.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def run(coro: Coroutine[Any, Any, T]) -> T:
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()
