"""Data access for the dashboards and the tracker export.

Each loader runs a FIXED number of SQL statements whatever the size of the plan: column selects and
aggregates, never a query per action. The answers are the plain dataclasses of facts.py, so the roll-ups
never touch the database. tests/integration/test_dashboard_queries.py holds the counts.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from types import SimpleNamespace

from sqlalchemy import bindparam, func, or_, select

from ..actions.services import finding_numbers
from ..extensions import db
from ..models import (
    Action,
    AuditEvent,
    Evidence,
    Finding,
    Inspection,
    LocalArea,
    MeasuredValue,
    Membership,
    Milestone,
    PartnerOrganisation,
    ProgressUpdate,
    User,
    action_finding,
    action_partner_user,
)
from .facts import (
    ActionFacts,
    ChangeFacts,
    EvidenceFacts,
    InspectionSummary,
    MeasureFacts,
    MilestoneFacts,
    Plan,
    UpdateFacts,
    WeaknessFacts,
    action_facts,
    check_action_fields,
)
from .listing import reference_key

_INSPECTION_COLUMNS = (
    Inspection.id,
    Inspection.local_area_id,
    LocalArea.name.label("area_name"),
    LocalArea.stale_after_days,
    LocalArea.due_soon_days,
    Inspection.framework,
    Inspection.inspection_start,
    Inspection.inspection_end,
    Inspection.letter_date,
    Inspection.wsoa_required,
    Inspection.outcome,
    Inspection.monitoring_inspection_within_months,
    Inspection.next_full_inspection_within_months,
    Inspection.wsoa_deadline,
    Inspection.revisit_date,
    Inspection.next_full_inspection_date,
)


def _summary(row) -> InspectionSummary:
    return InspectionSummary(**row._asdict())


# The statements every dashboard page runs are built once, with the inspection as a parameter: SQLAlchemy then
# works out each one's cache key once per process, not on every page (half the cost of a small statement).
_INSPECTION_ID = bindparam("inspection_id")
_SUMMARY = (
    select(*_INSPECTION_COLUMNS)
    .join(LocalArea, LocalArea.id == Inspection.local_area_id)
    .where(Inspection.id == _INSPECTION_ID)
)


def inspection_summary(inspection_id: int) -> InspectionSummary | None:
    """One statement. The caller checks the user may see the area."""
    row = _execute()(_SUMMARY, {"inspection_id": inspection_id}).first()
    return _summary(row) if row else None


# ActionFacts' own fields, named as ActionFacts names them; text a plan leaves blank reads as "".
_ACTION_COLUMNS = (
    Action.id,
    Action.reference,
    Action.title,
    Action.status,
    Action.created_at,
    Action.rag,
    Action.lead_id,
    User.name.label("lead_name"),
    Action.start_date,
    Action.due_date,
    Action.last_update_at,
    Action.signed_off_at,
    Action.baseline_value,
    Action.target_value,
    Action.measure_better,
    *(
        func.coalesce(column, "").label(column.key)
        for column in (
            Action.rag_reason,
            Action.description,
            Action.success_measure,
            Action.baseline,
            Action.target,
            Action.measure_unit,
            Action.measured_by,
        )
    ),
)


def _in_plan(inspection_id):
    return select(Action.id).where(Action.inspection_id == inspection_id).scalar_subquery()


_IN_PLAN = _in_plan(_INSPECTION_ID)
_PLAN_FINDINGS = select(
    Finding.id, Finding.position, Finding.kind, Finding.section, Finding.text, Finding.tracked
).where(Finding.inspection_id == _INSPECTION_ID)
_PLAN_ACTIONS = (
    select(*_ACTION_COLUMNS).outerjoin(User, User.id == Action.lead_id).where(Action.inspection_id == _INSPECTION_ID)
)
_PLAN_LINKS = select(action_finding.c.action_id, action_finding.c.finding_id).where(
    action_finding.c.action_id.in_(_IN_PLAN)
)
_PLAN_ORGANISATIONS = (
    select(PartnerOrganisation.action_id, PartnerOrganisation.name)
    .where(PartnerOrganisation.action_id.in_(_IN_PLAN))
    .order_by(PartnerOrganisation.name)
)
_PLAN_EVIDENCE = (
    select(
        Evidence.id,
        Evidence.action_id,
        Evidence.kind,
        Evidence.review_status,
        Evidence.as_at,
        Evidence.description,
        Evidence.added_at,
        Evidence.reviewed_at,
    )
    .where(Evidence.action_id.in_(_IN_PLAN))
    .order_by(Evidence.id)
)
_PLAN_COMPLETIONS = (
    select(AuditEvent.action_id, func.max(AuditEvent.at))
    .where(AuditEvent.action_id.in_(_IN_PLAN), AuditEvent.event == "action.completed")
    .group_by(AuditEvent.action_id)
)
_PLAN_MILESTONES = (
    select(Milestone.action_id, Milestone.title, Milestone.due_date, Milestone.done_on)
    .where(Milestone.action_id.in_(_IN_PLAN))
    .order_by(Milestone.due_date, Milestone.id)
)
_PLAN_PARTNER_PEOPLE = (
    select(action_partner_user.c.action_id, User.name)
    .join(User, User.id == action_partner_user.c.user_id)
    .where(action_partner_user.c.action_id.in_(_IN_PLAN))
    .order_by(User.name)
)
_PLAN_LATEST_UPDATES = (
    select(
        ProgressUpdate.action_id,
        ProgressUpdate.created_at,
        User.name,
        ProgressUpdate.rag,
        ProgressUpdate.done,
        ProgressUpdate.next_steps,
    )
    .join(User, User.id == ProgressUpdate.author_id)
    .where(
        ProgressUpdate.id.in_(
            select(func.max(ProgressUpdate.id))
            .where(ProgressUpdate.action_id.in_(_IN_PLAN))
            .group_by(ProgressUpdate.action_id)
        )
    )
)


def _latest_measures_statement(action_ids):
    newest = (
        select(MeasuredValue.action_id, func.max(MeasuredValue.measured_on).label("measured_on"))
        .where(MeasuredValue.action_id.in_(action_ids))
        .group_by(MeasuredValue.action_id)
        .subquery()
    )
    return select(MeasuredValue.action_id, MeasuredValue.measured_on, MeasuredValue.value).join(
        newest,
        (newest.c.action_id == MeasuredValue.action_id) & (newest.c.measured_on == MeasuredValue.measured_on),
    )


_PLAN_LATEST_MEASURES = _latest_measures_statement(_IN_PLAN)


def _measures_by_action(rows) -> dict[int, MeasureFacts]:
    return {action_id: MeasureFacts(measured_on, value) for action_id, measured_on, value in rows}


def _execute():
    """How the loaders run their column selects: on the session's connection, after flushing what the session
    holds. The ORM's handling of each result (made for rows of objects) cost a third of each statement's time,
    and these rows make no objects."""
    db.session.flush()
    return db.session.connection().execute


def load_plan(summary: InspectionSummary, *, details: bool = False) -> Plan:
    """The plan's weaknesses and actions: 6 statements, or 10 with the export's details."""
    chosen = {"inspection_id": summary.id}
    execute = _execute()
    findings = execute(_PLAN_FINDINGS, chosen).all()
    numbers = finding_numbers(SimpleNamespace(findings=findings))
    weaknesses = tuple(
        sorted(
            (
                WeaknessFacts(f.id, numbers[f.id], f.kind, f.text, f.section)
                for f in findings
                if f.tracked and f.id in numbers
            ),
            key=lambda w: w.number,
        )
    )

    action_result = execute(_PLAN_ACTIONS, chosen)
    action_fields, action_rows = tuple(action_result.keys()), action_result.all()

    links: dict[int, list[int]] = defaultdict(list)
    for action_id, finding_id in execute(_PLAN_LINKS, chosen):
        links[action_id].append(finding_id)

    organisations: dict[int, list[str]] = defaultdict(list)
    for action_id, name in execute(_PLAN_ORGANISATIONS, chosen):
        organisations[action_id].append(name)

    evidence: dict[int, list[EvidenceFacts]] = defaultdict(list)
    for row in execute(_PLAN_EVIDENCE, chosen):
        evidence[row.action_id].append(EvidenceFacts(**row._asdict()))

    completed_at = dict(execute(_PLAN_COMPLETIONS, chosen).all())

    milestones: dict[int, list[MilestoneFacts]] = defaultdict(list)
    people: dict[int, list[str]] = defaultdict(list)
    latest: dict[int, UpdateFacts] = {}
    measured: dict[int, MeasureFacts] = {}
    if details:
        for action_id, title, due_date, done_on in execute(_PLAN_MILESTONES, chosen):
            milestones[action_id].append(MilestoneFacts(title, due_date, done_on))
        for action_id, name in execute(_PLAN_PARTNER_PEOPLE, chosen):
            people[action_id].append(name)
        for action_id, created_at, author, rag, done, next_steps in execute(_PLAN_LATEST_UPDATES, chosen):
            latest[action_id] = UpdateFacts(created_at, author, rag, done, next_steps)
        measured = _measures_by_action(execute(_PLAN_LATEST_MEASURES, chosen))

    # Rows are read by position: a row's attributes cost a Python call each, and a plan has hundreds of actions.
    check_action_fields(action_fields)
    facts = []
    for row in action_rows:
        action_id = row[0]
        facts.append(
            action_facts(
                (
                    *zip(action_fields, row, strict=True),
                    ("completed_at", completed_at.get(action_id)),
                    ("finding_ids", tuple(links.get(action_id, ()))),
                    ("partner_organisations", tuple(organisations.get(action_id, ()))),
                    ("partner_people", tuple(people.get(action_id, ()))),
                    ("evidence", tuple(evidence.get(action_id, ()))),
                    ("milestones", tuple(milestones.get(action_id, ()))),
                    ("latest_update", latest.get(action_id)),
                    ("latest_measure", measured.get(action_id)),
                )
            )
        )
    actions = tuple(sorted(facts, key=lambda a: reference_key(a.reference)))
    return Plan(summary, weaknesses, actions)


def latest_measures(action_ids) -> dict[int, MeasureFacts]:
    """{action id: its latest measured value} for the actions chosen by `action_ids` (ids or a subquery). One
    statement."""
    return _measures_by_action(db.session.execute(_latest_measures_statement(action_ids)))


def actions_matching_updates(inspection_id: int, query: str) -> frozenset[int]:
    """Actions in the plan whose progress updates mention the query. One statement."""
    pattern = "%" + query.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    text_columns = (ProgressUpdate.done, ProgressUpdate.next_steps, ProgressUpdate.rag_reason)
    rows = db.session.scalars(
        select(ProgressUpdate.action_id)
        .distinct()
        .where(ProgressUpdate.action_id.in_(_in_plan(inspection_id)))
        .where(or_(*(func.lower(column).like(pattern, escape="\\") for column in text_columns)))
    )
    return frozenset(rows)


_SINCE = bindparam("since")
_CHANGES = (
    select(AuditEvent.at, AuditEvent.event, AuditEvent.summary, AuditEvent.action_id, AuditEvent.changes, User.name)
    .outerjoin(User, User.id == AuditEvent.actor_id)
    .where(AuditEvent.action_id.in_(_IN_PLAN), AuditEvent.at >= _SINCE)
    .where(AuditEvent.event.not_like("%.downloaded"))
    .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
)
_UPDATE_TIMES = select(ProgressUpdate.created_at).where(
    ProgressUpdate.action_id.in_(_IN_PLAN), ProgressUpdate.created_at >= _SINCE
)


def changes_since(inspection_id: int, since: date) -> tuple[list[ChangeFacts], list[datetime]]:
    """Audit events on the plan's actions, newest first, and the times of progress updates. Two statements."""
    parameters = {"inspection_id": inspection_id, "since": datetime.combine(since, datetime.min.time())}
    execute = _execute()
    events = [
        ChangeFacts(at, event, summary, action_id, name, changes or {})
        for at, event, summary, action_id, changes, name in execute(_CHANGES, parameters)
    ]
    updates = list(execute(_UPDATE_TIMES, parameters).scalars())
    return events, updates


# The multi-area overview -----------------------------------------------------------------------------


def overview(user: User) -> tuple[list[InspectionSummary], dict[int, list[ActionFacts]]]:
    """The latest inspection of each area the user belongs to (every area for an administrator), and the
    actions of those inspections, lightly: 2 statements."""
    query = select(*_INSPECTION_COLUMNS).join(LocalArea, LocalArea.id == Inspection.local_area_id)
    if not user.is_admin:
        query = query.where(
            Inspection.local_area_id.in_(select(Membership.local_area_id).where(Membership.user_id == user.id))
        )
    latest: dict[int, InspectionSummary] = {}
    for row in db.session.execute(query.order_by(Inspection.local_area_id, Inspection.id)):
        summary = _summary(row)
        current = latest.get(summary.local_area_id)
        newer = (summary.inspection_start or date.min, summary.id) > (
            (current.inspection_start or date.min, current.id) if current else (date.min, 0)
        )
        if newer:
            latest[summary.local_area_id] = summary
    inspections = sorted(latest.values(), key=lambda s: s.area_name.lower())
    wanted = [s.id for s in inspections]
    by_inspection: dict[int, list[ActionFacts]] = defaultdict(list)
    if wanted:
        for row in db.session.execute(
            select(
                Action.id,
                Action.inspection_id,
                Action.reference,
                Action.title,
                Action.status,
                Action.rag,
                Action.due_date,
                Action.created_at,
                Action.last_update_at,
            ).where(Action.inspection_id.in_(wanted))
        ):
            by_inspection[row.inspection_id].append(
                ActionFacts(
                    id=row.id,
                    reference=row.reference,
                    title=row.title,
                    status=row.status,
                    created_at=row.created_at,
                    rag=row.rag,
                    due_date=row.due_date,
                    last_update_at=row.last_update_at,
                )
            )
    return inspections, by_inspection
