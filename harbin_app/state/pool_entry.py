"""入库申请: the enterprise's list (/workbench/pool-entry) and the five-section form
(/workbench/pool-entry/[order_id]) on the long-form toolkit: the manual's checks at each field,
rows kept by id, evidence uploads, 从自测结果带入."""

from __future__ import annotations

import asyncio
from datetime import date
from types import ModuleType
from typing import Any

import reflex as rx

from harbin_app import live
from harbin_app.forms import FormSchema
from harbin_app.services import assessments, files, pool_entry
from harbin_app.services.errors import ServiceError
from harbin_app.state.entry_list import EntryListMixin
from harbin_app.state.long_form import LongFormMixin
from harbin_app.state.long_form_rows import LongFormRowsMixin
from harbin_app.state.session import SessionState, actor_of, watch_own

FORM_ROUTE = "/workbench/pool-entry"


def order_id_from_route(state: rx.State) -> int:
    tail = state.router.url.path.rstrip("/").rsplit("/", 1)[-1]
    return int(tail) if tail.isascii() and tail.isdigit() else 0


@live.pushable
class PoolEntryListState(EntryListMixin, rx.State):
    def _service(self) -> ModuleType:
        return pool_entry

    def _form_route(self) -> str:
        return FORM_ROUTE


@live.pushable
class PoolEntryFormState(LongFormMixin, LongFormRowsMixin, live.LiveMixin, rx.State):
    last_opinion: str = ""
    pilot_start: str = ""
    pilot_end: str = ""
    needs_declaration: bool = False
    categories: list[str] = []  # 需求种类 as 设置 has them
    kept: list[dict] = []  # kept 自测 results: id, text, level_name
    uploading_slot: str = ""
    upload_progress: int = 0

    _dom_prefix = "pe"  # the page's control ids (pages/pool_entry_sections.py)

    def _schema(self) -> FormSchema:
        return pool_entry.FORM

    def _kind(self) -> str:
        return pool_entry.KIND

    def _rules(self) -> pool_entry.Rules:
        return pool_entry.Rules(date.fromisoformat(self.pilot_start), date.fromisoformat(self.pilot_end),
                                self.needs_declaration, tuple(self.categories))

    def _problems(self, content: dict[str, Any]) -> dict[str, str]:
        return pool_entry.problems(content, self._rules())

    def _cross_fields(self) -> set[str]:
        return {"indicators.name"}  # the manual's mistake 3: values without a name

    async def _fetch(self) -> dict[str, Any] | None:
        actor = await actor_of(self)
        if actor is None:
            return None
        view = await asyncio.to_thread(pool_entry.load, actor, self.order_id)
        self.last_opinion = view.last_opinion
        self.pilot_start, self.pilot_end = view.rules.pilot_start.isoformat(), view.rules.pilot_end.isoformat()
        self.needs_declaration = view.rules.needs_declaration
        self.categories = list(view.rules.categories)
        basic = view.content["basic"]
        return {
            "order_id": view.order_id, "state": view.state, "state_label": view.state_label, "tone": view.tone,
            "row_version": view.row_version, "content": view.content, "editable": view.editable,
            "locked": {f"basic.{k}": basic[k] for k in pool_entry.CERTIFIED_FIELDS},  # as certified now
        }

    async def _load_kept(self) -> None:
        actor = await actor_of(self)
        try:
            kept = await asyncio.to_thread(assessments.kept_summaries, actor) if actor else []
        except ServiceError:
            kept = []
        self.kept = [
            {"id": k.id, "text": f"{k.label} · {k.assessed_on.isoformat()} · {k.total} 分 · {k.level_name}",
             "level_name": k.level_name}
            for k in kept if k.level_name in pool_entry.LEVELS
        ]

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
        await self._load(keep_typing=True)
        if not self.found:
            return
        await self._load_kept()
        await watch_own(self, f"order:{self.order_id}")

    async def live_refresh(self) -> None:
        await self._load(keep_typing=True)
        session = await self.get_state(SessionState)
        await session.refresh_status()

    @rx.event
    async def fill_level(self, path: str, level_name: str):
        """从自测结果带入: a kept assessment's level fills 当前数字化水平 or a project's 改造前."""
        project_before = path.startswith("projects.") and path.endswith(".level_before")
        if level_name not in pool_entry.LEVELS or (path != "basic.current_level" and not project_before):
            return None
        if not self.editable:
            return None
        await self._set_and_redraw(path, level_name)
        return rx.toast.info(f"已带入自测结果：{level_name}")

    # ------------------------------------------------------------ evidence

    @rx.event
    def begin_upload(self, slot: str):
        self.uploading_slot, self.upload_progress = slot, 0

    @rx.event
    def upload_progress_changed(self, progress: dict):
        value = float(progress.get("progress", 0) or 0)
        self.upload_progress = round(value * 100)
        if value >= 1:
            self.uploading_slot = ""

    @rx.event
    async def upload(self, uploaded: list[rx.UploadFile], slot: str):
        """A PDF for one evidence slot: checked by content, kept, and the draft saved with it."""
        self.uploading_slot = ""
        path = f"evidence.{slot}"
        actor = await actor_of(self)
        if slot not in pool_entry.EVIDENCE or not self.editable or actor is None or not uploaded:
            return
        self.errors = {k: v for k, v in self.errors.items() if k != path}
        try:
            ref = await asyncio.to_thread(files.store_upload, actor, uploaded[0].file, uploaded[0].filename or "",
                                          field=path)
        except ServiceError as exc:
            self.errors = {**self.errors, **(exc.fields or {path: exc.message})}
            self._summary()
            return
        await self._set_and_redraw(path, ref)
        self._summary()

    @rx.event
    async def remove_evidence(self, slot: str):
        if slot in pool_entry.EVIDENCE and self.editable:
            await self._set_and_redraw(f"evidence.{slot}", None)

    @rx.event
    async def download_evidence(self, slot: str):
        actor = await actor_of(self)
        ref = (self.view.get("evidence") or {}).get(slot) if slot in pool_entry.EVIDENCE else None
        if actor is None or not ref:
            return None
        try:
            link = await asyncio.to_thread(files.download_link, actor, int(ref["file_id"]))
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        return rx.download(url=link)
