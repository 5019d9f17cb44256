"""What each dashboard page shows: permission check, one load (data.py), then the pure roll-ups."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..inspections.cycle_services import cycle_of, cycles_of
from ..inspections.key_dates import key_dates, targets
from ..models import ROLE_MANAGER, User
from ..permissions import can_view_area
from . import data
from .charts import ProgressPoint, RagBar, completion_svg, rag_by_weakness_svg
from .facts import ActionFacts, ChangeFacts, InspectionSummary, Plan
from .listing import ActionCriteria, filter_actions, reference_key, sort_actions
from .queue import WorkQueue, work_queue
from .rollups import (
    CONCERN_TITLES,
    ChangeSummary,
    Concern,
    Countdown,
    MonthPoint,
    OwnerRow,
    Rollup,
    WeaknessRow,
    change_summary,
    completion_over_time,
    concern_counts,
    countdowns,
    next_countdown,
    readiness,
    roll_up,
    weakness_rows,
    workload_by_lead,
    workload_by_organisation,
)


def visible_inspection(user: User, inspection_id: int) -> InspectionSummary | None:
    """The inspection if the user may see its area; None whether it is missing or in another area."""
    summary = data.inspection_summary(inspection_id)
    if summary is None or not can_view_area(user, summary.local_area_id):
        return None
    return summary


@dataclass(frozen=True)
class AreaDashboard:
    plan: Plan
    total: Rollup
    weaknesses: list[WeaknessRow]
    dates: list[Countdown]
    next_date: Countdown | None
    changes: ChangeSummary
    change_list: list[ChangeFacts]
    references: dict[int, str]
    rag_svg: str
    progress: list[MonthPoint]
    progress_svg: str
    waiting: dict[str, int]  # the managers' work queue, counted


def area_dashboard(summary: InspectionSummary, today: date, since: date) -> AreaDashboard:
    plan = data.load_plan(summary)
    thresholds = summary.thresholds
    rows = weakness_rows(plan.weaknesses, plan.actions, today, thresholds)
    events, update_times = data.changes_since(summary.id, since)
    lifecycle = key_dates(summary, cycle_of(summary.id))
    dates = countdowns(lifecycle, today)
    progress = completion_over_time(plan.actions)
    bars = [
        RagBar(
            row.weakness.label,
            row.rollup.by_rag["red"],
            row.rollup.by_rag["amber"],
            row.rollup.by_rag["green"],
            row.rollup.by_rag["not_rated"],
        )
        for row in rows
    ]
    return AreaDashboard(
        plan=plan,
        total=roll_up(plan.actions, today, thresholds),
        weaknesses=rows,
        dates=dates,
        next_date=next_countdown(countdowns(targets(lifecycle), today)),
        changes=change_summary(since, events, update_times),
        change_list=events,
        references={a.id: a.reference for a in plan.actions},
        rag_svg=rag_by_weakness_svg(bars),
        progress=progress,
        progress_svg=completion_svg([ProgressPoint(p.month_end, p.planned, p.completed) for p in progress]),
        waiting=work_queue(plan.actions, thresholds, today).counts,
    )


def action_list(summary: InspectionSummary, criteria: ActionCriteria, today: date) -> tuple[Plan, list[ActionFacts]]:
    plan = data.load_plan(summary)
    if criteria.query.strip():
        criteria = ActionCriteria(
            **{**criteria.__dict__, "update_matches": data.actions_matching_updates(summary.id, criteria.query)}
        )
    chosen = filter_actions(plan.actions, criteria, today, summary.thresholds)
    return plan, sort_actions(chosen, criteria.sort)


_CONCERN_ORDER = list(CONCERN_TITLES)


@dataclass(frozen=True)
class Readiness:
    plan: Plan
    counts: dict[str, int]  # what the revisit judges only
    concerns: list[Concern]  # what the revisit judges, filtered and sorted as asked
    development: list[Concern]  # about areas for development or improvement only, shown apart


def _sorted_concerns(concerns: list[Concern], sort: str) -> list[Concern]:
    if sort == "reference":
        return sorted(concerns, key=lambda c: (reference_key(c.reference), _CONCERN_ORDER.index(c.kind)))
    if sort == "worst":
        return sorted(concerns, key=lambda c: (-c.days, _CONCERN_ORDER.index(c.kind), reference_key(c.reference)))
    return concerns


def readiness_report(
    summary: InspectionSummary, today: date, months: int, kind: str = "", sort: str = "kind"
) -> Readiness:
    plan = data.load_plan(summary)
    everything = readiness(plan.weaknesses, plan.actions, today, summary.thresholds, months)
    judged = [c for c in everything if c.judged]
    counts = concern_counts(judged)
    if kind in CONCERN_TITLES:
        judged = [c for c in judged if c.kind == kind]
    development = [c for c in everything if not c.judged]
    return Readiness(plan, counts, _sorted_concerns(judged, sort), _sorted_concerns(development, sort))


_OWNER_SORT_KEYS = {
    "overdue": lambda r: (-r.rollup.overdue, r.owner.lower()),
    "stale": lambda r: (-r.rollup.stale, r.owner.lower()),
    "actions": lambda r: (-r.rollup.actions, r.owner.lower()),
}


def owner_report(summary: InspectionSummary, today: date, sort: str) -> tuple[Plan, list[OwnerRow], list[OwnerRow]]:
    plan = data.load_plan(summary)
    leads = workload_by_lead(plan.actions, today, summary.thresholds)
    organisations = workload_by_organisation(plan.actions, today, summary.thresholds)
    if sort in _OWNER_SORT_KEYS:
        leads.sort(key=_OWNER_SORT_KEYS[sort])
        organisations.sort(key=_OWNER_SORT_KEYS[sort])
    return plan, leads, organisations


@dataclass(frozen=True)
class AreaRow:
    inspection: InspectionSummary
    rollup: Rollup
    next_date: Countdown | None


_OVERVIEW_SORT_KEYS = {
    "overdue": lambda r: (-r.rollup.overdue, r.inspection.area_name.lower()),
    "red": lambda r: (-r.rollup.by_rag["red"], r.inspection.area_name.lower()),
    "key_date": lambda r: (
        r.next_date is None,
        r.next_date.days if r.next_date else 0,
        r.inspection.area_name.lower(),
    ),
}


def overview_rows(user: User, today: date, query: str = "", sort: str = "name") -> list[AreaRow]:
    """One row per area the user belongs to (every area for an administrator): its latest inspection."""
    inspections, actions = data.overview(user)
    cycles = cycles_of(summary.id for summary in inspections)
    rows = [
        AreaRow(
            summary,
            roll_up(actions.get(summary.id, []), today, summary.thresholds),
            next_countdown(countdowns(targets(key_dates(summary, cycles[summary.id])), today)),
        )
        for summary in inspections
        if query.strip().casefold() in summary.area_name.casefold()
    ]
    if sort in _OVERVIEW_SORT_KEYS:
        rows.sort(key=_OVERVIEW_SORT_KEYS[sort])
    return rows


@dataclass(frozen=True)
class AreaQueue:
    inspection: InspectionSummary
    queue: WorkQueue


def manager_queues(user: User, today: date) -> list[AreaQueue]:
    """For each area the person manages, its latest plan's work queue (administrators see the areas they
    manage too; the whole country's queue helps nobody)."""
    managed = {m.local_area_id for m in user.memberships if m.role == ROLE_MANAGER}
    inspections, _ = data.overview(user)
    return [
        AreaQueue(summary, work_queue(data.load_plan(summary).actions, summary.thresholds, today))
        for summary in inspections
        if summary.local_area_id in managed
    ]
