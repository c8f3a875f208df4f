"""Drafts, stored value by value: a blur writes the values that changed and nothing else.

`save_changes` is the form's save: the owner and the editable state are checked by the UPDATE's own
condition (no read first), every value by its field's declaration (a draft never grows past what
the form allows), then the values are upserted, all in one transaction.
"""

from __future__ import annotations

from typing import Any

from functools import cache

from sqlalchemy import bindparam, delete
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection
from sqlmodel import Session, col, select, update

from harbin_app import clock, db
from harbin_app.forms import FILE
from harbin_app.forms.checks import change_problem, stored_problem
from harbin_app.forms.values import adopt_ids, assemble, flatten
from harbin_app.models import WorkOrder, WorkOrderAttachment, WorkOrderDraftValue
from harbin_app.services.actor import ENTERPRISE, Actor
from harbin_app.services.files import owned_by
from harbin_app.services.errors import Conflict, NotFound, PermissionDenied, ValidationError
from harbin_app.services.engine import policy, registry

NOT_KEPT = "有内容未能保存，请按提示修改"
_MISSING = object()


def values(session: Session, order_id: int) -> dict[str, Any]:
    rows = session.exec(select(WorkOrderDraftValue).where(WorkOrderDraftValue.order_id == order_id)).all()
    return {r.path: r.value for r in rows}


def content(session: Session, order: WorkOrder) -> dict[str, Any]:
    """The draft as the owner left it (not trimmed: a value is kept as typed)."""
    schema = registry.get(order.kind).form
    return schema.normalise(assemble(schema, values(session, order.id or 0)), strip=False)


@cache
def _statements(dialect: str) -> tuple[Any, Any, Any]:
    """The draft's statements, built once per dialect (executed many times with parameters, so
    SQLAlchemy compiles each once): upsert a value, index an attachment, touch the order if the
    actor may edit it."""
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    values = WorkOrderDraftValue.__table__  # type: ignore[attr-defined]
    upsert = insert(values)
    upsert = upsert.on_conflict_do_update(index_elements=["order_id", "path"], set_={"value": upsert.excluded.value})
    attached = insert(WorkOrderAttachment.__table__).on_conflict_do_nothing()  # type: ignore[attr-defined]
    orders = WorkOrder.__table__  # type: ignore[attr-defined]
    touch = (
        update(orders)
        .where(orders.c.id == bindparam("b_order"), orders.c.kind == bindparam("b_kind"),
               orders.c.enterprise_id == bindparam("b_enterprise"),
               orders.c.state.in_(bindparam("b_states", expanding=True)))
        .values(updated_at=bindparam("b_now"))
    )
    return upsert, attached, touch


def _dialect(bind: Session | Connection) -> str:
    return (bind.get_bind() if isinstance(bind, Session) else bind).dialect.name


def write(bind: Session | Connection, order_id: int, changed: dict[str, Any]) -> None:
    if changed:
        upsert = _statements(_dialect(bind))[0]
        bind.execute(upsert, [{"order_id": order_id, "path": path, "value": value} for path, value in changed.items()])


def attach(bind: Session | Connection, order_id: int, refs: list[dict[str, Any]]) -> None:
    """Index the files an order refers to (who may read the order may read them)."""
    ids = sorted({int(r["file_id"]) for r in refs if r and r.get("file_id")})
    if ids:
        bind.execute(_statements(_dialect(bind))[1], [{"order_id": order_id, "file_id": i} for i in ids])


def _file_refs(kind: str, changed: dict[str, Any]) -> dict[str, dict[str, Any]]:
    schema = registry.get(kind).form
    out = {}
    for path, value in changed.items():
        loc = schema.locate(path)
        if loc is not None and loc.field is not None and loc.field.kind == FILE and value:
            out[path] = value
    return out


def _refuse(session: Session, actor: Actor, order_id: int) -> None:
    """Why a conditional draft write touched no row."""
    order = session.get(WorkOrder, order_id)
    if order is None or not policy.can_read(actor, order):
        raise NotFound("没有找到该事项，可能已被删除或您无权查看")
    if not policy.is_owner(actor, order.enterprise_id):
        raise PermissionDenied("只有本企业的企业用户可以修改填报内容")
    wf = registry.get(order.kind).workflow
    raise Conflict(f"当前状态为“{wf.label_of(order.state)}”，内容不能修改（您填写的内容仍在页面上）")


def save_changes(actor: Actor, order_id: int, kind: str, changed: dict[str, Any]) -> None:
    """Keep the values the owner changed (a blur, a chosen option, a row list's new order)."""
    schema = registry.get(kind).form
    errors = {path: message for path, value in changed.items() if (message := change_problem(schema, path, value))}
    if errors:
        raise ValidationError(NOT_KEPT, fields=errors)
    refs = _file_refs(kind, changed)
    if refs:  # rare (an upload): the ORM path, with the ownership check
        with db.transaction() as session:
            moved = session.exec(
                update(WorkOrder).where(col(WorkOrder.id) == order_id, policy.edit_condition(actor, kind))
                .values(updated_at=clock.now())
            )
            if moved.rowcount != 1:
                _refuse(session, actor, order_id)
            if not owned_by(session, actor.enterprise_id or 0, list(refs.values())):
                raise ValidationError(NOT_KEPT, fields=dict.fromkeys(refs, "该文件无效，请重新上传"))
            write(session, order_id, changed)
            attach(session, order_id, list(refs.values()))
        return
    # a blur: two statements compiled once; the owner and the state are in the UPDATE's condition
    if actor.role != ENTERPRISE or actor.enterprise_id is None:
        with db.reading() as session:
            _refuse(session, actor, order_id)
    with db.statements() as connection:
        touch = _statements(connection.dialect.name)[2]
        moved = connection.execute(touch, {
            "b_order": order_id, "b_kind": kind, "b_enterprise": actor.enterprise_id, "b_now": clock.now(),
            "b_states": sorted(registry.get(kind).workflow.editable),
        })
        if moved.rowcount == 1:
            write(connection, order_id, changed)
    if moved.rowcount != 1:
        with db.reading() as session:
            _refuse(session, actor, order_id)


def store_all(session: Session, order: WorkOrder, new_content: dict[str, Any], *, check: bool = True) -> None:
    """Make the stored draft equal `new_content` (inside the caller's transaction): only values that
    differ are written. Rows without an id are taken as the stored row at their position."""
    schema = registry.get(order.kind).form
    old_values = values(session, order.id or 0)
    adopted = adopt_ids(schema, assemble(schema, old_values), new_content)
    new_values = flatten(schema, schema.normalise(adopted, strip=False))
    if check:
        errors = {}
        for path, value in new_values.items():
            loc = schema.locate(path)
            problem = stored_problem(loc.field, value) if loc and loc.field else change_problem(schema, path, value)
            if problem:
                errors[path] = problem
        if errors:
            raise ValidationError(NOT_KEPT, fields=errors)
    changed = {p: v for p, v in new_values.items() if old_values.get(p, _MISSING) != v}
    gone = [p for p in old_values if p not in new_values]
    if gone:
        session.exec(
            delete(WorkOrderDraftValue).where(
                col(WorkOrderDraftValue.order_id) == order.id, col(WorkOrderDraftValue.path).in_(gone)
            )
        )
    write(session, order.id or 0, changed)
    refs = [v for p, v in new_values.items() if isinstance(v, dict) and v.get("file_id")]
    if refs and not owned_by(session, order.enterprise_id, refs):
        raise PermissionDenied("佐证材料文件无效，请重新上传")
    attach(session, order.id or 0, refs)


def replace(session: Session, actor: Actor, order: WorkOrder, new_content: dict[str, Any], seen_row_version: int) -> int:
    """保存 of a whole form (inside the caller's transaction), from the row version the user saw;
    returns the new row version."""
    moved = session.exec(
        update(WorkOrder)
        .where(col(WorkOrder.id) == order.id, WorkOrder.row_version == seen_row_version,
               policy.edit_condition(actor, order.kind))
        .values(row_version=WorkOrder.row_version + 1, updated_at=clock.now())
    )
    if moved.rowcount != 1:
        if not policy.can_edit(actor, order):
            _refuse(session, actor, order.id or 0)
        raise Conflict("内容已在其他窗口或由他人修改，请刷新后再保存（您填写的内容仍在页面上）")
    store_all(session, order, new_content)
    session.expire(order)
    return seen_row_version + 1
