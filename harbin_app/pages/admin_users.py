"""用户 (admin): search, role filter, the paged accounts table, 新建账号, 停用 / 启用, 重置密码."""

from __future__ import annotations

import reflex as rx

from harbin_app.components.fields import form_error, select_input, text_input
from harbin_app.components.layout import workbench_page
from harbin_app.components.tables import empty_row, hidden_caption, pager, state_badge
from harbin_app.pages.workbench import add_workbench_page
from harbin_app.services.actor import ROLE_LABELS
from harbin_app.services.users_admin import MAX_SEARCH
from harbin_app.state.admin_users import ALL, CREATABLE_LABELS, AdminUsersState as S

ROUTE = "/workbench/admin/users"
HEADERS = ("用户名", "姓名", "角色", "手机号", "状态", "创建时间", "操作")


def _filters() -> rx.Component:
    return rx.form(
        rx.hstack(
            rx.box(
                rx.el.label("搜索", html_for="users-search", class_name="rt-Text rt-r-size-1"),
                rx.input(
                    id="users-search", name="users-search", value=S.search, on_change=S.set_search,
                    placeholder="用户名、姓名、手机号或角色", max_length=MAX_SEARCH, width="260px",
                ),
            ),
            rx.button("查询", type="submit", variant="soft"),
            rx.box(
                rx.el.label("角色", html_for="users-role", class_name="rt-Text rt-r-size-1"),
                rx.el.select(
                    rx.el.option(ALL, value=ALL),
                    *[rx.el.option(label, value=label) for label in ROLE_LABELS.values()],
                    id="users-role", name="users-role", value=S.role_filter, on_change=S.set_role_filter,
                    class_name="harbin-select",
                ),
            ),
            align="end",
            spacing="3",
            wrap="wrap",
        ),
        on_submit=S.apply_search,
        width="100%",
    )


def _actions(r: rx.Var) -> rx.Component:
    name = r["username"].to(str)
    return rx.cond(
        r["is_self"],
        rx.text("当前账号", size="2", color="var(--gray-10)"),
        rx.hstack(
            rx.cond(
                r["active"],
                rx.button("停用", size="1", variant="soft", color_scheme="red", on_click=S.ask("disable", r["id"], name)),
                rx.button("启用", size="1", variant="soft", color_scheme="green", on_click=S.ask("enable", r["id"], name)),
            ),
            rx.button("重置密码", size="1", variant="soft", on_click=S.ask("reset", r["id"], name)),
            spacing="2",
        ),
    )


def _table() -> rx.Component:
    def row(r: rx.Var) -> rx.Component:
        return rx.table.row(
            rx.table.cell(r["username"], font_family="monospace"),
            rx.table.cell(r["display_name"]),
            rx.table.cell(r["role_label"]),
            rx.table.cell(r["phone"]),
            rx.table.cell(
                rx.hstack(
                    state_badge(r["status"], rx.cond(r["active"], "green", "gray")),
                    rx.cond(r["must_change_password"], state_badge("待设新密码", "orange"), rx.fragment()),
                    spacing="1",
                )
            ),
            rx.table.cell(r["created_at"], white_space="nowrap"),
            rx.table.cell(_actions(r)),
        )

    return rx.table.root(
        hidden_caption("账号列表"),
        rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in HEADERS])),
        rx.table.body(rx.cond(S.rows.length() > 0, rx.foreach(S.rows, row), empty_row(len(HEADERS), "没有符合条件的账号"))),
        variant="surface",
        width="100%",
        size="2",
    )


def _log() -> rx.Component:
    def row(r: rx.Var) -> rx.Component:
        return rx.table.row(
            rx.table.cell(r["at"], white_space="nowrap"),
            rx.table.cell(r["actor_name"]),
            rx.table.cell(r["action_label"]),
            rx.table.cell(r["target_username"], font_family="monospace"),
        )

    headers = ("时间", "操作人", "操作", "账号")
    return rx.card(
        rx.vstack(
            rx.heading("操作记录", size="3", as_="h2"),
            rx.table.root(
                hidden_caption("操作记录"),
                rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in headers])),
                rx.table.body(
                    rx.cond(S.log_rows.length() > 0, rx.foreach(S.log_rows, row), empty_row(len(headers), "还没有操作记录"))
                ),
                variant="surface",
                width="100%",
                size="1",
            ),
            pager(S.log_page, S.log_pages, S.log_total, S.go_log_page),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _create_dialog() -> rx.Component:
    e = S.new_errors
    form = rx.form(
        rx.vstack(
            select_input("角色", field_id="new-role", value=S.new["role"], on_change=lambda v: S.set_new("role", v),
                         options=CREATABLE_LABELS, error=e.get("role", "")),
            text_input("用户名", field_id="new-username", value=S.new["username"], on_change=lambda v: S.set_new("username", v),
                       error=e.get("username", ""), max_length=32, hint="3–32 位字母、数字或下划线，以字母开头",
                       autocomplete="off"),
            text_input("姓名", field_id="new-display-name", value=S.new["display_name"],
                       on_change=lambda v: S.set_new("display_name", v), error=e.get("display_name", ""), max_length=30),
            text_input("手机号", field_id="new-phone", value=S.new["phone"], on_change=lambda v: S.set_new("phone", v),
                       error=e.get("phone", ""), type="tel", max_length=14, required=False, hint="选填；填写后可用短信登录"),
            text_input("初始密码", field_id="new-password", value=S.new["password"],
                       on_change=lambda v: S.set_new("password", v), error=e.get("password", ""), required=False,
                       max_length=64, autocomplete="new-password",
                       hint="留空则自动生成；用户首次登录时须修改密码"),
            form_error(e.get("form", "")),
            rx.hstack(
                rx.dialog.close(rx.button("取消", type="button", variant="soft", color_scheme="gray")),
                rx.button("创建", type="submit", loading=S.creating),
                justify="end",
                spacing="3",
                width="100%",
            ),
            spacing="3",
            width="100%",
        ),
        on_submit=S.create,
        width="100%",
    )
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("新建账号"),
            rx.dialog.description("为市工信局审核员或市财政局经办人开通账号。企业用户请自行注册。", size="2"),
            rx.box(form, padding_top="12px"),
            max_width="460px",
        ),
        open=S.create_open,
        on_open_change=S.set_create_open,
    )


def _confirm_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(S.confirm_title),
            rx.alert_dialog.description(S.confirm_text),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("取消", variant="soft", color_scheme="gray")),
                rx.button(S.confirm_button, color_scheme=rx.cond(S.confirm_action == "enable", "green", "red"),
                          loading=S.acting, on_click=S.confirm),
                spacing="3",
                justify="end",
                padding_top="12px",
            ),
        ),
        open=S.confirm_open,
        on_open_change=S.set_confirm_open,
    )


def _password_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(S.shown_title),
            rx.vstack(
                rx.text("账号：", rx.code(S.shown_username), size="2"),
                rx.hstack(
                    rx.text("临时密码：", size="2"),
                    rx.code(S.shown_password, size="4", id="shown-password", aria_label="临时密码"),
                    align="center",
                ),
                rx.callout(
                    "密码只显示这一次，请现在记下并当面或电话告知用户；用户登录时须先设置自己的新密码。",
                    icon="info",
                    size="1",
                ),
                rx.hstack(rx.button("我已记下", on_click=S.close_shown), justify="end", width="100%"),
                spacing="3",
                width="100%",
                padding_top="8px",
            ),
            max_width="440px",
        ),
        open=S.shown_open,
        on_open_change=S.set_shown_open,
    )


def users_page() -> rx.Component:
    return workbench_page(
        "用户",
        rx.card(
            rx.vstack(
                _filters(),
                rx.cond(S.message, form_error(S.message), rx.fragment()),
                _table(),
                pager(S.page, S.pages, S.total, S.go_page),
                spacing="3",
                width="100%",
            ),
            width="100%",
        ),
        _log(),
        _create_dialog(),
        _confirm_dialog(),
        _password_dialog(),
        actions=rx.button(rx.icon("user-plus", size=16), "新建账号", on_click=S.open_create),
    )


def register(app: rx.App) -> None:
    add_workbench_page(app, ROUTE, users_page, "用户", on_load=[S.load])
