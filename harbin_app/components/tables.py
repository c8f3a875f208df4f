"""Lists of work orders: state badges, tables, pagers."""

from __future__ import annotations

from typing import Any

import reflex as rx


def state_badge(label: rx.Var | str, tone: rx.Var | str) -> rx.Component:
    return rx.badge(label, color_scheme=tone, variant="soft", size="2", radius="full")


def empty_row(colspan: int, text: str) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.text(text, color="var(--gray-10)"), col_span=colspan, text_align="center", padding="24px")
    )


def order_table(rows: rx.Var, *, empty_text: str, show_code: bool = False) -> rx.Component:
    """Rows of workorders.OrderRow dicts; the flow's name (事项类型 and company) and 详情 open its
    待办详情 (the manual: 单击该流程的名称或详情); 需我处理 and 已逾期 are marked."""
    headers = ["事项", *(["统一社会信用代码", "所属行业"] if show_code else []), "状态", "更新时间", "操作"]

    def row(r: rx.Var) -> rx.Component:
        href = "/workbench/todo/" + r["id"].to_string()
        name = r["kind_label"].to(str) + " · " + r["subject_name"].to(str)
        cells = [
            rx.table.cell(
                rx.hstack(
                    rx.link(name, href=href, weight="medium"),
                    rx.cond(r["mine"], rx.badge("需我处理", color_scheme="red", variant="soft", radius="full"), rx.fragment()),
                    spacing="2",
                    align="center",
                    wrap="wrap",
                )
            ),
        ]
        if show_code:
            cells += [rx.table.cell(r["credit_code"], font_family="monospace"), rx.table.cell(r["industry"])]
        cells += [
            rx.table.cell(
                rx.hstack(
                    state_badge(r["state_label"], r["tone"]),
                    rx.cond(r["overdue"], state_badge("已逾期", "orange"), rx.fragment()),
                    spacing="1",
                )
            ),
            rx.table.cell(r["updated_at"], white_space="nowrap"),
            rx.table.cell(rx.link("详情", href=href, aria_label="详情 " + name)),
        ]
        return rx.table.row(*cells)

    return rx.table.root(
        rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in headers])),
        rx.table.body(
            rx.cond(rows.length() > 0, rx.foreach(rows, row), empty_row(len(headers), empty_text)),
        ),
        variant="surface",
        width="100%",
        size="2",
    )


def pager(page: rx.Var, pages: rx.Var, total: rx.Var, on_page: Any) -> rx.Component:
    return rx.hstack(
        rx.text("共 ", total.to_string(), " 条", size="2", color="var(--gray-11)"),
        rx.spacer(),
        rx.button("上一页", variant="soft", size="1", disabled=page <= 1, on_click=on_page(page - 1)),
        rx.text(page.to_string(), " / ", pages.to_string(), size="2"),
        rx.button("下一页", variant="soft", size="1", disabled=page >= pages, on_click=on_page(page + 1)),
        align="center",
        width="100%",
        spacing="2",
    )


def hidden_caption(text: str) -> rx.Component:
    """A table's accessible name (Radix puts a table root's own props on its wrapper, not the table)."""
    return rx.el.caption(
        text,
        style={
            "position": "absolute", "width": "1px", "height": "1px", "overflow": "hidden",
            "clip": "rect(0 0 0 0)", "whiteSpace": "nowrap",
        },
    )
