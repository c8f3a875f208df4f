"""设置 (admin): 试点期, 试点行业, 需求种类, 补贴规则, 提醒, 短信模板, then the change list."""

from __future__ import annotations

import reflex as rx

from harbin_app.components.fields import form_error, text_area, text_input
from harbin_app.components.layout import workbench_page
from harbin_app.components.tables import empty_row, hidden_caption, pager
from harbin_app.pages.workbench import add_workbench_page
from harbin_app.services import setting_fields as F
from harbin_app.state.admin_settings import AdminSettingsState as S

ROUTE = "/workbench/admin/settings"
NUMBERS = "一二三四五六七八九十"
INPUT_TYPES = {"date": "date"}
WIDE = {"lines", "template", "text"}


def _field(spec: F.FieldSpec) -> rx.Component:
    field_id = f"setting-{spec.key.replace('_', '-')}"
    common = dict(
        field_id=field_id,
        value=S.form.get(spec.key, ""),
        on_change=lambda value: S.set_field(spec.key, value),
        error=S.errors.get(spec.key, ""),
        hint=spec.hint,
    )
    if spec.kind in WIDE:
        rows = "9" if spec.kind == "lines" else "3"
        limit = F.MAX_TEMPLATE_CHARS if spec.kind in ("template", "text") else None
        return text_area(spec.label, max_length=limit, rows=rows, **common)
    return rx.box(
        text_input(spec.label, type=INPUT_TYPES.get(spec.kind, "text"), max_length=16, **common),
        width="260px",
    )


def _section(number: int, title: str) -> rx.Component:
    specs = [s for s in F.FIELDS if s.section == title]
    wide = any(s.kind in WIDE for s in specs)
    body = (
        rx.vstack(*[_field(s) for s in specs], spacing="3", width="100%")
        if wide
        else rx.flex(*[_field(s) for s in specs], spacing="4", wrap="wrap", width="100%")
    )
    return rx.card(
        rx.vstack(
            rx.heading(f"{NUMBERS[number - 1]}、{title}", size="3", as_="h2"),
            body,
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _changes() -> rx.Component:
    def row(r: rx.Var) -> rx.Component:
        return rx.table.row(
            rx.table.cell(r["at"], white_space="nowrap"),
            rx.table.cell(r["actor_name"]),
            rx.table.cell(r["label"]),
            rx.table.cell(
                rx.text(
                    rx.el.span(r["old_text"], class_name="harbin-old-value"),
                    " → ",
                    rx.el.span(r["new_text"], class_name="harbin-new-value", style={"fontWeight": "500"}),
                    size="2",
                    style={"whiteSpace": "pre-wrap", "wordBreak": "break-all"},
                )
            ),
        )

    return rx.card(
        rx.vstack(
            rx.heading("修改记录", size="3", as_="h2"),
            rx.table.root(
                hidden_caption("修改记录"),
                rx.table.header(
                    rx.table.row(*[rx.table.column_header_cell(h) for h in ("时间", "操作人", "设置项", "原值 → 新值")])
                ),
                rx.table.body(rx.cond(S.rows.length() > 0, rx.foreach(S.rows, row), empty_row(4, "还没有修改记录"))),
                variant="surface",
                width="100%",
                size="2",
                    ),
            pager(S.page, S.pages, S.total, S.go_page),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def settings_page() -> rx.Component:
    form = rx.form(
        rx.vstack(
            rx.text(
                "保存后立即生效，无需重启；每项修改都会记入下方的修改记录。已提交的申请不受行业、种类变化的影响。",
                size="2",
                color="var(--gray-11)",
            ),
            *[_section(i, title) for i, title in enumerate(F.SECTIONS, start=1)],
            form_error(S.form_message),
            rx.hstack(
                rx.cond(
                    S.stale,
                    rx.button("载入最新设置", type="button", variant="soft", on_click=S.reload_latest),
                    rx.fragment(),
                ),
                rx.button("保存", type="submit", size="3", loading=S.saving),
                justify="end",
                width="100%",
                spacing="3",
            ),
            spacing="4",
            width="100%",
        ),
        on_submit=S.save,
        width="100%",
    )
    return workbench_page(
        "设置",
        rx.cond(S.loaded, rx.vstack(form, _changes(), spacing="4", width="100%"), rx.cond(
            S.form_message, form_error(S.form_message), rx.center(rx.spinner(size="3"), padding="48px")
        )),
    )


def register(app: rx.App) -> None:
    add_workbench_page(app, ROUTE, settings_page, "设置", on_load=[S.load])
