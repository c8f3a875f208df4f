"""消息中心, SMS notices and reminders (each with its unique key)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_S = sqlmodel.sql.sqltypes.AutoString
_T = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        'notifications',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('key', _S(length=64), nullable=False),
        sa.Column('kind', _S(length=16), nullable=False),
        sa.Column('order_id', sa.Integer(), nullable=True),
        sa.Column('title', _S(length=64), nullable=False),
        sa.Column('body', _S(length=600), nullable=False),
        sa.Column('needs_action', sa.Boolean(), nullable=False),
        sa.Column('created_at', _T(), nullable=False),
        sa.Column('read_at', _T(), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id']),
        sa.ForeignKeyConstraint(['order_id'], ['work_orders.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('user_id', 'key', name='uq_notifications_user_key'),
    )
    op.create_index('ix_notifications_user_read', 'notifications', ['user_id', 'read_at'])
    op.create_index('ix_notifications_order_id', 'notifications', ['order_id'])
    op.create_index('ix_notifications_created_at', 'notifications', ['created_at'])

    op.create_table(
        'sms_notices',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', _S(length=64), nullable=False),
        sa.Column('phone', _S(length=11), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('order_id', sa.Integer(), nullable=True),
        sa.Column('template', _S(length=24), nullable=False),
        sa.Column('text', _S(length=600), nullable=False),
        sa.Column('status', _S(length=8), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('created_at', _T(), nullable=False),
        sa.Column('next_try_at', _T(), nullable=True),
        sa.Column('claimed_at', _T(), nullable=True),
        sa.Column('claimed_by', _S(length=64), nullable=False),
        sa.Column('sent_at', _T(), nullable=True),
        sa.Column('error', _S(length=300), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id']),
        sa.ForeignKeyConstraint(['order_id'], ['work_orders.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('key', 'phone', name='uq_sms_notices_key_phone'),
    )
    op.create_index('ix_sms_notices_status_id', 'sms_notices', ['status', 'id'])

    op.create_table(
        'reminders',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', _S(length=16), nullable=False),
        sa.Column('order_id', sa.Integer(), nullable=False),
        sa.Column('row_version', sa.Integer(), nullable=False),
        sa.Column('days', sa.Integer(), nullable=False),
        sa.Column('created_at', _T(), nullable=False),
        sa.ForeignKeyConstraint(['order_id'], ['work_orders.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('kind', 'order_id', 'row_version', 'days', name='uq_reminders_event'),
    )
    op.create_index('ix_reminders_order_id', 'reminders', ['order_id'])


def downgrade() -> None:
    op.drop_table('reminders')
    op.drop_table('sms_notices')
    op.drop_table('notifications')
