"""Comments on actions, notifications sent at once, and returned evidence replaced or withdrawn.

Reviewed: two new tables and one column, nothing dropped. action_comment is append-only like
progress_update (no route edits or deletes one). notification rows are written in the same
transaction as the change they tell of; a sender merges a person's pending ones into one email and
links them to the delivery ledger row it claimed, so each is sent once. evidence.replaced_by_id
points a withdrawn item at the one that replaced it (null when simply withdrawn or still current).

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "action_comment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["action_id"], ["action.id"], name=op.f("fk_action_comment_action_id_action")),
        sa.ForeignKeyConstraint(["author_id"], ["user.id"], name=op.f("fk_action_comment_author_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_comment")),
    )
    op.create_index(op.f("ix_action_comment_action_id"), "action_comment", ["action_id"], unique=False)
    op.create_table(
        "notification",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=True),
        sa.Column("event", sa.String(length=40), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("delivery_id", sa.Integer(), nullable=True),
        sa.Column("handled_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["action_id"], ["action.id"], name=op.f("fk_notification_action_id_action")),
        sa.ForeignKeyConstraint(["delivery_id"], ["delivery.id"], name=op.f("fk_notification_delivery_id_delivery")),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_notification_user_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification")),
    )
    op.create_index(op.f("ix_notification_user_id"), "notification", ["user_id"], unique=False)
    op.create_index(op.f("ix_notification_created_at"), "notification", ["created_at"], unique=False)
    op.create_index(op.f("ix_notification_handled_at"), "notification", ["handled_at"], unique=False)
    with op.batch_alter_table("evidence") as batch:
        batch.add_column(sa.Column("replaced_by_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            batch.f("fk_evidence_replaced_by_id_evidence"), "evidence", ["replaced_by_id"], ["id"]
        )


def downgrade():
    with op.batch_alter_table("evidence") as batch:
        batch.drop_constraint(batch.f("fk_evidence_replaced_by_id_evidence"), type_="foreignkey")
        batch.drop_column("replaced_by_id")
    op.drop_index(op.f("ix_notification_handled_at"), table_name="notification")
    op.drop_index(op.f("ix_notification_created_at"), table_name="notification")
    op.drop_index(op.f("ix_notification_user_id"), table_name="notification")
    op.drop_table("notification")
    op.drop_index(op.f("ix_action_comment_action_id"), table_name="action_comment")
    op.drop_table("action_comment")
