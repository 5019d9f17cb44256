"""Demonstration data for `make run`: a fictional area, its letter, accounts and a plan under way.

Nothing here reads ../shared: a user's clone has only what the repo ships.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from flask import current_app

from ..actions.evidence import EvidenceDetails, add_evidence, review_evidence
from ..actions.measures import Measurement, record_measure
from ..actions.services import (
    ActionDetails,
    UpdateDetails,
    edit_action,
    mark_complete,
    post_update,
    seed_actions,
    sign_off,
    trackable_findings,
)
from ..auth.services import create_user, find_user_by_email
from ..board.services import record_meeting
from ..documents.signatories import parse_signatories, signatories_for
from ..inspections.cycle import ACCEPTED
from ..inspections.cycle_services import record_decision, record_submission
from ..inspections.grouping import judged_at_revisit
from ..inspections.services import import_letter
from ..members.services import change_member_details
from ..models import ROLE_ADMIN, ROLE_MANAGER, ROLE_OFFICER, ROLE_VIEWER, Inspection, User
from ..statements.services import (
    Governance,
    OutcomeEdit,
    fingerprint,
    generate_statement,
    set_governance,
    set_intended_outcomes,
    tracked_findings,
)
from ..storage import storage_for

DEMO_LETTER = Path(__file__).with_name("westmarsh-letter.txt")
# Printed by `make run` so a new user can sign in; never used outside the demo.
DEMO_PASSWORD = "demo-password-westmarsh"  # noqa: S105
DEMO_USERS = (
    ("manager@westmarsh.example", "Morgan Hale", ROLE_MANAGER),
    ("officer@westmarsh.example", "Olu Adebayo", ROLE_OFFICER),
    ("health@westmarsh.example", "Hannah Iqbal", ROLE_OFFICER),
    ("viewer@westmarsh.example", "Val Pierce", ROLE_VIEWER),
    # A site administrator, who can import a real letter or report for an area of its own.
    ("admin@wsoa.example", "Ada Admin", ROLE_ADMIN),
)
PARTNERS = ("NHS Westmarsh and Fenland ICB", "Westmarsh Voices parent carer forum")
# The leads' job titles and organisations, as the statement names them.
DEMO_POSTS = {
    "manager@westmarsh.example": ("Head of SEND improvement", "Westmarsh Council"),
    "officer@westmarsh.example": ("SEND service manager", "Westmarsh Council"),
    "health@westmarsh.example": ("Designated clinical officer", "NHS Westmarsh and Fenland ICB"),
}
# The intended outcome of each significant weakness, in the letter's order.
DEMO_OUTCOMES = (
    "Families receive good-quality EHC plans within 20 weeks, written with health and social care.",
    "Leaders know how well the area is doing from accurate information, and use it to plan.",
    "One strategy, written with families, sets out how the area identifies and meets needs.",
    "Children wait no more than 18 weeks for a paediatric or speech and language appointment.",
)
# The plan's story so far: the statement went in before its deadline and was accepted.
SUBMITTED_ON = date(2025, 6, 20)
ACCEPTED_ON = date(2025, 8, 4)


def load_demo() -> list[str]:
    """Load the demo letter and accounts; loading twice changes nothing. Returns lines to show the user."""
    from ..letters import read_document  # here: the other commands (send-digests) skip its PDF libraries

    letter = read_document(DEMO_LETTER.read_bytes())
    result = import_letter(letter, source_filename=DEMO_LETTER.name)
    lines = [
        f"Demo inspection: {letter.local_area} ({'loaded' if result.created else 'already loaded'})."
    ]
    for email, name, role in DEMO_USERS:
        if find_user_by_email(email) is None:
            create_user(email, name, DEMO_PASSWORD, role, None if role == ROLE_ADMIN else letter.local_area)
        lines.append(f"Demo sign-in ({role}): {email} / {DEMO_PASSWORD}")
    if result.created:
        _plan_under_way(result.inspection, date.today())
        _statement_and_cycle(result.inspection, date.today())
    return lines


def _plan_under_way(inspection: Inspection, today: date) -> None:
    """Seed the plan and move it along through the real workflow, so every page has something to show."""
    manager, officer, health = (find_user_by_email(email) for email, _, _ in DEMO_USERS[:3])
    for email, (job_title, organisation) in DEMO_POSTS.items():
        change_member_details(manager, inspection.local_area, find_user_by_email(email).id, job_title, organisation)
    actions = seed_actions(manager, inspection, [f.id for f in trackable_findings(inspection)])
    # The first board meeting froze the plan before any progress was reported: recording one today shows trends.
    record_meeting(manager, inspection, today - timedelta(days=28), today)
    for number, action in enumerate(actions):
        lead: User = (officer, health, manager)[number % 3]
        edit_action(
            manager,
            action,
            ActionDetails(
                title=action.title,
                description="Agreed at the SEND improvement board.",
                finding_ids=[f.id for f in action.findings],
                lead_id=lead.id,
                partner_user_ids=[health.id] if lead is officer else [],
                partner_organisations=[PARTNERS[number % 2]],
                start_date=today - timedelta(days=120),
                due_date=today + timedelta(days=30 * number - 45),
                success_measure="Parents and young people tell us things are better, in the termly survey.",
            ),
            expected_version=action.version,
        )
    for action, rag in zip(actions[:6], ("green", "amber", "red", "green", "amber", "green"), strict=False):
        post_update(
            action.lead,
            action,
            UpdateDetails(rag=rag, rag_reason="Reviewed at the monthly board.", done="Work started as planned."),
            expected_version=action.version,
        )
    finished = actions[0]
    evidence = add_evidence(
        finished.lead,
        finished,
        EvidenceDetails(
            kind="impact",
            description="Termly parent survey: timeliness of EHC plans",
            as_at=today - timedelta(days=7),
            link_url="https://www.example.org/westmarsh/parent-survey",
        ),
        store=storage_for(current_app),
        max_bytes=current_app.config["EVIDENCE_MAX_BYTES"],
        expected_version=finished.version,
    )
    review_evidence(manager, evidence, accept=True, comment="Clear and recent.", expected_version=finished.version)
    mark_complete(finished.lead, finished, expected_version=finished.version)
    sign_off(manager, finished, expected_version=finished.version)
    _measures_over_time(manager, actions[1], actions[3], today)


def _measures_over_time(manager: User, timeliness, waiting, today: date) -> None:
    """Two actions with numeric success measures and six months of values, so the charts have a story."""
    measures = (
        (timeliness, "EHC plans issued within 20 weeks", "38%", "80%", 38.0, 80.0, "%", "higher",
         (41, 47, 52, 58, 61, 66), "Monthly EHC performance report"),
        (waiting, "Weeks waited for a first paediatric appointment", "42 weeks", "18 weeks", 42.0, 18.0, "weeks",
         "lower", (41, 39, 36, 37, 33, 30), "ICB waiting list return"),
    )
    for action, measure, baseline, target, baseline_value, target_value, unit, better, values, source in measures:
        edit_action(
            manager,
            action,
            ActionDetails(
                title=action.title,
                description=action.description,
                finding_ids=[f.id for f in action.findings],
                lead_id=action.lead_id,
                partner_user_ids=[p.id for p in action.partner_users],
                partner_organisations=[o.name for o in action.partner_organisations],
                start_date=action.start_date,
                due_date=action.due_date,
                success_measure=measure,
                baseline=baseline,
                target=target,
                baseline_value=baseline_value,
                target_value=target_value,
                measure_unit=unit,
                measure_better=better,
                measured_by=source,
            ),
            expected_version=action.version,
        )
        for months_ago, value in zip(range(len(values), 0, -1), values, strict=True):
            record_measure(
                action.lead,
                action,
                Measurement(today - timedelta(days=30 * months_ago - 20), float(value), source),
                expected_version=action.version,
                today=today,
            )


def _statement_and_cycle(inspection: Inspection, today: date) -> None:
    """Intended outcomes, governance and a first generated statement; the submission and its acceptance."""
    manager = find_user_by_email(DEMO_USERS[0][0])
    weaknesses = [f for f in tracked_findings(inspection) if judged_at_revisit(f.kind)]
    set_intended_outcomes(
        manager,
        inspection,
        [
            OutcomeEdit(f.id, outcome, fingerprint(f.intended_outcome))
            for f, outcome in zip(weaknesses, DEMO_OUTCOMES, strict=True)
        ],
        {f.id: f"Weakness {number}" for number, f in enumerate(weaknesses, start=1)},
    )
    set_governance(
        manager,
        inspection.local_area,
        Governance(
            board="The Westmarsh SEND Improvement Board, chaired by the Director of Children's Services, meets "
            "monthly.",
            governance="Each action's lead reports to the board; the ICB's quality committee sees the health actions.",
            coproduction="Westmarsh Voices, the parent carer forum, sits on the board and co-wrote the strategy.",
        ),
    )
    # Development settings name the demo's signatories (config.py).
    signatories = parse_signatories(current_app.config["STATEMENT_SIGNATORIES"])
    generate_statement(manager, inspection, signatories_for(signatories, inspection.local_area.name))
    record_submission(manager, inspection, SUBMITTED_ON, "Sent to Ofsted and the CQC by email", today)
    record_decision(manager, inspection, ACCEPTED, ACCEPTED_ON, None, "Judged fit for purpose", today)
