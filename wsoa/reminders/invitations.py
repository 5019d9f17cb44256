"""Invitation emails go through the same mail path and ledger as the digests."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from sqlalchemy import select

from ..extensions import db
from ..models import (
    User,
    utcnow,
)
from . import digest, ledger
from .mail import MailBackend, MailNotConfigured, backend_from_settings
from .message import KIND_INVITATION

logger = logging.getLogger("wsoa.reminders")


def send_invitation_email(
    invitation, link: str, invited_by: User, *, backend: MailBackend | None = None, config: Mapping | None = None
) -> str | None:
    """Email a new member their invitation link; returns the provider's id, or None if email is not set up.

    `invitation` is wsoa.members.services.IssuedInvitation. Recorded in the ledger so an administrator
    sees a failure; an invitation is never retried from the ledger (only a hash of its token is kept).
    """
    from flask import current_app

    config = config or current_app.config
    try:
        backend = backend or backend_from_settings(config)
    except MailNotConfigured:
        logger.warning("Invitation to %s not emailed: email is not set up", invitation.email)
        return None
    user = db.session.scalar(select(User).where(User.email == invitation.email))
    period = invitation.expires_at.strftime("%Y-%m-%dT%H:%M:%S")
    email = digest.compose_invitation(
        to=invitation.email,
        name=invitation.name,
        area_name=invitation.area_name,
        role=invitation.role,
        link=link,
        expires_at=invitation.expires_at,
        invited_by=invited_by.name,
        reference=f"{KIND_INVITATION}/{user.id if user else 0}/{period}",
        service_name=config.get("SERVICE_NAME", "Track your SEND inspection response"),
    )
    delivery_id = ledger.claim(db.session, user.id, KIND_INVITATION, period, utcnow(), email.subject) if user else None
    try:
        provider_id = backend.send(email)
    except Exception as error:  # noqa: BLE001 - the manager still has the link on screen to pass on
        if delivery_id:
            ledger.mark_given_up(db.session, delivery_id, f"{type(error).__name__}: {error}")
        logger.warning("Invitation to %s not emailed: %s", invitation.email, error)
        return None
    if delivery_id:
        ledger.mark_sent(db.session, delivery_id, provider_id or "", utcnow())
    return provider_id
