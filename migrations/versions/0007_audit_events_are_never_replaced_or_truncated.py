"""Audit events are never replaced or truncated: the database refuses both, as it refuses UPDATE and DELETE.

Reviewed: on SQLite, `INSERT OR REPLACE` with an id already in use deletes the old row and inserts the
new one. The DELETE trigger from 0006 does not fire for that delete (SQLite fires delete triggers on
REPLACE only with recursive_triggers on), so a BEFORE INSERT trigger refuses any insert whose id is
already taken. A plain insert never names a taken id, so the application is unaffected.
On PostgreSQL, TRUNCATE fires no row triggers: a BEFORE TRUNCATE statement trigger refuses it, including
a TRUNCATE of another table that cascades to audit_event. (`INSERT ... ON CONFLICT DO UPDATE` is an
UPDATE there, already refused by 0005.) Reuses 0005/0006's function.

The test suite empties tables between tests with TRUNCATE: tests/database.py switches triggers off for
its own connection with session_replication_role, which needs a superuser (the test database's owner).

Revision ID: 0007
Revises: 0006
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

MESSAGE = "audit events are never edited or deleted"


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade():
    if _postgres():
        op.execute(
            "CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_event_is_append_only();"
        )
    else:
        op.execute(
            "CREATE TRIGGER audit_event_no_replace BEFORE INSERT ON audit_event "
            "WHEN EXISTS (SELECT 1 FROM audit_event WHERE id = NEW.id) "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;"
        )


def downgrade():
    if _postgres():
        op.execute("DROP TRIGGER audit_event_no_truncate ON audit_event")
    else:
        op.execute("DROP TRIGGER audit_event_no_replace")
