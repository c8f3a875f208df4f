"""The long-form toolkit's pure core: paths by stable row id, row operations at any depth (add with
limits, remove and 撤销, move), stored values and back, changes between submissions by row id, and
what a draft value may be."""

from __future__ import annotations

import copy

import pytest

from harbin_app.forms import AREA, FILE, SELECT, Field, FormSchema, Rows, Section
from harbin_app.forms.checks import change_problem, input_problem
from harbin_app.forms.diff import REMOVED, changes
from harbin_app.forms.rows import RowLimit, add_row, descendants, move_row, remove_row, restore_row
from harbin_app.forms.values import adopt_ids, assemble, flatten, get, id_path, put

PRODUCTS = Rows("products", "产品", (Field("name", "名称", max_length=20), Field("amount", "金额")), limit=3)
PROVIDERS = Rows("providers", "服务商", (Field("name", "名称"),), children=(PRODUCTS,), limit=2, start_with=0)
SCHEMA = FormSchema((
    Section("basic", "一、基本情况", fields=(
        Field("name", "名称", max_length=10, counter=True),
        Field("kind", "类别", kind=SELECT, options=("甲", "乙")),
        Field("locked", "认证名称", readonly=True),
    )),
    Section("projects", "二、项目", rows=Rows("projects", "项目", (Field("title", "项目名称"), Field("note", "说明", kind=AREA)),
                                           children=(PROVIDERS,), limit=2)),
    Section("evidence", "三、材料", fields=(Field("report", "报告", kind=FILE),)),
))


def content_with_rows() -> dict:
    c = SCHEMA.blank()
    p = c["projects"][0]
    p["title"] = "MES系统"
    pid = p["id"]
    vid = add_row(SCHEMA, c, f"projects.{pid}.providers")
    add_row(SCHEMA, c, f"projects.{pid}.providers.{vid}.products")
    return c


def test_blank_and_paths_at_every_depth():
    c = content_with_rows()
    pid = c["projects"][0]["id"]
    vid = c["projects"][0]["providers"][0]["id"]
    rid = c["projects"][0]["providers"][0]["products"][0]["id"]
    assert c["basic"] == {"name": "", "kind": "", "locked": ""} and c["evidence"] == {"report": None}
    assert get(SCHEMA, c, f"projects.{pid}.title") == "MES系统"
    assert put(SCHEMA, c, f"projects.{pid}.providers.{vid}.products.{rid}.amount", "1.5")
    assert c["projects"][0]["providers"][0]["products"][0]["amount"] == "1.5"
    loc = SCHEMA.locate(f"projects.{pid}.providers.{vid}.products")
    assert loc is not None and loc.is_list and loc.rows is PRODUCTS and loc.row_ids == (pid, vid)
    assert SCHEMA.locate("projects.x.nope") is None and SCHEMA.locate("basic.nope") is None
    assert SCHEMA.locate("projects") is not None and SCHEMA.section_key_of(f"projects.{pid}.title") == "projects"
    assert not put(SCHEMA, c, "projects.deadbeef.title", "x")  # a row that is not there


def test_add_respects_the_limit_of_each_kind():
    c = content_with_rows()
    pid = c["projects"][0]["id"]
    vid = c["projects"][0]["providers"][0]["id"]
    assert len(c["projects"][0]["providers"][0]["products"]) == 2  # a new provider starts with one product
    add_row(SCHEMA, c, f"projects.{pid}.providers.{vid}.products")
    with pytest.raises(RowLimit, match="最多可添加 3 个产品"):
        add_row(SCHEMA, c, f"projects.{pid}.providers.{vid}.products")
    new = add_row(SCHEMA, c, "projects")
    assert c["projects"][1]["id"] == new and c["projects"][1]["providers"] == []  # providers start with none
    with pytest.raises(RowLimit, match="最多可添加 2 个项目"):
        add_row(SCHEMA, c, "projects")


def test_remove_keeps_the_row_for_undo_and_restore_puts_it_back_where_it_was():
    c = content_with_rows()
    add_row(SCHEMA, c, "projects")
    first, second = c["projects"][0]["id"], c["projects"][1]["id"]
    before = copy.deepcopy(c)
    removed = remove_row(SCHEMA, c, "projects", first)
    assert removed is not None and removed.label == "项目 1" and removed.index == 0
    assert [p["id"] for p in c["projects"]] == [second]
    assert restore_row(SCHEMA, c, removed)
    assert c == before  # with its providers and products
    assert not restore_row(SCHEMA, c, removed)  # not twice
    assert remove_row(SCHEMA, c, "projects", "ffffffff") is None


def test_move_up_and_down_and_not_past_the_ends():
    c = SCHEMA.blank()
    add_row(SCHEMA, c, "projects")
    a, b = (p["id"] for p in c["projects"])
    assert move_row(SCHEMA, c, "projects", b, -1) and [p["id"] for p in c["projects"]] == [b, a]
    assert not move_row(SCHEMA, c, "projects", b, -1)
    assert not move_row(SCHEMA, c, "projects", a, 1)


def test_stored_values_round_trip_and_a_restored_row_lists_every_value():
    c = content_with_rows()
    values = flatten(SCHEMA, c)
    pid = c["projects"][0]["id"]
    assert values["projects"] == [pid] and values[f"projects.{pid}.title"] == "MES系统"
    assert assemble(SCHEMA, values) == c
    row = c["projects"][0]
    stored = descendants(SCHEMA, "projects", row)
    vid = row["providers"][0]["id"]
    assert stored[f"projects.{pid}.providers"] == [vid]
    assert f"projects.{pid}.providers.{vid}.products" in stored and f"projects.{pid}.note" in stored


def test_rule_paths_by_position_become_paths_by_id():
    c = content_with_rows()
    add_row(SCHEMA, c, "projects")
    p2 = c["projects"][1]["id"]
    assert id_path(SCHEMA, c, "projects.1.title") == f"projects.{p2}.title"
    vid = c["projects"][0]["providers"][0]["id"]
    pid = c["projects"][0]["id"]
    assert id_path(SCHEMA, c, "projects.0.providers.0.name") == f"projects.{pid}.providers.{vid}.name"
    assert id_path(SCHEMA, c, "basic.name") == "basic.name" and id_path(SCHEMA, c, "projects.9.title") == "projects.9.title"


def test_a_whole_form_without_ids_keeps_its_rows_identity():
    c = content_with_rows()
    bare = copy.deepcopy(c)
    for p in bare["projects"]:
        del p["id"]
    adopted = adopt_ids(SCHEMA, c, bare)
    assert adopted["projects"][0]["id"] == c["projects"][0]["id"]


def test_changes_name_exactly_the_rows_added_removed_and_edited():
    old = SCHEMA.blank()
    add_row(SCHEMA, old, "projects")
    old["projects"][0]["title"], old["projects"][1]["title"] = "甲系统", "乙平台"
    new = copy.deepcopy(old)
    removed = new["projects"].pop(0)  # the first row deleted: the other is not "changed"
    new["projects"][0]["note"] = "补充说明"
    found = {(c.label, c.before, c.after) for c in changes(SCHEMA, old, new)}
    assert found == {
        ("二、项目1·说明", "", "补充说明"),
        (f"二、项目1{REMOVED}·项目名称", removed["title"], ""),
    }
    moved = copy.deepcopy(old)
    moved["projects"].reverse()
    assert [(c.label, c.before, c.after) for c in changes(SCHEMA, old, moved)] == [("二、项目顺序", "甲系统、乙平台", "乙平台、甲系统")]
    new_row = copy.deepcopy(old)
    new_row["projects"][1]["title"] = "乙平台"
    assert changes(SCHEMA, old, new_row) == []  # nothing changed


def test_what_a_draft_value_may_be():
    pid = SCHEMA.blank()["projects"][0]["id"]
    assert change_problem(SCHEMA, "basic.name", "x" * 10) == ""
    assert change_problem(SCHEMA, "basic.name", "x" * 900_000) == "名称不能超过 10 字（当前 900000 字）"
    assert change_problem(SCHEMA, "basic.kind", "丙") == "请从列表中选择类别"
    assert change_problem(SCHEMA, "basic.locked", "改") == "认证名称不能在此修改"
    assert change_problem(SCHEMA, "basic.nothing", "x") == "表单中没有该项"
    assert change_problem(SCHEMA, "projects", [pid, "abc", "def"]) == "最多可添加 2 个项目"
    assert change_problem(SCHEMA, "projects", ["<script>"]) == "行数据无效"
    assert change_problem(SCHEMA, "evidence.report", {"file_id": "1"}) == "文件信息无效，请重新上传"
    assert change_problem(SCHEMA, "evidence.report", {"file_id": 3, "name": "a.pdf"}) == ""
    assert change_problem(SCHEMA, "basic.name", 12) == "名称的内容无效"


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("date", "2025-13-01", "日期格式应为 2025-03-01"),
        ("time", "25:00", "日期格式应为 09:30"),
        ("amount", "1.234", "日期最多保留 2 位小数"),
        ("amount", "-1", "日期不能为负数"),
        ("amount", "0", ""),
        ("phone", "12345", "请输入正确的手机号或座机号（如 0451-86001234）"),
        ("text", "", "请填写日期"),
    ],
)
def test_a_transitions_input_is_checked_like_a_form(kind, value, message):
    assert input_problem(Field("due", "日期", kind=kind), value) == message


def test_an_overlay_reads_like_the_edited_content_and_leaves_the_original_alone():
    c = content_with_rows()
    original = copy.deepcopy(c)
    pid = c["projects"][0]["id"]
    vid = c["projects"][0]["providers"][0]["id"]
    rid = c["projects"][0]["providers"][0]["products"][0]["id"]
    edits = {"basic.name": "新名称", f"projects.{pid}.providers.{vid}.products.{rid}.name": "网关",
             f"projects.{pid}.title": "新项目", "projects.ffffffff.title": "已删除的行"}
    from harbin_app.forms.values import overlay

    seen = overlay(SCHEMA, c, edits)
    expected = copy.deepcopy(c)
    for path, value in edits.items():
        put(SCHEMA, expected, path, value)
    assert seen == expected and c == original
    assert seen["evidence"] is c["evidence"]  # what was not edited is shared, not copied


def test_a_path_by_row_position_names_the_pages_control() -> None:
    from harbin_app.forms.values import by_position

    content = {"basic": {"name": "x"}, "projects": [{"id": "a1", "indicators": []},
                                                    {"id": "b2", "indicators": [{"id": "c3"}, {"id": "d4", "name": ""}]}]}
    assert by_position(content, "basic.name") == "basic-name"
    assert by_position(content, "projects.b2.indicators.d4.name") == "projects-1-indicators-1-name"
    assert by_position(content, "projects.zz.name") == "" and by_position(content, "basic.name.more") == ""
