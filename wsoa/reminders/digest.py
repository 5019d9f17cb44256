"""Compose each person's digest: pure functions from plain data and a date to an Email, or None.

No Flask and no database here: wsoa/reminders/snapshot.py gathers the facts; this module decides
what is worth saying, when, and says it in plain English (text and accessible HTML).

Decisions, in one place:
- One digest per person per period, merged across every area they belong to.
- Nothing to say, no email. A readiness countdown alone is context, not news: it never sends an email
  by itself, but a key-date reminder on its day does.
- Daily digests go on working days only (England and Wales); weekly ones on the chosen weekday, or the
  next working day of that week when it is a bank holiday.
- Key-date reminders go to the area's managers, on the working day the reminder falls due (one that
  falls on a weekend or bank holiday comes with the next working day's email).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from ..formatting import long_date
from ..inspections.grouping import finding_label
from ..inspections.key_dates import (
    MONITORING_INSPECTION,
    PRIORITY_ACTION_PLAN_DUE,
    RESUBMISSION_DEADLINE,
    REVISIT,
    WSOA_DEADLINE,
)
from ..letters import SIGNIFICANT_WEAKNESS
from ..vocabulary import Thresholds, flags_of
from ..working_days import is_working_day
from .message import KIND_DIGEST, KIND_KEY_DATES, KIND_NOTICE, Email

DAILY = "daily"
WEEKLY = "weekly"
OFF = "off"
DEFAULT_FREQUENCY = DAILY
DEFAULT_WEEKLY_DAY = 0  # Monday
DEFAULT_REMINDER_DAYS = (90, 60, 30, 14, 7)
REMINDED_KEY_DATES = (WSOA_DEADLINE, PRIORITY_ACTION_PLAN_DUE, RESUBMISSION_DEADLINE, REVISIT, MONITORING_INSPECTION)
# Long lists help nobody: each section shows this many and links to the rest.
SECTION_LIMIT = 25
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

_TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates" / "email"
HTML_EMAILS = Environment(
    loader=FileSystemLoader(str(_TEMPLATES)),
    autoescape=select_autoescape(default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
TEXT_EMAILS = Environment(
    loader=FileSystemLoader(str(_TEMPLATES)),
    autoescape=False,  # noqa: S701 - plain-text email: there is no HTML to escape into
    trim_blocks=True,
    lstrip_blocks=True,
)
for _env in (HTML_EMAILS, TEXT_EMAILS):
    _env.filters["long_date"] = long_date


# -- The facts the composer is given -------------------------------------------------------------


@dataclass(frozen=True)
class Preferences:
    frequency: str = DEFAULT_FREQUENCY
    weekly_day: int = DEFAULT_WEEKLY_DAY


@dataclass(frozen=True)
class Recipient:
    user_id: int
    name: str
    email: str
    preferences: Preferences = Preferences()


@dataclass(frozen=True)
class ActionFacts:
    id: int
    reference: str
    title: str
    status: str
    due_date: date | None
    last_update_at: datetime | None
    created_at: datetime
    lead_id: int | None
    partner_ids: frozenset[int] = frozenset()


@dataclass(frozen=True)
class EvidenceFacts:
    id: int
    action_reference: str
    description: str
    added_on: date
    added_by_id: int | None = None
    review_comment: str = ""
    action_id: int | None = None


@dataclass(frozen=True)
class FindingProgress:
    number: int
    text: str
    open_actions: int
    all_actions: int
    kind: str = SIGNIFICANT_WEAKNESS

    @property
    def label(self) -> str:
        return finding_label(self.kind, self.number)


@dataclass(frozen=True)
class KeyDateFacts:
    code: str
    name: str
    when: date
    inspection_id: int


@dataclass(frozen=True)
class AreaFacts:
    id: int
    name: str
    thresholds: Thresholds
    reminder_days: tuple[int, ...]
    actions: tuple[ActionFacts, ...] = ()
    evidence_awaiting_review: tuple[EvidenceFacts, ...] = ()
    evidence_returned: tuple[EvidenceFacts, ...] = ()  # returned, and not yet replaced or withdrawn
    awaiting_sign_off: tuple[ActionFacts, ...] = ()
    key_dates: tuple[KeyDateFacts, ...] = ()
    # Per inspection: its tracked findings with how many of their actions are still open.
    findings: dict[int, tuple[FindingProgress, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Membership:
    area: AreaFacts
    is_manager: bool


@dataclass(frozen=True)
class Links:
    """Absolute links into the app; the unsubscribe link is the person's own signed one."""

    base_url: str
    unsubscribe_url: str

    def to(self, path: str) -> str:
        return self.base_url.rstrip("/") + path

    @property
    def preferences(self) -> str:
        return self.to("/email-preferences")


# -- When ----------------------------------------------------------------------------------------


def previous_working_day(day: date) -> date:
    day -= timedelta(days=1)
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def weekly_send_day(day: date, weekly_day: int) -> date | None:
    """The day the weekly digest goes in day's week: the chosen weekday, or the next working day that week."""
    monday = day - timedelta(days=day.weekday())
    candidate = monday + timedelta(days=weekly_day)
    while candidate - monday < timedelta(days=7):
        if is_working_day(candidate):
            return candidate
        candidate += timedelta(days=1)
    return None


def digest_period(preferences: Preferences, day: date) -> str | None:
    """The period key of the digest due on this day, or None when none is due.

    Daily: the ISO date ("2026-11-24"). Weekly: the ISO week ("2026-W48").
    """
    if preferences.frequency == DAILY:
        return day.isoformat() if is_working_day(day) else None
    if preferences.frequency == WEEKLY and weekly_send_day(day, preferences.weekly_day) == day:
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    return None


def period_day(kind: str, period: str, weekly_day: int = DEFAULT_WEEKLY_DAY) -> date | None:
    """The day a period's email is composed for (used when a delivery is retried or resent)."""
    if "-W" in period:
        year, week = period.split("-W")
        monday = date.fromisocalendar(int(year), int(week), 1)
        return weekly_send_day(monday, weekly_day) or monday
    try:
        return date.fromisoformat(period)
    except ValueError:
        return None


@dataclass(frozen=True)
class KeyDateReminder:
    name: str
    when: date
    days_before: int  # the reminder setting that fell due, e.g. 30
    days_left: int  # from the day of the email
    inspection_id: int


def due_reminders(
    key_dates: tuple[KeyDateFacts, ...], reminder_days: tuple[int, ...], day: date
) -> list[KeyDateReminder]:
    """Reminders falling due after the previous working day and up to this day (a working day).

    A reminder on a weekend or bank holiday comes with the next working day's email; when two fall
    due in the same window, only the nearer one is said.
    """
    if not is_working_day(day):
        return []
    since = previous_working_day(day)
    reminders = []
    for key_date in key_dates:
        if key_date.code not in REMINDED_KEY_DATES or key_date.when < day:
            continue
        due = [n for n in reminder_days if since < key_date.when - timedelta(days=n) <= day]
        if due:
            reminders.append(
                KeyDateReminder(
                    key_date.name, key_date.when, min(due), (key_date.when - day).days, key_date.inspection_id
                )
            )
    return sorted(reminders, key=lambda r: r.when)


# -- What ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    text: str
    detail: str
    url: str


@dataclass(frozen=True)
class Section:
    heading: str
    items: tuple[Item, ...]
    more: int = 0
    more_url: str = ""


@dataclass(frozen=True)
class Countdown:
    name: str
    when: date
    days_left: int
    url: str
    findings: tuple[FindingProgress, ...]


@dataclass(frozen=True)
class AreaDigest:
    name: str
    reminders: tuple[KeyDateReminder, ...]
    sections: tuple[Section, ...]
    countdown: Countdown | None

    @property
    def has_news(self) -> bool:
        return bool(self.reminders or self.sections)


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def _section(heading: str, items: list[Item], more_url: str) -> Section | None:
    if not items:
        return None
    return Section(heading, tuple(items[:SECTION_LIMIT]), max(0, len(items) - SECTION_LIMIT), more_url)


def _action_item(action: ActionFacts, detail: str, links: Links, path_suffix: str = "") -> Item:
    return Item(f"{action.reference} {action.title}", detail, links.to(f"/actions/{action.id}{path_suffix}"))


def area_digest(
    recipient: Recipient, membership: Membership, day: date, links: Links, *, include_news: bool = True
) -> AreaDigest:
    """What this person should hear about one area today."""
    area = membership.area
    due_soon_days = area.thresholds.due_soon_days
    overdue, due_soon, stale = [], [], []
    if include_news:
        for action in area.actions:
            if action.lead_id != recipient.user_id and recipient.user_id not in action.partner_ids:
                continue
            flags = flags_of(action, area.thresholds, day)
            role = "You lead this" if action.lead_id == recipient.user_id else "You are a partner on this"
            if flags.overdue:
                late = _plural(flags.days_overdue, "day")
                overdue.append(
                    (
                        action.due_date,
                        _action_item(action, f"{role}. Due {long_date(action.due_date)}: {late} overdue.", links),
                    )
                )
            elif flags.due_soon:
                left = (action.due_date - day).days
                when = "today" if left == 0 else ("tomorrow" if left == 1 else f"in {left} days")
                due_soon.append(
                    (action.due_date, _action_item(action, f"{role}. Due {when}, {long_date(action.due_date)}.", links))
                )
            elif flags.stale:
                quiet = (day - (action.last_update_at or action.created_at).date()).days
                stale.append((-quiet, _action_item(action, f"{role}. No progress update for {quiet} days.", links)))
    mine = links.to("/my-actions")
    sections = [
        _section("Overdue", [item for _, item in sorted(overdue, key=lambda pair: pair[0])], mine),
        _section(
            f"Due in the next {_plural(due_soon_days, 'day')}",
            [i for _, i in sorted(due_soon, key=lambda p: p[0])],
            mine,
        ),
        _section("No recent progress update", [item for _, item in sorted(stale, key=lambda pair: pair[0])], mine),
    ]
    if include_news:
        sections.append(
            _section(
                "Your evidence returned to you",
                [
                    Item(
                        f"{evidence.action_reference}: {evidence.description}",
                        f"Returned: {evidence.review_comment} Replace it or withdraw it.",
                        links.to(f"/actions/{evidence.action_id}#evidence"),
                    )
                    for evidence in area.evidence_returned
                    if evidence.added_by_id == recipient.user_id
                ],
                "",
            )
        )
    reminders: list[KeyDateReminder] = []
    countdown = None
    if membership.is_manager:
        if include_news:
            sections.append(
                _section(
                    "Evidence waiting for your review",
                    [
                        Item(
                            f"{evidence.action_reference}: {evidence.description}",
                            f"Added {long_date(evidence.added_on)}.",
                            links.to(f"/evidence/{evidence.id}/review"),
                        )
                        for evidence in area.evidence_awaiting_review
                    ],
                    "",
                )
            )
            sections.append(
                _section(
                    "Actions waiting for sign-off",
                    [
                        _action_item(action, "Marked complete by its lead.", links, "/sign-off")
                        for action in area.awaiting_sign_off
                    ],
                    "",
                )
            )
        reminders = due_reminders(area.key_dates, area.reminder_days, day)
        upcoming = sorted((k for k in area.key_dates if k.when >= day), key=lambda k: k.when)
        if upcoming:
            nearest = upcoming[0]
            countdown = Countdown(
                nearest.name,
                nearest.when,
                (nearest.when - day).days,
                links.to(f"/inspections/{nearest.inspection_id}/actions"),
                area.findings.get(nearest.inspection_id, ()),
            )
    return AreaDigest(area.name, tuple(reminders), tuple(s for s in sections if s), countdown)


def _subject(kind: str, areas: list[AreaDigest], day: date) -> str:
    when = f"{WEEKDAYS[day.weekday()]} {long_date(day)}"
    if kind == KIND_KEY_DATES:
        first = min((r for a in areas for r in a.reminders), key=lambda r: r.days_left)
        return f"{first.name}: {_plural(first.days_left, 'day')} to go – {when}"
    counts = {}
    for area in areas:
        for section in area.sections:
            counts[section.heading] = counts.get(section.heading, 0) + len(section.items) + section.more
    parts = []
    if overdue := counts.get("Overdue"):
        parts.append(f"{overdue} overdue")
    due_soon = sum(n for heading, n in counts.items() if heading.startswith("Due in"))
    if due_soon:
        parts.append(f"{due_soon} due soon")
    if reviews := counts.get("Evidence waiting for your review"):
        parts.append(f"{_plural(reviews, 'evidence review')}")
    if sign_offs := counts.get("Actions waiting for sign-off"):
        parts.append(f"{sign_offs} to sign off")
    if stale := counts.get("No recent progress update"):
        parts.append(f"{stale} needing an update")
    if returned := counts.get("Your evidence returned to you"):
        parts.append(f"{returned} evidence returned")
    if not parts:
        reminder = min((r for a in areas for r in a.reminders), key=lambda r: r.days_left)
        parts.append(f"{reminder.name.lower()} in {_plural(reminder.days_left, 'day')}")
    return f"Your SEND actions: {', '.join(parts)} – {when}"


def compose(
    recipient: Recipient,
    memberships: list[Membership],
    day: date,
    links: Links,
    *,
    kind: str = KIND_DIGEST,
    period: str,
    service_name: str = "Track your SEND inspection response",
) -> Email | None:
    """The person's one email for this period across all their areas, or None when there is nothing to say.

    kind=KIND_KEY_DATES is the email on its own for a manager who gets weekly digests: only key-date
    reminders, with the countdown.
    """
    include_news = kind == KIND_DIGEST
    areas = [area_digest(recipient, m, day, links, include_news=include_news) for m in memberships]
    areas = sorted((a for a in areas if a.has_news), key=lambda a: a.name)
    if not areas:
        return None
    subject = _subject(kind, areas, day)
    frequency = recipient.preferences.frequency
    context = {
        "subject": subject,
        "recipient": recipient,
        "areas": areas,
        "day": day,
        "weekday": WEEKDAYS[day.weekday()],
        "links": links,
        "kind": kind,
        "service_name": service_name,
        "frequency_text": (
            "every working day" if frequency == DAILY else f"every week on {WEEKDAYS[recipient.preferences.weekly_day]}"
        ),
    }
    text = TEXT_EMAILS.get_template("digest.txt").render(context)
    html = HTML_EMAILS.get_template("digest.html").render(context)
    return Email(
        to=recipient.email,
        subject=subject,
        text=text,
        html=html,
        kind=kind,
        reference=f"{kind}/{recipient.user_id}/{period}",
        unsubscribe_url=links.unsubscribe_url,
        personalisation={
            "subject": subject,
            "body": text,
            "name": recipient.name,
            "preferences_url": links.preferences,
            "unsubscribe_url": links.unsubscribe_url,
        },
    )


def compose_invitation(
    *,
    to: str,
    name: str,
    area_name: str,
    role: str,
    link: str,
    expires_at: datetime,
    invited_by: str,
    reference: str,
    service_name: str = "Track your SEND inspection response",
) -> Email:
    """The invitation to set a password, sent through the same mail backends as the digests."""
    subject = f"You have been invited to {service_name} for {area_name}"
    context = {
        "subject": subject,
        "name": name,
        "area_name": area_name,
        "role": role,
        "link": link,
        "expires_at": expires_at,
        "invited_by": invited_by,
        "service_name": service_name,
    }
    text = TEXT_EMAILS.get_template("invitation.txt").render(context)
    html = HTML_EMAILS.get_template("invitation.html").render(context)
    return Email(
        to=to,
        subject=subject,
        text=text,
        html=html,
        kind="invitation",
        reference=reference,
        personalisation={"subject": subject, "body": text, "name": name, "link": link},
    )


# -- Notices: sent at once, not in the daily digest -------------------------------------------------


@dataclass(frozen=True)
class NoticeItem:
    text: str  # "Morgan Hale made you the lead of 1.2 Joint commissioning."
    url: str
    detail: str = ""  # a reviewer's comment, a comment's words


def compose_notice(
    recipient: Recipient, items: list[NoticeItem], links: Links, *, reference: str, service_name: str
) -> Email | None:
    """One email for everything that happened to this person in the last few minutes; None for nothing."""
    if not items:
        return None
    subject = items[0].text if len(items) == 1 else f"{len(items)} things for you to know about"
    context = {
        "subject": subject,
        "recipient": recipient,
        "items": items,
        "links": links,
        "service_name": service_name,
    }
    text = TEXT_EMAILS.get_template("notice.txt").render(context)
    html = HTML_EMAILS.get_template("notice.html").render(context)
    return Email(
        to=recipient.email,
        subject=subject,
        text=text,
        html=html,
        kind=KIND_NOTICE,
        reference=reference,
        unsubscribe_url=links.unsubscribe_url,
        personalisation={"subject": subject, "body": text},
    )
