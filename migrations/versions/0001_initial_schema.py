"""Local areas, inspections, findings, users and memberships.

Reviewed: one table per model in wsoa/models.py; named constraints so SQLite batch
mode can alter them later; "user" is quoted by SQLAlchemy on PostgreSQL.

Revision ID: 0001
Revises: 
Create Date: 2026-11-24 05:50:40.151039

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('local_area',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_local_area')),
    sa.UniqueConstraint('name', name=op.f('uq_local_area_name'))
    )
    op.create_table('user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=True),
    sa.Column('is_admin', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user')),
    sa.UniqueConstraint('email', name=op.f('uq_user_email'))
    )
    op.create_table('inspection',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('local_area_id', sa.Integer(), nullable=False),
    sa.Column('framework', sa.String(length=4), nullable=False),
    sa.Column('letter_date', sa.Date(), nullable=True),
    sa.Column('inspection_start', sa.Date(), nullable=True),
    sa.Column('inspection_end', sa.Date(), nullable=True),
    sa.Column('wsoa_required', sa.Boolean(), nullable=False),
    sa.Column('outcome', sa.Integer(), nullable=True),
    sa.Column('priority_action_plan_required', sa.Boolean(), nullable=False),
    sa.Column('previous_inspection_start', sa.Date(), nullable=True),
    sa.Column('previous_inspection_end', sa.Date(), nullable=True),
    sa.Column('monitoring_inspection_within_months', sa.Integer(), nullable=True),
    sa.Column('next_full_inspection_within_months', sa.Integer(), nullable=True),
    sa.Column('local_authority', sa.String(length=200), nullable=True),
    sa.Column('integrated_care_board', sa.String(length=200), nullable=True),
    sa.Column('revisit_date', sa.Date(), nullable=True),
    sa.Column('source_text', sa.Text(), nullable=False),
    sa.Column('source_hash', sa.String(length=64), nullable=False),
    sa.Column('source_filename', sa.String(length=255), nullable=True),
    sa.Column('imported_at', sa.DateTime(), nullable=False),
    sa.Column('imported_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['imported_by_id'], ['user.id'], name=op.f('fk_inspection_imported_by_id_user')),
    sa.ForeignKeyConstraint(['local_area_id'], ['local_area.id'], name=op.f('fk_inspection_local_area_id_local_area')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspection')),
    sa.UniqueConstraint('source_hash', name=op.f('uq_inspection_source_hash'))
    )
    with op.batch_alter_table('inspection', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inspection_local_area_id'), ['local_area_id'], unique=False)

    op.create_table('membership',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('local_area_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['local_area_id'], ['local_area.id'], name=op.f('fk_membership_local_area_id_local_area')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_membership_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_membership')),
    sa.UniqueConstraint('user_id', 'local_area_id', name=op.f('uq_membership_user_id_local_area_id'))
    )
    with op.batch_alter_table('membership', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_membership_local_area_id'), ['local_area_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_membership_user_id'), ['user_id'], unique=False)

    op.create_table('finding',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('inspection_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('section', sa.String(length=200), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('span_start', sa.Integer(), nullable=False),
    sa.Column('span_end', sa.Integer(), nullable=False),
    sa.Column('responsible_body', sa.String(length=300), nullable=True),
    sa.ForeignKeyConstraint(['inspection_id'], ['inspection.id'], name=op.f('fk_finding_inspection_id_inspection')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_finding')),
    sa.UniqueConstraint('inspection_id', 'position', name=op.f('uq_finding_inspection_id_position'))
    )
    with op.batch_alter_table('finding', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_finding_inspection_id'), ['inspection_id'], unique=False)



def downgrade():
    with op.batch_alter_table('finding', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_finding_inspection_id'))

    op.drop_table('finding')
    with op.batch_alter_table('membership', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_membership_user_id'))
        batch_op.drop_index(batch_op.f('ix_membership_local_area_id'))

    op.drop_table('membership')
    with op.batch_alter_table('inspection', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inspection_local_area_id'))

    op.drop_table('inspection')
    op.drop_table('user')
    op.drop_table('local_area')
