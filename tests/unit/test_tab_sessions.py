"""Which tabs hold which session: the bindings (in memory, and in Redis when TEST_REDIS_URL is set)."""

from __future__ import annotations

import asyncio
import os
import secrets

import pytest

from harbin_app import tab_sessions
from harbin_app.services import accounts

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

    asyncio.run(go())


def test_memory_bindings_expire(monkeypatch) -> None:  # noqa: ANN001
    registry, now = tab_sessions.MemoryRegistry(), [1000.0]
    monkeypatch.setattr(tab_sessions.time, "time", lambda: now[0])

    async def go() -> None:
        await registry.bind("tab-a", "s", 60)
        now[0] += 61
        assert await registry.session_of("tab-a") is None and await registry.tabs_of("s") == []
        registry._purge()
        assert registry._tabs == {} and registry._sessions == {}

    asyncio.run(go())


@pytest.mark.skipif(not os.environ.get("TEST_REDIS_URL"), reason="needs Redis (TEST_REDIS_URL), as in CI")
def test_redis_bindings_carry_an_expiry() -> None:
    import redis

    url = os.environ["TEST_REDIS_URL"]
    client = redis.Redis.from_url(url)
    client.flushdb()
    tab = secrets.token_hex(8)
    asyncio.run(tab_sessions.RedisRegistry(url).bind(tab, "s", 120))
    assert 0 < client.ttl(f"harbin:tab:{tab}") <= 120 and 0 < client.ttl("harbin:session-tabs:s") <= 120


def test_a_signed_out_tab_goes_to_login_keeping_its_workbench_page() -> None:
    assert tab_sessions.login_target("/workbench/todo", "/workbench/todo/") == "/login?next=/workbench/todo"
    assert tab_sessions.login_target("/workbench/todo/[order_id]", "/workbench/todo/12") == "/login?next=/workbench/todo/12"
    assert tab_sessions.login_target("/", "/") == ""  # the portal stays, its menu turns into 登录/注册
    assert tab_sessions.login_target("/login", "/login") == ""


def test_may_upload_refuses_unknown_and_absurd_tokens() -> None:
    assert not asyncio.run(tab_sessions.may_upload(""))
    assert not asyncio.run(tab_sessions.may_upload("x" * 500))
    assert not asyncio.run(tab_sessions.may_upload(secrets.token_hex(16)))
