"""入库申请 form end to end: the checks before submission (the manual's common mistakes) at their
fields, the section index, repeatable rows, PDF evidence, nothing lost on reload, submission."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Locator, Page, expect
from pypdf import PdfWriter

from tests.browser.helpers import certify, login, open_page, register, wait_ready

CONTENT_OK = (
    "对锅炉焊接车间的 12 台焊接机器人和 6 条装配线进行联网改造，部署 MES 生产执行系统，"
    "实现生产计划排程、工序报工、质量追溯和设备状态实时监控，并打通 ERP 与车间数据。"
)
CONTENT_OK_2 = (
    "建设设备管理与能耗监测平台，为 80 台主要生产设备加装传感器和智能电表，实时采集运行与能耗数据，"
    "实现预测性维护、能耗分析和异常告警，降低非计划停机和单位产品能耗。"
)


def pdf(path: Path, pages: int = 1) -> Path:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    with path.open("wb") as fh:
        writer.write(fh)
    return path


def message(control: Locator) -> Locator:
    """The message shown for a control (its aria-describedby)."""
    described_by = control.get_attribute("aria-describedby")
    assert described_by, "the control names no message element"
    return control.page.locator(f"#{described_by}")


def type_in(control: Locator, value: str) -> None:
    """Type a value and leave the field (the check and the draft save happen on leaving)."""
    control.fill(value)
    control.blur()  # (Tab would only move between the segments of a date input)


def group(scope: Page | Locator, name: str) -> Locator:
    return scope.get_by_role("group", name=name, exact=True)


def zone(page: Page, label: str) -> Locator:
    """The button of a PDF drop zone (a click on it opens the file chooser)."""
    return page.get_by_role("button", name=f"{label}：选择文件")


def index_link(page: Page, section: str) -> Locator:
    return page.get_by_role("navigation", name="申请目录").get_by_role("link", name=re.compile(f"^{section}"))


def test_fill_check_upload_reload_submit(page: Page, new_page, app_server, tmp_path: Path) -> None:
    register(page, app_server, username="hrbpe01", phone="13800000601")
    certify(app_server, "hrbpe01", "哈尔滨入库填报示范有限公司")
    open_page(page, "/workbench/pool-entry")
    expect(page.get_by_text("尚未添加入库申请")).to_be_visible()
    page.get_by_role("button", name="添加").click()
    expect(page).to_have_url(re.compile(r"/workbench/pool-entry/\d+$"))
    wait_ready(page)
    order_url = page.url
    expect(page.get_by_text("哈尔滨入库填报示范有限公司")).to_be_visible()  # prefilled from certification

    # (a) 提交 at once: every message at its field, a summary, and the section index counts
    page.get_by_role("button", name="提交").last.click()
    expect(page.get_by_text(re.compile(r"还有 \d+ 处需要修改"))).to_be_visible()
    expect(message(page.get_by_label("主营产品", exact=True))).to_have_text("请填写主营产品")
    expect(message(page.get_by_label("员工人数", exact=True))).to_have_text("请填写员工人数")
    expect(message(page.get_by_role("radiogroup", name="规上/规下"))).to_have_text("请选择规上或规下")
    expect(page.get_by_text("请至少填写一条数字化改造需求")).to_be_visible()
    expect(page.get_by_text("请至少填写一个数字化改造项目")).to_be_visible()
    expect(message(page.get_by_role("radiogroup", name="愿意参与标杆样板打造"))).to_have_text("请选择是否愿意参与标杆样板打造")
    expect(message(zone(page, "2023年审计报告"))).to_have_text("请上传2023年审计报告（PDF）")
    expect(message(zone(page, "信用中国企业信用信息报告"))).to_have_text("请上传信用中国企业信用信息报告（PDF）")
    expect(page.get_by_text("还有 10 处需要修改，请按红色提示处理后再提交")).to_be_visible()
    for section, count in (("一、基本情况", "5"), ("二、数字化改造需求", "1"), ("三、数字化改造情况及成效", "1"),
                           ("四、其他情况", "1"), ("五、相关佐证材料", "2")):
        expect(index_link(page, section)).to_contain_text(count)
    index_link(page, "五、相关佐证材料").click()  # jumps to the section; nothing is reset
    expect(page.get_by_role("heading", name="五、相关佐证材料")).to_be_in_viewport()
    expect(message(zone(page, "2023年审计报告"))).to_have_text("请上传2023年审计报告（PDF）")
    expect(page.get_by_text("还有 10 处需要修改，请按红色提示处理后再提交")).to_be_visible()

    # (b) 一、基本情况
    type_in(page.get_by_label("主营产品", exact=True), "电站锅炉、余热锅炉及配套部件")
    expect(message(page.get_by_label("主营产品", exact=True))).to_have_count(0)
    type_in(page.get_by_label("上年营业收入(万元)", exact=True), "12000.5")
    type_in(page.get_by_label("员工人数", exact=True), "三百")
    expect(message(page.get_by_label("员工人数", exact=True))).to_have_text("员工人数须为正整数")
    type_in(page.get_by_label("员工人数", exact=True), "320")
    expect(message(page.get_by_label("员工人数", exact=True))).to_have_count(0)
    page.get_by_role("radio", name="规上", exact=True).click()
    # the choice is among the values 保存 and 提交 send (the form every input belongs to)
    assert page.wait_for_function(
        "() => new FormData(document.getElementById('lf-values')).get('basic.above_scale') === '规上'"
    )
    page.get_by_label("当前数字化水平", exact=True).select_option("二级")
    expect(page.get_by_text(re.compile(r"草稿已保存 \d\d:\d\d")).first).to_be_visible()

    # 二、数字化改造需求: two rows
    d1 = group(page, "需求 1")
    d1.get_by_label("需求种类", exact=True).select_option("生产管控")
    type_in(d1.get_by_label("需求描述", exact=True), "车间生产进度不透明，希望实时掌握工单进度")
    type_in(d1.get_by_label("问题及需求分析", exact=True), "计划靠人工排产、纸质报工，交期经常延误，需要建设生产执行系统")
    page.get_by_role("button", name="添加需求").click()
    d2 = group(page, "需求 2")
    expect(d2).to_be_visible()
    d2.get_by_label("需求种类", exact=True).select_option("能耗管理")
    type_in(d2.get_by_label("需求描述", exact=True), "掌握主要设备的能耗")
    type_in(d2.get_by_label("问题及需求分析", exact=True), "能耗只按月抄表，无法定位高耗能工序")
    expect(page.get_by_text("请至少填写一条数字化改造需求")).to_have_count(0)

    # 三、two projects with the manual's mistakes
    p1 = group(page, "项目 1")
    name1 = p1.get_by_label("项目名称", exact=True)
    type_in(name1, "MES系统")  # 4 项目名称表述不完整
    expect(message(name1)).to_contain_text("项目名称表述不完整")
    start1 = p1.get_by_label("项目周期开始", exact=True)
    type_in(start1, "2023-01-01")  # 1 项目周期超出试点期
    type_in(p1.get_by_label("项目周期结束", exact=True), "2025-06-30")
    expect(message(start1)).to_contain_text("项目周期超出试点期")
    type_in(p1.get_by_label("计划投资(万元)", exact=True), "350")
    content1 = p1.get_by_label("项目内容", exact=True)
    type_in(content1, "上线MES。")  # 5 项目内容过于简单
    expect(message(content1)).to_contain_text("项目内容过于简单")
    p1.get_by_label("改造前数字化水平", exact=True).select_option("三级")
    after1 = p1.get_by_label("改造后数字化水平", exact=True)
    after1.select_option("二级")  # 2 改造前数字化水平高于改造后
    expect(message(after1)).to_contain_text("改造前数字化水平高于改造后")
    i11 = group(p1, "项目 1 成效指标 1")
    type_in(i11.get_by_label("指标名称", exact=True), "设备联网率")
    type_in(i11.get_by_label("单位", exact=True), "%")
    type_in(i11.get_by_label("改造前", exact=True), "40")
    type_in(i11.get_by_label("改造后", exact=True), "90")

    page.get_by_role("button", name="添加项目").click()
    p2 = group(page, "项目 2")
    expect(p2).to_be_visible()
    type_in(p2.get_by_label("项目名称", exact=True), "设备管理与能耗监测平台建设项目")
    type_in(p2.get_by_label("项目周期开始", exact=True), "2024-10-01")
    type_in(p2.get_by_label("项目周期结束", exact=True), "2025-12-31")
    type_in(p2.get_by_label("计划投资(万元)", exact=True), "180")
    type_in(p2.get_by_label("项目内容", exact=True), CONTENT_OK_2)
    p2.get_by_label("改造前数字化水平", exact=True).select_option("二级")
    p2.get_by_label("改造后数字化水平", exact=True).select_option("三级")
    i21 = group(p2, "项目 2 成效指标 1")
    type_in(i21.get_by_label("指标名称", exact=True), "单位产值能耗")
    type_in(i21.get_by_label("单位", exact=True), "吨标煤/万元")
    type_in(i21.get_by_label("改造前", exact=True), "0.32")
    type_in(i21.get_by_label("改造后", exact=True), "0.27")
    p2.get_by_role("button", name="添加指标").click()
    i22 = group(p2, "项目 2 成效指标 2")
    type_in(i22.get_by_label("单位", exact=True), "天")  # 3 成效指标有数值没有名称
    type_in(i22.get_by_label("改造前", exact=True), "30")
    type_in(i22.get_by_label("改造后", exact=True), "18")
    expect(message(i22.get_by_label("指标名称", exact=True))).to_have_text("该成效指标填写了数值，请填写指标名称")
    expect(page.get_by_text("请至少填写一个数字化改造项目")).to_have_count(0)

    # fix every mistake: the messages go as the fields are corrected
    type_in(name1, "锅炉焊接车间MES生产执行系统建设项目")
    expect(message(name1)).to_have_count(0)
    type_in(start1, "2024-09-01")
    expect(message(start1)).to_have_count(0)
    type_in(content1, CONTENT_OK)
    expect(message(content1)).to_have_count(0)
    after1.select_option("四级")
    expect(message(after1)).to_have_count(0)
    type_in(i22.get_by_label("指标名称", exact=True), "订单交付周期")
    expect(message(i22.get_by_label("指标名称", exact=True))).to_have_count(0)

    # 四、其他情况
    page.get_by_role("radio", name="是", exact=True).click()

    # (c) 五、相关佐证材料: real PDFs kept; a fake one refused at its field
    audit_zone = zone(page, "2023年审计报告")
    with page.expect_file_chooser() as chooser:
        audit_zone.click()
    chooser.value.set_files(str(pdf(tmp_path / "审计报告2023.pdf", 3)))
    expect(page.get_by_text("审计报告2023.pdf")).to_be_visible()
    page.locator("#pe-evidence-credit_report input[type=file]").set_input_files(str(pdf(tmp_path / "信用报告.pdf", 2)))
    expect(page.get_by_text("信用报告.pdf")).to_be_visible()
    fake = tmp_path / "x.pdf"
    fake.write_bytes(b"MZ" + b"\x90" * 1000)
    declaration_zone = zone(page, "试点行业盖章声明")
    with page.expect_file_chooser() as chooser:
        declaration_zone.click()
    chooser.value.set_files(str(fake))
    expect(message(declaration_zone)).to_have_text("文件不是有效的 PDF，请上传 PDF 格式的扫描件")
    expect(page.get_by_text("x.pdf")).to_have_count(0)
    expect(page.get_by_text("有未保存的修改").first).to_have_count(0)

    page.get_by_role("button", name="保存").first.click()
    for section in ("一、基本情况", "二、数字化改造需求", "三、数字化改造情况及成效", "四、其他情况", "五、相关佐证材料"):
        expect(index_link(page, section).get_by_label("已填好")).to_be_visible()

    # (d) reload: everything typed is still there
    page.reload()
    wait_ready(page)
    assert page.url.split("#")[0] == order_url
    expect(page.get_by_label("主营产品", exact=True)).to_have_value("电站锅炉、余热锅炉及配套部件")
    expect(page.get_by_label("员工人数", exact=True)).to_have_value("320")
    expect(page.get_by_role("radio", name="规上", exact=True)).to_be_checked()
    expect(page.get_by_label("当前数字化水平", exact=True)).to_have_value("二级")
    expect(group(page, "需求 2").get_by_label("需求描述", exact=True)).to_have_value("掌握主要设备的能耗")
    p1 = group(page, "项目 1")
    expect(p1.get_by_label("项目名称", exact=True)).to_have_value("锅炉焊接车间MES生产执行系统建设项目")
    expect(p1.get_by_label("项目周期开始", exact=True)).to_have_value("2024-09-01")
    expect(p1.get_by_label("项目内容", exact=True)).to_have_value(CONTENT_OK)
    expect(p1.get_by_label("改造后数字化水平", exact=True)).to_have_value("四级")
    i22 = group(group(page, "项目 2"), "项目 2 成效指标 2")
    expect(i22.get_by_label("指标名称", exact=True)).to_have_value("订单交付周期")
    expect(i22.get_by_label("改造后", exact=True)).to_have_value("18")
    expect(page.get_by_role("radio", name="是", exact=True)).to_be_checked()
    expect(page.get_by_text("审计报告2023.pdf")).to_be_visible()
    expect(page.get_by_text("信用报告.pdf")).to_be_visible()

    # (e) 提交 → 待审核, read-only, the list follows
    page.get_by_role("button", name="提交").last.click()
    expect(page.get_by_text("已提交，市工信局审核中")).to_be_visible()
    expect(page.get_by_text("待审核", exact=True).first).to_be_visible()
    expect(page.get_by_role("button", name="提交")).to_have_count(0)
    expect(page.get_by_label("主营产品", exact=True)).to_be_disabled()
    expect(page.get_by_role("link", name="查看待办详情")).to_have_attribute("href", re.compile(r"/workbench/todo/\d+"))
    open_page(page, "/workbench/pool-entry")
    row = page.get_by_role("row", name=re.compile("哈尔滨入库填报示范有限公司"))
    expect(row).to_contain_text("待审核")
    expect(row.get_by_role("link", name="查看")).to_be_visible()
    expect(page.get_by_role("button", name="添加")).to_have_count(0)  # one per enterprise: opened instead
    expect(page.get_by_role("link", name="查看入库申请")).to_be_visible()

    # (f) the rest of the journey: a rejection, the fix and resubmission, approval, the generated
    # form, the stamped scan, 已入库
    reviewer = new_page()
    login(reviewer, "reviewer")
    open_page(reviewer, "/workbench/review/pool-entry")
    reviewer.get_by_role("row", name=re.compile("哈尔滨入库填报示范有限公司")).get_by_role("link", name=re.compile("^详情")).click()
    expect(reviewer.get_by_text("订单交付周期").first).to_be_visible()
    reviewer.get_by_label("审批意见", exact=True).fill("项目2计划投资与合同金额不一致，请核对")
    reviewer.get_by_role("button", name="驳回").click()
    expect(reviewer.get_by_text("驳回", exact=True).first).to_be_visible()

    page.goto(order_url)
    wait_ready(page)
    expect(page.get_by_text("项目2计划投资与合同金额不一致，请核对")).to_be_visible()
    type_in(group(page, "项目 2").get_by_label("计划投资(万元)", exact=True), "165")
    page.get_by_role("button", name="提交").last.click()
    expect(page.get_by_text("已提交，市工信局审核中")).to_be_visible()

    expect(reviewer.get_by_text("本次修改了 1 处")).to_be_visible()  # live on the reviewer's open page
    expect(reviewer.get_by_role("row", name=re.compile(r"三、项目2·计划投资\(万元\) 180 165"))).to_be_visible()
    reviewer.get_by_role("button", name="审核通过").click()
    expect(reviewer.get_by_text("待上传盖章材料", exact=True).first).to_be_visible()

    open_page(page, re.sub(r"^.*?/workbench/pool-entry/", "/workbench/todo/", order_url))
    with page.expect_download() as generated:
        page.get_by_role("heading", name="待盖章材料下载").locator("xpath=..").get_by_role("button", name="下载 Word").click()
    assert generated.value.suggested_filename == "哈尔滨市中小企业数字化转型试点企业培育入库申报表（哈尔滨入库填报示范有限公司）.docx"
    from docx import Document

    cells = "\n".join(c.text for t in Document(generated.value.path()).tables for r in t.rows for c in r.cells)
    for text in ("车间生产进度不透明", "掌握主要设备的能耗", "锅炉焊接车间MES生产执行系统建设项目",
                 "设备管理与能耗监测平台建设项目", "设备联网率", "单位产值能耗", "订单交付周期", "165 万元"):
        assert text in cells, text
    with page.expect_file_chooser() as chooser:
        zone(page, "盖章材料上传").click()
    chooser.value.set_files(str(pdf(tmp_path / "盖章申报表.pdf", 3)))
    expect(page.get_by_text("盖章申报表.pdf").first).to_be_visible()
    page.get_by_label("仍要提交的原因", exact=True).fill("扫描件为黑白")  # blank pages: no seal to find
    page.get_by_role("button", name="提交盖章材料").click()
    expect(reviewer.get_by_role("button", name="盖章材料通过")).to_be_visible()
    reviewer.get_by_role("button", name="盖章材料通过").click()
    expect(page.get_by_text("已入库", exact=True).first).to_be_visible()  # live on the clerk's page


def _submitted_entry_with_kept_assessment(app, username: str) -> int:  # noqa: ANN001
    """Set-up step through the services: a kept 自测 result (一级) and a submitted 入库申请."""
    out = app.run_python(
        "import io\n"
        "from datetime import date\n"
        "from pypdf import PdfWriter\n"
        "from sqlmodel import select\n"
        "from harbin_app import clock, db\n"
        "from harbin_app.models import Assessment, User\n"
        "from harbin_app.services import files, pool_entry\n"
        "from harbin_app.services.accounts import actor_of\n"
        "def pdf(n):\n"
        "    w = PdfWriter()\n"
        "    for _ in range(n): w.add_blank_page(width=595, height=842)\n"
        "    b = io.BytesIO(); w.write(b); b.seek(0); return b\n"
        "with db.reading() as s:\n"
        f"    q = actor_of(s.exec(select(User).where(User.username == {username!r})).one())\n"
        "with db.transaction() as s:\n"
        "    s.add(Assessment(enterprise_id=q.enterprise_id, label='改造前', assessed_on=date(2024, 8, 1),\n"
        "        indicator_version='2024', answers={}, scenes={}, total='31.5', level=1,\n"
        "        created_by=q.user_id, created_at=clock.now()))\n"
        "ev = {'audit_report': files.store_upload(q, pdf(2), '审计报告.pdf', field='a'),\n"
        "      'credit_report': files.store_upload(q, pdf(1), '信用报告.pdf', field='c')}\n"
        "oid = pool_entry.start(q)\n"
        "view = pool_entry.load(q, oid)\n"
        "c = view.content\n"
        "c['basic'].update(main_products='高低压成套开关设备', last_year_revenue='8000', employees='210',\n"
        "    above_scale='规上', current_level='二级')\n"
        "c['demands'] = [dict(category='生产管控', description='掌握工单进度', analysis='纸质报工，进度不透明'),\n"
        "    dict(category='质量管理', description='质量追溯', analysis='质量问题难以追溯到批次')]\n"
        f"c['projects'] = [dict(name='成套车间MES生产执行系统建设项目', start='2024-09-01', end='2025-12-31',\n"
        f"    content={CONTENT_OK!r}, investment='300', level_before='二级', level_after='三级',\n"
        "    indicators=[dict(name='设备联网率', unit='%', before='30', after='85')])]\n"
        "c['other'] = {'benchmark_willing': '否'}\n"
        "c['evidence'] = ev\n"
        "pool_entry.submit(q, oid, c, view.row_version)\n"
        "print(oid)\n"
    )
    return int(out.strip().splitlines()[-1])


def test_rejected_entry_follows_live_and_takes_the_self_assessment(new_page, app_server) -> None:
    clerk, reviewer = new_page(), new_page()
    register(clerk, app_server, username="hrbpe02", phone="13800000602")
    certify(app_server, "hrbpe02", "哈尔滨入库驳回示范有限公司")
    order_id = _submitted_entry_with_kept_assessment(app_server, "hrbpe02")

    # submitted: read-only, with the way to its 待办详情; the kept files can be downloaded
    open_page(clerk, "/workbench/pool-entry")
    clerk.get_by_role("row", name=re.compile("哈尔滨入库驳回示范有限公司")).get_by_role("link", name="查看").click()
    expect(clerk).to_have_url(re.compile(rf"/workbench/pool-entry/{order_id}$"))
    wait_ready(clerk)
    expect(clerk.get_by_text("已提交，市工信局审核中")).to_be_visible()
    expect(clerk.get_by_label("主营产品", exact=True)).to_be_disabled()
    expect(clerk.get_by_role("button", name="提交")).to_have_count(0)
    expect(clerk.get_by_role("button", name="从自测结果带入")).to_have_count(0)
    with clerk.expect_download() as download:
        clerk.get_by_role("button", name="下载").first.click()
    assert download.value.suggested_filename == "审计报告.pdf"

    # the reviewer rejects: the clerk's open form follows without a reload
    login(reviewer, "reviewer")
    open_page(reviewer, f"/workbench/todo/{order_id}")
    reviewer.get_by_label("审批意见", exact=True).fill("当前数字化水平请以自测结果为准")
    reviewer.get_by_role("button", name="驳回").click()
    expect(reviewer.get_by_text("驳回", exact=True).first).to_be_visible()
    expect(clerk.get_by_text("当前数字化水平请以自测结果为准")).to_be_visible()
    expect(clerk.get_by_label("主营产品", exact=True)).to_be_enabled()
    expect(clerk.get_by_role("button", name="提交").last).to_be_visible()

    # 从自测结果带入: the kept result's level fills 当前数字化水平 and a project's 改造前
    clerk.get_by_role("button", name="从自测结果带入").first.click()
    clerk.get_by_role("menuitem", name=re.compile("改造前 · 2024-08-01 · 31.5 分 · 一级")).click()
    expect(clerk.get_by_label("当前数字化水平", exact=True)).to_have_value("一级")
    p1 = group(clerk, "项目 1")
    p1.get_by_role("button", name="从自测结果带入").click()
    clerk.get_by_role("menuitem", name=re.compile("一级")).click()
    expect(p1.get_by_label("改造前数字化水平", exact=True)).to_have_value("一级")

    # a row removed is saved at once
    group(clerk, "需求 2").get_by_role("button", name="删除").click()
    expect(group(clerk, "需求 2")).to_have_count(0)
    expect(clerk.get_by_text("有未保存的修改")).to_have_count(0)
    clerk.reload()
    wait_ready(clerk)
    expect(group(clerk, "需求 1").get_by_label("需求描述", exact=True)).to_have_value("掌握工单进度")
    expect(group(clerk, "需求 2")).to_have_count(0)
    expect(clerk.get_by_label("当前数字化水平", exact=True)).to_have_value("一级")
    expect(group(clerk, "项目 1").get_by_label("改造前数字化水平", exact=True)).to_have_value("一级")

    clerk.get_by_role("button", name="提交").last.click()
    expect(clerk.get_by_text("已提交，市工信局审核中")).to_be_visible()
    expect(clerk.get_by_text("待审核", exact=True).first).to_be_visible()
