"""The work-order engine: create, edit drafts, move orders through their workflow, read them.

A transition writes in ONE transaction: the conditional state change (only from the row version the
user saw, so two reviewers, two tabs or a double click cannot both act), the snapshot of submitted
content, the append-only log row and the type's side effects. Anything failing leaves nothing behind.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, or_, select, update

from harbin_app import clock, db
from harbin_app.models import Enterprise, OrderFile, StoredFile, WorkOrder, WorkOrderLog, WorkOrderSnapshot
from harbin_app.services.actor import ENTERPRISE, REVIEWER, ROLE_LABELS, Actor
from harbin_app.services.errors import Conflict, NotFound, PermissionDenied, ValidationError
from harbin_app.services.workflow import Transition, Workflow

# ------------------------------------------------------------------ order types


@dataclass(frozen=True)
class DisplayTable:
    title: str
    headers: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class DisplaySection:
    title: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    tables: list[DisplayTable] = field(default_factory=list)
    files: list[tuple[str, dict[str, Any] | None]] = field(default_factory=list)  # label, file ref or None


@dataclass(frozen=True)
class UploadSlot:
    """A file the actor hands in through a transition (e.g. 盖章材料上传 → upload_stamped)."""

    key: str
    label: str
    action: str
    hint: str = ""


@dataclass(frozen=True)
class OrderType:
    """What the engine needs to know of one kind of work order."""

    workflow: Workflow
    # field → message for a submission (may query the database through the session)
    validate: Callable[[Session, WorkOrder, dict[str, Any]], dict[str, str]]
    # (subject name, credit code, industry) shown in queues, from the submitted content
    summary: Callable[[dict[str, Any]], tuple[str, str, str]]
    # the content, read-only, for 待办详情
    display: Callable[[dict[str, Any]], list[DisplaySection]]
    # label → value of every leaf, to tell what changed between two submissions
    flatten: Callable[[dict[str, Any]], dict[str, str]]
    # side effects of a transition, inside its transaction
    on_transition: Callable[[Session, WorkOrder, Transition, Actor, dict[str, Any]], None] | None = None
    # roles other than reviewers and the owner enterprise that may read this kind
    readers: frozenset[str] = frozenset()
    # where the owner edits the content (the detail page links there while it is editable)
    edit_route: str = ""
    # yes/no marks a reviewer may set with a decision: key → (label, default from the content)
    flags: tuple[tuple[str, str, Callable[[dict[str, Any]], bool]], ...] = ()
    # documents the actor may download now: (key, label), and how to build one
    documents: Callable[[WorkOrder, Actor], list[tuple[str, str]]] | None = None
    build_document: Callable[[Session, WorkOrder, str], tuple[str, bytes]] | None = None
    # files the actor may hand in now, and a warning about a file before it is handed in
    uploads: Callable[[WorkOrder, Actor], list[UploadSlot]] | None = None
    hand_in_warning: Callable[[Session, WorkOrder, str, dict[str, Any]], str] | None = None
    # labels of the slots of files handed in through transitions
    slots: dict[str, str] = field(default_factory=dict)
    # whether 待办详情 shows the enterprise's kept self-assessments (before / after side by side)
    shows_assessments: bool = False

    @property
    def kind(self) -> str:
        return self.workflow.kind


_TYPES: dict[str, OrderType] = {}


def register(order_type: OrderType) -> OrderType:
    _TYPES[order_type.kind] = order_type
    return order_type


_registering = threading.Lock()


def _register_all() -> None:
    """Import every type (each registers itself). The app does this at start-up; the lock keeps a
    first import from two threads at once from seeing a half-imported module."""
    with _registering:
        import harbin_app.services.order_types  # noqa: F401, PLC0415


def order_type(kind: str) -> OrderType:
    if kind not in _TYPES:
        _register_all()
    return _TYPES[kind]


def all_types() -> list[OrderType]:
    _register_all()
    return list(_TYPES.values())


def all_slots() -> dict[str, str]:
    """Every slot of hand-in files of every type: key → label."""
    return {key: label for ot in all_types() for key, label in ot.slots.items()}


def file_ref(row: StoredFile) -> dict[str, Any]:
    return {"file_id": row.id, "name": row.original_name, "size": row.size, "pages": row.pages, "sha256": row.sha256}


# ------------------------------------------------------------------ rights


def may_read(actor: Actor, order: WorkOrder) -> bool:
    if actor.role == ENTERPRISE:
        return actor.enterprise_id is not None and order.enterprise_id == actor.enterprise_id
    if actor.role == REVIEWER:
        return True
    return actor.role in order_type(order.kind).readers


def _visible(actor: Actor):  # noqa: ANN202
    """The SQL condition for the orders `actor` may read."""
    if actor.role == ENTERPRISE:
        return WorkOrder.enterprise_id == (actor.enterprise_id or -1)
    if actor.role == REVIEWER:
        return True
    kinds = [t.kind for t in all_types() if actor.role in t.readers]
    return col(WorkOrder.kind).in_(kinds)


def _load(session: Session, actor: Actor, order_id: int) -> WorkOrder:
    order = session.get(WorkOrder, order_id)
    if order is None or not may_read(actor, order):
        raise NotFound("没有找到该事项，可能已被删除或您无权查看")
    return order


# ------------------------------------------------------------------ writing


def _log(
    session: Session, order: WorkOrder, actor: Actor, action: str, label: str, from_state: str, to_state: str,
    *, opinion: str = "", snapshot_version: int | None = None, extra: dict[str, Any] | None = None,
) -> None:
    session.add(
        WorkOrderLog(
            order_id=order.id or 0, at=clock.now(), actor_id=actor.user_id, actor_name=actor.name,
            actor_role=actor.role, action=action, action_label=label, from_state=from_state, to_state=to_state,
            opinion=opinion, snapshot_version=snapshot_version, extra=extra or {},
        )
    )


def create(session: Session, actor: Actor, kind: str, enterprise_id: int, draft: dict[str, Any]) -> WorkOrder:
    """A new order in its initial state, owned by the actor's enterprise (inside the caller's transaction)."""
    if actor.role != ENTERPRISE or actor.enterprise_id != enterprise_id:
        raise PermissionDenied("只有本企业的企业用户可以创建此事项")
    wf = order_type(kind).workflow
    now = clock.now()
    order = WorkOrder(
        kind=kind, enterprise_id=enterprise_id, state=wf.initial, draft=copy.deepcopy(draft),
        created_at=now, updated_at=now,
    )
    session.add(order)
    session.flush()
    _log(session, order, actor, "create", "创建", "", wf.initial)
    return order


def _check_editable(actor: Actor, order: WorkOrder) -> None:
    wf = order_type(order.kind).workflow
    if actor.role != ENTERPRISE or order.enterprise_id != actor.enterprise_id:
        raise PermissionDenied("只有本企业的企业用户可以修改填报内容")
    if order.state not in wf.editable:
        raise Conflict(f"当前状态为“{wf.label_of(order.state)}”，内容不能修改")


def save_draft(session: Session, actor: Actor, order: WorkOrder, draft: dict[str, Any], seen_row_version: int) -> int:
    """Store the working copy (inside the caller's transaction); returns the new row version."""
    _check_editable(actor, order)
    changed = session.exec(
        update(WorkOrder)
        .where(col(WorkOrder.id) == order.id, WorkOrder.row_version == seen_row_version, WorkOrder.state == order.state)
        .values(draft=copy.deepcopy(draft), row_version=WorkOrder.row_version + 1, updated_at=clock.now())
    )
    if changed.rowcount != 1:
        raise Conflict("内容已在其他窗口或由他人修改，请刷新后再保存（您填写的内容仍在页面上）")
    session.expire(order)
    return seen_row_version + 1


@dataclass(frozen=True)
class TransitionResult:
    order_id: int
    kind: str
    enterprise_id: int
    action: str
    from_state: str
    to_state: str
    row_version: int


def transition(
    actor: Actor,
    order_id: int,
    action: str,
    *,
    seen_row_version: int,
    opinion: str = "",
    extra: dict[str, Any] | None = None,
) -> TransitionResult:
    """Move an order by `action`, from the row version the user saw."""
    opinion = (opinion or "").strip()
    extra = dict(extra or {})
    try:
        with db.transaction() as session:
            order = _load(session, actor, order_id)
            ot = order_type(order.kind)
            wf = ot.workflow
            from_state = order.state
            if order.row_version != seen_row_version:
                raise Conflict(
                    f"该事项已有新的变化（当前状态：{wf.label_of(order.state)}），页面已更新，请查看后再操作"
                )
            tr = wf.find(action, from_state, actor.role)
            if tr is None:
                raise PermissionDenied(f"当前状态“{wf.label_of(from_state)}”下您不能执行此操作")
            if tr.opinion_required and not opinion:
                raise ValidationError(fields={"opinion": f"{tr.label}时必须填写审批意见"})
            if len(opinion) > 2000:
                raise ValidationError(fields={"opinion": "审批意见不能超过 2000 字"})
            values: dict[str, Any] = {
                "state": tr.target, "row_version": seen_row_version + 1, "updated_at": clock.now(),
            }
            snapshot_version = None
            if tr.snapshot:
                if errors := ot.validate(session, order, order.draft):
                    raise ValidationError("提交前还有内容需要修改，请按提示处理", fields=errors)
                snapshot_version = order.version + 1
                name, code, industry = ot.summary(order.draft)
                values.update(
                    version=snapshot_version, subject_name=name[:64], credit_code=code[:18],
                    industry=industry[:32], submitted_at=clock.now(),
                )
            moved = session.exec(
                update(WorkOrder)
                .where(
                    col(WorkOrder.id) == order.id,
                    WorkOrder.row_version == seen_row_version,
                    WorkOrder.state == from_state,
                )
                .values(**values)
            )
            if moved.rowcount != 1:
                raise Conflict("该事项刚刚已被处理，页面已更新，请查看最新状态")
            session.expire(order)
            if snapshot_version is not None:
                session.add(
                    WorkOrderSnapshot(
                        order_id=order.id or 0, version=snapshot_version, content=copy.deepcopy(order.draft),
                        created_at=clock.now(), created_by=actor.user_id,
                    )
                )
            _log(
                session, order, actor, tr.action, tr.label, from_state, tr.target,
                opinion=opinion, snapshot_version=snapshot_version or order.version or None, extra=extra,
            )
            if ot.on_transition is not None:
                ot.on_transition(session, order, tr, actor, extra)
            result = TransitionResult(
                order_id=order.id or 0, kind=order.kind, enterprise_id=order.enterprise_id, action=tr.action,
                from_state=from_state, to_state=tr.target, row_version=seen_row_version + 1,
            )
    except IntegrityError as exc:  # a unique rule the checks above could not see (a race)
        raise Conflict("数据与其他记录冲突（可能刚被他人修改），请刷新后重试") from exc
    return result


# ------------------------------------------------------------------ reading


@dataclass(frozen=True)
class OrderRow:
    id: int
    kind: str
    kind_label: str
    subject_name: str
    credit_code: str
    industry: str
    state: str
    state_label: str
    tone: str
    updated_at: str
    submitted_at: str

    def as_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()


@dataclass(frozen=True)
class Page:
    rows: list[OrderRow]
    total: int
    page: int
    size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))


def row_of(order: WorkOrder, enterprise_name: str = "") -> OrderRow:
    wf = order_type(order.kind).workflow
    st = wf.state(order.state)
    return OrderRow(
        id=order.id or 0, kind=order.kind, kind_label=wf.label,
        subject_name=order.subject_name or enterprise_name or "（未填写企业名称）",
        credit_code=order.credit_code, industry=order.industry, state=order.state, state_label=st.label,
        tone=st.tone, updated_at=clock.fmt_datetime(order.updated_at), submitted_at=clock.fmt_datetime(order.submitted_at),
    )


def _waiting_condition(role: str):  # noqa: ANN202
    parts = []
    for ot in all_types():
        states = ot.workflow.waiting_states(role)
        if states:
            parts.append((WorkOrder.kind == ot.kind) & col(WorkOrder.state).in_(states))
    return or_(*parts) if parts else False


def _paged(session: Session, query, page: int, size: int) -> Page:  # noqa: ANN001
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    page = max(1, min(page, max(1, -(-total // size))))
    orders = session.exec(
        query.order_by(col(WorkOrder.updated_at).desc(), col(WorkOrder.id).desc()).offset((page - 1) * size).limit(size)
    ).all()
    return Page([row_of(o) for o in orders], total, page, size)


def pending(actor: Actor, page: int = 1, size: int = 20) -> Page:
    """待处理: orders waiting for an action of the actor's role, among those the actor may read."""
    with db.reading() as session:
        query = select(WorkOrder).where(_visible(actor), _waiting_condition(actor.role))
        return _paged(session, query, page, size)


def handled(actor: Actor, page: int = 1, size: int = 20) -> Page:
    """已处理: orders this user acted on that do not wait for the actor's role now."""
    with db.reading() as session:
        acted = select(WorkOrderLog.order_id).where(WorkOrderLog.actor_id == actor.user_id)
        query = select(WorkOrder).where(
            _visible(actor), col(WorkOrder.id).in_(acted), ~_waiting_condition(actor.role)
        )
        return _paged(session, query, page, size)


WAITING = "waiting"  # the queue filter for every state that waits for the viewer's role


@dataclass(frozen=True)
class QueueFilter:
    search: str = ""
    industry: str = ""
    state: str = WAITING  # a state key, WAITING, or "" for every state except the initial draft


def queue(actor: Actor, kind: str, flt: QueueFilter, page: int = 1, size: int = 20) -> tuple[Page, int]:
    """A reviewer queue of one kind: (page of rows, number waiting for the reviewer)."""
    if actor.role != REVIEWER and actor.role not in order_type(kind).readers:
        raise PermissionDenied("只有审核员可以查看审核队列")
    wf = order_type(kind).workflow
    with db.reading() as session:
        query = select(WorkOrder).where(WorkOrder.kind == kind, _visible(actor))
        if flt.state == WAITING:
            query = query.where(col(WorkOrder.state).in_(wf.waiting_states(actor.role)))
        elif flt.state:
            query = query.where(WorkOrder.state == flt.state)
        else:
            query = query.where(WorkOrder.state != wf.initial)
        if flt.industry:
            query = query.where(WorkOrder.industry == flt.industry)
        if term := flt.search.strip():
            like = f"%{term}%"
            query = query.where(or_(col(WorkOrder.subject_name).ilike(like), col(WorkOrder.credit_code).ilike(like.upper())))
        waiting = session.exec(
            select(func.count()).where(
                WorkOrder.kind == kind, col(WorkOrder.state).in_(wf.waiting_states(actor.role))
            )
        ).one()
        return _paged(session, query, page, size), waiting


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
class Change:
    label: str
    before: str
    after: str


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
    actions: list[Transition]
    log: list[LogRow]
    editable_by_actor: bool
    documents: list[tuple[str, str]]
    uploads: list[UploadSlot]
    handed_in: list[tuple[str, str, dict[str, Any]]]  # slot label, time, file ref (newest first)


def changes_between(ot: OrderType, old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    a, b = ot.flatten(old), ot.flatten(new)
    out = []
    for label in list(dict.fromkeys([*a, *b])):
        if a.get(label, "") != b.get(label, ""):
            out.append(Change(label, a.get(label, ""), b.get(label, "")))
    return out


def detail(actor: Actor, order_id: int) -> OrderDetail:
    with db.reading() as session:
        order = _load(session, actor, order_id)
        ot = order_type(order.kind)
        wf = ot.workflow
        snapshots = session.exec(
            select(WorkOrderSnapshot)
            .where(WorkOrderSnapshot.order_id == order.id)
            .order_by(col(WorkOrderSnapshot.version).desc())
            .limit(2)
        ).all()
        owner = actor.role == ENTERPRISE
        editable = owner and order.state in wf.editable
        content = order.draft if (editable or not snapshots) else snapshots[0].content
        changes = changes_between(ot, snapshots[1].content, snapshots[0].content) if len(snapshots) == 2 else []
        logs = session.exec(
            select(WorkOrderLog).where(WorkOrderLog.order_id == order.id).order_by(col(WorkOrderLog.id))
        ).all()
        enterprise = session.get(Enterprise, order.enterprise_id)
        st = wf.state(order.state)
        handed_in = session.exec(
            select(OrderFile, StoredFile)
            .join(StoredFile, col(StoredFile.id) == col(OrderFile.file_id))
            .where(OrderFile.order_id == order.id)
            .order_by(col(OrderFile.id).desc())
        ).all()
        return OrderDetail(
            id=order.id or 0, kind=order.kind, kind_label=wf.label, enterprise_id=order.enterprise_id,
            enterprise_name=order.subject_name or (enterprise.name if enterprise else ""),
            state=order.state, state_label=st.label, tone=st.tone, row_version=order.row_version,
            version=order.version, content=content, sections=ot.display(content), changes=changes,
            actions=wf.actions_for(order.state, actor.role),
            log=[_log_row(wf, row) for row in logs], editable_by_actor=editable,
            documents=ot.documents(order, actor) if ot.documents else [],
            uploads=ot.uploads(order, actor) if ot.uploads else [],
            handed_in=[
                (ot.slots.get(of.slot, of.slot), clock.fmt_datetime(of.created_at), file_ref(sf))
                for of, sf in handed_in
            ],
        )


def _slot(session: Session, actor: Actor, order_id: int, slot: str) -> tuple[WorkOrder, OrderType, UploadSlot]:
    order = _load(session, actor, order_id)
    ot = order_type(order.kind)
    offered = {u.key: u for u in (ot.uploads(order, actor) if ot.uploads else [])}
    if slot not in offered:
        raise Conflict("当前状态下不需要上传该材料，页面已更新")
    return order, ot, offered[slot]


def _slot_and_warning(actor: Actor, order_id: int, slot: str, ref: dict[str, Any]) -> tuple[UploadSlot, str]:
    with db.reading() as session:
        order, ot, upload = _slot(session, actor, order_id, slot)
        return upload, ot.hand_in_warning(session, order, slot, ref) if ot.hand_in_warning else ""


def hand_in_warning(actor: Actor, order_id: int, slot: str, ref: dict[str, Any]) -> str:
    """What to tell the user about an uploaded file before it is handed in ("" when nothing)."""
    return _slot_and_warning(actor, order_id, slot, ref)[1]


def hand_in(actor: Actor, order_id: int, slot: str, ref: dict[str, Any], *, seen_row_version: int) -> TransitionResult:
    """Hand in an uploaded file through the slot's transition (the file is recorded by the type)."""
    upload, warning = _slot_and_warning(actor, order_id, slot, ref)
    extra = {"slot": slot, "file_id": ref.get("file_id"), "pages": ref.get("pages")}
    if warning:
        extra["page_warning"] = warning
    return transition(actor, order_id, upload.action, seen_row_version=seen_row_version, extra=extra)


def document(actor: Actor, order_id: int, key: str) -> tuple[str, bytes]:
    """(file name, bytes) of a document the actor is offered on this order now."""
    with db.reading() as session:
        order = _load(session, actor, order_id)
        ot = order_type(order.kind)
        offered = dict(ot.documents(order, actor)) if ot.documents else {}
        if key not in offered or ot.build_document is None:
            raise NotFound("该材料暂不能下载")
        return ot.build_document(session, order, key)


def _state_label(wf: Workflow, key: str) -> str:
    return wf.label_of(key) if key else "—"


def _log_row(wf: Workflow, row: WorkOrderLog) -> LogRow:
    notes = []
    if row.snapshot_version and row.action != "create":
        notes.append(f"第 {row.snapshot_version} 版")
    if row.extra.get("industry_unclear"):
        notes.append("行业不清晰")
    if row.extra.get("pages"):
        notes.append(f"扫描件 {row.extra['pages']} 页")
    if row.extra.get("page_warning"):
        notes.append(str(row.extra["page_warning"]))
    return LogRow(
        at=clock.fmt_datetime(row.at), actor_name=row.actor_name, actor_role=ROLE_LABELS.get(row.actor_role, row.actor_role),
        action_label=row.action_label, from_label=_state_label(wf, row.from_state),
        to_label=_state_label(wf, row.to_state), opinion=row.opinion, note="，".join(notes),
    )


def latest_for(session: Session, kind: str, enterprise_id: int) -> WorkOrder | None:
    return session.exec(
        select(WorkOrder)
        .where(WorkOrder.kind == kind, WorkOrder.enterprise_id == enterprise_id)
        .order_by(col(WorkOrder.id).desc())
    ).first()


def last_decision(session: Session, order_id: int) -> WorkOrderLog | None:
    return session.exec(
        select(WorkOrderLog).where(WorkOrderLog.order_id == order_id).order_by(col(WorkOrderLog.id).desc())
    ).first()
