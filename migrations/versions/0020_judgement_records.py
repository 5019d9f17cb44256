"""A corrected revisit judgement keeps what it was before (issue 12): each recording and correction of a judgement
is appended to progress_judgement_record, so a board report for an earlier meeting shows the judgement as it stood
then, and a later one the correction.

Reviewed: one new table and one new nullable column; nothing dropped or rewritten.
- progress_judgement_record: the judgement, its progress and words, who recorded them and when. Each existing
  judgement gets one record, with its words as they are now and the time it was first recorded (what it said before
  a correction made before this migration is not known).
- progress_judgement.corrected_at: when it was last corrected.
Downgrading drops both: each judgement keeps its latest words, and the audit trail keeps every correction.

Revision ID: 0020
Revises: 0019
"""

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "progress_judgement_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("judgement_id", sa.Integer(), nullable=False),
        sa.Column("progress", sa.String(length=20), nullable=False),
        sa.Column("inspectors_words", sa.Text(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["judgement_id"], ["progress_judgement.id"],
            name=op.f("fk_progress_judgement_record_judgement_id_progress_judgement"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["user.id"], name=op.f("fk_progress_judgement_record_recorded_by_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_progress_judgement_record")),
    )
    with op.batch_alter_table("progress_judgement_record", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_progress_judgement_record_judgement_id"), ["judgement_id"], unique=False
        )
    op.execute(
        "INSERT INTO progress_judgement_record (judgement_id, progress, inspectors_words, recorded_by_id, recorded_at)"
        " SELECT id, progress, inspectors_words, recorded_by_id, recorded_at FROM progress_judgement ORDER BY id"
    )
    with op.batch_alter_table("progress_judgement", schema=None) as batch_op:
        batch_op.add_column(sa.Column("corrected_at", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("progress_judgement", schema=None) as batch_op:
        batch_op.drop_column("corrected_at")
    with op.batch_alter_table("progress_judgement_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_progress_judgement_record_judgement_id"))
    op.drop_table("progress_judgement_record")
