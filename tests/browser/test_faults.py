"""Faults in the production setup (`python -m harbin_app.production`: PostgreSQL, Redis, three granian
workers): a backend worker killed during a burst of saves, the whole app and Redis restarted,
PostgreSQL unreachable for a while. Nothing waits for a fixed time: every step waits for what the
user would see, with generous limits, so the tests do not depend on the machine's speed.

The machine's PostgreSQL and Redis are never stopped: PostgreSQL is reached through a TCP proxy the
test cuts, Redis is a redis-server of the test's own.
"""

from __future__ import annotations

import os
import re
import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlalchemy.engine import make_url

from tests.browser.helpers import CERTIFICATION, fill_certification, open_page, register, wait_ready
from tests.browser.production_stack import (
    OwnRedis, ProdApp, TcpProxy, fresh_database, new_secret, prod_env, query, wait_for,
)

LONG = 120_000  # ms: what a reconnect or a restart may take on a slow machine (never asserted as speed)
UNAVAILABLE = "数据库暂时无法连接"
FIELDS = {  # label → stored path (企业认证's text fields)
    "公司名称": "company_name", "注册资本(万元)": "registered_capital", "企业规模(人)": "scale", "联系人": "contact",
    "联系电话": "phone", "联系邮箱": "email", "官网地址": "website", "详细地址": "address_detail",
    "公司简介": "intro",
}


@dataclass
class Stack:
    app: ProdApp
    redis: OwnRedis
    proxy: TcpProxy
    database_url: str  # straight to PostgreSQL (the app goes through the proxy)


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    workdir = tmp_path_factory.mktemp("faults")
    with fresh_database("faults") as database_url:
        target = make_url(database_url)
        proxy = TcpProxy(target.host or "127.0.0.1", target.port or 5432)
        redis = OwnRedis(workdir)
        redis.start()
        app = ProdApp(workdir, prod_env(workdir, proxy.url_for(database_url), redis.url, secret=new_secret()))
        try:
            app.start()
            yield Stack(app, redis, proxy, database_url)
        finally:
            app.stop()
            redis.stop()
            proxy.close()


@pytest.fixture(autouse=True)
def app_log_on_failure(request: pytest.FixtureRequest, stack: Stack) -> Iterator[None]:
    """A fault test that fails prints the app's last log lines (a CI run leaves nothing else to read)."""
    yield
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        log = stack.app.workdir / "app.log"
        lines = log.read_text(errors="replace").splitlines()[-120:] if log.exists() else ["(no app.log)"]
        print("\n[faults] app.log, last lines:\n" + "\n".join(lines))


@pytest.fixture
def tab(request: pytest.FixtureRequest, browser: Browser, stack: Stack) -> Iterator:
    contexts: list[BrowserContext] = []
    heard: list[str] = []  # what the tabs' websockets carried and their consoles said (printed on failure)
    start = time.monotonic()

    def hear(kind: str, text: str) -> None:
        heard.append(f"{time.monotonic() - start:7.2f} {kind} {text[:400]}")

    def make() -> Page:
        context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN", base_url=stack.app.url)
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda m: hear("console", m.text))
        page.on("websocket", lambda ws: (
            hear("ws-open", ws.url),
            ws.on("framesent", lambda f: hear(">", str(f))),
            ws.on("framereceived", lambda f: hear("<", str(f))),
            ws.on("close", lambda _: hear("ws-close", ws.url)),
        ))
        return page

    yield make
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        print("\n[faults] the tabs' websockets and consoles, last lines:\n" + "\n".join(heard[-150:]))
    for context in contexts:
        context.close()


def signed_in_clerk(page: Page, stack: Stack, n: int) -> None:
    register(page, stack.app.server(), username=f"fault{n:02d}", phone=f"1390000{n:04d}")
    open_page(page, "/workbench/enterprise")


def drafts(stack: Stack, username: str) -> dict[str, object]:
    rows = query(
        stack.database_url,
        "SELECT d.path, d.value FROM work_order_draft_values d JOIN work_orders o ON o.id = d.order_id "
        "JOIN users u ON u.enterprise_id = o.enterprise_id WHERE u.username = :u AND o.kind = 'certification'",
        u=username,
    )
    return {path: value for path, value in rows}


def type_and_leave(page: Page, label: str, value: str) -> None:
    field = page.get_by_label(label, exact=True)
    field.fill(value)
    field.press("Tab")


def all_saved(page: Page) -> None:
    expect(page.get_by_text("有未保存的修改")).to_have_count(0, timeout=LONG)
    expect(page.get_by_text(re.compile("草稿已保存"))).to_be_visible(timeout=LONG)


def worker_of(page: Page) -> int:
    marker = page.locator("#live-worker")
    expect(marker).to_have_attribute("data-worker", re.compile(r"\d+"), timeout=LONG)
    return int(marker.get_attribute("data-worker") or 0)


def test_a_worker_killed_during_a_burst_of_saves_loses_nothing_acknowledged(tab, stack: Stack) -> None:
    page = tab()
    signed_in_clerk(page, stack, 1)
    pid = worker_of(page)
    assert pid in stack.app.workers(), "the marker names one of the app's granian workers"
    values = {label: f"{CERTIFICATION.get(label, '')}-{i}" for i, label in enumerate(FIELDS)}
    labels = list(FIELDS)
    acknowledged, burst = labels[:3], labels[3:]
    for label in acknowledged:
        type_and_leave(page, label, values[label])
    all_saved(page)  # the tab was told: 草稿已保存
    for label in burst[:2]:
        type_and_leave(page, label, values[label])
    os.kill(pid, signal.SIGKILL)  # mid-burst: saves in flight, the tab's websocket dies with the worker
    killed = time.monotonic()
    for label in burst[2:]:
        type_and_leave(page, label, values[label])  # typed while the tab reconnects
    # every save that was acknowledged is in the database
    stored = drafts(stack, "fault01")
    assert {FIELDS[x]: stored.get(FIELDS[x]) for x in acknowledged} == {FIELDS[x]: values[x] for x in acknowledged}
    # the tab reconnects to a live worker and carries on: a field typed now is kept
    type_and_leave(page, "公司名称", "断线后继续填写有限公司")
    wait_for(lambda: drafts(stack, "fault01").get("company_name") == "断线后继续填写有限公司", LONG / 1000, "a save after the kill")
    print(f"\n[faults] the tab saved again {time.monotonic() - killed:.1f} s after its worker was killed")
    # what was typed around the kill: a value whose `leave` died with the worker is still shown, and
    # 保存 sends every value the page shows, so nothing typed is lost
    stored = drafts(stack, "fault01")
    lost = [x for x in burst if stored.get(FIELDS[x]) != values[x]]
    print(f"[faults] of {len(burst)} values typed around the kill, not kept before 保存: {lost or 'none'}")
    for label in burst:
        expect(page.get_by_label(label, exact=True)).to_have_value(values[label])
    page.get_by_role("button", name="保存").click()
    wait_for(lambda: all(drafts(stack, "fault01").get(FIELDS[x]) == values[x] for x in burst), LONG / 1000,
             "保存 to keep every value typed around the kill")
    wait_for(lambda: len(stack.app.workers()) == 3 and pid not in stack.app.workers(), 60, "granian to respawn the worker")
    page.reload()
    wait_ready(page)
    expect(page.get_by_label("公司名称", exact=True)).to_have_value("断线后继续填写有限公司")
    for label in [*acknowledged[1:], *burst]:
        expect(page.get_by_label(label, exact=True)).to_have_value(values[label])


def test_after_the_app_and_redis_restart_drafts_and_sign_in_are_kept(tab, stack: Stack) -> None:
    page = tab()
    signed_in_clerk(page, stack, 2)
    type_and_leave(page, "联系人", "重启前的联系人")
    type_and_leave(page, "详细地址", "重启前的地址 1 号")
    all_saved(page)
    stack.app.stop()
    stack.redis.stop()  # every tab's state and session binding is gone with it
    stack.redis.start()
    # typed while the app is down: the tab holds the edit until it reconnects, then sends it to a state
    # the store no longer has, before the page has loaded again (the form opens itself for it)
    type_and_leave(page, "联系电话", "0451-86009999")
    stack.app.start()
    started = time.monotonic()
    wait_for(lambda: drafts(stack, "fault02").get("phone") == "0451-86009999", LONG / 1000, "a save after the restart")
    print(f"\n[faults] after the restart the open tab saved {time.monotonic() - started:.1f} s after the app served again")
    # and carries on: a field typed now is saved too
    type_and_leave(page, "联系邮箱", "restart@example.com")
    wait_for(lambda: drafts(stack, "fault02").get("email") == "restart@example.com", LONG / 1000, "a second save")
    d = drafts(stack, "fault02")
    assert d["contact"] == "重启前的联系人" and d["address_detail"] == "重启前的地址 1 号"
    # a reload: still signed in (the session lives in PostgreSQL), on the same page, the drafts shown
    page.reload()
    wait_ready(page)
    expect(page).to_have_url(re.compile(r"/workbench/enterprise"))
    expect(page.get_by_label("联系人", exact=True)).to_have_value("重启前的联系人")
    expect(page.get_by_label("联系电话", exact=True)).to_have_value("0451-86009999")


def test_postgresql_unreachable_is_said_plainly_nothing_half_written_and_it_recovers(tab, stack: Stack) -> None:
    page = tab()
    signed_in_clerk(page, stack, 3)
    fill_certification(page, {"公司名称": "断库测试有限公司", "统一社会信用代码": "91230100MA00003030"})
    page.get_by_label("公司简介", exact=True).press("Tab")
    all_saved(page)
    (order_id, state, row_version), = query(
        stack.database_url,
        "SELECT o.id, o.state, o.row_version FROM work_orders o JOIN users u ON u.enterprise_id = o.enterprise_id "
        "WHERE u.username = 'fault03' AND o.kind = 'certification'",
    )
    log_rows = query(stack.database_url, "SELECT count(*) FROM work_order_logs WHERE order_id = :o", o=order_id)[0][0]

    stack.proxy.cut()
    try:
        # a field left while the database is away: the user is told, the value stays in the form
        type_and_leave(page, "联系人", "断库时的联系人")
        expect(page.get_by_text(re.compile(UNAVAILABLE))).to_be_visible(timeout=LONG)
        # 提交 while the database is away: refused plainly, nothing half written
        page.get_by_role("button", name="提交").click()
        expect(page.get_by_text(re.compile(UNAVAILABLE))).to_be_visible(timeout=LONG)
        expect(page.get_by_text("市工信局审核中")).to_have_count(0)
    finally:
        stack.proxy.restore()
    assert query(stack.database_url, "SELECT state, row_version FROM work_orders WHERE id = :o", o=order_id)[0] == (state, row_version)
    assert query(stack.database_url, "SELECT count(*) FROM work_order_logs WHERE order_id = :o", o=order_id)[0][0] == log_rows
    assert query(stack.database_url, "SELECT count(*) FROM work_order_snapshots WHERE order_id = :o", o=order_id)[0][0] == 0

    # back: the same tab, without a reload, saves what it kept and submits
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已保存草稿")).to_be_visible(timeout=LONG)
    wait_for(lambda: drafts(stack, "fault03").get("contact") == "断库时的联系人", 60, "the value kept during the outage")
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_text("市工信局审核中")).to_be_visible(timeout=LONG)
    assert query(stack.database_url, "SELECT count(*) FROM work_order_snapshots WHERE order_id = :o", o=order_id)[0][0] == 1
