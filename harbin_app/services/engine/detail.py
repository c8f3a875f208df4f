"""待办详情 of one order: its content read-only, what changed since the previous submission (row
by row), the transitions the viewer may take now (with their structured input), the latest
booking-like inputs, the deadline, and 工单日志."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import col, select

from harbin_app import clock, db
from harbin_app.forms import Field
from harbin_app.forms.diff import Change, changes
from harbin_app.models import OrderFile, StoredFile, WorkOrderLog, WorkOrderSnapshot
from harbin_app.services.actor import ROLE_LABELS, Actor
from harbin_app.services.files import file_ref
from harbin_app.services.engine import drafts, policy, registry
from harbin_app.services.engine.transitions import load
from harbin_app.services.engine.types import DisplaySection, Transition, UploadSlot, Workflow


@dataclass(frozen=True)
class LogRow:
    at: str
    actor_name: str
    actor_role: str
    action_label: str
    from_label: str
    to_label: str
    opinion: str
    note: str


@dataclass(frozen=True)
class InputBlock:
    """The latest structured input of a transition (现场验收预约: 日期, 地址 …)."""

    title: str
    label: str  # the transition that gave it (预约现场验收, 验收通过 …)
    at: str
    actor_name: str
    fields: list[tuple[str, str]]


@dataclass(frozen=True)
class Action:
    transition: Transition
    inputs: tuple[Field, ...]
    defaults: dict[str, str]


@dataclass(frozen=True)
class OrderDetail:
    id: int
    kind: str
    kind_label: str
    enterprise_id: int
    enterprise_name: str
    state: str
    state_label: str
    tone: str
    row_version: int
    version: int
    content: dict[str, Any]
    sections: list[DisplaySection]
    changes: list[Change]  # since the previous submission (empty for the first)
    actions: list[Action]
    log: list[LogRow]
    editable_by_actor: bool
    documents: list[tuple[str, str]]
    uploads: list[UploadSlot]
    handed_in: list[tuple[str, str, dict[str, Any]]]  # slot label, time, file ref (newest first)
    inputs_shown: list[InputBlock]
    due_date: str
    overdue: bool
    deadline_label: str

    @property
    def transitions(self) -> list[Transition]:
        return [a.transition for a in self.actions]


def _state_label(wf: Workflow, key: str) -> str:
    return wf.label_of(key) if key else "—"


def _input_notes(tr: Transition | None, extra: dict[str, Any]) -> list[str]:
    given = extra.get("input") or {}
    fields = {f.key: f.label for f in (tr.inputs if tr else ())}
    return [f"{fields.get(k, k)}：{value}" for k, value in given.items() if value]


def log_row(wf: Workflow, row: WorkOrderLog) -> LogRow:
    notes = []
    if row.snapshot_version and row.action != "create":
        notes.append(f"第 {row.snapshot_version} 版")
    if row.extra.get("industry_unclear"):
        notes.append("行业不清晰")
    if row.extra.get("pages"):
        notes.append(f"扫描件 {row.extra['pages']} 页")
    for key in ("page_warning", "seal_note", "override_reason"):
        if row.extra.get(key):
            notes.append(str(row.extra[key]))
    tr = wf.transition(row.action)
    notes += _input_notes(tr, row.extra)
    if row.extra.get("due_date") and tr is not None and tr.deadline is not None:
        notes.append(f"{tr.deadline.label}：{row.extra['due_date']}")
    return LogRow(
        at=clock.fmt_datetime(row.at), actor_name=row.actor_name, actor_role=ROLE_LABELS.get(row.actor_role, row.actor_role),
        action_label=row.action_label, from_label=_state_label(wf, row.from_state),
        to_label=_state_label(wf, row.to_state), opinion=row.opinion, note="，".join(notes),
    )


def _inputs_shown(wf: Workflow, logs: list[WorkOrderLog]) -> list[InputBlock]:
    """The latest input under each title: a new booking replaces the old one, a conclusion the one
    before it (transitions sharing a title share the block)."""
    latest: dict[str, tuple[Transition, WorkOrderLog]] = {}
    for row in logs:
        tr = next((t for t in wf.transitions if t.action == row.action and t.label == row.action_label), None)
        tr = tr or wf.transition(row.action)
        if tr is not None and tr.title and row.extra.get("input"):
            latest[tr.title] = (tr, row)
    return [
        InputBlock(
            title=title, label=tr.label, at=clock.fmt_datetime(row.at), actor_name=row.actor_name,
            fields=[(f.label, str(row.extra["input"].get(f.key, ""))) for f in tr.inputs if row.extra["input"].get(f.key)],
        )
        for title, (tr, row) in latest.items()
    ]


def detail(actor: Actor, order_id: int) -> OrderDetail:
    with db.reading() as session:
        order = load(session, actor, order_id)
        ot = registry.get(order.kind)
        wf = ot.workflow
        snapshots = session.exec(
            select(WorkOrderSnapshot)
            .where(WorkOrderSnapshot.order_id == order.id)
            .order_by(col(WorkOrderSnapshot.version).desc())
            .limit(2)
        ).all()
        editable = policy.can_edit(actor, order)
        content = drafts.content(session, order) if (editable or not snapshots) else snapshots[0].content
        changed = changes(ot.form, snapshots[1].content, snapshots[0].content) if len(snapshots) == 2 else []
        logs = list(session.exec(
            select(WorkOrderLog).where(WorkOrderLog.order_id == order.id).order_by(col(WorkOrderLog.id))
        ).all())
        handed_in = session.exec(
            select(OrderFile, StoredFile)
            .join(StoredFile, col(StoredFile.id) == col(OrderFile.file_id))
            .where(OrderFile.order_id == order.id)
            .order_by(col(OrderFile.id).desc())
        ).all()
        actions = [
            Action(tr, tr.inputs, {
                **{f.key: "" for f in tr.inputs},
                **(ot.input_defaults(session, order, tr) if ot.input_defaults and tr.inputs else {}),
            })
            for tr in policy.actions_for(actor, order)
        ]
        setter = next((r for r in reversed(logs) if r.extra.get("due_date") and r.to_state == order.state), None)
        setter_tr = wf.transition(setter.action) if setter else None
        st = wf.state(order.state)
        return OrderDetail(
            id=order.id or 0, kind=order.kind, kind_label=wf.label, enterprise_id=order.enterprise_id,
            enterprise_name=order.subject_name, state=order.state, state_label=st.label, tone=st.tone,
            row_version=order.row_version, version=order.version, content=content, sections=ot.display(content),
            changes=changed, actions=actions, log=[log_row(wf, row) for row in logs], editable_by_actor=editable,
            documents=ot.documents(order, actor) if ot.documents else [],
            uploads=ot.uploads(order, actor) if ot.uploads else [],
            handed_in=[
                (ot.slots.get(of.slot, of.slot), clock.fmt_datetime(of.created_at), file_ref(sf))
                for of, sf in handed_in
            ],
            inputs_shown=_inputs_shown(wf, logs),
            due_date=order.due_date.isoformat() if order.due_date else "",
            overdue=order.due_date is not None and order.due_date < clock.today_china(),
            deadline_label=setter_tr.deadline.label if setter_tr and setter_tr.deadline else "",
        )
