"""消息中心 and 统计 in the browser: the bell counts up live when a reviewer rejects, the SMS goes out
once, a message opens its order; a 统计 bar opens the matching queue; 导出 Excel downloads the list."""

from __future__ import annotations

import json
import re
import time

from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from tests.browser.helpers import login, open_page, register


def submit_certification(app, username: str, company: str) -> int:  # noqa: ANN001
    """Set-up step: `username`'s enterprise submits 企业认证 through the services; returns the order id."""
    out = app.run_python(
        "from sqlmodel import select\n"
        "from harbin_app import db\n"
        "from harbin_app.models import User\n"
        "from harbin_app.services import certification\n"
        "from harbin_app.services.accounts import actor_of\n"
        "from harbin_app.services.validators import credit_code_check_char\n"
        "from tests.unit.factories import VALID_CERTIFICATION\n"
        "with db.reading() as s:\n"
        f"    q = actor_of(s.exec(select(User).where(User.username == {username!r})).one())\n"
        "body = f'91230100MB{q.enterprise_id:07d}'\n"
        f"data = {{**VALID_CERTIFICATION, 'company_name': {company!r}, 'credit_code': body + credit_code_check_char(body)}}\n"
        "print(certification.submit(q, data, certification.load(q).row_version).order_id)\n"
    )
    return int(out.strip().splitlines()[-1])


def notices_to(app, phone: str) -> list[dict]:  # noqa: ANN001
    if not app.outbox.exists():
        return []
    lines = [json.loads(x) for x in app.outbox.read_text(encoding="utf-8").splitlines() if x]
    return [x for x in lines if x["phone"] == phone and x.get("template")]


def test_the_bell_counts_up_live_when_a_reviewer_rejects(new_page, app_server) -> None:
    clerk: Page = new_page()
    reviewer: Page = new_page()
    register(clerk, app_server, username="hrbxxzx", phone="13800000401")
    order_id = submit_certification(app_server, "hrbxxzx", "哈尔滨消息示范有限公司")
    open_page(clerk, "/workbench/todo")
    bell = clerk.locator("#inbox-bell")
    expect(bell).to_have_attribute("aria-label", "消息中心，没有未读消息")

    login(reviewer, "reviewer")
    open_page(reviewer, f"/workbench/todo/{order_id}")
    reviewer.get_by_label("审批意见", exact=True).fill("营业执照扫描件不清晰，请重新上传")
    reviewer.get_by_role("button", name="驳回").click()

    # the clerk's bell counts up without a reload
    expect(bell).to_have_attribute("aria-label", "消息中心，1 条未读")
    expect(clerk.locator("#inbox-unread")).to_have_text("1")

    # the SMS goes out through the job worker, once
    deadline = time.monotonic() + 30
    while not notices_to(app_server, "13800000401") and time.monotonic() < deadline:
        time.sleep(0.2)
    (sms,) = notices_to(app_server, "13800000401")
    assert sms["template"] == "sms_rejected" and "营业执照扫描件不清晰，请重新上传" in sms["text"]

    bell.click()
    expect(clerk).to_have_url(re.compile(r"/workbench/messages"))
    row = clerk.get_by_role("row", name=re.compile("企业认证：驳回"))
    expect(row).to_contain_text("营业执照扫描件不清晰，请重新上传")
    expect(row).to_contain_text("未读")
    row.get_by_role("button", name=re.compile("^查看")).click()
    expect(clerk).to_have_url(re.compile(rf"/workbench/todo/{order_id}$"))
    expect(bell).to_have_attribute("aria-label", "消息中心，没有未读消息")
    assert len(notices_to(app_server, "13800000401")) == 1


def test_a_statistics_bar_opens_the_matching_queue_and_exports_download(new_page, app_server, tmp_path) -> None:
    clerk: Page = new_page()
    reviewer: Page = new_page()
    register(clerk, app_server, username="hrbtjsl", phone="13800000402")
    submit_certification(app_server, "hrbtjsl", "哈尔滨统计示范有限公司")
    login(reviewer, "reviewer")
    open_page(reviewer, "/workbench/stats")
    table = reviewer.locator("#stats-state-certification")
    waiting = table.get_by_role("row", name=re.compile("^待审核"))
    expect(waiting).to_be_visible()
    assert int(waiting.get_by_role("cell").last.inner_text()) >= 1

    # the 待审核 bar of the 企业认证 chart
    card = reviewer.locator(".rt-Card", has=reviewer.get_by_role("heading", name="企业认证（按状态）"))
    card.get_by_role("img", name=re.compile("^待审核 数量 ")).click()
    expect(reviewer).to_have_url(re.compile(r"/workbench/review/certification\?state=submitted"))
    expect(reviewer.get_by_label("状态", exact=True)).to_have_value("待审核")
    expect(reviewer.get_by_role("row", name=re.compile("哈尔滨统计示范有限公司"))).to_be_visible()

    # 导出 Excel of the list as filtered on screen
    reviewer.get_by_label("搜索", exact=True).fill("统计示范")
    reviewer.get_by_role("button", name="查询").click()
    expect(reviewer.get_by_role("row", name=re.compile("哈尔滨统计示范有限公司"))).to_be_visible()
    with reviewer.expect_download() as info:
        reviewer.get_by_role("button", name="导出 Excel").click()
    path = tmp_path / "queue.xlsx"
    info.value.save_as(path)
    assert info.value.suggested_filename.startswith("企业认证审核列表_")
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("序号", "事项", "企业名称")
    assert [r[2] for r in rows[1:]] == ["哈尔滨统计示范有限公司"]

    # an industry's row opens the queue of that industry, every state
    open_page(reviewer, "/workbench/stats")
    reviewer.locator("#stats-industry-certification").get_by_role("link", name="电气装备制造业").click()
    expect(reviewer).to_have_url(re.compile(r"/workbench/review/certification\?industry=.+&state=all"))
    expect(reviewer.get_by_label("所属行业", exact=True)).to_have_value("电气装备制造业")
    expect(reviewer.get_by_label("状态", exact=True)).to_have_value("全部")
    expect(reviewer.get_by_role("row", name=re.compile("哈尔滨统计示范有限公司"))).to_be_visible()

    open_page(reviewer, "/workbench/stats")
    with reviewer.expect_download() as info:
        reviewer.get_by_role("button", name="导出 Excel").click()
    path = tmp_path / "stats.xlsx"
    info.value.save_as(path)
    assert "审核情况" in load_workbook(path).sheetnames
