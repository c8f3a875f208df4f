"""acceptance_results: the figures of an acceptance's conclusion (认定项目金额, 补贴金额)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('acceptance_results',
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('conclusion', sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
    sa.Column('recognised_amount', sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
    sa.Column('subsidy_amount', sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
    sa.Column('suggested_amount', sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
    sa.Column('level_after', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('industry', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('project_names', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('log_id', sa.Integer(), nullable=False),
    sa.Column('concluded_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('accepted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id'], ),
    sa.ForeignKeyConstraint(['log_id'], ['work_order_logs.id'], ),
    sa.ForeignKeyConstraint(['order_id'], ['work_orders.id'], ),
    sa.PrimaryKeyConstraint('order_id')
    )
    with op.batch_alter_table('acceptance_results', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_acceptance_results_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_acceptance_results_accepted_at'), ['accepted_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('acceptance_results', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_acceptance_results_accepted_at'))
        batch_op.drop_index(batch_op.f('ix_acceptance_results_enterprise_id'))
    op.drop_table('acceptance_results')
