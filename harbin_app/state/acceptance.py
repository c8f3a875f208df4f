"""验收申请: the enterprise's list (/workbench/acceptance) and the seven-section form
(/workbench/acceptance/[order_id]) on the long-form toolkit: the checks at each field, the live
figures of each project (products added up, eligible part, what is not eligible), file rows
(each upload adds one), 总结报告模板 and 项目投资清单 downloads, a kept 改造后 self-assessment."""

from __future__ import annotations

import asyncio
from datetime import date
from types import ModuleType
from typing import Any

import reflex as rx

from harbin_app import live
from harbin_app.forms import FormSchema
from harbin_app.forms import rows as form_rows
from harbin_app.forms.values import get
from harbin_app.services import acceptance as ac
from harbin_app.services import files
from harbin_app.services.acceptance import amounts
from harbin_app.services.acceptance.form import CERTIFIED_FIELDS
from harbin_app.services.errors import ServiceError
from harbin_app.state.entry_list import EntryListMixin
from harbin_app.state.long_form import LongFormMixin
from harbin_app.state.long_form_rows import LongFormRowsMixin
from harbin_app.state.pool_entry import order_id_from_route
from harbin_app.state.session import SessionState, actor_of, watch_own

FORM_ROUTE = "/workbench/acceptance"
SINGLE_FILES = ("materials.summary_report", "materials.investment_list", "self_test.report")
ROW_FILES = ("contracts", "invoices")  # per project, target "contracts:<index>"
ASSESSMENT = "self_test.assessment_id"


@live.pushable
class AcceptanceListState(EntryListMixin, rx.State):
    def _service(self) -> ModuleType:
        return ac

    def _form_route(self) -> str:
        return FORM_ROUTE


@live.pushable
class AcceptanceFormState(LongFormMixin, LongFormRowsMixin, live.LiveMixin, rx.State):
    last_opinion: str = ""
    pilot_start: str = ""
    pilot_end: str = ""
    categories: list[str] = []  # 需求种类 as 设置 has them
    due_date: str = ""
    overdue: bool = False
    kept: list[dict] = []  # kept 改造后 self-assessments: id (text), text
    figures: dict[str, dict] = {}  # project id → total, eligible, ineligible, mismatch
    eligible_total: str = ""
    uploading_slot: str = ""
    upload_progress: int = 0
    _creator: str = ""

    _dom_prefix = "ac"  # the page's control ids (pages/acceptance_sections.py)

    def _schema(self) -> FormSchema:
        return ac.FORM

    def _kind(self) -> str:
        return ac.KIND

    def _problems(self, content: dict[str, Any]) -> dict[str, str]:
        rules = ac.Rules(date.fromisoformat(self.pilot_start), date.fromisoformat(self.pilot_end),
                         tuple(self.categories))
        return ac.problems(content, rules)

    def _section_of(self, path: str) -> str:
        return ac.section_of(path)

    def _new_row_values(self, list_path: str) -> dict[str, Any]:
        return {"creator": self._creator} if list_path == "demands" else {}

    def _accepts(self, path: str, value: Any) -> bool:
        if path.endswith(".creator"):
            return False  # 创建人 is set when the row is added
        if path == ASSESSMENT and value not in ("", *[k["id"] for k in self.kept]):
            return False
        return super()._accepts(path, value)

    def _full_check(self, content: dict[str, Any] | None = None) -> dict[str, str]:
        content = self._content() if content is None else content
        found = super()._full_check(content)
        self._figures(content)
        return found

    def _figures(self, content: dict[str, Any]) -> None:
        """Each project's products added up (exactly), its eligible part and what is not eligible."""
        c = ac.normalise(content)
        out = {}
        for p in c["projects"]:
            f = amounts.project_figures(p)
            diff = f.difference
            out[p["id"]] = {
                "total": amounts.fmt(f.total), "eligible": amounts.fmt(f.eligible), "ineligible": f.ineligible_text(),
                "mismatch": "" if diff is None or diff == 0 else f"与实际投资相差 {amounts.fmt(abs(diff))} 万元",
            }
        self.figures = out
        self.eligible_total = amounts.fmt(amounts.eligible_investment(c))

    async def _fetch(self) -> dict[str, Any] | None:
        actor = await actor_of(self)
        if actor is None:
            return None
        view = await asyncio.to_thread(ac.load, actor, self.order_id)
        self.last_opinion, self._creator = view.last_opinion, view.creator
        self.pilot_start, self.pilot_end = view.rules.pilot_start.isoformat(), view.rules.pilot_end.isoformat()
        self.categories = list(view.rules.categories)
        self.due_date, self.overdue = view.due_date, view.overdue
        basic = view.content["basic"]
        return {
            "order_id": view.order_id, "state": view.state, "state_label": view.state_label, "tone": view.tone,
            "row_version": view.row_version, "content": view.content, "editable": view.editable,
            "locked": {f"basic.{k}": basic[k] for k in CERTIFIED_FIELDS},  # as certified now
        }

    async def _load_kept(self) -> None:
        actor = await actor_of(self)
        try:
            kept = await asyncio.to_thread(ac.kept_after, actor) if actor else []
        except ServiceError:
            kept = []
        self.kept = [{"id": str(k.id), "text": f"{k.assessed_on.isoformat()} · {k.total} 分 · {k.level_name}"}
                     for k in kept]

    @rx.event
    async def load(self):
        await self._open()

    async def _open(self) -> None:
        order_id = order_id_from_route(self)
        if order_id != self.order_id:
            self.found, self.loaded, self.dirty, self.saved_at = False, False, False, ""
        self.order_id = order_id
        self.errors, self.form_message, self.attempted, self.undo_label = {}, "", False, ""
        self.not_found_message, self.uploading_slot = "", ""
        await self._load_kept()
        await self._load(keep_typing=True)
        if not self.found:
            return
        await watch_own(self, f"order:{self.order_id}")

    async def live_refresh(self) -> None:
        await self._load(keep_typing=True)
        session = await self.get_state(SessionState)
        await session.refresh_status()

    # ------------------------------------------------------------ files

    @rx.event
    def begin_upload(self, target: str):
        self.uploading_slot, self.upload_progress = target, 0

    @rx.event
    def upload_progress_changed(self, progress: dict):
        value = float(progress.get("progress", 0) or 0)
        self.upload_progress = round(value * 100)
        if value >= 1:
            self.uploading_slot = ""

    def _list_of(self, target: str) -> str:
        """The row list a row upload adds to ("contracts:1" → projects.<id of project 2>.contracts)."""
        if target == "extras":
            return "extras"
        kind, _, index = target.partition(":")
        projects = self._content().get("projects") or []
        if kind in ROW_FILES and index.isascii() and index.isdigit() and int(index) < len(projects):
            return f"projects.{projects[int(index)]['id']}.{kind}"
        return ""

    @rx.event
    async def upload(self, uploaded: list[rx.UploadFile], target: str):
        """A PDF for a file field, or a new row of a file list: checked by content, kept, saved."""
        self.uploading_slot = ""
        actor = await actor_of(self)
        path = target if target in SINGLE_FILES else self._list_of(target)
        if not path or not self.editable or actor is None or not uploaded:
            return
        self.errors = {k: v for k, v in self.errors.items() if k != path}
        try:
            ref = await asyncio.to_thread(files.store_upload, actor, uploaded[0].file, uploaded[0].filename or "",
                                          field=path)
        except ServiceError as exc:
            self.errors = {**self.errors, **(exc.fields or {path: exc.message})}
            self._summary()
            return
        if target in SINGLE_FILES:
            await self._set_and_redraw(path, ref)
        else:
            await self._add_file_row(path, ref)
        self._summary()

    async def _add_file_row(self, list_path: str, ref: dict[str, Any]) -> None:
        content, schema = self._content(), self._schema()
        try:
            rid = form_rows.add_row(schema, content, list_path)
        except form_rows.RowLimit as exc:
            self.errors = {**self.errors, list_path: str(exc)}
            return
        row = next(r for r in get(schema, content, list_path) if r["id"] == rid)
        row["file"] = ref
        await self._rows_changed(content, list_path, form_rows.descendants(schema, list_path, row), added=True)

    @rx.event
    async def remove_file(self, path: str):
        if path in SINGLE_FILES and self.editable:
            await self._set_and_redraw(path, None)

    @rx.event
    async def download_file(self, file_id: int):
        actor = await actor_of(self)
        if actor is None or not file_id:
            return None
        try:
            link = await asyncio.to_thread(files.download_link, actor, int(file_id))
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        return rx.download(url=link)

    @rx.event
    async def download_document(self, key: str):
        """总结报告模板 / 项目投资清单 of what the form holds now (kept first)."""
        actor = await actor_of(self)
        if actor is None:
            return None
        await self._persist()
        try:
            name, data = await asyncio.to_thread(ac.document, actor, self.order_id, key)
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        return rx.download(data=data, filename=name)
