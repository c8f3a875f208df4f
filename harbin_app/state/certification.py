"""我的企业 → 企业认证: the form, its draft, its submission, and the certified data."""

from __future__ import annotations

import asyncio

import reflex as rx

from harbin_app import clock, live
from harbin_app.services import certification, regions
from harbin_app.services.errors import ServiceError, ValidationError, remaining_problems
from harbin_app.state.session import SessionState, actor_of


@live.pushable
class CertificationState(live.LiveMixin, rx.State):
    form: dict[str, str] = certification.blank()
    errors: dict[str, str] = {}
    form_message: str = ""
    order_id: int = 0
    state: str = "draft"
    state_label: str = "草稿"
    tone: str = "gray"
    editable: bool = True
    certified: bool = False
    certified_profile: dict[str, str] = {}
    last_opinion: str = ""
    cities: list[str] = regions.cities("黑龙江省")
    districts: list[str] = regions.districts("黑龙江省", "哈尔滨市")
    saved_at: str = ""
    dirty: bool = False
    busy: bool = False
    loaded: bool = False
    _row_version: int = 0

    def _apply(self, view: certification.CertificationView, *, keep_form: bool = False) -> None:
        self.order_id = view.order_id or 0
        self.state, self.state_label, self.tone = view.state, view.state_label, view.tone
        self.editable, self.certified = view.editable, view.certified
        self.certified_profile, self.last_opinion = view.certified_profile, view.last_opinion
        self._row_version = view.row_version
        if not keep_form:
            self.form = view.content
            self.dirty = False
            self._refresh_options()
        self.loaded = True

    def _refresh_options(self) -> None:
        self.cities = regions.cities(self.form.get("province", ""))
        self.districts = regions.districts(self.form.get("province", ""), self.form.get("city", ""))

    async def _load(self, *, keep_form: bool) -> None:
        actor = await actor_of(self)
        if actor is None:
            return
        view = await asyncio.to_thread(certification.load, actor)
        # unsaved typing of this tab is kept across a reload of the same order in the same state
        keep = keep_form and self.dirty and self.order_id == (view.order_id or 0) and self.state == view.state
        self._apply(view, keep_form=keep)

    @rx.event
    async def load(self):
        self.errors, self.form_message = {}, ""
        await self._load(keep_form=True)
        actor = await actor_of(self)
        if actor is not None:
            await live.watch(self, f"enterprise:{actor.enterprise_id}")

    async def live_refresh(self) -> None:
        await self._load(keep_form=True)
        session = await self.get_state(SessionState)
        await session.refresh_status()

    # ---------------------------------------------------------------- editing

    @rx.event
    def set_field(self, key: str, value: str):
        if not self.editable:
            return
        self.form = {**self.form, key: value}
        self.dirty = True
        if key in self.errors:
            self.errors = {k: v for k, v in self.errors.items() if k != key}

    @rx.event
    def set_province(self, value: str):
        self.set_field("province", value)
        self.form = {**self.form, "city": "", "district": ""}
        self._refresh_options()
        if len(self.cities) == 1:  # a municipality is its own city
            self.form = {**self.form, "city": self.cities[0]}
            self._refresh_options()

    @rx.event
    def set_city(self, value: str):
        self.set_field("city", value)
        self.form = {**self.form, "district": ""}
        self._refresh_options()

    @rx.event
    async def check_field(self, key: str):
        """On leaving a field: say at once what is wrong with it, and keep the draft."""
        if not self.editable:
            return
        message = certification.problems(self.form, clock.today_china()).get(key, "")
        if self.form.get(key, "").strip() or key in self.errors:
            self.errors = {**{k: v for k, v in self.errors.items() if k != key}, **({key: message} if message else {})}
        if self.dirty:
            await self._save(quiet=True)

    async def _save(self, *, quiet: bool) -> bool:
        actor = await actor_of(self)
        if actor is None:
            return False
        try:
            self._row_version = await asyncio.to_thread(certification.save, actor, self.form, self._row_version)
        except ServiceError as exc:  # a Conflict included: the page keeps what was typed
            self.form_message = exc.message
            return False
        if not self.order_id:
            view = await asyncio.to_thread(certification.load, actor)
            self.order_id = view.order_id or 0
        self.dirty = False
        self.saved_at = clock.fmt_now_hm()
        if not quiet:
            self.form_message = ""
        return True

    @rx.event
    async def save(self):
        if await self._save(quiet=False):
            return rx.toast.success("已保存草稿")
        return None

    @rx.event
    async def submit(self):
        if self.busy:
            return None
        actor = await actor_of(self)
        if actor is None:
            return None
        self.busy = True
        try:
            result = await asyncio.to_thread(certification.submit, actor, self.form, self._row_version)
        except ValidationError as exc:
            self.errors = exc.fields
            self.form_message = remaining_problems(len(exc.fields))
            await self._load(keep_form=True)  # the draft was kept; take its new row version
            return None
        except ServiceError as exc:
            self.form_message = exc.message
            return None
        finally:
            self.busy = False
        self.errors, self.form_message = {}, ""
        await self._load(keep_form=False)
        live.order_changed(result, skip=self)
        return rx.toast.success("已提交，请等待市工信局审核")

    @rx.event
    async def revise(self):
        actor = await actor_of(self)
        if actor is None:
            return None
        try:
            result = await asyncio.to_thread(certification.revise, actor, self.order_id, self._row_version)
        except ServiceError as exc:
            await self._load(keep_form=False)
            return rx.toast.warning(exc.message)
        await self._load(keep_form=False)
        live.order_changed(result, skip=self)
        return rx.toast.info("已进入变更，修改后请重新提交；审核通过前原认证信息继续有效")
