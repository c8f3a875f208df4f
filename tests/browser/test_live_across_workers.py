"""Live queue updates reach every open reviewer tab, also when the tabs are served by other
backend workers than the enterprise's (the production setup: Redis and three workers)."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.helpers import fill_certification, login, open_page, register


def worker_of(page: Page) -> str:
    marker = page.locator("#live-worker")
    expect(marker).to_have_attribute("data-worker", re.compile(r"\d+"))
    return marker.get_attribute("data-worker") or ""


def test_a_submission_reaches_reviewer_tabs_on_every_worker(new_page, app_server) -> None:
    reviewers: list[Page] = []
    workers: set[str] = set()
    # open reviewer tabs (separate browsers) until they sit on at least two workers (or 8 tabs)
    while len(reviewers) < 3 or (app_server.production_setup and len(workers) < 2 and len(reviewers) < 8):
        tab = new_page()
        login(tab, "reviewer")
        open_page(tab, "/workbench/review/certification")
        workers.add(worker_of(tab))
        reviewers.append(tab)
    if app_server.production_setup:
        assert len(workers) >= 2, "the tabs should be spread over the backend workers"

    clerk = new_page()
    register(clerk, app_server, username="hrbkjg", phone="13800000301")
    open_page(clerk, "/workbench/enterprise")
    fill_certification(clerk, {"公司名称": "跨进程推送测试有限公司", "统一社会信用代码": "91230100MA0000301R"})
    clerk.get_by_role("button", name="提交").click()
    expect(clerk.get_by_text("市工信局审核中")).to_be_visible()
    for tab in reviewers:
        expect(tab.get_by_role("row", name=re.compile("跨进程推送测试有限公司"))).to_be_visible()
