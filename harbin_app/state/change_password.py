"""设置新密码: after a login with a password an admin set (new account, reset), before anything else.

The login handed this tab a signed ticket (accounts.PasswordChangeRequired), kept server-side only;
no session exists until the new password is set.
"""

from __future__ import annotations

import asyncio

import reflex as rx

from harbin_app import navigation
from harbin_app.services import accounts
from harbin_app.services.errors import ServiceError, ValidationError
from harbin_app.state.session import SessionState

ROUTE = "/change-password"


class ChangePasswordState(rx.State):
    username: str = ""
    password: str = ""
    confirm_password: str = ""
    errors: dict[str, str] = {}
    submitting: bool = False
    _ticket: str = ""
    _next: str = ""

    def begin(self, ticket: str, username: str, next_path: str) -> rx.event.EventSpec:
        """From the login: remember the ticket and go to this page."""
        self._ticket, self.username, self._next = ticket, username, next_path
        self.password = self.confirm_password = ""
        self.errors = {}
        return rx.redirect(ROUTE)

    def _back_to_login(self, message: str) -> list:
        self._ticket = self.password = self.confirm_password = ""
        return [rx.toast.error(message), rx.redirect("/login", replace=True)]

    @rx.event
    async def on_load(self):
        if not self._ticket:
            return rx.redirect("/login", replace=True)
        try:
            self.username = await asyncio.to_thread(accounts.ticket_username, self._ticket)
        except ServiceError as exc:
            return self._back_to_login(exc.message)
        return None

    @rx.event
    def set_password(self, value: str):
        self.password = value
        self.errors = {k: v for k, v in self.errors.items() if k != "password"}

    @rx.event
    def set_confirm_password(self, value: str):
        self.confirm_password = value
        self.errors = {k: v for k, v in self.errors.items() if k != "confirm_password"}

    @rx.event
    async def submit(self, _form: dict | None = None):
        if self.submitting:
            return None
        self.submitting = True
        try:
            token, actor = await asyncio.to_thread(
                accounts.finish_password_change, self._ticket, self.password, self.confirm_password
            )
        except ValidationError as exc:
            self.errors = exc.fields
            return None
        except ServiceError as exc:  # the ticket ran out, or the account was disabled meanwhile
            return self._back_to_login(exc.message)
        finally:
            self.submitting = False
        session = await self.get_state(SessionState)
        await session.sign_in(token, actor)
        target = self._next or navigation.home_for(actor.role)
        self._ticket = self.password = self.confirm_password = ""
        self.errors = {}
        return [rx.toast.success("新密码已设置，欢迎使用"), rx.redirect(target, replace=True)]
