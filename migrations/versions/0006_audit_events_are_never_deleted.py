"""Audit events are kept: the database refuses a DELETE of audit_event, as it already refuses an UPDATE.

Reviewed: one more trigger on each database, reusing 0005's PostgreSQL function, whose message is
generalised here. Nothing in the app deletes audit events; the trail is kept for the life of the
inspection cycle.

Revision ID: 0006
Revises: 0005
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

MESSAGE = "audit events are never edited or deleted"


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade():
    if _postgres():
        op.execute(
            f"""
            CREATE OR REPLACE FUNCTION audit_event_is_append_only() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION '{MESSAGE}';
            END;
            $$ LANGUAGE plpgsql;
            """
        )
        op.execute(
            "CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event "
            "FOR EACH ROW EXECUTE FUNCTION audit_event_is_append_only();"
        )
    else:
        op.execute(
            "CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;"
        )


def downgrade():
    op.execute("DROP TRIGGER audit_event_no_delete" + (" ON audit_event" if _postgres() else ""))
