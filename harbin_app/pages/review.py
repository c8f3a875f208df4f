"""Reviewer queues: 企业认证审核 (and the other queues as their kinds land)."""

from __future__ import annotations

import reflex as rx

from harbin_app import live
from harbin_app.components.layout import workbench_page
from harbin_app.components.tables import order_table, pager
from harbin_app.pages.workbench import add_workbench_page
from harbin_app.state.review_queue import ALL, ReviewQueueState as S


def _filters() -> rx.Component:
    return rx.form(
        rx.hstack(
            rx.box(
                rx.el.label("搜索", html_for="queue-search", class_name="rt-Text rt-r-size-1"),
                rx.input(
                    id="queue-search", name="queue-search", value=S.search, on_change=S.set_search,
                    placeholder="企业名称或统一社会信用代码", width="280px", max_length=64,
                ),
            ),
            rx.button("查询", type="submit", variant="soft"),
            rx.box(
                rx.el.label("所属行业", html_for="queue-industry", class_name="rt-Text rt-r-size-1"),
                rx.el.select(
                    rx.el.option(ALL, value=ALL),
                    rx.foreach(S.industries, lambda i: rx.el.option(i, value=i)),
                    id="queue-industry", name="queue-industry", value=S.industry, on_change=S.set_industry, class_name="harbin-select",
                ),
            ),
            rx.box(
                rx.el.label("状态", html_for="queue-state", class_name="rt-Text rt-r-size-1"),
                rx.el.select(
                    rx.foreach(S.state_filter_labels, lambda label: rx.el.option(label, value=label)),
                    id="queue-state", name="queue-state", value=S.state_filter_label, on_change=S.set_state_filter, class_name="harbin-select",
                ),
            ),
            rx.button(rx.icon("file-spreadsheet", size=16), "导出 Excel", type="button", variant="outline",
                      on_click=S.export_excel),
            align="end",
            spacing="3",
            wrap="wrap",
        ),
        on_submit=S.apply_search,
        width="100%",
    )


def queue_page(title: str):  # noqa: ANN201
    def page() -> rx.Component:
        return workbench_page(
            title,
            rx.card(
                rx.vstack(
                    live.worker_marker(S),
                    _filters(),
                    order_table(S.rows, empty_text="没有符合条件的事项", show_code=True),
                    pager(S.page, S.pages, S.total, S.go_page),
                    spacing="3",
                    width="100%",
                ),
                width="100%",
            ),
            actions=rx.hstack(
                rx.text("待审核", size="2"),
                rx.badge(S.waiting, color_scheme=rx.cond(S.waiting > 0, "blue", "gray"), size="2", radius="full", aria_label="待审核数量"),
                align="center",
                spacing="2",
            ),
        )

    page.__name__ = f"queue_{abs(hash(title))}"
    return page


def register(app: rx.App) -> None:
    add_workbench_page(app, "/workbench/review/certification", queue_page("企业认证审核"), "企业认证审核", on_load=[S.load])
    add_workbench_page(app, "/workbench/review/pool-entry", queue_page("入库审核"), "入库审核", on_load=[S.load])
    add_workbench_page(app, "/workbench/review/acceptance", queue_page("验收审核"), "验收审核", on_load=[S.load])
