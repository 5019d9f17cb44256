"""The written statement of action (issue 11): its numbered versions, and the facts it needs that were missing.

Reviewed: one new table and six new columns, each NOT NULL with an empty-text server default, so existing rows
are valid at once and nothing is rewritten by hand.
- finding.intended_outcome: what the area means to achieve for each weakness, quoted in the statement.
- action.measured_by: how the success measure is measured (the source and how often).
- membership.job_title, membership.organisation: how the statement names an action's lead and partners; per
  area, as a person may work for different bodies in different areas.
- local_area.statement_board, statement_governance, statement_coproduction: the governance section.
- statement_version: each generation, numbered per inspection (unique), with the facts as JSON and the DOCX
  and PDF bytes exactly as handed out, and when and by whom it was marked submitted.
Downgrading drops the versions (their documents with them) and the six columns.

Revision ID: 0015
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

NEW_COLUMNS = (
    ("finding", "intended_outcome", sa.Text()),
    ("action", "measured_by", sa.Text()),
    ("membership", "job_title", sa.String(length=200)),
    ("membership", "organisation", sa.String(length=200)),
    ("local_area", "statement_board", sa.String(length=200)),
    ("local_area", "statement_governance", sa.Text()),
    ("local_area", "statement_coproduction", sa.Text()),
)


def upgrade():
    for table, column, kind in NEW_COLUMNS:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column(column, kind, server_default="", nullable=False))
    op.create_table(
        "statement_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("local_area_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("generated_at", sa.DateTime(), nullable=False),
        sa.Column("generated_by_id", sa.Integer(), nullable=False),
        sa.Column("facts", sa.JSON(), nullable=False),
        sa.Column("docx", sa.LargeBinary(), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.Column("docx_sha256", sa.String(length=64), nullable=False),
        sa.Column("pdf_sha256", sa.String(length=64), nullable=False),
        sa.Column("submitted_on", sa.Date(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(), nullable=True),
        sa.Column("submitted_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["inspection_id"], ["inspection.id"], name=op.f("fk_statement_version_inspection_id_inspection")
        ),
        sa.ForeignKeyConstraint(
            ["local_area_id"], ["local_area.id"], name=op.f("fk_statement_version_local_area_id_local_area")
        ),
        sa.ForeignKeyConstraint(
            ["generated_by_id"], ["user.id"], name=op.f("fk_statement_version_generated_by_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["submitted_by_id"], ["user.id"], name=op.f("fk_statement_version_submitted_by_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statement_version")),
        sa.UniqueConstraint("inspection_id", "number", name=op.f("uq_statement_version_inspection_id_number")),
    )
    op.create_index(op.f("ix_statement_version_inspection_id"), "statement_version", ["inspection_id"])
    op.create_index(op.f("ix_statement_version_local_area_id"), "statement_version", ["local_area_id"])


def downgrade():
    op.drop_index(op.f("ix_statement_version_local_area_id"), table_name="statement_version")
    op.drop_index(op.f("ix_statement_version_inspection_id"), table_name="statement_version")
    op.drop_table("statement_version")
    for table, column, _ in reversed(NEW_COLUMNS):
        with op.batch_alter_table(table) as batch:
            batch.drop_column(column)
