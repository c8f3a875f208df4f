"""The documents of 验收申请 parsed back: the stamped 申报表 (.docx), the 总结报告 template (.docx) and
the 项目投资清单 (.xlsx); same content, same bytes; who is offered which, when."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from docx import Document
from openpyxl import load_workbook

from docgen.acceptance_form import build_acceptance_form
from docgen.acceptance_summary import build_summary_report
from docgen.common import CHOSEN, NOT_CHOSEN
from docgen.investment_list import build_investment_list
from harbin_app.services import acceptance as ac
from harbin_app.services import workorders as wo
from harbin_app.services.errors import NotFound
from tests.unit.acceptance_data import valid_content
from tests.unit.factories import VALID_CERTIFICATION
from tests.unit.test_acceptance_rules import REFS
from tests.unit.test_acceptance_workflow import act, conclusion_inputs, people, submitted, to_visit  # noqa: F401

NAME = "哈尔滨电气装备示范有限公司"


def content() -> dict:
    c = ac.normalise(valid_content(REFS))
    c["basic"].update(company_name=NAME, credit_code="91350100M000100Y43", industry="电气装备制造业")
    return c


def cells(doc) -> str:
    return "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)


@pytest.fixture(scope="module")
def form_bytes() -> bytes:
    return build_acceptance_form(content(), enterprise_name=NAME, eligible=ac.PRODUCT_CATEGORIES,
                                 recognised="200.60", subsidy="60.00")


def test_the_stamped_form_has_every_project_provider_and_product(form_bytes):
    doc = Document(io.BytesIO(form_bytes))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "哈尔滨市中小企业数字化转型试点企业项目验收和补助资金申报表" in text and f"申报单位（盖章）：{NAME}" in text
    all_cells = cells(doc)
    for expected in ("锅炉焊接车间MES生产执行系统建设项目", "设备联网与数据采集平台建设", "哈尔滨智造软件有限公司",
                     "哈尔滨办公设备有限公司", "哈尔滨物联科技有限公司", "MES生产执行系统（实施）", "工业云平台订阅",
                     "车间办公电脑", "边缘网关", "数据采集云服务", "设备联网率", "生产过程不透明"):
        assert expected in all_cells, expected
    product_tables = [t for t in doc.tables if t.rows[0].cells[1].text == "服务商名称"]
    assert len(product_tables) == 2
    first = [[c.text for c in r.cells] for r in product_tables[0].rows]
    assert first[1][1:] == ["哈尔滨智造软件有限公司", "91230100MA1B2C3D4" + first[1][2][-1], "赵工 13900000001",
                            "MES生产执行系统（实施）", "软件（许可、实施、开发）", "是", "200.10"]
    assert first[3][5:] == ["办公电脑", "否", "50.00"] and first[-1][1] == "合计" and first[-1][-1] == "250.30"
    second = [[c.text for c in r.cells] for r in product_tables[1].rows]
    assert second[-1][-1] == "0.30"  # 0.1 + 0.2, exactly


def test_ticks_are_plain_characters_and_the_figures_are_there(form_bytes):
    all_cells = cells(Document(io.BytesIO(form_bytes)))
    assert f"{CHOSEN}规上" in all_cells and f"{NOT_CHOSEN}规下" in all_cells and f"{CHOSEN}是" in all_cells
    assert f"{CHOSEN}三级" in all_cells  # project 2 after
    assert "200.60 万元" in all_cells and "60.00 万元" in all_cells and "250.60 万元" in all_cells
    assert "None" not in all_cells and "☑" not in all_cells


def test_same_content_same_bytes(form_bytes):
    again = build_acceptance_form(content(), enterprise_name=NAME, eligible=ac.PRODUCT_CATEGORIES,
                                  recognised="200.60", subsidy="60.00")
    assert again == form_bytes
    assert build_investment_list(content(), enterprise_name=NAME, eligible=ac.PRODUCT_CATEGORIES) == \
        build_investment_list(content(), enterprise_name=NAME, eligible=ac.PRODUCT_CATEGORIES)
    assert build_summary_report(content(), enterprise_name=NAME, eligible=ac.PRODUCT_CATEGORIES) == \
        build_summary_report(content(), enterprise_name=NAME, eligible=ac.PRODUCT_CATEGORIES)


def test_the_summary_template_is_prefilled():
    doc = Document(io.BytesIO(build_summary_report(content(), enterprise_name=NAME, eligible=ac.PRODUCT_CATEGORIES)))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert text.startswith("哈尔滨市试点企业数字化改造项目总结报告") and f"企业名称（盖章）：{NAME}" in text
    for heading in ("一、项目基本情况", "二、项目建设过程", "三、项目实施成效", "四、项目经验与存在问题", "五、下一步计划"):
        assert heading in text
    all_cells = cells(doc)
    assert "2024-09-01 至 2025-12-31" in all_cells and "250.3 万元" in all_cells and "边缘网关" in all_cells
    assert "设备联网率" in all_cells and "90" in all_cells


def test_the_investment_list_parsed_back():
    wb = load_workbook(io.BytesIO(build_investment_list(content(), enterprise_name=NAME, eligible=ac.PRODUCT_CATEGORIES)))
    ws = wb.active
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    assert rows[0] == ["序号", "项目名称", "数字化服务商", "统一社会信用代码", "产品服务名称", "类别", "是否可补贴", "金额（万元）"]
    assert ws.freeze_panes == "A2"
    products = [r for r in rows[1:] if isinstance(r[0], int)]
    assert [r[4] for r in products] == ["MES生产执行系统（实施）", "工业云平台订阅", "车间办公电脑", "边缘网关", "数据采集云服务"]
    assert [r[6] for r in products] == ["是", "是", "否", "是", "是"]
    totals = {r[1]: r[7] for r in rows if r[1] and ("合计" in r[1] or "可补贴" in r[1])}
    project1, project2 = "锅炉焊接车间MES生产执行系统建设项目", "设备联网与数据采集平台建设"
    assert Decimal(str(totals[f"{project1} 合计"])) == Decimal("250.3")
    assert Decimal(str(totals[f"{project1} 其中可补贴"])) == Decimal("200.3")
    assert Decimal(str(totals[f"{project2} 合计"])) == Decimal("0.3")
    assert Decimal(str(totals["全部项目合计"])) == Decimal("250.6")
    assert Decimal(str(totals["全部项目可补贴合计"])) == Decimal("200.6")
    amount_cells = [r[7] for r in ws.iter_rows(min_row=2) if r[7].value is not None]
    assert all(isinstance(c.value, (int, float)) and c.number_format == "#,##0.00" for c in amount_cells)


def test_documents_offered_while_editing_and_after_a_pass(people):  # noqa: F811
    q, rev = people["qiye"], people["reviewer"]
    order_id = ac.start(q)
    assert [k for k, _ in wo.detail(q, order_id).documents] == ["summary_template", "investment_list"]
    name, data = ac.document(q, order_id, "summary_template")
    assert name == f"哈尔滨市试点企业数字化改造项目总结报告（{VALID_CERTIFICATION['company_name']}）.docx"
    assert "锅炉焊接车间MES生产执行系统建设项目" in cells(Document(io.BytesIO(data)))  # the draft, prefilled
    name, data = ac.document(q, order_id, "investment_list")
    assert name.endswith(".xlsx") and load_workbook(io.BytesIO(data)).active["A1"].value == "序号"
    with pytest.raises(NotFound):
        ac.document(q, order_id, "stamp_form")  # not before a pass
    order_id, _ = submitted(people)
    with pytest.raises(NotFound):  # submitted: nothing to download while the reviewer reads it
        ac.document(q, order_id, "summary_template")
    assert wo.detail(rev, order_id).documents == []
