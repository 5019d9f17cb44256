"""An index on the person in action_partner_user, for "my actions" and every per-person list.

Reviewed: one index added, nothing dropped or rewritten. The table's primary key is (action_id, user_id),
which cannot find a person's actions without reading all of it; "my actions" is the union of the actions
a person leads (action.lead_id has an index) and the ones they partner on (this index).

Revision ID: 0013
Revises: 0012
"""

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(op.f("ix_action_partner_user_user_id"), "action_partner_user", ["user_id"], unique=False)


def downgrade():
    op.drop_index(op.f("ix_action_partner_user_user_id"), table_name="action_partner_user")
