"""Judgement records are never edited or deleted (issue 12): the database refuses both, as it does for the audit
trail, so a board report for an earlier meeting always shows a judgement as it was recorded then.

Reviewed: triggers only; no table or row changes. The application only ever inserts into progress_judgement_record
(wsoa/inspections/cycle_services.py), so nothing it does is refused. As for audit_event (0005-0007): on PostgreSQL
row triggers refuse UPDATE and DELETE and a statement trigger refuses TRUNCATE, including one that cascades from
another table; on SQLite, triggers refuse UPDATE and DELETE, and an INSERT that names an id already taken (which
`INSERT OR REPLACE` would turn into a silent delete). The test suite empties tables with triggers switched off for
its own connection (tests/database.py). Downgrading drops the triggers and the function.

Revision ID: 0022
Revises: 0021
"""

from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

MESSAGE = "judgement records are never edited or deleted"
TABLE = "progress_judgement_record"


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade():
    if _postgres():
        op.execute(
            f"""
            CREATE FUNCTION judgement_record_is_append_only() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION '{MESSAGE}';
            END;
            $$ LANGUAGE plpgsql;
            """
        )
        for name, when in (("no_update", "BEFORE UPDATE"), ("no_delete", "BEFORE DELETE")):
            op.execute(f"CREATE TRIGGER {TABLE}_{name} {when} ON {TABLE} "
                       "FOR EACH ROW EXECUTE FUNCTION judgement_record_is_append_only();")
        op.execute(f"CREATE TRIGGER {TABLE}_no_truncate BEFORE TRUNCATE ON {TABLE} "
                   "FOR EACH STATEMENT EXECUTE FUNCTION judgement_record_is_append_only();")
    else:
        for name, when in (("no_update", "BEFORE UPDATE"), ("no_delete", "BEFORE DELETE")):
            op.execute(
                f"CREATE TRIGGER {TABLE}_{name} {when} ON {TABLE} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;"
            )
        op.execute(
            f"CREATE TRIGGER {TABLE}_no_replace BEFORE INSERT ON {TABLE} "
            f"WHEN EXISTS (SELECT 1 FROM {TABLE} WHERE id = NEW.id) BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;"
        )


def downgrade():
    if _postgres():
        for name in ("no_update", "no_delete", "no_truncate"):
            op.execute(f"DROP TRIGGER {TABLE}_{name} ON {TABLE}")
        op.execute("DROP FUNCTION judgement_record_is_append_only();")
    else:
        for name in ("no_update", "no_delete", "no_replace"):
            op.execute(f"DROP TRIGGER {TABLE}_{name}")
