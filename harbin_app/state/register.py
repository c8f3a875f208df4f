"""注册: one enterprise account, phone proved by an SMS code."""

from __future__ import annotations

import asyncio

import reflex as rx

from harbin_app import navigation
from harbin_app.services import accounts, sms
from harbin_app.services.actor import ENTERPRISE, ROLE_LABELS
from harbin_app.services.errors import ServiceError
from harbin_app.state.focus import first_problem
from harbin_app.state.session import SessionState
from harbin_app.state.sms_code import SmsCodeMixin


# the form's order: (error key, control id)
FIELD_ORDER = (("username", "reg-username"), ("phone", "reg-phone"), ("sms_code", "reg-code"),
               ("password", "reg-password"), ("confirm_password", "reg-confirm"), ("agreed", "reg-agreed"))


class RegisterState(SmsCodeMixin, rx.State):
    _sms_purpose: str = sms.REGISTER
    role: str = ENTERPRISE
    username: str = ""
    password: str = ""
    confirm_password: str = ""
    agreed: bool = False
    submitting: bool = False

    @rx.var
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, "")

    @rx.event
    def set_role(self, label: str):
        self.role = next((role for role, text in ROLE_LABELS.items() if text == label), "")

    @rx.event
    def set_username(self, value: str):
        self.username = value
        self._clear_error("username")

    @rx.event
    def set_password(self, value: str):
        self.password = value
        self._clear_error("password")

    @rx.event
    def set_confirm_password(self, value: str):
        self.confirm_password = value
        self._clear_error("confirm_password")

    @rx.event
    def set_agreed(self, value: bool):
        self.agreed = value
        self._clear_error("agreed")

    @rx.event
    async def submit(self):
        if self.submitting:
            return
        self.submitting = True
        yield
        try:
            token, actor = await asyncio.to_thread(
                accounts.register,
                username=self.username,
                phone=self.phone,
                sms_code=self.sms_code,
                password=self.password,
                confirm_password=self.confirm_password,
                agreed=self.agreed,
                role=self.role,
            )
        except ServiceError as exc:
            self.errors = exc.fields
            if focus := first_problem(exc.fields, FIELD_ORDER):
                yield focus
            return
        finally:
            self.submitting = False
        session = await self.get_state(SessionState)
        await session.sign_in(token, actor)
        self.reset()  # a finished registration leaves an empty form behind
        yield rx.toast.success("注册成功，欢迎使用")
        yield rx.redirect(navigation.home_for(actor.role))
