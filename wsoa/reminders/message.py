"""An email as plain data: what the composer produces and every mail backend sends. No Flask, no database."""

from __future__ import annotations

from dataclasses import dataclass, field

KIND_DIGEST = "digest"
KIND_KEY_DATES = "key_dates"
KIND_INVITATION = "invitation"
KIND_NOTICE = "notice"  # sent at once: made lead, evidence returned, mentioned...


@dataclass(frozen=True)
class Email:
    to: str
    subject: str
    text: str
    html: str
    kind: str
    # The ledger key, e.g. "digest/42/2026-11-24": a stable Message-ID and GOV.UK Notify reference.
    reference: str
    # RFC 8058 one-click unsubscribe; None for emails a person cannot opt out of (invitations).
    unsubscribe_url: str | None = None
    # What a GOV.UK Notify template fills in: ((subject)) and ((body)) at least.
    personalisation: dict[str, str] = field(default_factory=dict)
