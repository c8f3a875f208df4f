"""A thread pool of its own for slow document work: LibreOffice conversions (docgen/pdf.py, seconds)
and PDFium children (seal check, page renders). Run there, such work never occupies the event loop's
default executor, whose few threads (min(32, CPUs + 4)) carry every tab's database calls
(asyncio.to_thread): a reviewer opening twelve thumbnails must not stall other users' saves.

From an async handler or route: ``await slow_work.run(fn, *args, **kwargs)``.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
THREADS = 2  # the machine's cores; each piece of work is a child process using about one

_pool = ThreadPoolExecutor(max_workers=THREADS, thread_name_prefix="documents")


async def run(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    return await asyncio.get_running_loop().run_in_executor(_pool, functools.partial(fn, *args, **kwargs))
