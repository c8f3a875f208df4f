"""Which tabs hold which session: the bindings (in memory, and in Redis when TEST_REDIS_URL is set)."""

from __future__ import annotations

import asyncio
import os
import secrets

import pytest

from harbin_app import tab_sessions
from harbin_app.services import accounts
from tests import aio

REGISTRIES = ["memory"] + (["redis"] if os.environ.get("TEST_REDIS_URL") else [])


@pytest.fixture(params=REGISTRIES)
def registry(request: pytest.FixtureRequest):  # noqa: ANN201
    if request.param == "memory":
        return tab_sessions.MemoryRegistry()
    import redis

    redis.Redis.from_url(os.environ["TEST_REDIS_URL"]).flushdb()
    return tab_sessions.RedisRegistry(os.environ["TEST_REDIS_URL"])


def test_bindings_both_ways(registry) -> None:  # noqa: ANN001
    s1, s2 = accounts.token_hash("one"), accounts.token_hash("two")

    async def go() -> None:
        await registry.bind("tab-a", s1, 60)
        await registry.bind("tab-b", s1, 60)
        await registry.bind("tab-c", s2, 60)
        assert await registry.session_of("tab-a") == s1
        assert sorted(await registry.tabs_of(s1)) == ["tab-a", "tab-b"]
        await registry.bind("tab-b", s2, 60)  # signed in again with another session
        assert await registry.tabs_of(s1) == ["tab-a"]
        assert sorted(await registry.tabs_of(s2)) == ["tab-b", "tab-c"]
        await registry.forget_tab("tab-c")
        assert await registry.session_of("tab-c") is None and await registry.tabs_of(s2) == ["tab-b"]
        await registry.forget_session(s2)
        assert await registry.session_of("tab-b") is None and await registry.tabs_of(s2) == []
        assert await registry.session_of("tab-a") == s1  # other sessions untouched
        assert await registry.session_of("never-seen") is None

    aio.run(go())


def test_memory_bindings_expire(monkeypatch) -> None:  # noqa: ANN001
    registry, now = tab_sessions.MemoryRegistry(), [1000.0]
    monkeypatch.setattr(tab_sessions.time, "time", lambda: now[0])

    async def go() -> None:
        await registry.bind("tab-a", "s", 60)
        now[0] += 61
        assert await registry.session_of("tab-a") is None and await registry.tabs_of("s") == []
        registry._purge()
        assert registry._tabs == {} and registry._sessions == {}

    aio.run(go())


@pytest.mark.skipif(not os.environ.get("TEST_REDIS_URL"), reason="needs Redis (TEST_REDIS_URL), as in CI")
def test_redis_bindings_carry_an_expiry() -> None:
    import redis

    url = os.environ["TEST_REDIS_URL"]
    client = redis.Redis.from_url(url)
    client.flushdb()
    tab = secrets.token_hex(8)
    aio.run(tab_sessions.RedisRegistry(url).bind(tab, "s", 120))
    assert 0 < client.ttl(f"harbin:tab:{tab}") <= 120 and 0 < client.ttl("harbin:session-tabs:s") <= 120


def test_a_signed_out_tab_goes_to_login_keeping_its_workbench_page() -> None:
    assert tab_sessions.login_target("/workbench/todo", "/workbench/todo/") == "/login?next=/workbench/todo"
    assert tab_sessions.login_target("/workbench/todo/[order_id]", "/workbench/todo/12") == "/login?next=/workbench/todo/12"
    assert tab_sessions.login_target("/", "/") == ""  # the portal stays, its menu turns into 登录/注册
    assert tab_sessions.login_target("/login", "/login") == ""


def test_may_upload_refuses_unknown_and_absurd_tokens() -> None:
    assert not aio.run(tab_sessions.may_upload(""))
    assert not aio.run(tab_sessions.may_upload("x" * 500))
    assert not aio.run(tab_sessions.may_upload(secrets.token_hex(16)))


def test_ending_sessions_tells_exactly_the_tabs_holding_them(database, monkeypatch) -> None:  # noqa: ANN001
    """Which tabs are told (the push itself, app.modify_state, is exercised in the browser tests)."""
    from harbin_app import db
    from harbin_app.models import User
    from harbin_app.services.actor import ENTERPRISE, REVIEWER
    from tests.unit.factories import make_user

    monkeypatch.setattr(tab_sessions, "registry", tab_sessions.MemoryRegistry())
    monkeypatch.setattr(tab_sessions, "_recent", {})
    told: list[tuple[str, str]] = []

    async def sign_out(tab: str, session_hash: str) -> bool:
        told.append((tab, session_hash))
        return True

    monkeypatch.setattr(tab_sessions, "_sign_out_tab", sign_out)
    user, someone = make_user("qiye", ENTERPRISE, "13800000001"), make_user("shenhe", REVIEWER)
    with db.transaction() as s:
        first, second = (accounts._open_session(s, s.get(User, user.user_id)) for _ in range(2))
        theirs = accounts._open_session(s, s.get(User, someone.user_id))
    h1, h2 = accounts.token_hash(first), accounts.token_hash(second)

    async def go() -> None:
        for tab, token in (("tab-1", first), ("tab-2", first), ("tab-3", second), ("tab-4", theirs)):
            await tab_sessions.bind(tab, token)
        accounts.logout(first)
        assert await tab_sessions.end_sessions_now([h1], skip_tab="tab-1") == 1  # 退出 in tab-1
        assert told == [("tab-2", h1)]
        assert await tab_sessions.registry.session_of("tab-1") is None  # the session's bindings are gone
        told.clear()
        tab_sessions.end_user_sessions(user.user_id)  # e.g. after the account was disabled
        await asyncio.gather(*tab_sessions._tasks)
        assert told == [("tab-3", h2)]  # the user's other session; another user's tab is untouched
        assert await tab_sessions.registry.session_of("tab-4") == accounts.token_hash(theirs)

    aio.run(go())
