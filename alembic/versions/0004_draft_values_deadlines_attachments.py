"""drafts stored value by value, deadlines, attachments

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01

A draft moves from one JSON column of work_orders to one row per value (a field, or a row list's
order of row ids), so that a blur writes what changed and nothing else. Files an order's content
refers to are indexed (work_order_attachments) so that the policy can tell who may read a file.
"""

from collections.abc import Sequence
import json
import uuid

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _flatten(content, prefix="", out=None):  # noqa: ANN001, ANN202  (the stored shape, without a schema)
    out = {} if out is None else out
    for key, value in (content or {}).items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and "file_id" not in value:
            _flatten(value, path + ".", out)
        elif isinstance(value, list):
            ids = []
            for row in value:
                if not isinstance(row, dict):
                    continue
                rid = str(row.get("id") or uuid.uuid4().hex[:8])
                ids.append(rid)
                _flatten({k: v for k, v in row.items() if k != "id"}, f"{path}.{rid}.", out)
            out[path] = ids
        else:
            out[path] = value
    return out


def _file_ids(content, found=None):  # noqa: ANN001, ANN202
    found = set() if found is None else found
    if isinstance(content, dict):
        if isinstance(content.get("file_id"), int):
            found.add(content["file_id"])
        for value in content.values():
            _file_ids(value, found)
    elif isinstance(content, list):
        for value in content:
            _file_ids(value, found)
    return found


def _json(value):  # noqa: ANN001, ANN202
    return json.loads(value) if isinstance(value, str) else value


def upgrade() -> None:
    op.create_table(
        'work_order_draft_values',
        sa.Column('order_id', sa.Integer(), nullable=False),
        sa.Column('path', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('value', sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(['order_id'], ['work_orders.id'], ),
        sa.PrimaryKeyConstraint('order_id', 'path'),
    )
    op.create_table(
        'work_order_attachments',
        sa.Column('order_id', sa.Integer(), nullable=False),
        sa.Column('file_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['file_id'], ['stored_files.id'], ),
        sa.ForeignKeyConstraint(['order_id'], ['work_orders.id'], ),
        sa.PrimaryKeyConstraint('order_id', 'file_id'),
    )
    with op.batch_alter_table('work_order_attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_work_order_attachments_file_id'), ['file_id'], unique=False)
    op.add_column('work_orders', sa.Column('due_date', sa.Date(), nullable=True))
    op.create_index(op.f('ix_work_orders_due_date'), 'work_orders', ['due_date'], unique=False)

    bind = op.get_bind()
    values = sa.table('work_order_draft_values', sa.column('order_id'), sa.column('path'), sa.column('value', sa.JSON))
    attachments = sa.table('work_order_attachments', sa.column('order_id'), sa.column('file_id'))
    files = {row[0] for row in bind.execute(sa.text("SELECT id FROM stored_files"))}
    refs: set[tuple[int, int]] = set()
    for order_id, draft in bind.execute(sa.text("SELECT id, draft FROM work_orders")).fetchall():
        draft = _json(draft) or {}
        rows = [{"order_id": order_id, "path": p, "value": v} for p, v in _flatten(draft).items()]
        if rows:
            bind.execute(values.insert(), rows)
        refs |= {(order_id, f) for f in _file_ids(draft)}
    for order_id, content in bind.execute(sa.text("SELECT order_id, content FROM work_order_snapshots")).fetchall():
        refs |= {(order_id, f) for f in _file_ids(_json(content))}
    refs = {(o, f) for o, f in refs if f in files}
    if refs:
        bind.execute(attachments.insert(), [{"order_id": o, "file_id": f} for o, f in sorted(refs)])

    if bind.dialect.name == "sqlite":
        # SQLite ≥ 3.35 drops a plain column in place; batch mode would copy the table, and
        # dropping the referenced original fails its foreign keys (the logs point at it)
        op.execute("ALTER TABLE work_orders DROP COLUMN draft")
    else:
        op.drop_column('work_orders', 'draft')


def downgrade() -> None:
    op.add_column('work_orders', sa.Column('draft', sa.JSON(), nullable=False, server_default='{}'))
    op.drop_index(op.f('ix_work_orders_due_date'), table_name='work_orders')
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE work_orders DROP COLUMN due_date")
    else:
        op.drop_column('work_orders', 'due_date')
    with op.batch_alter_table('work_order_attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_work_order_attachments_file_id'))
    op.drop_table('work_order_attachments')
    op.drop_table('work_order_draft_values')
