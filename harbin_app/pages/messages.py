"""消息中心: the user's messages, newest first; 标为已读, 全部已读, 查看 (the order's 待办详情)."""

from __future__ import annotations

import reflex as rx

from harbin_app import live
from harbin_app.components.layout import workbench_page
from harbin_app.components.tables import empty_row, hidden_caption, pager
from harbin_app.pages.workbench import add_workbench_page
from harbin_app.state.inbox import MessagesState as S

ROUTE = "/workbench/messages"
KIND_LABELS = {
    "submitted": "待审核", "waiting": "待办理", "decision": "审核结果", "booking": "预约",
    "deadline": "办理期限", "payment": "拨付", "reminder": "提醒",
}


def _row(m: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.vstack(
                rx.hstack(
                    rx.cond(m["read"], rx.fragment(), rx.badge("未读", color_scheme="red", variant="soft", radius="full")),
                    rx.text(m["title"], weight=rx.cond(m["read"], "regular", "bold")),
                    rx.cond(m["needs_action"] & ~m["read"].to(bool),
                            rx.badge("需我处理", color_scheme="blue", variant="soft", radius="full"), rx.fragment()),
                    spacing="2", align="center", wrap="wrap",
                ),
                rx.text(m["body"], size="2", color="var(--gray-11)"),
                spacing="1",
            ),
        ),
        rx.table.cell(m["at"], white_space="nowrap"),
        rx.table.cell(
            rx.hstack(
                rx.cond(
                    m["link"] != "",
                    rx.button("查看", size="1", variant="soft", on_click=S.open_message(m["id"], m["link"]),
                              aria_label="查看 " + m["title"].to(str)),
                    rx.fragment(),
                ),
                rx.cond(
                    m["read"], rx.fragment(),
                    rx.button("标为已读", size="1", variant="ghost", on_click=S.mark_read(m["id"]),
                              aria_label="标为已读 " + m["title"].to(str)),
                ),
                spacing="2",
            ),
        ),
        class_name=rx.cond(m["read"], "harbin-message-read", "harbin-message-unread"),
    )


def messages_page() -> rx.Component:
    return workbench_page(
        "消息中心",
        rx.card(
            rx.vstack(
                live.worker_marker(S),
                rx.hstack(
                    rx.text("未读 ", S.unread.to_string(), " 条", size="2", id="messages-unread"),
                    rx.spacer(),
                    rx.el.label(
                        rx.checkbox(checked=S.unread_only, on_change=S.set_unread_only, aria_label="只看未读"),
                        rx.text("只看未读", size="2"),
                        style={"display": "inline-flex", "alignItems": "center", "gap": "6px"},
                    ),
                    rx.button("全部已读", variant="soft", on_click=S.mark_all_read, disabled=S.unread == 0),
                    align="center", width="100%", spacing="3",
                ),
                rx.cond(S.message != "", rx.callout(S.message, color_scheme="red", size="1"), rx.fragment()),
                rx.table.root(
                    hidden_caption("消息列表"),
                    rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in ("消息", "时间", "操作")])),
                    rx.table.body(rx.cond(S.rows.length() > 0, rx.foreach(S.rows, _row),
                                          empty_row(3, rx.cond(S.loaded, "暂无消息", "正在加载…")))),
                    variant="surface", width="100%", size="2",
                ),
                pager(S.page, S.pages, S.total, S.go_page),
                spacing="3", width="100%",
            ),
            width="100%",
        ),
    )


def register(app: rx.App) -> None:
    add_workbench_page(app, ROUTE, messages_page, "消息中心", on_load=[S.load])
