"""What every sending path shares: the settings, the report of a run, and sending a claimed email."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from ..models import utcnow
from . import ledger
from .digest import Links
from .mail import MailBackend, MailNotConfigured
from .message import Email
from .tokens import unsubscribe_token

logger = logging.getLogger("wsoa.reminders")


@dataclass
class RunReport:
    sent: list[tuple[str, str, str]] = field(default_factory=list)  # (to, kind, period)
    failed: list[tuple[str, str, str, str]] = field(default_factory=list)
    would_send: list[Email] = field(default_factory=list)  # a dry run's emails, composed and not sent
    skipped_days: list[date] = field(default_factory=list)
    days: list[date] = field(default_factory=list)


@dataclass(frozen=True)
class Settings:
    base_url: str
    secret_key: str
    service_name: str
    catch_up_days: int
    policy: ledger.RetryPolicy

    @classmethod
    def from_config(cls, config: Mapping) -> Settings:
        if not config.get("APP_BASE_URL"):
            raise MailNotConfigured("Set APP_BASE_URL to the address people use to reach wsoa: emails link to it.")
        return cls(
            base_url=config["APP_BASE_URL"],
            secret_key=config["SECRET_KEY"],
            service_name=config.get("SERVICE_NAME", "Track your SEND inspection response"),
            catch_up_days=int(config.get("DIGEST_CATCH_UP_DAYS", 3)),
            policy=ledger.RetryPolicy(
                max_attempts=int(config.get("DIGEST_MAX_ATTEMPTS", 5)),
                base_seconds=int(config.get("DIGEST_RETRY_BASE_SECONDS", 300)),
                lease_seconds=int(config.get("DIGEST_LEASE_SECONDS", 900)),
            ),
        )


def links_for(settings: Settings, user_id: int) -> Links:
    token = unsubscribe_token(settings.secret_key, user_id)
    return Links(settings.base_url, settings.base_url.rstrip("/") + f"/email/unsubscribe/{token}")


def send_claimed(
    delivery_id: int, email: Email, backend: MailBackend, settings: Settings, report: RunReport, session: Session
) -> None:
    """Send an email this process has claimed, and mark its delivery (in `session`) sent or failed."""
    key = (email.to, email.kind, email.reference.rsplit("/", 1)[-1])
    try:
        provider_id = backend.send(email)
    except Exception as error:  # noqa: BLE001 - any failure of the mail service is recorded and retried
        message = f"{type(error).__name__}: {error}"
        logger.warning("Sending %s failed: %s", email.reference, message)
        ledger.mark_failed(session, delivery_id, message, utcnow(), settings.policy)
        report.failed.append((*key, message))
        return
    ledger.mark_sent(session, delivery_id, provider_id or "", utcnow(), email.subject)
    report.sent.append(key)
