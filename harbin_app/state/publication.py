"""公示与拨付 (reviewer, finance): 验收完成 projects not yet published (filters, totals, a selection made
into one 公示批次), the batches (download, 撤回 before the period), the published projects and their
拨付 (date, amount, voucher; a refusal shown beside its field, nothing typed lost)."""

from __future__ import annotations

import asyncio
from decimal import Decimal

import reflex as rx

from harbin_app import clock, live
from harbin_app.services import exports, funding
from harbin_app.services.errors import ServiceError, ValidationError
from harbin_app.state.period_filter import ALL, PeriodFilterMixin
from harbin_app.state.session import actor_of

PAY_FIELDS = ("paid_on", "amount", "voucher")


def wan(value: Decimal) -> str:
    return f"{value:,.2f}"


def project_dict(r: funding.ProjectRow) -> dict:
    label, tone = r.phase
    return {
        "id": r.order_id, "key": str(r.order_id), "enterprise": r.enterprise_name, "projects": r.project_names or "—",
        "industry": r.industry, "accepted_at": clock.fmt_datetime(r.accepted_at), "recognised": wan(r.recognised),
        "subsidy": wan(r.subsidy), "phase": label, "tone": tone, "batch": r.batch_title or "—",
        "period": f"{r.starts_on} 至 {r.ends_on}" if r.starts_on else "—", "paid": wan(r.paid),
        "remaining": wan(r.remaining), "payable": r.payable,
        "payments": [f"{p.paid_on} · {wan(p.amount)} 万元 · 凭证号 {p.voucher}" for p in r.payments],
    }


def totals(listing: funding.Listing) -> dict:
    return {"count": str(len(listing.rows)), "recognised": wan(listing.total_recognised),
            "subsidy": wan(listing.total_subsidy), "paid": wan(listing.total_paid),
            "remaining": wan(listing.total_remaining)}


@live.pushable
class PublicationState(PeriodFilterMixin, live.LiveMixin, rx.State):
    loaded: bool = False
    can_publish: bool = False
    can_pay: bool = False
    candidates: list[dict] = []
    candidate_total: dict[str, str] = {}
    selected: list[str] = []
    batches: list[dict] = []
    projects: list[dict] = []
    project_total: dict[str, str] = {}
    # 发布公示
    title: str = ""
    starts_on: str = ""
    ends_on: str = ""
    batch_errors: dict[str, str] = {}
    # 撤回
    withdraw_id: int = 0
    withdraw_title: str = ""
    reason: str = ""
    withdraw_error: str = ""
    # 拨付
    pay_id: int = 0
    pay_name: str = ""
    pay_remaining: str = ""
    paid_on: str = ""
    amount: str = ""
    voucher: str = ""
    pay_errors: dict[str, str] = {}
    busy: bool = False
    _versions: dict[int, int] = {}

    def _filter(self) -> funding.FundingFilter:
        return funding.parse_filter(self._industry(), self.start, self.end)

    async def _fetch(self) -> None:
        actor = await actor_of(self)
        if actor is None:
            return
        try:
            flt = self._filter()
            cands, pubs, batches = await asyncio.to_thread(
                lambda: (funding.candidates(actor, flt), funding.published(actor, flt), funding.batches(actor)))
        except ValidationError as exc:
            self.errors = dict(exc.fields)
            return
        except ServiceError as exc:
            self.errors = {"form": exc.message}
            return
        self.errors = {}
        self.can_publish, self.can_pay = funding.can_publish(actor), funding.can_pay(actor)
        self._versions = {r.order_id: r.row_version for r in cands.rows + pubs.rows}
        self.candidates = [project_dict(r) for r in cands.rows]
        self.candidate_total = totals(cands)
        keys = {c["key"] for c in self.candidates}
        self.selected = [k for k in self.selected if k in keys]
        self.projects = [project_dict(r) for r in pubs.rows]
        self.project_total = totals(pubs)
        self.batches = [
            {"id": b.id, "title": b.title, "period": f"{b.starts_on} 至 {b.ends_on}", "count": len(b.items),
             "subsidy": wan(b.total_subsidy), "recognised": wan(b.total_recognised), "status": b.status,
             "tone": {"未开始": "gray", "公示中": "cyan", "已结束": "green", "已撤回": "red"}.get(b.status, "gray"),
             "can_withdraw": b.can_withdraw and self.can_publish}
            for b in batches
        ]
        if self.pay_id and self.pay_id not in {p["id"] for p in self.projects if p["payable"]}:
            self.pay_id = 0
        self.loaded = True

    @rx.event
    async def load(self):
        await self._load_industries()
        self.pay_id, self.withdraw_id, self.selected = 0, 0, []
        await self._fetch()
        await live.watch(self, "queue:acceptance")

    async def live_refresh(self) -> None:
        await self._fetch()

    @rx.event
    async def export_list(self):
        actor = await actor_of(self)
        if actor is None:
            return None
        try:
            link = await asyncio.to_thread(exports.publication_link, actor, self._filter())
        except ServiceError as exc:
            self.errors = dict(exc.fields) or {"form": exc.message}
            return None
        return rx.download(url=link.url, filename=link.filename)

    @rx.event
    async def export_batch(self, batch_id: int):
        actor = await actor_of(self)
        if actor is None:
            return None
        try:
            link = await asyncio.to_thread(exports.batch_link, actor, batch_id)
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        return rx.download(url=link.url, filename=link.filename)

    # ---------------------------------------------------------------- 发布公示
    @rx.event
    def toggle(self, key: str, checked: bool):
        self.selected = [k for k in self.selected if k != key] + ([key] if checked else [])

    @rx.event
    def toggle_all(self, checked: bool):
        self.selected = [c["key"] for c in self.candidates] if checked else []

    @rx.event
    def set_title(self, value: str):
        self.title = value

    @rx.event
    def set_starts_on(self, value: str):
        self.starts_on = value

    @rx.event
    def set_ends_on(self, value: str):
        self.ends_on = value

    @rx.event
    async def publish(self, _form: dict | None = None):
        actor = await actor_of(self)
        if actor is None or self.busy:
            return None
        chosen = [(int(k), self._versions.get(int(k), -1)) for k in self.selected]
        self.busy = True
        try:
            results = await asyncio.to_thread(funding.publish, actor, chosen, self.title, self.starts_on, self.ends_on)
        except ServiceError as exc:
            self.batch_errors = dict(exc.fields) or {"form": exc.message}
            await self._fetch()
            return None
        finally:
            self.busy = False
        for result in results:
            live.order_changed(result, skip=self)
        self.batch_errors, self.selected, self.title, self.starts_on, self.ends_on = {}, [], "", "", ""
        await self._fetch()
        return rx.toast.success(f"已发布公示：{len(results)} 个项目")

    # ---------------------------------------------------------------- 撤回
    @rx.event
    def start_withdraw(self, batch_id: int, title: str):
        self.withdraw_id, self.withdraw_title, self.reason, self.withdraw_error = batch_id, title, "", ""

    @rx.event
    def cancel_withdraw(self):
        self.withdraw_id = 0

    @rx.event
    def set_reason(self, value: str):
        self.reason = value

    @rx.event
    async def withdraw(self, _form: dict | None = None):
        actor = await actor_of(self)
        if actor is None or self.busy:
            return None
        self.busy = True
        try:
            results = await asyncio.to_thread(funding.withdraw, actor, self.withdraw_id, self.reason)
        except ServiceError as exc:
            self.withdraw_error = exc.fields.get("opinion") or exc.message
            return None
        finally:
            self.busy = False
        for result in results:
            live.order_changed(result, skip=self)
        self.withdraw_id = 0
        await self._fetch()
        return rx.toast.success("公示已撤回")

    # ---------------------------------------------------------------- 拨付
    @rx.event
    def start_pay(self, order_id: int):
        row = next((p for p in self.projects if p["id"] == order_id), None)
        if row is None:
            return
        self.pay_id, self.pay_remaining = order_id, row["remaining"]
        self.pay_name = f"{row['enterprise']} · {row['projects']}"
        self.paid_on, self.amount, self.voucher, self.pay_errors = clock.today_china().isoformat(), "", "", {}

    @rx.event
    def cancel_pay(self):
        self.pay_id = 0

    @rx.event
    def set_paid_on(self, value: str):
        self.paid_on = value

    @rx.event
    def set_amount(self, value: str):
        self.amount = value

    @rx.event
    def set_voucher(self, value: str):
        self.voucher = value

    @rx.event
    async def pay(self, _form: dict | None = None):
        actor = await actor_of(self)
        if actor is None or self.busy or not self.pay_id:
            return None
        self.busy = True
        try:
            result = await asyncio.to_thread(funding.pay, actor, self.pay_id, self._versions.get(self.pay_id, -1),
                                             self.paid_on, self.amount, self.voucher)
        except ServiceError as exc:
            fields = {k: m for k, m in exc.fields.items() if k in PAY_FIELDS}
            self.pay_errors = fields or {"form": exc.message}
            await self._fetch()
            return None
        finally:
            self.busy = False
        live.order_changed(result, skip=self)
        self.pay_id, self.pay_errors = 0, {}
        await self._fetch()
        return rx.toast.success("拨付已登记")
