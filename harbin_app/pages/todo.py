"""我的待办 and 待办详情."""

from __future__ import annotations

import reflex as rx

from harbin_app.components.layout import workbench_page
from harbin_app.components.order_detail import order_detail
from harbin_app.components.tables import order_table, pager
from harbin_app.pages.workbench import add_workbench_page
from harbin_app.state.order_detail import OrderDetailState
from harbin_app.state.todo import TodoState


def todo_page() -> rx.Component:
    s = TodoState
    tabs = rx.tabs.root(
        rx.tabs.list(
            rx.tabs.trigger(
                rx.hstack(
                    rx.text("待处理"),
                    rx.cond(s.pending_count > 0, rx.badge(s.pending_count, color_scheme="red", radius="full"), rx.fragment()),
                    spacing="2",
                    align="center",
                ),
                value="pending",
                aria_controls="todo-list",  # one list below shows the chosen tab (no tab content of its own)
            ),
            rx.tabs.trigger("已处理", value="handled", aria_controls="todo-list"),
        ),
        value=s.tab,
        on_change=s.set_tab,
    )
    return workbench_page(
        "我的待办",
        rx.card(
            rx.vstack(
                tabs,
                rx.box(order_table(
                    s.rows,
                    empty_text=rx.cond(s.tab == "pending", "暂无待处理事项", "暂无已处理事项"),
                ), id="todo-list", role="tabpanel", width="100%"),
                pager(s.page, s.pages, s.total, TodoState.go_page),
                spacing="3",
                width="100%",
            ),
            width="100%",
        ),
    )


def detail_page() -> rx.Component:
    return workbench_page("待办详情", order_detail(), actions=rx.link("返回我的待办", href="/workbench/todo", class_name="harbin-no-print"))


def register(app: rx.App) -> None:
    add_workbench_page(app, "/workbench/todo", todo_page, "我的待办", on_load=[TodoState.load])
    add_workbench_page(app, "/workbench/todo/[order_id]", detail_page, "待办详情", on_load=[OrderDetailState.load])
