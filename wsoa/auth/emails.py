"""Emails about a person's own account: the link to unlock it, and the link to confirm joining an area.

Composed from templates/email like the digests, and sent through the same mail backends. They go as
the "invitation" kind of email, so GOV.UK Notify uses NOTIFY_TEMPLATE_INVITATION (it shows
((subject)) and ((body))). Only the person the account belongs to is sent a link; it is never shown
on anyone else's screen.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime

from ..reminders.digest import HTML_EMAILS, TEXT_EMAILS
from ..reminders.mail import MailNotConfigured, backend_from_settings
from ..reminders.message import KIND_INVITATION, Email

logger = logging.getLogger("wsoa.auth")

def _compose(template: str, *, to: str, subject: str, reference: str, link: str, name: str, **context) -> Email:
    context = {"subject": subject, "link": link, "name": name, **context}
    text = TEXT_EMAILS.get_template(f"{template}.txt").render(context)
    return Email(
        to=to,
        subject=subject,
        text=text,
        html=HTML_EMAILS.get_template(f"{template}.html").render(context),
        kind=KIND_INVITATION,
        reference=reference,
        personalisation={"subject": subject, "body": text, "name": name, "link": link},
    )


def compose_unlock(
    *, user_id: int, to: str, name: str, link: str, expires_at: datetime, lock_minutes: int, service_name: str
) -> Email:
    return _compose(
        "unlock",
        to=to,
        subject=f"Your {service_name} account is locked",
        reference=f"unlock/{user_id}/{expires_at:%Y-%m-%dT%H:%M:%S}",
        link=link,
        name=name,
        expires_at=expires_at,
        lock_minutes=lock_minutes,
        service_name=service_name,
    )


def compose_join(
    *,
    user_id: int,
    to: str,
    name: str,
    link: str,
    area_name: str,
    role: str,
    invited_by: str,
    expires_at: datetime,
    service_name: str,
) -> Email:
    return _compose(
        "join_area",
        to=to,
        subject=f"Confirm you want to join {area_name} on {service_name}",
        reference=f"join/{user_id}/{expires_at:%Y-%m-%dT%H:%M:%S}",
        link=link,
        name=name,
        area_name=area_name,
        role=role,
        invited_by=invited_by,
        expires_at=expires_at,
        service_name=service_name,
    )


def send(email: Email, config: Mapping) -> bool:
    """Send it; False (and a warning in the log) when email is not set up or the send failed."""
    try:
        backend = backend_from_settings(config)
    except MailNotConfigured:
        logger.warning("%s email to %s not sent: email is not set up", email.reference.split("/")[0], email.to)
        return False
    try:
        backend.send(email)
    except Exception as error:  # noqa: BLE001 - the person can ask again; the failure is logged
        logger.warning("%s email to %s not sent: %s", email.reference.split("/")[0], email.to, error)
        return False
    return True
