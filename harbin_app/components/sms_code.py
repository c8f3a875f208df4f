"""滑动验证 and 发送验证码 + 验证码, drawn for any state built on SmsCodeMixin."""

from __future__ import annotations

import reflex as rx

from harbin_app.components.fields import error_id, error_text, field


def slider_check(state: type[rx.State], field_id: str) -> rx.Component:
    """The 滑动验证 that 发送验证码 opens (the manual: 单击“发送验证码”，滑动图形验证码进行校验，平台将会
    发送信息到注册手机号). Uncontrolled: the handle moves in the browser; the server hears the first
    movement and the release (the time between them is what tells a person from a script)."""
    track = rx.box(
        rx.cond(
            state.slider_passed,
            rx.slider(
                id=field_id, default_value=[100], min=0, max=100, size="3", disabled=True,
                color_scheme="green", aria_label="滑动验证", key="passed",
            ),
            rx.slider(
                id=field_id,
                key=state.slider_key,
                default_value=[0],
                on_change=state.slider_move.throttle(1000),
                on_value_commit=state.slider_release,
                min=0,
                max=100,
                step=1,
                size="3",
                aria_label="滑动验证",
            ),
        ),
        width="100%",
        padding_y="6px",
    )
    status = rx.cond(
        state.slider_passed,
        rx.hstack(rx.icon("circle-check", size=14, color="var(--green-10)"), rx.text("验证通过", size="1", color="var(--green-11)"), spacing="1"),
        rx.text("请按住滑块，拖动到最右侧", size="1", color="var(--gray-10)"),
    )
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("滑动验证"),
            rx.dialog.description("请按住滑块，拖动到最右侧，完成后将发送验证码到您的手机。", size="2"),
            rx.vstack(
                track,
                status,
                error_text(state.errors.get("slider", ""), field_id),
                rx.hstack(
                    rx.button("取消", variant="soft", color_scheme="gray", type="button", on_click=state.close_slider),
                    justify="end",
                    width="100%",
                ),
                spacing="2",
                width="100%",
                padding_top="8px",
            ),
            max_width="420px",
        ),
        open=state.slider_open,
        on_open_change=lambda open_: rx.cond(open_, rx.noop(), state.close_slider()),
    )


def code_input(state: type[rx.State], field_id: str, label: str = "验证码") -> rx.Component:
    control = rx.hstack(
        rx.input(
            id=field_id,
            name=field_id,
            value=state.sms_code,
            on_change=state.set_sms_code,
            max_length=6,
            placeholder="6 位数字",
            input_mode="numeric",
            autocomplete="one-time-code",
            aria_describedby=error_id(field_id),
            flex="1",
        ),
        rx.button(
            state.send_label,
            type="button",
            on_click=state.send_code,
            disabled=~state.can_send,
            variant="soft",
            width="140px",
        ),
        width="100%",
    )
    return field(label, control, field_id=field_id, error=state.errors.get("sms_code", ""))
