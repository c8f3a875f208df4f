"""The operating manual's own steps for 入库申请 (六、6–9), followed literally on the screen:
我的待办 → 待处理 → the flow's name → 待办详情 → 工单日志; a reviewer opens a queue entry by its name."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.helpers import certify, login, make_pdf, open_page, register, submit_pool_entry, wait_ready

COMPANY = "哈尔滨手册步骤示范有限公司"
FLOW = f"入库申请 · {COMPANY}"


def open_flow_from_todo(page: Page) -> None:
    """单击工作台左侧菜单栏“我的待办”，然后单击“待处理”中的申请流程（流程的名称）。"""
    page.get_by_role("navigation", name="工作台导航").get_by_role("link", name="我的待办").click()
    wait_ready(page)
    page.get_by_role("tab", name=re.compile("待处理")).click()
    page.get_by_role("link", name=FLOW, exact=True).click()
    expect(page.get_by_role("heading", name="待办详情")).to_be_visible()


def work_log(page: Page):  # noqa: ANN201
    return page.get_by_role("heading", name="工单日志").locator("xpath=..").get_by_role("table")


def test_the_enterprise_follows_its_pool_entry_as_the_manual_says(new_page, app_server, tmp_path: Path) -> None:
    clerk, reviewer = new_page(), new_page()
    register(clerk, app_server, username="hrbsc01", phone="13800000711")
    certify(app_server, "hrbsc01", COMPANY)
    submit_pool_entry(app_server, "hrbsc01")  # 5. 提交

    # 6. 关注审批状态: 我的待办 → 待处理 → the flow → 工单日志
    open_page(clerk, "/workbench")
    open_flow_from_todo(clerk)
    expect(work_log(clerk)).to_contain_text("草稿 → 待审核")

    # the reviewer opens the entry of the queue by its name, and approves
    login(reviewer, "reviewer")
    reviewer.get_by_role("navigation", name="工作台导航").get_by_role("link", name="入库审核").click()
    wait_ready(reviewer)
    reviewer.get_by_role("link", name=FLOW, exact=True).click()
    expect(reviewer.get_by_role("heading", name=COMPANY)).to_be_visible()
    reviewer.get_by_role("button", name="审核通过").click()
    expect(reviewer.get_by_text("待上传盖章材料", exact=True).first).to_be_visible()

    # 7. 下载待盖章材料: the same path, 待盖章材料下载 → 下载, the file the manual names
    open_page(clerk, "/workbench")
    open_flow_from_todo(clerk)
    expect(work_log(clerk)).to_contain_text("待审核 → 待上传盖章材料")
    documents = clerk.get_by_role("heading", name="待盖章材料下载").locator("xpath=..")
    with clerk.expect_download() as download:
        documents.get_by_role("button", name="下载 Word").click()
    assert download.value.suggested_filename == f"哈尔滨市中小企业数字化转型试点企业培育入库申报表（{COMPANY}）.docx"

    # 8. 盖章材料上传 in 待办详情; 9. its review followed on the same path
    with clerk.expect_file_chooser() as chooser:
        clerk.get_by_role("button", name="盖章材料上传：选择文件").click()
    chooser.value.set_files(str(make_pdf(tmp_path / "盖章申报表.pdf", 2)))
    clerk.get_by_label("仍要提交的原因", exact=True).fill("扫描件为黑白")  # blank pages: no seal to find
    clerk.get_by_role("button", name="提交盖章材料").click()
    expect(clerk.get_by_text("盖章材料待审核", exact=True).first).to_be_visible()
    open_flow_from_todo(clerk)
    expect(work_log(clerk)).to_contain_text("待上传盖章材料 → 盖章材料待审核")
