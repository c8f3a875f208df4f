"""入库申请's five sections (一、基本情况 … 五、相关佐证材料), drawn with the long-form toolkit."""

from __future__ import annotations

from typing import Any

import reflex as rx

from harbin_app.components import long_form as lf
from harbin_app.components.pdf_upload import file_chip, pdf_upload
from harbin_app.services import pool_entry as svc
from harbin_app.state.pool_entry import PoolEntryFormState as S

ANCHOR = "pe"
F = {f.key: f for s in svc.FORM.sections for f in s.fields}
DEMAND = {f.key: f for f in svc.FORM.section("demands").rows.fields}  # type: ignore[union-attr]
PROJECT = {f.key: f for f in svc.FORM.section("projects").rows.fields}  # type: ignore[union-attr]
INDICATOR = {f.key: f for f in svc.INDICATORS.fields}


def _text(spec: Any, field_id: Any, path: Any, value: rx.Var, **props: Any) -> rx.Component:
    """A field of the form's declaration: its label, limit, counter, placeholder and hint."""
    return lf.text(
        S, spec.label, field_id, path, value, max_length=spec.max_length, counter_shown=spec.counter,
        area=spec.kind == "area", placeholder=spec.placeholder, hint=spec.hint, **props,
    )


def _from_assessment(path: Any) -> rx.Component:
    """从自测结果带入: choose a kept 数字化水平自测 result; its level fills the field."""
    return rx.cond(
        S.editable & (S.kept.length() > 0),
        rx.menu.root(
            rx.menu.trigger(rx.button(rx.icon("gauge", size=14), "从自测结果带入", size="1", variant="ghost", type="button")),
            rx.menu.content(
                rx.foreach(S.kept, lambda k: rx.menu.item(k["text"].to(str), on_select=S.fill_level(path, k["level_name"].to(str)))),
            ),
        ),
        rx.fragment(),
    )


# ---------------------------------------------------------------- 一、基本情况


def _certified() -> rx.Component:
    basic = S.view["basic"].to(dict[str, str])

    def item(key: str) -> rx.Component:
        value = basic[key]
        return rx.data_list.item(
            rx.data_list.label(svc.CERTIFIED_FIELDS[key], min_width="120px"),
            rx.data_list.value(rx.cond(value, value, "—"), white_space="pre-wrap"),
        )

    keys = [k for k in svc.CERTIFIED_FIELDS if k not in ("address", "intro")]
    half = (len(keys) + 1) // 2
    return rx.vstack(
        rx.hstack(
            rx.text("以下信息来自企业认证，不能在此修改；如有变化，请到", size="1", color="var(--gray-10)"),
            rx.link("我的企业", href="/workbench/enterprise", size="1"),
            rx.text("申请变更。", size="1", color="var(--gray-10)"),
            spacing="1",
        ),
        rx.grid(
            rx.data_list.root(*[item(k) for k in keys[:half]], size="2"),
            rx.data_list.root(*[item(k) for k in keys[half:]], size="2"),
            columns="2", spacing="4", width="100%",
        ),
        rx.data_list.root(item("address"), item("intro"), size="2"),
        spacing="3", width="100%", padding="12px", background="var(--gray-2)", border_radius="var(--radius-3)",
    )


def basic() -> rx.Component:
    b = S.view["basic"].to(dict[str, str])

    def own(key: str, **props: Any) -> rx.Component:
        return _text(F[key], f"pe-basic-{key}", f"basic.{key}", b[key], **props)

    return lf.section(
        "basic", svc.SECTIONS["basic"],
        _certified(),
        rx.grid(
            rx.box(own("main_products"), grid_column="span 2"),
            own("last_year_revenue", input_mode="decimal"),
            own("employees", input_mode="numeric"),
            lf.radio(S, "规上/规下", "pe-basic-above_scale", "basic.above_scale", b["above_scale"], list(svc.SCALES)),
            rx.vstack(
                lf.select(S, "当前数字化水平", "pe-basic-current_level", "basic.current_level", b["current_level"],
                          list(svc.LEVELS)),
                _from_assessment("basic.current_level"),
                spacing="1", width="100%", align="start",
            ),
            columns="2", spacing="4", width="100%",
        ),
        anchor=ANCHOR,
    )


# ---------------------------------------------------------------- 二、数字化改造需求


def _demand(d: rx.Var, i: rx.Var) -> rx.Component:
    base, path = f"pe-demands-{i}-", f"demands.{d['id']}."
    return lf.row_box(
        S, "demands", d, i, "需求",
        rx.grid(
            lf.select(S, "需求种类", base + "category", path + "category", d["category"], S.categories),
            _text(DEMAND["description"], base + "description", path + "description", d["description"]),
            _text(DEMAND["analysis"], base + "analysis", path + "analysis", d["analysis"]),
            columns="220px 1fr 1fr", spacing="3", width="100%",
        ),
    )


def demands() -> rx.Component:
    rows = S.view["demands"].to(list[dict[str, str]])
    return lf.section(
        "demands", svc.SECTIONS["demands"],
        rx.text("按需求逐条填写，每条选择一个需求种类。", size="2", color="var(--gray-11)"),
        lf.list_error(S, "demands", "pe-demands"),
        rx.cond(
            rows.length() > 0,
            rx.vstack(rx.foreach(rows, _demand), spacing="3", width="100%"),
            rx.text("尚未添加需求。", size="2", color="var(--gray-10)"),
        ),
        lf.add_button(S, "添加需求", "demands"),
        anchor=ANCHOR,
    )


# ---------------------------------------------------------------- 三、数字化改造情况及成效


def _indicator(p: rx.Var, i: rx.Var, n: rx.Var, ind: rx.Var, j: rx.Var) -> rx.Component:
    m = (j + 1).to_string()
    base, path = f"pe-projects-{i}-indicators-{j}-", f"projects.{p['id']}.indicators.{ind['id']}."
    list_path = f"projects.{p['id']}.indicators"

    def cell(key: str) -> rx.Component:
        return _text(INDICATOR[key], base + key, path + key, ind[key])

    rid = ind["id"].to(str)
    return rx.box(
        rx.grid(
            rx.text("指标 ", m, size="2", weight="medium", padding_top="26px", white_space="nowrap"),
            cell("name"), cell("unit"), cell("before"), cell("after"),
            rx.box(
                rx.cond(
                    S.editable,
                    rx.button(rx.icon("trash-2", size=14), "删除", size="1", variant="ghost", color_scheme="red",
                              type="button", on_click=S.remove_row(list_path, rid),
                              aria_label="项目 " + n + " 成效指标 " + m + " 删除"),
                    rx.fragment(),
                ),
                padding_top="26px",
            ),
            columns="48px 2fr 1fr 1fr 1fr 64px", spacing="3", width="100%", align="start",
        ),
        key=rid, role="group", aria_label="项目 " + n + " 成效指标 " + m, width="100%",
    )


def _project(p: rx.Var, i: rx.Var) -> rx.Component:
    n = (i + 1).to_string()
    base, path = f"pe-projects-{i}-", f"projects.{p['id']}."
    indicators = p["indicators"].to(list[dict[str, str]])

    def text(key: str, **props: Any) -> rx.Component:
        return _text(PROJECT[key], base + key, path + key, p[key].to(str), **props)

    def level(key: str) -> rx.Component:
        return lf.select(S, PROJECT[key].label, base + key, path + key, p[key].to(str), list(svc.LEVELS))

    return lf.row_box(
        S, "projects", p, i, "项目",
        text("name"),
        rx.grid(
            lf.date(S, "项目周期开始", base + "start", path + "start", p["start"].to(str)),
            lf.date(S, "项目周期结束", base + "end", path + "end", p["end"].to(str)),
            text("investment", input_mode="decimal"),
            columns="3", spacing="3", width="100%",
        ),
        rx.text(
            rx.icon("calendar-range", size=14, style={"display": "inline", "verticalAlign": "-2px"}),
            " 试点期 ", S.pilot_start, " 至 ", S.pilot_end, "，项目周期须在试点期内",
            size="1", color="var(--gray-10)",
        ),
        rx.grid(
            rx.vstack(level("level_before"), _from_assessment(path + "level_before"), spacing="1", width="100%",
                      align="start"),
            level("level_after"),
            columns="2", spacing="3", width="100%",
        ),
        text("content", rows="5"),
        rx.vstack(
            rx.text("成效指标", size="2", weight="medium"),
            lf.list_error(S, f"projects.{p['id']}.indicators", base + "indicators"),
            rx.foreach(indicators, lambda ind, j: _indicator(p, i, n, ind, j)),
            lf.add_button(S, "添加指标", f"projects.{p['id']}.indicators"),
            spacing="2", width="100%",
        ),
        heading=True, remove_text="删除项目",
    )


def projects() -> rx.Component:
    rows = S.view["projects"].to(list[dict[str, Any]])
    return lf.section(
        "projects", svc.SECTIONS["projects"],
        rx.text("每个数字化改造项目单独填写，并填写可量化的成效指标（改造前、改造后）。", size="2", color="var(--gray-11)"),
        lf.list_error(S, "projects", "pe-projects"),
        rx.cond(
            rows.length() > 0,
            rx.vstack(rx.foreach(rows, _project), spacing="4", width="100%"),
            rx.text("尚未添加项目。", size="2", color="var(--gray-10)"),
        ),
        lf.add_button(S, "添加项目", "projects"),
        anchor=ANCHOR,
    )


# ---------------------------------------------------------------- 四、五


def other() -> rx.Component:
    o = S.view["other"].to(dict[str, str])
    return lf.section(
        "other", svc.SECTIONS["other"],
        lf.radio(S, "愿意参与标杆样板打造", "pe-other-benchmark_willing", "other.benchmark_willing",
                 o["benchmark_willing"], list(svc.YES_NO)),
        anchor=ANCHOR,
    )


def _evidence_slot(slot: str, label: str) -> rx.Component:
    upload_id = f"pe-evidence-{slot}"
    current = S.view["evidence"].to(dict)[slot].to(dict)

    def zone(required: bool, hint: str) -> rx.Component:
        return pdf_upload(
            upload_id, label,
            on_drop=[
                S.begin_upload(slot),
                S.upload(rx.upload_files(upload_id=upload_id, on_upload_progress=S.upload_progress_changed), slot),
            ],
            progress=S.upload_progress, uploading=S.uploading_slot == slot, error=lf.err(S, f"evidence.{slot}"),
            current=current, on_download=S.download_evidence(slot), on_remove=S.remove_evidence(slot),
            hint=hint, required=required,
        )

    editable = (
        rx.cond(
            S.needs_declaration,
            zone(True, "企业所属行业不清晰，须上传加盖公章的试点行业声明"),
            zone(False, "选填：所属行业不清晰时上传加盖公章的试点行业声明"),
        )
        if slot == "industry_declaration"
        else zone(True, "")
    )
    read_only = rx.hstack(
        rx.text(label, size="2", min_width="200px"),
        rx.cond(current, file_chip(current, S.download_evidence(slot)), rx.text("未上传", size="2", color="var(--gray-10)")),
        align="center", spacing="3",
    )
    return rx.cond(S.editable, editable, read_only)


def evidence() -> rx.Component:
    return lf.section(
        "evidence", svc.SECTIONS["evidence"],
        rx.text("请上传 PDF 格式的扫描件，每份小于 100 MB。", size="2", color="var(--gray-11)"),
        *[_evidence_slot(slot, label) for slot, label in svc.EVIDENCE.items()],
        anchor=ANCHOR,
    )
