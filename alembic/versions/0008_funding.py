"""公示与拨付: publication batches, their items and withdrawals, payments (all append-only)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_S = sqlmodel.sql.sqltypes.AutoString
_T = sqlmodel.sql.sqltypes.UTCDateTime
TABLES = ("publication_batches", "publication_items", "publication_withdrawals", "payments")


def upgrade() -> None:
    op.create_table(
        'publication_batches',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('title', _S(length=100), nullable=False),
        sa.Column('starts_on', sa.Date(), nullable=False),
        sa.Column('ends_on', sa.Date(), nullable=False),
        sa.Column('created_at', _T(), nullable=False),
        sa.Column('created_by', sa.Integer(), nullable=False),
        sa.Column('created_by_name', _S(length=64), nullable=False),
        sa.ForeignKeyConstraint(['created_by'], ['users.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_publication_batches_starts_on', 'publication_batches', ['starts_on'])
    op.create_index('ix_publication_batches_ends_on', 'publication_batches', ['ends_on'])
    op.create_table(
        'publication_items',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('batch_id', sa.Integer(), nullable=False),
        sa.Column('order_id', sa.Integer(), nullable=False),
        sa.Column('enterprise_id', sa.Integer(), nullable=False),
        sa.Column('enterprise_name', _S(length=64), nullable=False),
        sa.Column('project_names', _S(length=2000), nullable=False),
        sa.Column('industry', _S(length=32), nullable=False),
        sa.Column('recognised_amount', _S(length=24), nullable=False),
        sa.Column('subsidy_amount', _S(length=24), nullable=False),
        sa.Column('log_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['batch_id'], ['publication_batches.id']),
        sa.ForeignKeyConstraint(['order_id'], ['work_orders.id']),
        sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id']),
        sa.ForeignKeyConstraint(['log_id'], ['work_order_logs.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_publication_items_batch_id', 'publication_items', ['batch_id'])
    op.create_index('ix_publication_items_order_id', 'publication_items', ['order_id'])
    op.create_index('ix_publication_items_enterprise_id', 'publication_items', ['enterprise_id'])
    op.create_table(
        'publication_withdrawals',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('batch_id', sa.Integer(), nullable=False),
        sa.Column('order_id', sa.Integer(), nullable=False),
        sa.Column('log_id', sa.Integer(), nullable=False),
        sa.Column('at', _T(), nullable=False),
        sa.Column('actor_id', sa.Integer(), nullable=False),
        sa.Column('reason', _S(length=2000), nullable=False),
        sa.ForeignKeyConstraint(['batch_id'], ['publication_batches.id']),
        sa.ForeignKeyConstraint(['order_id'], ['work_orders.id']),
        sa.ForeignKeyConstraint(['log_id'], ['work_order_logs.id']),
        sa.ForeignKeyConstraint(['actor_id'], ['users.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('batch_id', 'order_id', name='uq_publication_withdrawals_batch_order'),
    )
    op.create_index('ix_publication_withdrawals_batch_id', 'publication_withdrawals', ['batch_id'])
    op.create_index('ix_publication_withdrawals_order_id', 'publication_withdrawals', ['order_id'])
    op.create_table(
        'payments',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('order_id', sa.Integer(), nullable=False),
        sa.Column('enterprise_id', sa.Integer(), nullable=False),
        sa.Column('batch_id', sa.Integer(), nullable=False),
        sa.Column('paid_on', sa.Date(), nullable=False),
        sa.Column('amount', _S(length=24), nullable=False),
        sa.Column('voucher', _S(length=64), nullable=False),
        sa.Column('log_id', sa.Integer(), nullable=False),
        sa.Column('created_at', _T(), nullable=False),
        sa.Column('created_by', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['order_id'], ['work_orders.id']),
        sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id']),
        sa.ForeignKeyConstraint(['batch_id'], ['publication_batches.id']),
        sa.ForeignKeyConstraint(['log_id'], ['work_order_logs.id']),
        sa.ForeignKeyConstraint(['created_by'], ['users.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_payments_order_id', 'payments', ['order_id'])
    op.create_index('ix_payments_enterprise_id', 'payments', ['enterprise_id'])
    op.create_index('ix_payments_batch_id', 'payments', ['batch_id'])

    # Batches, their items and withdrawals, payments are append-only, in the database too
    # (harbin_append_only() comes from 0001 on PostgreSQL).
    bind = op.get_bind()
    for table in TABLES:
        if bind.dialect.name == "sqlite":
            for verb in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
                )
        elif bind.dialect.name == "postgresql":
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION harbin_append_only()"
            )


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table)  # its triggers and indexes go with it
