"""How long composing and sending every digest takes for a national dataset, and the memory it needs.

    python bench/digests.py [--seed N] [--day YYYY-MM-DD]

Builds bench/national_dataset.py (150 areas, 2,000 users, 15,000 actions, 150,000 updates) in a
temporary SQLite database (or the PostgreSQL database in DATABASE_URL, which it empties), then runs
the same send_digests code the scheduler runs, sending to a local SMTP sink (aiosmtpd on loopback).
Target: under 60 s and under 300 MB for 2,000 users.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from flask_migrate import upgrade  # noqa: E402 - after the path set-up above

from bench.national_dataset import build  # noqa: E402
from config import TestConfig  # noqa: E402
from tests.database import drop_everything  # noqa: E402
from tests.reminder_factories import SmtpSink  # noqa: E402
from wsoa.app import create_app  # noqa: E402
from wsoa.extensions import db  # noqa: E402
from wsoa.reminders.mail import SmtpBackend  # noqa: E402
from wsoa.reminders.runs import compose_for, due_on, send_digests  # noqa: E402
from wsoa.reminders.sending import Settings  # noqa: E402
from wsoa.reminders.snapshot import load_snapshot  # noqa: E402


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--day", type=date.fromisoformat, default=date(2026, 11, 24))
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:

        class BenchConfig(TestConfig):
            if not TestConfig.SQLALCHEMY_DATABASE_URI.startswith("postgresql"):
                SQLALCHEMY_DATABASE_URI = f"sqlite:///{folder}/bench.db"

        app = create_app(BenchConfig)
        with app.app_context():
            drop_everything()
            upgrade()
            started = time.perf_counter()
            counts = build(db.session, seed=args.seed, today=args.day)
            print(
                f"Dataset: {counts.areas} areas, {counts.users} users, {counts.actions} actions, "
                f"{counts.updates} updates, {counts.evidence} evidence awaiting review, "
                f"built in {time.perf_counter() - started:.1f} s ({BenchConfig.SQLALCHEMY_DATABASE_URI.split(':')[0]})"
            )
            rss_before = peak_rss_mb()

            started = time.perf_counter()
            snapshot = load_snapshot()
            settings = Settings.from_config(app.config)
            due = due_on(snapshot, args.day)
            emails = [compose_for(snapshot, settings, d.recipient, d.kind, d.period, d.day) for d in due]
            composed = [e for e in emails if e is not None]
            compose_seconds = time.perf_counter() - started
            print(f"Compose only: {len(composed)} emails for {len(emails)} people due, in {compose_seconds:.1f} s")
            del snapshot, emails, composed

            with SmtpSink() as sink:
                backend = SmtpBackend("127.0.0.1", sink.port, "reminders@wsoa.test", tls="none")
                started = time.perf_counter()
                report = send_digests(args.day, backend=backend)
                seconds = time.perf_counter() - started
                received = len(sink.messages)
            peak = peak_rss_mb()
            print(
                f"Compose and send: {len(report.sent)} sent, {len(report.failed)} failed, {received} received by the "
                f"SMTP sink, in {seconds:.1f} s"
            )
            print(f"Peak memory (process RSS): {peak:.0f} MB (after building the dataset: {rss_before:.0f} MB)")
            verdict = "within" if seconds < 60 and peak < 300 else "OUTSIDE"
            print(f"Target under 60 s and 300 MB for 2,000 users: {verdict}")
            db.session.remove()
            drop_everything()


if __name__ == "__main__":
    main()
