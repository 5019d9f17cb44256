"""The public progress page for families (issue 11, point 5).

Reviewed: one new table, nothing else touched. One row per area (unique), made when a manager first saves what
to publish; `snapshot` holds the JSON the public page is rendered from (NULL when the page is not published), so
the page never reads live data. Downgrading drops the table: every published page goes down (404) and the
managers' choices are lost; the audit trail keeps each publish and unpublish with what changed.

Revision ID: 0016
Revises: 0015
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "public_page",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("local_area_id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("choices", sa.JSON(), nullable=False),
        sa.Column("choices_saved_at", sa.DateTime(), nullable=False),
        sa.Column("choices_saved_by_id", sa.Integer(), nullable=True),
        sa.Column("snapshot", sa.JSON(), nullable=True),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.Column("published_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["choices_saved_by_id"], ["user.id"], name=op.f("fk_public_page_choices_saved_by_id_user")
        ),
        sa.ForeignKeyConstraint(["inspection_id"], ["inspection.id"], name=op.f("fk_public_page_inspection_id_inspection")),
        sa.ForeignKeyConstraint(
            ["local_area_id"], ["local_area.id"], name=op.f("fk_public_page_local_area_id_local_area")
        ),
        sa.ForeignKeyConstraint(["published_by_id"], ["user.id"], name=op.f("fk_public_page_published_by_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_public_page")),
        sa.UniqueConstraint("local_area_id", name=op.f("uq_public_page_local_area_id")),
        sa.UniqueConstraint("slug", name=op.f("uq_public_page_slug")),
    )


def downgrade():
    op.drop_table("public_page")
