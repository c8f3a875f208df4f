"""The bell (unread count in the top bar) and 消息中心, both pushed live when a message arrives."""

from __future__ import annotations

import asyncio

import reflex as rx

from harbin_app import live
from harbin_app.services import inbox
from harbin_app.services.errors import ServiceError
from harbin_app.state.session import actor_of


@live.pushable
class BellState(live.LiveMixin, rx.State):
    unread: int = 0

    async def _count(self) -> None:
        actor = await actor_of(self)
        if actor is None:
            self.unread = 0
            return
        self.unread = await live.run_query(("unread", actor.user_id), inbox.unread_count, actor)

    @rx.event
    async def load(self):
        """on_mount of the bell (every page that shows the top bar signed in)."""
        actor = await actor_of(self)
        if actor is None:
            self.unread = 0
            return
        await live.watch(self, live.inbox_topic(actor.user_id))
        await self._count()

    async def live_refresh(self) -> None:
        await self._count()

    @rx.var
    def bell_label(self) -> str:
        return f"消息中心，{self.unread} 条未读" if self.unread else "消息中心，没有未读消息"

    @rx.var
    def badge_text(self) -> str:
        return "99+" if self.unread > 99 else str(self.unread)


@live.pushable
class MessagesState(live.LiveMixin, rx.State):
    rows: list[dict] = []
    total: int = 0
    unread: int = 0
    page: int = 1
    pages: int = 1
    unread_only: bool = False
    loaded: bool = False
    message: str = ""

    async def _fetch(self) -> None:
        actor = await actor_of(self)
        if actor is None:
            return
        result = await asyncio.to_thread(inbox.messages, actor, self.page, unread_only=self.unread_only)
        self.rows = [m.as_dict() for m in result.rows]
        self.total, self.unread, self.page, self.pages = result.total, result.unread, result.page, result.pages
        self.loaded = True

    @rx.event
    async def load(self):
        actor = await actor_of(self)
        if actor is None:
            return
        self.page, self.message = 1, ""
        await live.watch(self, live.inbox_topic(actor.user_id))
        await self._fetch()

    async def live_refresh(self) -> None:
        await self._fetch()

    @rx.event
    async def set_unread_only(self, value: bool):
        self.unread_only, self.page = bool(value), 1
        await self._fetch()

    @rx.event
    async def go_page(self, page: int):
        self.page = max(1, min(page, self.pages))
        await self._fetch()

    @rx.event
    async def mark_read(self, message_id: int):
        actor = await actor_of(self)
        if actor is None:
            return
        try:
            await asyncio.to_thread(inbox.mark_read, actor, message_id)
        except ServiceError as exc:
            self.message = exc.message
        await self._fetch()

    @rx.event
    async def mark_all_read(self):
        actor = await actor_of(self)
        if actor is None:
            return
        count = await asyncio.to_thread(inbox.mark_all_read, actor)
        await self._fetch()
        return rx.toast.success(f"已将 {count} 条消息标为已读" if count else "没有未读消息")

    @rx.event
    async def open_message(self, message_id: int, link: str):
        """查看: the message is read, its order's 待办详情 opens."""
        actor = await actor_of(self)
        if actor is None:
            return None
        try:
            await asyncio.to_thread(inbox.mark_read, actor, message_id)
        except ServiceError:
            pass
        return rx.redirect(link) if link else None
