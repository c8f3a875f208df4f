"""我的待办: 待处理 and 已处理, updated live when another user acts."""

from __future__ import annotations

import asyncio

import reflex as rx

from harbin_app import live
from harbin_app.services import workorders
from harbin_app.services.actor import ENTERPRISE, Actor
from harbin_app.state.session import actor_of

PAGE_SIZE = 15


def todo_topic(actor: Actor) -> str:
    if actor.role == ENTERPRISE:
        return f"todo:enterprise:{actor.enterprise_id}"
    return f"todo:role:{actor.role}"


@live.pushable
class TodoState(live.LiveMixin, rx.State):
    tab: str = "pending"
    rows: list[dict] = []
    total: int = 0
    page: int = 1
    pages: int = 1
    pending_count: int = 0
    loaded: bool = False

    async def _fetch(self) -> None:
        actor = await actor_of(self)
        if actor is None:
            return
        # 待处理 is the same list for everyone of a role (or of one enterprise); 已处理 is the user's own
        scope = ("pending", actor.role, actor.enterprise_id)
        if self.tab == "pending":
            listing = live.run_query((*scope, self.page), workorders.pending, actor, self.page, PAGE_SIZE)
        else:
            listing = live.run_query(("handled", actor.user_id, self.page), workorders.handled, actor, self.page, PAGE_SIZE)
        result, waiting = await asyncio.gather(listing, live.run_query((*scope, "count"), workorders.pending_count, actor))
        self.rows = [row.as_dict() for row in result.rows]
        self.total, self.page, self.pages = result.total, result.page, result.pages
        self.pending_count = waiting
        self.loaded = True

    @rx.event
    async def load(self):
        actor = await actor_of(self)
        if actor is None:
            return
        await live.watch(self, todo_topic(actor))
        await self._fetch()

    async def live_refresh(self) -> None:
        await self._fetch()

    @rx.event
    async def set_tab(self, tab: str):
        self.tab, self.page = tab, 1
        await self._fetch()

    @rx.event
    async def go_page(self, page: int):
        self.page = max(1, min(page, self.pages))
        await self._fetch()
