"""A month of digests through a real SMTP server: who got what, on which day; nothing empty, nothing twice."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import time_machine

from tests.reminder_factories import SmtpSink, london_morning, make_month_area, set_action
from wsoa.extensions import db
from wsoa.models import Delivery
from wsoa.reminders.mail import SmtpBackend
from wsoa.reminders.runs import send_digests

DECEMBER = [date(2026, 12, 1) + timedelta(days=n) for n in range(31)]


def run_month(app, month, backend, sink):
    received = []
    for day in DECEMBER:
        with time_machine.travel(london_morning(day), tick=False):
            if day == date(2026, 12, 16):
                set_action(app, month.westmarsh_action, status="complete")  # the lead marks it complete
            if day == date(2026, 12, 22):
                set_action(app, month.westmarsh_action, status="signed_off")  # a manager signs it off
            before = len(sink.messages)
            with app.app_context():
                send_digests(day, backend=backend)
                send_digests(day, backend=backend)  # a second run the same morning sends nothing
            received += [(day, m.to, m.subject, m.message) for m in sink.messages[before:]]
            for m in sink.messages[before:]:  # the raw header, unencoded, as mail clients read it
                assert b"\r\nList-Unsubscribe: <https://wsoa.test/email/unsubscribe/" in m.raw
    return received


def test_a_month_of_digests(app):
    with time_machine.travel(london_morning(date(2026, 11, 30)), tick=False):
        month = make_month_area(app)
    with SmtpSink() as sink:
        backend = SmtpBackend("127.0.0.1", sink.port, "reminders@wsoa.test", tls="none")
        received = run_month(app, month, backend, sink)
    got = sorted((day.isoformat()[5:], to.split("@")[0], subject.split(" – ")[0]) for day, to, subject, _ in received)
    assert got == EXPECTED

    # Nothing twice: one message per person per period, and the ledger agrees with the mail server.
    assert max(Counter((day, to) for day, to, _, _ in received).values()) == 1
    with app.app_context():
        statuses = Counter(status for (status,) in db.session.query(Delivery.status))
    assert statuses == {"sent": len(EXPECTED)}

    # Every subject names its day; every message is a merged, useful, accessible email.
    for day, _to, subject, message in received:
        assert subject.endswith(f"{day.day} December 2026")
        assert str(message["List-Unsubscribe"]).strip().startswith("<https://wsoa.test/email/unsubscribe/")
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        html = message.get_body(("html",)).get_content()
        text = message.get_body(("plain",)).get_content()
        assert '<html lang="en">' in html and html.count("<h1") == 1 and "<img" not in html
        assert "https://wsoa.test/email-preferences" in text
    merged = next(m for day, to, _, m in received if to == "lead@westmarsh.example" and day == date(2026, 12, 9))
    text = merged.get_body(("plain",)).get_content()
    assert "WESTMARSH" in text and "EASTFIELD" in text
    assert f"https://wsoa.test/actions/{month.westmarsh_action}" in text
    assert f"https://wsoa.test/actions/{month.eastfield_action}" in text
    reminder = next(m for day, to, _, m in received if to == "manager@westmarsh.example" and day == date(2026, 12, 29))
    assert "Revisit expected: 10 days to go, on 8 January 2027." in reminder.get_body(("plain",)).get_content()


# (month-day, who, subject before its date). Weekends and the Christmas bank holidays (25 and 28 December)
# are quiet; the viewer and the person who turned emails off get nothing; the 14-day revisit reminder
# falls on Christmas Day and comes with the next working day's email.
EXPECTED = sorted(
    [
        ("12-09", "partner", "Your SEND actions: 1 due soon"),  # weekly, Wednesdays: on the 2nd it was 8 days off
        ("12-07", "lead", "Your SEND actions: 2 due soon"),  # both areas give 3 days' notice; one email
        ("12-08", "lead", "Your SEND actions: 2 due soon"),
        ("12-09", "lead", "Your SEND actions: 1 overdue, 1 due soon"),
        ("12-10", "lead", "Your SEND actions: 1 overdue, 1 due soon"),
        ("12-11", "lead", "Your SEND actions: 2 overdue"),
        ("12-14", "lead", "Your SEND actions: 2 overdue"),
        ("12-15", "lead", "Your SEND actions: 2 overdue"),
        *[
            (day, "lead", "Your SEND actions: 1 overdue")  # Westmarsh's action complete from the 16th
            for day in ("12-16", "12-17", "12-18", "12-21", "12-22", "12-23", "12-24", "12-29", "12-30", "12-31")
        ],
        ("12-09", "manager", "Your SEND actions: revisit expected in 30 days"),
        *[("12-" + d, "manager", "Your SEND actions: 1 to sign off") for d in ("16", "17", "18", "21")],
        ("12-29", "manager", "Your SEND actions: revisit expected in 10 days"),
        ("12-09", "weekly.manager", "Revisit expected: 30 days to go"),  # on its own: not his weekly day
        ("12-21", "weekly.manager", "Your SEND actions: 1 to sign off"),  # Monday
        ("12-29", "weekly.manager", "Your SEND actions: revisit expected in 10 days"),  # Monday 28th is a holiday
    ]
)
