"""Sessions that end on the server, links to unlock an account, and memberships their owner confirms.

Reviewed: user.session_version is part of every session cookie; raising it ends every copy of the
cookie. Existing rows start at 0 (a server default), so people signed in before this migration are
asked to sign in once more (their cookies carry no version). unlock_link and pending_membership keep
only hashes of their tokens, like invitation. No data is moved.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_version", sa.Integer(), server_default="0", nullable=False))

    op.create_table(
        "unlock_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_unlock_link_user_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unlock_link")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_unlock_link_token_hash")),
    )
    with op.batch_alter_table("unlock_link", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_unlock_link_user_id"), ["user_id"], unique=False)

    op.create_table(
        "pending_membership",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("local_area_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("invited_by_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["invited_by_id"], ["user.id"], name=op.f("fk_pending_membership_invited_by_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["local_area_id"], ["local_area.id"], name=op.f("fk_pending_membership_local_area_id_local_area")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_pending_membership_user_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pending_membership")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_pending_membership_token_hash")),
    )
    with op.batch_alter_table("pending_membership", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pending_membership_local_area_id"), ["local_area_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_pending_membership_user_id"), ["user_id"], unique=False)


def downgrade():
    with op.batch_alter_table("pending_membership", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pending_membership_user_id"))
        batch_op.drop_index(batch_op.f("ix_pending_membership_local_area_id"))
    op.drop_table("pending_membership")
    with op.batch_alter_table("unlock_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_unlock_link_user_id"))
    op.drop_table("unlock_link")
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_column("session_version")
