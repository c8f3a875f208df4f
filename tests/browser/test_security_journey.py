"""Sign-in edges in the browser: 登录/注册 when already signed in, and 退出 ending every tab of a session."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.helpers import DEMO_PASSWORD, login, logout, open_page, wait_ready


@pytest.fixture
def same_session(browser: Browser, browser_context_args: dict, base_url: str) -> Iterator:
    """Open pages in other browsers that hold the same sign-in (the token in their LocalStorage)."""
    contexts = []

    def make(signed_in: Page) -> Page:
        context = browser.new_context(
            **{**browser_context_args, "base_url": base_url, "storage_state": signed_in.context.storage_state()}
        )
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def test_a_signed_in_user_opening_login_or_register_lands_on_the_workbench(page: Page, app_server) -> None:  # noqa: ANN001
    login(page, "finance")
    open_page(page, "/login")
    expect(page).to_have_url(re.compile(r"/workbench/todo/?$"))
    expect(page.get_by_role("heading", name="我的待办")).to_be_visible()
    open_page(page, "/register")
    expect(page).to_have_url(re.compile(r"/workbench/todo/?$"))
    expect(page.get_by_role("heading", name="我的待办")).to_be_visible()
    open_page(page, "/login?next=/workbench/stats")  # a page asked for is still honoured
    expect(page).to_have_url(re.compile(r"/workbench/stats/?$"))

    logout(page)  # signed out, 登录 and 注册 show their forms again, and ?next= still brings one back
    open_page(page, "/register")
    expect(page.get_by_role("button", name="确认")).to_be_visible()
    open_page(page, "/login?next=/workbench/stats")
    expect(page.get_by_role("button", name="登录")).to_be_visible()
    page.get_by_label("用户名或手机号", exact=True).fill("finance")
    page.get_by_label("密码", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(re.compile(r"/workbench/stats/?$"))


def worker_of(page: Page) -> str:
    marker = page.locator("#live-worker")
    expect(marker).to_have_attribute("data-worker", re.compile(r"\d+"))
    return marker.get_attribute("data-worker") or ""


def test_logout_ends_every_tab_of_the_session_at_once(page: Page, app_server, same_session) -> None:  # noqa: ANN001
    review = "/workbench/review/certification"
    login(page, "reviewer")
    open_page(page, review)
    mine = worker_of(page)
    # other browsers holding the same session, on a workbench page; in the production setup, until
    # one of them is served by another backend worker than the one that will handle 退出
    others: list[Page] = []
    while not others or (app_server.production_setup and {worker_of(o) for o in others} == {mine} and len(others) < 8):
        other = same_session(page)
        open_page(other, review)
        expect(other.get_by_role("heading", name="企业认证审核")).to_be_visible()
        expect(other.get_by_role("button", name="用户菜单")).to_be_visible()
        others.append(other)
    if app_server.production_setup:
        assert {worker_of(o) for o in others} != {mine}, "a tab on another worker should be among them"
    portal = same_session(page)  # and one on the portal
    open_page(portal, "/")
    expect(portal.get_by_role("button", name="用户菜单")).to_be_visible()

    logout(page)

    # no click, no reload in the other browsers: they are told at once
    for other in others:
        expect(other).to_have_url(re.compile(r"/login\?next=/workbench/review/certification/?$"))
        expect(other.get_by_role("button", name="用户菜单")).to_have_count(0)
        expect(other.get_by_label("用户名或手机号", exact=True)).to_be_visible()
    expect(portal.get_by_role("button", name="用户菜单")).to_have_count(0)
    expect(portal.get_by_role("link", name="登录", exact=True)).to_be_visible()
    expect(portal).to_have_url(re.compile(r"/$"))  # the portal stays where it is

    other = others[-1]
    open_page(other, "/workbench/todo")  # nothing further is let through
    expect(other).to_have_url(re.compile(r"/login\?next=/workbench/todo/?$"))
    other.get_by_label("用户名或手机号", exact=True).fill("reviewer")  # signing in again works
    other.get_by_label("密码", exact=True).fill(DEMO_PASSWORD)
    other.get_by_role("button", name="登录").click()
    expect(other).to_have_url(re.compile(r"/workbench/todo/?$"))
    wait_ready(other)
    expect(other.get_by_role("heading", name="我的待办")).to_be_visible()
