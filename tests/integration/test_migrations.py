"""The schema comes from the migrations, and they must agree with the models."""

from datetime import datetime

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from wsoa.extensions import db


def test_models_and_migrations_agree(app_context):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_migrations_downgrade_to_empty_and_upgrade_again(app_context):
    downgrade(revision="base")
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
    upgrade()
    assert {"local_area", "inspection", "finding", "user", "membership"} <= set(
        inspect(db.engine).get_table_names()
    )


def test_the_digest_runs_already_in_the_audit_trail_are_carried_over(app_context):
    downgrade(revision="0009")
    with db.engine.begin() as connection:
        for summary, event in (
            ("2026-11-23: 4 sent, 1 failed", "digests.run"),
            ("Digests for 2026-11-18 to 2026-11-19 were not sent: no run happened then, and ...", "digests.skipped"),
        ):
            connection.execute(
                text("INSERT INTO audit_event (at, event, summary, changes) VALUES (:at, :event, :summary, '{}')"),
                {"at": datetime(2026, 11, 23, 7), "event": event, "summary": summary},
            )
    upgrade()
    with db.engine.connect() as connection:
        rows = connection.execute(text("SELECT day, outcome, sent, failed FROM digest_run ORDER BY day")).all()
    assert [(str(day), outcome, sent, failed) for day, outcome, sent, failed in rows] == [
        ("2026-11-18", "missed", 0, 0),
        ("2026-11-19", "missed", 0, 0),
        ("2026-11-23", "ran", 4, 1),
    ]
