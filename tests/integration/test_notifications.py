"""Notices by email at once: made lead or partner, evidence returned, an action returned or signed off,
mentioned in a comment. Merged when several come within minutes; each sent exactly once, to a real SMTP
server on loopback."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from tests.factories import make_actions, make_inspection, make_user
from tests.pages import post_form, sign_in
from tests.reminder_factories import SmtpSink, set_preferences
from wsoa.actions.evidence import EvidenceDetails, add_evidence
from wsoa.extensions import db
from wsoa.models import Action, Delivery, Evidence, Notification, User, utcnow
from wsoa.reminders.mail import SmtpBackend
from wsoa.reminders.notifications import send_notifications
from wsoa.storage import LocalStorage


@pytest.fixture
def sink():
    with SmtpSink() as running:
        yield running


@pytest.fixture
def team(app):
    inspection = make_inspection(app, "Westmarsh")
    manager = make_user(app, role="manager", area="Westmarsh")
    officer = make_user(app, role="officer", area="Westmarsh")
    partner = make_user(app, role="officer", area="Westmarsh")
    with app.app_context():
        for user, name in ((manager, "Morgan Hale"), (officer, "Olu Adebayo"), (partner, "Priya Shah")):
            db.session.get(User, user.id).name = name
        db.session.commit()
    action = make_actions(app, inspection, manager)[0]
    return action, manager, officer, partner


def send(app, sink, minutes_later: int = 3):
    with app.app_context():
        backend = SmtpBackend("127.0.0.1", sink.port, "notices@wsoa.test", tls="none")
        return send_notifications(utcnow() + timedelta(minutes=minutes_later), backend=backend)


def to(sink, user) -> list:
    return [m for m in sink.messages if m.to == user.email]


def make_lead(client, action_id: int, lead, partners=()):
    page = f"/actions/{action_id}/edit"
    form = client.get(page).get_data(as_text=True)
    findings = re.findall(r'name="findings" type="checkbox" value="(\d+)" checked', form)
    return post_form(
        client,
        page,
        {
            "title": "Make plans timely",
            "findings": findings,
            "lead": str(lead.id),
            "partners": [str(p.id) for p in partners],
        },
    )


def test_the_new_lead_is_told_once(app, client, sink, team):
    action, manager, officer, _ = team
    sign_in(client, manager)
    make_lead(client, action.id, officer)
    send(app, sink)
    send(app, sink, minutes_later=10)
    [message] = to(sink, officer)
    assert message.subject == "Morgan Hale made you the lead of 1.1 Make plans timely."
    assert f"https://wsoa.test/actions/{action.id}" in message.message.get_body(("plain",)).get_content()


def test_nobody_is_told_of_their_own_change(app, client, sink, team):
    action, manager, _, _ = team
    sign_in(client, manager)
    make_lead(client, action.id, manager)
    send(app, sink)
    assert sink.messages == []


def test_a_notice_waits_a_little_for_more_to_merge(app, client, sink, team):
    action, manager, officer, _ = team
    sign_in(client, manager)
    make_lead(client, action.id, officer)
    send(app, sink, minutes_later=0)
    assert sink.messages == []


def test_several_notices_within_minutes_come_as_one_email(app, client, sink, team):
    action, manager, officer, partner = team
    sign_in(client, manager)
    make_lead(client, action.id, officer, partners=[partner])
    post_form(client, f"/actions/{action.id}/comments/new", {"body": "@Olu Adebayo and @Priya Shah: see the minutes"})
    send(app, sink)
    [lead_email] = to(sink, officer)
    assert lead_email.subject == "2 things for you to know about"
    text = lead_email.message.get_body(("plain",)).get_content()
    assert "made you the lead" in text and "mentioned you in a comment" in text and "see the minutes" in text
    [partner_email] = to(sink, partner)
    assert "made you a partner" in partner_email.message.get_body(("plain",)).get_content()


def test_returned_evidence_is_told_to_whoever_added_it_with_the_reason(app, client, sink, team):
    action, manager, officer, _ = team
    with app.app_context():
        row = db.session.get(Action, action.id)
        row.lead_id = officer.id
        db.session.commit()
        evidence = add_evidence(
            db.session.get(User, officer.id),
            row,
            EvidenceDetails("impact", "Survey", date(2026, 1, 5), link_url="https://example.org/s"),
            LocalStorage(app.config["EVIDENCE_STORAGE_DIR"]),
            app.config["EVIDENCE_MAX_BYTES"],
            row.version,
        )
        evidence_id = evidence.id
    sign_in(client, manager)
    post_form(client, f"/evidence/{evidence_id}/review", {"decision": "return", "comment": "Needs this term's figures"})
    send(app, sink)
    [message] = to(sink, officer)
    assert message.subject.startswith("Morgan Hale returned your evidence on 1.1")
    assert "Needs this term's figures" in message.message.get_body(("plain",)).get_content()


def test_someone_who_turned_emails_off_gets_no_notice(app, client, sink, team):
    action, manager, officer, _ = team
    set_preferences(app, officer, "off")
    sign_in(client, manager)
    make_lead(client, action.id, officer)
    send(app, sink)
    assert sink.messages == []
    with app.app_context():
        assert db.session.query(Notification).one().handled_at is not None


def test_each_notice_email_is_in_the_delivery_ledger_once(app, client, sink, team):
    action, manager, officer, _ = team
    sign_in(client, manager)
    make_lead(client, action.id, officer)
    send(app, sink)
    send(app, sink, minutes_later=20)
    with app.app_context():
        assert [(d.kind, d.status) for d in db.session.query(Delivery)] == [("notice", "sent")]
    assert len(sink.messages) == 1


def test_returned_evidence_can_be_replaced_by_whoever_added_it(app, client, team):
    action, manager, officer, _ = team
    with app.app_context():
        row = db.session.get(Action, action.id)
        row.lead_id = officer.id
        db.session.commit()
        returned = add_evidence(
            db.session.get(User, officer.id),
            row,
            EvidenceDetails("impact", "Survey", date(2026, 1, 5), link_url="https://example.org/s"),
            LocalStorage(app.config["EVIDENCE_STORAGE_DIR"]),
            app.config["EVIDENCE_MAX_BYTES"],
            row.version,
        )
        returned.review_status = "returned"
        db.session.commit()
        returned_id = returned.id
    sign_in(client, officer)
    post_form(
        client,
        f"/evidence/{returned_id}/replace",
        {
            "kind": "impact",
            "description": "Survey, this term",
            "as_at": ["1", "3", "2026"],
            "link_url": "https://example.org/s2",
        },
    )
    with app.app_context():
        old, new = db.session.query(Evidence).order_by(Evidence.id).all()
        assert (old.review_status, old.replaced_by_id) == ("withdrawn", new.id)
        assert (new.review_status, new.description) == ("awaiting_review", "Survey, this term")


def test_returned_evidence_can_be_withdrawn_by_whoever_added_it_and_by_nobody_else(app, client, team):
    action, manager, officer, _ = team
    with app.app_context():
        row = db.session.get(Action, action.id)
        returned = add_evidence(
            db.session.get(User, manager.id),
            row,
            EvidenceDetails("impact", "Survey", date(2026, 1, 5), link_url="https://example.org/s"),
            LocalStorage(app.config["EVIDENCE_STORAGE_DIR"]),
            app.config["EVIDENCE_MAX_BYTES"],
            row.version,
        )
        returned.review_status = "returned"
        db.session.commit()
        returned_id = returned.id
    sign_in(client, officer)
    assert client.get(f"/evidence/{returned_id}/replace").status_code == 403  # a member of the area, not its author
    author = app.test_client()
    sign_in(author, manager)
    post_form(author, f"/evidence/{returned_id}/withdraw", {}, page=f"/actions/{action.id}")
    with app.app_context():
        assert db.session.get(Evidence, returned_id).review_status == "withdrawn"
