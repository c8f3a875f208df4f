"""The 滑动验证 + 发送验证码 pair shared by 注册 and 短信登录 (a state mixin)."""

from __future__ import annotations

import asyncio
from datetime import datetime

import reflex as rx

from harbin_app import clock
from harbin_app.services import slider, sms
from harbin_app.services.errors import ServiceError
from harbin_app.services.formats import mobile_problem

COUNTDOWN_SECONDS = 60


class SmsCodeMixin(rx.State, mixin=True):
    phone: str = ""
    sms_code: str = ""
    slider_key: int = 0  # bumped to put the (uncontrolled) handle back at the start
    slider_passed: bool = False
    slider_open: bool = False  # the 滑动验证 dialog that 发送验证码 opens (操作手册 四、(1) b)
    countdown: int = 0
    errors: dict[str, str] = {}
    _challenge: str = ""
    _drag_started: datetime | None = None
    _sms_purpose: str = sms.LOGIN

    @rx.var
    def send_label(self) -> str:
        return f"{self.countdown} 秒后重新发送" if self.countdown > 0 else "发送验证码"

    @rx.var
    def can_send(self) -> bool:
        return self.countdown == 0

    def _clear_error(self, name: str) -> None:
        if name in self.errors:
            self.errors = {k: v for k, v in self.errors.items() if k != name}

    def _reset_slider(self) -> None:
        self.slider_key += 1
        self.slider_passed = False
        self._challenge = ""
        self._drag_started = None

    @rx.event
    def set_phone(self, value: str):
        self.phone = value
        self._clear_error("phone")

    @rx.event
    def set_sms_code(self, value: str):
        self.sms_code = value
        self._clear_error("sms_code")

    @rx.event(background=True)
    async def slider_move(self, _value: list[float]):
        """The handle moved. A background event: it does not hold up the release behind it, so the
        time between the two is the user's drag (the page throttles this; the first one counts)."""
        heard = clock.now()
        async with self:
            if not self.slider_passed and self._drag_started is None:
                self._drag_started = heard
                self._clear_error("slider")

    @rx.event(background=True)
    async def slider_release(self, value: list[float]):
        """The handle was released. Also a background event, so that both times are taken when the
        events arrive, not when the tab's lock is free: the drag's time does not grow or shrink
        with the server's load."""
        heard = clock.now()
        async with self:
            if self.slider_passed:
                return
            started, self._drag_started = self._drag_started, None
        try:
            challenge = await asyncio.to_thread(slider.verify, started, heard, float(value[0]))
        except ServiceError as exc:
            async with self:
                self._reset_slider()
                self.errors = {**self.errors, **exc.fields}
            return
        async with self:
            self._challenge, self.slider_passed = challenge, True
        yield self.__class__.send_code  # (a background task's self is a proxy) the manual: after the slide, the platform sends the code

    @rx.event
    def close_slider(self):
        self.slider_open = False
        self._reset_slider()

    @rx.event
    async def send_code(self):
        """发送验证码: first the 滑动验证 (in a dialog), then the code goes out."""
        if not self.can_send:
            return None
        if problem := mobile_problem(self.phone):
            self.errors = {**self.errors, "phone": problem}
            return None
        if not self.slider_passed:
            self._reset_slider()
            self._clear_error("slider")
            self.slider_open = True
            return None
        try:
            await asyncio.to_thread(sms.request_code, self.phone, self._sms_purpose, self._challenge)
        except ServiceError as exc:
            self._reset_slider()
            self.slider_open = "slider" in exc.fields
            self.errors = {**self.errors, **exc.fields}
            return None
        self._reset_slider()  # one send spends the challenge: a resend needs another slide
        self.slider_open = False
        self._clear_error("sms_code")
        self.countdown = COUNTDOWN_SECONDS
        return type(self).count_down

    @rx.event(background=True)
    async def count_down(self):
        while True:
            await asyncio.sleep(1)
            async with self:
                if self.countdown <= 0:
                    return
                self.countdown -= 1
