"""Live updates pushed to other users' tabs (no polling, no reload).

A page that shows shared data `watch`es topics (queue:certification, order:12, …) when it loads.
After a change commits, the handler calls `publish(topics)`: a task then opens each watching tab's
state with `app.modify_state` and calls its `live_refresh()`, which reloads from the database; Reflex
sends the difference to that tab. A tab that has moved to another page is dropped on the way.

Who watches what is kept in Redis when the app runs with Redis (several workers: the tab may be on
another worker), else in this process.
"""

from __future__ import annotations

import asyncio
import json
import os
import logging
import time
from collections.abc import Callable, Hashable
from contextvars import ContextVar
from typing import Any, Protocol, TypeVar

T = TypeVar("T")

import reflex as rx
from reflex.istate.manager.token import BaseStateToken
from reflex.utils import prerequisites

from harbin_app.services import inbox
from harbin_app.services.engine import registry as order_types
from harbin_app import redis_clients
from harbin_app.settings import settings

log = logging.getLogger("harbin_app.live")
STALE_SECONDS = 12 * 3600  # a watcher not renewed for this long is forgotten

_classes: dict[str, type[rx.State]] = {}
_tasks: set[asyncio.Task] = set()
# during one publish: (query key) → the running query, so that many tabs showing the same list
# (30 reviewers on one queue) cost one query, not thirty
_shared: ContextVar[dict | None] = ContextVar("harbin_live_shared", default=None)


class LiveMixin(rx.State, mixin=True):
    """For page states that other users' actions refresh: define `live_refresh` and decorate the
    class with `@pushable`; call `await watch(self, topics…)` when the page loads."""

    _live_topics: list[str] = []
    live_worker: str = ""  # the backend process serving this tab (shown to tests, see worker_marker)

    async def live_refresh(self) -> None:
        raise NotImplementedError


def pushable(cls: type[rx.State]) -> type[rx.State]:
    """Register a LiveMixin state so that any worker can find it by name."""
    _classes[cls.get_full_name()] = cls
    return cls


class Registry(Protocol):
    async def add(self, topic: str, member: str, info: dict) -> None: ...
    async def remove(self, topic: str, member: str) -> None: ...
    async def members(self, topic: str) -> dict[str, dict]: ...


class MemoryRegistry:
    def __init__(self) -> None:
        self._topics: dict[str, dict[str, dict]] = {}

    async def add(self, topic: str, member: str, info: dict) -> None:
        self._topics.setdefault(topic, {})[member] = info

    async def remove(self, topic: str, member: str) -> None:
        self._topics.get(topic, {}).pop(member, None)

    async def members(self, topic: str) -> dict[str, dict]:
        return dict(self._topics.get(topic, {}))


class RedisRegistry:
    def __init__(self, url: str) -> None:
        self.url = url

    def _client(self):  # noqa: ANN202
        return redis_clients.client(self.url)

    @staticmethod
    def _key(topic: str) -> str:
        return f"harbin:live:{topic}"

    async def add(self, topic: str, member: str, info: dict) -> None:
        client = self._client()
        await client.hset(self._key(topic), member, json.dumps(info))
        await client.expire(self._key(topic), STALE_SECONDS)

    async def remove(self, topic: str, member: str) -> None:
        await self._client().hdel(self._key(topic), member)

    async def members(self, topic: str) -> dict[str, dict]:
        raw = await self._client().hgetall(self._key(topic))
        return {k.decode(): json.loads(v) for k, v in raw.items()}


registry: Registry = RedisRegistry(settings.redis_url) if settings.redis_url else MemoryRegistry()


def _member(token: str, state_name: str) -> str:
    return f"{token}|{state_name}"


async def watch(state: rx.State, *topics: str) -> None:
    """Let this tab's `state` be refreshed when any of `topics` changes (replaces its earlier topics)."""
    token = state.router.session.client_token
    name = type(state).get_full_name()
    member = _member(token, name)
    previous: list[str] = list(state._live_topics)  # type: ignore[attr-defined]
    for topic in previous:
        if topic not in topics:
            await registry.remove(topic, member)
    info = {"route": state.router.route_id, "at": time.time()}
    for topic in topics:
        await registry.add(topic, member, info)
    state._live_topics = list(topics)  # type: ignore[attr-defined]
    state.live_worker = str(os.getpid())  # type: ignore[attr-defined]
    if _loop is None:
        bind_loop()


async def run_query(key: Hashable, fn: Callable[..., T], *args: Any) -> T:
    """`fn(*args)` in a worker thread; within one publish, tabs asking the same `key` share one run."""
    shared = _shared.get()
    if shared is None:
        return await asyncio.to_thread(fn, *args)
    if key not in shared:
        shared[key] = asyncio.ensure_future(asyncio.to_thread(fn, *args))
    return await asyncio.shield(shared[key])


async def _connected(app: rx.App, token: str) -> bool:
    """Whether the tab still has a socket on some worker (a closed tab is forgotten, not refreshed)."""
    manager = getattr(app.event_namespace, "_token_manager", None)
    if manager is None:
        return True
    return await manager.is_token_connected(token)


async def _refresh(topic: str, member: str, info: dict) -> None:
    token, name = member.split("|", 1)
    cls = _classes.get(name)
    app = prerequisites.get_app().app
    if cls is None or time.time() - info.get("at", 0) > STALE_SECONDS or not await _connected(app, token):
        await registry.remove(topic, member)
        return
    async with app.modify_state(BaseStateToken(ident=token, cls=cls)) as root:
        state = root if isinstance(root, cls) else await root.get_state(cls)
        if state.router.route_id != info.get("route"):  # the tab went elsewhere
            await registry.remove(topic, member)
            return
        await state.live_refresh()


async def _publish(topics: tuple[str, ...], skip_token: str) -> None:
    seen: set[str] = set()
    jobs = []
    for topic in topics:
        for member, info in (await registry.members(topic)).items():
            if member in seen or member.startswith(f"{skip_token}|"):
                continue
            seen.add(member)
            jobs.append(_refresh(topic, member, info))
    _shared.set({})
    for outcome in await asyncio.gather(*jobs, return_exceptions=True):
        if isinstance(outcome, BaseException):
            log.warning("live refresh failed: %r", outcome)


def publish(*topics: str, skip: rx.State | None = None) -> None:
    """After a commit: refresh every tab watching `topics` (except `skip`'s tab, which refreshes itself)."""
    skip_token = skip.router.session.client_token if skip is not None else ""
    task = asyncio.get_running_loop().create_task(_publish(tuple(dict.fromkeys(topics)), skip_token))
    _tasks.add(task)
    task.add_done_callback(_tasks.discard)


_loop: asyncio.AbstractEventLoop | None = None  # the backend worker's event loop (bind_loop)


def bind_loop() -> None:
    """Remember this worker's event loop, so that a commit in a thread (a service call through
    asyncio.to_thread, the job worker) can publish (`publish_from_any_thread`)."""
    global _loop
    _loop = asyncio.get_running_loop()


def publish_from_any_thread(*topics: str) -> None:
    """`publish` from any thread of the backend (nothing happens outside the app: scripts, tests)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        loop = _loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(lambda: publish(*topics))
        return
    publish(*topics)


def inbox_topic(user_id: int) -> str:
    return f"inbox:user:{user_id}"


# a commit that wrote messages (a decision, a reminder, 已读) refreshes the bells of their users
inbox.on_committed(lambda users: publish_from_any_thread(*[inbox_topic(u) for u in sorted(users)]))


# ------------------------------------------------------------------ topics


def order_changed(result, *, skip: rx.State | None = None) -> None:  # noqa: ANN001
    """After a work-order transition (a workorders.TransitionResult): refresh everything showing it."""
    publish(*order_topics(result.kind, result.order_id, result.enterprise_id), skip=skip)


def order_topics(kind: str, order_id: int, enterprise_id: int) -> list[str]:
    """Everything that shows a work order: its queue, the todo lists of every role its type's table
    names, its detail page, the enterprise's pages (a new role in a table needs no edit here)."""
    return [
        f"queue:{kind}",
        *[f"todo:role:{role}" for role in sorted(order_types.staff_roles(kind))],
        f"todo:enterprise:{enterprise_id}",
        f"order:{order_id}",
        f"enterprise:{enterprise_id}",
    ]


def worker_marker(state: type[rx.State]) -> rx.Component:
    """A hidden mark of the worker serving this tab, drawn when HARBIN_EXPOSE_WORKER=1 (tests check
    that live updates cross workers)."""
    if os.environ.get("HARBIN_EXPOSE_WORKER") != "1":
        return rx.fragment()
    return rx.el.span(id="live-worker", data_worker=state.live_worker, hidden=True)
