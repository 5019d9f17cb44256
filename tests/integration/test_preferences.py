"""Preferences: the page, and that off means nothing and weekly means one on the chosen day."""

from __future__ import annotations

from datetime import date, timedelta

import time_machine

from tests.factories import make_actions, make_inspection, make_user
from tests.pages import assert_page, post_form, sign_in
from tests.reminder_factories import RecordingBackend, london_morning, set_action, set_preferences
from wsoa.extensions import db
from wsoa.models import AuditEvent, EmailPreference
from wsoa.reminders.runs import send_digests

MONDAY = date(2026, 11, 23)


def lead_with_overdue_action(app):
    with time_machine.travel(london_morning(MONDAY - timedelta(days=10)), tick=False):
        inspection = make_inspection(app, "Westmarsh")
        manager = make_user(app, "manager", "Westmarsh")
        set_preferences(app, manager, "off")
        lead = make_user(app, "officer", "Westmarsh")
        action = make_actions(app, inspection, manager)[0]
        set_action(app, action.id, lead_id=lead.id, due_date=MONDAY - timedelta(days=1))
    return lead


def week_of_runs(app, backend):
    for n in range(7):
        day = MONDAY + timedelta(days=n)
        with time_machine.travel(london_morning(day), tick=False), app.app_context():
            send_digests(day, backend=backend)


def test_off_means_nothing_at_all(app):
    lead = lead_with_overdue_action(app)
    set_preferences(app, lead, "off")
    backend = RecordingBackend()
    week_of_runs(app, backend)
    assert backend.sent == []


def test_daily_is_every_working_day_and_weekly_is_one_on_the_chosen_day(app):
    lead = lead_with_overdue_action(app)
    backend = RecordingBackend()
    week_of_runs(app, backend)
    assert [e.reference for e in backend.sent] == [f"digest/{lead.id}/2026-11-{d}" for d in (23, 24, 25, 26, 27)]

    set_preferences(app, lead, "weekly", weekly_day=3)  # Thursday
    weekly = RecordingBackend()
    for n in range(7):
        day = MONDAY + timedelta(days=7 + n)
        with time_machine.travel(london_morning(day), tick=False), app.app_context():
            send_digests(day, backend=weekly)
    assert [(e.reference, e.subject.split(" – ")[1]) for e in weekly.sent] == [
        (f"digest/{lead.id}/2026-W49", "Thursday 3 December 2026")
    ]


def test_the_preferences_page_saves_and_keeps_typed_values_on_error(app, client):
    lead = lead_with_overdue_action(app)
    sign_in(client, lead)
    page = assert_page(client.get("/email-preferences"), "Email reminders")
    assert 'value="daily" checked' in page
    response = post_form(client, "/email-preferences", {"weekly_day": "2"})
    page = assert_page(response, "Email reminders")
    assert "There is a problem" in page and 'value="2" checked' in page
    response = post_form(
        client, "/email-preferences", {"frequency": "weekly", "weekly_day": "2"}, follow_redirects=True
    )
    assert "Your email preferences are saved" in assert_page(response, "Email reminders")
    with app.app_context():
        row = db.session.get(EmailPreference, lead.id)
        assert (row.frequency, row.weekly_day) == ("weekly", 2)
        assert db.session.query(AuditEvent).filter_by(event="preferences.changed").count() == 1


def test_the_preferences_page_needs_signing_in(client):
    response = client.get("/email-preferences")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
