"""The audit trail is written with each change, never edited, and exportable by managers."""

import csv
import io
import os
from datetime import date

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from tests.factories import make_actions, make_inspection, make_user
from tests.pages import sign_in
from wsoa.extensions import db
from wsoa.inspections.services import set_key_dates
from wsoa.models import AuditEvent, Inspection, LocalArea, User


def test_the_database_refuses_to_edit_an_audit_event(app, app_context):
    inspection = make_inspection(app, "Westmarsh")
    make_actions(app, inspection, make_user(app, role="manager", area="Westmarsh"))
    with pytest.raises(DatabaseError, match="audit events are never edited"):
        db.session.execute(text("UPDATE audit_event SET summary = 'tidied'"))
    db.session.rollback()
    assert "tidied" not in {event.summary for event in db.session.query(AuditEvent)}


def test_the_database_refuses_to_delete_an_audit_event(app, app_context):
    inspection = make_inspection(app, "Westmarsh")
    make_actions(app, inspection, make_user(app, role="manager", area="Westmarsh"))
    count = db.session.query(AuditEvent).count()
    with pytest.raises(DatabaseError, match="never edited or deleted"):
        db.session.execute(text("DELETE FROM audit_event"))
    db.session.rollback()
    assert db.session.query(AuditEvent).count() == count


sqlite_only = pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")), reason="INSERT OR REPLACE is SQLite's; PostgreSQL has no such statement"
)
postgres_only = pytest.mark.skipif(not os.environ.get("DATABASE_URL"), reason="TRUNCATE is PostgreSQL's")


@sqlite_only
def test_sqlite_refuses_to_replace_an_audit_event(app, app_context):
    make_inspection(app, "Westmarsh")  # importing a letter is audited
    original = db.session.query(AuditEvent).order_by(AuditEvent.id).first()
    with pytest.raises(DatabaseError, match="never edited or deleted"):
        db.session.execute(
            text(
                "INSERT OR REPLACE INTO audit_event (id, at, event, summary, changes) "
                "VALUES (:id, :at, 'forged', 'rewritten', '{}')"
            ),
            {"id": original.id, "at": original.at},
        )
    db.session.rollback()
    assert db.session.get(AuditEvent, original.id).summary == original.summary


@sqlite_only
def test_sqlite_still_adds_audit_events_with_ids_not_yet_used(app, app_context):
    db.session.execute(
        text("INSERT INTO audit_event (at, event, summary, changes) VALUES ('2026-11-30', 'e', 's', '{}')")
    )
    db.session.commit()
    assert db.session.query(AuditEvent).filter_by(event="e").count() == 1


@postgres_only
def test_postgresql_refuses_to_truncate_the_audit_trail(app, app_context):
    make_inspection(app, "Westmarsh")  # importing a letter is audited
    count = db.session.query(AuditEvent).count()
    with pytest.raises(DatabaseError, match="never edited or deleted"):
        db.session.execute(text("TRUNCATE audit_event"))
    db.session.rollback()
    assert db.session.query(AuditEvent).count() == count


@postgres_only
def test_postgresql_refuses_a_truncate_that_would_cascade_to_the_audit_trail(app, app_context):
    make_inspection(app, "Westmarsh")  # importing a letter is audited
    with pytest.raises(DatabaseError, match="never edited or deleted"):
        db.session.execute(text('TRUNCATE "user" CASCADE'))
    db.session.rollback()
    assert db.session.query(AuditEvent).count() > 0


def test_a_manager_exports_the_areas_audit_trail_as_csv(app, client):
    inspection = make_inspection(app, "Westmarsh")
    manager = make_user(app, role="manager", area="Westmarsh")
    make_actions(app, inspection, manager)
    with app.app_context():
        area_id = db.session.query(LocalArea).filter_by(name="Westmarsh").one().id
    sign_in(client, manager)
    response = client.get(f"/areas/{area_id}/audit.csv")
    assert response.headers["Content-Disposition"] == 'attachment; filename="audit-trail-westmarsh.csv"'
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == ["When (UTC)", "Who", "Email", "Event", "Action", "Summary", "Changes (old, new)"]
    seeded = [row for row in rows[1:] if row[3] == "action.seeded"]
    assert len(seeded) == 13
    assert seeded[0][2] == manager.email and seeded[0][4] == "1.1"



def test_importing_a_letter_is_audited_against_its_area(app, app_context):
    make_inspection(app, "Westmarsh")
    (event,) = db.session.query(AuditEvent).filter_by(event="inspection.imported").all()
    assert event.local_area_id == db.session.query(LocalArea).filter_by(name="Westmarsh").one().id
    assert event.summary == "Inspection letter imported (letter.txt): 27 findings"


def test_changing_a_key_date_is_audited_with_old_and_new_values(app):
    inspection = make_inspection(app, "Westmarsh")
    manager = make_user(app, role="manager", area="Westmarsh")
    with app.app_context():
        row = db.session.get(Inspection, inspection.id)
        set_key_dates(db.session.get(User, manager.id), row, {"revisit_date": date(2026, 9, 14)})
        (event,) = db.session.query(AuditEvent).filter_by(event="inspection.key_dates_changed").all()
        assert event.changes == {"revisit_date": [None, "2026-09-14"]}
