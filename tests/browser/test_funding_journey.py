"""公示与拨付 end to end: the reviewer publishes two projects of two enterprises as one batch; an
anonymous visitor reads them on the portal (and an ended batch under 往期公示); finance pays an ended
batch's project in two instalments, a too-large amount refused at its field with nothing typed lost;
the enterprise's open 资金申请 tab shows both payments and 已拨付 without a reload (pushed)."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import Page, expect

from harbin_app import clock
from tests.browser.acceptance_steps import USER, pool_enterprise
from tests.browser.helpers import certify, field_error, login, open_page, register

FIRST, SECOND = "哈尔滨拨付示范电气有限公司", "哈尔滨拨付示范航空有限公司"
ENDED, NEW = "2026年第一批补助资金公示", "2026年第二批补助资金公示"


def accepted(app, username: str, recognised: str, subsidy: str) -> int:  # noqa: ANN001
    """Set-up: `username`'s 验收申请 run to 验收完成 through the services."""
    out = app.run_python(USER + "from tests.unit.funding_data import accepted\n"
                         f"print(accepted(user({username!r}), user('reviewer'), {recognised!r}, {subsidy!r}))\n")
    return int(out.strip().splitlines()[-1])


def published_ten_days_ago(app, order_id: int) -> None:  # noqa: ANN001
    """Set-up: the order published in a batch whose period ended (the services on a clock 10 days back)."""
    app.run_python(
        USER + "from datetime import timedelta\n"
        "from harbin_app import clock\n"
        "from harbin_app.services import funding, workorders as wo\n"
        "real = clock.now\n"
        "clock.now = lambda: real() - timedelta(days=10)\n"
        "r = user('reviewer')\n"
        "today = clock.today_china()\n"
        f"funding.publish(r, [({order_id}, wo.detail(r, {order_id}).row_version)], {ENDED!r},\n"
        "                today.isoformat(), (today + timedelta(days=4)).isoformat())\n"
    )


def second_enterprise(app) -> None:  # noqa: ANN001
    app.run_python(
        "from dataclasses import replace\n"
        "from harbin_app import clock, db\n"
        "from harbin_app.models import User\n"
        "from harbin_app.services import enterprises\n"
        "from harbin_app.services.accounts import actor_of\n"
        "from harbin_app.services.passwords import hash_password\n"
        "with db.transaction() as s:\n"
        "    u = User(username='hrbbf02', role='enterprise', phone='13800000812', password_hash=hash_password('Qiye2024ok'),\n"
        "             created_at=clock.now())\n"
        "    s.add(u)\n"
        "    s.flush()\n"
        "    a = actor_of(u)\n"
        "enterprises.enterprise_id_for(a)\n"
    )


def pay(page: Page, amount: str, voucher: str) -> None:
    page.get_by_label("拨付金额(万元)", exact=True).fill(amount)
    page.get_by_label("凭证号", exact=True).fill(voucher)
    page.get_by_role("button", name="确认拨付").click()


def test_publish_portal_pay_in_instalments_live(new_page, app_server) -> None:
    clerk = new_page()
    register(clerk, app_server, username="hrbbf01", phone="13800000811")
    certify(app_server, "hrbbf01", FIRST)
    second_enterprise(app_server)
    certify(app_server, "hrbbf02", SECOND, industry="航空航天设备制造业")
    pool_enterprise(app_server, "hrbbf01")
    pool_enterprise(app_server, "hrbbf02")
    earlier = accepted(app_server, "hrbbf01", "180.5", "50.1")
    published_ten_days_ago(app_server, earlier)
    accepted(app_server, "hrbbf01", "100", "30")
    accepted(app_server, "hrbbf02", "88.8", "20.5")
    today = clock.today_china()

    # the reviewer groups both new projects into one batch
    reviewer = new_page()
    login(reviewer, "reviewer")
    open_page(reviewer, "/workbench/finance/publication")
    candidates = reviewer.locator("#funding-candidates")
    expect(candidates).to_contain_text(FIRST)
    expect(candidates).to_contain_text(SECOND)
    expect(candidates).to_contain_text("合计")  # other journeys' accepted projects may be listed too
    reviewer.get_by_label(f"选择 {FIRST}", exact=True).click()
    reviewer.get_by_label(f"选择 {SECOND}", exact=True).click()
    reviewer.get_by_label("公示标题", exact=True).fill(NEW)
    reviewer.get_by_label("公示开始日期", exact=True).fill(today.isoformat())
    reviewer.get_by_label("公示结束日期", exact=True).fill((today + timedelta(days=5)).isoformat())
    reviewer.get_by_role("button", name="发布公示（已选 2 项）").click()
    batches = reviewer.locator("#funding-batches")
    expect(batches.get_by_role("row").filter(has_text=NEW)).to_contain_text("公示中")
    for company in (FIRST, SECOND):  # both left the list (what other journeys accepted may stay)
        expect(reviewer.get_by_label(f"选择 {company}", exact=True)).to_have_count(0)

    # anyone reads the publication on the portal, without signing in
    visitor = new_page()
    open_page(visitor, "/")
    board = visitor.locator(".harbin-batch").filter(has_text=NEW)
    expect(board).to_contain_text(FIRST)
    expect(board).to_contain_text(SECOND)
    expect(board).to_contain_text("88.80")
    expect(board).to_contain_text("20.50")
    expect(board).to_contain_text(f"{today.isoformat()} 至 {(today + timedelta(days=5)).isoformat()}")
    expect(visitor.get_by_text("对公示内容有异议的", exact=False).first).to_be_visible()
    visitor.locator("#portal-past summary").click()
    expect(visitor.locator("#portal-past")).to_contain_text(ENDED)

    # the enterprise watches its 资金申请
    open_page(clerk, "/workbench/funding")
    own = clerk.locator("#funding-own")
    expect(own.get_by_role("row").filter(has_text="50.10")).to_contain_text("待拨付")
    expect(own.get_by_role("row").filter(has_text="30.00").first).to_contain_text("公示中")
    expect(own).not_to_contain_text(SECOND)

    # finance pays the ended batch's project in two instalments
    finance = new_page()
    login(finance, "finance")
    open_page(finance, "/workbench/finance/publication")
    finance.get_by_label(f"登记拨付 {FIRST}", exact=True).click()
    pay(finance, "50.11", "PZ-2026-001")
    expect(field_error(finance, "拨付金额(万元)")).to_contain_text("拨付金额不能超过剩余未拨付金额 50.10 万元")
    expect(finance.get_by_label("凭证号", exact=True)).to_have_value("PZ-2026-001")  # nothing typed lost
    expect(finance.get_by_label("拨付金额(万元)", exact=True)).to_have_value("50.11")
    pay(finance, "20", "PZ-2026-001")
    expect(finance.locator("#funding-projects")).to_contain_text("部分拨付")
    expect(own).to_contain_text("PZ-2026-001")  # pushed to the open tab
    expect(own.get_by_role("row").filter(has_text="50.10")).to_contain_text("部分拨付")

    finance.get_by_label(f"登记拨付 {FIRST}", exact=True).click()
    pay(finance, "30.10", "PZ-2026-002")
    expect(finance.locator("#funding-projects").get_by_role("row").filter(has_text="PZ-2026-002")).to_contain_text("已拨付")
    row = own.get_by_role("row").filter(has_text="PZ-2026-002")
    expect(row).to_contain_text("PZ-2026-001")
    expect(row).to_contain_text("已拨付")
    expect(row).to_contain_text("30.10 万元")
