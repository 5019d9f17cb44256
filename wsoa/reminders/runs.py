"""Who is due what on a day, and the run that sends it once.

The same code runs for `wsoa send-digests`, the scheduler and the tests: `send_digests(today)` processes each
day in the catch-up window that no run has finished, then retries what is due.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .. import audit
from ..extensions import db
from ..models import (
    DIGEST_RUN_MISSED,
    DIGEST_RUN_SENT,
    Delivery,
    DigestRun,
    User,
    utcnow,
)
from ..working_days import is_working_day
from . import digest, ledger
from .digest import (
    OFF,
    WEEKLY,
    Recipient,
)
from .mail import MailBackend, backend_from_settings, one_connection
from .message import KIND_DIGEST, KIND_INVITATION, KIND_KEY_DATES, KIND_NOTICE
from .notifications import notice_email, notices_of_delivery
from .sending import RunReport, Settings, links_for, send_claimed
from .snapshot import People, Snapshot, load_people, load_snapshot

logger = logging.getLogger("wsoa.reminders")

RUN_EVENT = "digests.run"
SKIPPED_EVENT = "digests.skipped"


@dataclass(frozen=True)
class Due:
    recipient: Recipient
    kind: str
    period: str
    day: date


def due_on(people: People | Snapshot, day: date) -> list[Due]:
    """Everyone's email for this day by their preferences (before asking if there is anything to say)."""
    result = []
    for recipient in people.recipients:
        preferences = recipient.preferences
        if preferences.frequency == OFF:
            continue
        period = digest.digest_period(preferences, day)
        if period:
            result.append(Due(recipient, KIND_DIGEST, period, day))
        elif preferences.frequency == WEEKLY and recipient.user_id in people.managers and is_working_day(day):
            result.append(Due(recipient, KIND_KEY_DATES, day.isoformat(), day))
    return result


def compose_for(snapshot: Snapshot, settings: Settings, recipient: Recipient, kind: str, period: str, day: date):
    return digest.compose(
        recipient,
        snapshot.memberships.get(recipient.user_id, []),
        day,
        links_for(settings, recipient.user_id),
        kind=kind,
        period=period,
        service_name=settings.service_name,
    )


def _processed_days(since: date) -> set[date]:
    return set(
        db.session.scalars(
            select(DigestRun.day).where(DigestRun.outcome == DIGEST_RUN_SENT, DigestRun.day >= since).distinct()
        )
    )


def _last_processed_day(today: date) -> date | None:
    """The latest day a run finished, no later than today: a run made "as at" a future day
    (`send-digests --today`) must not hold back the days before it."""
    return db.session.scalar(
        select(func.max(DigestRun.day)).where(DigestRun.outcome == DIGEST_RUN_SENT, DigestRun.day <= today)
    )


@contextmanager
def _ledger_session() -> Iterator[Session]:
    """A session on one connection, kept for a day's emails. The app's session gives its connection back to the
    pool after each commit and takes it again (a ping, and a rollback on return): four more round trips to
    PostgreSQL for the two commits each email needs (its claim, then sent)."""
    with db.engine.connect() as connection, Session(connection) as session:
        yield session


def run_day(
    day: date,
    people: People,
    backend: MailBackend | None,
    settings: Settings,
    report: RunReport,
    *,
    dry_run: bool = False,
) -> None:
    due = due_on(people, day)
    known = ledger.known_keys(db.session, {d.period for d in due})
    sent_before, failed_before = len(report.sent), len(report.failed)
    pending = [item for item in due if (item.recipient.user_id, item.kind, item.period) not in known]
    # Only the people with an email still to send, and their areas, are loaded.
    snapshot = load_snapshot({item.recipient.user_id for item in pending}) if pending else None
    with _ledger_session() as ledger_session:
        for item in pending:
            email = compose_for(snapshot, settings, item.recipient, item.kind, item.period, day)
            if email is None:
                continue  # nothing to say: no email
            if dry_run:
                report.would_send.append(email)
                continue
            delivery_id = ledger.claim(
                ledger_session, item.recipient.user_id, item.kind, item.period, utcnow(), email.subject
            )
            if delivery_id is None:
                continue  # another run has it
            send_claimed(delivery_id, email, backend, settings, report, ledger_session)
    if not dry_run:
        sent, failed = len(report.sent) - sent_before, len(report.failed) - failed_before
        db.session.add(DigestRun(day=day, outcome=DIGEST_RUN_SENT, sent=sent, failed=failed))
        audit.record(RUN_EVENT, None, summary=f"{day.isoformat()}: {sent} sent, {failed} failed")
        db.session.commit()
    report.days.append(day)


def retry_due(backend: MailBackend, settings: Settings, report: RunReport, now: datetime | None = None) -> None:
    """Send again what failed (after its backoff), what an administrator queued, and claims a crash left behind."""
    now = now or utcnow()
    ids = ledger.due_for_retry(db.session, now, settings.policy)
    if not ids:
        return
    rows = {
        d.id: (d.user_id, d.kind, d.period) for d in db.session.scalars(select(Delivery).where(Delivery.id.in_(ids)))
    }
    snapshot = load_snapshot({user_id for user_id, _, _ in rows.values()})
    recipients = {r.user_id: r for r in snapshot.recipients}
    for delivery_id, (user_id, kind, period) in rows.items():
        if not ledger.take_over(db.session, delivery_id, now, settings.policy):
            continue
        if kind == KIND_NOTICE:
            notices = notices_of_delivery(delivery_id)
            user = db.session.get(User, user_id)
            email = notice_email(user, notices, settings, period) if notices else None
            if email is None:
                ledger.mark_skipped(db.session, delivery_id, "Not sent: there was nothing left to say.")
            else:
                send_claimed(delivery_id, email, backend, settings, report, db.session)
            continue
        if kind == KIND_INVITATION:
            ledger.mark_given_up(
                db.session,
                delivery_id,
                "An invitation cannot be sent again from here: send a new link from the area's members page.",
            )
            continue
        recipient = recipients.get(user_id)
        if recipient is None or recipient.preferences.frequency == OFF:
            ledger.mark_skipped(
                db.session, delivery_id, "Not sent: the person has turned emails off or can no longer sign in."
            )
            continue
        day = digest.period_day(kind, period, recipient.preferences.weekly_day)
        email = compose_for(snapshot, settings, recipient, kind, period, day) if day else None
        if email is None:
            ledger.mark_skipped(db.session, delivery_id, "Not sent: there was nothing left to say.")
            continue
        send_claimed(delivery_id, email, backend, settings, report, db.session)


def send_digests(
    today: date,
    *,
    backend: MailBackend | None = None,
    config: Mapping | None = None,
    dry_run: bool = False,
    retries: bool = True,
) -> RunReport:
    """Process today and any missed day in the catch-up window, then retry what is due. Safe to run again."""
    from flask import current_app

    config = config or current_app.config
    settings = Settings.from_config(config)
    if backend is None and not dry_run:
        backend = backend_from_settings(config)
    report = RunReport()
    window_start = today - timedelta(days=settings.catch_up_days)
    last = _last_processed_day(today)
    if last is not None and last + timedelta(days=1) < window_start:
        first_missed, last_missed = last + timedelta(days=1), window_start - timedelta(days=1)
        report.skipped_days = [first_missed + timedelta(days=n) for n in range((last_missed - first_missed).days + 1)]
        if not dry_run:
            db.session.add_all(DigestRun(day=missed, outcome=DIGEST_RUN_MISSED) for missed in report.skipped_days)
            audit.record(
                SKIPPED_EVENT,
                None,
                summary=(
                    f"Digests for {first_missed.isoformat()} to {last_missed.isoformat()} were not sent: no run "
                    f"happened then, and they are more than {settings.catch_up_days} days old."
                ),
            )
            db.session.commit()
    # Catch up from the day after the last run (within the window); a first ever run starts today.
    first_day = max(window_start, last + timedelta(days=1)) if last is not None else today
    done = _processed_days(window_start)
    days = [first_day + timedelta(days=n) for n in range((today - first_day).days + 1)]
    days = [day for day in days if day not in done]
    # A run with every day already done loads nobody: it only looks for retries.
    people = load_people() if days else None
    with one_connection(backend):
        for day in days:
            run_day(day, people, backend, settings, report, dry_run=dry_run)
        if retries and not dry_run:
            retry_due(backend, settings, report)
    return report
