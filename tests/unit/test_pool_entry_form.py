"""The 入库申报表 .docx, parsed back with python-docx."""

import io
import re
from datetime import date

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm

from docgen.pool_entry_form import build_pool_entry_form

TITLE = "哈尔滨市中小企业数字化转型试点企业培育入库申报表"
LEVELS = ["未达一级", "一级", "二级", "三级", "四级"]

CONTENT = {
    "basic": {
        "company_name": "哈尔滨某某机械制造有限公司", "credit_code": "91230100MA1B2C3D4E",
        "industry": "电气装备制造业", "established": "2012-05-18", "registered_capital": "1200.5",
        "scale": "180", "contact": "张伟", "phone": "13800138000", "email": "zhangwei@example.com",
        "address": "黑龙江省哈尔滨市松北区创新路 88 号", "website": "https://www.example.com",
        "intro": "专业从事电气成套设备研发与制造。", "main_products": "高低压开关柜、箱式变电站",
        "last_year_revenue": "8650.25", "employees": "176", "above_scale": "规上", "current_level": "二级",
    },
    "demands": [
        {"id": "d1", "category": "生产管控", "description": "车间排产依赖人工表格",
         "analysis": "订单交期波动大，需要上线 MES 实现排产与报工"},
        {"id": "d2", "category": "其他", "description": "图纸版本混乱", "analysis": "需建设 PDM 统一管理图纸版本"},
    ],
    "projects": [
        {"id": "p1", "name": "开关柜生产车间 MES 系统建设项目", "start": "2025-01-01", "end": "2025-12-31",
         "content": "部署 MES 系统，覆盖排产、报工、质检、设备管理四个模块。\n与 ERP 打通订单与物料数据。",
         "investment": "120.5", "level_before": "一级", "level_after": "三级",
         "indicators": [
             {"id": "i1", "name": "生产计划达成率", "unit": "%", "before": "82", "after": "95"},
             {"id": "i2", "name": "订单交付周期", "unit": "天", "before": "30", "after": "21"},
         ]},
        {"id": "p2", "name": "产品数据管理（PDM）系统建设项目", "start": "2025-03-01", "end": "2025-10-31",
         "content": "建设 PDM 系统，统一管理图纸与 BOM。", "investment": "46", "level_before": "未达一级",
         "level_after": "二级",
         "indicators": [
             {"id": "i3", "name": "图纸检索时间", "unit": "分钟", "before": "15", "after": "1"},
             {"id": "i4", "name": "设计变更差错率", "unit": "%", "before": "5.2", "after": "0.8"},
             {"id": "i5", "name": "BOM 准确率", "unit": "%", "before": "90", "after": "99.5"},
         ]},
    ],
    "other": {"benchmark_willing": "是"},
    "evidence": {
        "audit_report": {"name": "2023年审计报告.pdf", "pages": 12, "sha256": "ab" * 32},
        "credit_report": {"name": "信用报告.pdf", "pages": "3"},
        "industry_declaration": None,
    },
}


@pytest.fixture(scope="module")
def docx_bytes():
    return build_pool_entry_form(CONTENT, enterprise_name="哈尔滨某某机械制造有限公司",
                                 submitted_on=date(2025, 3, 1))


@pytest.fixture(scope="module")
def doc(docx_bytes):
    return Document(io.BytesIO(docx_bytes))


def rows(table):
    return [[c.text for c in r.cells] for r in table.rows]


def label_values(table):
    return {r[0]: r[1] for r in rows(table)}


def tables_with_header(doc, header):
    return [t for t in doc.tables if rows(t)[0] == header]


def marks(text):
    """'（√）是  （ ）否' → [('是', True), ('否', False)]; fails on anything else."""
    found = re.findall(r"（(√| )）(\S+)", text)
    assert "".join(f"（{m}）{w}" for m, w in found) == text.replace(" " * 2, ""), text
    return [(word, mark == "√") for mark, word in found]


def chosen(text, choices, expected):
    assert marks(text) == [(c, c == expected) for c in choices]


def all_text(doc):
    parts = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        parts += [c.text for r in t.rows for c in r.cells]
    return "\n".join(parts)


def test_title_and_head(doc):
    title = doc.paragraphs[0]
    assert title.text == TITLE
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert all(run.bold for run in title.runs)
    texts = [p.text for p in doc.paragraphs]
    assert "申报单位（盖章）：哈尔滨某某机械制造有限公司" in texts
    assert "填报日期：2025-03-01" in texts
    for heading in ("一、基本情况", "二、数字化改造需求", "三、数字化改造情况及成效", "四、其他情况", "五、相关佐证材料"):
        assert heading in texts


def test_basic_table_has_every_field(doc):
    basic = label_values(doc.tables[0])
    expected = {
        "公司名称": "哈尔滨某某机械制造有限公司", "统一社会信用代码": "91230100MA1B2C3D4E",
        "所属行业": "电气装备制造业", "成立时间": "2012-05-18", "注册资本（万元）": "1200.5 万元",
        "企业规模（人）": "180 人", "联系人": "张伟", "联系电话": "13800138000", "联系邮箱": "zhangwei@example.com",
        "公司地址": "黑龙江省哈尔滨市松北区创新路 88 号", "官网地址": "https://www.example.com",
        "公司简介": "专业从事电气成套设备研发与制造。", "主营产品": "高低压开关柜、箱式变电站",
        "上年营业收入（万元）": "8650.25 万元", "员工人数（人）": "176 人",
    }
    for label, value in expected.items():
        assert basic[label] == value, label
    chosen(basic["规上/规下"], ["规上", "规下"], "规上")
    assert basic["规上/规下"] == "（√）规上  （ ）规下"
    chosen(basic["当前数字化水平"], LEVELS, "二级")
    assert basic["当前数字化水平"] == "（ ）未达一级  （ ）一级  （√）二级  （ ）三级  （ ）四级"
    amount_row = next(r for r in doc.tables[0].rows if r.cells[0].text == "注册资本（万元）")
    assert amount_row.cells[1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT


def test_every_demand_row(doc):
    [table] = tables_with_header(doc, ["序号", "需求种类", "需求描述", "问题及需求分析"])
    assert rows(table)[1:] == [
        ["1", "生产管控", "车间排产依赖人工表格", "订单交期波动大，需要上线 MES 实现排产与报工"],
        ["2", "其他", "图纸版本混乱", "需建设 PDM 统一管理图纸版本"],
    ]


def test_every_project_block(doc):
    blocks = [label_values(t) for t in doc.tables if rows(t)[0][0] == "项目名称"]
    assert len(blocks) == 2
    first, second = blocks
    assert first["项目名称"] == "开关柜生产车间 MES 系统建设项目"
    assert first["项目周期"] == "2025-01-01 至 2025-12-31"
    assert first["项目内容"] == CONTENT["projects"][0]["content"]  # the line break kept
    assert first["计划投资（万元）"] == "120.5 万元"
    chosen(first["改造前数字化水平"], LEVELS, "一级")
    chosen(first["改造后数字化水平"], LEVELS, "三级")
    assert second["项目名称"] == "产品数据管理（PDM）系统建设项目"
    assert second["项目周期"] == "2025-03-01 至 2025-10-31"
    assert second["计划投资（万元）"] == "46 万元"
    chosen(second["改造前数字化水平"], LEVELS, "未达一级")
    chosen(second["改造后数字化水平"], LEVELS, "二级")
    investment = next(r for t in doc.tables for r in t.rows if r.cells[0].text == "计划投资（万元）")
    assert investment.cells[1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT


def test_every_indicator_row(doc):
    tables = tables_with_header(doc, ["序号", "指标名称", "单位", "改造前", "改造后"])
    assert [rows(t)[1:] for t in tables] == [
        [["1", "生产计划达成率", "%", "82", "95"], ["2", "订单交付周期", "天", "30", "21"]],
        [["1", "图纸检索时间", "分钟", "15", "1"], ["2", "设计变更差错率", "%", "5.2", "0.8"],
         ["3", "BOM 准确率", "%", "90", "99.5"]],
    ]


def test_other_and_evidence(doc):
    [other] = [t for t in doc.tables if rows(t)[0][0] == "是否愿意参与标杆样板打造"]
    assert rows(other)[0][1] == "（√）是  （ ）否"
    [evidence] = tables_with_header(doc, ["序号", "材料名称", "文件", "页数"])
    assert rows(evidence)[1:] == [
        ["1", "2023年审计报告", "2023年审计报告.pdf", "12 页"],
        ["2", "信用中国企业信用信息报告", "信用报告.pdf", "3 页"],
        ["3", "试点行业盖章声明", "未提供", ""],
    ]


def test_no_is_marked_when_unwilling():
    content = {**CONTENT, "other": {"benchmark_willing": "否"}, "evidence": {"audit_report": None}}
    doc = Document(io.BytesIO(build_pool_entry_form(content, enterprise_name="甲")))
    [other] = [t for t in doc.tables if rows(t)[0][0] == "是否愿意参与标杆样板打造"]
    assert rows(other)[0][1] == "（ ）是  （√）否"
    [evidence] = tables_with_header(doc, ["序号", "材料名称", "文件", "页数"])
    assert [r[2] for r in rows(evidence)[1:]] == ["未提供", "未提供", "未提供"]


def test_signature_and_stamp_block(doc):
    texts = [p.text for p in doc.paragraphs]
    tail = [t for t in texts[texts.index("五、相关佐证材料"):] if t]
    assert tail[1:] == [tail[1], "法定代表人（签字）：", "单位（盖章）：", "日期：    年  月  日"]
    assert "承诺" in tail[1] and "真实" in tail[1]


def test_marks_count_and_no_none(doc, docx_bytes):
    text = all_text(doc)
    # 规上/规下 1, 当前水平 1, 2 projects × 2 levels, 是/否 1
    assert text.count("（√）") == 1 + 1 + 4 + 1
    assert text.count("（ ）") == 1 + 4 + 4 * 4 + 1
    assert "None" not in text and "None" not in doc.element.body.xml
    assert docx_bytes[:2] == b"PK"


def test_layout_fonts_and_safe_marks(doc):
    section = doc.sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert abs(section.page_width - Cm(21)) < Cm(0.05) and abs(section.page_height - Cm(29.7)) < Cm(0.05)
    assert section.left_margin >= Cm(2) and section.top_margin >= Cm(2)
    assert all(t.style.name == "Table Grid" for t in doc.tables)
    for header in (["序号", "需求种类", "需求描述", "问题及需求分析"], ["序号", "指标名称", "单位", "改造前", "改造后"]):
        for table in tables_with_header(doc, header):
            first = table.rows[0]
            assert first._tr.trPr.find(qn("w:tblHeader")) is not None
            assert all(run.bold for cell in first.cells for p in cell.paragraphs for run in p.runs)
            body_rows = [r._tr.trPr for r in table.rows[1:]]
            assert all(pr is None or pr.find(qn("w:tblHeader")) is None for pr in body_rows)
    for style in ("Normal", "Heading 1"):
        rfonts = doc.styles[style].element.rPr.rFonts
        assert rfonts.get(qn("w:eastAsia")) == "宋体" and rfonts.get(qn("w:eastAsiaTheme")) is None
    body = doc.element.body.xml
    for forbidden in ("☑", "☐", "■", "□", "<w:sym", "<w:sdt", "Wingdings", "Symbol"):
        assert forbidden not in body


def test_almost_empty_draft_builds():
    draft = {
        "basic": {"company_name": "", "credit_code": "", "registered_capital": "", "above_scale": "",
                  "current_level": "", "intro": None},
        "demands": [{"id": "d1", "category": "", "description": "", "analysis": ""}],
        "projects": [{"id": "p1", "name": "", "start": "", "end": "", "investment": "", "level_before": "",
                      "level_after": "",
                      "indicators": [{"id": "i1", "name": "", "unit": "", "before": "", "after": ""}]}],
        "other": {"benchmark_willing": ""},
        "evidence": {"audit_report": None, "credit_report": None, "industry_declaration": None},
    }
    nulls = {"basic": None, "demands": None, "projects": [], "other": None, "evidence": None}
    for content in (draft, {}, nulls):
        doc = Document(io.BytesIO(build_pool_entry_form(content, enterprise_name="")))
        text = all_text(doc)
        assert doc.paragraphs[0].text == TITLE
        assert "None" not in text and "（√）" not in text
        basic = label_values(doc.tables[0])
        assert basic["公司名称"] == "" and basic["注册资本（万元）"] == "" and basic["公司简介"] == ""
        chosen(basic["当前数字化水平"], LEVELS, None)
        block = next(label_values(t) for t in doc.tables if rows(t)[0][0] == "项目名称")
        assert block["项目周期"] == "" and block["计划投资（万元）"] == ""
