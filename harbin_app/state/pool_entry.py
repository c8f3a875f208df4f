"""入库申请: the enterprise's list (/workbench/pool-entry) and the five-section form
(/workbench/pool-entry/[order_id]): draft kept on blur, the manual's checks at each field, uploads."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

import reflex as rx

from harbin_app import clock, live
from harbin_app.services import assessments, files, pool_entry
from harbin_app.services.errors import ServiceError, ValidationError, remaining_problems
from harbin_app.state.session import SessionState, actor_of

FORM_ROUTE = "/workbench/pool-entry"
MAX_DEMANDS = 30
MAX_PROJECTS = 20
MAX_INDICATORS = 20


def _order_path(order_id: int) -> str:
    return f"{FORM_ROUTE}/{order_id}"


# ---------------------------------------------------------------- the list


@live.pushable
class PoolEntryListState(live.LiveMixin, rx.State):
    rows: list[dict] = []
    loaded: bool = False
    busy: bool = False
    message: str = ""

    async def _fetch(self) -> None:
        actor = await actor_of(self)
        if actor is None:
            return
        try:
            rows = await asyncio.to_thread(pool_entry.entries, actor)
        except ServiceError as exc:
            self.message = exc.message
            return
        self.rows = [
            {**r.as_dict(), "editable": r.state in pool_entry.WORKFLOW.editable, "href": _order_path(r.id)}
            for r in rows
        ]
        self.loaded = True

    @rx.event
    async def load(self):
        self.message = ""
        await self._fetch()
        actor = await actor_of(self)
        if actor is not None and actor.enterprise_id is not None:
            await live.watch(self, f"enterprise:{actor.enterprise_id}")

    async def live_refresh(self) -> None:
        await self._fetch()

    @rx.event
    async def add(self):
        """添加: the enterprise's pool entry (an existing one is opened instead of a second)."""
        if self.busy:
            return None
        actor = await actor_of(self)
        if actor is None:
            return None
        self.busy = True
        try:
            order_id = await asyncio.to_thread(pool_entry.start, actor)
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        finally:
            self.busy = False
        return rx.redirect(_order_path(order_id))


# ---------------------------------------------------------------- paths into the content


def _parts(path: str) -> list[Any]:
    return [int(p) if p.isdigit() else p for p in path.split(".")]


def _value(content: dict[str, Any], path: str) -> Any:
    node: Any = content
    for part in _parts(path):
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _filled(value: Any) -> bool:
    return bool(str(value or "").strip())


def _related(path: str) -> list[str]:
    """The paths whose message may change when `path` changes (the touched one first)."""
    parts = path.split(".")
    if parts[0] == "projects" and len(parts) == 3:
        at = f"projects.{parts[1]}."
        if parts[2] in ("start", "end"):
            return [path, *[at + k for k in ("start", "end") if at + k != path]]
        if parts[2] in ("level_before", "level_after"):
            return [path, *[at + k for k in ("level_before", "level_after") if at + k != path]]
    if parts[0] == "projects" and len(parts) == 5:  # projects.i.indicators.j.key
        row = ".".join(parts[:4])
        return [path, *[f"{row}.{k}" for k in pool_entry.INDICATOR_FIELDS if f"{row}.{k}" != path]]
    return [path]


def _is_cross_message(path: str) -> bool:
    """An indicator's name is asked for as soon as the row has values (the manual's mistake 3)."""
    parts = path.split(".")
    return len(parts) == 5 and parts[2] == "indicators" and parts[4] == "name"


def _shift(errors: dict[str, str], prefix: str, removed: int) -> dict[str, str]:
    """Messages after removing row `removed` of the list at `prefix` ("demands", "projects.0.indicators")."""
    head = prefix + "."
    out: dict[str, str] = {}
    for key, message in errors.items():
        if not key.startswith(head):
            out[key] = message
            continue
        index, _, rest = key[len(head):].partition(".")
        if not index.isdigit():
            out[key] = message
            continue
        n = int(index)
        if n == removed:
            continue
        out[head + str(n - 1 if n > removed else n) + ("." + rest if rest else "")] = message
    return out


# ---------------------------------------------------------------- the form


@live.pushable
class PoolEntryFormState(live.LiveMixin, rx.State):
    order_id: int = 0
    found: bool = False
    loaded: bool = False
    not_found_message: str = ""
    form: dict[str, Any] = {}
    errors: dict[str, str] = {}
    section_counts: dict[str, int] = {}  # from the last full check (load, every save, 提交)
    form_message: str = ""
    state: str = ""
    state_label: str = ""
    tone: str = "gray"
    editable: bool = False
    last_opinion: str = ""
    pilot_start: str = ""
    pilot_end: str = ""
    needs_declaration: bool = False
    kept: list[dict] = []  # kept 自测 results: id, text, level_name
    saved_at: str = ""
    dirty: bool = False
    busy: bool = False
    attempted: bool = False  # a submission was refused: the summary follows the messages
    uploading_slot: str = ""
    upload_progress: int = 0
    _row_version: int = 0

    # ------------------------------------------------------------ loading

    def _order_id_from_route(self) -> int:
        tail = self.router.url.path.rstrip("/").rsplit("/", 1)[-1]
        return int(tail) if tail.isdigit() else 0

    def _rules(self) -> pool_entry.Rules:
        return pool_entry.Rules(
            date.fromisoformat(self.pilot_start), date.fromisoformat(self.pilot_end), self.needs_declaration
        )

    def _full_check(self) -> None:
        if not self.editable:
            self.section_counts = {}
            return
        self.section_counts = pool_entry.section_problem_counts(pool_entry.problems(self.form, self._rules()))

    def _sync_summary(self) -> None:
        if self.attempted:
            n = len(self.errors)
            self.form_message = remaining_problems(n)

    async def _load(self, *, keep_form: bool, force_keep: bool = False) -> None:
        actor = await actor_of(self)
        if actor is None:
            return
        try:
            view = await asyncio.to_thread(pool_entry.load, actor, self.order_id)
        except ServiceError as exc:
            self.found, self.not_found_message, self.loaded = False, exc.message, True
            return
        # unsaved typing of this tab is kept across a reload of the same order in the same state
        same = self.found and self.order_id == view.order_id and self.state == view.state
        keep = keep_form and same and (self.dirty or force_keep)
        self.found, self.loaded = True, True
        self.state, self.state_label, self.tone = view.state, view.state_label, view.tone
        self.editable, self.last_opinion = view.editable, view.last_opinion
        self.pilot_start = view.rules.pilot_start.isoformat()
        self.pilot_end = view.rules.pilot_end.isoformat()
        self.needs_declaration = view.rules.needs_declaration
        self._row_version = view.row_version
        if keep:
            for key in pool_entry.CERTIFIED_FIELDS:  # the certified data in force, as the service shows it
                self.form["basic"][key] = view.content["basic"][key]
        else:
            self.form = view.content
            self.dirty = False
        if not self.editable:
            self.errors, self.attempted, self.form_message = {}, False, ""
        self._full_check()

    async def _load_kept(self) -> None:
        actor = await actor_of(self)
        if actor is None:
            return
        try:
            kept = await asyncio.to_thread(assessments.kept_summaries, actor)
        except ServiceError:
            kept = []
        self.kept = [
            {
                "id": k.id,
                "text": f"{k.label} · {k.assessed_on.isoformat()} · {k.total} 分 · {k.level_name}",
                "level_name": k.level_name,
            }
            for k in kept
            if k.level_name in pool_entry.LEVELS
        ]

    @rx.event
    async def load(self):
        order_id = self._order_id_from_route()
        if order_id != self.order_id:
            self.found, self.loaded, self.dirty, self.saved_at = False, False, False, ""
        self.order_id = order_id
        self.errors, self.form_message, self.attempted = {}, "", False
        self.not_found_message, self.uploading_slot = "", ""
        await self._load(keep_form=True)
        if not self.found:
            return
        await self._load_kept()
        actor = await actor_of(self)
        if actor is not None:
            await live.watch(self, f"order:{self.order_id}", f"enterprise:{actor.enterprise_id}")

    async def live_refresh(self) -> None:
        await self._load(keep_form=True)
        session = await self.get_state(SessionState)
        await session.refresh_status()

    # ------------------------------------------------------------ editing

    def _set(self, path: str, value: Any) -> None:
        if not self.editable:
            return
        parts = _parts(path)
        node: Any = self.form
        try:
            for part in parts[:-1]:
                node = node[part]
            node[parts[-1]] = value
        except (KeyError, IndexError, TypeError):
            return
        self.dirty = True
        if path in self.errors:
            self.errors = {k: v for k, v in self.errors.items() if k != path}

    @rx.event
    def set_basic(self, key: str, value: str):
        if key in pool_entry.OWN_FIELDS:
            self._set(f"basic.{key}", value)

    @rx.event
    def set_other(self, key: str, value: str):
        self._set(f"other.{key}", value)

    @rx.event
    def set_demand_field(self, index: int, key: str, value: str):
        if key in pool_entry.DEMAND_FIELDS:
            self._set(f"demands.{int(index)}.{key}", value)

    @rx.event
    def set_project_field(self, index: int, key: str, value: str):
        if key in pool_entry.PROJECT_FIELDS:
            self._set(f"projects.{int(index)}.{key}", value)

    @rx.event
    def set_indicator_field(self, project: int, index: int, key: str, value: str):
        if key in pool_entry.INDICATOR_FIELDS:
            self._set(f"projects.{int(project)}.indicators.{int(index)}.{key}", value)

    @rx.event
    async def check(self, path: str):
        """On leaving a field: say at once what is wrong with it (and what it makes wrong next to
        it), drop the messages that no longer apply, and keep the draft."""
        if not self.editable:
            return
        found = pool_entry.problems(self.form, self._rules())
        # messages already shown follow the content; a refused upload's stays until its slot changes
        errors = {
            k: message if k.startswith("evidence.") else found[k]
            for k, message in self.errors.items()
            if k.startswith("evidence.") or k in found
        }
        for p in _related(path):
            message = found.get(p, "")
            if message and (_filled(_value(self.form, p)) or p in self.errors or _is_cross_message(p)):
                errors[p] = message
        self.errors = errors
        self._sync_summary()
        if self.dirty:
            await self._save(quiet=True)

    @rx.event
    async def choose(self, path: str, value: str):
        """A select or a radio: set, check and keep at once (there is no typing to wait for)."""
        parts = path.split(".")
        if parts[0] == "basic" and parts[-1] in pool_entry.OWN_FIELDS:
            self._set(path, value)
        elif parts[0] == "other":
            self._set(path, value)
        elif parts[0] == "demands" and parts[-1] in pool_entry.DEMAND_FIELDS:
            self._set(path, value)
        elif parts[0] == "projects" and parts[-1] in pool_entry.PROJECT_FIELDS:
            self._set(path, value)
        else:
            return
        await self.check(path)

    @rx.event
    async def fill_level(self, path: str, level_name: str):
        """从自测结果带入: a kept assessment's level fills 当前数字化水平 or a project's 改造前."""
        if level_name not in pool_entry.LEVELS:
            return None
        project_before = path.startswith("projects.") and path.endswith(".level_before")
        if path != "basic.current_level" and not project_before:
            return None
        await self.choose(path, level_name)
        return rx.toast.info(f"已带入自测结果：{level_name}")

    # ------------------------------------------------------------ rows

    async def _row_changed(self) -> None:
        self.dirty = True
        self._sync_summary()
        await self._save(quiet=True)

    @rx.event
    async def add_demand(self):
        if not self.editable or len(self.form["demands"]) >= MAX_DEMANDS:
            return
        self.form["demands"].append(pool_entry.blank_demand())
        self.errors = {k: v for k, v in self.errors.items() if k != "demands"}
        await self._row_changed()

    @rx.event
    async def remove_demand(self, index: int):
        index = int(index)
        if not self.editable or not 0 <= index < len(self.form["demands"]):
            return
        del self.form["demands"][index]
        self.errors = _shift(self.errors, "demands", index)
        await self._row_changed()

    @rx.event
    async def add_project(self):
        if not self.editable or len(self.form["projects"]) >= MAX_PROJECTS:
            return
        self.form["projects"].append(pool_entry.blank_project())
        self.errors = {k: v for k, v in self.errors.items() if k != "projects"}
        await self._row_changed()

    @rx.event
    async def remove_project(self, index: int):
        index = int(index)
        if not self.editable or not 0 <= index < len(self.form["projects"]):
            return
        del self.form["projects"][index]
        self.errors = _shift(self.errors, "projects", index)
        await self._row_changed()

    @rx.event
    async def add_indicator(self, project: int):
        project = int(project)
        if not self.editable or not 0 <= project < len(self.form["projects"]):
            return
        indicators = self.form["projects"][project]["indicators"]
        if len(indicators) >= MAX_INDICATORS:
            return
        indicators.append(pool_entry.blank_indicator())
        self.errors = {k: v for k, v in self.errors.items() if k != f"projects.{project}.indicators"}
        await self._row_changed()

    @rx.event
    async def remove_indicator(self, project: int, index: int):
        project, index = int(project), int(index)
        if not self.editable or not 0 <= project < len(self.form["projects"]):
            return
        indicators = self.form["projects"][project]["indicators"]
        if not 0 <= index < len(indicators):
            return
        del indicators[index]
        self.errors = _shift(self.errors, f"projects.{project}.indicators", index)
        await self._row_changed()

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
        if slot not in pool_entry.EVIDENCE or not self.editable:
            return
        actor = await actor_of(self)
        if actor is None or not uploaded:
            return
        chosen = uploaded[0]
        path = f"evidence.{slot}"
        self.errors = {k: v for k, v in self.errors.items() if k != path}
        try:
            ref = await asyncio.to_thread(
                files.store_upload, actor, chosen.file, chosen.filename or "", field=path
            )
        except ServiceError as exc:
            self.errors = {**self.errors, **(exc.fields or {path: exc.message})}
            self._sync_summary()
            return
        self.form["evidence"][slot] = ref
        self.dirty = True
        self._sync_summary()
        await self._save(quiet=True)

    @rx.event
    async def remove_evidence(self, slot: str):
        if slot not in pool_entry.EVIDENCE or not self.editable:
            return
        self.form["evidence"][slot] = None
        await self._row_changed()

    @rx.event
    async def download_evidence(self, slot: str):
        actor = await actor_of(self)
        ref = (self.form.get("evidence") or {}).get(slot) if slot in pool_entry.EVIDENCE else None
        if actor is None or not ref:
            return None
        try:
            link = await asyncio.to_thread(files.download_link, actor, int(ref["file_id"]))
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        return rx.download(url=link)

    # ------------------------------------------------------------ 保存 / 提交

    async def _save(self, *, quiet: bool) -> bool:
        actor = await actor_of(self)
        if actor is None or not self.editable:
            return False
        try:
            self._row_version = await asyncio.to_thread(
                pool_entry.save, actor, self.order_id, self.form, self._row_version
            )
        except ServiceError as exc:
            self.form_message = exc.message
            return False
        self.dirty = False
        self.saved_at = clock.fmt_now_hm()
        self._full_check()
        if not quiet:
            self.form_message = ""
            self._sync_summary()
        return True

    @rx.event
    async def save(self):
        if await self._save(quiet=False):
            return rx.toast.success("已保存草稿")
        return None

    @rx.event
    async def submit(self):
        if self.busy or not self.editable:
            return None
        actor = await actor_of(self)
        if actor is None:
            return None
        self.busy = True
        try:
            result = await asyncio.to_thread(
                pool_entry.submit, actor, self.order_id, self.form, self._row_version
            )
        except ValidationError as exc:
            # the draft was kept before the checks refused it: take its new row version, keep the page
            await self._load(keep_form=True, force_keep=True)
            self.dirty = False
            self.saved_at = clock.fmt_now_hm()
            self.errors = exc.fields
            self.section_counts = pool_entry.section_problem_counts(exc.fields)
            self.attempted = True
            self._sync_summary()
            return None
        except ServiceError as exc:
            self.form_message = exc.message
            return None
        finally:
            self.busy = False
        self.errors, self.form_message, self.attempted = {}, "", False
        await self._load(keep_form=False)
        live.order_changed(result, skip=self)
        return rx.toast.success("已提交，请等待市工信局审核")
