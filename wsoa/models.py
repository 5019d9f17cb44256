"""Database models (SQLAlchemy 2 typed mappings).

Every change here needs a reviewed Alembic migration in migrations/versions;
tests/integration/test_migrations.py fails when the two disagree.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, LargeBinary, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .extensions import db
from .inspections.cycle import FIRST_PLAN
from .vocabulary import (
    ACTION_NOT_STARTED,
    DEFAULT_DUE_SOON_DAYS,
    DEFAULT_STALE_AFTER_DAYS,
    MEASURE_HIGHER,
    REVIEW_AWAITING,
    Thresholds,
)

ROLE_VIEWER = "viewer"
ROLE_OFFICER = "officer"
ROLE_MANAGER = "manager"
AREA_ROLES = (ROLE_VIEWER, ROLE_OFFICER, ROLE_MANAGER)
ROLE_ADMIN = "admin"
DEFAULT_KEY_DATE_REMINDER_DAYS = "90,60,30,14,7"


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class LocalArea(db.Model):
    __tablename__ = "local_area"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The area's flag thresholds (wsoa/vocabulary.py): no progress update for more than this many days is
    # stale; an open action due within `due_soon_days` is due soon, on every page, digest and export.
    stale_after_days: Mapped[int] = mapped_column(default=DEFAULT_STALE_AFTER_DAYS)
    due_soon_days: Mapped[int] = mapped_column(default=DEFAULT_DUE_SOON_DAYS, server_default=str(DEFAULT_DUE_SOON_DAYS))
    # Whether sign-off needs accepted evidence of impact, not only of activity.
    require_impact_evidence: Mapped[bool] = mapped_column(default=False)
    # Small areas may let one person both add (or lead) and approve; the audit trail marks each such approval.
    allow_self_review: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Days before a key date (the written statement's deadline, the revisit or monitoring inspection)
    # on which the area's managers are reminded, as comma-separated numbers.
    key_date_reminder_days: Mapped[str] = mapped_column(
        String(100), default=DEFAULT_KEY_DATE_REMINDER_DAYS, server_default=DEFAULT_KEY_DATE_REMINDER_DAYS
    )
    # The written statement's governance section, in the area's words (migration 0015): the board that
    # oversees the plan, how it does so, and how the plan is made with the parent carer forum.
    statement_board: Mapped[str] = mapped_column(String(200), default="", server_default="")
    statement_governance: Mapped[str] = mapped_column(Text, default="", server_default="")
    statement_coproduction: Mapped[str] = mapped_column(Text, default="", server_default="")

    inspections: Mapped[list[Inspection]] = relationship(
        back_populates="local_area", order_by="Inspection.inspection_start.desc()"
    )
    memberships: Mapped[list[Membership]] = relationship(back_populates="local_area")

    @property
    def thresholds(self) -> Thresholds:
        return Thresholds(stale_after_days=self.stale_after_days, due_soon_days=self.due_soon_days)


class Inspection(db.Model):
    __tablename__ = "inspection"

    id: Mapped[int] = mapped_column(primary_key=True)
    local_area_id: Mapped[int] = mapped_column(ForeignKey("local_area.id"), index=True)
    framework: Mapped[str] = mapped_column(String(4))
    letter_date: Mapped[date | None]
    inspection_start: Mapped[date | None]
    inspection_end: Mapped[date | None]
    wsoa_required: Mapped[bool] = mapped_column(default=False)
    # 2023-framework reports.
    outcome: Mapped[int | None]
    priority_action_plan_required: Mapped[bool] = mapped_column(default=False)
    previous_inspection_start: Mapped[date | None]
    previous_inspection_end: Mapped[date | None]
    monitoring_inspection_within_months: Mapped[int | None]
    next_full_inspection_within_months: Mapped[int | None]
    local_authority: Mapped[str | None] = mapped_column(String(200))
    integrated_care_board: Mapped[str | None] = mapped_column(String(200))
    # Key dates a manager sets; when empty, wsoa/inspections/key_dates.py derives them from the letter.
    wsoa_deadline: Mapped[date | None]
    revisit_date: Mapped[date | None]  # the revisit (2016) or monitoring inspection (2023)
    next_full_inspection_date: Mapped[date | None]
    # The first plan (the statement's) has no row of its own: closed as complete by a manager once its visit judged
    # every significant weakness sufficient, it is kept here (migration 0019). Its version moves when it closes or
    # the plan after it opens, by a compare-and-set (cycle_services), so a page based on either cannot win twice.
    first_plan_closed_on: Mapped[date | None]
    first_plan_closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    first_plan_closed_at: Mapped[datetime | None]
    first_plan_version: Mapped[int] = mapped_column(default=1, server_default="1")

    source_text: Mapped[str] = mapped_column(Text)
    # sha256 of the whitespace-normalised text: the same letter imported twice is recognised.
    source_hash: Mapped[str] = mapped_column(String(64), unique=True)
    source_filename: Mapped[str | None] = mapped_column(String(255))
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    local_area: Mapped[LocalArea] = relationship(back_populates="inspections")
    findings: Mapped[list[Finding]] = relationship(
        back_populates="inspection", order_by="Finding.position", cascade="all, delete-orphan"
    )


class Finding(db.Model):
    __tablename__ = "finding"
    __table_args__ = (UniqueConstraint("inspection_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id"), index=True)
    position: Mapped[int]
    kind: Mapped[str] = mapped_column(String(40))
    section: Mapped[str | None] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    span_start: Mapped[int]
    span_end: Mapped[int]
    responsible_body: Mapped[str | None] = mapped_column(String(300))
    # Chosen by a manager as something the area's plan answers (a weakness or area for development).
    tracked: Mapped[bool] = mapped_column(default=False)
    # What the area intends to be true for children and families once this is answered: the written
    # statement quotes it under the finding (migration 0015).
    intended_outcome: Mapped[str] = mapped_column(Text, default="", server_default="")

    inspection: Mapped[Inspection] = relationship(back_populates="findings")


class User(UserMixin, db.Model):
    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(200))
    is_admin: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Counted in the database so that a lockout holds across every web worker.
    failed_sign_ins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    @property
    def is_active(self) -> bool:  # Flask-Login refuses sign-in to inactive users
        return self.active

    # Part of every session cookie (see get_id): raised at sign-out and when the password is set, so a
    # copied cookie stops working on the server. Migration: 0008.
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")

    def get_id(self) -> str:
        """What Flask-Login keeps in the session and the remember cookie: the id and the session version."""
        return f"{self.id}:{self.session_version}"


class Membership(db.Model):
    """A user's role in one local area."""

    __tablename__ = "membership"
    __table_args__ = (UniqueConstraint("user_id", "local_area_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    local_area_id: Mapped[int] = mapped_column(ForeignKey("local_area.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    # Who the person is in this area's partnership, as the written statement names an action's lead
    # ("Head of SEND, Westmarsh Council"); per area, as a person may work for different bodies (migration 0015).
    job_title: Mapped[str] = mapped_column(String(200), default="", server_default="")
    organisation: Mapped[str] = mapped_column(String(200), default="", server_default="")

    user: Mapped[User] = relationship(back_populates="memberships")
    local_area: Mapped[LocalArea] = relationship(back_populates="memberships")




action_finding = db.Table(
    "action_finding",
    db.Column("action_id", ForeignKey("action.id"), primary_key=True),
    db.Column("finding_id", ForeignKey("finding.id"), primary_key=True),
)

action_partner_user = db.Table(
    "action_partner_user",
    db.Column("action_id", ForeignKey("action.id"), primary_key=True),
    # "What does this person partner on": the primary key starts with the action, so it needs its own index.
    db.Column("user_id", ForeignKey("user.id"), primary_key=True, index=True),
)


class Action(db.Model):
    """Something the area will do to answer one or more findings."""

    __tablename__ = "action"
    __table_args__ = (UniqueConstraint("inspection_id", "reference"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    local_area_id: Mapped[int] = mapped_column(ForeignKey("local_area.id"), index=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id"), index=True)
    reference: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    lead_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    start_date: Mapped[date | None]
    due_date: Mapped[date | None] = mapped_column(index=True)
    success_measure: Mapped[str] = mapped_column(Text, default="")
    baseline: Mapped[str] = mapped_column(String(500), default="")
    target: Mapped[str] = mapped_column(String(500), default="")
    # The success measure as numbers, for the chart and the board report (the words above stay as written):
    # where it started, where it should get to, in what unit, and whether a higher or a lower value is better.
    baseline_value: Mapped[float | None]
    target_value: Mapped[float | None]
    measure_unit: Mapped[str] = mapped_column(String(20), default="", server_default="")
    measure_better: Mapped[str] = mapped_column(String(10), default=MEASURE_HIGHER, server_default=MEASURE_HIGHER)
    # How the success measure is measured: the data source and how often (migration 0015).
    measured_by: Mapped[str] = mapped_column(Text, default="", server_default="")
    status: Mapped[str] = mapped_column(String(20), default=ACTION_NOT_STARTED, index=True)
    rag: Mapped[str | None] = mapped_column(String(10))
    rag_reason: Mapped[str] = mapped_column(Text, default="")
    retired_reason: Mapped[str] = mapped_column(Text, default="")
    returned_reason: Mapped[str] = mapped_column(Text, default="")
    # The finding this draft was seeded from: seeding twice must not make a second draft.
    seeded_from_finding_id: Mapped[int | None] = mapped_column(ForeignKey("finding.id"), unique=True)
    split_from_id: Mapped[int | None] = mapped_column(ForeignKey("action.id"))
    # The follow-on plan the action was carried over to or made in (issue 12); None: its inspection's first plan.
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("follow_on_plan.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_update_at: Mapped[datetime | None]
    signed_off_at: Mapped[datetime | None]
    signed_off_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    # Optimistic locking: an edit based on an old version is refused, not silently applied.
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    local_area: Mapped[LocalArea] = relationship()
    inspection: Mapped[Inspection] = relationship()
    lead: Mapped[User | None] = relationship(foreign_keys=[lead_id])
    signed_off_by: Mapped[User | None] = relationship(foreign_keys=[signed_off_by_id])
    findings: Mapped[list[Finding]] = relationship(secondary=action_finding, order_by="Finding.position")
    partner_users: Mapped[list[User]] = relationship(secondary=action_partner_user, order_by="User.name")
    partner_organisations: Mapped[list[PartnerOrganisation]] = relationship(
        back_populates="action", cascade="all, delete-orphan", order_by="PartnerOrganisation.name"
    )
    milestones: Mapped[list[Milestone]] = relationship(
        back_populates="action", cascade="all, delete-orphan", order_by="Milestone.due_date"
    )
    updates: Mapped[list[ProgressUpdate]] = relationship(
        back_populates="action", order_by="ProgressUpdate.id.desc()"
    )
    evidence: Mapped[list[Evidence]] = relationship(back_populates="action", order_by="Evidence.id.desc()")
    comments: Mapped[list[ActionComment]] = relationship(order_by="ActionComment.id")
    measures: Mapped[list[MeasuredValue]] = relationship(
        back_populates="action", order_by="MeasuredValue.measured_on"
    )

    @property
    def lead_name(self) -> str | None:
        """As the dashboard's plain rows carry it, so one action table serves both."""
        return self.lead.name if self.lead else None


class PartnerOrganisation(db.Model):
    """A named organisation working on an action, such as the ICB or the parent carer forum."""

    __tablename__ = "partner_organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))

    action: Mapped[Action] = relationship(back_populates="partner_organisations")


class Milestone(db.Model):
    __tablename__ = "milestone"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    due_date: Mapped[date]
    done_on: Mapped[date | None]

    action: Mapped[Action] = relationship(back_populates="milestones")


class ProgressUpdate(db.Model):
    """A dated progress report on an action. Append-only: a correction is a new update."""

    __tablename__ = "progress_update"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    rag: Mapped[str] = mapped_column(String(10))
    rag_reason: Mapped[str] = mapped_column(Text)
    done: Mapped[str] = mapped_column(Text)
    next_steps: Mapped[str] = mapped_column(Text, default="")
    percent_complete: Mapped[int | None]

    action: Mapped[Action] = relationship(back_populates="updates")
    author: Mapped[User] = relationship()


class Evidence(db.Model):
    """A file or link showing what was done (activity) or what changed for children (impact)."""

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id"), index=True)
    added_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    added_at: Mapped[datetime] = mapped_column(default=utcnow)
    kind: Mapped[str] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(Text)
    as_at: Mapped[date]
    link_url: Mapped[str | None] = mapped_column(String(2000))
    # Files live outside the web root under an opaque key; the name is only shown, never used as a path.
    storage_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    original_filename: Mapped[str | None] = mapped_column(String(255))
    content_type: Mapped[str | None] = mapped_column(String(100))
    size_bytes: Mapped[int | None]
    sha256: Mapped[str | None] = mapped_column(String(64))
    review_status: Mapped[str] = mapped_column(String(20), default=REVIEW_AWAITING, index=True)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    reviewed_at: Mapped[datetime | None]
    review_comment: Mapped[str] = mapped_column(Text, default="")
    # Returned evidence its author withdrew, or replaced with this newer item.
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("evidence.id"))

    action: Mapped[Action] = relationship(back_populates="evidence")
    added_by: Mapped[User] = relationship(foreign_keys=[added_by_id])
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id])


class ActionComment(db.Model):
    """A remark in the discussion of an action. Append-only, like progress updates."""

    __tablename__ = "action_comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    body: Mapped[str] = mapped_column(Text)

    author: Mapped[User] = relationship()


class Notification(db.Model):
    """Something a person should hear about at once (made lead, evidence returned, mentioned...).

    Written in the same transaction as the change it is about; the sender merges a person's pending
    notifications into one email and claims it in the delivery ledger, so each goes once.
    """

    __tablename__ = "notification"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    action_id: Mapped[int | None] = mapped_column(ForeignKey("action.id"))
    # A notice about an inspection rather than an action (a revisit's notice, issue 12) links to the inspection.
    inspection_id: Mapped[int | None] = mapped_column(ForeignKey("inspection.id"))
    event: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    detail: Mapped[str] = mapped_column(Text, default="")  # a reviewer's reason, a comment's words
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # Set when an email carrying it has been claimed in the ledger (or it was dropped: emails off).
    delivery_id: Mapped[int | None] = mapped_column(ForeignKey("delivery.id"))
    handled_at: Mapped[datetime | None] = mapped_column(index=True)


class Invitation(db.Model):
    """A single-use, expiring link for a new member to set their password."""

    __tablename__ = "invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    local_area_id: Mapped[int] = mapped_column(ForeignKey("local_area.id"))
    invited_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    # Only a hash of the token is stored: a leaked database does not leak working links.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    local_area: Mapped[LocalArea] = relationship()
    invited_by: Mapped[User] = relationship(foreign_keys=[invited_by_id])


class AuditEvent(db.Model):
    """Who did what, when, with old and new values. Written in the change's own transaction; never edited."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    local_area_id: Mapped[int | None] = mapped_column(ForeignKey("local_area.id"), index=True)
    action_id: Mapped[int | None] = mapped_column(ForeignKey("action.id"), index=True)
    event: Mapped[str] = mapped_column(String(60))
    summary: Mapped[str] = mapped_column(Text, default="")
    changes: Mapped[dict] = mapped_column(db.JSON, default=dict)

    actor: Mapped[User | None] = relationship()


# ==== Reminders and emailed digests (issue 6) ====================================================
# Everything below belongs to wsoa/reminders. Migration: migrations/versions/0004_reminders.py.

DIGEST_DAILY = "daily"
DIGEST_WEEKLY = "weekly"
DIGEST_OFF = "off"
DIGEST_FREQUENCIES = (DIGEST_DAILY, DIGEST_WEEKLY, DIGEST_OFF)



class EmailPreference(db.Model):
    """How often a person hears from us. No row means the defaults: a digest every working day."""

    __tablename__ = "email_preference"

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), primary_key=True)
    frequency: Mapped[str] = mapped_column(String(10), default=DIGEST_DAILY)
    # 0 is Monday: the weekday a weekly digest is sent on.
    weekly_day: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship()


DELIVERY_SENDING = "sending"
DELIVERY_SENT = "sent"
DELIVERY_FAILED = "failed"
DELIVERY_SKIPPED = "skipped"
DELIVERY_STATUSES = (DELIVERY_SENDING, DELIVERY_SENT, DELIVERY_FAILED, DELIVERY_SKIPPED)


class Delivery(db.Model):
    """The delivery ledger: one row per person, kind of email and period, claimed before sending.

    The unique key is what makes each digest go out once, however many schedulers run.
    """

    __tablename__ = "delivery"
    __table_args__ = (UniqueConstraint("user_id", "kind", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    period: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(10), default=DELIVERY_SENDING, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    subject: Mapped[str] = mapped_column(String(300), default="")
    claimed_at: Mapped[datetime] = mapped_column(default=utcnow)
    # A failed delivery is tried again from this time; None once it has been given up.
    next_attempt_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None] = mapped_column(index=True)
    provider_id: Mapped[str | None] = mapped_column(String(200))
    last_error: Mapped[str] = mapped_column(Text, default="")
    resend_count: Mapped[int] = mapped_column(default=0)

    user: Mapped[User] = relationship()

DIGEST_RUN_SENT = "ran"
DIGEST_RUN_MISSED = "missed"


class DigestRun(db.Model):
    """A day the digests were processed (`ran`), or a day no run reached in time (`missed`).

    The run reads which days are done from here; the audit trail records the same runs for people.
    """

    __tablename__ = "digest_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(index=True)
    outcome: Mapped[str] = mapped_column(String(10), default=DIGEST_RUN_SENT)
    sent: Mapped[int] = mapped_column(default=0)
    failed: Mapped[int] = mapped_column(default=0)
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

# ==== End of reminders and emailed digests ========================================================


# ==== Account security (issue 13) ===================================================================
# Migration: migrations/versions/0008_sessions_unlock_links_and_confirmed_memberships.py.


class UnlockLink(db.Model):
    """A single-use, expiring link emailed to the owner of a locked account to unlock it. Only a hash is kept."""

    __tablename__ = "unlock_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()


class PendingMembership(db.Model):
    """A place in an area offered to someone who already has a password. It becomes a Membership only when
    they confirm by the link emailed to them, so no manager can add a working account to their area alone."""

    __tablename__ = "pending_membership"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    local_area_id: Mapped[int] = mapped_column(ForeignKey("local_area.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    invited_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    # Set when confirmed, or when replaced, cancelled or made moot (expires_at is then moved to that time).
    confirmed_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    local_area: Mapped[LocalArea] = relationship()
    invited_by: Mapped[User] = relationship(foreign_keys=[invited_by_id])


# ==== The JSON API's personal access tokens (issue 17) ===============================================
# Everything below belongs to wsoa/api. Migration: migrations/versions/0030_api_tokens.py.

SCOPE_READ = "read"
SCOPE_READ_WRITE = "read_write"
API_SCOPES = (SCOPE_READ, SCOPE_READ_WRITE)


class ApiToken(db.Model):
    """A personal access token: acts with exactly its owner's roles, within its scope, until it expires or is
    revoked. Only a hash is kept; the token itself is shown once, when it is made.

    The rate limit's window lives on the row (`window_started_at`, `window_requests`), counted by one atomic
    UPDATE per request, so every web worker and every instance shares one count per token.
    """

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    scope: Mapped[str] = mapped_column(String(20))
    # sha256 of the whole token: tokens are long and random, so a slow hash adds nothing.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The first characters after "wsoa_", shown so that a person can tell their tokens apart.
    prefix: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The last day the token works (UTC), at most a year after it was made.
    expires_on: Mapped[date]
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    window_started_at: Mapped[datetime | None]
    window_requests: Mapped[int] = mapped_column(default=0, server_default="0")

    user: Mapped[User] = relationship()



# ==== The inspection cycle and calendar feeds (issue 12) ============================================
# Everything below belongs to wsoa/inspections/cycle*.py and wsoa/calendars. Migration:
# migrations/versions/0017_inspection_cycle.py. The rules (what may be recorded when, and what each recorded
# fact does to the key dates) are pure: wsoa/inspections/cycle.py and wsoa/inspections/key_dates.py.


class StatementSubmission(db.Model):
    """The written statement of action (or a 2023 priority action plan) sent to Ofsted and the CQC, by date,
    and their decision on it: accepted, or asked for again by a deadline. A resubmission is a second row.

    A later change may link a row to the statement version that was sent (a nullable column)."""

    __tablename__ = "statement_submission"

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id"), index=True)
    submitted_on: Mapped[date]
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    decision: Mapped[str | None] = mapped_column(String(20))  # accepted | resubmit
    decided_on: Mapped[date | None]
    resubmit_by: Mapped[date | None]
    decision_note: Mapped[str] = mapped_column(Text, default="")


class Revisit(db.Model):
    """The revisit (2016) or monitoring inspection (2023) of one of the inspection's plans: the notice, the days on
    site, and its letter. The first plan's is the revisit; a follow-on plan's is the next (migration 0018)."""

    __tablename__ = "revisit"
    __table_args__ = (UniqueConstraint("inspection_id", "plan_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id"))
    plan_number: Mapped[int] = mapped_column(default=FIRST_PLAN, server_default=str(FIRST_PLAN))
    notice_on: Mapped[date]
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    letter_published_on: Mapped[date | None]
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class ProgressJudgement(db.Model):
    """A revisit letter's judgement on one significant weakness (or priority action), in the inspectors' words: one
    per weakness at the visit of each plan that answers it, as it stands now. Each recording and correction is kept
    in ProgressJudgementRecord, so what it was at any earlier time can be told."""

    __tablename__ = "progress_judgement"
    __table_args__ = (UniqueConstraint("finding_id", "plan_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id"), index=True)
    finding_id: Mapped[int] = mapped_column(ForeignKey("finding.id"))
    plan_number: Mapped[int] = mapped_column(default=FIRST_PLAN, server_default=str(FIRST_PLAN))
    progress: Mapped[str] = mapped_column(String(20))  # sufficient | insufficient
    inspectors_words: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)  # first recorded
    corrected_at: Mapped[datetime | None]  # last corrected, if ever

    finding: Mapped[Finding] = relationship()


class ProgressJudgementRecord(db.Model):
    """A judgement as recorded or corrected at one time, with the words then: appended, never changed, so a board
    report for a meeting shows each judgement as it stood when the meeting was recorded (migration 0020)."""

    __tablename__ = "progress_judgement_record"

    id: Mapped[int] = mapped_column(primary_key=True)
    judgement_id: Mapped[int] = mapped_column(ForeignKey("progress_judgement.id"), index=True)
    progress: Mapped[str] = mapped_column(String(20))
    inspectors_words: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    judgement: Mapped[ProgressJudgement] = relationship()


class CycleMeeting(db.Model):
    """A dated meeting in the cycle: DfE and NHS England monitoring, annual engagement, or the improvement board."""

    __tablename__ = "cycle_meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    held_on: Mapped[date]
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


follow_on_plan_finding = db.Table(
    "follow_on_plan_finding",
    db.Column("plan_id", ForeignKey("follow_on_plan.id"), primary_key=True),
    db.Column("finding_id", ForeignKey("finding.id"), primary_key=True),
)


class FollowOnPlan(db.Model):
    """The plan after the revisit (an accelerated progress plan) or the monitoring inspection, answering the
    weaknesses judged insufficient. Opening it closes the plan before it (the inspection's first plan, or the
    follow-on plan before), whose actions stay where they are, read-only, except those carried over (moved here
    with their whole history). Its own visit judges it in turn: a further plan follows it, or a manager closes it
    as complete (migration 0018)."""

    __tablename__ = "follow_on_plan"
    __table_args__ = (UniqueConstraint("inspection_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id"))
    # Its turn among the inspection's plans: 2 for the first follow-on plan (1 is the first plan, which has no row).
    number: Mapped[int] = mapped_column(default=FIRST_PLAN + 1, server_default=str(FIRST_PLAN + 1))
    local_area_id: Mapped[int] = mapped_column(ForeignKey("local_area.id"), index=True)
    opened_on: Mapped[date]
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Closed as complete by a manager once its visit judged every weakness it answers sufficient.
    closed_on: Mapped[date | None]
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    closed_at: Mapped[datetime | None]
    # Optimistic locking: closing it, or opening the plan after it, from an old page is refused.
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}

    inspection: Mapped[Inspection] = relationship()
    findings: Mapped[list[Finding]] = relationship(secondary=follow_on_plan_finding, order_by="Finding.position")


FEED_PERSONAL = "personal"
FEED_AREA = "area"
FEED_SCOPES = (FEED_PERSONAL, FEED_AREA)


class CalendarFeed(db.Model):
    """A secret calendar address: a person's own due dates and milestones, or one area's key dates and meetings.

    Only a hash of the address's token is kept. Making a new address revokes the old one at once."""

    __tablename__ = "calendar_feed"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    scope: Mapped[str] = mapped_column(String(10))
    local_area_id: Mapped[int | None] = mapped_column(ForeignKey("local_area.id"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()
    local_area: Mapped[LocalArea | None] = relationship()


# ==== The public progress page for families (issue 11) ================================================
# Everything below belongs to wsoa/public. Migration: migrations/versions/0016_public_progress_page.py.


class PublicPage(db.Model):
    """An area's progress page for families: the manager's choices, and the snapshot the public sees.

    The page shows `snapshot` (JSON built by wsoa/public/page.py at the last "publish") and never live data;
    None means it is not published. `choices` are what the manager last saved (the preview and the next publish
    use them); they are kept when the page is taken down, so republishing starts from them.
    """

    __tablename__ = "public_page"

    id: Mapped[int] = mapped_column(primary_key=True)
    local_area_id: Mapped[int] = mapped_column(ForeignKey("local_area.id"), unique=True)
    # The page's address, /public/<slug>: made from the area's name once, and kept if the area is renamed.
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id"))
    choices: Mapped[dict] = mapped_column(db.JSON, default=dict)
    choices_saved_at: Mapped[datetime] = mapped_column(default=utcnow)
    choices_saved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    snapshot: Mapped[dict | None] = mapped_column(db.JSON(none_as_null=True))
    published_at: Mapped[datetime | None]
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    local_area: Mapped[LocalArea] = relationship()
    published_by: Mapped[User | None] = relationship(foreign_keys=[published_by_id])
# ==== Measures over time and board snapshots (issue 11) ================================================
# Everything below belongs to wsoa/actions/measures.py and wsoa/board. Migration:
# migrations/versions/0014_measures_and_board_snapshots.py.


class MeasuredValue(db.Model):
    """A value of an action's success measure on a date, where it came from and who recorded it. Append-only,
    like progress updates; one value a day for each action."""

    __tablename__ = "measured_value"
    __table_args__ = (UniqueConstraint("action_id", "measured_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id"), index=True)
    measured_on: Mapped[date]
    value: Mapped[float]
    source: Mapped[str] = mapped_column(String(300))
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    action: Mapped[Action] = relationship(back_populates="measures")
    recorded_by: Mapped[User] = relationship()


class BoardMeeting(db.Model):
    """A board meeting about one inspection's plan. Recording it freezes every action as it then stood
    (ActionSnapshot), so the next meeting's report can say what changed since."""

    __tablename__ = "board_meeting"
    __table_args__ = (UniqueConstraint("inspection_id", "meeting_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    local_area_id: Mapped[int] = mapped_column(ForeignKey("local_area.id"), index=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id"), index=True)
    meeting_date: Mapped[date]
    # The moment of the freeze: what was done "since the last meeting" is counted from here.
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))

    recorded_by: Mapped[User] = relationship()
    snapshots: Mapped[list[ActionSnapshot]] = relationship(back_populates="meeting", cascade="all, delete-orphan")


class ActionSnapshot(db.Model):
    """One action as it stood when a board meeting was recorded: never changed afterwards."""

    __tablename__ = "action_snapshot"
    __table_args__ = (UniqueConstraint("board_meeting_id", "action_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    board_meeting_id: Mapped[int] = mapped_column(ForeignKey("board_meeting.id"), index=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    rag: Mapped[str | None] = mapped_column(String(10))
    due_date: Mapped[date | None]
    last_update_at: Mapped[datetime | None]
    # The latest measured value then, if any.
    measured_value: Mapped[float | None]
    measured_on: Mapped[date | None]

    meeting: Mapped[BoardMeeting] = relationship(back_populates="snapshots")
# ==== The written statement of action (issue 11) =====================================================
# Everything below belongs to wsoa/statements. Migration: migrations/versions/0015_written_statement.py.


class StatementVersion(db.Model):
    """One generation of the written statement, kept as it was: the facts it was built from (JSON, which the
    "what changed" comparison reads) and the DOCX and PDF bytes handed out (so an old version downloads exactly
    as it was, whatever has changed in the plan, the templates or the libraries since)."""

    __tablename__ = "statement_version"
    __table_args__ = (UniqueConstraint("inspection_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspection.id"), index=True)
    local_area_id: Mapped[int] = mapped_column(ForeignKey("local_area.id"), index=True)
    number: Mapped[int]
    # Which of the inspection's plans it sets out: 1, the first plan's statement, whose submission is the cycle's; a
    # follow-on plan's (2 on) is recorded as submitted against that plan alone (migration 0021).
    plan_number: Mapped[int] = mapped_column(default=FIRST_PLAN, server_default=str(FIRST_PLAN))
    generated_at: Mapped[datetime] = mapped_column(default=utcnow)
    generated_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    # Deferred: the version list loads none of them; a download loads only the one it sends.
    facts: Mapped[dict] = mapped_column(db.JSON, deferred=True)
    docx: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    pdf: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    docx_sha256: Mapped[str] = mapped_column(String(64))
    pdf_sha256: Mapped[str] = mapped_column(String(64))
    # Set when a manager records that this version went to Ofsted and the CQC (a follow-on plan's: to the DfE and NHS
    # England, who agree it).
    submitted_on: Mapped[date | None]
    submitted_at: Mapped[datetime | None]
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    local_area: Mapped[LocalArea] = relationship()
    generated_by: Mapped[User] = relationship(foreign_keys=[generated_by_id])
    submitted_by: Mapped[User | None] = relationship(foreign_keys=[submitted_by_id])
