"""The scheduler process: `wsoa scheduler`. Never run inside web workers.

APScheduler only decides when; exactly-once lives in the database (the delivery ledger), so two
scheduler processes at once still send each digest once (APScheduler's FAQ: a shared job store
across processes is not supported, so we do not rely on one).
"""

from __future__ import annotations

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Flask

LONDON = ZoneInfo("Europe/London")
RETRY_EVERY_MINUTES = 15
logger = logging.getLogger("wsoa.reminders")


def parse_send_time(text: str) -> tuple[int, int]:
    """'07:00' -> (7, 0)."""
    try:
        hour, minute = (int(part) for part in text.split(":"))
    except ValueError:
        raise ValueError(f"DIGEST_SEND_TIME must look like 07:00; it is {text!r}") from None
    if not (0 <= hour < 24 and 0 <= minute < 60):
        raise ValueError(f"DIGEST_SEND_TIME must look like 07:00; it is {text!r}")
    return hour, minute


def london_today():
    return datetime.now(LONDON).date()


def build_scheduler(app: Flask, scheduler_class=None):
    from apscheduler.schedulers.blocking import BlockingScheduler
    from apscheduler.triggers.cron import CronTrigger

    from ..extensions import db
    from .mail import backend_from_settings
    from .notifications import send_notifications
    from .runs import retry_due, send_digests
    from .sending import RunReport, Settings

    hour, minute = parse_send_time(app.config["DIGEST_SEND_TIME"])
    backend_from_settings(app.config)  # refuse to start without mail settings
    Settings.from_config(app.config)

    def digests() -> None:
        with app.app_context():
            try:
                report = send_digests(london_today())
                logger.info("Digests: %s sent, %s failed", len(report.sent), len(report.failed))
            finally:
                db.session.remove()

    def retries() -> None:
        with app.app_context():
            try:
                retry_due(backend_from_settings(app.config), Settings.from_config(app.config), RunReport())
            finally:
                db.session.remove()

    def notices() -> None:
        with app.app_context():
            try:
                report = send_notifications()
                if report.sent or report.failed:
                    logger.info("Notices: %s sent, %s failed", len(report.sent), len(report.failed))
            finally:
                db.session.remove()

    scheduler = (scheduler_class or BlockingScheduler)(
        timezone=LONDON, job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 3600}
    )
    scheduler.add_job(digests, CronTrigger(hour=hour, minute=minute, timezone=LONDON), id="digests")
    scheduler.add_job(retries, CronTrigger(minute=f"*/{RETRY_EVERY_MINUTES}", timezone=LONDON), id="retries")
    scheduler.add_job(notices, CronTrigger(minute="*", timezone=LONDON), id="notices")
    # Catch up on start: a day missed while the scheduler was down is sent now (within DIGEST_CATCH_UP_DAYS),
    # but not before today's send time.
    now = datetime.now(LONDON)
    if (now.hour, now.minute) >= (hour, minute):
        scheduler.add_job(digests, id="catch-up")
    return scheduler
