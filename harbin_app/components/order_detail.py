"""待办详情 drawn from OrderDetailState: content, changes, actions, 工单日志. Prints cleanly."""

from __future__ import annotations

import reflex as rx

from harbin_app.components import order_actions, order_files
from harbin_app.components.pdf_upload import file_chip
from harbin_app.components.tables import empty_row, state_badge
from harbin_app.state.order_detail import OrderDetailState as S
from harbin_app.state.order_files import OrderFilesState as F


def _table(table: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.cond(table["title"], rx.text(table["title"], weight="medium", size="2"), rx.fragment()),
        rx.table.root(
            rx.table.header(rx.table.row(rx.foreach(table["headers"].to(list[str]), lambda h: rx.table.column_header_cell(h)))),
            rx.table.body(
                rx.foreach(
                    table["rows"].to(list[list[str]]),
                    lambda row: rx.table.row(rx.foreach(row, lambda cell: rx.table.cell(cell, white_space="pre-wrap"))),
                )
            ),
            variant="surface",
            size="1",
            width="100%",
        ),
        width="100%",
        spacing="1",
    )


def _file_line(item: rx.Var) -> rx.Component:
    ref = item["file"].to(dict)
    return rx.vstack(
        rx.hstack(
            rx.text(item["label"], size="2", min_width="200px"),
            rx.cond(
                ref["file_id"],
                file_chip(ref, F.download_file(ref["file_id"].to(int))),
                rx.text("未提供", size="2", color="var(--gray-10)"),
            ),
            align="center",
            spacing="3",
        ),
        rx.cond(ref["file_id"], order_files.thumbnails(ref["file_id"]), rx.fragment()),
        spacing="1",
    )


def _section(section: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(section["title"], size="3"),
            order_actions.data_fields(section["fields"].to(list[dict[str, str]])),
            rx.foreach(section["tables"].to(list[dict]), _table),
            rx.foreach(section["files"].to(list[dict]), _file_line),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _changes() -> rx.Component:
    return rx.cond(
        S.changes.length() > 0,
        rx.callout.root(
            rx.callout.icon(rx.icon("git-compare")),
            rx.vstack(
                rx.text("与上一次提交相比，本次修改了 ", S.changes.length().to_string(), " 处：", weight="medium"),
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            rx.table.column_header_cell("内容"),
                            rx.table.column_header_cell("上次提交"),
                            rx.table.column_header_cell("本次提交"),
                        )
                    ),
                    rx.table.body(
                        rx.foreach(
                            S.changes,
                            lambda c: rx.table.row(
                                rx.table.cell(c["label"]),
                                rx.table.cell(c["before"], color="var(--gray-11)", text_decoration="line-through"),
                                rx.table.cell(c["after"], weight="medium"),
                            ),
                        )
                    ),
                    size="1",
                    width="100%",
                ),
                spacing="2",
                width="100%",
            ),
            color_scheme="amber",
            width="100%",
        ),
        rx.fragment(),
    )


def _log() -> rx.Component:
    headers = ["时间", "操作人", "角色", "操作", "状态变化", "审批意见", "备注"]
    return rx.card(
        rx.vstack(
            rx.heading("工单日志", size="3"),
            rx.table.root(
                rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in headers])),
                rx.table.body(
                    rx.cond(
                        S.log.length() > 0,
                        rx.foreach(
                            S.log,
                            lambda r: rx.table.row(
                                rx.table.cell(r["at"], white_space="nowrap"),
                                rx.table.cell(r["actor_name"]),
                                rx.table.cell(r["actor_role"]),
                                rx.table.cell(r["action_label"]),
                                rx.table.cell(r["from_label"], " → ", r["to_label"], white_space="nowrap"),
                                rx.table.cell(r["opinion"], white_space="pre-wrap"),
                                rx.table.cell(r["note"]),
                            ),
                        ),
                        empty_row(len(headers), "暂无记录"),
                    )
                ),
                variant="surface",
                size="1",
                width="100%",
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
    )


def _editable_hint() -> rx.Component:
    return rx.cond(
        S.editable & (S.edit_route != ""),
        rx.callout.root(
            rx.callout.icon(rx.icon("pencil")),
            rx.callout.text(
                "该事项可以修改。", rx.link("前往修改并提交", href=S.edit_route), class_name="harbin-no-print"
            ),
            color_scheme="blue",
            width="100%",
        ),
        rx.fragment(),
    )


def order_detail() -> rx.Component:
    header = rx.card(
        rx.hstack(
            rx.vstack(
                rx.text(S.kind_label, size="2", color="var(--gray-11)"),
                rx.heading(rx.cond(S.enterprise_name, S.enterprise_name, "（未填写企业名称）"), size="4"),
                spacing="1",
            ),
            rx.spacer(),
            rx.cond(S.version > 0, rx.text("第 ", S.version.to_string(), " 版", size="2", color="var(--gray-11)"), rx.fragment()),
            state_badge(S.state_label, S.tone),
            align="center",
            width="100%",
            spacing="3",
        ),
        width="100%",
    )
    return rx.cond(
        S.found,
        rx.vstack(
            header, order_actions.deadline(), _editable_hint(), _changes(), order_actions.input_blocks(),
            order_files.documents(), order_files.uploads(), rx.foreach(S.sections, _section),
            order_files.assessments(), order_files.handed_in(), order_actions.actions(), order_actions.input_dialog(),
            order_files.viewer(), _log(),
            spacing="4", width="100%",
        ),
        rx.cond(
            S.not_found_message,
            rx.callout(S.not_found_message, icon="circle-alert", color_scheme="red", width="100%"),
            rx.center(rx.spinner(size="3"), padding="48px", width="100%"),
        ),
    )
