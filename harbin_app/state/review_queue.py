"""Reviewer queues (企业认证审核, 入库审核 …): search, filters, pages from the database, live."""

from __future__ import annotations

import asyncio

import reflex as rx

from harbin_app import live
from harbin_app.services import exports, platform_settings, workorders
from harbin_app.domain import INDUSTRIES
from harbin_app.services.errors import ServiceError
from harbin_app.state.session import actor_of

PAGE_SIZE = 15
ALL = "全部"

# route → work-order kind of the queue on that page
QUEUE_KINDS = {
    "/workbench/review/certification": "certification",
    "/workbench/review/pool-entry": "pool_entry",
    "/workbench/review/acceptance": "acceptance",
}


@live.pushable
class ReviewQueueState(live.LiveMixin, rx.State):
    kind: str = ""
    search: str = ""
    industry: str = ALL
    industries: list[str] = list(INDUSTRIES)  # 所属行业 offered by the filter: 设置's, 其他 last
    state_filter: str = workorders.WAITING  # a state key, WAITING, or "" for every submitted state
    rows: list[dict] = []
    total: int = 0
    waiting: int = 0
    page: int = 1
    pages: int = 1
    state_options: list[dict] = []  # {"key", "label"}
    message: str = ""

    def _filter(self) -> workorders.QueueFilter:
        return workorders.QueueFilter(
            search=self.search, industry="" if self.industry == ALL else self.industry, state=self.state_filter
        )

    async def _fetch(self) -> None:
        actor = await actor_of(self)
        if actor is None or not self.kind:
            return
        flt = self._filter()
        try:
            result, waiting = await live.run_query(
                ("queue", actor.role, self.kind, flt, self.page), workorders.queue, actor, self.kind, flt, self.page, PAGE_SIZE
            )
        except ServiceError as exc:
            self.message = exc.message
            return
        self.rows = [row.as_dict() for row in result.rows]
        self.total, self.page, self.pages, self.waiting = result.total, result.page, result.pages, waiting

    @rx.event
    async def load(self):
        route = self.router.route_id.rstrip("/")
        kind = QUEUE_KINDS.get(route, "")
        if kind != self.kind:  # another queue: start from its waiting orders
            self.kind, self.search, self.industry, self.page = kind, "", ALL, 1
            wf = workorders.order_type(kind).workflow
            self.state_filter = workorders.WAITING
            self.state_options = [
                {"key": workorders.WAITING, "label": "待处理"},
                *[{"key": s.key, "label": s.label} for s in wf.states if s.key != wf.initial],
            ]
        self.industries = list((await asyncio.to_thread(platform_settings.current)).industry_options)
        self._apply_query()
        await live.watch(self, f"queue:{kind}")
        await self._fetch()

    def _apply_query(self) -> None:
        """?industry=…&state=… (a bar of 统计 opens the queue with its filters; state=all: every state)."""
        params = self.router.url.query_parameters
        if "industry" not in params and "state" not in params:
            return
        industry = params.get("industry", "")
        self.industry = industry if industry in self.industries else ALL
        state = params.get("state", workorders.WAITING)
        keys = {o["key"] for o in self.state_options}
        self.state_filter = "" if state == "all" else (state if state in keys else workorders.WAITING)
        self.search, self.page = "", 1

    @rx.event
    async def export_excel(self):
        """导出 Excel of the list as filtered now (the workbook is built when the browser fetches the link)."""
        actor = await actor_of(self)
        if actor is None or not self.kind:
            return None
        try:
            link = await asyncio.to_thread(exports.queue_link, actor, self.kind, self._filter())
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        return rx.download(url=link.url, filename=link.filename)

    async def live_refresh(self) -> None:
        await self._fetch()

    @rx.event
    def set_search(self, value: str):
        self.search = value

    @rx.event
    async def apply_search(self, _form: dict | None = None):
        self.page = 1
        await self._fetch()

    @rx.event
    async def set_industry(self, value: str):
        self.industry, self.page = value, 1
        await self._fetch()

    @rx.event
    async def set_state_filter(self, label: str):
        self.state_filter = next((o["key"] for o in self.state_options if o["label"] == label), "")
        self.page = 1
        await self._fetch()

    @rx.var
    def state_filter_label(self) -> str:
        return next((o["label"] for o in self.state_options if o["key"] == self.state_filter), ALL)

    @rx.var
    def state_filter_labels(self) -> list[str]:
        return [ALL, *[o["label"] for o in self.state_options]]

    @rx.event
    async def go_page(self, page: int):
        self.page = max(1, min(page, self.pages))
        await self._fetch()
