"""What runs beside the pages in every backend worker, for the app's whole life (a lifespan task
registered in harbin_app.py): the job worker (services/jobs.py: SMS notices, reminders) and the
binding of live pushes to this worker's event loop, the token manager that lets a tab keep its
state when its worker dies (tab_tokens.py), and, on the embedded default, a disk state manager that
sweeps its folder once a minute rather than after every batch of writes (disk_states.py)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from reflex.utils import prerequisites

from harbin_app import disk_states, live, tab_tokens
from harbin_app.services import jobs


@contextlib.asynccontextmanager
async def lifespan() -> AsyncIterator[None]:
    live.bind_loop()
    app = prerequisites.get_app().app
    tab_tokens.install(app)
    disk_states.install(app)
    await asyncio.to_thread(jobs.start)
    try:
        yield
    finally:
        await asyncio.to_thread(jobs.stop)
