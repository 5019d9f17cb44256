"""Reminders: email preferences, the delivery ledger, and each area's key-date reminder days.

Reviewed: the ledger's unique key (user, kind, period) is what sends each digest once, so it
is a real constraint, not only an index. The new NOT NULL column on local_area has a server
default, so areas already stored are reminded 90, 60, 30, 14 and 7 days before each key date.
No preference rows are written: a person without one gets the defaults (a digest each working day).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 06:29:21.257310

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('delivery',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('period', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('claimed_at', sa.DateTime(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(), nullable=True),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.Column('provider_id', sa.String(length=200), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('resend_count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_delivery_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_delivery')),
    sa.UniqueConstraint('user_id', 'kind', 'period', name=op.f('uq_delivery_user_id_kind_period'))
    )
    with op.batch_alter_table('delivery', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_delivery_sent_at'), ['sent_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_delivery_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_delivery_user_id'), ['user_id'], unique=False)

    op.create_table('email_preference',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('frequency', sa.String(length=10), nullable=False),
    sa.Column('weekly_day', sa.Integer(), nullable=False),
    sa.Column('due_soon_days', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_email_preference_user_id_user')),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_email_preference'))
    )
    with op.batch_alter_table('local_area', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('key_date_reminder_days', sa.String(length=100), server_default='90,60,30,14,7', nullable=False)
        )


def downgrade():
    with op.batch_alter_table('local_area', schema=None) as batch_op:
        batch_op.drop_column('key_date_reminder_days')

    op.drop_table('email_preference')
    with op.batch_alter_table('delivery', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_delivery_user_id'))
        batch_op.drop_index(batch_op.f('ix_delivery_status'))
        batch_op.drop_index(batch_op.f('ix_delivery_sent_at'))

    op.drop_table('delivery')
