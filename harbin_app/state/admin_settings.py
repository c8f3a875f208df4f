"""设置 (admin): the settings form and the change list below it."""

from __future__ import annotations

import asyncio

import reflex as rx

from harbin_app.services import platform_settings
from harbin_app.services.errors import Conflict, ServiceError, ValidationError
from harbin_app.state.session import actor_of


def remaining_problems(count: int) -> str:
    return f"还有 {count} 处需要修改，请按红色提示处理后再保存" if count else ""


class AdminSettingsState(rx.State):
    form: dict[str, str] = {}
    errors: dict[str, str] = {}
    form_message: str = ""
    saving: bool = False
    stale: bool = False  # another admin saved since this form was loaded
    loaded: bool = False
    rows: list[dict] = []  # the change list: at, actor_name, label, old_text, new_text
    total: int = 0
    page: int = 1
    pages: int = 1
    _loaded_form: dict[str, str] = {}  # the values as the form was loaded (what counts as a change)
    _version: int = 0

    async def _load_form(self) -> bool:
        actor = await actor_of(self)
        if actor is None:
            return False
        try:
            view = await asyncio.to_thread(platform_settings.form, actor)
        except ServiceError as exc:
            self.form_message = exc.message
            return False
        self.form = {f.key: f.value for f in view.fields}
        self._loaded_form = dict(self.form)
        self._version = view.version
        self.loaded = True
        return True

    async def _load_changes(self) -> None:
        actor = await actor_of(self)
        if actor is None:
            return
        try:
            result = await asyncio.to_thread(platform_settings.changes, actor, self.page)
        except ServiceError as exc:
            self.form_message = exc.message
            return
        self.rows = [row.as_dict() for row in result.rows]
        self.total, self.page, self.pages = result.total, result.page, result.pages

    @rx.event
    async def load(self):
        self.errors, self.form_message, self.page, self.stale = {}, "", 1, False
        if await self._load_form():
            await self._load_changes()

    @rx.event
    def set_field(self, key: str, value: str):
        self.form = {**self.form, key: value}
        if key in self.errors:
            self.errors = {k: v for k, v in self.errors.items() if k != key}
            self.form_message = remaining_problems(len(self.errors)) if self.errors else ""

    @rx.event
    async def save(self, _form_data: dict | None = None):
        if self.saving:
            return None
        actor = await actor_of(self)
        if actor is None:
            return rx.toast.error("登录已失效，请重新登录")
        changes = {k: v for k, v in self.form.items() if v != self._loaded_form.get(k)}
        if not changes:
            return rx.toast.info("没有需要保存的修改")
        self.saving = True
        try:
            saved = await asyncio.to_thread(platform_settings.update, actor, changes, self._version)
        except ValidationError as exc:  # every message at its field; what was typed stays
            self.errors = exc.fields
            self.form_message = remaining_problems(len(exc.fields))
            return None
        except Conflict as exc:
            self.form_message, self.stale = exc.message, True
            return None
        except ServiceError as exc:
            self.form_message = exc.message
            return None
        finally:
            self.saving = False
        self.errors, self.form_message, self.stale = {}, "", False
        await self._load_form()  # the values as stored (trimmed, sorted)
        self.page = 1
        await self._load_changes()
        if not saved.changed:
            return rx.toast.info("没有需要保存的修改")
        return rx.toast.success(f"已保存 {len(saved.changed)} 项设置，立即生效")

    @rx.event
    async def reload_latest(self):
        """After another admin's save: load the newest values (what this tab typed is dropped)."""
        self.errors, self.form_message, self.stale = {}, "", False
        await self._load_form()
        self.page = 1
        await self._load_changes()

    @rx.event
    async def go_page(self, page: int):
        self.page = max(1, min(page, self.pages))
        await self._load_changes()
