"""Demonstration data for `make run`: a fictional area, its letter, accounts and a plan under way.

Nothing here reads ../shared: a user's clone has only what the repo ships.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from flask import current_app

from ..actions.evidence import EvidenceDetails, add_evidence, review_evidence
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
from ..inspections.services import import_letter
from ..letters import read_document
from ..models import ROLE_ADMIN, ROLE_MANAGER, ROLE_OFFICER, ROLE_VIEWER, Inspection, User
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


def load_demo() -> list[str]:
    """Load the demo letter and accounts; loading twice changes nothing. Returns lines to show the user."""
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
    return lines


def _plan_under_way(inspection: Inspection, today: date) -> None:
    """Seed the plan and move it along through the real workflow, so every page has something to show."""
    manager, officer, health = (find_user_by_email(email) for email, _, _ in DEMO_USERS[:3])
    actions = seed_actions(manager, inspection, [f.id for f in trackable_findings(inspection)])
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
