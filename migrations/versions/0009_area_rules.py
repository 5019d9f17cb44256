"""Two area rules: 'due soon' days beside the stale days, and whether one person may add and approve.

'Due soon' becomes one rule per area instead of a personal digest preference.

Reviewed: dashboards said 30 days while action pages and digests said 14 (or each person's own choice
for their digest). The area's managers now set it once for every page, digest and export; areas start
at 14, which every page but the dashboards already used. Each person's own number is dropped: it
cannot be carried over to an area setting without picking one person's choice over another's.
Downgrading gives everyone the old default of 14 back.

allow_self_review: by default whoever reviews evidence or signs off an action may not be the person
who added the evidence or leads the action; a small area with one manager may allow it (audited).
Existing areas start with it off, the safer reading of the old behaviour.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("local_area") as batch:
        batch.add_column(sa.Column("due_soon_days", sa.Integer(), nullable=False, server_default="14"))
        batch.add_column(sa.Column("allow_self_review", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("email_preference") as batch:
        batch.drop_column("due_soon_days")


def downgrade():
    with op.batch_alter_table("email_preference") as batch:
        batch.add_column(sa.Column("due_soon_days", sa.Integer(), nullable=False, server_default="14"))
    with op.batch_alter_table("local_area") as batch:
        batch.drop_column("allow_self_review")
        batch.drop_column("due_soon_days")
