"""统计: the filter (period, industry), the figures from the database, links from bars to queues."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from urllib.parse import quote

import reflex as rx

from harbin_app.services import exports, stats
from harbin_app.services.errors import ServiceError, ValidationError
from harbin_app.state.period_filter import ALL, PeriodFilterMixin
from harbin_app.state.review_queue import QUEUE_KINDS
from harbin_app.state.session import actor_of

QUEUE_ROUTES = {kind: route for route, kind in QUEUE_KINDS.items()}


def _num(value: Decimal | int) -> float:
    return float(value)


def _link(kind: str, queues: list[str], **params: str) -> str:
    if kind not in queues or kind not in QUEUE_ROUTES:
        return ""
    return QUEUE_ROUTES[kind] + "?" + "&".join(f"{k}={quote(v)}" for k, v in params.items())


class StatsState(PeriodFilterMixin, rx.State):
    loaded: bool = False
    enterprises: list[dict] = []
    by_state: dict[str, list[dict]] = {}
    by_industry: dict[str, list[dict]] = {}
    by_month: list[dict] = []
    reviews: list[dict] = []
    review_pie: list[dict] = []
    levels: list[dict] = []
    acceptance: list[dict] = []  # by industry: industry, projects, accepted, recognised, subsidy (+ numbers for the chart)
    acceptance_total: dict[str, str] = {}
    period_text: str = "全部时间"

    def _filter(self) -> stats.StatsFilter:
        return stats.parse_filter(self.start, self.end, self._industry())

    async def _fetch(self) -> None:
        actor = await actor_of(self)
        if actor is None:
            return
        try:
            flt = self._filter()
            o = await asyncio.to_thread(stats.overview, actor, flt)
        except ValidationError as exc:
            self.errors = dict(exc.fields)
            return
        except ServiceError as exc:
            self.errors = {"form": exc.message}
            return
        self.errors = {}
        q = o.queues
        self.enterprises = [
            {**r, "link": _link("certification", q, industry=r["industry"], state="certified")} for r in o.enterprises
        ]
        self.by_state = {
            kind: [
                {"label": r["state_label"], "count": r["count"], "link": _link(kind, q, state=r["state"])
                 if r["state"] != "draft" else ""}
                for r in o.by_state if r["kind"] == kind
            ]
            for kind, _ in o.kinds
        }
        self.by_industry = {
            kind: [{"industry": r["industry"], "count": r["count"], "link": _link(kind, q, industry=r["industry"], state="all")}
                   for r in o.by_industry if r["kind"] == kind]
            for kind, _ in o.kinds
        }
        self.by_month = o.by_month
        self.reviews = [
            {"point": r["point"], "decisions": r["decisions"], "passed": r["passed"], "rejected": r["rejected"],
             "pass_rate": f"{r['pass_rate']}%", "reject_rate": f"{r['reject_rate']}%",
             "avg_days": str(r["avg_days"]), "max_days": str(r["max_days"]),
             "pass_value": _num(r["pass_rate"]), "reject_value": _num(r["reject_rate"])}
            for r in o.reviews
        ]
        passed = sum(r["passed"] for r in o.reviews)
        rejected = sum(r["rejected"] for r in o.reviews)
        self.review_pie = [{"name": "通过", "value": passed, "fill": "#2e7d32"},
                           {"name": "驳回", "value": rejected, "fill": "#c62828"}] if passed + rejected else []
        self.levels = o.levels
        a = o.acceptance
        self.acceptance = [
            {"industry": r["industry"], "projects": r["projects"], "accepted": r["accepted"],
             "recognised": f"{r['recognised']:,.2f}", "subsidy": f"{r['subsidy']:,.2f}", "paid": f"{r['paid']:,.2f}",
             "recognised_value": _num(r["recognised"]), "subsidy_value": _num(r["subsidy"]),
             "link": _link("acceptance", q, industry=r["industry"], state="all")}
            for r in a.by_industry
        ]
        self.acceptance_total = {"projects": str(sum(r["projects"] for r in a.by_industry)),
                                 "recognised": f"{a.total_recognised:,.2f}", "subsidy": f"{a.total_subsidy:,.2f}",
                                 "paid": f"{a.total_paid:,.2f}"}
        self.period_text = (f"{flt.start or '…'} 至 {flt.end or '…'}" if (flt.start or flt.end) else "全部时间") + (
            f" · {flt.industry}" if flt.industry else "")
        self.loaded = True

    @rx.event
    async def load(self):
        await self._load_industries()
        await self._fetch()

    @rx.event
    def open(self, link: str):
        """A click on a bar: the matching review queue with its filters."""
        return rx.redirect(link) if link else None

    @rx.event
    async def export_excel(self):
        actor = await actor_of(self)
        if actor is None:
            return None
        try:
            link = await asyncio.to_thread(exports.stats_link, actor, self._filter())
        except ValidationError as exc:
            self.errors = dict(exc.fields)
            return None
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        return rx.download(url=link.url, filename=link.filename)
