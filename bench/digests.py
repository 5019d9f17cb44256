"""How long composing and sending every digest takes for a national dataset, and the memory it needs.

    python bench/digests.py [--seed N] [--day YYYY-MM-DD]

Builds bench/national_dataset.py (150 areas, 2,000 users, 15,000 actions, 150,000 updates) in a
temporary SQLite database (or the PostgreSQL database in DATABASE_URL, which it empties). Then, in a
fresh process (so its memory is the run's, not the dataset builder's), runs the same send_digests code
the scheduler runs, over plain SMTP to a sink (aiosmtpd) in a third process, and runs it again the same
day: the second run has nothing to send.
Targets: the first run under 10 s and under 150 MB for 2,000 users; the second under 0.5 s.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

TARGET_SECONDS = 10
TARGET_MB = 150
TARGET_SECOND_RUN_SECONDS = 0.5


def peak_rss_mb() -> float:
    """This process's peak resident set (VmHWM). Not getrusage's ru_maxrss, which a process started by
    another keeps from its parent (here, the one that built the dataset)."""
    status = Path("/proc/self/status").read_text()
    return int(status.split("VmHWM:", 1)[1].split()[0]) / 1024  # kilobytes


def _config(database_url: str):
    from config import TestConfig

    class BenchConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = database_url

    return BenchConfig


def sink() -> None:
    """The SMTP sink process: prints its port, counts what it receives, and answers "count" on stdin."""
    import asyncio

    from aiosmtpd.controller import Controller

    from tests.reminder_factories import free_port

    class Counter:
        received = 0

        async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
            Counter.received += 1
            return "250 Message accepted for delivery"

    controller = Controller(Counter(), hostname="127.0.0.1", port=free_port(), loop=asyncio.new_event_loop())
    controller.start()
    print(controller.port, flush=True)
    for line in sys.stdin:
        if line.strip() == "count":
            print(Counter.received, flush=True)
    controller.stop()


def send(database_url: str, port: int, day: date) -> None:
    """The sending process: two runs the same day, figures as one JSON line."""
    from wsoa.app import create_app
    from wsoa.reminders.mail import SmtpBackend
    from wsoa.reminders.runs import send_digests

    app = create_app(_config(database_url))
    backend = SmtpBackend("127.0.0.1", port, "reminders@wsoa.test", tls="none")
    with app.app_context():
        rss_before = peak_rss_mb()
        started = time.perf_counter()
        report = send_digests(day, backend=backend)
        first = time.perf_counter() - started
        peak = peak_rss_mb()
        started = time.perf_counter()
        again = send_digests(day, backend=backend)
        second = time.perf_counter() - started
    print(
        json.dumps(
            {
                "sent": len(report.sent),
                "failed": len(report.failed),
                "seconds": first,
                "peak_mb": peak,
                "start_mb": rss_before,
                "second_seconds": second,
                "second_sent": len(again.sent),
            }
        )
    )


def build(database_url: str, seed: int, day: date) -> None:
    from flask_migrate import upgrade

    from bench.national_dataset import build as build_dataset
    from tests.database import drop_everything
    from wsoa.app import create_app
    from wsoa.extensions import db

    app = create_app(_config(database_url))
    with app.app_context():
        drop_everything()
        upgrade()
        started = time.perf_counter()
        counts = build_dataset(db.session, seed=seed, today=day)
        db.session.remove()
        db.engine.dispose()
    print(
        f"Dataset: {counts.areas} areas, {counts.users} users, {counts.actions} actions, {counts.updates} updates, "
        f"{counts.evidence} evidence awaiting review, built in {time.perf_counter() - started:.1f} s "
        f"({database_url.split(':')[0]})"
    )


def run(database_url: str, seed: int, day: date) -> bool:
    build(database_url, seed, day)
    me = [sys.executable, __file__]
    with subprocess.Popen(  # noqa: S603 - this script, fixed arguments
        [*me, "--sink"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    ) as smtp:
        port = int(smtp.stdout.readline())
        result = subprocess.run(  # noqa: S603 - this script, fixed arguments
            [*me, "--send", database_url, "--port", str(port), "--day", day.isoformat()],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            print(result.stderr)
            smtp.stdin.close()
            return False
        figures = json.loads(result.stdout.strip().splitlines()[-1])
        smtp.stdin.write("count\n")
        smtp.stdin.flush()
        received = int(smtp.stdout.readline())
        smtp.stdin.close()
    print(
        f"First run: {figures['sent']} sent, {figures['failed']} failed, {received} received by the SMTP sink "
        f"(another process), in {figures['seconds']:.1f} s"
    )
    print(
        f"Peak memory of the sending process: {figures['peak_mb']:.0f} MB "
        f"(after start-up: {figures['start_mb']:.0f} MB)"
    )
    print(f"Second run the same day: {figures['second_sent']} sent, in {figures['second_seconds']:.3f} s")
    ok = (
        figures["seconds"] < TARGET_SECONDS
        and figures["peak_mb"] < TARGET_MB
        and figures["second_seconds"] < TARGET_SECOND_RUN_SECONDS
        and figures["failed"] == 0
        and received == figures["sent"]
    )
    verdict = "within" if ok else "OUTSIDE"
    print(
        f"Target under {TARGET_SECONDS} s and {TARGET_MB} MB for 2,000 users, a second run under "
        f"{TARGET_SECOND_RUN_SECONDS} s: {verdict}"
    )
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--day", type=date.fromisoformat, default=date(2026, 11, 24))
    parser.add_argument("--sink", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--send", metavar="DATABASE_URL", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.sink:
        sink()
        return
    if args.send:
        send(args.send, args.port, args.day)
        return
    from config import TestConfig

    if TestConfig.SQLALCHEMY_DATABASE_URI.startswith("postgresql"):
        ok = run(TestConfig.SQLALCHEMY_DATABASE_URI, args.seed, args.day)
    else:
        with tempfile.TemporaryDirectory() as folder:
            ok = run(f"sqlite:///{folder}/bench.db", args.seed, args.day)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
