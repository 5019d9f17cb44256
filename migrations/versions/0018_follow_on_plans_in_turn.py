"""The cycle goes on after a follow-on plan (issue 12): each plan has its own visit and judgements, a further plan
can follow a follow-on plan, and a manager can close a follow-on plan as complete.

Reviewed: new columns with server defaults, and three unique constraints widened; nothing dropped or rewritten.
- revisit.plan_number and progress_judgement.plan_number: which plan's visit it is (1, every existing row, is the
  first plan's revisit). Unique per inspection and plan, and per finding and plan, instead of per inspection and
  per finding.
- follow_on_plan.number: its turn among the inspection's plans (2, every existing row, is the first follow-on
  plan); unique per inspection and number instead of per inspection. closed_on, closed_by_id and closed_at: closed
  as complete. version: optimistic locking, as actions have.
Downgrading keeps only the first plan's visit and judgements and the first follow-on plan: the actions of any later
plan move back into it, the later plans, visits and judgements are deleted (the audit trail keeps each of them), and
a plan closed as complete opens again.

Revision ID: 0018
Revises: 0017
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("revisit", schema=None) as batch_op:
        batch_op.add_column(sa.Column("plan_number", sa.Integer(), server_default="1", nullable=False))
        batch_op.drop_constraint(batch_op.f("uq_revisit_inspection_id"), type_="unique")
        batch_op.create_unique_constraint(
            batch_op.f("uq_revisit_inspection_id_plan_number"), ["inspection_id", "plan_number"]
        )

    with op.batch_alter_table("progress_judgement", schema=None) as batch_op:
        batch_op.add_column(sa.Column("plan_number", sa.Integer(), server_default="1", nullable=False))
        batch_op.drop_constraint(batch_op.f("uq_progress_judgement_finding_id"), type_="unique")
        batch_op.create_unique_constraint(
            batch_op.f("uq_progress_judgement_finding_id_plan_number"), ["finding_id", "plan_number"]
        )

    with op.batch_alter_table("follow_on_plan", schema=None) as batch_op:
        batch_op.add_column(sa.Column("number", sa.Integer(), server_default="2", nullable=False))
        batch_op.add_column(sa.Column("closed_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("closed_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("closed_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
        batch_op.create_foreign_key(
            batch_op.f("fk_follow_on_plan_closed_by_id_user"), "user", ["closed_by_id"], ["id"]
        )
        batch_op.drop_constraint(batch_op.f("uq_follow_on_plan_inspection_id"), type_="unique")
        batch_op.create_unique_constraint(
            batch_op.f("uq_follow_on_plan_inspection_id_number"), ["inspection_id", "number"]
        )


def downgrade():
    later_plans = "SELECT id FROM follow_on_plan WHERE number > 2"
    op.execute(
        'UPDATE "action" SET plan_id = ('
        " SELECT kept.id FROM follow_on_plan kept JOIN follow_on_plan later"
        " ON later.inspection_id = kept.inspection_id"
        ' WHERE later.id = "action".plan_id AND kept.number = 2'
        f") WHERE plan_id IN ({later_plans})"
    )
    op.execute(f"DELETE FROM follow_on_plan_finding WHERE plan_id IN ({later_plans})")
    op.execute("DELETE FROM follow_on_plan WHERE number > 2")
    op.execute("DELETE FROM progress_judgement WHERE plan_number > 1")
    op.execute("DELETE FROM revisit WHERE plan_number > 1")

    with op.batch_alter_table("follow_on_plan", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_follow_on_plan_inspection_id_number"), type_="unique")
        batch_op.create_unique_constraint(batch_op.f("uq_follow_on_plan_inspection_id"), ["inspection_id"])
        batch_op.drop_constraint(batch_op.f("fk_follow_on_plan_closed_by_id_user"), type_="foreignkey")
        batch_op.drop_column("version")
        batch_op.drop_column("closed_at")
        batch_op.drop_column("closed_by_id")
        batch_op.drop_column("closed_on")
        batch_op.drop_column("number")

    with op.batch_alter_table("progress_judgement", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_progress_judgement_finding_id_plan_number"), type_="unique")
        batch_op.create_unique_constraint(batch_op.f("uq_progress_judgement_finding_id"), ["finding_id"])
        batch_op.drop_column("plan_number")

    with op.batch_alter_table("revisit", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_revisit_inspection_id_plan_number"), type_="unique")
        batch_op.create_unique_constraint(batch_op.f("uq_revisit_inspection_id"), ["inspection_id"])
        batch_op.drop_column("plan_number")
