"""验收申请 end to end: locked until 已入库; 添加 prefilled; two projects, two providers, three products;
the checks at their fields; uploads; the template and the 清单 downloaded and parsed back;
rejection and resubmission (the reviewer sees what changed); approval; the booking and its
confirmation; 完善材料后通过 with a deadline; the supplement and its confirmation; the stamped
申报表 parsed back and uploaded; 验收完成 on both sides; 工单日志."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from pathlib import Path

from docx import Document
from openpyxl import load_workbook
from playwright.sync_api import Locator, Page, expect
from pypdf import PdfReader

from harbin_app import clock
from tests.browser.acceptance_steps import pool_enterprise
from tests.browser.helpers import certify, keep_assessments, login, make_pdf, open_page, register, wait_ready
from tests.unit import scans

COMPANY = "哈尔滨验收示范有限公司"
PROVIDER_CODE = "91110108551385082Q"


def message(control: Locator) -> Locator:
    described_by = control.get_attribute("aria-describedby")
    assert described_by, "the control names no message element"
    return control.page.locator(f"#{described_by}")


def type_in(control: Locator, value: str) -> None:
    control.fill(value)
    control.blur()


def group(scope: Page | Locator, name: str) -> Locator:
    return scope.get_by_role("group", name=name, exact=True)


def upload(page: Page, zone_id: str, path: Path) -> None:
    page.locator(f"#{zone_id} input[type=file]").set_input_files(str(path))
    expect(page.get_by_text(path.name).first).to_be_visible()


def fill_provider(box: Locator, name: str) -> None:
    type_in(box.get_by_label("服务商名称", exact=True), name)
    type_in(box.get_by_label("统一社会信用代码", exact=True), PROVIDER_CODE)
    type_in(box.get_by_label("联系人", exact=True), "赵工")
    type_in(box.get_by_label("联系电话", exact=True), "13900000001")


def fill_product(box: Locator, name: str, category: str, amount: str) -> None:
    type_in(box.get_by_label("产品服务名称", exact=True), name)
    box.get_by_label("类别", exact=True).select_option(category)
    type_in(box.get_by_label("金额(万元)", exact=True), amount)


def open_detail(page: Page, order_id: str) -> None:
    open_page(page, f"/workbench/todo/{order_id}")
    expect(page.get_by_role("heading", name="工单日志")).to_be_visible()


def dialog_action(page: Page, button: str, values: dict[str, str], opinion: str = "") -> Locator:
    page.get_by_role("button", name=button, exact=True).click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    for label, value in values.items():
        dialog.get_by_label(label, exact=True).fill(value)
    if opinion:
        dialog.get_by_label("审批意见", exact=True).fill(opinion)
    dialog.get_by_role("button", name="确定").click()
    return dialog


def test_apply_review_book_supplement_stamp_accept(new_page, app_server, tmp_path: Path) -> None:
    clerk, reviewer = new_page(), new_page()
    register(clerk, app_server, username="hrbys01", phone="13800000701")
    certify(app_server, "hrbys01", COMPANY)

    # not pooled yet: locked in the sidebar with the reason, and the address is refused
    open_page(clerk, "/workbench/todo")
    side = clerk.get_by_role("navigation", name="工作台导航")
    expect(side.get_by_text("需先完成入库申请")).to_be_visible()
    expect(side.get_by_role("link", name="验收申请")).to_have_count(0)
    open_page(clerk, "/workbench/acceptance")
    expect(clerk).to_have_url(re.compile(r"/workbench/pool-entry$"))

    pool_enterprise(app_server, "hrbys01")
    keep_assessments(app_server, "hrbys01")  # a 改造前 and a 改造后 (三级) self-assessment kept on the platform
    open_page(clerk, "/workbench/acceptance")
    expect(clerk.get_by_text("尚未添加验收申请")).to_be_visible()
    clerk.get_by_role("button", name="添加").click()
    expect(clerk).to_have_url(re.compile(r"/workbench/acceptance/\d+$"))
    wait_ready(clerk)
    order_id = clerk.url.rsplit("/", 1)[-1]

    # prefilled from the pooled application: nothing typed twice
    expect(clerk.get_by_text(COMPANY).first).to_be_visible()
    expect(clerk.get_by_label("主要产品", exact=True)).to_have_value("电站锅炉")
    d1 = group(clerk, "需求 1")
    expect(d1.get_by_label("需求描述", exact=True)).to_have_value("生产过程不透明")
    expect(d1.get_by_text("创建人：hrbys01")).to_be_visible()
    p1, p2 = group(clerk, "项目 1"), group(clerk, "项目 2")
    expect(p1.get_by_label("项目名称", exact=True)).to_have_value("锅炉焊接车间MES生产执行系统建设项目")
    expect(p2.get_by_label("实际投资(万元)", exact=True)).to_have_value("120.5")
    expect(clerk.get_by_text("4 / 500", exact=True)).to_be_visible()  # 主要产品's live counter

    # 项目 1: one provider, two products (a mismatch first, then exact)
    type_in(p1.get_by_label("实际投资(万元)", exact=True), "300.3")
    v11 = group(p1, "数字化服务商 1")
    fill_provider(v11, "哈尔滨智造软件有限公司")
    fill_product(group(v11, "产品服务 1"), "MES生产执行系统（实施）", "软件（许可、实施、开发）", "300.1")
    v11.get_by_role("button", name="添加产品服务").click()
    fill_product(group(v11, "产品服务 2"), "工业云平台订阅", "云服务", "0.1")
    figures1 = p1.get_by_role("status", name="投资核对")
    expect(figures1).to_contain_text("产品服务金额合计 300.20 万元")
    expect(figures1).to_contain_text("与实际投资相差 0.10 万元")
    type_in(group(v11, "产品服务 2").get_by_label("金额(万元)", exact=True), "0.2")
    expect(figures1).to_contain_text("产品服务金额合计 300.30 万元")
    expect(figures1).not_to_contain_text("相差")
    # 项目 2: one provider, one product that is not eligible
    v21 = group(p2, "数字化服务商 1")
    fill_provider(v21, "哈尔滨办公设备有限公司")
    fill_product(group(v21, "产品服务 1"), "车间办公电脑", "办公电脑", "120.5")
    figures2 = p2.get_by_role("status", name="投资核对")
    expect(figures2).to_contain_text("其中可补贴 0.00 万元")
    expect(figures2).to_contain_text("办公电脑：车间办公电脑 120.50 万元")
    expect(clerk.get_by_text("全部项目可补贴投资合计 300.30 万元")).to_be_visible()

    # 提交 now: the missing files are named at their places, nothing typed is lost
    clerk.get_by_role("button", name="提交").last.click()
    expect(clerk.get_by_text(re.compile(r"还有 \d+ 处需要修改"))).to_be_visible()
    expect(clerk.get_by_text("请上传项目总结报告（PDF）")).to_be_visible()
    expect(clerk.get_by_text("请上传该项目的项目合同（至少一份）")).to_have_count(2)
    nav = clerk.get_by_role("navigation", name="申请目录")
    expect(nav.get_by_role("link", name=re.compile("^五、项目总结报告及佐证材料"))).to_contain_text("6")
    expect(group(v11, "产品服务 2").get_by_label("金额(万元)", exact=True)).to_have_value("0.2")

    # the template and the 清单, of what the form holds now
    with clerk.expect_download() as got:
        clerk.get_by_role("button", name="下载总结报告模板").click()
    assert got.value.suggested_filename == f"哈尔滨市试点企业数字化改造项目总结报告（{COMPANY}）.docx"
    report = Document(got.value.path())
    assert "哈尔滨智造软件有限公司" in "\n".join(c.text for t in report.tables for r in t.rows for c in r.cells)
    with clerk.expect_download() as got:
        clerk.get_by_role("button", name="下载项目投资清单（Excel）").click()
    assert got.value.suggested_filename == f"项目投资清单（{COMPANY}）.xlsx"
    sheet = load_workbook(io.BytesIO(Path(got.value.path()).read_bytes())).active
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert [r[4] for r in rows if isinstance(r[0], int)] == ["MES生产执行系统（实施）", "工业云平台订阅", "车间办公电脑"]
    totals = {r[1]: r[7] for r in rows if r[1] and "合计" in str(r[1])}
    assert totals["全部项目合计"] == 420.8 and totals["全部项目可补贴合计"] == 300.3

    upload(clerk, "ac-upload-materials-summary_report", make_pdf(tmp_path / "项目总结报告.pdf", 4))
    upload(clerk, "ac-upload-materials-investment_list", make_pdf(tmp_path / "投资清单盖章.pdf", 1))
    for i in (0, 1):
        upload(clerk, f"ac-upload-contracts-{i}", make_pdf(tmp_path / f"项目{i + 1}合同.pdf", 3))
        upload(clerk, f"ac-upload-invoices-{i}", make_pdf(tmp_path / f"项目{i + 1}发票.pdf", 1))
    kept = clerk.get_by_label("平台自测记录（改造后）", exact=True)
    kept.select_option(index=1)  # instead of a report: the kept 改造后 self-assessment
    expect(message(kept)).to_have_count(0)
    expect(clerk.get_by_text("请上传该项目的项目合同（至少一份）")).to_have_count(0)
    clerk.get_by_role("button", name="提交").last.click()
    expect(clerk.get_by_text("已提交，市工信局审核中，申请内容暂不能修改。")).to_be_visible()

    # 验收审核: the queue, 驳回 with an opinion
    login(reviewer, "reviewer")
    open_page(reviewer, "/workbench/review/acceptance")
    row = reviewer.get_by_role("row", name=re.compile(COMPANY))
    expect(row).to_contain_text("待审核")
    row.get_by_role("link", name=re.compile("^详情")).click()
    expect(reviewer.get_by_text("车间办公电脑").first).to_be_visible()
    expect(reviewer.get_by_text("不可补贴").first).to_be_visible()
    expect(reviewer.get_by_text(re.compile(r"^改造后 · .* · 三级$")).first).to_be_visible()  # the one attached
    side_by_side = reviewer.locator("table").filter(has_text="改造前 ")
    expect(side_by_side.get_by_role("row", name=re.compile(r"质量管理（约束性） 一级 三级"))).to_be_visible()
    reviewer.get_by_label("审批意见", exact=True).fill("项目2的办公电脑不属于补贴范围，请核实是否还有其他产品服务")
    reviewer.get_by_role("button", name="驳回").click()
    expect(reviewer.get_by_text("驳回", exact=True).first).to_be_visible()

    open_page(clerk, f"/workbench/acceptance/{order_id}")
    expect(clerk.get_by_text("项目2的办公电脑不属于补贴范围，请核实是否还有其他产品服务")).to_be_visible()
    p2 = group(clerk, "项目 2")
    type_in(group(p2, "产品服务 1").get_by_label("产品服务名称", exact=True), "车间生产管理终端")
    group(p2, "产品服务 1").get_by_label("类别", exact=True).select_option(
        "数据采集与传输设备（网关、路由器、存储、工厂网络、终端）")
    expect(p2.get_by_role("status", name="投资核对")).to_contain_text("其中可补贴 120.50 万元")
    clerk.get_by_role("button", name="提交").last.click()
    expect(clerk.get_by_text("已提交，市工信局审核中，申请内容暂不能修改。")).to_be_visible()

    # the reviewer sees exactly what changed; 审核通过; 预约现场验收
    open_detail(reviewer, order_id)
    changes = reviewer.get_by_text(re.compile("与上一次提交相比，本次修改了 2 处"))
    expect(changes).to_be_visible()
    expect(reviewer.get_by_role("cell", name="三、项目2·数字化服务商1·产品服务1·产品服务名称")).to_be_visible()
    reviewer.get_by_role("button", name="审核通过").click()
    expect(reviewer.get_by_text("待现场验收", exact=True).first).to_be_visible()
    visit = (clock.today_china() + timedelta(days=3)).isoformat()
    dialog = dialog_action(reviewer, "预约现场验收", {"验收日期": visit, "验收时间": "09:30"})
    expect(dialog).to_have_count(0)
    block = reviewer.get_by_text("现场验收预约")
    expect(block).to_be_visible()

    # the enterprise sees the booking in 我的待办 and 待办详情, and confirms it
    open_page(clerk, "/workbench/todo")
    todo_row = clerk.get_by_role("row", name=re.compile("验收申请"))
    expect(todo_row).to_contain_text("已预约现场验收")
    expect(todo_row).to_contain_text("需我处理")
    open_detail(clerk, order_id)
    expect(clerk.get_by_text("按《中小企业数字化水平评测指标（2024年版）》准备材料").first).to_be_visible()
    expect(clerk.get_by_text(visit).first).to_be_visible()
    clerk.get_by_role("button", name="确认预约").click()
    expect(clerk.get_by_text("企业已确认预约", exact=True).first).to_be_visible()

    # 完善材料后通过 with a deadline: the subsidy suggested from the settings
    expect(reviewer.get_by_text("企业已确认预约", exact=True).first).to_be_visible()
    due = (clock.today_china() + timedelta(days=7)).isoformat()
    reviewer.get_by_role("button", name="完善材料后通过", exact=True).click()
    dialog = reviewer.get_by_role("dialog")
    expect(dialog.get_by_label("认定项目金额(万元)", exact=True)).to_have_value("420.80")
    # the level reached is the attached self-assessment's 三级 (the projects say 二级): its cap, 60, binds
    expect(dialog.get_by_label("补贴金额(万元)", exact=True)).to_have_value("60.00")
    dialog.get_by_label("完善期限", exact=True).fill(due)
    dialog.get_by_label("审批意见", exact=True).fill("请补充项目2的银行回单")
    dialog.get_by_role("button", name="确定").click()
    expect(reviewer.get_by_text("待完善材料", exact=True).first).to_be_visible()

    open_page(clerk, f"/workbench/acceptance/{order_id}")
    expect(clerk.get_by_text("请补充项目2的银行回单")).to_be_visible()
    expect(clerk.get_by_text(f"期限：{due}")).to_be_visible()
    upload(clerk, "ac-upload-invoices-1", make_pdf(tmp_path / "项目2银行回单.pdf", 1))
    clerk.get_by_role("button", name="提交").last.click()
    expect(clerk.get_by_text("完善的材料已提交，等待市工信局确认。")).to_be_visible()

    open_detail(reviewer, order_id)
    expect(reviewer.get_by_text("项目2银行回单.pdf").first).to_be_visible()
    reviewer.get_by_role("button", name="完善材料确认").click()
    expect(reviewer.get_by_text("待上传盖章申报表", exact=True).first).to_be_visible()

    # the stamped 申报表: downloaded, parsed back, uploaded, approved
    open_detail(clerk, order_id)
    with clerk.expect_download() as got:
        clerk.get_by_role("button", name="下载").first.click()
    assert got.value.suggested_filename == f"哈尔滨市中小企业数字化转型试点企业项目验收和补助资金申报表（{COMPANY}）.docx"
    form = Document(got.value.path())
    cells = "\n".join(c.text for t in form.tables for r in t.rows for c in r.cells)
    for expected in ("哈尔滨智造软件有限公司", "工业云平台订阅", "车间生产管理终端", "（√）是", "420.80 万元", "60.00 万元"):
        assert expected in cells, expected
    with clerk.expect_download(timeout=120_000) as printed:
        clerk.get_by_role("button", name="下载 PDF（推荐打印）").click()
    form_pages = len(PdfReader(printed.value.path()).pages)
    # a scan of every page, the seal on the last: no warning, handed in without a reason
    with clerk.expect_file_chooser() as chooser:
        clerk.get_by_role("button", name="盖章申报表上传：选择文件").click()
    scan = [scans.page_without_seal(dpi=100) for _ in range(form_pages - 1)] + [scans.page_with_seal(dpi=100)]
    chooser.value.set_files(str(scans.save_pdf(tmp_path / "盖章验收申报表.pdf", scan, dpi=100)))
    expect(clerk.get_by_text("盖章验收申报表.pdf").first).to_be_visible()
    slot = clerk.get_by_role("region", name="盖章申报表上传")
    expect(slot.get_by_text("正在检查盖章扫描件（页数、公章）…")).to_have_count(0, timeout=60_000)
    expect(slot.get_by_text("未检测到红色公章，请确认已盖章")).to_have_count(0)
    expect(slot.get_by_label("仍要提交的原因", exact=True)).to_have_count(0)
    clerk.get_by_role("button", name="提交盖章申报表").click()
    expect(clerk.get_by_text("盖章材料待审核", exact=True).first).to_be_visible()
    expect(reviewer.get_by_role("button", name="盖章材料通过")).to_be_visible()
    reviewer.get_by_role("button", name="盖章材料通过").click()
    expect(reviewer.get_by_text("验收完成", exact=True).first).to_be_visible()
    expect(clerk.get_by_text("验收完成", exact=True).first).to_be_visible()

    # 工单日志: every step with its actor, opinion, booking, amounts and deadline
    log = clerk.locator("table").filter(has_text="审批意见").last
    for step in ("提交", "驳回", "审核通过", "预约现场验收", "确认预约", "完善材料后通过", "完善材料确认",
                 "提交盖章申报表", "盖章材料通过"):
        expect(log.get_by_role("cell", name=step, exact=True).first).to_be_visible()
    expect(log).to_contain_text(f"完善期限：{due}")
    expect(log).to_contain_text("补贴金额(万元)：60.00")
    expect(log).to_contain_text("验收时间：09:30")
