"""A follow-on plan's statement version can be recorded as submitted (issue 12): each version says which of the
inspection's plans it sets out, so the first plan's submission stays the cycle's submission to Ofsted and the CQC,
a follow-on plan's is recorded against that plan, and "what changed since it was submitted" compares versions of the
same plan.

Reviewed: one new column with a server default; nothing dropped or rewritten.
- statement_version.plan_number: 1 for the first plan's statement. An existing version generated once a follow-on
  plan had opened sets out the newest plan opened by then, as the statement generated then did.
Downgrading drops the column; the versions themselves are kept as they were.

Revision ID: 0021
Revises: 0020
"""

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("statement_version", schema=None) as batch_op:
        batch_op.add_column(sa.Column("plan_number", sa.Integer(), server_default="1", nullable=False))
    op.execute(
        "UPDATE statement_version SET plan_number = ("
        " SELECT MAX(p.number) FROM follow_on_plan p"
        " WHERE p.inspection_id = statement_version.inspection_id"
        " AND p.opened_at <= statement_version.generated_at"
        ") WHERE EXISTS ("
        " SELECT 1 FROM follow_on_plan p"
        " WHERE p.inspection_id = statement_version.inspection_id"
        " AND p.opened_at <= statement_version.generated_at)"
    )


def downgrade():
    with op.batch_alter_table("statement_version", schema=None) as batch_op:
        batch_op.drop_column("plan_number")
