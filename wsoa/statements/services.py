"""The written statement of action: gathering its facts from the plan, keeping each generation as a numbered
version, recording which version was submitted, and what changed since.

Every version keeps two things, for two jobs. The DOCX and PDF bytes are what people were handed: an old version
downloads exactly as it was, even after the plan, the templates or the libraries have changed (re-rendering
old facts would not promise that; the sha256 of each file is in the audit trail). The facts, as JSON, are what
the comparison reads: comparing documents' text would be fragile, and the facts are the same data the documents
were rendered from, in the same transaction.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from .. import audit
from ..actions.services import WorkflowError, newest_plan, trackable_findings
from ..dashboard.data import inspection_summary, load_plan
from ..dashboard.facts import ActionFacts, WeaknessFacts
from ..documents.judgements import VisitJudgement, as_recorded_by
from ..documents.signatories import Signatory
from ..documents.statement import (
    Edition,
    Person,
    SectionChange,
    StatementAction,
    StatementFacts,
    StatementFinding,
    StatementMilestone,
    facts_from_json,
    facts_to_json,
    statement_changes,
    statement_docx,
    statement_pdf,
)
from ..extensions import db
from ..formatting import framework_name
from ..inspections.cycle import (
    FIRST_PLAN,
    CycleError,
    follow_on_plan_name,
    plan_title,
    submitted_to,
    visit_name,
)
from ..inspections.cycle_services import add_submission, recorded_judgements
from ..inspections.grouping import KIND_TITLES, SECTION_TITLES
from ..inspections.key_dates import WSOA_DEADLINE, key_dates
from ..letters import AREA_FOR_DEVELOPMENT, AREA_FOR_IMPROVEMENT, PRIORITY_ACTION, SIGNIFICANT_WEAKNESS
from ..models import (
    Action,
    Finding,
    Inspection,
    LocalArea,
    Membership,
    StatementVersion,
    User,
    action_partner_user,
    utcnow,
)
from ..permissions import can_manage_area, can_view_area, require
from ..vocabulary import ACTION_RETIRED, STATUS_NAMES

# What the statement is called, and its two sections, under each framework.
DOCUMENT_TITLES = {"2016": "Written statement of action", "2023": "Priority action plan"}
SECTION_KINDS = {"2016": (SIGNIFICANT_WEAKNESS, AREA_FOR_DEVELOPMENT), "2023": (PRIORITY_ACTION, AREA_FOR_IMPROVEMENT)}

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOCUMENT_TYPES = {"pdf": "application/pdf", "docx": DOCX_TYPE}


def document_title(inspection: Inspection) -> str:
    """What the statement generated now is called: the inspection's, or its newest follow-on plan's."""
    if newest := newest_plan(inspection.id):
        return follow_on_plan_name(inspection.framework, newest.number)
    return DOCUMENT_TITLES.get(inspection.framework, DOCUMENT_TITLES["2016"])


# Gathering the facts --------------------------------------------------------------------------------------------


def statement_facts(inspection: Inspection, signatories: tuple[Signatory, ...]) -> StatementFacts:
    """The plan as the statement sets it out: a fixed number of statements whatever its size.

    Once a follow-on plan is open, the statement is the newest follow-on plan's: the weaknesses it answers, each
    with the judgement that brought it there, and the actions in it."""
    summary = inspection_summary(inspection.id)
    plan = load_plan(summary, details=True)
    live = [action for action in plan.actions if action.status != ACTION_RETIRED]
    follow_on = newest_plan(inspection.id)
    answered = {finding.id for finding in follow_on.findings} if follow_on else set()
    brought: dict[int, VisitJudgement] = {}
    if follow_on is not None:
        in_plan = set(db.session.scalars(select(Action.id).where(Action.plan_id == follow_on.id)))
        live = [action for action in live if action.id in in_plan]
        brought = {
            recorded.finding_id: recorded.judgement
            for recorded in as_recorded_by(recorded_judgements(inspection.id, inspection.framework))
            if recorded.plan_number == follow_on.number - 1 and recorded.finding_id in answered
        }
    outcomes = dict(
        db.session.execute(
            select(Finding.id, Finding.intended_outcome).where(
                Finding.inspection_id == inspection.id, Finding.tracked.is_(True)
            )
        ).tuples().all()
    )
    people, partners = _people_in_plan(inspection.local_area_id, live)
    labels = {weakness.id: weakness.label for weakness in plan.weaknesses}

    def statement_action(action: ActionFacts, finding_id: int) -> StatementAction:
        return StatementAction(
            reference=action.reference,
            title=action.title,
            description=action.description,
            status=STATUS_NAMES.get(action.status, action.status),
            lead=people.get(action.lead_id) if action.lead_id else None,
            partner_people=tuple(people[user_id] for user_id in partners.get(action.id, ())),
            partner_organisations=action.partner_organisations,
            start_date=action.start_date,
            due_date=action.due_date,
            milestones=tuple(StatementMilestone(m.title, m.due_date, m.done_on) for m in action.milestones),
            success_measure=action.success_measure,
            baseline=action.baseline,
            target=action.target,
            measured_by=action.measured_by,
            also_answers=tuple(labels[i] for i in action.finding_ids if i != finding_id and i in labels),
        )

    def statement_finding(weakness: WeaknessFacts) -> StatementFinding:
        return StatementFinding(
            label=weakness.label,
            text=weakness.text,
            intended_outcome=outcomes.get(weakness.id) or "",
            section=SECTION_TITLES.get(weakness.section) if weakness.section else None,
            actions=tuple(statement_action(a, weakness.id) for a in live if weakness.id in a.finding_ids),
            judgement=brought.get(weakness.id),
        )

    def in_statement(weakness: WeaknessFacts) -> bool:
        """A follow-on plan sets out the weaknesses it answers, and any area for development it has actions on."""
        if follow_on is None:
            return True
        if weakness.judged:
            return weakness.id in answered
        return any(weakness.id in action.finding_ids for action in live)

    judged_kind, other_kind = SECTION_KINDS.get(inspection.framework, SECTION_KINDS["2016"])
    area = inspection.local_area
    deadline = next((k.when for k in key_dates(inspection) if k.code == WSOA_DEADLINE), inspection.wsoa_deadline)
    return StatementFacts(
        area_name=area.name,
        title=document_title(inspection),
        framework_name=framework_name(inspection.framework),
        judged_heading=KIND_TITLES[judged_kind],
        other_heading=KIND_TITLES[other_kind],
        inspection_start=inspection.inspection_start,
        inspection_end=inspection.inspection_end,
        letter_date=inspection.letter_date,
        submission_due=deadline,
        judged=tuple(statement_finding(w) for w in plan.weaknesses if w.judged and in_statement(w)),
        other=tuple(statement_finding(w) for w in plan.weaknesses if not w.judged and in_statement(w)),
        board=area.statement_board,
        governance=area.statement_governance,
        coproduction=area.statement_coproduction,
        signatories=signatories,
        plan_opened_on=follow_on.opened_on if follow_on else None,
        follows_visit=visit_name(inspection.framework, follow_on.number - 1) if follow_on else "",
    )


def _people_in_plan(
    local_area_id: int, actions: list[ActionFacts]
) -> tuple[dict[int, Person], dict[int, list[int]]]:
    """The leads and partners of these actions as the statement names them, with their job title and organisation
    in this area (blank for someone no longer a member), and each action's partners in name order. Two statements."""
    action_ids = [action.id for action in actions]
    partners: dict[int, list[int]] = defaultdict(list)
    for action_id, user_id in db.session.execute(
        select(action_partner_user.c.action_id, action_partner_user.c.user_id)
        .join(User, User.id == action_partner_user.c.user_id)
        .where(action_partner_user.c.action_id.in_(action_ids))
        .order_by(User.name)
    ):
        partners[action_id].append(user_id)
    wanted = {a.lead_id for a in actions if a.lead_id} | {u for ids in partners.values() for u in ids}
    people = {
        row.id: Person(row.name, row.job_title or "", row.organisation or "")
        for row in db.session.execute(
            select(User.id, User.name, Membership.job_title, Membership.organisation)
            .outerjoin(Membership, (Membership.user_id == User.id) & (Membership.local_area_id == local_area_id))
            .where(User.id.in_(wanted))
        )
    }
    return people, partners


# Versions -------------------------------------------------------------------------------------------------------


def statement_versions(inspection: Inspection) -> list[StatementVersion]:
    """Newest first, without their documents or facts (deferred columns)."""
    return list(
        db.session.scalars(
            select(StatementVersion)
            .where(StatementVersion.inspection_id == inspection.id)
            .order_by(StatementVersion.number.desc())
        )
    )


def statement_version_for(user: User, inspection_id: int, number: int) -> StatementVersion | None:
    """The version if the user may see its area; None whether it is missing or in another area."""
    version = db.session.scalar(
        select(StatementVersion).where(
            StatementVersion.inspection_id == inspection_id, StatementVersion.number == number
        )
    )
    if version is None or not can_view_area(user, version.local_area_id):
        return None
    return version


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def generate_statement(
    user: User, inspection: Inspection, signatories: tuple[Signatory, ...], today: date | None = None
) -> StatementVersion:
    """Render the plan as it is now and keep it as the next numbered version."""
    require(can_manage_area(user, inspection.local_area_id), "Only a manager of this area can generate the statement.")
    # One generation at a time per inspection (PostgreSQL; SQLite writes one at a time anyway), so the number
    # printed on the documents is the number they are kept under.
    db.session.execute(select(Inspection.id).where(Inspection.id == inspection.id).with_for_update())
    number = (
        db.session.scalar(
            select(func.max(StatementVersion.number)).where(StatementVersion.inspection_id == inspection.id)
        )
        or 0
    ) + 1
    facts = statement_facts(inspection, signatories)
    newest = newest_plan(inspection.id)
    edition = Edition(number, today or date.today())
    pdf, docx = statement_pdf(facts, edition), statement_docx(facts, edition)
    version = StatementVersion(
        inspection_id=inspection.id,
        local_area_id=inspection.local_area_id,
        number=number,
        plan_number=newest.number if newest else FIRST_PLAN,
        generated_at=utcnow(),
        generated_by_id=user.id,
        facts=facts_to_json(facts),
        docx=docx,
        pdf=pdf,
        docx_sha256=_sha256(docx),
        pdf_sha256=_sha256(pdf),
    )
    db.session.add(version)
    audit.record(
        "statement.generated",
        user,
        local_area_id=inspection.local_area_id,
        summary=f"{facts.title} version {number} generated",
        changes={"version": [None, number], "pdf_sha256": [None, version.pdf_sha256],
                 "docx_sha256": [None, version.docx_sha256]},
    )
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise WorkflowError("Someone else generated a version at the same moment. Generate it again.") from None
    return version


def mark_statement_submitted(user: User, version: StatementVersion, submitted_on: date) -> StatementVersion:
    """Record that this version was submitted on that day: the first plan's to Ofsted and the CQC, and so the cycle's
    submission; a follow-on plan's to the DfE and NHS England, against that plan alone (they agree it; it is not a
    submission Ofsted accepts)."""
    require(can_manage_area(user, version.local_area_id), "Only a manager of this area can record a submission.")
    if version.submitted_on is not None:
        raise WorkflowError(f"Version {version.number} is already recorded as submitted")
    if submitted_on > date.today():
        raise WorkflowError("The date it was submitted must be today or in the past")
    if submitted_on < version.generated_at.date():
        raise WorkflowError("The date it was submitted must be on or after the day this version was generated")
    inspection = db.session.get(Inspection, version.inspection_id)
    if version.plan_number == FIRST_PLAN:
        # The inspection cycle counts it as the submission (or resubmission): its deadline is met, the decision next.
        try:
            add_submission(user, inspection, submitted_on, f"Version {version.number}", date.today())
        except CycleError as refused:
            raise WorkflowError(str(refused)) from refused
    version.submitted_on = submitted_on
    version.submitted_at = utcnow()
    version.submitted_by_id = user.id
    audit.record(
        "statement.submitted",
        user,
        local_area_id=version.local_area_id,
        summary=f"{plan_title(inspection.framework, version.plan_number)} version {version.number} recorded as "
        f"submitted to {submitted_to(version.plan_number)} on {submitted_on.isoformat()}",
        changes={"version": [None, version.number], "submitted_on": [None, submitted_on.isoformat()],
                 "pdf_sha256": [None, version.pdf_sha256]},
    )
    db.session.commit()
    return version


def statement_document(user: User, version: StatementVersion, kind: str) -> bytes:
    """A version's PDF or DOCX exactly as it was generated; the download is audited."""
    require(can_view_area(user, version.local_area_id), "Only a member of this area can download its statement.")
    data = version.pdf if kind == "pdf" else version.docx
    audit.record_now(
        "statement.downloaded",
        user,
        local_area_id=version.local_area_id,
        summary=f"Statement version {version.number} downloaded as {kind.upper()}",
    )
    return data


# What changed ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    """What changed from one set of facts (`since`, a version) to another (a later version, or the plan now)."""

    since: StatementVersion
    changes: list[SectionChange]


@dataclass(frozen=True)
class StatementHistory:
    versions: list[StatementVersion]
    # The newest version against the last one of the same plan submitted (None when there is nothing to compare):
    # a follow-on plan's statement is compared with that plan's own, never with the first plan's.
    since_submitted: Comparison | None
    # The plan now against the newest version: what a new version would change (None before the first).
    not_yet_in_a_version: Comparison | None

    @property
    def last_submitted(self) -> StatementVersion | None:
        """The last version of the newest version's plan recorded as submitted."""
        return _last_submitted(self.versions)


def _last_submitted(versions: list[StatementVersion]) -> StatementVersion | None:
    """Of versions newest first, the last submitted that sets out the same plan as the newest."""
    if not versions:
        return None
    plan_number = versions[0].plan_number
    return next((v for v in versions if v.submitted_on is not None and v.plan_number == plan_number), None)


def statement_history(inspection: Inspection, signatories: tuple[Signatory, ...]) -> StatementHistory:
    versions = statement_versions(inspection)
    if not versions:
        return StatementHistory(versions, None, None)
    newest = versions[0]
    submitted = _last_submitted(versions)
    newest_facts = facts_from_json(newest.facts)
    since_submitted = None
    if submitted is not None and submitted is not newest:
        since_submitted = Comparison(submitted, statement_changes(facts_from_json(submitted.facts), newest_facts))
    live = statement_changes(newest_facts, statement_facts(inspection, signatories))
    return StatementHistory(versions, since_submitted, Comparison(newest, live))


# The statement's own settings -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Governance:
    board: str
    governance: str
    coproduction: str


def set_governance(user: User, area: LocalArea, governance: Governance) -> None:
    require(can_manage_area(user, area.id), "Only a manager of this area can change the statement's governance.")
    new = {
        "statement_board": governance.board.strip(),
        "statement_governance": governance.governance.strip(),
        "statement_coproduction": governance.coproduction.strip(),
    }
    changes = audit.changes_between({name: getattr(area, name) for name in new}, new)
    for name, value in new.items():
        setattr(area, name, value)
    if changes:
        audit.record("area.statement_governance_changed", user, local_area_id=area.id,
                     summary="The statement's governance section changed", changes=changes)
    db.session.commit()


def fingerprint(text: str) -> str:
    """A short hash of what an editor was shown, posted back to tell whether someone changed it meanwhile."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class OutcomeEdit:
    finding_id: int
    outcome: str
    shown: str  # the fingerprint of the outcome the editor was shown


class OutcomeConflict(WorkflowError):
    """Someone else saved these findings' outcomes after the editor loaded them; nothing was saved."""

    def __init__(self, finding_ids: list[int]):
        super().__init__(
            "Someone else changed this intended outcome while you were editing. Their words are shown above; "
            "yours are kept in the box. Check both, then save again."
        )
        self.finding_ids = finding_ids


def tracked_findings(inspection: Inspection) -> list[Finding]:
    """The findings the plan answers, in plan order (weaknesses first), each with its number."""
    return [finding for finding in trackable_findings(inspection) if finding.tracked]


def set_intended_outcomes(user: User, inspection: Inspection, edits: list[OutcomeEdit],
                          labels: dict[int, str]) -> int:
    """Save the intended outcomes; refuse all of them if any changed since the editor loaded the page.
    Returns how many changed."""
    require(can_manage_area(user, inspection.local_area_id), "Only a manager of this area can set intended outcomes.")
    findings = {finding.id: finding for finding in tracked_findings(inspection)}
    if not {edit.finding_id for edit in edits} <= set(findings):
        raise WorkflowError("Set intended outcomes for this inspection's tracked findings only")
    conflicts = [
        edit.finding_id for edit in edits
        if fingerprint(findings[edit.finding_id].intended_outcome) != edit.shown
        and findings[edit.finding_id].intended_outcome != edit.outcome.strip()
    ]
    if conflicts:
        db.session.rollback()
        raise OutcomeConflict(conflicts)
    changed = 0
    for edit in edits:
        finding, outcome = findings[edit.finding_id], edit.outcome.strip()
        if finding.intended_outcome == outcome:
            continue
        audit.record(
            "finding.intended_outcome_changed", user, local_area_id=inspection.local_area_id,
            summary=f"Intended outcome for {labels[edit.finding_id]} changed",
            changes={"intended_outcome": [finding.intended_outcome, outcome]},
        )
        finding.intended_outcome = outcome
        changed += 1
    db.session.commit()
    return changed
