"""What the API reads: slices of lists in id order, each limited to what the acting user may see.

A slice starts after a given id, so a client paging with the cursor it was given never sees an item twice or
misses one, even while items are added. Services: take the acting user, import no views and no request state.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Generic, TypeVar

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import joinedload, selectinload

from ..dashboard.facts import InspectionSummary
from ..extensions import db
from ..inspections.cycle import FIRST_PLAN, plan_title
from ..inspections.cycle_services import JudgementLine, judgement_lines
from ..models import (
    Action,
    Evidence,
    Finding,
    FollowOnPlan,
    Inspection,
    LocalArea,
    MeasuredValue,
    Membership,
    Milestone,
    PartnerOrganisation,
    ProgressUpdate,
    Revisit,
    User,
    action_finding,
    action_partner_user,
)
from ..permissions import can_view_area, require, visible_inspections

T = TypeVar("T")
NOT_YOURS = "You cannot see this area."


@dataclass(frozen=True)
class Slice(Generic[T]):
    items: Sequence[T]
    # The id the next slice starts after; None when this is the last.
    next_after: int | None


def _slice(query: Select, id_column, after: int | None, limit: int) -> Slice:
    if after is not None:
        query = query.where(id_column > after)
    rows = list(db.session.scalars(query.order_by(id_column).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    return Slice(rows, rows[-1].id if more and rows else None)


def areas_slice(user: User, after: int | None, limit: int) -> Slice[LocalArea]:
    """The areas the user belongs to; every area for a site administrator."""
    query = select(LocalArea)
    if not user.is_admin:
        query = query.where(LocalArea.id.in_(select(Membership.local_area_id).where(Membership.user_id == user.id)))
    return _slice(query, LocalArea.id, after, limit)


def inspections_slice(user: User, after: int | None, limit: int, area: LocalArea | None = None) -> Slice[Inspection]:
    query = visible_inspections(user).options(selectinload(Inspection.local_area))
    if area is not None:
        require(can_view_area(user, area.id), NOT_YOURS)
        query = query.where(Inspection.local_area_id == area.id)
    return _slice(query, Inspection.id, after, limit)


@dataclass(frozen=True)
class ActionLinks:
    """What an action's representation shows of the rows linked to it, in the orders the action's
    relationships keep."""

    findings: Sequence[tuple[int, str]]  # (id, kind), in position order
    partners: Sequence[tuple[int, str]]  # (id, name), by name
    organisations: Sequence[str]  # by name
    latest_measure: tuple[date, float] | None  # (measured_on, value) of the latest measured value


def links_of(action: Action) -> ActionLinks:
    """One action's links, through its relationships (as loaded with it, or lazily)."""
    latest = action.measures[-1] if action.measures else None
    return ActionLinks(
        findings=[(finding.id, finding.kind) for finding in action.findings],
        partners=[(person.id, person.name) for person in action.partner_users],
        organisations=[organisation.name for organisation in action.partner_organisations],
        latest_measure=(latest.measured_on, latest.value) if latest else None,
    )


def actions_slice(user: User, inspection: InspectionSummary, after: int | None, limit: int) -> Slice[Action]:
    """The actions alone, with their leads: `links_for` reads what each links to."""
    require(can_view_area(user, inspection.local_area_id), NOT_YOURS)
    query = select(Action).where(Action.inspection_id == inspection.id).options(joinedload(Action.lead))
    return _slice(query, Action.id, after, limit)


# Built once with the ids as a parameter: SQLAlchemy then works out each statement's cache key once per process.
_IDS = bindparam("ids", expanding=True)
_LINKED_FINDINGS = (
    select(action_finding.c.action_id, Finding.id, Finding.kind)
    .join(Finding, Finding.id == action_finding.c.finding_id)
    .where(action_finding.c.action_id.in_(_IDS))
    .order_by(Finding.position, Finding.id)
)
_LINKED_PARTNERS = (
    select(action_partner_user.c.action_id, User.id, User.name)
    .join(User, User.id == action_partner_user.c.user_id)
    .where(action_partner_user.c.action_id.in_(_IDS))
    .order_by(User.name, User.id)
)
_LINKED_ORGANISATIONS = (
    select(PartnerOrganisation.action_id, PartnerOrganisation.name)
    .where(PartnerOrganisation.action_id.in_(_IDS))
    .order_by(PartnerOrganisation.name, PartnerOrganisation.id)
)
# In date order, so each action's last row is its latest, as in Action.measures.
_MEASURES_IN_ORDER = (
    select(MeasuredValue.action_id, MeasuredValue.measured_on, MeasuredValue.value)
    .where(MeasuredValue.action_id.in_(_IDS))
    .order_by(MeasuredValue.measured_on, MeasuredValue.id)
)


def links_for(actions: Sequence[Action]) -> dict[int, ActionLinks]:
    """{action id: its links} for a slice of actions, in four column selects whatever their number: loading
    the relationships as objects cost the API's list most of its time."""
    ids = {"ids": [action.id for action in actions]}
    findings, partners = defaultdict(list), defaultdict(list)
    organisations, latest = defaultdict(list), {}
    for action_id, finding_id, kind in db.session.execute(_LINKED_FINDINGS, ids):
        findings[action_id].append((finding_id, kind))
    for action_id, person_id, name in db.session.execute(_LINKED_PARTNERS, ids):
        partners[action_id].append((person_id, name))
    for action_id, name in db.session.execute(_LINKED_ORGANISATIONS, ids):
        organisations[action_id].append(name)
    for action_id, measured_on, value in db.session.execute(_MEASURES_IN_ORDER, ids):
        latest[action_id] = (measured_on, value)
    return {
        action_id: ActionLinks(
            findings[action_id], partners[action_id], organisations[action_id], latest.get(action_id)
        )
        for action_id in ids["ids"]
    }


def updates_slice(user: User, action: Action, after: int | None, limit: int) -> Slice[ProgressUpdate]:
    require(can_view_area(user, action.local_area_id), NOT_YOURS)
    query = select(ProgressUpdate).where(ProgressUpdate.action_id == action.id).options(
        selectinload(ProgressUpdate.author)
    )
    return _slice(query, ProgressUpdate.id, after, limit)


def milestones_slice(user: User, action: Action, after: int | None, limit: int) -> Slice[Milestone]:
    require(can_view_area(user, action.local_area_id), NOT_YOURS)
    return _slice(select(Milestone).where(Milestone.action_id == action.id), Milestone.id, after, limit)


def measures_slice(user: User, action: Action, after: int | None, limit: int) -> Slice[MeasuredValue]:
    require(can_view_area(user, action.local_area_id), NOT_YOURS)
    query = select(MeasuredValue).where(MeasuredValue.action_id == action.id).options(
        selectinload(MeasuredValue.recorded_by)
    )
    return _slice(query, MeasuredValue.id, after, limit)


def evidence_slice(user: User, action: Action, after: int | None, limit: int) -> Slice[Evidence]:
    require(can_view_area(user, action.local_area_id), NOT_YOURS)
    query = select(Evidence).where(Evidence.action_id == action.id).options(
        selectinload(Evidence.added_by), selectinload(Evidence.reviewed_by)
    )
    return _slice(query, Evidence.id, after, limit)


# -- The inspection cycle's plans and judgements ------------------------------------------------------------------

PLAN_OPEN, PLAN_CLOSED, PLAN_COMPLETE = "open", "closed", "complete"


@dataclass(frozen=True)
class PlanRead:
    """One of an inspection's plans in turn, as the API tells it."""

    number: int  # 1: the first plan (the statement's); 2 on: each follow-on plan
    name: str
    opened_on: date | None  # None for the first plan, which opens with the inspection
    closed_on: date | None  # closed when the next plan opened, or closed as complete
    status: str  # open | closed (the next plan opened) | complete (a manager closed it as complete)
    visit: Revisit | None  # the visit that judges it, once recorded


def _in_order(items: list[T], key: Callable[[T], int], after: int | None, limit: int) -> Slice[T]:
    """A slice of a short list read whole, in the order of `key` (a plan's number, a finding's id), paged by it as
    the other lists page by id."""
    items = sorted((item for item in items if after is None or key(item) > after), key=key)
    more = len(items) > limit
    return Slice(items[:limit], key(items[limit - 1]) if more else None)


def plans_slice(user: User, inspection: Inspection, after: int | None, limit: int) -> Slice[PlanRead]:
    """The inspection's plans in turn, each with its visit. Two statements, however many plans."""
    require(can_view_area(user, inspection.local_area_id), NOT_YOURS)
    follow_ons = db.session.scalars(
        select(FollowOnPlan).where(FollowOnPlan.inspection_id == inspection.id).order_by(FollowOnPlan.number)
    )
    visits = {
        visit.plan_number: visit
        for visit in db.session.scalars(select(Revisit).where(Revisit.inspection_id == inspection.id))
    }
    turns = [(FIRST_PLAN, None, inspection.first_plan_closed_on)]
    turns += [(plan.number, plan.opened_on, plan.closed_on) for plan in follow_ons]
    plans = []
    for position, (number, opened_on, completed_on) in enumerate(turns):
        following = turns[position + 1] if position + 1 < len(turns) else None
        if completed_on is not None:
            status, closed_on = PLAN_COMPLETE, completed_on
        elif following is not None:
            status, closed_on = PLAN_CLOSED, following[1]
        else:
            status, closed_on = PLAN_OPEN, None
        plans.append(
            PlanRead(number, plan_title(inspection.framework, number), opened_on, closed_on, status, visits.get(number))
        )
    return _in_order(plans, lambda plan: plan.number, after, limit)


def judgements_slice(
    user: User, inspection: Inspection, plan_number: int, after: int | None, limit: int
) -> Slice[JudgementLine] | None:
    """What one plan's visit judges, by finding id, each with its judgement once recorded; None when the inspection
    has no such plan. Four statements, however many judgements."""
    require(can_view_area(user, inspection.local_area_id), NOT_YOURS)
    if plan_number != FIRST_PLAN and not db.session.scalar(
        select(FollowOnPlan.id).where(FollowOnPlan.inspection_id == inspection.id, FollowOnPlan.number == plan_number)
    ):
        return None
    return _in_order(judgement_lines(inspection, plan_number), lambda line: line.finding_id, after, limit)
