"""The self-assessment .docx, parsed back with python-docx."""

import io
from datetime import date

import pytest
from docx import Document
from docx.oxml.ns import qn

from docgen.assessment_report import build_assessment_report
from harbin_app.assessment import score

ANSWERS = {
    "network": ["B", "C", "D", "E"],  # 8
    "equipment_digitalization": {"total": 100, "digital": 61},  # E 6
    "equipment_networking": {"networked": 100},  # E 6
    "data_collection": list("BCDEFGHIJK"),  # 7
    "information_systems": "D",  # 7.5
    "network_security": ["B", "C"],  # 2.5
    "data_security": ["B", "C"],  # 2.5
    "planning": "C",  # 3
    "management_system": ["B", "C", "D"],  # 5.625
    "talent": ["A"],  # 0
    "funding": {"investment": 600},  # B 1.875
    "energy_per_revenue_change": {"last_year": 120, "year_before": 110},  # C 7
    "pass_rate_change": {"option": "A", "value": 97.5},  # 0
    "revenue_per_head_change": {"staff_last_year": 50, "revenue_last_year": 3000,
                                "staff_year_before": 40, "revenue_year_before": 2400},  # B 1.5
    "cost_per_revenue_change": {"last_year": 2400, "year_before": 1920},  # B 1.5
}  # total 60
SCENES = {  # 5 binding + 3 guiding at 三级 -> 三级 overall; 人力资源 at 0; 决策支持 not assessed
    "产品设计": 3, "营销管理": 3, "生产管控": 3, "质量管理": 3, "设备管理": 3,
    "工艺设计": 3, "售后服务": 3, "计划排程": 3,
    "安全生产": 2, "能耗管理": 1, "采购管理": 2, "仓储物流": 2, "财务管理": 4, "协同办公": 1, "人力资源": 0,
}
EXPECTED_SCENES = [  # name, 性质, 达到等级
    ("产品设计", "约束性", "三级"), ("工艺设计", "指导性", "三级"), ("营销管理", "约束性", "三级"),
    ("售后服务", "指导性", "三级"), ("计划排程", "指导性", "三级"), ("生产管控", "约束性", "三级"),
    ("质量管理", "约束性", "三级"), ("设备管理", "约束性", "三级"), ("安全生产", "约束性", "二级"),
    ("能耗管理", "约束性", "一级"), ("采购管理", "约束性", "二级"), ("仓储物流", "约束性", "二级"),
    ("财务管理", "约束性", "四级"), ("人力资源", "指导性", "未达一级"), ("协同办公", "指导性", "一级"),
    ("决策支持", "指导性", "未评"),
]


@pytest.fixture(scope="module")
def docx_bytes():
    result = score(ANSWERS, SCENES)
    return build_assessment_report(result, ANSWERS, SCENES, enterprise_name="哈尔滨某某机械制造有限公司",
                                   assessed_on=date(2024, 9, 30), label="改造后")


@pytest.fixture(scope="module")
def doc(docx_bytes):
    return Document(io.BytesIO(docx_bytes))


def texts(doc):
    return [p.text for p in doc.paragraphs]


def rows(table):
    return [[c.text for c in r.cells] for r in table.rows]


def test_header_total_and_level(doc):
    paragraphs = texts(doc)
    assert paragraphs[0] == "中小企业数字化水平自测报告"
    for line in ("企业名称：哈尔滨某某机械制造有限公司", "评测日期：2024年9月30日", "评测阶段：改造后",
                 "总分：60 / 100", "数字化水平等级：三级"):
        assert line in paragraphs


def test_dimension_table(doc):
    assert rows(doc.tables[0]) == [
        ["维度", "得分", "满分"], ["数字化基础", "39.5", "50"], ["数字化管理", "10.5", "30"], ["数字化成效", "10", "20"]]


def test_item_table_marks_chosen_options(doc):
    table = rows(doc.tables[1])
    assert table[0] == ["分组", "指标", "选项", "得分", "满分"]
    by_indicator = {r[1].split("：")[0]: r for r in table[1:] if r[1] != "小计"}
    assert len(by_indicator) == 15
    network = by_indicator["网络建设"]
    assert network[2].splitlines()[0] == "（ ）A. 无"
    assert network[2].splitlines()[1] == "（√）B. 企业车间建成工控网络，支持自动化控制应用"
    assert network[3:] == ["8", "8"]
    talent = by_indicator["人才建设"][2].splitlines()
    assert talent[0] == "（√）A. 无" and all(line.startswith("（ ）") for line in talent[1:])
    digital = by_indicator["设备数字化"][2].splitlines()
    assert digital == ["（ ）A. [0-10%]", "（ ）B. (10%,20%]", "（ ）C. (20%,40%]", "（ ）D. (40%,60%]",
                       "（√）E. (60%,100%]", "填写数据：设备总数：100；数字化设备数：61"]
    assert by_indicator["管理机制"][3:] == ["5.625", "7.5"]
    assert by_indicator["资金保障"][2].splitlines()[1].startswith("（√）B. (10%,20%]")
    subtotals = [(r[0], r[3], r[4]) for r in table[1:] if r[1] == "小计"]
    assert subtotals == [
        ("数字化基础·设备系统", "20", "20"), ("数字化基础·数据采集", "7", "10"), ("数字化基础·信息系统", "7.5", "10"),
        ("数字化基础·信息安全", "5", "10"), ("数字化管理·规划管理", "8.625", "15"), ("数字化管理·要素保障", "1.875", "15"),
        ("数字化成效·绿色低碳", "7", "7"), ("数字化成效·产品质量", "0", "7"), ("数字化成效·市场效益", "3", "6")]
    assert sum(row[2].count("（√）") for row in table[1:]) == 4 + 1 + 1 + 10 + 1 + 2 + 2 + 1 + 3 + 1 + 1 + 1 + 1 + 1 + 1


def test_scene_table_has_every_scene(doc):
    table = rows(doc.tables[2])
    assert table[0] == ["序号", "场景", "类别", "性质", "达到等级"]
    assert [(r[1], r[3], r[4]) for r in table[1:]] == EXPECTED_SCENES
    assert [r[0] for r in table[1:]] == [str(n) for n in range(1, 17)]


def test_gaps_to_next_level(doc):
    paragraphs = texts(doc)
    start = paragraphs.index("距下一等级的差距")
    assert paragraphs[start + 1:] == ["总分还差 20 分（需 ≥ 80 分）", "还需 9 个场景达到四级", "还需 5 个约束性场景达到四级"]


def test_top_level_report_says_so():
    scenes = {name: 4 for name, _, _ in EXPECTED_SCENES}
    answers = {"network": ["B", "C", "D", "E"], "equipment_digitalization": "E", "equipment_networking": "E",
               "data_collection": list("BCDEFGHIJKLMNO"), "information_systems": "E",
               "network_security": ["B", "C", "D", "E"], "data_security": ["B", "C", "D", "E"], "planning": "F",
               "management_system": ["B", "C", "D", "E"], "talent": ["B", "C", "D", "E", "F"], "funding": "E",
               "energy_per_revenue_change": "C", "pass_rate_change": "C", "revenue_per_head_change": "C",
               "cost_per_revenue_change": "C"}
    data = build_assessment_report(score(answers, scenes), answers, scenes, enterprise_name="甲",
                                   assessed_on=date(2025, 1, 2), label="改造前")
    paragraphs = texts(Document(io.BytesIO(data)))
    assert "数字化水平等级：四级" in paragraphs and "总分：100 / 100" in paragraphs and "评测阶段：改造前" in paragraphs
    assert paragraphs[-1] == "已达到最高等级。"


def test_fonts_and_safe_marks(doc, docx_bytes):
    fonts = doc.styles["Normal"].element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "宋体"
    for style in ("Title", "Heading 1"):
        rfonts = doc.styles[style].element.rPr.rFonts
        assert rfonts.get(qn("w:eastAsia")) == "宋体" and rfonts.get(qn("w:eastAsiaTheme")) is None
    body = doc.element.body.xml
    assert "■" not in body and "□" not in body
    assert "<w:sym" not in body and "<w:sdt" not in body and "Wingdings" not in body
    assert docx_bytes[:2] == b"PK"
