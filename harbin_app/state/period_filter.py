"""The filter of a page that lists by period and industry (统计, 公示与拨付): 所属行业 as 设置 has them,
a start and an end date, 查询 and 重置. A page's state mixes this in and says how it fetches."""

from __future__ import annotations

import asyncio

import reflex as rx

from harbin_app.services import platform_settings

ALL = "全部"


class PeriodFilterMixin(rx.State, mixin=True):
    industry: str = ALL
    start: str = ""
    end: str = ""
    industries: list[str] = []  # 所属行业 offered by the filter: 设置's
    errors: dict[str, str] = {}

    async def _fetch(self) -> None:
        raise NotImplementedError

    def _industry(self) -> str:
        """The chosen industry, "" for 全部."""
        return "" if self.industry == ALL else self.industry

    async def _load_industries(self) -> None:
        self.industries = list((await asyncio.to_thread(platform_settings.current)).industry_options)

    @rx.event
    async def set_industry(self, value: str):
        self.industry = value
        await self._fetch()

    @rx.event
    def set_start(self, value: str):
        self.start = value

    @rx.event
    def set_end(self, value: str):
        self.end = value

    @rx.event
    async def apply(self, _form: dict | None = None):
        await self._fetch()

    @rx.event
    async def clear(self):
        self.industry, self.start, self.end = ALL, "", ""
        await self._fetch()
