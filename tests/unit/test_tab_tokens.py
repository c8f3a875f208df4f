"""A tab keeps its token when the worker that served it died (harbin_app/tab_tokens.py); a real
duplicate of a tab served by a live worker still gets a new one. On Redis (TEST_REDIS_URL)."""

from __future__ import annotations

import asyncio
import os
import pickle
import uuid

import pytest

from harbin_app import tab_tokens
from tests import aio

pytestmark = pytest.mark.skipif(not os.environ.get("TEST_REDIS_URL"), reason="needs Redis: set TEST_REDIS_URL")


def _run(coro_fn):
    """Each case on its own event loop, with its own clients, closed after."""
    import redis.asyncio as aioredis

    async def main():
        url = os.environ["TEST_REDIS_URL"]
        made = []

        def worker():
            manager = tab_tokens.WorkerAwareTokenManager(aioredis.Redis.from_url(url))
            made.append(manager)
            return manager

        try:
            return await coro_fn(worker)
        finally:
            for m in made:
                if m._alive_task:
                    m._alive_task.cancel()
                if getattr(m, "_own", None) is not None:
                    await m._own.aclose()
                await m.redis.aclose()

    return aio.run(main())


def test_a_tab_whose_worker_died_keeps_its_token():
    token = str(uuid.uuid4())

    async def case(worker):
        first = worker()
        assert await first.link_token_to_sid(token, "sid-1") is None
        owner = pickle.loads(await first.redis.get(first._get_redis_key(token))).instance_id
        assert owner == first.instance_id
        # the worker dies: its named connection closes, its record stays behind
        first._alive_task.cancel()
        await first._own.aclose()
        name = tab_tokens._name(first.instance_id)
        while any(c.get("name") == name for c in await first.redis.client_list()):
            await asyncio.sleep(0.01)  # Redis sees the connection closed
        await first.redis.set(f"{token}_lock", b"held-by-the-dead-worker", px=10_000)
        second = worker()
        assert await second.link_token_to_sid(token, "sid-2") is None  # the same tab, the same state
        assert not await second.redis.exists(f"{token}_lock")  # its next event does not wait 10 s
        owner = pickle.loads(await second.redis.get(second._get_redis_key(token))).instance_id
        assert owner == second.instance_id

    _run(case)


def test_a_duplicate_of_a_tab_on_a_live_worker_gets_a_new_token():
    token = str(uuid.uuid4())

    async def case(worker):
        first, second = worker(), worker()
        assert await first.link_token_to_sid(token, "sid-1") is None
        await first.redis.set(f"{token}_lock", b"held", px=10_000)
        new = await second.link_token_to_sid(token, "sid-2")
        assert new and new != token
        assert await second.redis.exists(f"{token}_lock")  # a live worker's lock is left alone
        await second.redis.delete(f"{token}_lock")

    _run(case)


def test_a_worker_whose_mark_has_lapsed_is_taken_for_dead():
    token = str(uuid.uuid4())

    async def case(worker):
        first = worker()
        await first.link_token_to_sid(token, "sid-1")
        await first.redis.delete(tab_tokens.ALIVE_PREFIX + first.instance_id)  # its machine went silent
        second = worker()
        assert await second.link_token_to_sid(token, "sid-2") is None

    _run(case)
