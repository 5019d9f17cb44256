"""Notices sent at once: made lead or partner, evidence returned, an action returned or signed off,
mentioned in a comment, and (to an area's managers) a revisit's notice with its countdown.

Each is written by the service that made the change, in the same transaction, so a change and its
notice stand or fall together. The sender (`wsoa send-notifications`, and the scheduler every minute)
waits a little for more to arrive, merges a person's pending notices into one email, claims that email
in the delivery ledger together with the notices it carries, then sends it: each goes once. People
who have turned emails off are not sent notices either.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from functools import partial

from sqlalchemy import select, update

from ..extensions import db
from ..models import DIGEST_OFF, Action, Notification, User, utcnow
from . import ledger
from .digest import NoticeItem, Recipient, compose_notice
from .mail import MailBackend, backend_from_settings, one_connection
from .message import KIND_NOTICE, Email
from .preferences import preferences_of
from .sending import RunReport, Settings, links_for, send_claimed

MADE_LEAD = "made_lead"
MADE_PARTNER = "made_partner"
EVIDENCE_RETURNED = "evidence_returned"
RETURNED = "action_returned"
SIGNED_OFF = "action_signed_off"
MENTIONED = "mentioned"

# A person's notices go once nothing new has come for QUIET, or once the oldest has waited MOST.
QUIET = timedelta(minutes=2)
MOST = timedelta(minutes=5)


def notify(
    user_ids: Iterable[int | None], event: str, action: Action, text: str, actor: User | None, detail: str = ""
) -> None:
    """Queue a notice for each person (never for the one who made the change). The caller commits."""
    for user_id in sorted({user_id for user_id in user_ids if user_id is not None} - {actor.id if actor else None}):
        db.session.add(
            Notification(
                user_id=user_id, action_id=action.id, event=event, text=text, detail=detail, created_at=utcnow()
            )
        )


def _ready(rows: list[Notification], now: datetime) -> bool:
    return max(r.created_at for r in rows) <= now - QUIET or min(r.created_at for r in rows) <= now - MOST


def _path_of(row: Notification) -> str:
    if row.action_id:
        return f"/actions/{row.action_id}"
    if row.inspection_id:  # a revisit's notice
        return f"/inspections/{row.inspection_id}"
    return "/"


def notice_email(user: User, rows: list[Notification], settings: Settings, period: str) -> Email | None:
    recipient = Recipient(user.id, user.name, user.email, preferences_of(user.id))
    links = links_for(settings, user.id)
    items = [NoticeItem(row.text, links.to(_path_of(row)), row.detail) for row in rows]
    return compose_notice(
        recipient, items, links, reference=f"{KIND_NOTICE}/{user.id}/{period}", service_name=settings.service_name
    )


def notices_of_delivery(delivery_id: int) -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(Notification.delivery_id == delivery_id)))


def _mark(ids: list[int], now: datetime, delivery_id: int | None) -> None:
    db.session.execute(
        update(Notification)
        .where(Notification.id.in_(ids), Notification.handled_at.is_(None))
        .values(handled_at=now, delivery_id=delivery_id)
    )


def send_notifications(
    now: datetime | None = None, *, backend: MailBackend | None = None, config: Mapping | None = None
) -> RunReport:
    """Send every person's merged notices that are ready. Safe to run at once from several processes."""
    from flask import current_app

    config = config or current_app.config
    settings = Settings.from_config(config)
    backend = backend or backend_from_settings(config)
    now = now or utcnow()
    report = RunReport()
    pending: dict[int, list[Notification]] = defaultdict(list)
    for row in db.session.scalars(
        select(Notification).where(Notification.handled_at.is_(None)).order_by(Notification.id)
    ):
        pending[row.user_id].append(row)
    with one_connection(backend):
        for user_id, rows in pending.items():
            _send_ready(user_id, rows, now, backend, settings, report)
    return report


def _send_ready(user_id: int, rows: list[Notification], now: datetime, backend, settings, report) -> None:
    if not _ready(rows, now):
        return
    user = db.session.get(User, user_id)
    ids = [row.id for row in rows]
    if user.password_hash is None or preferences_of(user_id).frequency == DIGEST_OFF:
        _mark(ids, now, None)  # nobody to tell: emails off, or the account was never claimed
        db.session.commit()
        return
    period = f"n{ids[0]}"
    email = notice_email(user, rows, settings, period)
    delivery_id = ledger.claim(
        db.session, user_id, KIND_NOTICE, period, now, email.subject, also=partial(_mark, ids, now)
    )
    if delivery_id is None:
        return  # another sender has these
    send_claimed(delivery_id, email, backend, settings, report, db.session)
