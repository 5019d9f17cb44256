"""Test data for reminders and digests, built on tests/factories.py. Factories return plain values."""

from __future__ import annotations

import asyncio
import socket
from dataclasses import dataclass, field
from datetime import date, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from flask import Flask

from tests.factories import UserData, make_actions, make_inspection, make_user
from wsoa.extensions import db
from wsoa.models import Action, EmailPreference, Inspection, LocalArea, Membership, User
from wsoa.reminders.message import Email


def set_preferences(app: Flask, user: UserData, frequency: str, weekly_day: int = 0) -> None:
    with app.app_context():
        row = db.session.get(EmailPreference, user.id) or EmailPreference(user_id=user.id)
        row.frequency, row.weekly_day = frequency, weekly_day
        db.session.add(row)
        db.session.commit()


def set_action(app: Flask, action_id: int, **values) -> None:
    with app.app_context():
        action = db.session.get(Action, action_id)
        for name, value in values.items():
            setattr(action, name, value)
        db.session.commit()


def add_member(app: Flask, user: UserData, area_name: str, role: str) -> None:
    with app.app_context():
        area = db.session.query(LocalArea).filter_by(name=area_name).one()
        db.session.add(Membership(user_id=user.id, local_area_id=area.id, role=role))
        db.session.commit()


def rename(app: Flask, user: UserData, name: str) -> None:
    with app.app_context():
        db.session.get(User, user.id).name = name
        db.session.commit()


@dataclass(frozen=True)
class MonthArea:
    """Westmarsh in December 2026, and Eastfield, where the lead officer also works."""

    manager: UserData  # daily (the default)
    weekly_manager: UserData  # weekly, Mondays
    lead: UserData  # daily, 3 days' notice; leads W1 (Westmarsh) and E1 (Eastfield)
    partner: UserData  # weekly, Wednesdays; partner on W1
    viewer: UserData  # daily, leads nothing
    switched_off: UserData  # preference off; leads an overdue action
    westmarsh_action: int
    eastfield_action: int
    quiet_action: int
    inspection_id: int


def make_month_area(app: Flask) -> MonthArea:
    """Build the month's fixture. Call with the clock frozen before the month starts."""
    inspection = make_inspection(app, "Westmarsh")
    manager = make_user(app, "manager", "Westmarsh", "manager@westmarsh.example")
    weekly_manager = make_user(app, "manager", "Westmarsh", "weekly.manager@westmarsh.example")
    lead = make_user(app, "officer", "Westmarsh", "lead@westmarsh.example")
    partner = make_user(app, "officer", "Westmarsh", "partner@westmarsh.example")
    viewer = make_user(app, "viewer", "Westmarsh", "viewer@westmarsh.example")
    switched_off = make_user(app, "officer", "Westmarsh", "off@westmarsh.example")
    for user, name in (
        (manager, "Mina Manager"), (weekly_manager, "Wes Weekly"), (lead, "Lee Lead"), (partner, "Pat Partner"),
        (viewer, "Vic Viewer"), (switched_off, "Otto Off"),
    ):
        rename(app, user, name)
    set_preferences(app, weekly_manager, "weekly", weekly_day=0)
    set_preferences(app, lead, "daily")
    set_preferences(app, partner, "weekly", weekly_day=2)
    set_preferences(app, switched_off, "off")
    actions = make_actions(app, inspection, manager)
    with app.app_context():
        area = db.session.query(LocalArea).filter_by(name="Westmarsh").one()
        area.stale_after_days = 365  # this month is about due dates and key dates, not staleness
        area.due_soon_days = 3
        row = db.session.get(Inspection, inspection.id)
        row.wsoa_deadline = date(2025, 6, 20)  # long past: no reminders
        row.revisit_date = date(2027, 1, 8)  # 30 days before: Wed 9 Dec; 14 days before: Christmas Day
        partner_user = db.session.get(User, partner.id)
        first = db.session.get(Action, actions[0].id)
        first.partner_users.append(partner_user)
        db.session.commit()
    set_action(app, actions[0].id, lead_id=lead.id, due_date=date(2026, 12, 10))
    set_action(app, actions[1].id, lead_id=switched_off.id, due_date=date(2026, 11, 20))

    eastfield = make_inspection(app, "Eastfield")
    eastfield_manager = make_user(app, "manager", "Eastfield", "manager@eastfield.example")
    set_preferences(app, eastfield_manager, "off")
    add_member(app, lead, "Eastfield", "officer")
    eastfield_actions = make_actions(app, eastfield, eastfield_manager)
    with app.app_context():
        eastfield_area = db.session.query(LocalArea).filter_by(name="Eastfield").one()
        eastfield_area.stale_after_days, eastfield_area.due_soon_days = 365, 3
        db.session.commit()
    set_action(app, eastfield_actions[0].id, lead_id=lead.id, due_date=date(2026, 12, 8))
    return MonthArea(
        manager, weekly_manager, lead, partner, viewer, switched_off,
        actions[0].id, eastfield_actions[0].id, actions[1].id, inspection.id,
    )


# -- A real SMTP server on loopback ----------------------------------------------------------------


@dataclass
class Received:
    to: str
    subject: str
    message: EmailMessage
    raw: bytes = b""


@dataclass
class _Collector:
    messages: list[Received] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        raw = envelope.original_content or envelope.content
        message = message_from_bytes(raw, policy=policy.default)
        for to in envelope.rcpt_tos:
            self.messages.append(Received(to, str(message["Subject"]), message, raw))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpSink:
    """aiosmtpd on 127.0.0.1 and a free port, collecting what it receives."""

    def __init__(self) -> None:
        self.collector = _Collector()
        self.port = free_port()
        loop = asyncio.new_event_loop()
        self.controller = Controller(self.collector, hostname="127.0.0.1", port=self.port, loop=loop)

    @property
    def messages(self) -> list[Received]:
        return self.collector.messages

    def __enter__(self) -> SmtpSink:
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()
        self.controller.loop.close()


class RecordingBackend:
    """Keeps what it is asked to send; optionally fails, or 'crashes' the run, after k sends."""

    def __init__(self, crash_after: int | None = None, fail_with: Exception | None = None):
        self.sent: list[Email] = []
        self.crash_after = crash_after
        self.fail_with = fail_with

    def send(self, email: Email) -> str:
        if self.crash_after is not None and len(self.sent) >= self.crash_after:
            raise SimulatedCrash(f"killed after {self.crash_after} sends")
        if self.fail_with is not None:
            raise self.fail_with
        self.sent.append(email)
        return f"recorded-{len(self.sent)}"


class SimulatedCrash(BaseException):  # noqa: N818 - like KeyboardInterrupt: not an Exception, so nothing catches it
    """The process dies mid-run: nothing below the sending code gets to record anything."""


def london_morning(day: date) -> datetime:
    from zoneinfo import ZoneInfo

    return datetime(day.year, day.month, day.day, 7, 0, tzinfo=ZoneInfo("Europe/London"))
