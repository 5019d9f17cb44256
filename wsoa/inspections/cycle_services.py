"""Recording the inspection cycle after the plan: submissions and decisions, the revisit, its judgements,
meetings, and the follow-on plans. Each takes the acting user, checks the rules (wsoa/inspections/cycle.py),
stores, audits and commits together; a refusal (CycleError) changes nothing.

The plans come in turn: the first plan (the statement's), then each follow-on plan. The newest is the current
one: its visit is the one recorded and judged, and from its judgements the next plan opens, or it is closed as
complete. Earlier plans, their visits and their judgements are kept as they were.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from types import SimpleNamespace

from sqlalchemy import bindparam, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from .. import audit
from ..actions.services import (
    bump_version,
    closed_as_complete_on,
    finding_numbers,
    newest_plan,
    next_reference,
    plan_actions,
    title_from,
)
from ..documents.judgements import RecordedJudgement, VisitJudgement
from ..extensions import db
from ..formatting import framework_name, long_date, long_date_range
from ..models import (
    ROLE_MANAGER,
    Action,
    CycleMeeting,
    Finding,
    FollowOnPlan,
    Inspection,
    LocalArea,
    Membership,
    Notification,
    ProgressJudgement,
    ProgressJudgementRecord,
    Revisit,
    StatementSubmission,
    User,
    follow_on_plan_finding,
    utcnow,
)
from ..permissions import can_manage_area, require
from ..vocabulary import OPEN_STATUSES
from .cycle import (
    ACCEPTED,
    FIRST_PLAN,
    INSUFFICIENT,
    MEETING_NAMES,
    PROGRESS_NAMES,
    RESUBMIT,
    CycleError,
    CycleFacts,
    MeetingFacts,
    PlanFacts,
    RevisitFacts,
    SubmissionFacts,
    capitalised,
    check_close,
    check_decision,
    check_follow_on,
    check_judgements,
    check_meeting,
    check_plan_not_complete,
    check_revisit,
    check_submission,
    follow_on_plan_name,
    notice_countdown,
    plan_name,
    plan_title,
    statement_name,
    visit_name,
)
from .grouping import finding_label, judged_at_revisit
from .key_dates import key_dates

REVISIT_NOTICE = "revisit_notice"  # the notification event: managers hear of a notice at once


def _require_manager(user: User, inspection: Inspection) -> None:
    require(can_manage_area(user, inspection.local_area_id), "Only a manager of this area can record this.")


# -- Reading the cycle ---------------------------------------------------------------------------------------


def _visit_facts(row: Revisit) -> RevisitFacts:
    return RevisitFacts(row.notice_on, row.starts_on, row.ends_on, row.letter_published_on, row.plan_number)


# Built once, the inspections as parameters, so their cache keys are worked out once per process, not per page.
_INSPECTION_IDS = bindparam("inspection_ids", expanding=True)
_SUBMISSIONS = (
    select(StatementSubmission)
    .where(StatementSubmission.inspection_id.in_(_INSPECTION_IDS))
    .order_by(StatementSubmission.submitted_on, StatementSubmission.id)
)
_REVISITS = select(Revisit).where(Revisit.inspection_id.in_(_INSPECTION_IDS)).order_by(Revisit.plan_number)
_MEETINGS = select(CycleMeeting).where(CycleMeeting.inspection_id.in_(_INSPECTION_IDS)).order_by(CycleMeeting.held_on)


def cycles_of(inspection_ids: Iterable[int]) -> dict[int, CycleFacts]:
    """Each inspection's recorded cycle, in three queries whatever the number of inspections."""
    ids = list(inspection_ids)
    chosen = {"inspection_ids": ids}
    submissions: dict[int, list[SubmissionFacts]] = defaultdict(list)
    for row in db.session.scalars(_SUBMISSIONS, chosen):
        submissions[row.inspection_id].append(
            SubmissionFacts(row.submitted_on, row.decision, row.decided_on, row.resubmit_by)
        )
    visits: dict[int, list[RevisitFacts]] = defaultdict(list)
    for row in db.session.scalars(_REVISITS, chosen):
        visits[row.inspection_id].append(_visit_facts(row))
    meetings: dict[int, list[MeetingFacts]] = defaultdict(list)
    for row in db.session.scalars(_MEETINGS, chosen):
        meetings[row.inspection_id].append(MeetingFacts(row.kind, row.held_on, row.note))
    return {
        inspection_id: CycleFacts(
            tuple(submissions[inspection_id]),
            next((v for v in visits[inspection_id] if v.plan_number == FIRST_PLAN), None),
            tuple(meetings[inspection_id]),
            tuple(v for v in visits[inspection_id] if v.plan_number != FIRST_PLAN),
        )
        for inspection_id in ids
    }


def cycle_of(inspection_id: int) -> CycleFacts:
    return cycles_of([inspection_id])[inspection_id]


def latest_submission(inspection: Inspection) -> StatementSubmission | None:
    return db.session.scalar(
        select(StatementSubmission)
        .where(StatementSubmission.inspection_id == inspection.id)
        .order_by(StatementSubmission.submitted_on.desc(), StatementSubmission.id.desc())
        .limit(1)
    )


def visit_of(inspection: Inspection, plan_number: int = FIRST_PLAN) -> Revisit | None:
    """The visit that judges one of the inspection's plans (the first plan's: the revisit)."""
    return db.session.scalar(
        select(Revisit).where(Revisit.inspection_id == inspection.id, Revisit.plan_number == plan_number)
    )


def follow_on_plans(inspection: Inspection) -> list[FollowOnPlan]:
    """The inspection's follow-on plans in turn, each with the weaknesses it answers."""
    return list(
        db.session.scalars(
            select(FollowOnPlan)
            .where(FollowOnPlan.inspection_id == inspection.id)
            .order_by(FollowOnPlan.number)
            .options(selectinload(FollowOnPlan.findings))
        )
    )


def plan_facts(inspection: Inspection, plan: FollowOnPlan | None) -> PlanFacts:
    """A plan (None: the first plan) as the rules see it, with its visit if one is recorded."""
    number = plan.number if plan else FIRST_PLAN
    visit = visit_of(inspection, number)
    return PlanFacts(
        number,
        plan.opened_on if plan else None,
        closed_as_complete_on(inspection, plan),
        _visit_facts(visit) if visit else None,
    )


@dataclass(frozen=True)
class JudgementLine:
    """One judged weakness, as the pages show it."""

    finding_id: int
    label: str
    text: str
    progress: str | None  # None: not recorded yet
    inspectors_words: str = ""
    plan_number: int = FIRST_PLAN  # the plan whose visit judged it
    visit: str = ""  # that visit's name: "revisit", "second revisit"
    recorded_at: datetime | None = None  # first recorded
    corrected_at: datetime | None = None  # last corrected, if ever

    @property
    def progress_name(self) -> str:
        return PROGRESS_NAMES.get(self.progress, "Not recorded")


def _judged_findings(inspection_id: int):
    """The findings a visit may judge, with their numbers, in plan order. One query."""
    findings = db.session.execute(
        select(Finding.id, Finding.position, Finding.kind, Finding.text).where(Finding.inspection_id == inspection_id)
    ).all()
    numbers = finding_numbers(SimpleNamespace(findings=findings))
    return sorted((f for f in findings if judged_at_revisit(f.kind)), key=lambda f: numbers[f.id]), numbers


def judgement_lines(inspection: Inspection, plan_number: int = FIRST_PLAN) -> list[JudgementLine]:
    """What one plan's visit judges, in plan order, with its judgement if one is recorded: every significant
    weakness (or priority action) at the first plan's revisit, and at a follow-on plan's visit the weaknesses the
    plan answers. Three queries."""
    findings, numbers = _judged_findings(inspection.id)
    if plan_number != FIRST_PLAN:
        answered = set(
            db.session.scalars(
                select(follow_on_plan_finding.c.finding_id)
                .join(FollowOnPlan, FollowOnPlan.id == follow_on_plan_finding.c.plan_id)
                .where(FollowOnPlan.inspection_id == inspection.id, FollowOnPlan.number == plan_number)
            )
        )
        findings = [f for f in findings if f.id in answered]
    recorded = {
        row.finding_id: row
        for row in db.session.scalars(
            select(ProgressJudgement).where(
                ProgressJudgement.inspection_id == inspection.id, ProgressJudgement.plan_number == plan_number
            )
        )
    }
    visit = visit_name(inspection.framework, plan_number)
    return [
        JudgementLine(
            finding.id,
            finding_label(finding.kind, numbers[finding.id]),
            finding.text,
            judgement.progress if judgement else None,
            judgement.inspectors_words if judgement else "",
            plan_number,
            visit,
            judgement.recorded_at if judgement else None,
            judgement.corrected_at if judgement else None,
        )
        for finding in findings
        for judgement in [recorded.get(finding.id)]
    ]


def latest_judgement_lines(inspection_id: int, framework: str) -> list[JudgementLine]:
    """Each weakness judged so far with its latest judgement (a follow-on plan's visit judges again what the
    visit before found insufficient), in plan order. Two queries."""
    findings, numbers = _judged_findings(inspection_id)
    latest = {}
    for row in db.session.scalars(
        select(ProgressJudgement)
        .where(ProgressJudgement.inspection_id == inspection_id)
        .order_by(ProgressJudgement.plan_number)
    ):
        latest[row.finding_id] = row
    return [
        JudgementLine(
            finding.id,
            finding_label(finding.kind, numbers[finding.id]),
            finding.text,
            latest[finding.id].progress,
            latest[finding.id].inspectors_words,
            latest[finding.id].plan_number,
            visit_name(framework, latest[finding.id].plan_number),
        )
        for finding in findings
        if finding.id in latest
    ]


def recorded_judgements(inspection_id: int, framework: str) -> list[RecordedJudgement]:
    """Every judgement recorded on the inspection, and every correction of one, with the visit that made it, oldest
    record first, as the documents read them (documents/judgements.py: `as_recorded_by`). One query."""
    rows = db.session.execute(
        select(ProgressJudgementRecord, ProgressJudgement, Revisit.ends_on, Revisit.letter_published_on)
        .join(ProgressJudgement, ProgressJudgement.id == ProgressJudgementRecord.judgement_id)
        .join(
            Revisit,
            (Revisit.inspection_id == ProgressJudgement.inspection_id)
            & (Revisit.plan_number == ProgressJudgement.plan_number),
        )
        .where(ProgressJudgement.inspection_id == inspection_id)
        .order_by(ProgressJudgementRecord.recorded_at, ProgressJudgementRecord.id)
    )
    return [
        RecordedJudgement(
            judgement.finding_id,
            judgement.plan_number,
            record.recorded_at,
            VisitJudgement(
                visit_name(framework, judgement.plan_number),
                record.progress,
                record.inspectors_words,
                ends_on,
                letter_published_on,
            ),
        )
        for record, judgement, ends_on, letter_published_on in rows
    ]


# -- Recording -----------------------------------------------------------------------------------------------


def add_submission(user: User, inspection: Inspection, submitted_on: date | None, note: str, today: date) -> bool:
    """The submission checked against the cycle and added to the caller's transaction, unaudited: the caller says
    what was sent. True when it is a resubmission."""
    _require_manager(user, inspection)
    if submitted_on is None:
        raise CycleError(f"Enter the date the {statement_name(inspection.framework)} was submitted")
    cycle = cycle_of(inspection.id)
    check_submission(inspection.framework, cycle, submitted_on, today)
    db.session.add(
        StatementSubmission(
            inspection_id=inspection.id, submitted_on=submitted_on, note=note.strip(), recorded_by_id=user.id
        )
    )
    return bool(cycle.submissions)


def record_submission(user: User, inspection: Inspection, submitted_on: date | None, note: str, today: date) -> None:
    """A submission recorded by date alone, for a statement written outside wsoa."""
    resubmission = add_submission(user, inspection, submitted_on, note, today)
    name = statement_name(inspection.framework)
    audit.record(
        "statement.submitted",
        user,
        local_area_id=inspection.local_area_id,
        summary=f"{'Resubmission' if resubmission else 'Submission'} of the {name} recorded: "
        f"{long_date(submitted_on)}",
        changes={"submitted_on": [None, submitted_on.isoformat()]},
    )
    db.session.commit()


def record_decision(
    user: User,
    inspection: Inspection,
    decision: str,
    decided_on: date | None,
    resubmit_by: date | None,
    note: str,
    today: date,
) -> None:
    _require_manager(user, inspection)
    if decided_on is None:
        raise CycleError("Enter the date of the decision")
    check_decision(inspection.framework, cycle_of(inspection.id), decision, decided_on, resubmit_by, today)
    submission = latest_submission(inspection)
    submission.decision = decision
    submission.decided_on = decided_on
    submission.resubmit_by = resubmit_by if decision == RESUBMIT else None
    submission.decision_note = note.strip()
    name = statement_name(inspection.framework)
    audit.record(
        "statement.decided",
        user,
        local_area_id=inspection.local_area_id,
        summary=(
            f"The {name} was accepted as fit for purpose on {long_date(decided_on)}"
            if decision == ACCEPTED
            else f"Ofsted and the CQC asked for the {name} again on {long_date(decided_on)}, "
            f"by {long_date(resubmit_by)}"
        ),
        changes={
            "decision": [None, decision],
            "decided_on": [None, decided_on.isoformat()],
            **({"resubmit_by": [None, resubmit_by.isoformat()]} if decision == RESUBMIT else {}),
        },
    )
    db.session.commit()


def _tell_managers_of_notice(user: User, inspection: Inspection, revisit: RevisitFacts) -> None:
    """Every manager of the area hears at once (the notice sender merges and sends within minutes)."""
    managers = db.session.scalars(
        select(Membership.user_id).where(
            Membership.local_area_id == inspection.local_area_id, Membership.role == ROLE_MANAGER
        )
    )
    text = notice_countdown(inspection.framework, revisit)
    for manager_id in sorted(set(managers) - {user.id}):
        db.session.add(
            Notification(
                user_id=manager_id,
                inspection_id=inspection.id,
                event=REVISIT_NOTICE,
                text=f"{inspection.local_area.name}: {text}",
                created_at=utcnow(),
            )
        )


def current_plan(inspection: Inspection) -> tuple[FollowOnPlan | None, PlanFacts]:
    """The plan whose visit is recorded and judged now: the newest follow-on plan, or the first plan (None)."""
    plan = newest_plan(inspection.id)
    return plan, plan_facts(inspection, plan)


def record_revisit(
    user: User,
    inspection: Inspection,
    notice_on: date | None,
    starts_on: date | None,
    ends_on: date | None,
    letter_published_on: date | None,
    today: date,
) -> None:
    """Record (or correct) the notice, the days on site and the letter of the current plan's visit. A new notice,
    or new dates, tell the area's managers at once."""
    _require_manager(user, inspection)
    _, plan = current_plan(inspection)
    visit = visit_name(inspection.framework, plan.number)
    if notice_on is None or starts_on is None or ends_on is None:
        raise CycleError(f"Enter the date of the notice and the days the {visit} starts and ends")
    check_revisit(inspection.framework, notice_on, starts_on, ends_on, letter_published_on, today, plan)
    row = visit_of(inspection, plan.number) or Revisit(inspection_id=inspection.id, plan_number=plan.number)
    before = {
        "notice_on": row.notice_on,
        "starts_on": row.starts_on,
        "ends_on": row.ends_on,
        "letter_published_on": row.letter_published_on,
    }
    after = {
        "notice_on": notice_on,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "letter_published_on": letter_published_on,
    }
    changes = audit.changes_between(before, after)
    if not changes:
        return
    for name, value in after.items():
        setattr(row, name, value)
    row.recorded_by_id = user.id
    db.session.add(row)
    audit.record(
        "revisit.recorded",
        user,
        local_area_id=inspection.local_area_id,
        summary=f"The {visit} recorded: notice on {long_date(notice_on)}, on site from {long_date(starts_on)} to "
        f"{long_date(ends_on)}",
        changes=changes,
    )
    if {"notice_on", "starts_on", "ends_on"} & set(changes):
        _tell_managers_of_notice(
            user, inspection, RevisitFacts(notice_on, starts_on, ends_on, letter_published_on, plan.number)
        )
    db.session.commit()


def record_judgements(user: User, inspection: Inspection, judgements: dict[int, tuple[str, str]]) -> None:
    """{finding id: (progress, the inspectors' words)} from the current plan's visit: recorded, or corrected,
    together or not at all."""
    _require_manager(user, inspection)
    findings = {finding.id: finding for finding in inspection.findings}
    if not set(judgements) <= set(findings):
        raise CycleError("Record judgements on this inspection's findings")
    _, plan = current_plan(inspection)
    check_judgements(
        inspection.framework,
        plan,
        [(findings[finding_id].kind, progress) for finding_id, (progress, _) in judgements.items()],
    )
    judged = judgement_lines(inspection, plan.number)
    if not set(judgements) <= {line.finding_id for line in judged}:
        raise CycleError(
            f"The {visit_name(inspection.framework, plan.number)} judges only what "
            f"{plan_name(inspection.framework, plan.number)} answers: "
            + ", ".join(line.label for line in judged)
        )
    existing = {
        row.finding_id: row
        for row in db.session.scalars(
            select(ProgressJudgement).where(
                ProgressJudgement.finding_id.in_(judgements), ProgressJudgement.plan_number == plan.number
            )
        )
    }
    labels = {line.finding_id: line.label for line in judged}
    at_visit = "" if plan.number == FIRST_PLAN else f" at the {visit_name(inspection.framework, plan.number)}"
    for finding_id, (progress, words) in judgements.items():
        row = existing.get(finding_id) or ProgressJudgement(
            inspection_id=inspection.id, finding_id=finding_id, plan_number=plan.number
        )
        changes = audit.changes_between(
            {"progress": row.progress, "inspectors_words": row.inspectors_words},
            {"progress": progress, "inspectors_words": words.strip()},
        )
        if not changes:
            continue
        now = utcnow()
        if row.id is None:
            row.recorded_at = now
        else:
            row.corrected_at = now
        row.progress, row.inspectors_words, row.recorded_by_id = progress, words.strip(), user.id
        db.session.add(row)
        # Appended, never changed: what the judgement said before a correction is kept for the reports made then.
        db.session.add(
            ProgressJudgementRecord(
                judgement=row, progress=progress, inspectors_words=words.strip(), recorded_by_id=user.id,
                recorded_at=now,
            )
        )
        audit.record(
            "revisit.judged",
            user,
            local_area_id=inspection.local_area_id,
            summary=f"{labels[finding_id]}: {PROGRESS_NAMES[progress].lower()}{at_visit}",
            changes=changes,
        )
    db.session.commit()


def record_meeting(user: User, inspection: Inspection, kind: str, held_on: date | None, note: str) -> None:
    _require_manager(user, inspection)
    check_meeting(kind)
    if held_on is None:
        raise CycleError("Enter the date of the meeting")
    db.session.add(
        CycleMeeting(inspection_id=inspection.id, kind=kind, held_on=held_on, note=note.strip(), recorded_by_id=user.id)
    )
    audit.record(
        "meeting.recorded",
        user,
        local_area_id=inspection.local_area_id,
        summary=f"{MEETING_NAMES[kind]} on {long_date(held_on)}",
        changes={"kind": [None, kind], "held_on": [None, held_on.isoformat()]},
    )
    db.session.commit()


# -- The follow-on plans ---------------------------------------------------------------------------------------


def insufficient_findings(inspection: Inspection, plan_number: int) -> list[Finding]:
    """The weaknesses one plan's visit judged insufficient, in letter order: what the plan after it answers."""
    judged = dict(
        db.session.execute(
            select(ProgressJudgement.finding_id, ProgressJudgement.progress).where(
                ProgressJudgement.inspection_id == inspection.id, ProgressJudgement.plan_number == plan_number
            )
        ).all()
    )
    return [finding for finding in inspection.findings if judged.get(finding.id) == INSUFFICIENT]


def carry_over_choices(inspection: Inspection, plan: FollowOnPlan | None) -> list[Action]:
    """The open actions of a plan (None: the first plan), which the plan after it may take over."""
    return [action for action in plan_actions(inspection, plan.id if plan else None) if action.status in OPEN_STATUSES]


class PlanConflict(CycleError):
    """Someone else changed the plan, or an action it would carry over, since the page was loaded."""


def _conflict(what: str) -> PlanConflict:
    return PlanConflict(
        f"Someone else changed {what} while you were looking at this page. Nothing was saved: check the page as it "
        "is now, then try again."
    )


def _what_the_next_plan_answers(inspection: Inspection, plan: PlanFacts) -> list[Finding]:
    """The weaknesses the plan's visit judged insufficient, or a refusal: the plan is complete, or none were."""
    check_plan_not_complete(inspection.framework, plan)
    insufficient = insufficient_findings(inspection, plan.number)
    check_follow_on(inspection.framework, plan.number, [INSUFFICIENT] if insufficient else [])
    return insufficient


def open_follow_on_plan(
    user: User, inspection: Inspection, carry_over_ids: list[int], today: date,
    shown_versions: Mapping[int, int] | None = None,
) -> FollowOnPlan:
    """Open the plan answering the weaknesses the current plan's visit judged insufficient; it closes the current
    plan. `shown_versions`: the version of each action the manager was shown, by id (an action carried over must
    not have changed since).

    The chosen open actions move to the new plan (the same rows, so their updates, milestones, evidence and
    history go with them); each insufficient weakness that no carried-over action answers gets a draft action.
    """
    _require_manager(user, inspection)
    current, facts = current_plan(inspection)
    framework = inspection.framework
    insufficient = _what_the_next_plan_answers(inspection, facts)
    choices = {action.id: action for action in carry_over_choices(inspection, current)}
    if not set(carry_over_ids) <= set(choices):
        raise CycleError(f"Choose open actions from {plan_name(framework, facts.number)} to carry over")
    shown = shown_versions or {}
    if changed := [choices[i].reference for i in carry_over_ids if shown.get(i) != choices[i].version]:
        raise _conflict(f"action {', '.join(changed)}")
    number = facts.number + 1
    name = follow_on_plan_name(framework, number)
    plan = FollowOnPlan(
        inspection=inspection,
        local_area_id=inspection.local_area_id,
        number=number,
        opened_on=today,
        opened_by_id=user.id,
        findings=insufficient,
    )
    db.session.add(plan)
    # The plan it closes moves its version: a close from an old page fails, and so does one racing this.
    if current is not None:
        flag_modified(current, "opened_on")
    else:
        _move_first_plan(inspection, inspection.first_plan_version, plan_name(framework, FIRST_PLAN))
    db.session.flush()
    numbers = finding_numbers(inspection)
    audit.record(
        "plan.opened",
        user,
        local_area_id=inspection.local_area_id,
        summary=f"{name} opened, answering "
        + ", ".join(finding_label(f.kind, numbers[f.id]) for f in insufficient)
        + f"; {len(carry_over_ids)} actions carried over",
        changes={"plan": [None, name]},
    )
    carried = [choices[action_id] for action_id in carry_over_ids]
    for action in carried:
        action.plan_id = plan.id
        bump_version(action)
        audit.record_for_action(
            "action.carried_over",
            user,
            action,
            f"Action {action.reference} carried over to the {name.lower()}",
            changes={"plan": [plan_title(framework, facts.number), name]},
        )
    answered = {finding.id for action in carried for finding in action.findings}
    for finding in insufficient:
        finding.tracked = True  # the plan answers it, as seeding a finding's action tracks it
        if finding.id in answered:
            continue
        action = Action(
            local_area_id=inspection.local_area_id,
            inspection=inspection,
            plan_id=plan.id,
            reference=next_reference(inspection, finding),
            title=title_from(finding.text),
            findings=[finding],
        )
        db.session.add(action)
        db.session.flush()
        audit.record_for_action(
            "action.seeded",
            user,
            action,
            f"Draft action {action.reference} seeded for the {name.lower()}",
            changes={"reference": [None, action.reference], "title": [None, action.title]},
        )
    _commit_or_conflict(f"{plan_name(framework, facts.number)} or its actions")
    return plan


def _commit_or_conflict(what: str) -> None:
    """A race lost at the database (another manager's change committed first) is a conflict, not an error page."""
    try:
        db.session.commit()
    except (IntegrityError, StaleDataError):
        db.session.rollback()
        raise _conflict(what) from None


def _move_first_plan(inspection: Inspection, seen_version: int | None, name: str, **closing) -> None:
    """Move the first plan's version on (closing it, with `closing`'s columns, or opening the plan after it), only
    from the version the page or the service read: a compare-and-set, as a follow-on plan's version column does for
    its row. The first plan has no row of its own, so it is the inspection's row that takes the lock."""
    moved = db.session.execute(
        update(Inspection)
        .where(Inspection.id == inspection.id, Inspection.first_plan_version == seen_version)
        .values(first_plan_version=Inspection.first_plan_version + 1, **closing)
        .execution_options(synchronize_session="fetch")
    )
    if moved.rowcount != 1:
        db.session.rollback()
        raise _conflict(name)


def plan_version(inspection: Inspection, plan: FollowOnPlan | None) -> int:
    """The version of one of the inspection's plans (None: its first plan) that a page showing it posts back."""
    return plan.version if plan is not None else inspection.first_plan_version


def _judged_for_closing(inspection: Inspection, plan: PlanFacts) -> list[JudgementLine]:
    """The plan's visit's judgements, every one sufficient, or a refusal saying why the plan is not complete."""
    lines = judgement_lines(inspection, plan.number)
    check_close(inspection.framework, plan, [(line.label, line.progress) for line in lines])
    return lines


def close_plan(user: User, inspection: Inspection, shown_version: int | None, today: date) -> PlanFacts:
    """Close the current plan (the first plan, or the newest follow-on plan) as complete: its visit judged progress
    sufficient on every weakness it answers. It is kept read-only, as a plan closed by the next one is;
    `shown_version` is the plan's version the manager was shown."""
    _require_manager(user, inspection)
    plan, facts = current_plan(inspection)
    lines = _judged_for_closing(inspection, facts)
    name = plan_name(inspection.framework, facts.number)
    if shown_version != plan_version(inspection, plan):
        raise _conflict(name)
    closing = {"closed_on": today, "closed_by_id": user.id, "closed_at": utcnow()}
    if plan is None:
        _move_first_plan(inspection, shown_version, name, **{f"first_plan_{k}": v for k, v in closing.items()})
    else:
        for column, value in closing.items():
            setattr(plan, column, value)
    audit.record(
        "plan.closed",
        user,
        local_area_id=inspection.local_area_id,
        summary=f"{plan_title(inspection.framework, facts.number)} closed as complete: the "
        f"{visit_name(inspection.framework, facts.number)} judged progress sufficient on "
        + ", ".join(line.label for line in lines),
        changes={"closed_on": [None, today.isoformat()]},
    )
    _commit_or_conflict(name)
    return PlanFacts(facts.number, facts.opened_on, today, facts.visit)


@dataclass(frozen=True)
class PlanRound:
    """One of the inspection's plans in turn, with what brought it (the judgements that opened it), its own
    visit and that visit's judgements, as the cycle and follow-on plan pages show it."""

    facts: PlanFacts
    title: str  # "Written statement of action", "Accelerated progress plan"
    name: str  # as a sentence names it: "the written statement of action's plan", "the accelerated progress plan"
    visit_name: str  # "revisit", "second revisit"
    plan: FollowOnPlan | None  # None: the first plan
    answers: list[JudgementLine]  # the judgements from the visit before that brought its weaknesses here
    judgements: list[JudgementLine]  # what its own visit judges, with the judgement where one is recorded
    followed_by: FollowOnPlan | None  # the plan whose opening closed it
    next_title: str  # what the plan after it is (or would be) called

    @property
    def current(self) -> bool:
        return self.followed_by is None

    @property
    def judged_insufficient(self) -> list[JudgementLine]:
        return [line for line in self.judgements if line.progress == INSUFFICIENT]

    @property
    def judged(self) -> list[JudgementLine]:
        return [line for line in self.judgements if line.progress]


def plan_rounds(inspection: Inspection) -> list[PlanRound]:
    """The inspection's plans in turn, the first plan first: a few queries a plan."""
    plans = follow_on_plans(inspection)
    framework, rounds = inspection.framework, []
    for position, plan in enumerate([None, *plans]):
        facts = plan_facts(inspection, plan)
        answered = {finding.id for finding in plan.findings} if plan else set()
        before = rounds[-1].judgements if rounds else []
        rounds.append(
            PlanRound(
                facts,
                plan_title(framework, facts.number),
                plan_name(framework, facts.number),
                visit_name(framework, facts.number),
                plan,
                [line for line in before if line.finding_id in answered],
                judgement_lines(inspection, facts.number),
                plans[position] if position < len(plans) else None,
                follow_on_plan_name(framework, facts.number + 1),
            )
        )
    return rounds


def _refusal(check) -> str | None:
    try:
        check()
    except CycleError as refusal:
        return str(refusal)
    return None


def open_refusal(inspection: Inspection) -> str | None:
    """Why no plan can follow the current one now, or None when one can."""
    return _refusal(lambda: _what_the_next_plan_answers(inspection, current_plan(inspection)[1]))


def close_refusal(inspection: Inspection) -> str | None:
    """Why the current plan cannot be closed as complete now, or None when it can."""
    return _refusal(lambda: _judged_for_closing(inspection, current_plan(inspection)[1]))


# -- The area's timeline --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    when: date
    inspection_id: int
    title: str
    detail: str = ""
    link: str = ""  # an endpoint name taking inspection_id, or "" for none


def area_timeline(area: LocalArea) -> list[TimelineEntry]:
    """The area's inspections, their cycles, plans, visits and judgements, newest first."""
    inspections = list(db.session.scalars(select(Inspection).where(Inspection.local_area_id == area.id)))
    cycles = cycles_of(i.id for i in inspections)
    plans: dict[int, list[FollowOnPlan]] = defaultdict(list)
    for plan in db.session.scalars(
        select(FollowOnPlan).where(FollowOnPlan.local_area_id == area.id).order_by(FollowOnPlan.number)
    ):
        plans[plan.inspection_id].append(plan)
    entries = []
    for inspection in inspections:
        start = inspection.inspection_start or inspection.letter_date or inspection.imported_at.date()
        entries.append(
            TimelineEntry(start, inspection.id, "Inspection", framework_line(inspection), "inspections.show")
        )
        cycle = cycles[inspection.id]
        entries += [
            TimelineEntry(k.when, inspection.id, k.name, k.explanation)
            for k in key_dates(inspection, cycle)
            if k.settled and k.when is not None
        ]
        for visit in cycle.visits:
            entries += _visit_entries(inspection, visit)
        entries += _plan_entries(inspection, plans[inspection.id])
    return sorted(entries, key=lambda e: e.when, reverse=True)


def _visit_entries(inspection: Inspection, visit: RevisitFacts) -> list[TimelineEntry]:
    """A visit's days on site and, once recorded, its judgements."""
    name = visit_name(inspection.framework, visit.plan_number)
    on_site = f"On site to {long_date(visit.ends_on)}."
    entries = [TimelineEntry(visit.starts_on, inspection.id, capitalised(name), on_site)]
    if lines := [line for line in judgement_lines(inspection, visit.plan_number) if line.progress]:
        entries.append(
            TimelineEntry(
                visit.judged_on,
                inspection.id,
                f"Judgements from the {name}",
                "; ".join(f"{line.label}: {line.progress_name.lower()}" for line in lines),
                "inspections.cycle",
            )
        )
    return entries


def _plan_entries(inspection: Inspection, plans: list[FollowOnPlan]) -> list[TimelineEntry]:
    """Each follow-on plan's opening (which closed the plan before it), and each plan's closing as complete (the
    first plan's too)."""
    framework, entries = inspection.framework, []
    closings = [(FIRST_PLAN, inspection.first_plan_closed_on, "inspections.cycle")]
    for plan in plans:
        entries.append(
            TimelineEntry(
                plan.opened_on,
                inspection.id,
                f"{follow_on_plan_name(framework, plan.number)} opened",
                f"{capitalised(plan_name(framework, plan.number - 1))} closed.",
                "inspections.follow_on_plan",
            )
        )
        closings.append((plan.number, plan.closed_on, "inspections.follow_on_plan"))
    entries += [
        TimelineEntry(
            closed_on,
            inspection.id,
            f"{plan_title(framework, number)} closed as complete",
            f"The {visit_name(framework, number)} judged progress sufficient on every weakness it answers.",
            link,
        )
        for number, closed_on, link in closings
        if closed_on is not None
    ]
    return entries


def framework_line(inspection: Inspection) -> str:
    when = long_date_range(inspection.inspection_start, inspection.inspection_end)
    return f"{framework_name(inspection.framework)}, {when}."
