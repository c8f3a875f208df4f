"""The enterprise's list of its applications of one type (入库申请, 验收申请), for a state that mixes
in `EntryListMixin`: a line of what the list is for, the table with each application's state and
links, and the page's 添加 or a link to the open application."""

from __future__ import annotations

from typing import Any

import reflex as rx

from harbin_app.components.fields import form_error
from harbin_app.components.layout import link_button, workbench_page
from harbin_app.components.tables import empty_row, state_badge

HEADERS = ["企业名称", "状态", "更新时间", "提交时间", "操作"]


def _row(r: rx.Var, overdue: bool) -> rx.Component:
    badge = state_badge(r["state_label"], r["tone"])
    if overdue:
        badge = rx.hstack(badge, rx.cond(r["overdue"], state_badge("已逾期", "orange"), rx.fragment()), spacing="1")
    return rx.table.row(
        rx.table.cell(r["subject_name"]),
        rx.table.cell(badge),
        rx.table.cell(r["updated_at"], white_space="nowrap"),
        rx.table.cell(rx.cond(r["submitted_at"], r["submitted_at"], "—"), white_space="nowrap"),
        rx.table.cell(
            rx.hstack(
                rx.link(rx.cond(r["editable"], "继续填写", "查看"), href=r["href"].to(str)),
                rx.link("待办详情", href="/workbench/todo/" + r["id"].to_string()),
                spacing="3",
            )
        ),
    )


def open_one(L: Any, what: str) -> rx.Component:  # noqa: N803  (L: the list's state class)
    """A link to the first (open) application: 继续填写… while it can be edited, else 查看…."""
    first = L.rows[0]
    href = first["href"].to(str)
    return rx.cond(
        first["editable"],
        link_button(f"继续填写{what}", href, light=False),
        link_button(f"查看{what}", href, light=False),
    )


def add_button(L: Any) -> rx.Component:  # noqa: N803
    return rx.button(rx.icon("plus", size=16), "添加", on_click=L.add, loading=L.busy, type="button")


def entry_list_page(
    L: Any, title: str, intro: str, actions: rx.Component, *, overdue: bool = False,  # noqa: N803
) -> rx.Component:
    table = rx.table.root(
        rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in HEADERS])),
        rx.table.body(
            rx.cond(
                L.rows.length() > 0,
                rx.foreach(L.rows, lambda r: _row(r, overdue)),
                empty_row(len(HEADERS), f"尚未添加{title}，点击右上角“添加”开始填写"),
            )
        ),
        variant="surface",
        width="100%",
        size="2",
    )
    return workbench_page(
        title,
        rx.callout.root(rx.callout.icon(rx.icon("info")), rx.callout.text(intro), color_scheme="blue", width="100%"),
        form_error(L.message),
        rx.card(
            rx.cond(L.loaded, table, rx.center(rx.spinner(size="3"), padding="32px", width="100%")),
            width="100%",
        ),
        actions=actions,
    )
