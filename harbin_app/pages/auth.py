"""注册 and 登录."""

from __future__ import annotations

import reflex as rx

from harbin_app.components.fields import error_text, text_input
from harbin_app.components.layout import portal_page
from harbin_app.components.sms_code import code_input, slider_check
from harbin_app.state.login import LoginState
from harbin_app.state.register import RegisterState


def _panel(title: str, *children: rx.Component) -> rx.Component:
    return rx.center(
        rx.card(
            rx.vstack(rx.heading(title, size="6"), *children, spacing="4", width="100%"),
            width="440px",
            padding="28px",
        ),
        width="100%",
        padding_top="24px",
    )


def register_page() -> rx.Component:
    s = RegisterState
    form = rx.form(
        rx.vstack(
            rx.vstack(
                rx.text("注册角色", size="2", weight="medium"),
                rx.radio_group(
                    ["企业用户"],
                    value=s.role_label,
                    on_change=s.set_role,
                    direction="row",
                    aria_label="注册角色",
                ),
                error_text(s.errors.get("role", ""), "reg-role"),
                spacing="1",
                width="100%",
            ),
            text_input(
                "用户名", field_id="reg-username", value=s.username, on_change=s.set_username,
                error=s.errors.get("username", ""), hint="建议使用公司名称拼音首字母，如“哈尔滨电气”填 hrbdq",
                max_length=32, autocomplete="username",
            ),
            text_input(
                "手机号", field_id="reg-phone", value=s.phone, on_change=s.set_phone,
                error=s.errors.get("phone", ""), max_length=14, type="tel", autocomplete="tel",
            ),
            slider_check(s, "reg-slider"),
            code_input(s, "reg-code", label="短信验证码"),
            text_input(
                "密码", field_id="reg-password", value=s.password, on_change=s.set_password,
                error=s.errors.get("password", ""), type="password", hint="至少 8 位，须同时包含字母和数字",
                autocomplete="new-password",
            ),
            text_input(
                "确认密码", field_id="reg-confirm", value=s.confirm_password, on_change=s.set_confirm_password,
                error=s.errors.get("confirm_password", ""), type="password", autocomplete="new-password",
            ),
            rx.vstack(
                rx.checkbox(
                    "我已阅读并同意《用户服务协议》和《隐私政策》",
                    id="reg-agreed",
                    checked=s.agreed,
                    on_change=s.set_agreed,
                    size="2",
                    aria_describedby="reg-agreed-error",
                ),
                error_text(s.errors.get("agreed", ""), "reg-agreed"),
                spacing="1",
            ),
            rx.button("确认", type="submit", width="100%", size="3", loading=s.submitting),
            rx.text("已有账号？", rx.link("去登录", href="/login"), size="2"),
            spacing="3",
            width="100%",
        ),
        on_submit=lambda _data: s.submit(),
        width="100%",
    )
    return portal_page(_panel("注册", form))


def _password_tab() -> rx.Component:
    s = LoginState
    return rx.form(
        rx.vstack(
            text_input(
                "用户名或手机号", field_id="login-identifier", value=s.identifier, on_change=s.set_identifier,
                error=s.errors.get("identifier", ""), autocomplete="username",
            ),
            text_input(
                "密码", field_id="login-password", value=s.password, on_change=s.set_password,
                error=s.errors.get("password", ""), type="password", autocomplete="current-password",
            ),
            rx.button("登录", type="submit", width="100%", size="3", loading=s.submitting),
            spacing="3",
            width="100%",
            padding_top="12px",
        ),
        on_submit=lambda _data: s.login_password(),
        width="100%",
    )


def _sms_tab() -> rx.Component:
    s = LoginState
    return rx.form(
        rx.vstack(
            text_input(
                "手机号", field_id="login-phone", value=s.phone, on_change=s.set_phone,
                error=s.errors.get("phone", ""), type="tel", max_length=14, autocomplete="tel",
            ),
            slider_check(s, "login-slider"),
            code_input(s, "login-code"),
            rx.checkbox("记住手机号", checked=s.remember_phone, on_change=s.set_remember_phone),
            rx.button("登录", type="submit", width="100%", size="3", loading=s.submitting),
            spacing="3",
            width="100%",
            padding_top="12px",
        ),
        on_submit=lambda _data: s.login_sms(),
        width="100%",
    )


def login_page() -> rx.Component:
    s = LoginState
    tabs = rx.tabs.root(
        rx.tabs.list(
            rx.tabs.trigger("密码登录", value="password"),
            rx.tabs.trigger("短信登录", value="sms"),
        ),
        rx.tabs.content(_password_tab(), value="password"),
        rx.tabs.content(_sms_tab(), value="sms"),
        value=s.tab,
        on_change=s.set_tab,
        width="100%",
    )
    return portal_page(
        _panel("登录", tabs, rx.text("还没有账号？", rx.link("立即注册", href="/register"), size="2"))
    )
