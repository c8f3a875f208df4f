"""入库申请 after submission: 入库审核, rejection, the generated 申报表, the stamped PDF, 已入库, rights."""

from __future__ import annotations

import re

import httpx
from docx import Document
from pypdf import PdfReader
from playwright.sync_api import Page, expect

from tests.unit import scans
from tests.browser.helpers import (
    certify, field_error, keep_assessments, login, open_page, register, submit_pool_entry,
)


def open_order(page: Page, order_id: int) -> None:
    open_page(page, f"/workbench/todo/{order_id}")
    expect(page.get_by_role("heading", name="工单日志")).to_be_visible()


def test_review_stamped_form_and_pooled(new_page, app_server, tmp_path) -> None:
    clerk, reviewer, stranger = new_page(), new_page(), new_page()
    register(clerk, app_server, username="hrbrk", phone="13800000201")
    certify(app_server, "hrbrk", "哈尔滨入库示范有限公司")
    order_id = submit_pool_entry(app_server, "hrbrk")
    keep_assessments(app_server, "hrbrk")

    login(reviewer, "reviewer")
    open_page(reviewer, "/workbench/review/pool-entry")
    row = reviewer.get_by_role("row", name=re.compile("哈尔滨入库示范有限公司"))
    expect(row).to_contain_text("待审核")
    row.get_by_role("link", name=re.compile("^详情")).click()
    expect(reviewer.get_by_text("锅炉焊接车间MES生产执行系统建设项目").first).to_be_visible()
    expect(reviewer.get_by_text("设备联网率").first).to_be_visible()
    # the enterprise's self-assessments, before and after side by side
    side_by_side = reviewer.locator("table").filter(has_text="改造前 ")
    expect(side_by_side.get_by_role("row", name=re.compile(r"数字化管理 0 \/ 30 22\.5 \/ 30"))).to_be_visible()
    expect(side_by_side.get_by_role("row", name=re.compile(r"质量管理（约束性） 一级 三级"))).to_be_visible()
    # the reviewer opens the evidence through a signed link
    with reviewer.expect_download() as evidence:
        reviewer.get_by_role("button", name="下载").first.click()
    assert evidence.value.suggested_filename == "2023年审计报告.pdf"
    reviewer.get_by_role("button", name="审核通过").click()
    expect(reviewer.get_by_text("待上传盖章材料", exact=True).first).to_be_visible()

    # the enterprise downloads the generated form, then hands in the stamped scan
    open_order(clerk, order_id)
    expect(clerk.get_by_role("heading", name="待盖章材料下载")).to_be_visible()
    with clerk.expect_download() as generated:
        clerk.get_by_role("button", name="下载 Word").click()
    assert generated.value.suggested_filename == "哈尔滨市中小企业数字化转型试点企业培育入库申报表（哈尔滨入库示范有限公司）.docx"
    docx = Document(generated.value.path())
    cells = "\n".join(c.text for t in docx.tables for r in t.rows for c in r.cells)
    assert "锅炉焊接车间MES生产执行系统建设项目" in cells and "（√）是" in cells
    # the print-ready PDF, made on the server from the same document: its ticks are in its text
    with clerk.expect_download(timeout=120_000) as printed:
        clerk.get_by_role("button", name="下载 PDF（推荐打印）").click()
    assert printed.value.suggested_filename == "哈尔滨市中小企业数字化转型试点企业培育入库申报表（哈尔滨入库示范有限公司）.pdf"
    form_pdf = PdfReader(printed.value.path())
    form_pages = len(form_pdf.pages)
    assert "（√）是" in "".join(p.extract_text() for p in form_pdf.pages).replace(" ", "")

    zone = clerk.get_by_role("button", name="盖章材料上传：选择文件")
    with clerk.expect_file_chooser() as chooser:
        zone.click()
    fake = tmp_path / "setup.pdf"
    fake.write_bytes(b"MZ\x90\x00" + b"\x00" * 2000)  # a renamed program
    chooser.value.set_files(str(fake))
    expect(field_error(clerk, "盖章材料上传：选择文件")).to_have_text("文件不是有效的 PDF，请上传 PDF 格式的扫描件")
    with clerk.expect_file_chooser() as chooser:
        zone.click()
    chooser.value.set_files(str(scans.save_pdf(tmp_path / "盖章申报表.pdf", [scans.page_without_seal(dpi=100)], dpi=100)))
    # the exact page count of the form's PDF, and no seal: warned, and a reason needed to hand in anyway
    expect(clerk.get_by_text(f"上传的扫描件共 1 页，系统生成的申报表共 {form_pages} 页，请确认是否漏扫或多扫")).to_be_visible(timeout=60_000)
    expect(clerk.get_by_text("未检测到红色公章，请确认已盖章")).to_be_visible()
    clerk.get_by_role("button", name="提交盖章材料").click()
    expect(field_error(clerk, "仍要提交的原因")).to_have_text("请填写仍要提交的原因，例如：公章颜色较浅、扫描件为黑白")
    clerk.get_by_label("仍要提交的原因", exact=True).fill("先交第 1 页核对")
    clerk.get_by_role("button", name="提交盖章材料").click()
    expect(clerk.get_by_text("盖章材料待审核", exact=True).first).to_be_visible()

    # the reviewer's open page follows; rejects the scan with an opinion
    expect(reviewer.get_by_text("盖章材料待审核", exact=True).first).to_be_visible()
    reviewer.get_by_label("审批意见", exact=True).fill("缺少第 2 页，请完整扫描")
    reviewer.get_by_role("button", name="盖章材料驳回").click()
    expect(clerk.get_by_text("缺少第 2 页，请完整扫描").first).to_be_visible()  # live on the clerk's page

    with clerk.expect_file_chooser() as chooser:
        clerk.get_by_role("button", name="盖章材料上传：选择文件").click()
    full = [scans.page_without_seal(dpi=100) for _ in range(form_pages - 1)] + [scans.page_with_seal(dpi=100)]
    chooser.value.set_files(str(scans.save_pdf(tmp_path / "盖章申报表完整版.pdf", full, dpi=100)))
    expect(clerk.get_by_text("盖章申报表完整版.pdf").first).to_be_visible()
    slot = clerk.get_by_role("region", name="盖章材料上传")
    expect(slot.get_by_text("正在检查盖章扫描件（页数、公章）…")).to_have_count(0, timeout=60_000)
    expect(slot.get_by_text("请确认是否漏扫或多扫")).to_have_count(0)  # no warning: the pages match, a seal found
    expect(slot.get_by_text("未检测到红色公章，请确认已盖章")).to_have_count(0)
    expect(slot.get_by_label("仍要提交的原因", exact=True)).to_have_count(0)
    clerk.get_by_role("button", name="提交盖章材料").click()
    expect(reviewer.get_by_role("button", name="盖章材料通过")).to_be_visible()
    # the reviewer sees where the seal is, and reads the scan page by page without downloading it
    log = reviewer.get_by_role("heading", name="工单日志").locator("xpath=..")
    expect(log).to_contain_text(f"第 {form_pages} 页检测到红色公章")
    expect(log).to_contain_text("仍要提交的原因：先交第 1 页核对")
    decoded = "img => img.decode().then(() => img.naturalWidth)"  # waits until the PNG has arrived and drawn
    thumb = reviewer.get_by_role("button", name="预览 盖章申报表完整版.pdf 第 1 页")
    assert thumb.get_by_role("img").evaluate(decoded) > 0
    thumb.click()
    dialog = reviewer.get_by_role("dialog")
    assert dialog.get_by_role("img", name="盖章申报表完整版.pdf 第 1 页").evaluate(decoded) > 0
    if form_pages > 1:
        dialog.get_by_role("button", name="下一页").click()
        assert dialog.get_by_role("img", name="盖章申报表完整版.pdf 第 2 页").evaluate(decoded) > 0
    dialog.get_by_role("button", name="关闭").click()
    reviewer.get_by_role("button", name="盖章材料通过").click()
    expect(reviewer.get_by_text("已入库", exact=True).first).to_be_visible()
    expect(clerk.get_by_text("已入库", exact=True).first).to_be_visible()

    # another enterprise can neither open the order nor fetch its files
    register(stranger, app_server, username="hrbwr", phone="13800000202")
    open_page(stranger, f"/workbench/todo/{order_id}")
    expect(stranger.get_by_text("没有找到该事项，可能已被删除或您无权查看")).to_be_visible()
    link = app_server.run_python(
        "from sqlmodel import select\nfrom harbin_app import db\nfrom harbin_app.models import User, StoredFile\n"
        "from harbin_app.services import files\nfrom harbin_app.services.accounts import actor_of\n"
        "with db.reading() as s:\n"
        "    owner = actor_of(s.exec(select(User).where(User.username == 'hrbrk')).one())\n"
        "    f = s.exec(select(StoredFile).where(StoredFile.enterprise_id == owner.enterprise_id)).first()\n"
        "    other = actor_of(s.exec(select(User).where(User.username == 'hrbwr')).one())\n"
        "print(files.download_link(owner, f.id))\n"
        "try:\n    files.download_link(other, f.id)\nexcept Exception as e:\n    print(type(e).__name__)\n"
    ).split()
    assert link[1] == "NotFound"
    assert httpx.get(app_server.url + link[0]).content.startswith(b"%PDF-")  # a fresh link of the owner works
    forged = link[0][:-4] + "AAAA"
    assert httpx.get(app_server.url + forged).status_code == 403
    assert httpx.get(app_server.url + "/download/nothing").status_code == 403
