"""用户 (admin): the accounts list, 新建账号, 停用 / 启用, 重置密码."""

from __future__ import annotations

import asyncio

import reflex as rx

from harbin_app import tab_sessions

from harbin_app.services import users_admin
from harbin_app.services.actor import FINANCE, REVIEWER, ROLE_LABELS
from harbin_app.services.errors import ServiceError, ValidationError
from harbin_app.state.session import actor_of

ALL = "全部角色"
LOG_PAGE_SIZE = 10
ROLE_BY_LABEL = {label: key for key, label in ROLE_LABELS.items()}
CREATABLE_LABELS = [ROLE_LABELS[REVIEWER], ROLE_LABELS[FINANCE]]
BLANK = {"role": ROLE_LABELS[REVIEWER], "username": "", "display_name": "", "phone": "", "password": ""}
CONFIRM_TEXT = {
    "disable": ("停用账号", "停用后，{name} 将立即退出登录，且不能再登录，直到重新启用。确定停用吗？", "停用"),
    "enable": ("启用账号", "启用后，{name} 可以重新登录。确定启用吗？", "启用"),
    "reset": ("重置密码", "将为 {name} 生成一个临时密码，其已登录的页面会立即退出；用户下次登录时须设置新密码。确定重置吗？", "重置密码"),
}


async def _after_disable(user_id: int) -> None:
    """After an account's sessions were revoked in the database (disable, password reset): every
    open tab of the account is signed out now, pushed to it (on whichever worker it is)."""
    tab_sessions.end_user_sessions(user_id)


class AdminUsersState(rx.State):
    search: str = ""
    role_filter: str = ALL
    rows: list[dict] = []
    total: int = 0
    page: int = 1
    pages: int = 1
    message: str = ""
    # the admin log below the list
    log_rows: list[dict] = []
    log_total: int = 0
    log_page: int = 1
    log_pages: int = 1
    # 新建账号
    create_open: bool = False
    new: dict[str, str] = dict(BLANK)
    new_errors: dict[str, str] = {}
    creating: bool = False
    # 停用 / 启用 / 重置密码, confirmed first
    confirm_open: bool = False
    confirm_action: str = ""
    confirm_user_id: int = 0
    confirm_name: str = ""
    acting: bool = False
    # a password shown once (new account, reset); cleared when the dialog closes
    shown_open: bool = False
    shown_title: str = ""
    shown_username: str = ""
    shown_password: str = ""

    async def _fetch(self) -> None:
        actor = await actor_of(self)
        if actor is None:
            return
        role = ROLE_BY_LABEL.get(self.role_filter, "")
        try:
            result = await asyncio.to_thread(users_admin.list_users, actor, self.search, role, self.page)
        except ServiceError as exc:
            self.message = exc.message
            return
        self.message = ""
        self.rows = [row.as_dict() for row in result.rows]
        self.total, self.page, self.pages = result.total, result.page, result.pages
        await self._fetch_log()

    async def _fetch_log(self) -> None:
        actor = await actor_of(self)
        if actor is None:
            return
        rows, total = await asyncio.to_thread(users_admin.admin_log, actor, self.log_page, LOG_PAGE_SIZE)
        self.log_rows = [row.as_dict() for row in rows]
        self.log_total, self.log_pages = total, max(1, -(-total // LOG_PAGE_SIZE))

    @rx.event
    async def go_log_page(self, page: int):
        self.log_page = max(1, min(page, self.log_pages))
        await self._fetch_log()

    @rx.event
    async def load(self):
        self.log_page = 1
        self.create_open = self.confirm_open = self.shown_open = False
        self.shown_password = ""
        await self._fetch()

    @rx.event
    def set_search(self, value: str):
        self.search = value[: users_admin.MAX_SEARCH]

    @rx.event
    async def apply_search(self, _form: dict | None = None):
        self.page = 1
        await self._fetch()

    @rx.event
    async def set_role_filter(self, label: str):
        self.role_filter, self.page = label, 1
        await self._fetch()

    @rx.event
    async def go_page(self, page: int):
        self.page = max(1, min(page, self.pages))
        await self._fetch()

    # ---------------------------------------------------------------- 新建账号

    @rx.event
    def open_create(self):
        self.new, self.new_errors, self.create_open = dict(BLANK), {}, True

    @rx.event
    def set_create_open(self, value: bool):
        self.create_open = value

    @rx.event
    def set_new(self, key: str, value: str):
        self.new = {**self.new, key: value}
        if key in self.new_errors:
            self.new_errors = {k: v for k, v in self.new_errors.items() if k != key}

    @rx.event
    async def create(self, _form: dict | None = None):
        if self.creating:
            return None
        actor = await actor_of(self)
        if actor is None:
            return rx.toast.error("登录已失效，请重新登录")
        self.creating = True
        try:
            created = await asyncio.to_thread(
                users_admin.create_account, actor, role=ROLE_BY_LABEL.get(self.new.get("role", ""), ""),
                username=self.new.get("username", ""), display_name=self.new.get("display_name", ""),
                phone=self.new.get("phone", ""), password=self.new.get("password", ""),
            )
        except ValidationError as exc:  # messages at the fields; what was typed stays
            self.new_errors = exc.fields
            return None
        except ServiceError as exc:
            self.new_errors = {"form": exc.message}
            return None
        finally:
            self.creating = False
        self.create_open = False
        self._show("账号已创建", created.username, created.password)
        self.new = dict(BLANK)
        self.page = self.log_page = 1
        await self._fetch()
        return None

    # ---------------------------------------------------------------- 停用 / 启用 / 重置密码

    @rx.event
    def ask(self, action: str, user_id: int, name: str):
        self.confirm_action, self.confirm_user_id, self.confirm_name = action, user_id, name
        self.confirm_open = True

    @rx.event
    def set_confirm_open(self, value: bool):
        self.confirm_open = value

    @rx.var
    def confirm_title(self) -> str:
        return CONFIRM_TEXT.get(self.confirm_action, ("", "", ""))[0]

    @rx.var
    def confirm_text(self) -> str:
        return CONFIRM_TEXT.get(self.confirm_action, ("", "", ""))[1].format(name=self.confirm_name)

    @rx.var
    def confirm_button(self) -> str:
        return CONFIRM_TEXT.get(self.confirm_action, ("", "", "确定"))[2]

    @rx.event
    async def confirm(self):
        if self.acting:
            return None
        actor = await actor_of(self)
        if actor is None:
            return rx.toast.error("登录已失效，请重新登录")
        action, user_id, name = self.confirm_action, self.confirm_user_id, self.confirm_name
        self.acting = True
        try:
            if action == "reset":
                password = await asyncio.to_thread(users_admin.reset_password, actor, user_id)
            else:
                await asyncio.to_thread(users_admin.set_active, actor, user_id, action == "enable")
        except ServiceError as exc:
            self.confirm_open = False
            return rx.toast.error(exc.message)
        finally:
            self.acting = False
        self.confirm_open = False
        if action in ("disable", "reset"):
            await _after_disable(user_id)
        self.log_page = 1
        await self._fetch()
        if action == "reset":
            self._show("密码已重置", name, password)
            return None
        return rx.toast.success(f"已{'启用' if action == 'enable' else '停用'}账号 {name}")

    # ---------------------------------------------------------------- the password, once

    def _show(self, title: str, username: str, password: str) -> None:
        self.shown_title, self.shown_username, self.shown_password = title, username, password
        self.shown_open = True

    @rx.event
    def set_shown_open(self, value: bool):
        self.shown_open = value
        if not value:
            self.shown_password = ""

    @rx.event
    def close_shown(self):
        self.shown_open, self.shown_password = False, ""
