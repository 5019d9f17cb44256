"""Calendar feeds at secret addresses: what each holds, stable UIDs with rising SEQUENCE, replacing and stopping
an address, and nobody reaching anyone else's."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

import ics
import pytest
from icalendar import Calendar
from sqlalchemy import select

from tests.factories import make_actions, make_inspection, make_user
from tests.pages import hidden_fields, post_form, sign_in
from tests.reminder_factories import set_action
from wsoa.extensions import db
from wsoa.models import AuditEvent, CalendarFeed, LocalArea

_ADDRESS = re.compile(r'<code class="app-token" id="new-feed">([^<]+)</code>')


@pytest.fixture
def area(app):
    inspection = make_inspection(app, "Westmarsh")
    manager = make_user(app, "manager", "Westmarsh")
    officer = make_user(app, "officer", "Westmarsh")
    other_officer = make_user(app, "officer", "Westmarsh")
    actions = make_actions(app, inspection, manager)
    set_action(app, actions[0].id, lead_id=officer.id, due_date=date(2026, 3, 31))
    set_action(app, actions[1].id, lead_id=other_officer.id, due_date=date(2026, 4, 30))
    with app.app_context():
        area_id = db.session.scalar(select(LocalArea.id).where(LocalArea.name == "Westmarsh"))
    return inspection, manager, officer, other_officer, actions, area_id


def make_address(client, calendar: str) -> str:
    """Make an address on the calendars page; its path (the page shows it once)."""
    page = post_form(client, "/account/calendars", {"calendar": calendar}).get_data(as_text=True)
    (address,) = _ADDRESS.findall(page)
    return urlsplit(address).path


def events_of(client, path: str) -> dict:
    response = client.get(path)
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    return {str(e["UID"]): e for e in Calendar.from_ical(response.data).walk("VEVENT")}


def test_a_personal_feed_holds_only_what_the_person_leads_and_parses_twice(app, client, area):
    _, _, officer, _, actions, _ = area
    sign_in(client, officer)
    path = make_address(client, "personal")
    client.post("/sign-out", data=hidden_fields(client, "/account/calendars"))
    body = client.get(path).data  # no session: the address is the key
    events = {str(e["UID"]): e for e in Calendar.from_ical(body).walk("VEVENT")}
    assert [e.decoded("DTSTART") for e in events.values()] == [date(2026, 3, 31)]
    assert f"/actions/{actions[0].id}" in str(next(iter(events.values()))["URL"])
    second = {event.uid: event for event in ics.Calendar(body.decode("utf-8")).events}
    assert set(second) == set(events)
    assert next(iter(second.values())).begin.date() == date(2026, 3, 31)


def test_moving_a_due_date_moves_the_event_under_the_same_uid_with_a_higher_sequence(app, client, area):
    _, manager, officer, _, actions, _ = area
    sign_in(client, officer)
    path = make_address(client, "personal")
    (uid, before), = events_of(client, path).items()
    manager_client = app.test_client()
    sign_in(manager_client, manager)
    fields = hidden_fields(manager_client, f"/actions/{actions[0].id}/edit")
    response = manager_client.post(
        f"/actions/{actions[0].id}/edit",
        data={**fields, "title": "Joint commissioning", "findings": [str(f) for f in _findings(app, actions[0].id)],
              "lead": str(officer.id), "due_date": ["15", "5", "2026"]},
    )
    assert response.status_code == 302
    (uid_after, after), = events_of(client, path).items()
    assert uid_after == uid
    assert after.decoded("DTSTART") == date(2026, 5, 15)
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])


def _findings(app, action_id):
    from wsoa.models import Action

    with app.app_context():
        return [f.id for f in db.session.get(Action, action_id).findings]


def test_an_area_feed_holds_the_key_dates_and_follows_a_recorded_revisit(app, client, area):
    inspection, manager, _, _, _, area_id = area
    sign_in(client, manager)
    path = make_address(client, str(area_id))
    events = events_of(client, path)
    deadline = events[f"inspection-{inspection.id}-wsoa_deadline-1@wsoa.test"]
    assert deadline.decoded("DTSTART") == date(2025, 6, 26)
    assert "70 working days after the letter" in str(deadline["DESCRIPTION"])
    revisit_uid = f"inspection-{inspection.id}-revisit-1@wsoa.test"
    estimated = events[revisit_uid]
    post_form(
        client,
        f"/inspections/{inspection.id}/revisit",
        {"notice_on": ["12", "1", "2026"], "starts_on": ["26", "1", "2026"], "ends_on": ["28", "1", "2026"]},
    )
    announced = events_of(client, path)[revisit_uid]
    assert (announced.decoded("DTSTART"), announced.decoded("DTEND")) == (date(2026, 1, 26), date(2026, 1, 29))
    assert int(announced["SEQUENCE"]) > int(estimated["SEQUENCE"])


def test_a_board_meeting_is_on_the_area_feed(app, client, area):
    inspection, manager, _, _, _, area_id = area
    sign_in(client, manager)
    path = make_address(client, str(area_id))
    post_form(client, f"/inspections/{inspection.id}/board/record", {"meeting_date": ["3", "2", "2026"]})
    meetings = [e for e in events_of(client, path).values() if str(e["UID"]).startswith("board-meeting-")]
    assert [(str(e["SUMMARY"]), e.decoded("DTSTART")) for e in meetings] == [
        ("Westmarsh: SEND improvement board meeting", date(2026, 2, 3))
    ]


def test_a_monitoring_meeting_is_on_the_area_feed(app, client, area):
    inspection, manager, _, _, _, area_id = area
    sign_in(client, manager)
    path = make_address(client, str(area_id))
    post_form(client, f"/inspections/{inspection.id}/meetings/new",
              {"kind": "monitoring", "held_on": ["3", "2", "2026"], "note": "With DfE"})
    meetings = [e for e in events_of(client, path).values() if str(e["UID"]).startswith("meeting-")]
    assert [(str(e["SUMMARY"]), e.decoded("DTSTART")) for e in meetings] == [
        ("Westmarsh: DfE and NHS England monitoring meeting", date(2026, 2, 3))
    ]


def test_a_new_address_stops_the_old_one_at_once_and_both_are_audited(app, client, area):
    officer = area[2]
    sign_in(client, officer)
    old = make_address(client, "personal")
    with app.app_context():
        feed_id = db.session.scalar(select(CalendarFeed.id).where(CalendarFeed.revoked_at.is_(None)))
    page = client.post(f"/account/calendars/{feed_id}/replace", data=hidden_fields(client, "/account/calendars"))
    (new,) = [urlsplit(a).path for a in _ADDRESS.findall(page.get_data(as_text=True))]
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    with app.app_context():
        events = db.session.scalars(
            select(AuditEvent.event).where(AuditEvent.event.like("calendar_feed.%")).order_by(AuditEvent.id)
        ).all()
        assert events == ["calendar_feed.created", "calendar_feed.revoked", "calendar_feed.created"]
        assert db.session.scalar(select(CalendarFeed.token_hash)) not in new  # only a hash is kept


def test_a_stopped_address_is_not_found(app, client, area):
    sign_in(client, area[2])
    path = make_address(client, "personal")
    with app.app_context():
        feed_id = db.session.scalar(select(CalendarFeed.id))
    client.post(f"/account/calendars/{feed_id}/stop", data=hidden_fields(client, "/account/calendars"))
    assert client.get(path).status_code == 404


def test_another_person_s_address_can_be_neither_stopped_nor_replaced_nor_seen(app, client, area):
    _, _, officer, other_officer, _, _ = area
    sign_in(client, officer)
    path = make_address(client, "personal")
    with app.app_context():
        feed_id = db.session.scalar(select(CalendarFeed.id))
    other = app.test_client()
    sign_in(other, other_officer)
    fields = hidden_fields(other, "/account/calendars")
    assert other.post(f"/account/calendars/{feed_id}/stop", data=fields).status_code == 404
    assert other.post(f"/account/calendars/{feed_id}/replace", data=fields).status_code == 404
    assert f"feed-{feed_id}" not in other.get("/account/calendars").get_data(as_text=True)
    assert client.get(path).status_code == 200  # still the officer's, untouched
    assert client.get(path.replace("wsoa_cal_", "wsoa_cal_x")).status_code == 404


def test_an_area_feed_stops_when_its_owner_leaves_the_area(app, client, area):
    _, _, officer, _, _, area_id = area
    sign_in(client, officer)
    path = make_address(client, str(area_id))
    assert client.get(path).status_code == 200
    from wsoa.models import Membership

    with app.app_context():
        db.session.delete(db.session.scalar(select(Membership).where(Membership.user_id == officer.id)))
        db.session.commit()
    assert client.get(path).status_code == 404


def test_a_person_cannot_make_an_address_for_an_area_they_do_not_belong_to(app, client, area):
    make_inspection(app, "Otherton")
    with app.app_context():
        other_id = db.session.scalar(select(LocalArea.id).where(LocalArea.name == "Otherton"))
    sign_in(client, area[2])
    page = post_form(client, "/account/calendars", {"calendar": str(other_id)}).get_data(as_text=True)
    assert "Not a valid choice" in page or "There is a problem" in page
    with app.app_context():
        assert db.session.scalar(select(CalendarFeed.id)) is None
