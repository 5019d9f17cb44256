"""Action workflow: actions, partners, milestones, progress updates, evidence, invitations, audit.

Reviewed: new NOT NULL columns on existing tables get server defaults so areas and users
already stored stay valid (stale after 30 days, impact evidence not required, nothing tracked).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 05:57:43.213326

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('invitation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('local_area_id', sa.Integer(), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['invited_by_id'], ['user.id'], name=op.f('fk_invitation_invited_by_id_user')),
    sa.ForeignKeyConstraint(['local_area_id'], ['local_area.id'], name=op.f('fk_invitation_local_area_id_local_area')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_invitation_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invitation')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_invitation_token_hash'))
    )
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invitation_user_id'), ['user_id'], unique=False)

    op.create_table('action',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('local_area_id', sa.Integer(), nullable=False),
    sa.Column('inspection_id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('lead_id', sa.Integer(), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('success_measure', sa.Text(), nullable=False),
    sa.Column('baseline', sa.String(length=500), nullable=False),
    sa.Column('target', sa.String(length=500), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('rag', sa.String(length=10), nullable=True),
    sa.Column('rag_reason', sa.Text(), nullable=False),
    sa.Column('retired_reason', sa.Text(), nullable=False),
    sa.Column('returned_reason', sa.Text(), nullable=False),
    sa.Column('seeded_from_finding_id', sa.Integer(), nullable=True),
    sa.Column('split_from_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_update_at', sa.DateTime(), nullable=True),
    sa.Column('signed_off_at', sa.DateTime(), nullable=True),
    sa.Column('signed_off_by_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['inspection_id'], ['inspection.id'], name=op.f('fk_action_inspection_id_inspection')),
    sa.ForeignKeyConstraint(['lead_id'], ['user.id'], name=op.f('fk_action_lead_id_user')),
    sa.ForeignKeyConstraint(['local_area_id'], ['local_area.id'], name=op.f('fk_action_local_area_id_local_area')),
    sa.ForeignKeyConstraint(['seeded_from_finding_id'], ['finding.id'], name=op.f('fk_action_seeded_from_finding_id_finding')),
    sa.ForeignKeyConstraint(['signed_off_by_id'], ['user.id'], name=op.f('fk_action_signed_off_by_id_user')),
    sa.ForeignKeyConstraint(['split_from_id'], ['action.id'], name=op.f('fk_action_split_from_id_action')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action')),
    sa.UniqueConstraint('inspection_id', 'reference', name=op.f('uq_action_inspection_id_reference')),
    sa.UniqueConstraint('seeded_from_finding_id', name=op.f('uq_action_seeded_from_finding_id'))
    )
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_due_date'), ['due_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_action_inspection_id'), ['inspection_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_action_lead_id'), ['lead_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_action_local_area_id'), ['local_area_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_action_status'), ['status'], unique=False)

    op.create_table('action_finding',
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('finding_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['action.id'], name=op.f('fk_action_finding_action_id_action')),
    sa.ForeignKeyConstraint(['finding_id'], ['finding.id'], name=op.f('fk_action_finding_finding_id_finding')),
    sa.PrimaryKeyConstraint('action_id', 'finding_id', name=op.f('pk_action_finding'))
    )
    op.create_table('action_partner_user',
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['action.id'], name=op.f('fk_action_partner_user_action_id_action')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_action_partner_user_user_id_user')),
    sa.PrimaryKeyConstraint('action_id', 'user_id', name=op.f('pk_action_partner_user'))
    )
    op.create_table('audit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('local_area_id', sa.Integer(), nullable=True),
    sa.Column('action_id', sa.Integer(), nullable=True),
    sa.Column('event', sa.String(length=60), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['action.id'], name=op.f('fk_audit_event_action_id_action')),
    sa.ForeignKeyConstraint(['actor_id'], ['user.id'], name=op.f('fk_audit_event_actor_id_user')),
    sa.ForeignKeyConstraint(['local_area_id'], ['local_area.id'], name=op.f('fk_audit_event_local_area_id_local_area')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_event'))
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_event_action_id'), ['action_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_local_area_id'), ['local_area_id'], unique=False)

    op.create_table('evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('added_by_id', sa.Integer(), nullable=False),
    sa.Column('added_at', sa.DateTime(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('as_at', sa.Date(), nullable=False),
    sa.Column('link_url', sa.String(length=2000), nullable=True),
    sa.Column('storage_key', sa.String(length=64), nullable=True),
    sa.Column('original_filename', sa.String(length=255), nullable=True),
    sa.Column('content_type', sa.String(length=100), nullable=True),
    sa.Column('size_bytes', sa.Integer(), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.Column('review_status', sa.String(length=20), nullable=False),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(), nullable=True),
    sa.Column('review_comment', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['action.id'], name=op.f('fk_evidence_action_id_action')),
    sa.ForeignKeyConstraint(['added_by_id'], ['user.id'], name=op.f('fk_evidence_added_by_id_user')),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['user.id'], name=op.f('fk_evidence_reviewed_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence')),
    sa.UniqueConstraint('storage_key', name=op.f('uq_evidence_storage_key'))
    )
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_action_id'), ['action_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evidence_review_status'), ['review_status'], unique=False)

    op.create_table('milestone',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['action_id'], ['action.id'], name=op.f('fk_milestone_action_id_action')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_milestone'))
    )
    with op.batch_alter_table('milestone', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_milestone_action_id'), ['action_id'], unique=False)

    op.create_table('partner_organisation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['action.id'], name=op.f('fk_partner_organisation_action_id_action')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_partner_organisation'))
    )
    with op.batch_alter_table('partner_organisation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partner_organisation_action_id'), ['action_id'], unique=False)

    op.create_table('progress_update',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('rag', sa.String(length=10), nullable=False),
    sa.Column('rag_reason', sa.Text(), nullable=False),
    sa.Column('done', sa.Text(), nullable=False),
    sa.Column('next_steps', sa.Text(), nullable=False),
    sa.Column('percent_complete', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['action_id'], ['action.id'], name=op.f('fk_progress_update_action_id_action')),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_progress_update_author_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_progress_update'))
    )
    with op.batch_alter_table('progress_update', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_progress_update_action_id'), ['action_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_progress_update_created_at'), ['created_at'], unique=False)

    with op.batch_alter_table('finding', schema=None) as batch_op:
        batch_op.add_column(sa.Column('tracked', sa.Boolean(), nullable=False, server_default=sa.false()))

    with op.batch_alter_table('local_area', schema=None) as batch_op:
        batch_op.add_column(sa.Column('stale_after_days', sa.Integer(), nullable=False, server_default='30'))
        batch_op.add_column(sa.Column('require_impact_evidence', sa.Boolean(), nullable=False, server_default=sa.false()))

    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('failed_sign_ins', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('locked_until', sa.DateTime(), nullable=True))



def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('locked_until')
        batch_op.drop_column('failed_sign_ins')

    with op.batch_alter_table('local_area', schema=None) as batch_op:
        batch_op.drop_column('require_impact_evidence')
        batch_op.drop_column('stale_after_days')

    with op.batch_alter_table('finding', schema=None) as batch_op:
        batch_op.drop_column('tracked')

    with op.batch_alter_table('progress_update', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_progress_update_created_at'))
        batch_op.drop_index(batch_op.f('ix_progress_update_action_id'))

    op.drop_table('progress_update')
    with op.batch_alter_table('partner_organisation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partner_organisation_action_id'))

    op.drop_table('partner_organisation')
    with op.batch_alter_table('milestone', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_milestone_action_id'))

    op.drop_table('milestone')
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evidence_review_status'))
        batch_op.drop_index(batch_op.f('ix_evidence_action_id'))

    op.drop_table('evidence')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_event_local_area_id'))
        batch_op.drop_index(batch_op.f('ix_audit_event_at'))
        batch_op.drop_index(batch_op.f('ix_audit_event_action_id'))

    op.drop_table('audit_event')
    op.drop_table('action_partner_user')
    op.drop_table('action_finding')
    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_status'))
        batch_op.drop_index(batch_op.f('ix_action_local_area_id'))
        batch_op.drop_index(batch_op.f('ix_action_lead_id'))
        batch_op.drop_index(batch_op.f('ix_action_inspection_id'))
        batch_op.drop_index(batch_op.f('ix_action_due_date'))

    op.drop_table('action')
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invitation_user_id'))

    op.drop_table('invitation')
