"""The 2024 self-assessment engine: every expected value below was worked out by hand from
harbin_app/assessment/indicators_2024.json."""

from decimal import Decimal

import pytest

from harbin_app.assessment import (
    InvalidAnswers,
    level_name,
    load_indicators,
    progress,
    score,
    validate_answers,
)

BINDING = {"产品设计", "营销管理", "生产管控", "质量管理", "设备管理", "安全生产", "能耗管理", "采购管理", "仓储物流", "财务管理"}
GUIDING = {"工艺设计", "售后服务", "计划排程", "人力资源", "协同办公", "决策支持"}

# Revenue figures that other questions divide by: 3000 / 50 = 60 = 2400 / 40 (per head flat).
REVENUE = {"staff_last_year": 50, "revenue_last_year": 3000, "staff_year_before": 40, "revenue_year_before": 2400}

# 60 exactly, from points that do not add up exactly as floats (ten 0.7s, three 1.875s, ...).
SIXTY = {
    "network": ["B", "C", "D", "E"],  # 8
    "equipment_digitalization": {"total": 100, "digital": 61},  # 61% -> E 6
    "equipment_networking": {"networked": 100},  # 100% -> E 6
    "data_collection": list("BCDEFGHIJK"),  # 10 x 0.7 = 7
    "information_systems": "D",  # 7.5
    "network_security": ["B", "C"],  # 2.5
    "data_security": ["B", "C"],  # 2.5
    "planning": "C",  # 3
    "management_system": ["B", "C", "D"],  # 5.625
    "talent": ["A"],  # 0
    "funding": {"investment": 600},  # 600 / 3000 = 20% -> B 1.875 (upper edge inclusive)
    "energy_per_revenue_change": {"last_year": 120, "year_before": 110},  # 0.04 < 0.0458 -> 降低 C 7
    "pass_rate_change": {"option": "A", "value": 97.5},  # 0
    "revenue_per_head_change": REVENUE,  # 60 = 60 -> 持平 B 1.5
    "cost_per_revenue_change": {"last_year": 2400, "year_before": 1920},  # 0.8 = 0.8 -> 持平 B 1.5
}
SIXTY_FLOATS = [2.0] * 4 + [6.0, 6.0] + [0.7] * 10 + [7.5, 1.25, 1.25, 1.25, 1.25, 3.0] + [1.875] * 3 + [
    0.0, 1.875, 7.0, 0.0, 1.5, 1.5]

FULL = {  # 100
    "network": ["B", "C", "D", "E"],
    "equipment_digitalization": "E",
    "equipment_networking": "E",
    "data_collection": list("BCDEFGHIJKLMNO"),
    "information_systems": "E",
    "network_security": ["B", "C", "D", "E"],
    "data_security": ["B", "C", "D", "E"],
    "planning": "F",
    "management_system": ["B", "C", "D", "E"],
    "talent": ["B", "C", "D", "E", "F"],
    "funding": "E",
    "energy_per_revenue_change": "C",
    "pass_rate_change": "C",
    "revenue_per_head_change": "C",
    "cost_per_revenue_change": "C",
}

FORTY = {  # 8 + 6 + 6 + 10 + 5 + 5
    "network": ["B", "C", "D", "E"],
    "equipment_digitalization": {"total": 10, "digital": 10},
    "equipment_networking": {"networked": 10},
    "information_systems": "E",
    "network_security": ["B", "C", "D", "E"],
    "data_security": ["B", "C", "D", "E"],
}
EIGHTY = {**FULL, "information_systems": "A", "energy_per_revenue_change": "A", "cost_per_revenue_change": "A"}

TOTALS = {  # level -> (answers worth exactly its min_total, answers just below it, the shortfall)
    1: ({"network": ["B", "C", "D", "E"], "information_systems": "D", "planning": "D"},  # 8 + 7.5 + 4.5
        {"network": ["B", "C", "D", "E"], "information_systems": "D", "planning": "C",
         "data_collection": ["B", "C"]}, "0.1"),  # 8 + 7.5 + 3 + 1.4 = 19.9
    2: (FORTY, {**FORTY, "data_security": ["B", "C", "D"]}, "1.25"),  # 38.75
    3: (SIXTY, {**SIXTY, "data_collection": list("BCDEFGHIJ")}, "0.7"),  # 59.3
    4: (EIGHTY, {**EIGHTY, "data_collection": list("CDEFGHIJKLMNO")}, "0.7"),  # 79.3
}

ROWS = {  # level -> (min_total, min_scenes, min_binding_scenes), as the data's level table says
    1: (20, 6, 3),
    2: (40, 6, 3),
    3: (60, 8, 5),
    4: (80, 10, 6),
}


def scenes_at(level: int, binding: int, guiding: int, rest: int = 0) -> dict[str, int]:
    """`binding` binding and `guiding` guiding scenes at `level`, every other scene at `rest`."""
    chosen = sorted(BINDING)[:binding] + sorted(GUIDING)[:guiding]
    return {name: level if name in chosen else rest for name in BINDING | GUIDING}


def points(answers, key):
    return score(answers, {}).items[key].points


# ---------------------------------------------------------------- the data


def test_indicator_set_matches_the_published_structure():
    ind = load_indicators()
    assert ind.version == "2024"
    assert [(d.name, d.max) for d in ind.dimensions] == [("数字化基础", 50), ("数字化管理", 30), ("数字化成效", 20)]
    assert [(g.name, g.max) for d in ind.dimensions for g in d.groups] == [
        ("设备系统", 20), ("数据采集", 10), ("信息系统", 10), ("信息安全", 10), ("规划管理", 15), ("要素保障", 15),
        ("绿色低碳", 7), ("产品质量", 7), ("市场效益", 6)]
    for d in ind.dimensions:
        assert sum(g.max for g in d.groups) == d.max
        for g in d.groups:
            assert sum(i.max for i in g.items) == g.max
    assert len(ind.items) == 15
    assert {i.kind for i in ind.items.values()} == {"multi", "single", "band_ratio", "change"}
    assert {s.name for s in ind.scenes if s.binding} == BINDING
    assert {s.name for s in ind.scenes if not s.binding} == GUIDING
    assert [(r.level, r.name, r.min_total, r.min_scenes, r.min_binding_scenes, r.scene_min_level)
            for r in ind.levels] == [(n, level_name(n), *ROWS[n], n) for n in (1, 2, 3, 4)]


def test_level_names():
    assert [level_name(n) for n in range(5)] == ["未达一级", "一级", "二级", "三级", "四级"]


def test_figure_fields_carry_the_questionnaire_wording():
    items = load_indicators().items
    assert [(f.key, f.label) for f in items["equipment_digitalization"].fields] == [
        ("total", "其中生产设备数量为（台）"), ("digital", "实现数字化的生产设备数量为（台）")]
    assert [f.label for f in items["revenue_per_head_change"].fields] == [
        "企业上年员工人数为（人）", "营业收入为（万元）", "前年员工人数为（人）", "营业收入为（万元）"]
    assert items["network"].fields == ()


# ---------------------------------------------------------------- multi


@pytest.mark.parametrize("key, chosen, expected", [
    ("network", ["B", "D"], "4"),
    ("network", ["A"], "0"),
    ("network", ["B", "B"], "2"),
    ("data_collection", list("BCDEFGHIJKLMN"), "9.1"),
    ("data_collection", ["O"], "0.9"),
    ("data_collection", list("BCDEFGHIJKLMNO"), "10"),
    ("network_security", ["B", "C", "D"], "3.75"),
    ("management_system", ["B", "C", "D", "E"], "7.5"),
    ("talent", ["B", "F"], "3"),
])
def test_multi_adds_the_chosen_options(key, chosen, expected):
    assert points({key: chosen}, key) == Decimal(expected)


def test_multi_none_is_exclusive():
    errors = validate_answers({"network": ["A", "B"], "talent": ["C", "A"]}, {})
    assert errors == {"network": "“无”不能与其他选项同时选择", "talent": "“无”不能与其他选项同时选择"}


def test_multi_rejects_unknown_options_and_non_lists():
    assert validate_answers({"network": ["B", "Z"]}, {}) == {"network": "未知选项：Z"}
    assert validate_answers({"network": "B"}, {}) == {"network": "请选择一个或多个选项"}


# ---------------------------------------------------------------- single


@pytest.mark.parametrize("key, chosen, expected", [
    ("information_systems", "A", "0"), ("information_systems", "B", "2.5"), ("information_systems", "E", "10"),
    ("planning", "B", "1.5"), ("planning", "F", "7.5"),
])
def test_single_takes_the_chosen_option(key, chosen, expected):
    assert points({key: chosen}, key) == Decimal(expected)


def test_single_rejects_unknown_and_multiple():
    assert validate_answers({"planning": "G"}, {}) == {"planning": "未知选项：G"}
    assert validate_answers({"planning": ["B", "C"]}, {}) == {"planning": "请选择一个选项"}


# ---------------------------------------------------------------- band_ratio


@pytest.mark.parametrize("digital, total, band, expected", [
    (0, 100, "A", "0"), (10, 100, "A", "0"),  # [0, 10]
    (101, 1000, "B", "1.5"), (11, 100, "B", "1.5"), (20, 100, "B", "1.5"),  # (10, 20]
    (21, 100, "C", "3"), (40, 100, "C", "3"),  # (20, 40]
    (41, 100, "D", "4.5"), (60, 100, "D", "4.5"),  # (40, 60]
    (601, 1000, "E", "6"), (100, 100, "E", "6"),  # (60, 100]
])
def test_equipment_digitalization_band_from_two_numbers(digital, total, band, expected):
    answers = {"equipment_digitalization": {"total": total, "digital": digital}}
    result = score(answers, {}).items["equipment_digitalization"]
    assert result.selected == (band,)
    assert result.points == Decimal(expected)


@pytest.mark.parametrize("networked, band", [(20, "A"), (21, "B"), (40, "B"), (41, "C"), (120, "D"), (121, "E")])
def test_equipment_networking_divides_by_the_total_of_the_digitalization_question(networked, band):
    answers = {"equipment_digitalization": {"total": 200, "digital": 0}, "equipment_networking": {"networked": networked}}
    assert score(answers, {}).items["equipment_networking"].selected == (band,)


@pytest.mark.parametrize("investment, band, expected", [
    (0, "A", "0"), (300, "A", "0"), (301, "B", "1.875"), (600, "B", "1.875"), (601, "C", "3.75"),
    (1200, "C", "3.75"), (1201, "D", "5.625"), (1800, "D", "5.625"), (1801, "E", "7.5"), (3000, "E", "7.5"),
])
def test_funding_divides_by_last_years_revenue(investment, band, expected):
    answers = {"funding": {"investment": investment}, "revenue_per_head_change": REVENUE}
    result = score(answers, {}).items["funding"]
    assert (result.selected, result.points) == ((band,), Decimal(expected))


@pytest.mark.parametrize("investment, band", [("102.51", "A"), ("205.02", "B"), ("410.04", "C"), (600.48, "D")])
def test_band_edges_are_exact_for_decimal_figures(investment, band):
    # exactly 10/20/40/60 % of 1025.1 (1000.8 for the last); as floats each lands just above the edge
    revenue = "1000.8" if band == "D" else "1025.1"
    answers = {"funding": {"investment": investment}, "revenue_per_head_change": {**REVENUE, "revenue_last_year": revenue}}
    assert score(answers, {}).items["funding"].selected == (band,)


def test_band_chosen_directly_or_as_option_when_figures_are_missing():
    assert points({"equipment_digitalization": "C"}, "equipment_digitalization") == 3
    assert points({"funding": {"option": "D"}}, "funding") == Decimal("5.625")
    assert points({"equipment_digitalization": {"total": 100, "option": "B"}}, "equipment_digitalization") == Decimal("1.5")


def test_band_option_must_agree_with_complete_figures():
    answers = {"equipment_digitalization": {"total": 100, "digital": 35, "option": "B"}}
    assert validate_answers(answers, {}) == {"equipment_digitalization": "所选选项与填写数据不符（按数据应为 C）"}
    answers["equipment_digitalization"]["option"] = "C"
    assert validate_answers(answers, {}) == {}


def test_band_figures_numeric_strings_are_accepted():
    assert score({"equipment_digitalization": {"total": "100", "digital": " 35 "}}, {}).items[
        "equipment_digitalization"].selected == ("C",)


# ---------------------------------------------------------------- change


@pytest.mark.parametrize("last, before, option, expected", [
    (90, 100, "C", "7"),  # 降低 is best
    (100, 100, "B", "3.5"),
    (110, 100, "A", "0"),
])
def test_energy_change_same_revenue(last, before, option, expected):
    revenue = {**REVENUE, "revenue_last_year": 1000, "revenue_year_before": 1000}
    answers = {"energy_per_revenue_change": {"last_year": last, "year_before": before}, "revenue_per_head_change": revenue}
    result = score(answers, {}).items["energy_per_revenue_change"]
    assert (result.selected, result.points) == ((option,), Decimal(expected))


def test_energy_change_is_per_revenue_not_absolute():
    # 120/3000 = 0.04 = 96/2400: flat although the energy rose
    flat = {"energy_per_revenue_change": {"last_year": 120, "year_before": 96}, "revenue_per_head_change": REVENUE}
    assert score(flat, {}).items["energy_per_revenue_change"].selected == ("B",)
    # 100/3000 < 90/2400: lower although the energy rose
    lower = {"energy_per_revenue_change": {"last_year": 100, "year_before": 90}, "revenue_per_head_change": REVENUE}
    assert score(lower, {}).items["energy_per_revenue_change"].selected == ("C",)


@pytest.mark.parametrize("revenue_last, option, expected", [(3001, "C", "3"), (3000, "B", "1.5"), (2999, "A", "0")])
def test_revenue_per_head_change(revenue_last, option, expected):
    answers = {"revenue_per_head_change": {**REVENUE, "revenue_last_year": revenue_last}}  # vs 2400/40 = 60
    result = score(answers, {}).items["revenue_per_head_change"]
    assert (result.selected, result.points) == ((option,), Decimal(expected))


@pytest.mark.parametrize("cost_last, option, expected", [(2399, "C", "3"), (2400, "B", "1.5"), (2401, "A", "0")])
def test_cost_per_revenue_change(cost_last, option, expected):
    answers = {"cost_per_revenue_change": {"last_year": cost_last, "year_before": 1920},  # vs 1920/2400 = 0.8
               "revenue_per_head_change": REVENUE}
    result = score(answers, {}).items["cost_per_revenue_change"]
    assert (result.selected, result.points) == ((option,), Decimal(expected))


def test_pass_rate_change_is_chosen_by_the_respondent():
    assert points({"pass_rate_change": {"option": "C", "value": 98.5}}, "pass_rate_change") == 7
    assert points({"pass_rate_change": "B"}, "pass_rate_change") == Decimal("3.5")
    assert validate_answers({"pass_rate_change": {"value": 98.5}}, {}) == {"pass_rate_change": "请选择一个选项"}


def test_change_chosen_directly():
    assert points({"cost_per_revenue_change": "A"}, "cost_per_revenue_change") == 0
    assert points({"energy_per_revenue_change": {"option": "B"}}, "energy_per_revenue_change") == Decimal("3.5")


# ---------------------------------------------------------------- validation


@pytest.mark.parametrize("answers, errors", [
    ({"equipment_digitalization": {"total": 10, "digital": 11}},
     {"equipment_digitalization.digital": "数字化设备数不能大于设备总数"}),
    ({"equipment_digitalization": {"total": 10, "digital": 5}, "equipment_networking": {"networked": 11}},
     {"equipment_networking.networked": "联网设备数不能大于设备总数"}),
    ({"equipment_digitalization": {"total": -1, "digital": 0}}, {"equipment_digitalization.total": "设备总数不能为负数"}),
    ({"equipment_digitalization": {"total": 0, "digital": 0}}, {"equipment_digitalization.total": "设备总数不能为0"}),
    ({"equipment_digitalization": {"total": "abc", "digital": 1}}, {"equipment_digitalization.total": "设备总数须为数字"}),
    ({"equipment_digitalization": {"total": True, "digital": 1}}, {"equipment_digitalization.total": "设备总数须为数字"}),
    ({"equipment_digitalization": {"total": float("nan"), "digital": 1}},
     {"equipment_digitalization.total": "设备总数须为数字"}),
    ({"equipment_digitalization": {"total": 100}}, {"equipment_digitalization": "请填写数字化设备数"}),
    ({"equipment_networking": {"networked": 5}}, {"equipment_networking": "请填写设备总数"}),
    ({"funding": {"investment": 10}}, {"funding": "请填写上年营业收入"}),
    ({"funding": {"investment": 3001}, "revenue_per_head_change": REVENUE},
     {"funding.investment": "年均数字化投入不能大于上年营业收入"}),
    ({"funding": {"investment": 10}, "revenue_per_head_change": {**REVENUE, "revenue_last_year": 0}},
     {"revenue_per_head_change.revenue_last_year": "上年营业收入不能为0"}),
    ({"revenue_per_head_change": {**REVENUE, "staff_year_before": 0}},
     {"revenue_per_head_change.staff_year_before": "前年员工人数不能为0"}),
    ({"revenue_per_head_change": {"staff_last_year": 5, "revenue_last_year": 10}},
     {"revenue_per_head_change": "请填写前年营业收入、前年员工人数"}),
    ({"cost_per_revenue_change": {"last_year": 1, "year_before": 1, "profit": 3}},
     {"cost_per_revenue_change.profit": "未知字段"}),
    ({"equipment_digitalization": {"total": 10, "digital": 5, "option": "Q"}},
     {"equipment_digitalization": "未知选项：Q"}),
    ({"equipment_digitalization": 35}, {"equipment_digitalization": "请选择一个选项"}),
    ({"bogus": ["A"]}, {"bogus": "未知题目"}),
])
def test_validation_messages(answers, errors):
    assert validate_answers(answers, {}) == errors
    with pytest.raises(InvalidAnswers) as raised:
        score(answers, {})
    assert raised.value.errors == errors


def test_scene_validation():
    errors = validate_answers({}, {"产品设计": 5, "工艺设计": -1, "营销管理": "3", "人力资源": True, "元宇宙": 2,
                                   "决策支持": None, "财务管理": 4})
    assert errors == {
        "scenes.产品设计": "场景等级须为0至4的整数",
        "scenes.工艺设计": "场景等级须为0至4的整数",
        "scenes.营销管理": "场景等级须为0至4的整数",
        "scenes.人力资源": "场景等级须为0至4的整数",
        "scenes.元宇宙": "未知场景",
    }


def test_empty_answers_are_valid_and_score_zero():
    assert validate_answers({"network": [], "planning": "", "funding": None, "equipment_digitalization": {}}, {}) == {}
    result = score({}, {})
    assert result.total == 0
    assert all(i.points == 0 and i.selected == () for i in result.items.values())


# ---------------------------------------------------------------- totals and levels


def test_sixty_made_of_awkward_points_is_exactly_sixty_and_levels_as_three():
    assert sum(Decimal(str(p)) for p in SIXTY_FLOATS) == 60
    assert sum(SIXTY_FLOATS) != 60  # the float sum misses; the engine must not
    result = score(SIXTY, scenes_at(3, binding=5, guiding=3))
    assert result.total == 60
    assert result.total == Decimal("60")
    assert [(d.name, d.score, d.max) for d in result.dimensions] == [
        ("数字化基础", Decimal("39.5"), 50), ("数字化管理", Decimal("10.5"), 30), ("数字化成效", Decimal("10"), 20)]
    assert [(g.name, g.score) for d in result.dimensions for g in d.groups] == [
        ("设备系统", 20), ("数据采集", 7), ("信息系统", Decimal("7.5")), ("信息安全", 5), ("规划管理", Decimal("8.625")),
        ("要素保障", Decimal("1.875")), ("绿色低碳", 7), ("产品质量", 0), ("市场效益", 3)]
    assert {k: (i.selected, i.points) for k, i in result.items.items()} == {
        "network": (("B", "C", "D", "E"), 8),
        "equipment_digitalization": (("E",), 6),
        "equipment_networking": (("E",), 6),
        "data_collection": (tuple("BCDEFGHIJK"), 7),
        "information_systems": (("D",), Decimal("7.5")),
        "network_security": (("B", "C"), Decimal("2.5")),
        "data_security": (("B", "C"), Decimal("2.5")),
        "planning": (("C",), 3),
        "management_system": (("B", "C", "D"), Decimal("5.625")),
        "talent": (("A",), 0),
        "funding": (("B",), Decimal("1.875")),
        "energy_per_revenue_change": (("C",), 7),
        "pass_rate_change": (("A",), 0),
        "revenue_per_head_change": (("B",), Decimal("1.5")),
        "cost_per_revenue_change": (("B",), Decimal("1.5")),
    }
    assert (result.level, result.level_name) == (3, "三级")
    assert result.scenes_at_least == {1: 8, 2: 8, 3: 8, 4: 0}
    assert result.binding_at_least == {1: 5, 2: 5, 3: 5, 4: 0}
    assert result.gaps_to_next_level == ("总分还差 20 分（需 ≥ 80 分）", "还需 10 个场景达到四级", "还需 6 个约束性场景达到四级")


def test_full_marks_reach_level_four():
    result = score(FULL, {name: 4 for name in BINDING | GUIDING})
    assert (result.total, result.max_total, result.level, result.level_name) == (100, 100, 4, "四级")
    assert result.gaps_to_next_level == ()


@pytest.mark.parametrize("level", [1, 2, 3, 4])
def test_each_level_row_just_met(level):
    min_total, n, b = ROWS[level]
    result = score(TOTALS[level][0], scenes_at(level, binding=b, guiding=n - b, rest=level - 1))
    assert result.total == min_total
    assert (result.scenes_at_least[level], result.binding_at_least[level]) == (n, b)
    assert (result.level, result.level_name) == (level, level_name(level))


@pytest.mark.parametrize("level", [1, 2, 3, 4])
def test_each_level_row_just_missing_the_total(level):
    min_total, n, b = ROWS[level]
    _, below, short = TOTALS[level]
    result = score(below, scenes_at(level, binding=b, guiding=n - b, rest=level - 1))
    assert result.total == Decimal(min_total) - Decimal(short)
    assert result.level == level - 1
    assert result.gaps_to_next_level == (f"总分还差 {short} 分（需 ≥ {min_total} 分）",)


@pytest.mark.parametrize("level", [1, 2, 3, 4])
def test_each_level_row_just_missing_the_scene_count(level):
    _, n, b = ROWS[level]
    result = score(TOTALS[level][0], scenes_at(level, binding=b, guiding=n - b - 1, rest=level - 1))
    assert result.level == level - 1
    assert result.gaps_to_next_level == (f"还需 1 个场景达到{level_name(level)}",)


@pytest.mark.parametrize("level", [1, 2, 3, 4])
def test_each_level_row_just_missing_the_binding_count(level):
    _, n, b = ROWS[level]
    result = score(TOTALS[level][0], scenes_at(level, binding=b - 1, guiding=n - b + 1, rest=level - 1))
    assert result.scenes_at_least[level] == n
    assert result.level == level - 1
    assert result.gaps_to_next_level == (f"还需 1 个约束性场景达到{level_name(level)}",)


def test_nothing_answered_is_below_level_one():
    result = score({}, {})
    assert (result.level, result.level_name) == (0, "未达一级")
    assert result.scene_levels == {name: 0 for name in BINDING | GUIDING}
    assert result.gaps_to_next_level == ("总分还差 20 分（需 ≥ 20 分）", "还需 6 个场景达到一级", "还需 3 个约束性场景达到一级")


def test_high_total_without_scenes_is_below_level_one():
    result = score(FULL, scenes_at(4, binding=2, guiding=6))  # 8 scenes, only 2 binding
    assert result.level == 0
    assert result.gaps_to_next_level == ("还需 1 个约束性场景达到一级",)


def test_gaps_list_every_missing_condition():
    answers = {**FORTY, "planning": "F", "talent": ["B"], "energy_per_revenue_change": "C"}  # 40+7.5+1.5+7 = 56
    result = score(answers, scenes_at(3, binding=3, guiding=3, rest=2))
    assert (result.total, result.level_name) == (56, "二级")
    assert result.gaps_to_next_level == ("总分还差 4 分（需 ≥ 60 分）", "还需 2 个场景达到三级", "还需 2 个约束性场景达到三级")


# ---------------------------------------------------------------- progress


def test_progress_counts_every_question_and_scene():
    assert progress({}, {}) == (0, 31)
    answers = {
        "network": ["A"],  # answered
        "information_systems": "C",  # answered
        "talent": ["A", "B"],  # invalid: not counted
        "equipment_digitalization": {"total": 100},  # incomplete: not counted
        "pass_rate_change": {"value": 99},  # no option: not counted
        "data_security": [],  # not answered
    }
    assert progress(answers, {"产品设计": 0, "工艺设计": 3, "营销管理": None, "决策支持": 9}) == (4, 31)
    assert progress(SIXTY, {name: 1 for name in BINDING | GUIDING}) == (31, 31)
