"""The audit trail is written with each change, never edited, and exportable by managers."""

import csv
import io

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from tests.factories import make_actions, make_inspection, make_user
from tests.pages import sign_in
from wsoa.extensions import db
from wsoa.models import AuditEvent, LocalArea


def test_the_database_refuses_to_edit_an_audit_event(app, app_context):
    inspection = make_inspection(app, "Westmarsh")
    make_actions(app, inspection, make_user(app, role="manager", area="Westmarsh"))
    with pytest.raises(DatabaseError, match="audit events are never edited"):
        db.session.execute(text("UPDATE audit_event SET summary = 'tidied'"))
        db.session.flush()
    db.session.rollback()
    assert "tidied" not in {event.summary for event in db.session.query(AuditEvent)}


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

