"""待办详情: 办理 (the opinion, the reviewer's marks, the action buttons) and the dialog of a
transition's structured input (a booking, amounts, a deadline); the latest such inputs and the
deadline, shown to both sides."""

from __future__ import annotations

import reflex as rx

from harbin_app.components.fields import error_text
from harbin_app.state.order_detail import OrderDetailState as S


def data_fields(fields: rx.Var) -> rx.Component:
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
            id=field_id, name="opinion", value=S.opinion, on_change=S.set_opinion, rows="3", max_length=2000,
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
        "id": field_id, "name": key, "value": value, "on_change": lambda v: S.set_input(key, v),
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


def input_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(S.dialog_label),
            # a form: 确定 hands over what the fields hold when it is pressed (a value typed just
            # before the click may not have reached the server yet: the inputs send after a pause)
            rx.form(
                rx.vstack(
                    rx.foreach(S.dialog_fields, _input_field),
                    _opinion("dialog-opinion"),
                    rx.hstack(
                        rx.button("取消", variant="soft", color_scheme="gray", on_click=S.close_dialog, type="button"),
                        rx.button("确定", loading=S.busy, type="submit"),
                        justify="end",
                        spacing="3",
                        width="100%",
                    ),
                    spacing="3",
                    width="100%",
                ),
                on_submit=S.submit_dialog,
                reset_on_submit=False,
            ),
            max_width="560px",
        ),
        open=S.dialog_action != "",
        on_open_change=lambda open_: rx.cond(open_, rx.noop(), S.close_dialog()),
    )


def input_blocks() -> rx.Component:
    """The latest booking-like inputs (现场验收预约 …), for both sides."""
    return rx.foreach(
        S.input_blocks,
        lambda b: rx.card(
            rx.vstack(
                rx.hstack(
                    rx.heading(b["title"].to(str), size="3"),
                    rx.badge(b["label"].to(str), variant="soft", radius="full"),
                    rx.text(b["at"].to(str), " · ", b["actor"].to(str), size="1", color="var(--gray-10)"),
                    align="center", spacing="3",
                ),
                data_fields(b["fields"].to(list[dict[str, str]])),
                spacing="2",
                width="100%",
            ),
            width="100%",
        ),
    )


def deadline() -> rx.Component:
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


def actions() -> rx.Component:
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


