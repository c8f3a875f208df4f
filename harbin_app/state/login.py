"""登录: 密码登录 and 短信登录."""

from __future__ import annotations

import asyncio

import reflex as rx

from harbin_app import navigation
from harbin_app.services import accounts, sms
from harbin_app.services.actor import Actor
from harbin_app.services.errors import ServiceError
from harbin_app.state.change_password import ChangePasswordState
from harbin_app.state.focus import first_problem
from harbin_app.state.session import SessionState
from harbin_app.state.sms_code import SmsCodeMixin


PASSWORD_ORDER = (("identifier", "login-identifier"), ("password", "login-password"))
SMS_ORDER = (("phone", "login-phone"), ("sms_code", "login-code"))


class LoginState(SmsCodeMixin, rx.State):
    _sms_purpose: str = sms.LOGIN
    tab: str = "password"
    identifier: str = ""
    password: str = ""
    remember_phone: bool = False
    remembered_phone: str = rx.LocalStorage("", name="harbin_remembered_phone")
    submitting: bool = False

    @rx.event
    def set_tab(self, value: str):
        self.tab = value
        self.errors = {}

    @rx.event
    def set_identifier(self, value: str):
        self.identifier = value
        self._clear_error("identifier")

    @rx.event
    def set_password(self, value: str):
        self.password = value
        self._clear_error("password")

    @rx.event
    def set_remember_phone(self, value: bool):
        self.remember_phone = value

    @rx.event
    def on_load(self):
        """Prefill the phone remembered in this browser."""
        self.errors = {}
        self.password = self.sms_code = ""
        if self.remembered_phone:
            self.phone = self.remembered_phone
            self.remember_phone = True

    async def _signed_in(self, token: str, actor: Actor):
        session = await self.get_state(SessionState)
        await session.sign_in(token, actor)
        self.password = self.sms_code = ""
        self.errors = {}
        target = navigation.safe_next(self.router.url.query_parameters.get("next", ""))
        return rx.redirect(target or navigation.home_for(actor.role))

    async def _must_change(self, exc: accounts.PasswordChangeRequired):
        """The password was set by an admin: the new one first, on its own page."""
        self.password = self.sms_code = ""
        self.errors = {}
        change = await self.get_state(ChangePasswordState)
        return change.begin(exc.ticket, exc.username, navigation.safe_next(self.router.url.query_parameters.get("next", "")))

    @rx.event
    async def login_password(self):
        if self.submitting:
            return None
        self.submitting = True
        try:
            token, actor = await asyncio.to_thread(accounts.login_password, self.identifier, self.password)
        except accounts.PasswordChangeRequired as exc:
            return await self._must_change(exc)
        except ServiceError as exc:
            self.errors = exc.fields
            return first_problem(exc.fields, PASSWORD_ORDER)
        finally:
            self.submitting = False
        return await self._signed_in(token, actor)

    @rx.event
    async def login_sms(self):
        if self.submitting:
            return None
        self.submitting = True
        try:
            token, actor = await asyncio.to_thread(accounts.login_sms, self.phone, self.sms_code)
        except accounts.PasswordChangeRequired as exc:
            self.remembered_phone = self.phone.strip() if self.remember_phone else ""
            return await self._must_change(exc)
        except ServiceError as exc:
            self.errors = exc.fields
            return first_problem(exc.fields, SMS_ORDER)
        finally:
            self.submitting = False
        self.remembered_phone = self.phone.strip() if self.remember_phone else ""
        return await self._signed_in(token, actor)
