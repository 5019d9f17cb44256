"""Measures over time and board snapshots (issue 11).

Reviewed: three new tables and four new columns on `action`; nothing dropped or rewritten.

- `action` gains the success measure as numbers: `baseline_value` and `target_value` (empty for every existing
  action: their baseline and target stay as the words people wrote), `measure_unit` ('' for all) and
  `measure_better` ('higher' for all, the usual direction; a manager changes it where fewer is better).
- `measured_value`: dated values of an action's measure, one a day for each action (unique), with where each
  came from and who recorded it. Append-only, like progress updates.
- `board_meeting` and `action_snapshot`: a board meeting of an inspection's plan (one a date, unique) and every
  action's status, RAG, due date, last update and latest measured value as they stood when it was recorded.

Downgrading drops the measured values and the board meetings with their snapshots; the audit trail keeps
that they were recorded.

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("action") as batch:
        batch.add_column(sa.Column("baseline_value", sa.Float(), nullable=True))
        batch.add_column(sa.Column("target_value", sa.Float(), nullable=True))
        batch.add_column(sa.Column("measure_unit", sa.String(length=20), server_default="", nullable=False))
        batch.add_column(sa.Column("measure_better", sa.String(length=10), server_default="higher", nullable=False))

    op.create_table(
        "measured_value",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("measured_on", sa.Date(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["action_id"], ["action.id"], name=op.f("fk_measured_value_action_id_action")),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["user.id"], name=op.f("fk_measured_value_recorded_by_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measured_value")),
        sa.UniqueConstraint("action_id", "measured_on", name=op.f("uq_measured_value_action_id_measured_on")),
    )
    op.create_index(op.f("ix_measured_value_action_id"), "measured_value", ["action_id"], unique=False)

    op.create_table(
        "board_meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("local_area_id", sa.Integer(), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("meeting_date", sa.Date(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["inspection_id"], ["inspection.id"], name=op.f("fk_board_meeting_inspection_id_inspection")
        ),
        sa.ForeignKeyConstraint(
            ["local_area_id"], ["local_area.id"], name=op.f("fk_board_meeting_local_area_id_local_area")
        ),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["user.id"], name=op.f("fk_board_meeting_recorded_by_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_board_meeting")),
        sa.UniqueConstraint("inspection_id", "meeting_date", name=op.f("uq_board_meeting_inspection_id_meeting_date")),
    )
    op.create_index(op.f("ix_board_meeting_inspection_id"), "board_meeting", ["inspection_id"], unique=False)
    op.create_index(op.f("ix_board_meeting_local_area_id"), "board_meeting", ["local_area_id"], unique=False)

    op.create_table(
        "action_snapshot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("board_meeting_id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("rag", sa.String(length=10), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("last_update_at", sa.DateTime(), nullable=True),
        sa.Column("measured_value", sa.Float(), nullable=True),
        sa.Column("measured_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["action_id"], ["action.id"], name=op.f("fk_action_snapshot_action_id_action")),
        sa.ForeignKeyConstraint(
            ["board_meeting_id"], ["board_meeting.id"], name=op.f("fk_action_snapshot_board_meeting_id_board_meeting")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_snapshot")),
        sa.UniqueConstraint("board_meeting_id", "action_id", name=op.f("uq_action_snapshot_board_meeting_id_action_id")),
    )
    op.create_index(op.f("ix_action_snapshot_action_id"), "action_snapshot", ["action_id"], unique=False)
    op.create_index(op.f("ix_action_snapshot_board_meeting_id"), "action_snapshot", ["board_meeting_id"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_action_snapshot_board_meeting_id"), table_name="action_snapshot")
    op.drop_index(op.f("ix_action_snapshot_action_id"), table_name="action_snapshot")
    op.drop_table("action_snapshot")
    op.drop_index(op.f("ix_board_meeting_local_area_id"), table_name="board_meeting")
    op.drop_index(op.f("ix_board_meeting_inspection_id"), table_name="board_meeting")
    op.drop_table("board_meeting")
    op.drop_index(op.f("ix_measured_value_action_id"), table_name="measured_value")
    op.drop_table("measured_value")
    with op.batch_alter_table("action") as batch:
        batch.drop_column("measure_better")
        batch.drop_column("measure_unit")
        batch.drop_column("target_value")
        batch.drop_column("baseline_value")
