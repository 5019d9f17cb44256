"""The delivery ledger: claim in the database before sending, mark sent after. Exactly once lives here.

- claim() inserts (user, kind, period). The unique key means only one process wins, however many
  schedulers run; the loser's insert fails and it moves on.
- A claim not marked sent within the lease is taken to be a crashed run and is taken over by a
  conditional UPDATE (compare-and-set on the old claim time), so again only one process wins.
- Failures are tried again with exponential backoff up to a maximum number of attempts, then left
  as failed with the reason, for an administrator to see and resend.

The one window we cannot close is a crash after the mail server accepted a message and before it
was marked sent. We choose at-least-once there: after the lease the message goes again (with the
same Message-ID, which many mail clients de-duplicate). A missed revisit reminder costs more than
a rare duplicate, and the window is the few milliseconds of one UPDATE.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..models import (
    DELIVERY_FAILED,
    DELIVERY_SENDING,
    DELIVERY_SENT,
    DELIVERY_SKIPPED,
    Delivery,
)

DELIVERY_QUEUED = "queued"  # a deliberate resend, waiting for the next run

# A run claims and marks one row per email, so these are plain statements on the table, compiled once: an object
# added to the session, or an ORM-enabled statement built for each email, cost more than the INSERT or UPDATE itself.
_DELIVERY = Delivery.__table__
_CLAIM = insert(_DELIVERY)


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 5
    base_seconds: int = 300
    lease_seconds: int = 15 * 60

    def next_attempt(self, attempts: int, now: datetime) -> datetime | None:
        if attempts >= self.max_attempts:
            return None
        return now + timedelta(seconds=self.base_seconds * 2 ** (attempts - 1))


def claim(
    session: Session,
    user_id: int,
    kind: str,
    period: str,
    now: datetime,
    subject: str = "",
    also: Callable[[int], None] | None = None,
) -> int | None:
    """Insert the ledger row; its id if this process now owns the send, None if someone else has it.

    `also(delivery_id)` runs in the same transaction, for what must be claimed with it (the notifications
    an email carries)."""
    row = {
        "user_id": user_id,
        "kind": kind,
        "period": period,
        "status": DELIVERY_SENDING,
        "attempts": 1,
        "subject": subject[:300],
        "claimed_at": now,
        "last_error": "",
    }
    try:
        delivery_id = session.connection().execute(_CLAIM, row).inserted_primary_key[0]
        if also is not None:
            also(delivery_id)
        session.commit()
    except IntegrityError:
        session.rollback()
        return None
    return delivery_id


def take_over(session: Session, delivery_id: int, now: datetime, policy: RetryPolicy) -> bool:
    """Own a delivery that is due for another try: failed or queued and due, or claimed and past its lease."""
    stale_before = now - timedelta(seconds=policy.lease_seconds)
    result = session.execute(
        update(Delivery)
        .where(
            Delivery.id == delivery_id,
            or_(
                and_(Delivery.status.in_((DELIVERY_FAILED, DELIVERY_QUEUED)), Delivery.next_attempt_at <= now),
                and_(Delivery.status == DELIVERY_SENDING, Delivery.claimed_at < stale_before),
            ),
        )
        .values(status=DELIVERY_SENDING, claimed_at=now, attempts=Delivery.attempts + 1, next_attempt_at=None)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return result.rowcount == 1


def due_for_retry(session: Session, now: datetime, policy: RetryPolicy) -> list[int]:
    stale_before = now - timedelta(seconds=policy.lease_seconds)
    return list(
        session.scalars(
            select(Delivery.id)
            .where(
                or_(
                    and_(Delivery.status.in_((DELIVERY_FAILED, DELIVERY_QUEUED)), Delivery.next_attempt_at <= now),
                    and_(Delivery.status == DELIVERY_SENDING, Delivery.claimed_at < stale_before),
                )
            )
            .order_by(Delivery.id)
        )
    )


def _set(session: Session, delivery_id: int, **values) -> None:
    session.connection().execute(update(_DELIVERY).where(_DELIVERY.c.id == delivery_id).values(**values))
    session.commit()


def mark_sent(session: Session, delivery_id: int, provider_id: str, now: datetime, subject: str = "") -> None:
    values = {"status": DELIVERY_SENT, "sent_at": now, "provider_id": provider_id[:200], "last_error": ""}
    if subject:
        values["subject"] = subject[:300]
    _set(session, delivery_id, **values)


def mark_failed(session: Session, delivery_id: int, error: str, now: datetime, policy: RetryPolicy) -> None:
    attempts = session.scalar(select(Delivery.attempts).where(Delivery.id == delivery_id)) or 1
    _set(
        session,
        delivery_id,
        status=DELIVERY_FAILED,
        last_error=error[:2000],
        next_attempt_at=policy.next_attempt(attempts, now),
    )


def mark_given_up(session: Session, delivery_id: int, error: str) -> None:
    _set(session, delivery_id, status=DELIVERY_FAILED, last_error=error[:2000], next_attempt_at=None)


def mark_skipped(session: Session, delivery_id: int, reason: str) -> None:
    _set(session, delivery_id, status=DELIVERY_SKIPPED, last_error=reason[:2000], next_attempt_at=None)


def queue_resend(session: Session, delivery: Delivery, now: datetime, reason: str) -> None:
    """A deliberate second send: the next run (or the retry sweep) sends it again."""
    delivery.status = DELIVERY_QUEUED
    delivery.attempts = 0
    delivery.next_attempt_at = now
    delivery.resend_count += 1
    delivery.last_error = reason[:2000]


def known_keys(session: Session, periods: set[str]) -> set[tuple[int, str, str]]:
    """(user, kind, period) already in the ledger for these periods, whatever their state."""
    if not periods:
        return set()
    rows = session.execute(select(Delivery.user_id, Delivery.kind, Delivery.period).where(Delivery.period.in_(periods)))
    return {tuple(row) for row in rows}
