"""我的企业 → 企业认证 on the long-form toolkit: the form, its draft kept field by field, its
submission, the certified data, 申请变更. The order is created when the first value is kept."""

from __future__ import annotations

import asyncio
from typing import Any

import reflex as rx

from harbin_app import clock, live
from harbin_app.forms import FormSchema
from harbin_app.domain import INDUSTRIES
from harbin_app.services import certification, platform_settings, regions, workorders
from harbin_app.services.errors import ServiceError
from harbin_app.state.long_form import LongFormMixin
from harbin_app.state.long_form_rows import LongFormRowsMixin
from harbin_app.state.session import SessionState, actor_of, watch_own


# the fields as pages/enterprise.py lays them out (ids cert-<key>), top to bottom, left to right
PAGE_ORDER = ("company_name", "credit_code", "established", "industry", "registered_capital", "scale", "contact",
              "phone", "email", "website", "province", "city", "district", "address_detail", "intro")


@live.pushable
class CertificationState(LongFormMixin, LongFormRowsMixin, live.LiveMixin, rx.State):
    certified: bool = False
    certified_profile: dict[str, str] = {}
    last_opinion: str = ""
    industries: list[str] = list(INDUSTRIES)  # 所属行业 as 设置 has them, 其他 last
    cities: list[str] = regions.cities("黑龙江省")
    districts: list[str] = regions.districts("黑龙江省", "哈尔滨市")

    def _schema(self) -> FormSchema:
        return certification.FORM

    def _kind(self) -> str:
        return certification.KIND

    def _focus_order(self, errors: dict[str, str]) -> list[tuple[str, str]]:
        return [(key, f"cert-{key}") for key in PAGE_ORDER]

    def _problems(self, content: dict[str, Any]) -> dict[str, str]:
        return certification.problems(content, clock.today_china(), tuple(self.industries))

    def _options(self, content: dict[str, Any]) -> None:
        self.cities = regions.cities(content.get("province", ""))
        self.districts = regions.districts(content.get("province", ""), content.get("city", ""))

    async def _fetch(self) -> dict[str, Any] | None:
        actor = await actor_of(self)
        if actor is None:
            return None
        view = await asyncio.to_thread(certification.load, actor)
        self.industries = list((await asyncio.to_thread(platform_settings.current)).industry_options)
        self.certified, self.certified_profile, self.last_opinion = view.certified, view.certified_profile, view.last_opinion
        self._options(view.content)
        return {
            "order_id": view.order_id or 0, "state": view.state, "state_label": view.state_label, "tone": view.tone,
            "row_version": view.row_version, "content": view.content, "editable": view.editable,
        }

    async def _ensure_order(self) -> None:
        """The order is made when the first value is kept (visiting the page creates nothing)."""
        if self.order_id:
            return
        actor = await actor_of(self)
        if actor is None:
            raise ServiceError("登录已失效，请重新登录")
        self.order_id, self._row_version = await asyncio.to_thread(certification.start, actor)

    async def _keep(self, changes: dict[str, Any]) -> None:
        await self._ensure_order()
        await super()._keep(changes)

    async def _submit_order(self) -> workorders.TransitionResult:
        await self._ensure_order()
        return await super()._submit_order()

    @rx.event
    async def load(self):
        await self._open()

    async def _open(self) -> None:
        self.errors, self.form_message, self.attempted = {}, "", False
        await self._load(keep_typing=True)
        await watch_own(self)

    async def live_refresh(self) -> None:
        await self._load(keep_typing=True)
        session = await self.get_state(SessionState)
        await session.refresh_status()

    async def _cascade(self, changes: dict[str, str]) -> None:
        """省 and 市 decide the lists below them: set, redraw, keep."""
        if not self.editable:
            return
        chosen = next(iter(changes))
        if self._reading().get(chosen) == changes[chosen]:
            return  # the same 省 (市) again: the 市 and 区 chosen under it stay
        content = self._content()
        content.update(changes)
        self._options(content)
        if "province" in changes and len(self.cities) == 1:  # a municipality is its own city
            content["city"] = self.cities[0]
            self._options(content)
        self._draw(content, remount_paths=("province", "city", "district"))
        self.errors = {k: v for k, v in self.errors.items() if k not in ("province", "city", "district")}
        self._full_check(content)
        await self._persist({k: content[k] for k in ("province", "city", "district")})

    @rx.event
    async def choose_province(self, value: str):
        await self._cascade({"province": value, "city": "", "district": ""})

    @rx.event
    async def choose_city(self, value: str):
        await self._cascade({"city": value, "district": ""})

    @rx.event
    async def revise(self):
        actor = await actor_of(self)
        if actor is None:
            return None
        try:
            result = await asyncio.to_thread(certification.revise, actor, self.order_id, self._row_version)
        except ServiceError as exc:
            await self._load(keep_typing=False)
            return rx.toast.warning(exc.message)
        await self._load(keep_typing=False)
        live.order_changed(result, skip=self)
        return rx.toast.info("已进入变更，修改后请重新提交；审核通过前原认证信息继续有效")
