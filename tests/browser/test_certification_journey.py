"""企业认证 end to end: submit, reject with an opinion, fix, resubmit, approve; live queue; rights."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.helpers import fill_certification, field_error, login, open_page, register, wait_ready


def test_certify_reject_fix_resubmit_approve_with_live_updates(new_page, app_server) -> None:
    clerk: Page = new_page()
    reviewer: Page = new_page()
    register(clerk, app_server, username="hrbglzz", phone="13800000101")
    nav = clerk.get_by_role("navigation", name="工作台导航")
    expect(nav.get_by_text("需先完成企业认证").first).to_be_visible()  # the sidebar says why

    login(reviewer, "reviewer")
    open_page(reviewer, "/workbench/review/certification")
    count = reviewer.get_by_label("待审核数量")
    before = int(count.inner_text())

    # the manual: 单击左侧菜单栏“我的企业”，单击我的企业下“企业认证”
    entry = nav.get_by_role("link", name="企业认证", exact=True)
    expect(entry).to_be_hidden()  # under 我的企业, closed on other pages
    nav.get_by_text("我的企业").click()
    entry.click()
    expect(clerk.get_by_role("heading", name="企业认证", exact=True)).to_be_visible()
    expect(entry).to_be_visible()  # the group stays open on its page
    wait_ready(clerk)
    fill_certification(clerk)
    clerk.get_by_role("button", name="提交").click()
    expect(clerk.get_by_text("市工信局审核中")).to_be_visible()
    open_page(clerk, "/workbench/todo")  # the clerk follows it in 我的待办 → 待处理 (the manual)
    todo_row = clerk.get_by_role("row", name=re.compile("哈尔滨锅炉示范有限公司"))
    expect(todo_row).to_contain_text("待审核")
    expect(todo_row.get_by_text("需我处理")).to_have_count(0)  # the reviewer acts next

    # the reviewer's queue shows it without a reload
    row = reviewer.get_by_role("row", name=re.compile("哈尔滨锅炉示范有限公司"))
    expect(row).to_be_visible()
    expect(count).to_have_text(str(before + 1))
    row.get_by_role("link", name=re.compile("^详情")).click()
    expect(reviewer.get_by_role("heading", name="哈尔滨锅炉示范有限公司")).to_be_visible()
    reviewer.get_by_role("button", name="驳回").click()
    expect(field_error(reviewer, "审批意见")).to_have_text("驳回时必须填写审批意见")
    reviewer.get_by_label("审批意见", exact=True).fill("统一社会信用代码与营业执照不符，请核对")
    reviewer.get_by_role("button", name="驳回").click()
    expect(reviewer.get_by_text("驳回", exact=True).first).to_be_visible()

    # the enterprise's 我的待办 shows the decision without a reload: it waits for the clerk now
    expect(todo_row).to_contain_text("驳回")
    expect(todo_row.get_by_text("需我处理")).to_be_visible()
    todo_row.get_by_role("link", name=re.compile("^详情")).click()
    log = clerk.get_by_role("table").last
    expect(log).to_contain_text("统一社会信用代码与营业执照不符，请核对")
    expect(log).to_contain_text("待审核 → 驳回")

    clerk.get_by_role("link", name="前往修改并提交").click()
    wait_ready(clerk)
    expect(clerk.get_by_text("统一社会信用代码与营业执照不符，请核对")).to_be_visible()
    expect(clerk.get_by_label("公司名称", exact=True)).to_have_value("哈尔滨锅炉示范有限公司")  # nothing lost
    clerk.get_by_label("统一社会信用代码", exact=True).fill("91110108551385082Q")
    clerk.get_by_role("button", name="提交").click()
    expect(clerk.get_by_text("市工信局审核中")).to_be_visible()

    open_page(reviewer, "/workbench/review/certification")
    reviewer.get_by_role("row", name=re.compile("哈尔滨锅炉示范有限公司")).get_by_role("link", name=re.compile("^详情")).click()
    expect(reviewer.get_by_text("本次修改了 1 处")).to_be_visible()
    expect(reviewer.get_by_role("row", name=re.compile("统一社会信用代码 91350100M000100Y43 91110108551385082Q"))).to_be_visible()
    reviewer.get_by_role("button", name="通过").click()
    expect(reviewer.get_by_text("已认证", exact=True).first).to_be_visible()

    open_page(clerk, "/workbench/enterprise")
    expect(clerk.get_by_text("已认证", exact=True).first).to_be_visible()
    expect(clerk.get_by_role("button", name="申请变更")).to_be_visible()
    expect(nav.get_by_role("link", name="入库申请")).to_be_visible()  # unlocked


def test_bad_input_is_explained_at_the_field_and_kept(page: Page, app_server) -> None:
    register(page, app_server, username="hrbyp", phone="13800000102")
    open_page(page, "/workbench/enterprise")
    fill_certification(
        page,
        {"统一社会信用代码": "91350100M000100Y44", "成立时间": "2999-01-01", "联系邮箱": "li@", "企业规模(人)": "12.5"},
        industry="药品生产制造业",
    )
    page.get_by_role("button", name="提交").click()
    expect(field_error(page, "统一社会信用代码")).to_have_text("统一社会信用代码校验位不正确，请核对营业执照")
    expect(field_error(page, "成立时间")).to_have_text("成立时间不能晚于今天")
    expect(field_error(page, "联系邮箱")).to_contain_text("请输入正确的邮箱地址")
    expect(field_error(page, "企业规模(人)")).to_have_text("企业规模须为正整数")
    expect(page.get_by_text("还有 4 处需要修改")).to_be_visible()
    page.reload()
    wait_ready(page)
    expect(page.get_by_label("统一社会信用代码", exact=True)).to_have_value("91350100M000100Y44")  # kept
    expect(page.get_by_label("公司名称", exact=True)).to_have_value("哈尔滨锅炉示范有限公司")
    expect(page.get_by_label("所属行业", exact=True)).to_have_value("药品生产制造业")
    counter = page.get_by_text(re.compile(r"^\d+ / 64$"))
    expect(counter).to_have_text("11 / 64")


def test_draft_survives_logout(page: Page, app_server) -> None:
    register(page, app_server, username="hrbspjg", phone="13800000103", password="Qiye2024ok")
    open_page(page, "/workbench/enterprise")
    page.get_by_label("公司名称", exact=True).fill("草稿保存测试有限公司")
    page.get_by_label("联系人", exact=True).fill("赵")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("草稿已保存")).to_be_visible()
    page.get_by_role("button", name="用户菜单").click()
    page.get_by_role("menuitem", name="退出").click()
    login(page, "hrbspjg", "Qiye2024ok")
    open_page(page, "/workbench/enterprise")
    expect(page.get_by_label("公司名称", exact=True)).to_have_value("草稿保存测试有限公司")
    expect(page.get_by_label("联系人", exact=True)).to_have_value("赵")


def _unheard(page: Page, label: str, value: str) -> None:
    """The field shows `value` but its events never reached the server (as when they were sent into a
    connection that had just died): the DOM value is set without an input, change or blur event."""
    page.get_by_label(label, exact=True).evaluate("(el, v) => { el.value = v; }", value)


def test_save_enter_and_submit_keep_every_value_the_page_shows(page: Page, app_server) -> None:
    register(page, app_server, username="hrbxxbl", phone="13800000197")
    open_page(page, "/workbench/enterprise")
    wait_ready(page)
    _unheard(page, "联系人", "未送达的联系人")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已保存草稿")).to_be_visible()
    # Enter in a text field presses 保存 (the focus and what is being typed stay)
    expect(page.get_by_text("已保存草稿")).to_have_count(0)  # the notice has gone (it stays a few seconds)
    detail = page.get_by_label("详细地址", exact=True)
    _unheard(page, "联系邮箱", "heard@example.com")
    detail.click()
    detail.press("Enter")
    expect(page.get_by_text("已保存草稿")).to_be_visible()
    expect(detail).to_be_focused()
    page.reload()
    wait_ready(page)
    expect(page.get_by_label("联系人", exact=True)).to_have_value("未送达的联系人")
    expect(page.get_by_label("联系邮箱", exact=True)).to_have_value("heard@example.com")
    # 提交 sends them too: a value only the page holds is checked with the rest
    fill_certification(page)
    _unheard(page, "联系邮箱", "li@")
    page.get_by_role("button", name="提交").click()
    expect(field_error(page, "联系邮箱")).to_contain_text("请输入正确的邮箱地址")
    expect(page.get_by_text("市工信局审核中")).to_have_count(0)
    _unheard(page, "联系邮箱", "ok@example.com")
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_text("市工信局审核中")).to_be_visible()


def test_an_enterprise_cannot_open_another_enterprises_order(new_page, app_server) -> None:
    first, second = new_page(), new_page()
    register(first, app_server, username="hrbaa", phone="13800000104")
    open_page(first, "/workbench/enterprise")
    fill_certification(first, {"公司名称": "甲企业有限公司", "统一社会信用代码": "91230100MA0000000X"})
    first.get_by_role("button", name="保存").click()
    expect(first.get_by_text("草稿已保存")).to_be_visible()
    order_id = app_server.run_python(
        "from sqlmodel import select\nfrom harbin_app import db\nfrom harbin_app.models import WorkOrder\n"
        "with db.reading() as s:\n    print(s.exec(select(WorkOrder.id).order_by(WorkOrder.id.desc())).first())"
    ).strip()
    register(second, app_server, username="hrbbb", phone="13800000105")
    open_page(second, f"/workbench/todo/{order_id}")
    expect(second.get_by_text("没有找到该事项，可能已被删除或您无权查看")).to_be_visible()
    expect(second.get_by_text("甲企业有限公司")).to_have_count(0)
    open_page(second, "/workbench/review/certification")
    expect(second).to_have_url(re.compile(r"/workbench/todo$"))
    open_page(second, "/workbench/pool-entry")  # not certified: sent to 我的企业
    expect(second).to_have_url(re.compile(r"/workbench/enterprise$"))
