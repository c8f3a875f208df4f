"""验收申请's second journey: 验收不通过 with a 整改期限 (the opinion required, the deadline passing
shows 已逾期 on both sides and loses nothing), the enterprise rectifies and resubmits, then 验收通过
with a subsidy changed from the suggestion (a reason required at its field)."""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import Page, expect

from harbin_app import clock
from tests.browser.acceptance_steps import act, pass_due_date, pool_enterprise, submit_acceptance
from tests.browser.helpers import certify, login, open_page, register

COMPANY = "哈尔滨整改示范有限公司"


def open_detail(page: Page, order_id: int) -> None:
    open_page(page, f"/workbench/todo/{order_id}")
    expect(page.get_by_role("heading", name="工单日志")).to_be_visible()


def booking() -> dict[str, str]:
    return {"visit_date": (clock.today_china() + timedelta(days=2)).isoformat(), "visit_time": "14:00",
            "address": "学府路 1 号", "contact": "王经理", "phone": "0451-86001234", "requirements": "准备合同原件"}


def test_fail_rectify_resubmit_and_pass(new_page, app_server) -> None:
    clerk, reviewer = new_page(), new_page()
    register(clerk, app_server, username="hrbys02", phone="13800000702")
    certify(app_server, "hrbys02", COMPANY)
    pool_enterprise(app_server, "hrbys02")
    order_id = submit_acceptance(app_server, "hrbys02")
    act(app_server, order_id, "approve")
    act(app_server, order_id, "book", **booking())

    login(reviewer, "reviewer")
    open_page(reviewer, "/workbench/review/acceptance")
    row = reviewer.get_by_role("row", name=re.compile(COMPANY))
    expect(row).to_contain_text("已预约现场验收")
    open_detail(reviewer, order_id)
    expect(reviewer.get_by_text("准备合同原件").first).to_be_visible()

    # 验收不通过: the opinion (整改要求) is required, the deadline must be later than today
    reviewer.get_by_role("button", name="验收不通过", exact=True).click()
    dialog = reviewer.get_by_role("dialog")
    dialog.get_by_label("整改期限", exact=True).fill(clock.today_china().isoformat())
    dialog.get_by_role("button", name="确定").click()
    expect(dialog.get_by_text("验收不通过时必须填写审批意见")).to_be_visible()
    dialog.get_by_label("审批意见", exact=True).fill("设备联网率未达到申报值，请整改后重新提交")
    dialog.get_by_role("button", name="确定").click()
    expect(dialog.get_by_text("整改期限须晚于今天")).to_be_visible()
    due = (clock.today_china() + timedelta(days=15)).isoformat()
    dialog.get_by_label("整改期限", exact=True).fill(due)
    dialog.get_by_role("button", name="确定").click()
    expect(reviewer.get_by_text("整改中", exact=True).first).to_be_visible()
    expect(reviewer.get_by_text(f"整改期限：{due}").first).to_be_visible()

    # the enterprise: 整改中 with the requirement and the deadline; the deadline passes
    open_page(clerk, f"/workbench/acceptance/{order_id}")
    expect(clerk.get_by_text("设备联网率未达到申报值，请整改后重新提交")).to_be_visible()
    expect(clerk.get_by_text(f"期限：{due}")).to_be_visible()
    pass_due_date(app_server, order_id)
    clerk.reload()
    expect(clerk.get_by_text("已逾期").first).to_be_visible()
    p2 = clerk.get_by_role("group", name="项目 2", exact=True)
    after = p2.get_by_role("group", name="成效指标 1", exact=True).get_by_label("改造后实际值", exact=True)
    expect(after).to_have_value("90")  # nothing lost when the deadline passed
    open_detail(reviewer, order_id)
    expect(reviewer.get_by_text("已逾期").first).to_be_visible()
    open_page(reviewer, "/workbench/review/acceptance")
    reviewer.get_by_label("状态", exact=True).select_option("整改中")
    expect(reviewer.get_by_role("row", name=re.compile(COMPANY))).to_contain_text("已逾期")

    # rectified and resubmitted (after the deadline: accepted, marked)
    after.fill("95")
    after.blur()
    expect(clerk.get_by_text(re.compile(r"草稿已保存 \d\d:\d\d")).first).to_be_visible()
    clerk.get_by_role("button", name="提交").last.click()
    expect(clerk.get_by_text("已提交，市工信局审核中，申请内容暂不能修改。")).to_be_visible()

    open_detail(reviewer, order_id)
    expect(reviewer.get_by_text("待审核", exact=True).first).to_be_visible()
    expect(reviewer.get_by_role("cell", name="三、项目2·成效指标1·改造后实际值")).to_be_visible()
    expect(reviewer.get_by_text("已逾期")).to_have_count(0)  # the deadline went with 整改中
    reviewer.get_by_role("button", name="审核通过").click()
    expect(reviewer.get_by_text("待现场验收", exact=True).first).to_be_visible()
    act(app_server, order_id, "book", **booking())  # (a set-up step: no live push, so reopen)
    open_detail(reviewer, order_id)

    # 验收通过 with a subsidy other than the suggestion: the reason is asked for at its field
    reviewer.get_by_role("button", name="验收通过", exact=True).click()
    dialog = reviewer.get_by_role("dialog")
    expect(dialog.get_by_label("认定项目金额(万元)", exact=True)).to_have_value("200.60")
    expect(dialog.get_by_label("补贴金额(万元)", exact=True)).to_have_value("60.00")  # 三级 cap
    dialog.get_by_label("补贴金额(万元)", exact=True).fill("25")
    dialog.get_by_role("button", name="确定").click()
    reason = dialog.get_by_label("调整原因", exact=True)
    expect(dialog.locator(f"#{reason.get_attribute('aria-describedby')}")).to_have_text(
        "按认定项目金额 200.60 万元，建议补贴金额为 60.00 万元；补贴金额与建议不同，请填写调整原因")
    reason.fill("部分发票开具日期在试点期外")
    dialog.get_by_role("button", name="确定").click()
    expect(reviewer.get_by_text("待上传盖章申报表", exact=True).first).to_be_visible()
    log = reviewer.locator("table").filter(has_text="审批意见").last
    expect(log).to_contain_text("调整原因：部分发票开具日期在试点期外")
    expect(log).to_contain_text("整改期限：" + due)
    open_detail(clerk, order_id)
    expect(clerk.get_by_role("heading", name="待盖章材料下载")).to_be_visible()
    figures = app_server.run_python(
        "from harbin_app import db\nfrom harbin_app.models import AcceptanceResult\n"
        f"with db.reading() as s:\n    r = s.get(AcceptanceResult, {order_id})\n"
        "print(r.conclusion, r.recognised_amount, r.subsidy_amount, r.suggested_amount)\n"
    ).split()
    assert figures == ["conclude_pass", "200.60", "25", "60.00"]
