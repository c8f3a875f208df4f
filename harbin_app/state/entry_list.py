"""An enterprise's list of its applications of one type (入库申请, 验收申请): what each list page
shows and its 添加, written once. A list's state says which service and route it is for."""

from __future__ import annotations

import asyncio
from types import ModuleType

import reflex as rx

from harbin_app import live
from harbin_app.services.errors import ServiceError
from harbin_app.state.session import actor_of, watch_own


class EntryListMixin(live.LiveMixin, rx.State, mixin=True):
    rows: list[dict] = []
    loaded: bool = False
    busy: bool = False
    message: str = ""
    can_add: bool = True  # no open application (添加 starts one)

    def _service(self) -> ModuleType:
        """The type's service package: `entries`, `start` and its `WORKFLOW`."""
        raise NotImplementedError

    def _form_route(self) -> str:
        raise NotImplementedError

    async def _fetch(self) -> None:
        actor = await actor_of(self)
        if actor is None:
            return
        svc = self._service()
        try:
            rows = await asyncio.to_thread(svc.entries, actor)
        except ServiceError as exc:
            self.message = exc.message
            return
        route = self._form_route()
        self.rows = [{**r.as_dict(), "editable": r.state in svc.WORKFLOW.editable, "href": f"{route}/{r.id}"}
                     for r in rows]
        self.can_add = all(r.state in svc.WORKFLOW.finished_states() for r in rows)
        self.loaded = True

    @rx.event
    async def load(self):
        self.message = ""
        await self._fetch()
        await watch_own(self)

    async def live_refresh(self) -> None:
        await self._fetch()

    @rx.event
    async def add(self):
        """添加: a new application (an open one is opened instead of a second)."""
        if self.busy:
            return None
        actor = await actor_of(self)
        if actor is None:
            return None
        self.busy = True
        try:
            order_id = await asyncio.to_thread(self._service().start, actor)
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        finally:
            self.busy = False
        return rx.redirect(f"{self._form_route()}/{order_id}")
