"""Recording the inspection cycle after the plan: submissions and decisions, the revisit, its judgements,
meetings, and the follow-on plan. Each takes the acting user, checks the rules (wsoa/inspections/cycle.py),
stores, audits and commits together; a refusal (CycleError) changes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace

from sqlalchemy import bindparam, select
from sqlalchemy.orm import selectinload

from .. import audit
from ..actions.services import (
    bump_version,
    finding_numbers,
    next_reference,
    open_plan_id,
    plan_actions,
    title_from,
)
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
    Revisit,
    StatementSubmission,
    User,
    utcnow,
)
from ..permissions import can_manage_area, require
from ..vocabulary import OPEN_STATUSES
from .cycle import (
    ACCEPTED,
    INSUFFICIENT,
    MEETING_NAMES,
    PROGRESS_NAMES,
    RESUBMIT,
    CycleError,
    CycleFacts,
    MeetingFacts,
    RevisitFacts,
    SubmissionFacts,
    check_decision,
    check_follow_on,
    check_judgements,
    check_meeting,
    check_revisit,
    check_submission,
    follow_on_plan_name,
    notice_countdown,
    statement_name,
    visit_name,
)
from .grouping import finding_label, judged_at_revisit
from .key_dates import key_dates

REVISIT_NOTICE = "revisit_notice"  # the notification event: managers hear of a notice at once


def _require_manager(user: User, inspection: Inspection) -> None:
    require(can_manage_area(user, inspection.local_area_id), "Only a manager of this area can record this.")


# -- Reading the cycle ---------------------------------------------------------------------------------------


# Built once, the inspections as parameters, so their cache keys are worked out once per process, not per page.
_INSPECTION_IDS = bindparam("inspection_ids", expanding=True)
_SUBMISSIONS = (
    select(StatementSubmission)
    .where(StatementSubmission.inspection_id.in_(_INSPECTION_IDS))
    .order_by(StatementSubmission.submitted_on, StatementSubmission.id)
)
_REVISITS = select(Revisit).where(Revisit.inspection_id.in_(_INSPECTION_IDS))
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
    revisits = {
        row.inspection_id: RevisitFacts(row.notice_on, row.starts_on, row.ends_on, row.letter_published_on)
        for row in db.session.scalars(_REVISITS, chosen)
    }
    meetings: dict[int, list[MeetingFacts]] = defaultdict(list)
    for row in db.session.scalars(_MEETINGS, chosen):
        meetings[row.inspection_id].append(MeetingFacts(row.kind, row.held_on, row.note))
    return {
        inspection_id: CycleFacts(
            tuple(submissions[inspection_id]), revisits.get(inspection_id), tuple(meetings[inspection_id])
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


def revisit_of(inspection: Inspection) -> Revisit | None:
    return db.session.scalar(select(Revisit).where(Revisit.inspection_id == inspection.id))


@dataclass(frozen=True)
class JudgementLine:
    """One judged weakness, as the pages show it."""

    finding_id: int
    label: str
    text: str
    progress: str | None  # None: not recorded yet
    inspectors_words: str = ""

    @property
    def progress_name(self) -> str:
        return PROGRESS_NAMES.get(self.progress, "Not recorded")


_INSPECTION_ID = bindparam("inspection_id")
_JUDGED_FINDINGS = select(Finding.id, Finding.position, Finding.kind, Finding.text).where(
    Finding.inspection_id == _INSPECTION_ID
)
_JUDGEMENTS = select(ProgressJudgement).where(ProgressJudgement.inspection_id == _INSPECTION_ID)


def judgement_lines(inspection: Inspection | int) -> list[JudgementLine]:
    """Every finding the revisit judges, in plan order, with its judgement if one is recorded. Two queries."""
    chosen = {"inspection_id": inspection if isinstance(inspection, int) else inspection.id}
    findings = db.session.execute(_JUDGED_FINDINGS, chosen).all()
    numbers = finding_numbers(SimpleNamespace(findings=findings))
    recorded = {row.finding_id: row for row in db.session.scalars(_JUDGEMENTS, chosen)}
    judged = sorted((f for f in findings if judged_at_revisit(f.kind)), key=lambda f: numbers[f.id])
    return [
        JudgementLine(
            finding.id,
            finding_label(finding.kind, numbers[finding.id]),
            finding.text,
            recorded[finding.id].progress if finding.id in recorded else None,
            recorded[finding.id].inspectors_words if finding.id in recorded else "",
        )
        for finding in judged
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


def record_revisit(
    user: User,
    inspection: Inspection,
    notice_on: date | None,
    starts_on: date | None,
    ends_on: date | None,
    letter_published_on: date | None,
    today: date,
) -> None:
    """Record (or correct) the notice, the days on site and the letter. A new notice, or new dates, tell the
    area's managers at once."""
    _require_manager(user, inspection)
    visit = visit_name(inspection.framework)
    if notice_on is None or starts_on is None or ends_on is None:
        raise CycleError(f"Enter the date of the notice and the days the {visit} starts and ends")
    check_revisit(inspection.framework, notice_on, starts_on, ends_on, letter_published_on, today)
    row = revisit_of(inspection) or Revisit(inspection_id=inspection.id)
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
        _tell_managers_of_notice(user, inspection, RevisitFacts(notice_on, starts_on, ends_on, letter_published_on))
    db.session.commit()


def record_judgements(user: User, inspection: Inspection, judgements: dict[int, tuple[str, str]]) -> None:
    """{finding id: (progress, the inspectors' words)}: recorded, or corrected, together or not at all."""
    _require_manager(user, inspection)
    findings = {finding.id: finding for finding in inspection.findings}
    if not set(judgements) <= set(findings):
        raise CycleError("Record judgements on this inspection's findings")
    check_judgements(
        inspection.framework,
        cycle_of(inspection.id),
        [(findings[finding_id].kind, progress) for finding_id, (progress, _) in judgements.items()],
    )
    existing = {
        row.finding_id: row
        for row in db.session.scalars(select(ProgressJudgement).where(ProgressJudgement.finding_id.in_(judgements)))
    }
    numbers = finding_numbers(inspection)
    for finding_id, (progress, words) in judgements.items():
        row = existing.get(finding_id) or ProgressJudgement(inspection_id=inspection.id, finding_id=finding_id)
        changes = audit.changes_between(
            {"progress": row.progress, "inspectors_words": row.inspectors_words},
            {"progress": progress, "inspectors_words": words.strip()},
        )
        if not changes:
            continue
        row.progress, row.inspectors_words, row.recorded_by_id = progress, words.strip(), user.id
        db.session.add(row)
        finding = findings[finding_id]
        audit.record(
            "revisit.judged",
            user,
            local_area_id=inspection.local_area_id,
            summary=f"{finding_label(finding.kind, numbers[finding_id])}: {PROGRESS_NAMES[progress].lower()}",
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


# -- The follow-on plan ---------------------------------------------------------------------------------------


def follow_on_plan_of(inspection: Inspection) -> FollowOnPlan | None:
    return db.session.scalar(
        select(FollowOnPlan)
        .where(FollowOnPlan.inspection_id == inspection.id)
        .options(selectinload(FollowOnPlan.findings))
    )


def insufficient_findings(inspection: Inspection) -> list[Finding]:
    judged = dict(
        db.session.execute(
            select(ProgressJudgement.finding_id, ProgressJudgement.progress).where(
                ProgressJudgement.inspection_id == inspection.id
            )
        ).all()
    )
    return [finding for finding in inspection.findings if judged.get(finding.id) == INSUFFICIENT]


def carry_over_choices(inspection: Inspection) -> list[Action]:
    """The first plan's open actions, which a follow-on plan may take over."""
    return [action for action in plan_actions(inspection, None) if action.status in OPEN_STATUSES]


def open_follow_on_plan(user: User, inspection: Inspection, carry_over_ids: list[int], today: date) -> FollowOnPlan:
    """Open the plan answering the weaknesses judged insufficient; it closes the first plan.

    The chosen open actions move to the new plan (the same rows, so their updates, milestones, evidence and
    history go with them); each insufficient weakness that no carried-over action answers gets a draft action.
    """
    _require_manager(user, inspection)
    if open_plan_id(inspection.id) is not None:
        raise CycleError("This inspection's follow-on plan is already open")
    insufficient = insufficient_findings(inspection)
    check_follow_on([INSUFFICIENT] if insufficient else [])
    choices = {action.id: action for action in carry_over_choices(inspection)}
    if not set(carry_over_ids) <= set(choices):
        raise CycleError("Choose open actions from this inspection's plan to carry over")
    name = follow_on_plan_name(inspection.framework)
    plan = FollowOnPlan(
        inspection=inspection,
        local_area_id=inspection.local_area_id,
        opened_on=today,
        opened_by_id=user.id,
        findings=insufficient,
    )
    db.session.add(plan)
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
            changes={"plan": [statement_name(inspection.framework), name]},
        )
    answered = {finding.id for action in carried for finding in action.findings}
    for finding in insufficient:
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
    db.session.commit()
    return plan


# -- The area's timeline --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    when: date
    inspection_id: int
    title: str
    detail: str = ""
    link: str = ""  # an endpoint name taking inspection_id, or "" for none


def area_timeline(area: LocalArea) -> list[TimelineEntry]:
    """The area's inspections, their cycles, plans and judgements, newest first."""
    inspections = list(db.session.scalars(select(Inspection).where(Inspection.local_area_id == area.id)))
    cycles = cycles_of(i.id for i in inspections)
    plans = {
        plan.inspection_id: plan
        for plan in db.session.scalars(select(FollowOnPlan).where(FollowOnPlan.local_area_id == area.id))
    }
    entries = []
    for inspection in inspections:
        start = inspection.inspection_start or inspection.letter_date or inspection.imported_at.date()
        entries.append(
            TimelineEntry(start, inspection.id, "Inspection", framework_line(inspection), "inspections.show")
        )
        entries += [
            TimelineEntry(k.when, inspection.id, k.name, k.explanation)
            for k in key_dates(inspection, cycles[inspection.id])
            if k.settled and k.when is not None
        ]
        if cycles[inspection.id].revisit:
            visit = cycles[inspection.id].revisit
            entries.append(
                TimelineEntry(
                    visit.starts_on,
                    inspection.id,
                    visit_name(inspection.framework).capitalize(),
                    f"On site to {long_date(visit.ends_on)}.",
                )
            )
        lines = [line for line in judgement_lines(inspection) if line.progress]
        if lines and cycles[inspection.id].revisit:
            visit = cycles[inspection.id].revisit
            entries.append(
                TimelineEntry(
                    visit.letter_published_on or visit.ends_on,
                    inspection.id,
                    "Judgements",
                    "; ".join(f"{line.label}: {line.progress_name.lower()}" for line in lines),
                    "inspections.cycle",
                )
            )
        if plan := plans.get(inspection.id):
            entries.append(
                TimelineEntry(
                    plan.opened_on,
                    inspection.id,
                    f"{follow_on_plan_name(inspection.framework)} opened",
                    f"The {statement_name(inspection.framework)}'s plan closed.",
                    "inspections.follow_on_plan",
                )
            )
    return sorted(entries, key=lambda e: e.when, reverse=True)


def framework_line(inspection: Inspection) -> str:
    when = long_date_range(inspection.inspection_start, inspection.inspection_end)
    return f"{framework_name(inspection.framework)}, {when}."
