"""数字化水平自测 in a real browser: fill the questionnaire to exactly 二级, reload, read the result,
keep it as 改造前 and download the report.

By hand from indicators_2024.json: 基础 = 网络 8 (B–E) + 设备数字化 6 (10 of 10 devices) + 设备联网 6
(10 of 10) + 数据采集 0 (无) + 信息系统 10 (E) + 网络安全 5 + 数据安全 5 = 40; 管理 and 成效 all
0 → 40 of 100. Scenes: 产品设计 三级, 营销管理 and 生产管控 (binding) and 工艺设计, 售后服务, 计划排程
(guiding) 二级 → six at 二级 or above, three binding → 二级. Short of 三级: 20 points, 7 scenes, 4 binding.
"""

from __future__ import annotations

import io
import re

from docx import Document
from pypdf import PdfReader
from playwright.sync_api import Page, expect

from harbin_app.assessment import load_indicators
from tests.browser.helpers import field_error, open_page, register

IND = load_indicators("2024")
TICKS = [  # (item, option) clicked in the questionnaire
    *[("network", p) for p in "BCDE"],
    ("data_collection", "A"),
    ("information_systems", "E"),
    *[("network_security", p) for p in "BCDE"],
    *[("data_security", p) for p in "BCDE"],
]
LATER_TICKS = [
    ("planning", "A"),
    ("management_system", "A"),
    ("talent", "A"),
    ("funding", "A"),
    ("energy_per_revenue_change", "A"),
    ("pass_rate_change", "A"),
    ("revenue_per_head_change", "A"),
    ("cost_per_revenue_change", "A"),
]
SCENES = {
    "产品设计": "三级",
    "营销管理": "二级",
    "生产管控": "二级",
    "工艺设计": "二级",
    "售后服务": "二级",
    "计划排程": "二级",
    "质量管理": "一级",
    "设备管理": "一级",
    "安全生产": "一级",
    "能耗管理": "未达一级",
    "采购管理": "未达一级",
    "仓储物流": "未达一级",
    "财务管理": "一级",
    "人力资源": "未达一级",
    "协同办公": "一级",
    "决策支持": "未达一级",
}


def option(page: Page, item_key: str, prefix: str):
    item = IND.items[item_key]
    role = "checkbox" if item.kind == "multi" else "radio"
    group = page.get_by_role("group" if item.kind == "multi" else "radiogroup", name=item.title, exact=True)
    return group.get_by_role(role, name=re.compile(f"^{prefix}．"))


def progress(page: Page):
    return page.locator("#assessment-progress")


def figure(page: Page, label: str, value: str) -> None:
    box = page.get_by_label(label, exact=True)
    box.fill(value)
    box.blur()


def test_fill_to_level_two_keep_it_and_download_the_report(page: Page, app_server) -> None:
    register(page, app_server, username="hrbzc", phone="13800000501")
    page.get_by_role("navigation", name="工作台导航").get_by_role("link", name="数字化水平自测").click()
    expect(page).to_have_url(re.compile(r"/workbench/assessment$"))
    expect(progress(page)).to_have_text("已答 0 / 31 题")
    for number, name in zip(
        "一二三四", ("数字化基础", "数字化经营", "数字化管理", "数字化成效"), strict=True
    ):
        expect(page.get_by_role("heading", name=f"{number}、{name}")).to_be_visible()

    for key, prefix in TICKS:
        option(page, key, prefix).click()
    expect(progress(page)).to_have_text("已答 5 / 31 题")
    option(page, "data_collection", "B").click()  # 无 and the others exclude each other
    expect(option(page, "data_collection", "A")).not_to_be_checked()
    option(page, "data_collection", "A").click()
    expect(option(page, "data_collection", "B")).not_to_be_checked()

    figure(page, "设备总数（台）", "十台")  # not a number: said beside the box, the text stays
    expect(field_error(page, "设备总数（台）")).to_have_text("设备总数须为数字")
    expect(page.get_by_label("设备总数（台）", exact=True)).to_have_value("十台")
    figure(page, "设备总数（台）", "10")
    expect(field_error(page, "设备总数（台）")).to_have_count(0)
    figure(page, "数字化设备数（台）", "10")
    figure(page, "联网设备数（台）", "10")
    expect(progress(page)).to_have_text("已答 7 / 31 题")
    expect(page.locator("#q-equipment_digitalization")).to_contain_text("当前取值：E．(60%,100%]")

    page.reload()  # everything was saved as it was filled
    expect(progress(page)).to_have_text("已答 7 / 31 题")
    expect(option(page, "network", "C")).to_be_checked()
    expect(option(page, "information_systems", "E")).to_be_checked()
    expect(option(page, "data_collection", "A")).to_be_checked()
    expect(page.get_by_label("数字化设备数（台）", exact=True)).to_have_value("10")
    expect(page.get_by_role("navigation", name="问卷目录")).to_contain_text("一、数字化基础7 / 7")

    for key, prefix in LATER_TICKS:
        option(page, key, prefix).click()
    for scene, level in SCENES.items():
        page.get_by_role("radiogroup", name=scene, exact=True).get_by_role(
            "radio", name=level, exact=True
        ).click()
    expect(progress(page)).to_have_text("已答 31 / 31 题")
    expect(page.locator("#scene-1-chosen")).to_contain_text(
        "三级：建立典型产品组件及关键零部件的标准库"
    )  # 产品设计

    page.get_by_role("link", name="查看评测结果").click()
    expect(page).to_have_url(re.compile(r"/workbench/assessment/result$"))
    expect(page.locator("#assessment-total")).to_have_text("40 / 100")
    expect(page.locator("#assessment-level")).to_have_text("二级")
    for gap in ("总分还差 20 分（需 ≥ 60 分）", "还需 7 个场景达到三级", "还需 4 个约束性场景达到三级"):
        expect(page.get_by_role("listitem").filter(has_text=gap)).to_be_visible()
    dimensions = page.get_by_role("row", name=re.compile("^数字化基础"))
    expect(dimensions).to_contain_text("40")
    expect(dimensions).to_contain_text("80%")
    expect(page.locator(".recharts-wrapper")).to_have_count(2)

    page.get_by_role("radio", name="改造前", exact=True).click()
    page.get_by_label("评测日期", exact=True).fill("2025-03-01")
    page.get_by_role("button", name="保存为评测记录").click()
    row = page.get_by_role("row", name=re.compile("^2025-03-01"))
    expect(row).to_contain_text("改造前")
    expect(row).to_contain_text("二级")

    with page.expect_download() as download_info:
        row.get_by_role("button", name="下载报告").click()
    download = download_info.value
    assert download.suggested_filename == "2025-03-01改造前数字化水平自测报告.docx"
    with open(download.path(), "rb") as f:
        lines = [p.text for p in Document(io.BytesIO(f.read())).paragraphs]
    assert "总分：40 / 100" in lines
    assert "数字化水平等级：二级" in lines
    assert "评测阶段：改造前" in lines
    # the same report as a print-ready PDF, made on the server
    with page.expect_download(timeout=120_000) as printed:
        row.get_by_role("button", name=re.compile("^下载 PDF")).click()
    assert printed.value.suggested_filename == "2025-03-01改造前数字化水平自测报告.pdf"
    text = "".join(p.extract_text() for p in PdfReader(printed.value.path()).pages).replace(" ", "")
    assert "总分：40/100" in text and "二级" in text


def test_an_incomplete_questionnaire_is_not_kept(page: Page, app_server) -> None:
    register(page, app_server, username="hrbwd", phone="13800000502")
    open_page(page, "/workbench/assessment")
    option(page, "information_systems", "C").click()
    expect(progress(page)).to_have_text("已答 1 / 31 题")
    open_page(page, "/workbench/assessment/result")
    expect(page.locator("#assessment-total")).to_have_text("5 / 100")
    expect(page.get_by_text("问卷还有 30 题未答")).to_be_visible()
    page.get_by_role("button", name="保存为评测记录").click()
    expect(page.get_by_role("alert").filter(has_text="问卷还有 30 题未完成（共 31 题）")).to_be_visible()
    expect(page.get_by_text("还没有保存的评测记录。")).to_be_visible()
