"""`wsoa send-digests` and `wsoa scheduler`."""

from __future__ import annotations

import contextlib
import sys
from datetime import date

import click
from flask import current_app

from .mail import MailNotConfigured
from .notifications import send_notifications
from .runs import send_digests
from .scheduler import build_scheduler, london_today


def register_reminder_commands(group: click.Group) -> None:
    @group.command("send-digests")
    @click.option("--today", "today_text", metavar="YYYY-MM-DD", help="Run as if it were this day (London time).")
    @click.option("--dry-run", is_flag=True, help="Print who would get what; send and record nothing.")
    @click.option("--bodies", is_flag=True, help="With --dry-run, print each email's text too.")
    def send_digests_command(today_text: str | None, dry_run: bool, bodies: bool) -> None:
        """Send today's digests and key-date reminders once (and any missed in the last few days)."""

        try:
            today = date.fromisoformat(today_text) if today_text else london_today()
        except ValueError:
            click.echo("--today must be a date like 2026-11-24", err=True)
            sys.exit(2)
        if today > london_today():
            click.echo("--today cannot be in the future: digests for a day are sent on that day", err=True)
            sys.exit(2)
        try:
            report = send_digests(today, dry_run=dry_run)
        except MailNotConfigured as error:
            click.echo(str(error), err=True)
            sys.exit(1)
        if report.skipped_days:
            click.echo(
                f"Skipped {len(report.skipped_days)} day(s) from {report.skipped_days[0]} to "
                f"{report.skipped_days[-1]}: older than the catch-up limit."
            )
        if dry_run:
            for email in report.would_send:
                click.echo(f"Would send {email.reference.split('/')[0]} for {email.reference.rsplit('/', 1)[-1]} "
                           f"to {email.to}: {email.subject}")
                if bodies:
                    click.echo(email.text)
            click.echo(f"Dry run: {len(report.would_send)} email(s) would be sent. Nothing was sent or recorded.")
            return
        for to, kind, period, error in report.failed:
            click.echo(f"Failed {kind} for {period} to {to}: {error}", err=True)
        click.echo(f"Sent {len(report.sent)} email(s); {len(report.failed)} failed and will be tried again.")

    @group.command("scheduler")
    def scheduler_command() -> None:
        """Run the reminders scheduler in this process (Europe/London times). Stop it with Ctrl+C."""
        app = current_app._get_current_object()
        try:
            scheduler = build_scheduler(app)
        except (MailNotConfigured, ValueError) as error:
            click.echo(str(error), err=True)
            sys.exit(1)
        click.echo(f"Sending digests at {app.config['DIGEST_SEND_TIME']} Europe/London. Stop with Ctrl+C.")
        with contextlib.suppress(KeyboardInterrupt, SystemExit):
            scheduler.start()

    @group.command("send-notifications")
    def send_notifications_command() -> None:
        """Send the notices that are ready (made lead, evidence returned, mentioned...), merged per person."""
        try:
            report = send_notifications()
        except MailNotConfigured as error:
            click.echo(str(error), err=True)
            sys.exit(1)
        for to, kind, period, error in report.failed:
            click.echo(f"Failed {kind} {period} to {to}: {error}", err=True)
        click.echo(f"Sent {len(report.sent)} notice email(s); {len(report.failed)} failed and will be tried again.")
