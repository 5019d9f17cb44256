"""Digest runs in their own table, instead of read back from the audit trail's wording.

Reviewed: the run decided which days were done by parsing audit summaries ("2026-11-24: 3 sent, 0
failed"), so rewording a summary would have resent a day. Each processed day is now a row (`ran`,
with its counts), and each day a run never reached in time is a row (`missed`). The runs already in
the audit trail are carried over; the audit events stay where they are, as the trail is append-only.
Downgrading drops the table: the audit events still hold every run.

Revision ID: 0010
Revises: 0009
"""

import re
from datetime import date, timedelta

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_RAN = re.compile(r"^(\d{4}-\d{2}-\d{2}): (\d+) sent, (\d+) failed")
_MISSED = re.compile(r"^Digests for (\d{4}-\d{2}-\d{2}) to (\d{4}-\d{2}-\d{2}) were not sent")


def upgrade():
    digest_run = op.create_table(
        "digest_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("outcome", sa.String(length=10), nullable=False),
        sa.Column("sent", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_digest_run")),
    )
    op.create_index(op.f("ix_digest_run_day"), "digest_run", ["day"], unique=False)
    audit_event = sa.table(
        "audit_event",
        sa.column("id", sa.Integer()),
        sa.column("event", sa.String()),
        sa.column("summary", sa.Text()),
        sa.column("at", sa.DateTime()),
    )
    events = op.get_bind().execute(
        sa.select(audit_event.c.event, audit_event.c.summary, audit_event.c.at)
        .where(audit_event.c.event.in_(("digests.run", "digests.skipped")))
        .order_by(audit_event.c.id)
    )
    rows = []
    for event, summary, at in events:
        if event == "digests.run" and (ran := _RAN.match(summary or "")):
            rows.append(
                {"day": date.fromisoformat(ran[1]), "outcome": "ran", "sent": int(ran[2]), "failed": int(ran[3]),
                 "recorded_at": at}
            )
        elif event == "digests.skipped" and (missed := _MISSED.match(summary or "")):
            first, last = date.fromisoformat(missed[1]), date.fromisoformat(missed[2])
            rows.extend(
                {"day": first + timedelta(days=n), "outcome": "missed", "sent": 0, "failed": 0, "recorded_at": at}
                for n in range((last - first).days + 1)
            )
    if rows:
        op.bulk_insert(digest_run, rows)


def downgrade():
    op.drop_index(op.f("ix_digest_run_day"), table_name="digest_run")
    op.drop_table("digest_run")
