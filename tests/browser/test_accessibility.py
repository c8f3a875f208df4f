"""axe-core on every page of every role at 1366×768: no serious or critical violation.

axe-core comes from the npm registry (`make axe`, .tools/axe); it is injected into the page with
`page.add_script_tag` and run on the whole document once the page is ready.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.acceptance_steps import pool_enterprise, submit_acceptance
from tests.browser.helpers import certify, login, open_page, register

AXE = Path(__file__).resolve().parents[2] / ".tools" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")

pytestmark = pytest.mark.skipif(not AXE.exists(), reason="axe-core is not installed: run `make axe` (make test does)")


def violations(page: Page) -> list[dict]:
    """axe's serious and critical violations of the page as it is now."""
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [n["target"] for n in v["nodes"]][:5], "summary": v["nodes"][0].get("failureSummary", "")[:300]}
        for v in found if v["impact"] in BLOCKING
    ]


def audit(page: Page, pages: dict[str, str]) -> None:
    """Open every page (name → path); report every page's violations at once."""
    report: dict[str, list[dict]] = {}
    for name, path in pages.items():
        open_page(page, path)
        expect(page.locator("h1, h2").first).to_be_visible()
        found = violations(page)
        if page.get_by_role("main").count() != 1:  # landmarks: the page's own content is one main region
            found.append({"id": "one-main", "impact": "serious", "help": "页面应有且仅有一个 main 区域"})
        if found:
            report[f"{name} {path}"] = found
    assert not report, json.dumps(report, ensure_ascii=False, indent=1)


def test_anonymous_pages(page: Page) -> None:
    audit(page, {"门户": "/", "登录": "/login", "注册": "/register"})


def test_enterprise_pages(page: Page, app_server) -> None:  # noqa: ANN001
    register(page, app_server, username="a11yqiye", phone="13700000701")
    certify(app_server, "a11yqiye", "哈尔滨无障碍示范有限公司")
    pool_enterprise(app_server, "a11yqiye")
    audit(page, {
        "我的待办": "/workbench/todo",
        "企业认证": "/workbench/enterprise",
        "入库申请": "/workbench/pool-entry",
        "验收申请": "/workbench/acceptance",
        "自测": "/workbench/assessment",
        "消息中心": "/workbench/messages",
    })


def test_reviewer_pages(page: Page, app_server) -> None:  # noqa: ANN001
    from tests.browser.helpers import register as register_in

    other = page.context.browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN", base_url=app_server.url)
    try:
        register_in(other.new_page(), app_server, username="a11yrev", phone="13700000702")
    finally:
        other.close()
    certify(app_server, "a11yrev", "哈尔滨审核页示范有限公司")
    pool_enterprise(app_server, "a11yrev")
    order_id = submit_acceptance(app_server, "a11yrev")
    login(page, "reviewer")
    audit(page, {
        "我的待办": "/workbench/todo",
        "企业认证审核": "/workbench/review/certification",
        "入库审核": "/workbench/review/pool-entry",
        "验收审核": "/workbench/review/acceptance",
        "待办详情": f"/workbench/todo/{order_id}",
        "统计": "/workbench/stats",
        "消息中心": "/workbench/messages",
    })


def test_admin_pages(page: Page) -> None:
    login(page, "admin")
    audit(page, {"设置": "/workbench/admin/settings", "用户": "/workbench/admin/users"})
