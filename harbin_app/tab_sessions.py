"""Which open tabs hold which sign-in session, and ending every tab of a session at once.

A tab's `SessionState` binds its Reflex client token to its session (the SHA-256 of the session
token, as the database keeps it) whenever it resolves a signed-in user. Two things read it:

- the upload guard (`web_routes.upload_limit`): Reflex's upload request names only the client
  token (header `Reflex-Client-Token`), so an upload is let through only for a client token bound
  to a session the database still holds open;
- `end_sessions` / `end_user_sessions`: after sessions are revoked (退出, a disabled account) every
  tab holding them is signed out at once: its session state is cleared and, on a workbench page, it
  is sent to 登录 with its page kept as `?next=`.

Kept in Redis when the app runs with Redis (a tab may be served by another worker), else in this
process; entries expire with the session lifetime.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Protocol
from urllib.parse import quote

from harbin_app.services import accounts
from harbin_app import redis_clients
from harbin_app.settings import settings

log = logging.getLogger("harbin_app.tab_sessions")
REBIND_SECONDS = 600  # how often a worker re-writes a binding it already made (survives a lost entry)
_tasks: set[asyncio.Task] = set()
_recent: dict[str, tuple[str, float]] = {}  # this process: client token → (session hash, bound at)


def _ttl() -> int:
    return settings.session_days * 86400


class Registry(Protocol):
    async def bind(self, tab: str, session_hash: str, ttl: int) -> None: ...
    async def session_of(self, tab: str) -> str | None: ...
    async def tabs_of(self, session_hash: str) -> list[str]: ...
    async def forget_tab(self, tab: str) -> None: ...
    async def forget_session(self, session_hash: str) -> None: ...


class MemoryRegistry:
    """One worker (no Redis): the bindings of this process, each with its expiry time."""

    PURGE_EVERY = 1000

    def __init__(self) -> None:
        self._tabs: dict[str, tuple[str, float]] = {}
        self._sessions: dict[str, set[str]] = {}
        self._binds = 0

    async def bind(self, tab: str, session_hash: str, ttl: int) -> None:
        await self.forget_tab(tab)
        self._tabs[tab] = (session_hash, time.time() + ttl)
        self._sessions.setdefault(session_hash, set()).add(tab)
        self._binds += 1
        if self._binds % self.PURGE_EVERY == 0:
            self._purge()

    def _purge(self) -> None:
        now = time.time()
        for tab in [t for t, (_, until) in self._tabs.items() if until <= now]:
            session_hash, _ = self._tabs.pop(tab)
            self._drop(session_hash, tab)

    def _drop(self, session_hash: str, tab: str) -> None:
        tabs = self._sessions.get(session_hash)
        if tabs is not None:
            tabs.discard(tab)
            if not tabs:
                del self._sessions[session_hash]

    async def session_of(self, tab: str) -> str | None:
        entry = self._tabs.get(tab)
        if entry is None or entry[1] <= time.time():
            return None
        return entry[0]

    async def tabs_of(self, session_hash: str) -> list[str]:
        now = time.time()
        return [t for t in self._sessions.get(session_hash, ()) if self._tabs.get(t, ("", 0))[1] > now]

    async def forget_tab(self, tab: str) -> None:
        entry = self._tabs.pop(tab, None)
        if entry is not None:
            self._drop(entry[0], tab)

    async def forget_session(self, session_hash: str) -> None:
        for tab in self._sessions.pop(session_hash, set()):
            if self._tabs.get(tab, ("",))[0] == session_hash:
                del self._tabs[tab]


class RedisRegistry:
    """Several workers: `harbin:tab:<client token>` → session hash, `harbin:session-tabs:<hash>` → tabs."""

    def __init__(self, url: str) -> None:
        self.url = url

    def _client(self):  # noqa: ANN202
        return redis_clients.client(self.url)

    @staticmethod
    def _tab_key(tab: str) -> str:
        return f"harbin:tab:{tab}"

    @staticmethod
    def _session_key(session_hash: str) -> str:
        return f"harbin:session-tabs:{session_hash}"

    async def bind(self, tab: str, session_hash: str, ttl: int) -> None:
        client = self._client()
        previous = await client.get(self._tab_key(tab))
        async with client.pipeline(transaction=True) as pipe:
            if previous is not None and previous.decode() != session_hash:
                pipe.srem(self._session_key(previous.decode()), tab)
            pipe.set(self._tab_key(tab), session_hash, ex=ttl)
            pipe.sadd(self._session_key(session_hash), tab)
            pipe.expire(self._session_key(session_hash), ttl)
            await pipe.execute()

    async def session_of(self, tab: str) -> str | None:
        value = await self._client().get(self._tab_key(tab))
        return value.decode() if value is not None else None

    async def tabs_of(self, session_hash: str) -> list[str]:
        return [t.decode() for t in await self._client().smembers(self._session_key(session_hash))]

    async def forget_tab(self, tab: str) -> None:
        client = self._client()
        previous = await client.getdel(self._tab_key(tab))
        if previous is not None:
            await client.srem(self._session_key(previous.decode()), tab)

    async def forget_session(self, session_hash: str) -> None:
        client = self._client()
        tabs = await self.tabs_of(session_hash)
        async with client.pipeline(transaction=True) as pipe:
            for tab in tabs:
                pipe.delete(self._tab_key(tab))
            pipe.delete(self._session_key(session_hash))
            await pipe.execute()


registry: Registry = RedisRegistry(settings.redis_url) if settings.redis_url else MemoryRegistry()


# ------------------------------------------------------------------ binding (called by SessionState)


async def bind(tab: str, session_token: str) -> None:
    """This tab holds this (resolved, open) session. Cheap to call often: a worker re-writes a
    binding it made itself only every REBIND_SECONDS."""
    if not tab or not session_token:
        return
    session_hash = accounts.token_hash(session_token)
    now = time.time()
    known = _recent.get(tab)
    if known is not None and known[0] == session_hash and now - known[1] < REBIND_SECONDS:
        return
    await registry.bind(tab, session_hash, _ttl())
    _recent[tab] = (session_hash, now)
    if len(_recent) > 10_000:  # forget old marks (only a cache of what was written)
        for key in [k for k, (_, at) in _recent.items() if now - at >= REBIND_SECONDS]:
            _recent.pop(key, None)


async def unbind(tab: str) -> None:
    """This tab holds no session any more."""
    if not tab:
        return
    _recent.pop(tab, None)
    await registry.forget_tab(tab)


async def may_upload(tab: str) -> bool:
    """Whether the tab with this client token is signed in to a session that is still open."""
    if not tab or len(tab) > 200:
        return False
    session_hash = await registry.session_of(tab)
    if session_hash is None:
        return False
    return await asyncio.to_thread(accounts.session_is_open, session_hash)


# ------------------------------------------------------------------ ending sessions (pushed)


def end_sessions(session_hashes: list[str], *, skip_tab: str = "") -> None:
    """After these sessions were revoked: sign out every tab holding one of them, now (a task, so
    the caller's own event does not wait; `skip_tab` is the caller's tab, which ends itself)."""
    _spawn(end_sessions_now(list(session_hashes), skip_tab=skip_tab))


def end_user_sessions(user_id: int, *, skip_tab: str = "") -> None:
    """After a user's sessions were revoked or the account disabled: sign out all their tabs, now."""

    async def run() -> None:
        hashes = await asyncio.to_thread(accounts.session_hashes_of, user_id)
        await end_sessions_now(hashes, skip_tab=skip_tab)

    _spawn(run())


def _spawn(job) -> None:  # noqa: ANN001
    task = asyncio.get_running_loop().create_task(job)
    _tasks.add(task)
    task.add_done_callback(_tasks.discard)


async def end_sessions_now(session_hashes: list[str], *, skip_tab: str = "") -> int:
    """Sign out every tab holding one of these sessions; returns how many tabs were told."""
    told = 0
    for session_hash in dict.fromkeys(session_hashes):
        tabs = [t for t in await registry.tabs_of(session_hash) if t != skip_tab]
        await registry.forget_session(session_hash)
        for tab in tabs:
            _recent.pop(tab, None)
        outcomes = await asyncio.gather(*(_sign_out_tab(t, session_hash) for t in tabs), return_exceptions=True)
        for outcome in outcomes:
            if isinstance(outcome, BaseException):
                log.warning("signing out a tab failed: %r", outcome)
            elif outcome:
                told += 1
    return told


def login_target(route_id: str, path: str) -> str:
    """Where a signed-out tab goes: 登录, keeping a workbench page as ?next= (other pages stay)."""
    if not route_id.startswith("/workbench"):
        return ""
    path = path.rstrip("/") or "/workbench"
    return f"/login?next={quote(path)}"


_session_state = None  # the app's SessionState (harbin_app/state/session.py hands it in at import)


def use_session_state(cls) -> None:  # noqa: ANN001
    """Which state class holds a tab's session (given by it, so that this module does not import it)."""
    global _session_state
    _session_state = cls


async def _connected(app, tab: str) -> bool:  # noqa: ANN001
    """Whether the tab has a socket on some worker (a closed tab's state is cleared, nothing sent)."""
    manager = getattr(app.event_namespace, "_token_manager", None)
    return True if manager is None else await manager.is_token_connected(tab)


async def _sign_out_tab(tab: str, session_hash: str) -> bool:
    import reflex as rx
    from reflex.istate.manager.token import BaseStateToken
    from reflex.state import StateUpdate
    from reflex.utils import prerequisites
    from reflex_base.event import Event

    SessionState = _session_state  # noqa: N806
    assert SessionState is not None, "harbin_app.state.session registers its class at import"
    app = prerequisites.get_app().app
    connected = await _connected(app, tab)
    async with app.modify_state(BaseStateToken(ident=tab, cls=SessionState)) as root:
        session = root if isinstance(root, SessionState) else await root.get_state(SessionState)
        if not session.token or accounts.token_hash(session.token) != session_hash:
            return False  # this tab has signed out, or in again with another session, since
        session.end_here()
        target = login_target(session.router.route_id, session.router.url.path)
    if target and connected and app.event_namespace is not None:
        events = Event.from_event_type(rx.redirect(target, replace=True))
        await app.event_namespace.emit_update(update=StateUpdate(events=events), token=tab)
    return True
