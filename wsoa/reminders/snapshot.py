"""The facts the digests are composed from, loaded in a few bulk queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select

from ..actions.services import TRACKABLE_KINDS, in_plan_order
from ..extensions import db
from ..inspections.cycle_services import cycles_of
from ..inspections.key_dates import key_dates, parse_reminder_days, targets
from ..models import (
    ROLE_MANAGER,
    Action,
    EmailPreference,
    Evidence,
    Finding,
    Inspection,
    LocalArea,
    Membership,
    User,
    action_finding,
    action_partner_user,
)
from ..vocabulary import ACTION_COMPLETE, ACTION_RETIRED, CLOSED_STATUSES, REVIEW_AWAITING, REVIEW_RETURNED
from . import digest
from .digest import (
    ActionFacts,
    AreaFacts,
    EvidenceFacts,
    FindingProgress,
    KeyDateFacts,
    Preferences,
    Recipient,
)


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
            open_count = sum(1 for a in action_ids if action_status.get(a) not in CLOSED_STATUSES)
            rows.append(FindingProgress(number, finding.text, open_count, len(action_ids), finding.kind))
        result[inspection.id] = tuple(rows)
    return result


@dataclass
class People:
    """Who could get an email, with their preferences, and who manages an area: enough to decide who is
    due one on a day (`runs.due_on`) before loading any area's facts."""

    recipients: list[Recipient]
    managers: set[int]


def _people_rows(session, user_ids: set[int] | None):
    user_query = select(User.id, User.name, User.email).where(User.active.is_(True), User.password_hash.is_not(None))
    preference_query = select(EmailPreference.user_id, EmailPreference.frequency, EmailPreference.weekly_day)
    member_query = select(Membership.user_id, Membership.local_area_id, Membership.role)
    if user_ids is not None:
        user_query = user_query.where(User.id.in_(user_ids))
        preference_query = preference_query.where(EmailPreference.user_id.in_(user_ids))
        member_query = member_query.where(Membership.user_id.in_(user_ids))
    users = session.execute(user_query.order_by(User.id)).all()
    wanted = {row.id for row in users}
    preferences = {row.user_id: Preferences(row.frequency, row.weekly_day) for row in session.execute(preference_query)}
    member_rows = [row for row in session.execute(member_query) if row.user_id in wanted]
    return users, preferences, member_rows


def load_people(user_ids: set[int] | None = None) -> People:
    """Everyone who could get an email (members who can sign in), in three small queries."""
    users, preferences, member_rows = _people_rows(db.session, user_ids)
    members = {row.user_id for row in member_rows}
    recipients = [
        Recipient(row.id, row.name, row.email, preferences.get(row.id, Preferences()))
        for row in users
        if row.id in members
    ]
    return People(recipients, {row.user_id for row in member_rows if row.role == ROLE_MANAGER})


def load_snapshot(user_ids: set[int] | None = None) -> Snapshot:
    """Everything the composer needs, for everyone (or the given people), in a handful of queries:
    only those people's areas are loaded."""
    session = db.session
    users, preferences, member_rows = _people_rows(session, user_ids)
    area_ids = {row.local_area_id for row in member_rows}

    areas = {a.id: a for a in session.scalars(select(LocalArea).where(LocalArea.id.in_(area_ids)))}
    partners: dict[int, set[int]] = defaultdict(set)
    for action_id, user_id in session.execute(
        select(action_partner_user.c.action_id, action_partner_user.c.user_id)
        .join(Action, Action.id == action_partner_user.c.action_id)
        .where(Action.local_area_id.in_(area_ids))
    ):
        partners[action_id].add(user_id)
    # The action rows are read once as they arrive, not kept as a list: at national scale that list was the run's
    # largest transient (tens of thousands of rows).
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
    )
    action_status = {}
    actions_by_area: dict[int, list[ActionFacts]] = defaultdict(list)
    sign_off_by_area: dict[int, list[ActionFacts]] = defaultdict(list)
    reference_of = {}
    for row in action_rows:
        action_status[row.id] = row.status
        reference_of[row.id] = row.reference
        if row.status in CLOSED_STATUSES:
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
    returned_by_area: dict[int, list[EvidenceFacts]] = defaultdict(list)
    for row in session.execute(
        select(
            Evidence.id,
            Evidence.action_id,
            Evidence.description,
            Evidence.added_at,
            Evidence.added_by_id,
            Evidence.review_comment,
            Action.local_area_id,
        )
        .join(Action, Action.id == Evidence.action_id)
        .where(
            Evidence.review_status == REVIEW_RETURNED,
            Action.local_area_id.in_(area_ids),
            Action.status.not_in(CLOSED_STATUSES),
        )
        .order_by(Evidence.added_at)
    ):
        returned_by_area[row.local_area_id].append(
            EvidenceFacts(
                row.id,
                reference_of.get(row.action_id, ""),
                row.description,
                row.added_at.date(),
                row.added_by_id,
                row.review_comment,
                row.action_id,
            )
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

    cycles = cycles_of(inspection_ids)
    inspections_by_area = defaultdict(list)
    for inspection in inspections:
        inspections_by_area[inspection.local_area_id].append(inspection)

    area_facts = {}
    for area_id, area in areas.items():
        dates = tuple(
            KeyDateFacts(k.code, k.name, k.when, inspection.id)
            for inspection in inspections_by_area[area_id]
            for k in targets(key_dates(inspection, cycles[inspection.id]))
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
            evidence_returned=tuple(returned_by_area[area_id]),
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
