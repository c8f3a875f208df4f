"""待办详情 drawn from OrderDetailState: content, changes, actions, 工单日志. Prints cleanly."""

from __future__ import annotations

import reflex as rx

from harbin_app.components.fields import error_text
from harbin_app.components.pdf_upload import file_chip, pdf_upload
from harbin_app.components.tables import empty_row, state_badge
from harbin_app.services.engine import registry
from harbin_app.state.order_detail import OrderDetailState as S


def _fields(fields: rx.Var) -> rx.Component:
    return rx.data_list.root(
        rx.foreach(
            fields,
            lambda f: rx.data_list.item(
                rx.data_list.label(f["label"], min_width="140px"),
                rx.data_list.value(rx.cond(f["value"], f["value"], "—"), white_space="pre-wrap"),
            ),
        ),
        orientation="horizontal",
        size="2",
    )


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
    return rx.hstack(
        rx.text(item["label"], size="2", min_width="200px"),
        rx.cond(
            ref["file_id"],
            file_chip(ref, S.download_file(ref["file_id"].to(int))),
            rx.text("未提供", size="2", color="var(--gray-10)"),
        ),
        align="center",
        spacing="3",
    )


def _section(section: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(section["title"], size="3"),
            _fields(section["fields"].to(list[dict[str, str]])),
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


def _action_button(a: rx.Var) -> rx.Component:
    return rx.button(
        a["label"],
        on_click=S.start_action(a["action"]),
        color_scheme=rx.match(a["tone"], ("danger", "red"), ("neutral", "gray"), "indigo"),
        variant=rx.cond(a["tone"] == "neutral", "soft", "solid"),
        loading=S.busy,
        size="2",
    )


def _opinion(field_id: str) -> rx.Component:
    return rx.vstack(
        rx.el.label("审批意见", html_for=field_id, style={"fontWeight": "500", "fontSize": "var(--font-size-2)"}),
        rx.text_area(
            id=field_id, value=S.opinion, on_change=S.set_opinion, rows="3", max_length=2000,
            placeholder="通过时可不填；驳回时必须写明原因和修改要求", aria_describedby=f"{field_id}-error", width="100%",
        ),
        error_text(S.errors.get("opinion", ""), field_id),
        spacing="1",
        width="100%",
    )


def _input_field(f: rx.Var) -> rx.Component:
    """One field of a transition's structured input (a booking, amounts, a deadline)."""
    key = S.dialog_action + "." + f["key"].to(str)
    field_id = "input-" + f["key"].to(str)
    value = S.inputs.get(key, "").to(str)
    common = {
        "id": field_id, "value": value, "on_change": lambda v: S.set_input(key, v),
        "aria_describedby": field_id + "-error", "width": "100%",
    }
    control = rx.match(
        f["kind"].to(str),
        ("date", rx.input(type="date", **common)),
        ("time", rx.input(type="time", **common)),
        ("area", rx.text_area(rows="3", max_length=f["max_length"].to(int), **common)),
        ("amount", rx.input(input_mode="decimal", **common)),
        rx.input(max_length=f["max_length"].to(int), **common),
    )
    return rx.vstack(
        rx.el.label(f["label"].to(str), html_for=field_id, style={"fontWeight": "500", "fontSize": "var(--font-size-2)"}),
        control,
        rx.cond(f["hint"], rx.text(f["hint"].to(str), size="1", color="var(--gray-10)"), rx.fragment()),
        error_text(S.errors.get(key, "").to(str), field_id),
        spacing="1",
        width="100%",
    )


def _input_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(S.dialog_label),
            rx.vstack(
                rx.foreach(S.dialog_fields, _input_field),
                _opinion("dialog-opinion"),
                rx.hstack(
                    rx.button("取消", variant="soft", color_scheme="gray", on_click=S.close_dialog, type="button"),
                    rx.button("确定", on_click=S.act(S.dialog_action), loading=S.busy, type="button"),
                    justify="end",
                    spacing="3",
                    width="100%",
                ),
                spacing="3",
                width="100%",
            ),
            max_width="560px",
        ),
        open=S.dialog_action != "",
        on_open_change=lambda open_: rx.cond(open_, rx.noop(), S.close_dialog()),
    )


def _input_blocks() -> rx.Component:
    """The latest booking-like inputs (现场验收预约 …), for both sides."""
    return rx.foreach(
        S.input_blocks,
        lambda b: rx.card(
            rx.vstack(
                rx.hstack(
                    rx.heading(b["title"].to(str), size="3"),
                    rx.text(b["at"].to(str), " · ", b["actor"].to(str), size="1", color="var(--gray-10)"),
                    align="center", spacing="3",
                ),
                _fields(b["fields"].to(list[dict[str, str]])),
                spacing="2",
                width="100%",
            ),
            width="100%",
        ),
    )


def _deadline() -> rx.Component:
    return rx.cond(
        S.due_date != "",
        rx.callout.root(
            rx.callout.icon(rx.icon("alarm-clock")),
            rx.callout.text(
                S.deadline_label, "：", S.due_date,
                rx.cond(S.overdue, rx.badge("已逾期", color_scheme="orange", variant="solid", margin_left="8px"), rx.fragment()),
            ),
            color_scheme=rx.cond(S.overdue, "orange", "blue"),
            width="100%",
        ),
        rx.fragment(),
    )


def _actions() -> rx.Component:
    needs_opinion = S.actions.length() > 0
    return rx.cond(
        needs_opinion,
        rx.card(
            rx.vstack(
                rx.heading("办理", size="3"),
                _opinion("detail-opinion"),
                rx.foreach(
                    S.flags,
                    lambda f: rx.checkbox(
                        f["label"], checked=f["value"].to(bool), on_change=lambda v: S.set_flag(f["key"].to(str), v)
                    ),
                ),
                rx.hstack(rx.foreach(S.actions, _action_button), spacing="3"),
                spacing="3",
                width="100%",
            ),
            width="100%",
            class_name="harbin-no-print",
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


def _documents() -> rx.Component:
    return rx.cond(
        S.documents.length() > 0,
        rx.card(
            rx.vstack(
                rx.heading("待盖章材料下载", size="3"),
                rx.foreach(
                    S.documents,
                    lambda d: rx.hstack(
                        rx.icon("file-down", size=16, color="var(--accent-10)"),
                        rx.text(d["label"], size="2"),
                        rx.button("下载", size="1", variant="soft", on_click=S.download_document(d["key"])),
                        align="center",
                        spacing="2",
                    ),
                ),
                rx.text("下载后打印，加盖公章，扫描为一个 PDF 文件上传。", size="1", color="var(--gray-10)"),
                spacing="2",
                width="100%",
            ),
            width="100%",
            class_name="harbin-no-print",
        ),
        rx.fragment(),
    )


def _upload_slot(key: str) -> rx.Component:
    """One hand-in slot (slots are known in advance: ids and labels are plain strings)."""
    slot = S.uploads[key].to(dict)
    pending = S.pending_files.get(key, {}).to(dict)
    warning = S.warnings.get(key, "").to(str)
    upload_id = f"upload-{key}"
    return rx.vstack(
        pdf_upload(
            upload_id,
            slot["label"].to(str),
            on_drop=S.upload(rx.upload_files(upload_id=upload_id, on_upload_progress=S.upload_progress_changed), key),
            progress=S.upload_progress,
            uploading=S.uploading,
            error=S.errors.get(key, "").to(str),
            current=pending,
            on_download=S.download_file(pending["file_id"].to(int)),
            hint=slot["hint"].to(str),
        ),
        rx.cond(warning, rx.callout(warning, icon="triangle-alert", color_scheme="amber", width="100%"), rx.fragment()),
        rx.button(slot["button"].to(str), on_click=S.hand_in(key), disabled=~pending["file_id"].to(bool)),
        spacing="2",
        width="100%",
    )


def _uploads() -> rx.Component:
    return rx.fragment(
        *[
            rx.cond(
                S.uploads.contains(key),
                rx.card(_upload_slot(key), width="100%", class_name="harbin-no-print"),
                rx.fragment(),
            )
            for key in registry.all_slots()
        ]
    )


def _handed_in() -> rx.Component:
    return rx.cond(
        S.handed_in.length() > 0,
        rx.card(
            rx.vstack(
                rx.heading("盖章材料", size="3"),
                rx.foreach(
                    S.handed_in,
                    lambda h: rx.hstack(
                        rx.text(h["at"], size="2", color="var(--gray-11)", white_space="nowrap"),
                        file_chip(h["file"].to(dict), S.download_file(h["file"].to(dict)["file_id"].to(int))),
                        align="center",
                        spacing="3",
                    ),
                ),
                spacing="2",
                width="100%",
            ),
            width="100%",
        ),
        rx.fragment(),
    )


def _assessments() -> rx.Component:
    """数字化水平自测: the enterprise's kept records, and before / after side by side."""
    kept = rx.table.root(
        rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in ("阶段", "评测日期", "总分", "等级", "报告")])),
        rx.table.body(
            rx.foreach(
                S.kept_assessments,
                lambda k: rx.table.row(
                    rx.table.cell(k["label"]),
                    rx.table.cell(k["date"]),
                    rx.table.cell(k["total"], class_name="harbin-amount"),
                    rx.table.cell(k["level"]),
                    rx.table.cell(rx.button("下载报告", size="1", variant="ghost", on_click=S.download_assessment(k["id"].to(int)))),
                ),
            )
        ),
        size="1",
        variant="surface",
        width="100%",
    )
    side_by_side = rx.cond(
        S.comparison.contains("rows"),
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    rx.table.column_header_cell("指标"),
                    rx.table.column_header_cell("改造前 ", S.comparison["before"].to(str)),
                    rx.table.column_header_cell("改造后 ", S.comparison["after"].to(str)),
                )
            ),
            rx.table.body(
                rx.foreach(
                    S.comparison["rows"].to(list[list[str]]),
                    lambda r: rx.table.row(rx.table.cell(r[0]), rx.table.cell(r[1]), rx.table.cell(r[2])),
                )
            ),
            size="1",
            variant="surface",
            width="100%",
            aria_label="改造前后对比",
        ),
        rx.text("尚无同时包含“改造前”和“改造后”的评测记录，暂不能对比。", size="2", color="var(--gray-10)"),
    )
    return rx.cond(
        S.kept_assessments.length() > 0,
        rx.card(
            rx.vstack(rx.heading("数字化水平自测结果", size="3"), kept, side_by_side, spacing="3", width="100%"),
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
            header, _deadline(), _editable_hint(), _changes(), _input_blocks(), _documents(), _uploads(),
            rx.foreach(S.sections, _section), _assessments(), _handed_in(), _actions(), _input_dialog(), _log(),
            spacing="4", width="100%",
        ),
        rx.cond(
            S.not_found_message,
            rx.callout(S.not_found_message, icon="circle-alert", color_scheme="red", width="100%"),
            rx.center(rx.spinner(size="3"), padding="48px", width="100%"),
        ),
    )
