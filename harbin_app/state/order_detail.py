"""待办详情: one work order read-only, the actions this user may take now, and 工单日志."""

from __future__ import annotations

import asyncio
import dataclasses

import reflex as rx

from harbin_app import live
from harbin_app.assessment import format_points, level_name
from harbin_app.services import assessments, workorders
from harbin_app.services.engine.types import OrderType
from harbin_app.services.errors import Conflict, ServiceError, ValidationError
from harbin_app.state.order_files import OrderFilesState
from harbin_app.state.session import actor_of


def _sections(detail: workorders.OrderDetail) -> list[dict]:
    return [
        {
            "title": s.title,
            "fields": [{"label": label, "value": value} for label, value in s.fields],
            "tables": [{"title": t.title, "headers": t.headers, "rows": t.rows} for t in s.tables],
            "files": [{"label": label, "file": ref or {}} for label, ref in s.files],
        }
        for s in detail.sections
    ]


@live.pushable
class OrderDetailState(live.LiveMixin, rx.State):
    order_id: int = 0
    found: bool = False
    not_found_message: str = ""
    kind: str = ""
    kind_label: str = ""
    enterprise_name: str = ""
    state: str = ""
    state_label: str = ""
    tone: str = "gray"
    version: int = 0
    sections: list[dict] = []
    changes: list[dict] = []
    actions: list[dict] = []
    log: list[dict] = []
    edit_route: str = ""
    editable: bool = False
    flags: list[dict] = []  # the reviewer's yes/no marks: key, label, value
    kept_assessments: list[dict] = []  # the enterprise's 数字化水平自测 records
    comparison: dict = {}  # latest 改造前 beside latest 改造后: {"before", "after", "dimensions", "scenes"}
    opinion: str = ""
    inputs: dict[str, str] = {}  # "<action>.<field>" → what the officer types for a transition's input
    input_blocks: list[dict] = []  # the latest booking-like inputs: title, at, actor, fields
    due_date: str = ""
    overdue: bool = False
    deadline_label: str = ""
    errors: dict[str, str] = {}
    dialog_action: str = ""  # the transition whose input is being filled in (a dialog)
    busy: bool = False
    _row_version: int = 0

    def _order_id_from_route(self) -> int:
        tail = self.router.url.path.rstrip("/").rsplit("/", 1)[-1]
        return int(tail) if tail.isascii() and tail.isdigit() else 0

    async def _fetch(self, *, keep_inputs: bool = True) -> None:
        actor = await actor_of(self)
        if actor is None:
            return
        try:
            detail = await live.run_query(
                ("detail", actor.role, actor.enterprise_id, self.order_id), workorders.detail, actor, self.order_id
            )
        except ServiceError as exc:
            self.found, self.not_found_message = False, exc.message
            return
        ot = workorders.order_type(detail.kind)
        kind_changed = self.kind != detail.kind or not self.found
        self.found = True
        self.kind, self.kind_label = detail.kind, detail.kind_label
        self.enterprise_name = detail.enterprise_name
        self.state, self.state_label, self.tone = detail.state, detail.state_label, detail.tone
        self.version, self._row_version = detail.version, detail.row_version
        self.sections = _sections(detail)
        self.changes = [dataclasses.asdict(c) for c in detail.changes]
        by_upload = {u.action for u in detail.uploads}
        self.actions = [
            {
                "action": a.transition.action, "label": a.transition.label, "tone": a.transition.tone,
                "opinion_required": a.transition.opinion_required,
                "inputs": [{"key": f.key, "label": f.label, "kind": f.kind, "hint": f.hint, "required": f.required,
                            "max_length": f.max_length, "options": list(f.options)} for f in a.inputs],
            }
            for a in detail.actions
            # submitting happens on the form, with its content; hand-ins beside their upload
            if not a.transition.snapshot and a.transition.action not in by_upload
        ]
        fresh = {f"{a.transition.action}.{k}": v for a in detail.actions for k, v in a.defaults.items()}
        self.inputs = {k: self.inputs.get(k, v) if keep_inputs else v for k, v in fresh.items()}
        self.input_blocks = [
            {"title": b.title, "label": b.label, "at": b.at, "actor": b.actor_name,
             "fields": [{"label": lb, "value": v} for lb, v in b.fields]}
            for b in detail.inputs_shown
        ]
        self.due_date, self.overdue, self.deadline_label = detail.due_date, detail.overdue, detail.deadline_label
        self.log = [dataclasses.asdict(row) for row in detail.log]
        self.editable = detail.editable_by_actor
        self.edit_route = ot.edit_route
        await (await self.get_state(OrderFilesState)).apply(detail, actor)
        await self._fetch_assessments(actor, ot, detail.enterprise_id)
        if kind_changed or not self.flags:
            self.flags = [
                {"key": key, "label": label, "value": default(detail.content)} for key, label, default in ot.flags
            ]

    async def _fetch_assessments(self, actor, ot: OrderType, enterprise_id: int) -> None:  # noqa: ANN001
        self.kept_assessments, self.comparison = [], {}
        if not ot.shows_assessments:
            return
        try:
            view = await asyncio.to_thread(assessments.overview, actor, enterprise_id)
        except ServiceError:
            return
        self.kept_assessments = [
            {"id": k.id, "label": k.label, "date": k.assessed_on.isoformat(), "total": k.total, "level": k.level_name}
            for k in view.kept
        ]
        c = view.comparison
        if c is not None:
            self.comparison = {
                "before": f"{c.before.assessed_on.isoformat()}：{c.before.total} 分，{c.before.level_name}",
                "after": f"{c.after.assessed_on.isoformat()}：{c.after.total} 分，{c.after.level_name}",
                "rows": [
                    [d.name, f"{format_points(d.before)} / {format_points(d.max)}", f"{format_points(d.after)} / {format_points(d.max)}"]
                    for d in c.dimensions
                ]
                + [
                    [f"{sc.name}（{'约束性' if sc.binding else '指导性'}）", level_name(sc.before), level_name(sc.after)]
                    for sc in c.scenes
                ],
            }

    @rx.event
    async def download_assessment(self, assessment_id: int):
        actor = await actor_of(self)
        if actor is None:
            return None
        try:
            report = await asyncio.to_thread(assessments.report, actor, int(assessment_id))
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        return rx.download(data=report.content, filename=report.filename)

    @rx.event
    async def load(self):
        self.order_id = self._order_id_from_route()
        self.opinion, self.errors, self.flags, self.found = "", {}, [], False
        self.not_found_message, self.inputs, self.dialog_action = "", {}, ""
        await self._fetch(keep_inputs=False)
        if self.found:
            await live.watch(self, f"order:{self.order_id}")

    async def live_refresh(self) -> None:
        await self._fetch()

    @rx.event
    def set_opinion(self, value: str):
        self.opinion = value
        self.errors = {}

    @rx.var
    def dialog_fields(self) -> list[dict]:
        return next((a["inputs"] for a in self.actions if a["action"] == self.dialog_action), [])

    @rx.var
    def dialog_label(self) -> str:
        return next((a["label"] for a in self.actions if a["action"] == self.dialog_action), "")

    @rx.event
    async def start_action(self, action: str):
        """A button of 办理: a transition with structured input opens its dialog first."""
        if next((a["inputs"] for a in self.actions if a["action"] == action), []):
            self.dialog_action = action
            return None
        return await self._act(action)

    @rx.event
    def close_dialog(self):
        self.dialog_action = ""

    @rx.event
    def set_input(self, key: str, value: str):
        self.inputs = {**self.inputs, key: value}
        if key in self.errors:
            self.errors = {k: v for k, v in self.errors.items() if k != key}

    @rx.event
    def set_flag(self, key: str, value: bool):
        self.flags = [{**f, "value": value} if f["key"] == key else f for f in self.flags]

    @rx.event
    async def submit_dialog(self, form_data: dict):
        """确定 of a dialog: its fields as they are now (each input's own event may still be on its way)."""
        action = self.dialog_action
        if not action:
            return None
        prefix = action + "."
        self.inputs = {**self.inputs, **{k: str(v) for k, v in form_data.items() if k.startswith(prefix)}}
        if "opinion" in form_data:
            self.opinion = str(form_data["opinion"])
        return await self._act(action)

    async def _act(self, action: str):  # noqa: ANN202
        if self.busy:
            return None
        actor = await actor_of(self)
        if actor is None:
            return None
        self.busy = True
        label = next((a["label"] for a in self.actions if a["action"] == action), "处理")
        try:
            given = {k.split(".", 1)[1]: v for k, v in self.inputs.items() if k.startswith(action + ".")}
            result = await asyncio.to_thread(
                workorders.transition, actor, self.order_id, action,
                seen_row_version=self._row_version, opinion=self.opinion, inputs=given,
                extra={f["key"]: bool(f["value"]) for f in self.flags},
            )
        except ValidationError as exc:
            # a transition's input fields are named "<action>.<field>" on the page
            self.errors = {(k if k == "opinion" else f"{action}.{k}"): m for k, m in exc.fields.items()}
            return None
        except Conflict as exc:
            await self._fetch()
            return rx.toast.warning(exc.message)
        except ServiceError as exc:
            return rx.toast.error(exc.message)
        finally:
            self.busy = False
        self.opinion, self.dialog_action = "", ""
        await self._fetch(keep_inputs=False)
        live.order_changed(result, skip=self)
        return rx.toast.success(f"已{label}，当前状态：{self.state_label}")
