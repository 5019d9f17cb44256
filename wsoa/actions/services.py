"""The action workflow: seed, assign, update, complete, sign off, retire.

Each function takes the acting user, checks permission, changes the data and writes
the audit trail in one transaction. Views and any other caller get the same rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from sqlalchemy import Select, bindparam, exists, select, union
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from .. import audit
from ..dashboard.listing import reference_key
from ..extensions import db
from ..formatting import long_date
from ..inspections.cycle import FIRST_PLAN, capitalised, plan_name
from ..inspections.grouping import KIND_ORDER, judged_at_revisit
from ..letters import AREA_FOR_DEVELOPMENT, AREA_FOR_IMPROVEMENT, PRIORITY_ACTION, SIGNIFICANT_WEAKNESS
from ..models import (
    AREA_ROLES,
    ROLE_MANAGER,
    ROLE_OFFICER,
    Action,
    ActionComment,
    AuditEvent,
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
    User,
    action_finding,
    action_partner_user,
    utcnow,
)
from ..paging import Page, paginate
from ..permissions import (
    can_contribute,
    can_manage_area,
    can_view_area,
    is_lead_or_partner,
    may_mark_complete,
    require,
)
from ..refusal import Refusal
from ..reminders.notifications import MADE_LEAD, MADE_PARTNER, MENTIONED, RETURNED, SIGNED_OFF, notify
from ..vocabulary import (
    ACTION_COMPLETE,
    ACTION_IN_PROGRESS,
    ACTION_NOT_STARTED,
    ACTION_RETIRED,
    ACTION_SIGNED_OFF,
    CLOSED_STATUSES,
    EVIDENCE_IMPACT,
    MEASURE_DIRECTIONS,
    MEASURE_HIGHER,
    RAGS,
    REVIEW_ACCEPTED,
)
from .mentions import mentioned

# What an area answers with actions: weaknesses and priority actions, and areas for development/improvement.
TRACKABLE_KINDS = (SIGNIFICANT_WEAKNESS, PRIORITY_ACTION, AREA_FOR_IMPROVEMENT, AREA_FOR_DEVELOPMENT)
TITLE_MAX = 300
F = TypeVar("F")


class WorkflowError(Refusal):
    """A plain-English reason the change was refused; nothing was changed."""


class EditConflict(WorkflowError):
    """Someone else saved the action after the editor loaded it."""

    def __init__(self, action: Action):
        super().__init__(
            "Someone else changed this action while you were editing it. Their changes are shown below; "
            "your changes have been kept in the form. Check both, then save again."
        )
        self.action = action


def in_plan_order(findings: Iterable[F]) -> list[F]:
    """The findings an action plan answers, weaknesses first; their order gives each its number.

    Works on anything with `kind` and `position`: models, or rows from a bulk query.
    """
    trackable = [f for f in findings if f.kind in TRACKABLE_KINDS]
    return sorted(trackable, key=lambda f: (KIND_ORDER.index(f.kind), f.position))


def trackable_findings(inspection: Inspection) -> list[Finding]:
    return in_plan_order(inspection.findings)


def answered_finding_ids(inspection: Inspection) -> set[int]:
    """The findings that some action (retired ones aside) answers."""
    return set(
        db.session.scalars(
            select(action_finding.c.finding_id)
            .join(Action, Action.id == action_finding.c.action_id)
            .where(Action.inspection_id == inspection.id, Action.status != ACTION_RETIRED)
        )
    )


def findings_without_actions(inspection: Inspection) -> int:
    """How many trackable findings no action answers yet: while any are left, the plan invites seeding."""
    answered = answered_finding_ids(inspection)
    return sum(1 for finding in trackable_findings(inspection) if finding.id not in answered)


def default_seed_choice(findings: Iterable[Finding], answered: set[int], *, everything: bool = False) -> list[int]:
    """What the seed page ticks: the findings the revisit judges that no action answers yet (or, for a plan
    with none, or when asked, every finding that no action answers yet)."""
    open_findings = [f for f in findings if f.id not in answered]
    judged = [f.id for f in open_findings if judged_at_revisit(f.kind)]
    if judged and not everything:
        return judged
    return [f.id for f in open_findings]


def finding_numbers(inspection: Inspection) -> dict[int, int]:
    """{finding id: its number in the plan}, stable whichever findings are tracked."""
    return {finding.id: number for number, finding in enumerate(trackable_findings(inspection), start=1)}


_NUMBERING = select(Finding.id, Finding.kind, Finding.position).where(Finding.inspection_id == bindparam("inspection"))


def finding_numbers_of(inspection_id: int) -> dict[int, int]:
    """finding_numbers for an inspection not loaded as an object: one column select."""
    rows = db.session.execute(_NUMBERING, {"inspection": inspection_id})
    return {finding.id: number for number, finding in enumerate(in_plan_order(rows), start=1)}


_SENTENCE_END = re.compile(r"(?<=[.!?])[’'\"”)]?\s+(?=[A-Z‘'\"“(])")


def title_from(text: str) -> str:
    """An action title from a finding: its first sentence, capitalised (weaknesses are often fragments)."""
    sentence = _SENTENCE_END.split(text.strip(), maxsplit=1)[0]
    sentence = sentence[:1].upper() + sentence[1:]
    if len(sentence) <= TITLE_MAX:
        return sentence
    return sentence[: TITLE_MAX - 1].rsplit(" ", 1)[0] + "…"


def next_reference(inspection: Inspection, finding: Finding) -> str:
    major = finding_numbers(inspection)[finding.id]
    used = db.session.scalars(
        select(Action.reference).where(Action.inspection_id == inspection.id, Action.reference.like(f"{major}.%"))
    )
    minors = [int(reference.split(".", 1)[1]) for reference in used if reference.split(".", 1)[1].isdigit()]
    return f"{major}.{max(minors, default=0) + 1}"


def seed_actions(user: User, inspection: Inspection, finding_ids: list[int]) -> list[Action]:
    """Track the chosen findings and make one draft action for each that has none yet."""
    require(can_manage_area(user, inspection.local_area_id), "Only a manager of this area can seed actions.")
    refuse_if_every_plan_closed(inspection)
    trackable = {finding.id: finding for finding in trackable_findings(inspection)}
    unknown = set(finding_ids) - set(trackable)
    if unknown:
        raise WorkflowError("Choose findings from this inspection's weaknesses and areas for development.")
    if not finding_ids:
        raise WorkflowError("Select at least one finding to track")

    already_seeded = set(
        db.session.scalars(select(Action.seeded_from_finding_id).where(Action.seeded_from_finding_id.in_(finding_ids)))
    )
    created = []
    for finding in trackable_findings(inspection):
        if finding.id not in finding_ids:
            continue
        finding.tracked = True
        if finding.id in already_seeded:
            continue
        action = Action(
            local_area_id=inspection.local_area_id,
            inspection=inspection,
            plan_id=open_plan_id(inspection.id),
            reference=next_reference(inspection, finding),
            title=title_from(finding.text),
            findings=[finding],
            seeded_from_finding_id=finding.id,
        )
        db.session.add(action)
        db.session.flush()
        created.append(action)
        audit.record_for_action(
            "action.seeded",
            user,
            action,
            f"Draft action {action.reference} seeded from the letter",
            changes={"reference": [None, action.reference], "title": [None, action.title]},
        )
    db.session.commit()
    return created


@dataclass
class ActionDetails:
    """What a manager sets on an action. Partner organisations are names, e.g. 'Parent carer forum'."""

    title: str
    description: str = ""
    finding_ids: list[int] = field(default_factory=list)
    lead_id: int | None = None
    partner_user_ids: list[int] = field(default_factory=list)
    partner_organisations: list[str] = field(default_factory=list)
    start_date: date | None = None
    due_date: date | None = None
    success_measure: str = ""
    baseline: str = ""
    target: str = ""
    baseline_value: float | None = None
    target_value: float | None = None
    measure_unit: str = ""
    measure_better: str = MEASURE_HIGHER
    measured_by: str = ""


def area_members(local_area_id: int, roles: tuple[str, ...] = (ROLE_OFFICER, ROLE_MANAGER)) -> list[User]:
    """People who can lead or partner on the area's actions."""
    return list(
        db.session.scalars(
            select(User)
            .join(Membership)
            .where(Membership.local_area_id == local_area_id, Membership.role.in_(roles), User.active.is_(True))
            .order_by(User.name)
        )
    )


def _snapshot(action: Action) -> dict:
    return {
        "title": action.title,
        "description": action.description,
        "findings": sorted(f.id for f in action.findings),
        "lead": action.lead.name if action.lead else None,
        "partners": [u.name for u in action.partner_users],
        "partner_organisations": [o.name for o in action.partner_organisations],
        "start_date": action.start_date,
        "due_date": action.due_date,
        "success_measure": action.success_measure,
        "baseline": action.baseline,
        "target": action.target,
        "baseline_value": action.baseline_value,
        "target_value": action.target_value,
        "measure_unit": action.measure_unit,
        "measure_better": action.measure_better,
        "measured_by": action.measured_by,
    }


def _apply_details(action: Action, details: ActionDetails, inspection: Inspection) -> None:
    if not details.title.strip():
        raise WorkflowError("Enter a title for the action")
    if not details.finding_ids:
        raise WorkflowError("Select the finding or findings this action answers")
    if details.start_date and details.due_date and details.due_date < details.start_date:
        raise WorkflowError("The due date must be the same as or after the start date")
    findings_by_id = {f.id: f for f in trackable_findings(inspection)}
    if not set(details.finding_ids) <= set(findings_by_id):
        raise WorkflowError("Select findings from this inspection")
    members = {user.id: user for user in area_members(inspection.local_area_id)}
    if details.lead_id is not None and details.lead_id not in members:
        raise WorkflowError("The lead officer must be an officer or manager in this area")
    if not set(details.partner_user_ids) <= set(members):
        raise WorkflowError("Partners must be officers or managers in this area")
    _check_measure_numbers(details)

    action.title = details.title.strip()
    action.description = details.description.strip()
    action.findings = [findings_by_id[i] for i in sorted(set(details.finding_ids), key=list(findings_by_id).index)]
    action.lead = members.get(details.lead_id) if details.lead_id is not None else None
    action.partner_users = [members[i] for i in dict.fromkeys(details.partner_user_ids)]
    wanted = list(dict.fromkeys(name.strip() for name in details.partner_organisations if name.strip()))
    kept = [o for o in action.partner_organisations if o.name in wanted]
    action.partner_organisations = kept + [
        PartnerOrganisation(name=name) for name in wanted if name not in {o.name for o in kept}
    ]
    action.start_date = details.start_date
    action.due_date = details.due_date
    action.success_measure = details.success_measure.strip()
    action.baseline = details.baseline.strip()
    action.target = details.target.strip()
    action.baseline_value = details.baseline_value
    action.target_value = details.target_value
    action.measure_unit = details.measure_unit.strip()
    action.measure_better = details.measure_better
    action.measured_by = details.measured_by.strip()


MEASURE_UNIT_MAX = 20


def _check_measure_numbers(details: ActionDetails) -> None:
    """The numbers behind the chart: a direction wsoa knows, a short unit, and a target on the better side."""
    if details.measure_better not in MEASURE_DIRECTIONS:
        raise WorkflowError("Select whether a higher or a lower value is better")
    if len(details.measure_unit.strip()) > MEASURE_UNIT_MAX:
        raise WorkflowError(f"The unit must be {MEASURE_UNIT_MAX} characters or fewer, like % or days")
    baseline, target = details.baseline_value, details.target_value
    if baseline is None or target is None or baseline == target:
        return
    if (target > baseline) != (details.measure_better == MEASURE_HIGHER):
        raise WorkflowError(
            "The target is "
            + ("above" if target > baseline else "below")
            + " the baseline, so "
            + ("a higher" if target > baseline else "a lower")
            + " value should be better: check the numbers or which is better"
        )


def _tell_new_people(user: User, action: Action, lead_before: int | None, partners_before: set[int]) -> None:
    """Whoever is newly the lead or a partner hears about it at once."""
    name = f"{action.reference} {action.title}"
    lead_id = action.lead.id if action.lead else None  # the relationship: lead_id is set only at flush
    if lead_id is not None and lead_id != lead_before:
        notify([lead_id], MADE_LEAD, action, f"{user.name} made you the lead of {name}.", user)
    added = {partner.id for partner in action.partner_users} - partners_before - {lead_id}
    notify(added, MADE_PARTNER, action, f"{user.name} made you a partner on {name}.", user)


def create_action(user: User, inspection: Inspection, details: ActionDetails) -> Action:
    require(can_manage_area(user, inspection.local_area_id), "Only a manager of this area can add actions.")
    refuse_if_every_plan_closed(inspection)
    action = Action(
        local_area_id=inspection.local_area_id, inspection=inspection, reference="", plan_id=open_plan_id(inspection.id)
    )
    _apply_details(action, details, inspection)
    for finding in action.findings:
        finding.tracked = True
    action.reference = next_reference(inspection, action.findings[0])
    db.session.add(action)
    db.session.flush()
    audit.record_for_action(
        "action.created",
        user,
        action,
        f"Action {action.reference} added",
        changes=audit.changes_between({}, _snapshot(action)),
    )
    _tell_new_people(user, action, None, set())
    db.session.commit()
    return action


def newest_plan(inspection_id: int) -> FollowOnPlan | None:
    """The inspection's newest follow-on plan (None while its first plan is the only one)."""
    return db.session.scalar(
        select(FollowOnPlan)
        .where(FollowOnPlan.inspection_id == inspection_id)
        .order_by(FollowOnPlan.number.desc())
        .limit(1)
    )


def open_plan_id(inspection_id: int) -> int | None:
    """Where the inspection's new actions go: its newest follow-on plan once one is open (None: its first plan)."""
    plan = newest_plan(inspection_id)
    return plan.id if plan else None


def closed_as_complete_on(inspection: Inspection, plan: FollowOnPlan | None) -> date | None:
    """When a manager closed one of the inspection's plans (None: its first plan) as complete; None while not."""
    return plan.closed_on if plan is not None else inspection.first_plan_closed_on


def closed_plan_message(action: Action) -> str | None:
    """Why the action's plan takes no more changes: the plan after it opened, or a manager closed it as complete.
    None while it is open."""
    own = db.session.get(FollowOnPlan, action.plan_id) if action.plan_id is not None else None
    number = own.number if own else FIRST_PLAN
    following = db.session.scalar(
        select(FollowOnPlan).where(
            FollowOnPlan.inspection_id == action.inspection_id, FollowOnPlan.number == number + 1
        )
    )
    if following is not None:
        framework = action.inspection.framework
        return (
            f"This action is in {plan_name(framework, number)}, which closed when "
            f"{plan_name(framework, following.number)} opened on {long_date(following.opened_on)}. A closed plan is "
            "kept as it was and cannot be changed: work on the actions carried over to the new plan."
        )
    if (closed_on := closed_as_complete_on(action.inspection, own)) is not None:
        return (
            f"This action is in {plan_name(action.inspection.framework, number)}, which was closed as complete on "
            f"{long_date(closed_on)}. A closed plan is kept as it was and cannot be changed."
        )
    return None


def refuse_if_plan_closed(action: Action) -> None:
    if message := closed_plan_message(action):
        raise WorkflowError(message)


def every_plan_closed_message(inspection: Inspection) -> str | None:
    """Why the inspection takes no new actions and no changes to several at once: its newest plan was closed as
    complete. None while that plan is open."""
    newest = newest_plan(inspection.id)
    if (closed_on := closed_as_complete_on(inspection, newest)) is None:
        return None
    number = newest.number if newest else FIRST_PLAN
    return (
        f"{capitalised(plan_name(inspection.framework, number))} was closed as complete on "
        f"{long_date(closed_on)}, so it takes no new actions"
    )


def refuse_if_every_plan_closed(inspection: Inspection) -> None:
    if message := every_plan_closed_message(inspection):
        raise WorkflowError(message)


def changeable_actions(inspection: Inspection) -> list[Action]:
    """The actions a change to several at once may reach: the open plan's, neither signed off nor retired; none
    once that plan is closed as complete, when each change would be refused."""
    if every_plan_closed_message(inspection):
        return []
    return [a for a in plan_actions(inspection, open_plan_id(inspection.id)) if a.status not in CLOSED_STATUSES]


def check_version(action: Action, expected_version: int | None) -> None:
    """Every change says which version of the action it was made on; a change without one is refused too.

    Every change comes through here, so here too an action in a closed plan refuses any change."""
    refuse_if_plan_closed(action)
    if expected_version is None or expected_version != action.version:
        raise EditConflict(action)


def bump_version(action: Action) -> None:
    """A change to something on the action (an update, milestone or evidence item) moves its version too."""
    flag_modified(action, "title")


def save_change_to(action: Action) -> None:
    """Commit a change to the action or anything on it.

    The action's version moves on every change, so a second person working from the same page is told
    instead of acting on what they did not see; a race lost at the database is a conflict as well.
    """
    bump_version(action)
    _commit_or_conflict(action)


def edit_action(user: User, action: Action, details: ActionDetails, expected_version: int | None) -> Action:
    require(can_manage_area(user, action.local_area_id), "Only a manager of this area can edit actions.")
    check_version(action, expected_version)
    if action.status in CLOSED_STATUSES:
        raise WorkflowError("A retired or signed-off action cannot be edited")
    before = _snapshot(action)
    lead_before, partners_before = action.lead_id, {partner.id for partner in action.partner_users}
    _apply_details(action, details, action.inspection)
    for finding in action.findings:
        finding.tracked = True
    changes = audit.changes_between(before, _snapshot(action))
    if changes:
        # Partners and findings live in other tables: touch the row so its version moves on any change.
        bump_version(action)
        audit.record_for_action(
            "action.edited",
            user,
            action,
            f"Action {action.reference} edited",
            changes=changes,
        )
        _tell_new_people(user, action, lead_before, partners_before)
    _commit_or_conflict(action)
    return action


def _commit_or_conflict(action: Action) -> None:
    """Commit; if another save got in between our read and our write, say so instead of failing."""
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise EditConflict(db.session.get(Action, action.id)) from None


def split_action(user: User, action: Action, new_title: str, expected_version: int | None) -> Action:
    """Make a second action answering the same findings, for work that has grown into two."""
    require(can_manage_area(user, action.local_area_id), "Only a manager of this area can split actions.")
    check_version(action, expected_version)
    if not new_title.strip():
        raise WorkflowError("Enter a title for the new action")
    if action.status in CLOSED_STATUSES:
        raise WorkflowError("A retired or signed-off action cannot be split")
    part = Action(
        local_area_id=action.local_area_id,
        inspection=action.inspection,
        plan_id=action.plan_id,
        reference=next_reference(action.inspection, action.findings[0]),
        title=new_title.strip()[:TITLE_MAX],
        findings=list(action.findings),
        lead=action.lead,
        start_date=action.start_date,
        due_date=action.due_date,
        split_from_id=action.id,
    )
    db.session.add(part)
    db.session.flush()
    for subject, summary in (
        (action, f"Action {action.reference} split: part of it is now {part.reference}"),
        (part, f"Action {part.reference} split from {action.reference}"),
    ):
        audit.record_for_action(
            "action.split",
            user,
            subject,
            summary,
            changes={"split": [action.reference, part.reference]},
        )
    save_change_to(action)
    return part


def retire_action(user: User, action: Action, reason: str, expected_version: int | None) -> None:
    """Retire an action that is no longer needed. Nothing is ever deleted."""
    require(can_manage_area(user, action.local_area_id), "Only a manager of this area can retire actions.")
    check_version(action, expected_version)
    if not reason.strip():
        raise WorkflowError("Enter why the action is being retired")
    if action.status == ACTION_RETIRED:
        raise WorkflowError("This action is already retired")
    old_status = action.status
    action.status = ACTION_RETIRED
    action.retired_reason = reason.strip()
    audit.record_for_action(
        "action.retired",
        user,
        action,
        f"Action {action.reference} retired: {action.retired_reason}",
        changes={"status": [old_status, ACTION_RETIRED], "retired_reason": ["", action.retired_reason]},
    )
    _commit_or_conflict(action)


@dataclass
class UpdateDetails:
    rag: str
    rag_reason: str
    done: str
    next_steps: str = ""
    percent_complete: int | None = None


def post_update(
    user: User, action: Action, details: UpdateDetails, expected_version: int | None, *, commit: bool = True
) -> ProgressUpdate:
    """Add a dated progress update. Updates are never edited: a correction is a new update.

    With commit=False the caller commits, with the updates on the lead's other actions (a board update)."""
    require(can_contribute(user, action), "Only the lead, a partner or a manager can update this action.")
    check_version(action, expected_version)
    if action.status in CLOSED_STATUSES:
        raise WorkflowError("A retired or signed-off action takes no more updates")
    if details.rag not in RAGS:
        raise WorkflowError("Select red, amber or green")
    if not details.rag_reason.strip():
        raise WorkflowError("Enter the reason for the RAG rating")
    if not details.done.strip():
        raise WorkflowError("Enter what has been done")
    if details.percent_complete is not None and not 0 <= details.percent_complete <= 100:
        raise WorkflowError("Percentage complete must be between 0 and 100")
    update = ProgressUpdate(
        action=action,
        author=user,
        rag=details.rag,
        rag_reason=details.rag_reason.strip(),
        done=details.done.strip(),
        next_steps=details.next_steps.strip(),
        percent_complete=details.percent_complete,
    )
    db.session.add(update)
    old = {"rag": action.rag, "rag_reason": action.rag_reason, "status": action.status}
    action.rag, action.rag_reason = update.rag, update.rag_reason
    if action.status == ACTION_NOT_STARTED:
        action.status = ACTION_IN_PROGRESS
    action.last_update_at = utcnow()
    audit.record_for_action(
        "action.updated",
        user,
        action,
        f"Progress update on {action.reference}",
        changes=audit.changes_between(
            old, {"rag": action.rag, "rag_reason": action.rag_reason, "status": action.status}
        ),
    )
    if commit:
        save_change_to(action)
    else:
        bump_version(action)
    return update


def add_milestone(
    user: User, action: Action, title: str, due_date: date | None, expected_version: int | None
) -> Milestone:
    require(can_contribute(user, action), "Only the lead, a partner or a manager can add milestones.")
    check_version(action, expected_version)
    _refuse_if_closed(action, "A retired or signed-off action takes no more milestones")
    if not title.strip():
        raise WorkflowError("Enter what the milestone is")
    if due_date is None:
        raise WorkflowError("Enter the milestone's date")
    milestone = Milestone(action=action, title=title.strip(), due_date=due_date)
    db.session.add(milestone)
    audit.record_for_action(
        "milestone.added",
        user,
        action,
        f"Milestone added to {action.reference}: {milestone.title}",
        changes={"milestone": [None, milestone.title], "due_date": [None, due_date.isoformat()]},
    )
    save_change_to(action)
    return milestone


def complete_milestone(user: User, milestone: Milestone, done_on: date, expected_version: int | None) -> None:
    action = milestone.action
    require(can_contribute(user, action), "Only the lead, a partner or a manager can complete milestones.")
    _refuse_if_closed(action, "The milestones of a retired or signed-off action cannot change")
    if milestone.done_on is not None:
        raise WorkflowError(f"This milestone was already met on {milestone.done_on:%-d %B %Y}")
    check_version(action, expected_version)
    milestone.done_on = done_on
    audit.record_for_action(
        "milestone.done",
        user,
        action,
        f"Milestone met on {action.reference}: {milestone.title}",
        changes={"done_on": [None, done_on.isoformat()]},
    )
    save_change_to(action)


def _refuse_if_closed(action: Action, message: str) -> None:
    if action.status in CLOSED_STATUSES:
        raise WorkflowError(message)


def mark_complete(user: User, action: Action, expected_version: int | None) -> None:
    """The lead (or a manager) says the work is done; a manager then signs it off or returns it."""
    require(may_mark_complete(user, action), "Only the action's lead or a manager can mark it complete.")
    check_version(action, expected_version)
    if action.status not in (ACTION_NOT_STARTED, ACTION_IN_PROGRESS):
        raise WorkflowError("Only an action that is not started or in progress can be marked complete")
    old_status = action.status
    action.status = ACTION_COMPLETE
    action.returned_reason = ""
    audit.record_for_action(
        "action.completed",
        user,
        action,
        f"Action {action.reference} marked complete",
        changes={"status": [old_status, ACTION_COMPLETE]},
    )
    save_change_to(action)


def own_work_reason(area: LocalArea, *, leads: bool = False, added: bool = False) -> str | None:
    """A manager approving their own work: refused unless the area allows it, and then said in the audit trail."""
    if not (leads or added):
        return None
    if not area.allow_self_review:
        raise WorkflowError(
            "You lead this action: another manager of the area must sign it off"
            if leads
            else "You added this evidence: another manager of the area must review it"
        )
    return f"by the manager who {'leads the action' if leads else 'added the evidence'}, as the area's settings allow"


def sign_off_problem(action: Action) -> str | None:
    """Why the action cannot be signed off yet, or None."""
    if action.status != ACTION_COMPLETE:
        return "Only an action marked complete can be signed off"
    accepted = [e for e in action.evidence if e.review_status == REVIEW_ACCEPTED]
    if not accepted:
        return "Sign-off needs at least one piece of accepted evidence"
    if action.local_area.require_impact_evidence and not any(e.kind == EVIDENCE_IMPACT for e in accepted):
        return "This area requires accepted evidence of impact before sign-off"
    return None


def sign_off(user: User, action: Action, expected_version: int | None) -> None:
    require(can_manage_area(user, action.local_area_id), "Only a manager of this area can sign off actions.")
    check_version(action, expected_version)
    if problem := sign_off_problem(action):
        raise WorkflowError(problem)
    own = own_work_reason(action.local_area, leads=action.lead_id == user.id)
    action.status = ACTION_SIGNED_OFF
    action.signed_off_at = utcnow()
    action.signed_off_by = user
    changes = {"status": [ACTION_COMPLETE, ACTION_SIGNED_OFF]}
    if own:
        changes["own_work"] = [None, own]
    audit.record_for_action(
        "action.signed_off",
        user,
        action,
        f"Action {action.reference} signed off" + (f" ({own})" if own else ""),
        changes=changes,
    )
    notify(
        [action.lead_id], SIGNED_OFF, action, f"{user.name} signed off {action.reference} {action.title}.", user
    )
    save_change_to(action)


def return_action(user: User, action: Action, reason: str, expected_version: int | None) -> None:
    """A manager sends a completed action back to its lead with the reason."""
    require(can_manage_area(user, action.local_area_id), "Only a manager of this area can return actions.")
    check_version(action, expected_version)
    if action.status != ACTION_COMPLETE:
        raise WorkflowError("Only an action marked complete can be returned")
    if not reason.strip():
        raise WorkflowError("Enter why the action is being returned")
    action.status = ACTION_IN_PROGRESS
    action.returned_reason = reason.strip()
    audit.record_for_action(
        "action.returned",
        user,
        action,
        f"Action {action.reference} returned: {action.returned_reason}",
        changes={"status": [ACTION_COMPLETE, ACTION_IN_PROGRESS]},
    )
    notify(
        [action.lead_id],
        RETURNED,
        action,
        f"{user.name} returned {action.reference} {action.title} to you.",
        user,
        detail=action.returned_reason,
    )
    save_change_to(action)


def _out_of_date(actions_and_versions: Iterable[tuple[Action, int | None]]) -> None:
    """Changes to several actions go together or not at all: if any moved on since the page was shown, none."""
    moved = [action.reference for action, version in actions_and_versions if version != action.version]
    if moved:
        raise WorkflowError(
            f"Someone else changed {', '.join(moved)} while you were working: nothing was saved. "
            "The page now shows them as they are; check them, then save again."
        )


@dataclass(frozen=True)
class BulkChange:
    """What to set on every chosen action; None leaves it as it is."""

    lead_id: int | None = None
    partner_id: int | None = None
    due_date: date | None = None


def change_many(user: User, inspection: Inspection, versions: dict[int, int | None], change: BulkChange) -> int:
    """Give several actions a lead, a partner or a due date at once, before a board meeting. All or nothing."""
    require(can_manage_area(user, inspection.local_area_id), "Only a manager of this area can change actions.")
    if not versions:
        raise WorkflowError("Select the actions to change")
    if change == BulkChange():
        raise WorkflowError("Choose a lead, a partner or a due date to set")
    actions = [a for a in inspection_actions(inspection) if a.id in versions]
    if len(actions) != len(versions):
        raise WorkflowError("Select actions from this plan")
    _out_of_date((action, versions[action.id]) for action in actions)
    members = {member.id: member for member in area_members(inspection.local_area_id)}
    for wanted in (change.lead_id, change.partner_id):
        if wanted is not None and wanted not in members:
            raise WorkflowError("Leads and partners must be officers or managers in this area")
    for action in actions:
        refuse_if_plan_closed(action)
        if action.status in CLOSED_STATUSES:
            raise WorkflowError(f"{action.reference} is signed off or retired and cannot be changed")
        if change.due_date and action.start_date and change.due_date < action.start_date:
            raise WorkflowError(f"The due date must be on or after {action.reference}'s start date")
    for action in actions:
        before = _snapshot(action)
        lead_before, partners_before = action.lead_id, {partner.id for partner in action.partner_users}
        if change.lead_id is not None:
            action.lead = members[change.lead_id]
        if change.partner_id is not None and change.partner_id not in partners_before:
            action.partner_users.append(members[change.partner_id])
        if change.due_date is not None:
            action.due_date = change.due_date
        changes = audit.changes_between(before, _snapshot(action))
        if changes:
            bump_version(action)
            audit.record_for_action(
                "action.edited", user, action, f"Action {action.reference} edited with others", changes=changes
            )
            _tell_new_people(user, action, lead_before, partners_before)
    db.session.commit()
    return len(actions)


@dataclass(frozen=True)
class BoardLine:
    """One action's line on a lead's board update: its RAG and one line on how it is going."""

    action: Action
    rag: str
    line: str
    version: int | None


def post_board_update(user: User, lines: list[BoardLine]) -> int:
    """A progress update on each of the lead's actions that has a line, all together or none."""
    chosen = [line for line in lines if line.rag or line.line.strip()]
    if not chosen:
        raise WorkflowError("Give a rating and a line for at least one action")
    for line in chosen:
        if not (line.rag and line.line.strip()):
            raise WorkflowError(f"Give both a rating and a line for {line.action.reference}, or neither")
    _out_of_date((line.action, line.version) for line in chosen)
    for line in chosen:
        details = UpdateDetails(rag=line.rag, rag_reason=line.line, done=line.line)
        post_update(user, line.action, details, line.action.version, commit=False)
    db.session.commit()
    return len(chosen)


COMMENT_MAX = 5000


def add_comment(user: User, action: Action, body: str) -> ActionComment:
    """A remark in the action's discussion; anyone mentioned ("@Name") among the area's members is told."""
    require(can_contribute(user, action), "Only the lead, a partner or a manager can comment on this action.")
    refuse_if_plan_closed(action)
    text = body.strip()
    if not text:
        raise WorkflowError("Enter your comment")
    if len(text) > COMMENT_MAX:
        raise WorkflowError(f"A comment must be {COMMENT_MAX} characters or fewer")
    comment = ActionComment(action_id=action.id, author=user, body=text)
    db.session.add(comment)
    audit.record_for_action(
        "comment.added",
        user,
        action,
        f"Comment on {action.reference}: {text[:200]}",
        changes={"comment": [None, text]},
    )
    members = [(member.id, member.name) for member in area_members(action.local_area_id, AREA_ROLES)]
    notify(
        mentioned(text, members),
        MENTIONED,
        action,
        f"{user.name} mentioned you in a comment on {action.reference} {action.title}.",
        user,
        detail=text,
    )
    db.session.commit()
    return comment


# How an action is loaded, in a fixed number of statements whatever its history: for its page, every list it
# shows, each with its authors joined in (however many people have written); for the API, what the API says
# about an action; or nothing but the action (lazy loads fetch anything else that is read). Built once, the
# action as a parameter, so SQLAlchemy works out their cache keys (0.4 ms for the page's) once per process.
_ACTION_ID = bindparam("action_id")
# What the action belongs to, in the action's own statement; the inspection's findings, to number them; who and
# what it answers and works with. Both loadings below start from these.
_ACTION_AND_ITS_PLACE = (
    joinedload(Action.local_area),
    joinedload(Action.lead),
    joinedload(Action.inspection).selectinload(Inspection.findings),
    selectinload(Action.findings),
    selectinload(Action.partner_users),
    selectinload(Action.partner_organisations),
)
ACTION_PAGE = (
    select(Action)
    .where(Action.id == _ACTION_ID)
    .options(
        *_ACTION_AND_ITS_PLACE,
        selectinload(Action.milestones),
        selectinload(Action.updates).joinedload(ProgressUpdate.author),
        selectinload(Action.comments).joinedload(ActionComment.author),
        selectinload(Action.evidence),
        selectinload(Action.measures).joinedload(MeasuredValue.recorded_by),
    )
)
ACTION_SUMMARY = (
    select(Action).where(Action.id == _ACTION_ID).options(*_ACTION_AND_ITS_PLACE, selectinload(Action.measures))
)
ACTION_ALONE = select(Action).where(Action.id == _ACTION_ID)


def action_for(user: User, action_id: int, loading: Select = ACTION_PAGE) -> Action | None:
    """The action if the user may see it; None whether it is missing or in another area."""
    action = db.session.scalar(loading, {"action_id": action_id})
    if action is None or not can_view_area(user, action.local_area_id):
        return None
    return action


def my_actions(user: User) -> list[Action]:
    """What the user leads or partners on, open ones first."""
    # A union of two indexed look-ups (the lead index, the partner index), not an OR across them that
    # would scan every action in the country.
    theirs = union(
        select(Action.id).where(Action.lead_id == user.id),
        select(action_partner_user.c.action_id).where(action_partner_user.c.user_id == user.id),
    )
    actions = db.session.scalars(
        select(Action)
        .where(Action.id.in_(theirs), Action.status != ACTION_RETIRED)
        .options(selectinload(Action.local_area), selectinload(Action.partner_users))
    )
    return [a for a in actions if can_view_area(user, a.local_area_id) and (is_lead_or_partner(user, a))]


_LISTED = (joinedload(Action.lead), joinedload(Action.local_area), selectinload(Action.findings))


def _in_reference_order(*conditions) -> list[Action]:
    actions = db.session.scalars(select(Action).where(*conditions).options(*_LISTED))
    return sorted(actions, key=lambda a: reference_key(a.reference))


def inspection_actions(inspection: Inspection) -> list[Action]:
    """Every action answering the inspection, in whichever of its plans, in reference order (1.1, 1.2, …, 10.1)."""
    return _in_reference_order(Action.inspection_id == inspection.id)


def has_actions(inspection: Inspection) -> bool:
    """Whether any action answers the inspection yet, in whichever of its plans. One statement, loading none."""
    return bool(db.session.scalar(select(exists().where(Action.inspection_id == inspection.id))))


def _plan_conditions(inspection: Inspection, plan_id: int | None):
    in_plan = Action.plan_id.is_(None) if plan_id is None else Action.plan_id == plan_id
    return Action.inspection_id == inspection.id, in_plan


def plan_actions(inspection: Inspection, plan_id: int | None) -> list[Action]:
    """The actions of one of the inspection's plans: its first plan (None), or its follow-on plan."""
    return _in_reference_order(*_plan_conditions(inspection, plan_id))


def plan_actions_page(inspection: Inspection, plan_id: int | None, number: int) -> Page[Action]:
    """One page of `plan_actions`. Every action's reference is read, to put them in order, but only the page's
    actions are loaded: three statements however long the plan."""
    ordered = sorted(
        db.session.execute(select(Action.id, Action.reference).where(*_plan_conditions(inspection, plan_id))),
        key=lambda row: reference_key(row.reference),
    )
    page = paginate(ordered, number)
    wanted = [row.id for row in page.items]
    loaded = {a.id: a for a in db.session.scalars(select(Action).where(Action.id.in_(wanted)).options(*_LISTED))}
    return Page([loaded[action_id] for action_id in wanted], page.number, page.per_page, page.total)


def evidence_item_for(user: User, evidence_id: int) -> Evidence | None:
    evidence = db.session.get(Evidence, evidence_id)
    if evidence is None or not can_view_area(user, evidence.action.local_area_id):
        return None
    return evidence


def milestone_for(user: User, milestone_id: int) -> Milestone | None:
    milestone = db.session.get(Milestone, milestone_id)
    if milestone is None or not can_view_area(user, milestone.action.local_area_id):
        return None
    return milestone


def history_of(action: Action) -> list[AuditEvent]:
    """The action's audit trail, newest first."""
    return list(
        db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.action_id == action.id)
            .options(joinedload(AuditEvent.actor))
            .order_by(AuditEvent.id.desc())
        )
    )


@dataclass(frozen=True)
class AreaSettings:
    stale_after_days: int
    due_soon_days: int
    require_impact_evidence: bool
    key_date_reminder_days: tuple[int, ...]
    allow_self_review: bool = False


def change_area_settings(user: User, area: LocalArea, settings: AreaSettings) -> None:
    require(can_manage_area(user, area.id), "Only a manager of this area can change its settings.")
    if not 1 <= settings.stale_after_days <= 365:
        raise WorkflowError("Enter a number of days between 1 and 365")
    if not 1 <= settings.due_soon_days <= 365:
        raise WorkflowError("Enter a number of days between 1 and 365")
    new = {
        "stale_after_days": settings.stale_after_days,
        "due_soon_days": settings.due_soon_days,
        "require_impact_evidence": settings.require_impact_evidence,
        "allow_self_review": settings.allow_self_review,
        "key_date_reminder_days": ",".join(str(days) for days in settings.key_date_reminder_days),
    }
    changes = audit.changes_between({name: getattr(area, name) for name in new}, new)
    for name, value in new.items():
        setattr(area, name, value)
    if changes:
        audit.record(
            "area.settings_changed", user, local_area_id=area.id, summary="Area settings changed", changes=changes
        )
    db.session.commit()
