"""设置新密码: the page a user sees after logging in with a password an admin set."""

from __future__ import annotations

import reflex as rx

from harbin_app.components.fields import text_input
from harbin_app.components.layout import portal_page
from harbin_app.pages.workbench import TITLE
from harbin_app.state.change_password import ROUTE, ChangePasswordState as S


def change_password_page() -> rx.Component:
    form = rx.form(
        rx.vstack(
            rx.text("账号 ", rx.code(S.username), " 的密码由管理员设置。请先设置您自己的新密码，然后即可使用平台。", size="2"),
            text_input(
                "新密码", field_id="cp-password", value=S.password, on_change=S.set_password,
                error=S.errors.get("password", ""), type="password", hint="至少 8 位，须同时包含字母和数字",
                autocomplete="new-password", max_length=64,
            ),
            text_input(
                "确认新密码", field_id="cp-confirm", value=S.confirm_password, on_change=S.set_confirm_password,
                error=S.errors.get("confirm_password", ""), type="password", autocomplete="new-password", max_length=64,
            ),
            rx.button("确认修改", type="submit", width="100%", size="3", loading=S.submitting),
            spacing="3",
            width="100%",
        ),
        on_submit=S.submit,
        width="100%",
    )
    return portal_page(
        rx.center(
            rx.card(
                rx.vstack(rx.heading("设置新密码", size="6"), form, spacing="4", width="100%"),
                width="440px",
                padding="28px",
            ),
            width="100%",
            padding_top="24px",
        )
    )


def register(app: rx.App) -> None:
    app.add_page(change_password_page, route=ROUTE, title=f"设置新密码 - {TITLE}", on_load=S.on_load)
