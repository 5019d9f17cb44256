"""Exactly once: crashes, failures with backoff, catch-up, two runs at once (PostgreSQL), dry run, resend."""

from __future__ import annotations

import os
import threading
from datetime import date, datetime, timedelta

import pytest
import time_machine

from tests.factories import make_actions, make_inspection, make_user
from tests.pages import assert_page, csrf_token, redirect_target, sign_in
from tests.reminder_factories import RecordingBackend, SimulatedCrash, london_morning, set_action
from wsoa.extensions import db
from wsoa.models import AuditEvent, Delivery
from wsoa.reminders.runs import send_digests

MONDAY = date(2026, 11, 23)
postgres = bool(os.environ.get("DATABASE_URL"))


@pytest.fixture
def leads(app):
    """Five officers, each leading one overdue action: five digests a day."""
    with time_machine.travel(london_morning(MONDAY - timedelta(days=30)), tick=False):
        inspection = make_inspection(app, "Westmarsh")
        manager = make_user(app, "manager", "Westmarsh")
        actions = make_actions(app, inspection, manager)
        people = [make_user(app, "officer", "Westmarsh") for _ in range(5)]
        for person, action in zip(people, actions, strict=False):
            set_action(app, action.id, lead_id=person.id, due_date=MONDAY - timedelta(days=3))
    return people


def ledger(app):
    with app.app_context():
        return sorted((d.user_id, d.kind, d.period, d.status) for d in db.session.query(Delivery))


def run(app, day, backend, when=None, **kwargs):
    with time_machine.travel(when or london_morning(day), tick=False), app.app_context():
        return send_digests(day, backend=backend, **kwargs)


def test_a_run_killed_after_k_sends_resumes_without_sending_anything_twice(app, leads):
    crashing = RecordingBackend(crash_after=2)
    with pytest.raises(SimulatedCrash):
        run(app, MONDAY, crashing)
    assert len(crashing.sent) == 2
    again = RecordingBackend()
    run(app, MONDAY, again)  # straight away: the interrupted claim is still within its lease
    assert len(again.sent) == 2
    later = london_morning(MONDAY) + timedelta(minutes=20)
    run(app, MONDAY, again, when=later)  # past the lease: the interrupted one is taken over
    everyone = [e.to for e in crashing.sent + again.sent]
    assert sorted(everyone) == sorted(p.email for p in leads)
    assert {status for *_, status in ledger(app)} == {"sent"}


def test_a_failing_mail_server_is_retried_with_backoff_then_given_up(app, leads):
    app.config["DIGEST_MAX_ATTEMPTS"] = 3
    try:
        broken = RecordingBackend(fail_with=ConnectionRefusedError("mail server down"))
        report = run(app, MONDAY, broken)
        assert len(report.failed) == 5
        with app.app_context():
            row = db.session.query(Delivery).first()
            assert row.status == "failed" and row.attempts == 1 and "mail server down" in row.last_error
            first_retry = row.next_attempt_at
        start = london_morning(MONDAY).astimezone().replace(tzinfo=None)
        assert first_retry - datetime.utcfromtimestamp(start.timestamp()) == timedelta(seconds=300)
        # Too early: nothing is tried. After 5 minutes, attempt 2; then 10 minutes more, attempt 3 (the last).
        run(app, MONDAY, broken, when=london_morning(MONDAY) + timedelta(minutes=4))
        run(app, MONDAY, broken, when=london_morning(MONDAY) + timedelta(minutes=6))
        run(app, MONDAY, broken, when=london_morning(MONDAY) + timedelta(minutes=17))
        with app.app_context():
            rows = db.session.query(Delivery).all()
            assert {(r.status, r.attempts, r.next_attempt_at) for r in rows} == {("failed", 3, None)}
        working = RecordingBackend()
        run(app, MONDAY, working, when=london_morning(MONDAY) + timedelta(hours=5))
        assert working.sent == []  # given up: only an administrator's resend sends it now
    finally:
        app.config["DIGEST_MAX_ATTEMPTS"] = 5


def test_a_missed_day_is_caught_up_and_older_ones_are_skipped_and_recorded(app, leads):
    backend = RecordingBackend()
    run(app, MONDAY, backend)
    # The scheduler is down from Tuesday until the next Tuesday: Friday to Monday are within 3 days.
    next_tuesday = MONDAY + timedelta(days=8)
    report = run(app, next_tuesday, backend)
    assert report.skipped_days == [MONDAY + timedelta(days=n) for n in range(1, 5)]  # Tuesday to Friday
    periods = sorted({e.reference.rsplit("/", 1)[1] for e in backend.sent})
    assert periods == ["2026-11-23", "2026-11-30", "2026-12-01"]
    with app.app_context():
        skipped = db.session.query(AuditEvent).filter_by(event="digests.skipped").one()
        assert "2026-11-24 to 2026-11-27" in skipped.summary


def test_dry_run_prints_who_would_get_what_and_sends_nothing(app, leads, runner):
    with time_machine.travel(london_morning(MONDAY), tick=False):
        result = runner.invoke(args=["send-digests", "--today", "2026-11-23", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Dry run: 5 email(s) would be sent" in result.output
    assert f"Would send digest for 2026-11-23 to {leads[0].email}: Your SEND actions: 1 overdue" in result.output
    assert "YOUR SEND ACTIONS" not in result.output  # subjects only, unless asked
    assert ledger(app) == []


def test_a_dry_run_can_print_each_emails_text(app, leads, runner):
    with time_machine.travel(london_morning(MONDAY), tick=False):
        result = runner.invoke(args=["send-digests", "--today", "2026-11-23", "--dry-run", "--bodies"])
    assert result.exit_code == 0, result.output
    assert result.output.count("YOUR SEND ACTIONS") == 5
    assert ledger(app) == []


@pytest.mark.skipif(not postgres, reason="needs PostgreSQL: SQLite serialises every writer, so there is no race")
def test_two_runs_at_once_send_each_digest_once(app, leads):
    backend = RecordingBackend()
    lock = threading.Lock()
    original_send = backend.send

    def send(email):
        with lock:
            return original_send(email)

    backend.send = send
    barrier = threading.Barrier(2)
    errors = []

    def worker():
        try:
            with app.app_context():
                barrier.wait()
                send_digests(MONDAY, backend=backend)
                db.session.remove()
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    with time_machine.travel(london_morning(MONDAY), tick=False):
        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    assert sorted(e.to for e in backend.sent) == sorted(p.email for p in leads)
    assert [status for *_, status in ledger(app)] == ["sent"] * 5


def test_the_administrators_page_lists_deliveries_and_resends_one_deliberately(app, client, leads):
    with time_machine.travel(london_morning(MONDAY), tick=False):
        failing = RecordingBackend(fail_with=TimeoutError("timed out"))
        run(app, MONDAY, failing)
        admin = make_user(app, "admin", email="admin@site.example")
        sign_in(client, admin)
        page = assert_page(client.get("/admin/deliveries?status=failed"), "Email deliveries")
        assert "TimeoutError: timed out" in page and leads[0].email in page
        with app.app_context():
            delivery_id = db.session.query(Delivery.id).filter_by(user_id=leads[0].id).scalar()
        token = csrf_token(client, "/admin/deliveries")
        response = client.post("/admin/deliveries/resend", data={"csrf_token": token, "delivery_id": delivery_id})
        assert redirect_target(response) == "/admin/deliveries"
        working = RecordingBackend()
        run(app, MONDAY, working, when=london_morning(MONDAY) + timedelta(minutes=1))
        assert [e.to for e in working.sent] == [leads[0].email]
        with app.app_context():
            row = db.session.get(Delivery, delivery_id)
            assert (row.status, row.resend_count) == ("sent", 1)
            event = db.session.query(AuditEvent).filter_by(event="delivery.resend").one()
            assert event.actor.email == "admin@site.example"
        # A resend with nothing chosen shows the error summary on the same page.
        response = client.post("/admin/deliveries/resend", data={"csrf_token": token})
        assert "There is a problem" in assert_page(response, "Email deliveries")


def test_only_administrators_see_the_deliveries_page(app, client, leads):
    sign_in(client, leads[0])
    assert client.get("/admin/deliveries").status_code == 403


def test_an_invitation_goes_through_the_same_mail_path_and_ledger(app):
    from wsoa.members.services import IssuedInvitation
    from wsoa.models import User
    from wsoa.reminders.invitations import send_invitation_email

    inviter = make_user(app, "admin", email="inviter@site.example")
    invited = make_user(app, "admin", email="new.person@example.gov.uk")
    invitation = IssuedInvitation("tok", invited.email, "New Person", "Westmarsh", "officer", datetime(2026, 12, 1))
    backend = RecordingBackend()
    with app.app_context():
        provider_id = send_invitation_email(
            invitation, "https://wsoa.test/invitations/tok", db.session.get(User, inviter.id), backend=backend
        )
    assert provider_id == "recorded-1"
    (email,) = backend.sent
    assert email.to == "new.person@example.gov.uk" and email.unsubscribe_url is None
    assert "https://wsoa.test/invitations/tok" in email.text and "as an officer" in email.text
    assert ledger(app) == [(invited.id, "invitation", "2026-12-01T00:00:00", "sent")]


def test_a_run_as_at_a_later_day_does_not_hold_back_the_days_before_it(app, leads):
    backend = RecordingBackend()
    run(app, MONDAY + timedelta(days=7), backend)  # someone ran next Monday's digests early
    report = run(app, MONDAY, backend)
    assert len(report.sent) == 5


def test_send_digests_refuses_a_day_in_the_future(app, leads, runner):
    with time_machine.travel(london_morning(MONDAY), tick=False):
        result = runner.invoke(args=["send-digests", "--today", "2026-11-30"])
    assert result.exit_code == 2
    assert "--today cannot be in the future" in result.output
    assert ledger(app) == []
