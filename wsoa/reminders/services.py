"""Gather the facts, decide who is due what, and send it once. Used by the CLI, the scheduler and the views.

The same code runs for `wsoa send-digests`, the scheduler and the tests: run(today) processes each day
in the catch-up window that has not been fully processed, then retries what is due.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .. import audit
from ..actions.services import TRACKABLE_KINDS, in_plan_order
from ..extensions import db
from ..inspections.key_dates import key_dates, parse_reminder_days
from ..models import (
    DIGEST_FREQUENCIES,
    DIGEST_OFF,
    ROLE_MANAGER,
    Action,
    AuditEvent,
    Delivery,
    EmailPreference,
    Evidence,
    Finding,
    Inspection,
    LocalArea,
    Membership,
    User,
    action_finding,
    action_partner_user,
    utcnow,
)
from ..vocabulary import ACTION_COMPLETE, ACTION_RETIRED, ACTION_SIGNED_OFF, REVIEW_AWAITING
from ..working_days import is_working_day
from . import digest, ledger
from .digest import (
    OFF,
    WEEKLY,
    ActionFacts,
    AreaFacts,
    EvidenceFacts,
    FindingProgress,
    KeyDateFacts,
    Links,
    Preferences,
    Recipient,
)
from .mail import MailBackend, MailNotConfigured, backend_from_settings
from .message import KIND_DIGEST, KIND_INVITATION, KIND_KEY_DATES, Email

logger = logging.getLogger("wsoa.reminders")

RUN_EVENT = "digests.run"
SKIPPED_EVENT = "digests.skipped"
UNSUBSCRIBE_SALT = "wsoa-unsubscribe"
# Nothing more to do. A complete action still waits for sign-off, so it counts as open.
CLOSED = (ACTION_SIGNED_OFF, ACTION_RETIRED)


class PreferenceError(ValueError):
    def __init__(self, message: str, field: str):
        super().__init__(message)
        self.field = field


# -- Unsubscribe links ---------------------------------------------------------------------------


def unsubscribe_token(secret_key: str, user_id: int) -> str:
    return URLSafeSerializer(secret_key, salt=UNSUBSCRIBE_SALT).dumps({"u": user_id})


def user_id_from_token(secret_key: str, token: str) -> int | None:
    """The person a link is for; None for a tampered or made-up token."""
    try:
        payload = URLSafeSerializer(secret_key, salt=UNSUBSCRIBE_SALT).loads(token)
    except BadSignature:
        return None
    user_id = payload.get("u") if isinstance(payload, dict) else None
    return user_id if isinstance(user_id, int) else None


# -- Preferences ---------------------------------------------------------------------------------


def preferences_of(user_id: int) -> Preferences:
    row = db.session.get(EmailPreference, user_id)
    if row is None:
        return Preferences()
    return Preferences(row.frequency, row.weekly_day)


def set_preferences(user: User, frequency: str, weekly_day: int | None) -> Preferences:
    if frequency not in DIGEST_FREQUENCIES:
        raise PreferenceError("Select how often you want emails", "frequency")
    row = db.session.get(EmailPreference, user.id) or EmailPreference(user_id=user.id)
    old = preferences_of(user.id)
    if frequency == WEEKLY and (weekly_day is None or not 0 <= weekly_day <= 4):
        raise PreferenceError("Select the day of the week you want your email", "weekly_day")
    row.frequency = frequency
    row.weekly_day = weekly_day if frequency == WEEKLY else old.weekly_day
    db.session.add(row)
    new = Preferences(row.frequency, row.weekly_day)
    changes = audit.changes_between(old.__dict__, new.__dict__)
    if changes:
        audit.record("preferences.changed", user, summary="Email preferences changed", changes=changes)
    db.session.commit()
    return new


def unsubscribe(user: User) -> bool:
    """Turn every digest and reminder off; True if they were on."""
    row = db.session.get(EmailPreference, user.id)
    was = row.frequency if row is not None else digest.DEFAULT_FREQUENCY
    if was == DIGEST_OFF:
        return False
    if row is None:
        row = EmailPreference(user_id=user.id, weekly_day=digest.DEFAULT_WEEKLY_DAY)
        db.session.add(row)
    row.frequency = DIGEST_OFF
    audit.record(
        "preferences.unsubscribed",
        user,
        summary="Unsubscribed from digests and reminders by the link in an email",
        changes={"frequency": [was, DIGEST_OFF]},
    )
    db.session.commit()
    return True


# -- The facts, loaded in a few bulk queries -------------------------------------------------------


@dataclass
class Snapshot:
    recipients: list[Recipient]
    memberships: dict[int, list[digest.Membership]]  # user id -> their areas
    managers: set[int] = field(default_factory=set)


def _finding_progress(area_inspections, tracked, links_by_finding, action_status) -> dict[int, tuple]:
    result = {}
    for inspection in area_inspections:
        rows = []
        for number, finding in tracked.get(inspection.id, []):
            action_ids = [a for a in links_by_finding.get(finding.id, []) if action_status.get(a) != ACTION_RETIRED]
            open_count = sum(1 for a in action_ids if action_status.get(a) not in CLOSED)
            rows.append(FindingProgress(number, finding.text, open_count, len(action_ids)))
        result[inspection.id] = tuple(rows)
    return result


def load_snapshot(user_ids: set[int] | None = None) -> Snapshot:
    """Everything the composer needs, for everyone (or the given people), in a handful of queries."""
    session = db.session
    user_query = select(User.id, User.name, User.email).where(User.active.is_(True), User.password_hash.is_not(None))
    if user_ids is not None:
        user_query = user_query.where(User.id.in_(user_ids))
    users = session.execute(user_query.order_by(User.id)).all()
    wanted = {row.id for row in users}
    preferences = {
        row.user_id: Preferences(row.frequency, row.weekly_day)
        for row in session.scalars(select(EmailPreference))
    }
    member_rows = session.execute(select(Membership.user_id, Membership.local_area_id, Membership.role)).all()
    member_rows = [row for row in member_rows if row.user_id in wanted]
    area_ids = {row.local_area_id for row in member_rows}

    areas = {a.id: a for a in session.scalars(select(LocalArea).where(LocalArea.id.in_(area_ids)))}
    action_rows = session.execute(
        select(
            Action.id,
            Action.local_area_id,
            Action.inspection_id,
            Action.reference,
            Action.title,
            Action.status,
            Action.due_date,
            Action.last_update_at,
            Action.created_at,
            Action.lead_id,
        ).where(Action.local_area_id.in_(area_ids))
    ).all()
    action_status = {row.id: row.status for row in action_rows}
    partners: dict[int, set[int]] = defaultdict(set)
    for action_id, user_id in session.execute(
        select(action_partner_user.c.action_id, action_partner_user.c.user_id)
        .join(Action, Action.id == action_partner_user.c.action_id)
        .where(Action.local_area_id.in_(area_ids))
    ):
        partners[action_id].add(user_id)
    actions_by_area: dict[int, list[ActionFacts]] = defaultdict(list)
    sign_off_by_area: dict[int, list[ActionFacts]] = defaultdict(list)
    reference_of = {}
    for row in action_rows:
        reference_of[row.id] = row.reference
        if row.status in CLOSED:
            continue
        facts = ActionFacts(
            row.id,
            row.reference,
            row.title,
            row.status,
            row.due_date,
            row.last_update_at,
            row.created_at,
            row.lead_id,
            frozenset(partners.get(row.id, ())),
        )
        actions_by_area[row.local_area_id].append(facts)
        if row.status == ACTION_COMPLETE:
            sign_off_by_area[row.local_area_id].append(facts)
    evidence_by_area: dict[int, list[EvidenceFacts]] = defaultdict(list)
    for row in session.execute(
        select(Evidence.id, Evidence.action_id, Evidence.description, Evidence.added_at, Action.local_area_id)
        .join(Action, Action.id == Evidence.action_id)
        .where(Evidence.review_status == REVIEW_AWAITING, Action.local_area_id.in_(area_ids))
        .order_by(Evidence.added_at)
    ):
        evidence_by_area[row.local_area_id].append(
            EvidenceFacts(row.id, reference_of.get(row.action_id, ""), row.description, row.added_at.date())
        )
    inspections = list(
        session.scalars(select(Inspection).where(Inspection.local_area_id.in_(area_ids)).order_by(Inspection.id))
    )
    inspection_ids = [i.id for i in inspections]
    trackable: dict[int, list] = defaultdict(list)
    for finding in session.execute(
        select(Finding.id, Finding.inspection_id, Finding.text, Finding.kind, Finding.position, Finding.tracked).where(
            Finding.inspection_id.in_(inspection_ids), Finding.kind.in_(TRACKABLE_KINDS)
        )
    ):
        trackable[finding.inspection_id].append(finding)
    # Numbered as in the action plan, so "finding 3" in an email is finding 3 on the plan.
    tracked: dict[int, list] = {
        inspection_id: [(number, f) for number, f in enumerate(in_plan_order(findings), start=1) if f.tracked]
        for inspection_id, findings in trackable.items()
    }
    links_by_finding: dict[int, list[int]] = defaultdict(list)
    for action_id, finding_id in session.execute(
        select(action_finding.c.action_id, action_finding.c.finding_id)
        .join(Action, Action.id == action_finding.c.action_id)
        .where(Action.local_area_id.in_(area_ids))
    ):
        links_by_finding[finding_id].append(action_id)

    inspections_by_area = defaultdict(list)
    for inspection in inspections:
        inspections_by_area[inspection.local_area_id].append(inspection)

    area_facts = {}
    for area_id, area in areas.items():
        dates = tuple(
            KeyDateFacts(k.code, k.name, k.when, inspection.id)
            for inspection in inspections_by_area[area_id]
            for k in key_dates(inspection)
            if k.when is not None
        )
        try:
            reminder_days = parse_reminder_days(area.key_date_reminder_days)
        except ValueError:
            reminder_days = digest.DEFAULT_REMINDER_DAYS
        area_facts[area_id] = AreaFacts(
            id=area_id,
            name=area.name,
            thresholds=area.thresholds,
            reminder_days=reminder_days,
            actions=tuple(actions_by_area[area_id]),
            evidence_awaiting_review=tuple(evidence_by_area[area_id]),
            awaiting_sign_off=tuple(sign_off_by_area[area_id]),
            key_dates=dates,
            findings=_finding_progress(inspections_by_area[area_id], tracked, links_by_finding, action_status),
        )

    memberships: dict[int, list[digest.Membership]] = defaultdict(list)
    managers = set()
    for row in member_rows:
        is_manager = row.role == ROLE_MANAGER
        if is_manager:
            managers.add(row.user_id)
        memberships[row.user_id].append(digest.Membership(area_facts[row.local_area_id], is_manager))
    recipients = [
        Recipient(row.id, row.name, row.email, preferences.get(row.id, Preferences()))
        for row in users
        if row.id in memberships
    ]
    return Snapshot(recipients, dict(memberships), managers)


# -- Who is due what, and the run ----------------------------------------------------------------


@dataclass(frozen=True)
class Due:
    recipient: Recipient
    kind: str
    period: str
    day: date


def due_on(snapshot: Snapshot, day: date) -> list[Due]:
    """Everyone's email for this day by their preferences (before asking if there is anything to say)."""
    result = []
    for recipient in snapshot.recipients:
        preferences = recipient.preferences
        if preferences.frequency == OFF:
            continue
        period = digest.digest_period(preferences, day)
        if period:
            result.append(Due(recipient, KIND_DIGEST, period, day))
        elif preferences.frequency == WEEKLY and recipient.user_id in snapshot.managers and is_working_day(day):
            result.append(Due(recipient, KIND_KEY_DATES, day.isoformat(), day))
    return result


@dataclass
class RunReport:
    sent: list[tuple[str, str, str]] = field(default_factory=list)  # (to, kind, period)
    failed: list[tuple[str, str, str, str]] = field(default_factory=list)
    would_send: list[tuple[str, str, str, str]] = field(default_factory=list)  # dry run: (to, kind, period, subject)
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


def compose_for(snapshot: Snapshot, settings: Settings, recipient: Recipient, kind: str, period: str, day: date):
    return digest.compose(
        recipient,
        snapshot.memberships.get(recipient.user_id, []),
        day,
        links_for(settings, recipient.user_id),
        kind=kind,
        period=period,
        service_name=settings.service_name,
    )


def _send_claimed(delivery_id: int, email: Email, backend: MailBackend, settings: Settings, report: RunReport) -> None:
    key = (email.to, email.kind, email.reference.rsplit("/", 1)[-1])
    try:
        provider_id = backend.send(email)
    except Exception as error:  # noqa: BLE001 - any failure of the mail service is recorded and retried
        message = f"{type(error).__name__}: {error}"
        logger.warning("Sending %s failed: %s", email.reference, message)
        ledger.mark_failed(db.session, delivery_id, message, utcnow(), settings.policy)
        report.failed.append((*key, message))
        return
    ledger.mark_sent(db.session, delivery_id, provider_id or "", utcnow(), email.subject)
    report.sent.append(key)


def _run_days(summaries) -> set[date]:
    """The days the given run events were for: each run's summary starts with its day."""
    days = set()
    for summary in summaries:
        try:
            days.add(date.fromisoformat(summary[:10]))
        except (TypeError, ValueError):
            continue
    return days


def _processed_days(since: date) -> set[date]:
    return _run_days(
        db.session.scalars(
            select(AuditEvent.summary).where(
                AuditEvent.event == RUN_EVENT,
                AuditEvent.at >= datetime.combine(since, datetime.min.time()) - timedelta(days=1),
            )
        )
    )


def _last_processed_day(today: date) -> date | None:
    """The latest day a run finished, no later than today: a run made "as at" a future day
    (`send-digests --today`) must not hold back the days before it."""
    recent = db.session.scalars(
        select(AuditEvent.summary).where(AuditEvent.event == RUN_EVENT).order_by(AuditEvent.id.desc()).limit(400)
    )
    return max((day for day in _run_days(recent) if day <= today), default=None)


def run_day(
    day: date,
    snapshot: Snapshot,
    backend: MailBackend | None,
    settings: Settings,
    report: RunReport,
    *,
    dry_run: bool = False,
) -> None:
    due = due_on(snapshot, day)
    known = ledger.known_keys(db.session, {d.period for d in due})
    sent_before, failed_before = len(report.sent), len(report.failed)
    for item in due:
        if (item.recipient.user_id, item.kind, item.period) in known:
            continue
        email = compose_for(snapshot, settings, item.recipient, item.kind, item.period, day)
        if email is None:
            continue  # nothing to say: no email
        if dry_run:
            report.would_send.append((email.to, item.kind, item.period, email.subject))
            continue
        delivery_id = ledger.claim(db.session, item.recipient.user_id, item.kind, item.period, utcnow(), email.subject)
        if delivery_id is None:
            continue  # another run has it
        _send_claimed(delivery_id, email, backend, settings, report)
    if not dry_run:
        audit.record(
            RUN_EVENT,
            None,
            summary=(
                f"{day.isoformat()}: {len(report.sent) - sent_before} sent, {len(report.failed) - failed_before} failed"
            ),
        )
        db.session.commit()
    report.days.append(day)


def retry_due(backend: MailBackend, settings: Settings, report: RunReport, now: datetime | None = None) -> None:
    """Send again what failed (after its backoff), what an administrator queued, and claims a crash left behind."""
    now = now or utcnow()
    ids = ledger.due_for_retry(db.session, now, settings.policy)
    if not ids:
        return
    rows = {
        d.id: (d.user_id, d.kind, d.period) for d in db.session.scalars(select(Delivery).where(Delivery.id.in_(ids)))
    }
    snapshot = load_snapshot({user_id for user_id, _, _ in rows.values()})
    recipients = {r.user_id: r for r in snapshot.recipients}
    for delivery_id, (user_id, kind, period) in rows.items():
        if not ledger.take_over(db.session, delivery_id, now, settings.policy):
            continue
        if kind == KIND_INVITATION:
            ledger.mark_given_up(
                db.session,
                delivery_id,
                "An invitation cannot be sent again from here: send a new link from the area's members page.",
            )
            continue
        recipient = recipients.get(user_id)
        if recipient is None or recipient.preferences.frequency == OFF:
            ledger.mark_skipped(
                db.session, delivery_id, "Not sent: the person has turned emails off or can no longer sign in."
            )
            continue
        day = digest.period_day(kind, period, recipient.preferences.weekly_day)
        email = compose_for(snapshot, settings, recipient, kind, period, day) if day else None
        if email is None:
            ledger.mark_skipped(db.session, delivery_id, "Not sent: there was nothing left to say.")
            continue
        _send_claimed(delivery_id, email, backend, settings, report)


def send_digests(
    today: date,
    *,
    backend: MailBackend | None = None,
    config: Mapping | None = None,
    dry_run: bool = False,
    retries: bool = True,
) -> RunReport:
    """Process today and any missed day in the catch-up window, then retry what is due. Safe to run again."""
    from flask import current_app

    config = config or current_app.config
    settings = Settings.from_config(config)
    if backend is None and not dry_run:
        backend = backend_from_settings(config)
    report = RunReport()
    window_start = today - timedelta(days=settings.catch_up_days)
    last = _last_processed_day(today)
    if last is not None and last + timedelta(days=1) < window_start:
        first_missed, last_missed = last + timedelta(days=1), window_start - timedelta(days=1)
        report.skipped_days = [first_missed + timedelta(days=n) for n in range((last_missed - first_missed).days + 1)]
        if not dry_run:
            audit.record(
                SKIPPED_EVENT,
                None,
                summary=(
                    f"Digests for {first_missed.isoformat()} to {last_missed.isoformat()} were not sent: no run "
                    f"happened then, and they are more than {settings.catch_up_days} days old."
                ),
            )
            db.session.commit()
    # Catch up from the day after the last run (within the window); a first ever run starts today.
    first_day = max(window_start, last + timedelta(days=1)) if last is not None else today
    done = _processed_days(window_start)
    snapshot = load_snapshot()
    day = first_day
    while day <= today:
        if day not in done:
            run_day(day, snapshot, backend, settings, report, dry_run=dry_run)
        day += timedelta(days=1)
    if retries and not dry_run:
        retry_due(backend, settings, report)
    return report


# -- Invitations go through the same mail path -----------------------------------------------------


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


# -- The administrators' view -----------------------------------------------------------------------


def deliveries(status: str | None = None, area_id: int | None = None, limit: int = 200) -> list[Delivery]:
    query = (
        select(Delivery).options(selectinload(Delivery.user)).order_by(Delivery.claimed_at.desc(), Delivery.id.desc())
    )
    if status:
        query = query.where(Delivery.status == status)
    if area_id is not None:
        members = select(Membership.user_id).where(Membership.local_area_id == area_id)
        query = query.where(Delivery.user_id.in_(members))
    return list(db.session.scalars(query.limit(limit)))


def delivery_counts() -> dict[str, int]:
    from sqlalchemy import func

    return dict(db.session.execute(select(Delivery.status, func.count()).group_by(Delivery.status)).all())


def recent_runs(limit: int = 10) -> list[AuditEvent]:
    return list(
        db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.event.in_((RUN_EVENT, SKIPPED_EVENT)))
            .order_by(AuditEvent.id.desc())
            .limit(limit)
        )
    )


def resend(actor: User, delivery_id: int, now: datetime | None = None) -> Delivery:
    """Deliberately send a failed or sent delivery again, on the next run. Audited."""
    from ..permissions import require

    require(actor.is_admin, "Only a site administrator can resend emails.")
    delivery = db.session.get(Delivery, delivery_id)
    if delivery is None:
        raise LookupError(delivery_id)
    if delivery.kind == KIND_INVITATION:
        raise PreferenceError(
            "An invitation cannot be resent from here: send a new link from the members page", "delivery"
        )
    if delivery.status not in ("sent", "failed", "skipped"):
        raise PreferenceError("Only a sent, failed or skipped email can be resent", "delivery")
    old_status = delivery.status
    ledger.queue_resend(db.session, delivery, now or utcnow(), f"Resend requested by {actor.name}")
    audit.record(
        "delivery.resend",
        actor,
        summary=f"Resend of the {delivery.kind} for {delivery.period} to {delivery.user.email} requested",
        changes={"status": [old_status, ledger.DELIVERY_QUEUED]},
    )
    db.session.commit()
    return delivery
