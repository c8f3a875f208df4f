"""数字化水平自测 as a service: the draft saved as it is filled, kept assessments, rights, reports.

The questionnaire below comes to exactly 二级 (worked out by hand from indicators_2024.json):
基础 8 + 6 + 6 + 0 + 10 + 5 + 5 = 40, 管理 0, 成效 0 → 40; six scenes at 二级 or above, three of
them binding (产品设计 at 三级, 营销管理, 生产管控) → 二级; one scene at 三级 → 7 more scenes
and 4 more binding scenes short of 三级, and 20 points.
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from docx import Document
from sqlalchemy import text
from sqlmodel import select

from harbin_app import clock, db
from harbin_app.models import Assessment
from harbin_app.models.workorder import AppendOnlyError
from harbin_app.services import assessments as svc
from harbin_app.services.actor import ENTERPRISE, FINANCE, REVIEWER
from harbin_app.services.errors import NotFound, PermissionDenied, ServiceError, ValidationError
from tests.unit.factories import make_user

CHOICES = [  # (item, option) ticked one by one, as a user clicks
    *[("network", p) for p in "BCDE"],
    ("data_collection", "A"),
    ("information_systems", "E"),
    *[("network_security", p) for p in "BCDE"],
    *[("data_security", p) for p in "BCDE"],
    ("planning", "A"),
    ("management_system", "A"),
    ("talent", "A"),
    ("funding", "A"),
    ("energy_per_revenue_change", "A"),
    ("pass_rate_change", "A"),
    ("revenue_per_head_change", "A"),
    ("cost_per_revenue_change", "A"),
]
FIGURES = {
    "equipment_digitalization": {"total": "10", "digital": "10"},  # 100% -> E 6
    "equipment_networking": {"networked": "10"},  # 100% -> E 6
}
SCENES = {
    "产品设计": 3,
    "营销管理": 2,
    "生产管控": 2,
    "工艺设计": 2,
    "售后服务": 2,
    "计划排程": 2,
    "质量管理": 1,
    "设备管理": 1,
    "安全生产": 1,
    "能耗管理": 0,
    "采购管理": 0,
    "仓储物流": 0,
    "财务管理": 1,
    "人力资源": 0,
    "协同办公": 1,
    "决策支持": 0,
}
# After the project: 管理 7.5 × 3 = 22.5 more (62.5), eight scenes at 三级, five of them binding.
AFTER_CHOICES = [
    ("planning", "F"),
    *[("management_system", p) for p in "BCDE"],
    *[("talent", p) for p in "BCDEF"],
]
AFTER_SCENES = {
    n: 3
    for n in ("产品设计", "营销管理", "生产管控", "质量管理", "设备管理", "工艺设计", "售后服务", "计划排程")
}


@pytest.fixture
def company(database, fake_clock):
    return make_user("hrbqy", ENTERPRISE)


@pytest.fixture
def other(database):
    return make_user("hrbqt", ENTERPRISE)


@pytest.fixture
def reviewer(database):
    return make_user("shenhe", REVIEWER)


def fill(actor, choices=CHOICES, figures=FIGURES, scenes=SCENES) -> svc.Draft:
    draft = None
    for key, prefix in choices:
        draft = svc.save_answer(actor, key, prefix)
    for key, values in figures.items():
        draft = svc.save_figures(actor, key, values)
    for name, level in scenes.items():
        draft = svc.save_scene(actor, name, level)
    return draft


def kept_before_and_after(actor) -> tuple[svc.KeptSummary, svc.KeptSummary]:
    fill(actor)
    before = svc.keep(actor, "改造前", clock.today_china() - timedelta(days=30))
    fill(actor, AFTER_CHOICES, {}, AFTER_SCENES)
    after = svc.keep(actor, "改造后", clock.today_china())
    return before, after


# ---------------------------------------------------------------- the draft


def test_an_empty_questionnaire_has_four_sections_and_scores_nothing(company):
    draft = svc.load_draft(company)
    assert (draft.answered, draft.total, draft.updated_at) == (0, 31, None)
    assert [(s.number, s.name, s.answered, s.total) for s in draft.sections] == [
        ("一", "数字化基础", 0, 7),
        ("二", "数字化经营", 0, 16),
        ("三", "数字化管理", 0, 4),
        ("四", "数字化成效", 0, 4),
    ]
    assert draft.result is not None and draft.result.total == 0 and draft.result.level_name == "未达一级"
    assert not draft.complete


def test_every_answer_is_saved_at_once_and_a_reload_keeps_it(company, fake_clock):
    svc.save_answer(company, "network", "B")
    svc.save_figures(company, "equipment_digitalization", {"total": " 10 "})
    fake_clock.advance(minutes=5)
    svc.save_scene(company, "产品设计", 3)

    draft = svc.load_draft(company)  # what a reload shows
    assert draft.answers == {"network": ["B"], "equipment_digitalization": {"total": "10"}}
    assert draft.scenes == {"产品设计": 3}
    assert draft.updated_at == fake_clock.current
    assert draft.answered == 2  # the device count alone answers nothing yet
    assert [s.answered for s in draft.sections] == [1, 1, 0, 0]


def test_the_whole_questionnaire_comes_to_level_two(company):
    draft = fill(company)
    assert draft == svc.load_draft(company)
    assert (draft.answered, draft.remaining, draft.errors) == (31, 0, {})
    assert draft.complete
    assert [(s.answered, s.total, s.problems) for s in draft.sections] == [
        (7, 7, 0),
        (16, 16, 0),
        (4, 4, 0),
        (4, 4, 0),
    ]
    assert draft.selected["equipment_digitalization"] == ("E",)  # the band the figures fall in
    assert draft.selected["funding"] == ("A",)  # chosen directly
    result = svc.score_draft(company)
    assert [(d.name, d.score, d.max) for d in result.dimensions] == [
        ("数字化基础", 40, 50),
        ("数字化管理", 0, 30),
        ("数字化成效", 0, 20),
    ]
    assert (result.total, result.level, result.level_name) == (Decimal(40), 2, "二级")
    assert result.gaps_to_next_level == (
        "总分还差 20 分（需 ≥ 60 分）",
        "还需 7 个场景达到三级",
        "还需 4 个约束性场景达到三级",
    )


def test_none_excludes_the_other_options_and_they_exclude_none(company):
    svc.save_answer(company, "talent", "B")
    svc.save_answer(company, "talent", "D")
    assert svc.save_answer(company, "talent", "A").answers["talent"] == ["A"]
    assert svc.save_answer(company, "talent", "C").answers["talent"] == ["C"]
    assert svc.save_answer(company, "talent", "B").answers["talent"] == ["B", "C"]  # in the options' order
    assert svc.save_answer(company, "talent", "B", checked=False).answers["talent"] == ["C"]
    draft = svc.save_answer(company, "talent", "C", checked=False)
    assert "talent" not in draft.answers and draft.answered == 0


def test_single_items_keep_one_option_and_figure_items_keep_it_beside_the_figures(company):
    svc.save_answer(company, "planning", "B")
    assert svc.save_answer(company, "planning", "D").answers["planning"] == "D"
    svc.save_figures(company, "energy_per_revenue_change", {"last_year": "120"})
    draft = svc.save_answer(company, "energy_per_revenue_change", "C")
    assert draft.answers["energy_per_revenue_change"] == {"last_year": "120", "option": "C"}
    assert draft.selected["energy_per_revenue_change"] == (
        "C",
    )  # the figures are incomplete: the choice counts
    draft = svc.save_answer(company, "energy_per_revenue_change", "C", checked=False)
    assert draft.answers["energy_per_revenue_change"] == {"last_year": "120"}
    assert draft.errors["energy_per_revenue_change"].startswith("请填写")


def test_an_invalid_figure_is_reported_for_its_field_and_the_rest_is_kept(company):
    svc.save_figures(company, "equipment_digitalization", {"total": "50"})
    with pytest.raises(ValidationError) as exc:
        svc.save_figures(company, "equipment_digitalization", {"total": "五十", "digital": "20"})
    assert exc.value.fields == {"equipment_digitalization.total": "设备总数须为数字"}
    assert svc.load_draft(company).answers["equipment_digitalization"] == {"total": "50", "digital": "20"}

    with pytest.raises(ValidationError) as exc:
        svc.save_figures(company, "equipment_digitalization", {"digital": "-1"})
    assert exc.value.fields == {"equipment_digitalization.digital": "数字化设备数不能为负数"}
    with pytest.raises(ValidationError) as exc:
        svc.save_figures(company, "equipment_digitalization", {"total": "0"})
    assert exc.value.fields == {"equipment_digitalization.total": "设备总数不能为0"}
    draft = svc.load_draft(company)
    assert draft.answers["equipment_digitalization"] == {"total": "50", "digital": "20"}
    assert draft.selected["equipment_digitalization"] == ("C",)  # 20 / 50 = 40% -> (20%,40%]


def test_contradicting_figures_are_kept_and_shown_beside_the_field(company):
    svc.save_figures(company, "equipment_digitalization", {"total": "10", "digital": "20"})
    draft = svc.load_draft(company)
    assert draft.errors == {"equipment_digitalization.digital": "数字化设备数不能大于设备总数"}
    assert draft.sections[0].problems == 1 and draft.result is None
    with pytest.raises(ValidationError) as exc:
        svc.score_draft(company)
    assert exc.value.fields == draft.errors


def test_the_funding_ratio_takes_the_revenue_of_another_question(company):
    svc.save_figures(company, "funding", {"investment": "600"})
    draft = svc.save_figures(company, "revenue_per_head_change", {"revenue_last_year": "3000"})
    assert draft.selected["funding"] == ("B",)  # 600 / 3000 = 20% -> (10%,20%]
    assert draft.errors == {"revenue_per_head_change": "请填写上年员工人数、前年营业收入、前年员工人数"}
    # per section as the engine counts: funding is answered, the revenue question is not
    assert [s.answered for s in draft.sections] == [0, 0, 1, 0]
    assert sum(s.answered for s in draft.sections) == draft.answered == 1


def test_unknown_options_scenes_and_levels_are_refused(company):
    with pytest.raises(ValidationError) as exc:
        svc.save_answer(company, "network", "Z")
    assert "network" in exc.value.fields
    with pytest.raises(ValidationError) as exc:
        svc.save_answer(company, "no_such_item", "A")
    assert "no_such_item" in exc.value.fields
    with pytest.raises(ValidationError) as exc:
        svc.save_scene(company, "产品设计", 5)
    assert exc.value.fields == {"scenes.产品设计": "场景等级须为0至4的整数"}
    with pytest.raises(ValidationError) as exc:
        svc.save_scene(company, "星际贸易", 1)
    assert exc.value.fields == {"scenes.星际贸易": "未知场景"}
    with pytest.raises(ValidationError) as exc:
        svc.save_figures(company, "equipment_digitalization", {"colour": "1"})
    assert "equipment_digitalization.colour" in exc.value.fields
    svc.save_answer(company, "talent", "B")
    with pytest.raises(ValidationError) as exc:
        svc.save_figures(company, "talent", {"value": "1"})  # a multi item has no figures
    assert "talent" in exc.value.fields
    assert svc.load_draft(company).answers == {"talent": ["B"]}  # nothing stored, nothing lost
    svc.save_answer(company, "talent", "B", checked=False)
    assert svc.load_draft(company).answers == {}


def test_a_scene_can_go_back_to_not_assessed_and_the_draft_can_start_again(company):
    svc.save_scene(company, "产品设计", 0)
    assert svc.load_draft(company).answered == 1  # 未达一级 is an answer
    assert svc.save_scene(company, "产品设计", None).answered == 0
    fill(company)
    draft = svc.reset_draft(company)
    assert (draft.answers, draft.scenes, draft.answered) == ({}, {}, 0)
    assert svc.load_draft(company).answers == {}


# ---------------------------------------------------------------- kept assessments


def test_keep_refuses_an_incomplete_questionnaire(company):
    fill(company, scenes={"产品设计": 3})
    with pytest.raises(ValidationError) as exc:
        svc.keep(company, "改造前", clock.today_china())
    assert exc.value.fields == {"keep": "问卷还有 15 题未完成（共 31 题），请全部作答后再保存为评测记录"}
    svc.save_figures(company, "equipment_networking", {"networked": "11"})  # 11 of 10 devices
    with pytest.raises(ValidationError) as exc:
        svc.keep(company, "改造前", clock.today_china())
    assert exc.value.fields == {"keep": "问卷中还有 1 处需要修改，请先改正标红的内容再保存"}
    assert svc.kept_summaries(company) == []


@pytest.mark.parametrize(
    ("label", "day", "field", "message"),
    [
        ("改造中", "2025-03-01", "label", "请选择评测阶段：改造前或改造后"),
        ("改造前", None, "assessed_on", "请选择评测日期"),
        ("改造前", "2025/03/01", "assessed_on", "请按 2025-03-01 的格式填写评测日期"),
        ("改造后", "tomorrow", "assessed_on", "评测日期不能晚于今天"),
    ],
)
def test_keep_needs_a_stage_and_a_date_not_in_the_future(company, label, day, field, message):
    fill(company)
    if day == "tomorrow":
        day = clock.today_china() + timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        svc.keep(company, label, day)
    assert exc.value.fields == {field: message}


def test_kept_assessments_are_listed_newest_first_and_open_with_their_result(company, fake_clock):
    before, after = kept_before_and_after(company)
    assert (before.label, before.total, before.level, before.level_name) == ("改造前", "40", 2, "二级")
    assert (after.label, after.total, after.level, after.level_name) == ("改造后", "62.5", 3, "三级")
    assert after.assessed_on == clock.today_china()
    assert svc.kept_summaries(company) == [after, before]

    kept = svc.get_kept(company, before.id)
    assert kept.summary == before
    assert kept.scenes == SCENES
    assert kept.result.total == 40 and kept.result.level_name == "二级"
    assert svc.get_kept(company, after.id).result.total == Decimal("62.5")

    svc.reset_draft(company)  # the kept ones do not change with the draft
    assert svc.get_kept(company, before.id).result.total == 40


def test_a_kept_assessment_cannot_be_changed_or_deleted(company):
    fill(company)
    kept = svc.keep(company, "改造前", clock.today_china())
    with pytest.raises(AppendOnlyError), db.transaction() as session:
        row = session.exec(select(Assessment)).one()
        row.total = "100"
        session.add(row)
        session.flush()
    for statement in ("UPDATE assessments SET total = '100'", "DELETE FROM assessments"):
        with pytest.raises(Exception, match="append-only"), db.engine().begin() as conn:
            conn.execute(text(statement))
    assert svc.kept_summaries(company) == [kept]


def test_the_report_is_a_docx_with_the_total_and_the_level(company):
    fill(company)
    kept = svc.keep(company, "改造前", date(2025, 3, 1))
    report = svc.report(company, kept.id)
    assert report.filename == "2025-03-01改造前数字化水平自测报告.docx"
    lines = [p.text for p in Document(io.BytesIO(report.content)).paragraphs]
    for line in (
        "评测阶段：改造前",
        "评测日期：2025年3月1日",
        "总分：40 / 100",
        "数字化水平等级：二级",
        "还需 4 个约束性场景达到三级",
        "企业名称：（企业尚未完成认证）",
    ):
        assert line in lines


# ---------------------------------------------------------------- rights


def test_another_enterprise_can_neither_read_nor_keep_for_this_one(company, other):
    fill(company)
    kept = svc.keep(company, "改造前", clock.today_china())
    me = svc.get_kept(company, kept.id).enterprise_id
    for call in (lambda: svc.get_kept(other, kept.id), lambda: svc.report(other, kept.id)):
        with pytest.raises(NotFound):
            call()
    with pytest.raises(PermissionDenied):
        svc.kept_summaries(other, enterprise_id=me)
    assert svc.kept_summaries(other) == []
    assert svc.load_draft(other).answers == {}  # each enterprise has its own draft
    with pytest.raises(ValidationError):  # the other enterprise's questionnaire is empty
        svc.keep(other, "改造前", clock.today_china())
    assert svc.kept_summaries(company) == [kept]


def test_a_reviewer_reads_every_enterprise_but_writes_nothing(company, reviewer):
    fill(company)
    kept = svc.keep(company, "改造前", clock.today_china())
    enterprise_id = svc.get_kept(company, kept.id).enterprise_id
    assert svc.kept_summaries(reviewer, enterprise_id=enterprise_id) == [kept]
    assert svc.get_kept(reviewer, kept.id).result.level == 2
    assert svc.report(reviewer, kept.id).content.startswith(b"PK")
    with pytest.raises(ServiceError):
        svc.kept_summaries(reviewer)  # which enterprise?
    for write in (
        lambda: svc.load_draft(reviewer),
        lambda: svc.save_answer(reviewer, "network", "B"),
        lambda: svc.save_figures(reviewer, "funding", {"investment": "1"}),
        lambda: svc.save_scene(reviewer, "产品设计", 1),
        lambda: svc.reset_draft(reviewer),
        lambda: svc.keep(reviewer, "改造前", clock.today_china()),
    ):
        with pytest.raises(PermissionDenied):
            write()


def test_finance_and_admin_do_not_read_assessments(company):
    fill(company)
    kept = svc.keep(company, "改造前", clock.today_china())
    finance = make_user("caizheng", FINANCE)
    with pytest.raises(PermissionDenied):
        svc.get_kept(finance, kept.id)
    with pytest.raises(PermissionDenied):
        svc.kept_summaries(finance, enterprise_id=1)


# ---------------------------------------------------------------- before and after


def test_compare_puts_before_and_after_side_by_side(company, reviewer):
    before, after = kept_before_and_after(company)
    comparison = svc.compare(reviewer, before.id, after.id)
    assert (comparison.before, comparison.after) == (before, after)
    assert [(d.name, d.max, d.before, d.after) for d in comparison.dimensions] == [
        ("数字化基础", 50, 40, 40),
        ("数字化管理", 30, 0, Decimal("22.5")),
        ("数字化成效", 20, 0, 0),
    ]
    scenes = {s.name: (s.binding, s.before, s.after) for s in comparison.scenes}
    assert len(scenes) == 16
    assert scenes["产品设计"] == (True, 3, 3)
    assert scenes["质量管理"] == (True, 1, 3)
    assert scenes["工艺设计"] == (False, 2, 3)
    assert scenes["决策支持"] == (False, 0, 0)
    assert svc.compare(company, before.id, after.id) == comparison  # the enterprise sees the same


def test_compare_refuses_assessments_of_two_enterprises(company, other, reviewer):
    fill(company)
    mine = svc.keep(company, "改造前", clock.today_china())
    fill(other)
    theirs = svc.keep(other, "改造后", clock.today_china())
    with pytest.raises(ServiceError, match="同一家企业"):
        svc.compare(reviewer, mine.id, theirs.id)
    with pytest.raises(NotFound):
        svc.compare(company, mine.id, theirs.id)


def test_overview_lists_kept_records_and_pairs_the_latest_before_and_after(company, reviewer, other):
    assert svc.overview(reviewer, company.enterprise_id) == svc.Overview((), None)
    fill(company)
    only_before = svc.keep(company, "改造前", clock.today_china() - timedelta(days=40))
    view = svc.overview(reviewer, company.enterprise_id)
    assert view.kept == (only_before,) and view.comparison is None  # nothing to compare yet
    before, after = kept_before_and_after(company)
    view = svc.overview(reviewer, company.enterprise_id)
    assert [k.label for k in view.kept] == ["改造后", "改造前", "改造前"]
    assert (view.comparison.before, view.comparison.after) == (before, after)  # the latest of each
    with pytest.raises(PermissionDenied):
        svc.overview(other, company.enterprise_id)
