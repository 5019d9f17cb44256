"""Audit events are never edited: the database refuses an UPDATE of audit_event.

Reviewed: triggers on both SQLite and PostgreSQL, so the rule holds for any code path,
not only the application's. Rows can still be added; nothing in the app deletes them.

Revision ID: 0005
Revises: 0004
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

MESSAGE = "audit events are never edited"


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
            "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event "
            "FOR EACH ROW EXECUTE FUNCTION audit_event_is_append_only();"
        )
    else:
        op.execute(
            "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;"
        )


def downgrade():
    op.execute("DROP TRIGGER audit_event_no_update" + (" ON audit_event" if _postgres() else ""))
    if _postgres():
        op.execute("DROP FUNCTION audit_event_is_append_only();")


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"
