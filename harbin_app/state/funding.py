"""资金申请 (enterprise): each accepted project of the own enterprise with 认定项目金额, 补贴金额, its
公示 and 拨付 and what remains; refreshed live (pushed) when the bureaus publish or pay."""

from __future__ import annotations

import asyncio

import reflex as rx

from harbin_app import live
from harbin_app.services import funding, platform_settings
from harbin_app.services.errors import ServiceError
from harbin_app.state.publication import project_dict, totals
from harbin_app.state.session import actor_of, watch_own


@live.pushable
class FundingState(live.LiveMixin, rx.State):
    rows: list[dict] = []
    total: dict[str, str] = {}
    loaded: bool = False
    message: str = ""
    contact: str = ""  # whom to tell of an objection to a 公示 (设置)

    async def _fetch(self) -> None:
        actor = await actor_of(self)
        if actor is None:
            return
        try:
            listing = await asyncio.to_thread(funding.own_projects, actor)
        except ServiceError as exc:
            self.message = exc.message
            return
        self.message = ""
        self.rows = [project_dict(r) for r in listing.rows]
        self.total = totals(listing)
        self.loaded = True

    @rx.event
    async def load(self):
        self.contact = (await asyncio.to_thread(platform_settings.current)).publication_contact
        await self._fetch()
        await watch_own(self)

    async def live_refresh(self) -> None:
        await self._fetch()
