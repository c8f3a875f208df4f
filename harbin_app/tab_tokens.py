"""A tab keeps its token (and so its state) when the worker that served it dies.

Reflex's Redis token manager records which worker holds each tab's socket, and a tab connecting
with a token that has a record is taken for a duplicated browser tab: it is given a new token and
a fresh state. A worker killed (or an app restarted) leaves its records behind, so every tab it
served would reconnect as a stranger: what it had not saved dropped, every input drawn again under
the user's hands. Here each worker holds a Redis connection named after it (Redis
drops it the moment the process dies) and renews a mark every few seconds (for a machine that dies
without closing it); a record whose worker has neither is stale, and the tab that reconnects takes
its token back, and the dead worker's lock on its state is broken. A real duplicate (the other tab's worker is alive) still gets a new token.
"""

from __future__ import annotations

import asyncio
import logging
import pickle

from reflex.utils.token_manager import RedisTokenManager

log = logging.getLogger("harbin_app.tab_tokens")
ALIVE_PREFIX = "harbin:worker-alive:"
ALIVE_SECONDS = 15  # a worker silent this long is taken for dead (its machine gone)
RENEW_SECONDS = 5


class WorkerAwareTokenManager(RedisTokenManager):
    _alive_task: asyncio.Task | None = None
    _own = None  # the Redis client whose connection is named after this worker

    async def close(self) -> None:
        if self._alive_task is not None:
            self._alive_task.cancel()
        if self._own is not None:
            await self._own.aclose()
        await super().close()

    async def link_token_to_sid(self, token: str, sid: str) -> str | None:
        await self._keep_alive()
        record = self.token_to_socket.get(token)
        if record is None or record.sid != sid:
            await self._drop_if_stale(token)
        return await super().link_token_to_sid(token, sid)

    async def _drop_if_stale(self, token: str) -> None:
        key = self._get_redis_key(token)
        try:
            raw = await self.redis.get(key)
            if raw is None:
                return
            owner = pickle.loads(raw).instance_id
            if owner != self.instance_id and not await self._alive(owner):
                # its worker is gone: the tab reconnecting is the same tab; the lock that worker held on
                # the tab's state (Reflex keeps it a few seconds after each event) is broken too, so the
                # tab's next event does not wait for it to expire (a write under it would be refused)
                await self.redis.delete(key, f"{token}_lock".encode())
                log.info("tab %s reconnected after its worker %s died: token kept", token[:8], owner[:8])
        except Exception:  # noqa: BLE001  (Redis trouble: Reflex's own rule applies)
            log.exception("could not check the worker of tab %s", token[:8])

    async def _alive(self, instance_id: str) -> bool:
        if not await self.redis.exists(ALIVE_PREFIX + instance_id):
            return False
        clients = await self.redis.client_list()
        return any(c.get("name") == _name(instance_id) for c in clients)

    async def _keep_alive(self) -> None:
        if self._alive_task is None or self._alive_task.done():
            import redis.asyncio as aioredis

            if self._own is None:
                kwargs = dict(self.redis.connection_pool.connection_kwargs)
                self._own = aioredis.Redis(**{**kwargs, "client_name": _name(self.instance_id)})
            await self._mark_alive()  # before this worker's first record is written
            self._alive_task = asyncio.get_running_loop().create_task(self._say_alive())

    async def _mark_alive(self) -> None:
        try:  # through the named connection, which stays open while this worker lives
            await self._own.set(ALIVE_PREFIX + self.instance_id, b"1", ex=ALIVE_SECONDS)
        except Exception:  # noqa: BLE001
            log.warning("could not renew this worker's alive mark", exc_info=True)

    async def _say_alive(self) -> None:
        while True:
            await asyncio.sleep(RENEW_SECONDS)
            await self._mark_alive()


def _name(instance_id: str) -> str:
    return f"harbin-worker-{instance_id}"


def install(app) -> None:  # noqa: ANN001
    """Use the worker-aware manager when the app runs on Redis (called once the worker starts)."""
    namespace = getattr(app, "event_namespace", None)
    manager = getattr(namespace, "_token_manager", None)
    if isinstance(manager, RedisTokenManager) and not isinstance(manager, WorkerAwareTokenManager):
        namespace._token_manager = WorkerAwareTokenManager(manager.redis)
    elif namespace is None:
        log.warning("no event namespace yet: a tab whose worker dies will reconnect with a new token")
