"""The inspection cycle after the plan (issue 12), and secret calendar addresses.

Reviewed: seven new tables and two nullable columns, nothing dropped or rewritten.
- statement_submission: the statement (or 2023 priority action plan) sent, by date, and the decision on it;
  a resubmission is a second row. A later change may add a nullable link to a statement version.
- revisit: one per inspection (the revisit, or the 2023 monitoring inspection): notice, days on site, letter.
- progress_judgement: one per judged finding (the unique finding_id), sufficient or insufficient.
- cycle_meeting: monitoring, engagement and board meetings, by date.
- follow_on_plan (one per inspection) and follow_on_plan_finding: the plan after the revisit and the weaknesses
  it answers. action.plan_id moves a carried-over action into it: the row itself moves, so its updates,
  evidence, milestones and audit trail go with it. Null (every existing action) means the first plan.
- notification.inspection_id: a notice about an inspection (a revisit's notice) links to it.
- calendar_feed: only a sha256 of each secret address's token is kept.
Downgrading drops all of it: carried-over actions fall back into their inspection's first plan.

Revision ID: 0017
Revises: 0016
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('calendar_feed',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('scope', sa.String(length=10), nullable=False),
    sa.Column('local_area_id', sa.Integer(), nullable=True),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['local_area_id'], ['local_area.id'], name=op.f('fk_calendar_feed_local_area_id_local_area')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_calendar_feed_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_feed')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_calendar_feed_token_hash'))
    )
    with op.batch_alter_table('calendar_feed', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_calendar_feed_user_id'), ['user_id'], unique=False)

    op.create_table('cycle_meeting',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('inspection_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['inspection_id'], ['inspection.id'], name=op.f('fk_cycle_meeting_inspection_id_inspection')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user.id'], name=op.f('fk_cycle_meeting_recorded_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cycle_meeting'))
    )
    with op.batch_alter_table('cycle_meeting', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cycle_meeting_inspection_id'), ['inspection_id'], unique=False)

    op.create_table('follow_on_plan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('inspection_id', sa.Integer(), nullable=False),
    sa.Column('local_area_id', sa.Integer(), nullable=False),
    sa.Column('opened_on', sa.Date(), nullable=False),
    sa.Column('opened_by_id', sa.Integer(), nullable=True),
    sa.Column('opened_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['inspection_id'], ['inspection.id'], name=op.f('fk_follow_on_plan_inspection_id_inspection')),
    sa.ForeignKeyConstraint(['local_area_id'], ['local_area.id'], name=op.f('fk_follow_on_plan_local_area_id_local_area')),
    sa.ForeignKeyConstraint(['opened_by_id'], ['user.id'], name=op.f('fk_follow_on_plan_opened_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_follow_on_plan')),
    sa.UniqueConstraint('inspection_id', name=op.f('uq_follow_on_plan_inspection_id'))
    )
    with op.batch_alter_table('follow_on_plan', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_follow_on_plan_local_area_id'), ['local_area_id'], unique=False)

    op.create_table('revisit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('inspection_id', sa.Integer(), nullable=False),
    sa.Column('notice_on', sa.Date(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('letter_published_on', sa.Date(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['inspection_id'], ['inspection.id'], name=op.f('fk_revisit_inspection_id_inspection')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user.id'], name=op.f('fk_revisit_recorded_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_revisit')),
    sa.UniqueConstraint('inspection_id', name=op.f('uq_revisit_inspection_id'))
    )
    op.create_table('statement_submission',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('inspection_id', sa.Integer(), nullable=False),
    sa.Column('submitted_on', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('decision', sa.String(length=20), nullable=True),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('resubmit_by', sa.Date(), nullable=True),
    sa.Column('decision_note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['inspection_id'], ['inspection.id'], name=op.f('fk_statement_submission_inspection_id_inspection')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user.id'], name=op.f('fk_statement_submission_recorded_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_statement_submission'))
    )
    with op.batch_alter_table('statement_submission', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_statement_submission_inspection_id'), ['inspection_id'], unique=False)

    op.create_table('follow_on_plan_finding',
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('finding_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['finding_id'], ['finding.id'], name=op.f('fk_follow_on_plan_finding_finding_id_finding')),
    sa.ForeignKeyConstraint(['plan_id'], ['follow_on_plan.id'], name=op.f('fk_follow_on_plan_finding_plan_id_follow_on_plan')),
    sa.PrimaryKeyConstraint('plan_id', 'finding_id', name=op.f('pk_follow_on_plan_finding'))
    )
    op.create_table('progress_judgement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('inspection_id', sa.Integer(), nullable=False),
    sa.Column('finding_id', sa.Integer(), nullable=False),
    sa.Column('progress', sa.String(length=20), nullable=False),
    sa.Column('inspectors_words', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['finding_id'], ['finding.id'], name=op.f('fk_progress_judgement_finding_id_finding')),
    sa.ForeignKeyConstraint(['inspection_id'], ['inspection.id'], name=op.f('fk_progress_judgement_inspection_id_inspection')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user.id'], name=op.f('fk_progress_judgement_recorded_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_progress_judgement')),
    sa.UniqueConstraint('finding_id', name=op.f('uq_progress_judgement_finding_id'))
    )
    with op.batch_alter_table('progress_judgement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_progress_judgement_inspection_id'), ['inspection_id'], unique=False)

    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.add_column(sa.Column('plan_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_action_plan_id'), ['plan_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_action_plan_id_follow_on_plan'), 'follow_on_plan', ['plan_id'], ['id'])

    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.add_column(sa.Column('inspection_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_notification_inspection_id_inspection'), 'inspection', ['inspection_id'], ['id'])



def downgrade():
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_notification_inspection_id_inspection'), type_='foreignkey')
        batch_op.drop_column('inspection_id')

    with op.batch_alter_table('action', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_action_plan_id_follow_on_plan'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_action_plan_id'))
        batch_op.drop_column('plan_id')

    with op.batch_alter_table('progress_judgement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_progress_judgement_inspection_id'))

    op.drop_table('progress_judgement')
    op.drop_table('follow_on_plan_finding')
    with op.batch_alter_table('statement_submission', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_statement_submission_inspection_id'))

    op.drop_table('statement_submission')
    op.drop_table('revisit')
    with op.batch_alter_table('follow_on_plan', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_follow_on_plan_local_area_id'))

    op.drop_table('follow_on_plan')
    with op.batch_alter_table('cycle_meeting', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cycle_meeting_inspection_id'))

    op.drop_table('cycle_meeting')
    with op.batch_alter_table('calendar_feed', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_calendar_feed_user_id'))

    op.drop_table('calendar_feed')
