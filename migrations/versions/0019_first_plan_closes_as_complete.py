"""A manager can close the first plan (the statement's) as complete once its revisit judged every significant
weakness (or priority action) sufficient, as a follow-on plan closes (issue 12).

Reviewed: new nullable columns and one with a server default on inspection; nothing dropped or rewritten.
- inspection.first_plan_closed_on, first_plan_closed_by_id, first_plan_closed_at: closed as complete (the first
  plan has no row of its own; a follow-on plan keeps the same facts on its row).
- inspection.first_plan_version: moved by a compare-and-set when the first plan closes or the plan after it opens.
Downgrading opens a first plan closed as complete again (the audit trail keeps its closing).

Revision ID: 0019
Revises: 0018
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.add_column(sa.Column("first_plan_closed_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("first_plan_closed_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("first_plan_closed_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("first_plan_version", sa.Integer(), server_default="1", nullable=False))
        batch_op.create_foreign_key(
            batch_op.f("fk_inspection_first_plan_closed_by_id_user"), "user", ["first_plan_closed_by_id"], ["id"]
        )


def downgrade():
    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_inspection_first_plan_closed_by_id_user"), type_="foreignkey")
        batch_op.drop_column("first_plan_version")
        batch_op.drop_column("first_plan_closed_at")
        batch_op.drop_column("first_plan_closed_by_id")
        batch_op.drop_column("first_plan_closed_on")
