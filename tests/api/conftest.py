"""A small world for the API tests: two areas, each with an inspection, a plan, people and their tokens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from tests.api_factories import make_token
from tests.factories import make_actions, make_inspection, make_user
from wsoa.actions.evidence import EvidenceDetails, add_evidence
from wsoa.actions.services import add_milestone
from wsoa.extensions import db
from wsoa.models import SCOPE_READ, Action, User
from wsoa.storage import LocalStorage


@dataclass(frozen=True)
class ApiArea:
    area_id: int
    inspection_id: int
    action_ids: list[int]
    evidence_id: int
    link_evidence_id: int
    milestone_id: int


@dataclass(frozen=True)
class ApiWorld:
    own: ApiArea
    other: ApiArea
    manager: str  # a read-and-write token for each person in the own area
    lead: str
    viewer: str
    reader: str  # the manager's read-only token
    manager_id: int
    lead_id: int


def _area(app, name: str) -> ApiArea:
    """The area's inspection and plan, led by lead@..., with evidence (a file and a link), a milestone, and a
    success measure with numbers on the first action (so measured values can be recorded against it)."""
    inspection = make_inspection(app, name)
    domain = f"{name.lower()}.example"
    manager = make_user(app, role="manager", area=name, email=f"manager@{domain}")
    lead = make_user(app, role="officer", area=name, email=f"lead@{domain}")
    make_user(app, role="viewer", area=name, email=f"viewer@{domain}")
    actions = make_actions(app, inspection, manager, lead=lead)
    with app.app_context():
        acting = db.session.get(User, manager.id)
        action = db.session.get(Action, actions[0].id)
        action.success_measure, action.measure_unit = "Plans issued within 20 weeks", "%"
        action.baseline_value, action.target_value = 40.0, 60.0
        db.session.commit()
        store = LocalStorage(app.config["EVIDENCE_STORAGE_DIR"])
        on = action.created_at.date()
        details = EvidenceDetails("activity", "Panel minutes", on, filename="minutes.csv", data=b"a,b\n1,2\n")
        evidence = add_evidence(acting, action, details, store, app.config["EVIDENCE_MAX_BYTES"], action.version)
        link = add_evidence(
            acting,
            action,
            EvidenceDetails("impact", "Survey results", on, link_url="https://example.org/survey"),
            store,
            app.config["EVIDENCE_MAX_BYTES"],
            action.version,
        )
        milestone = add_milestone(acting, action, "Panel agreed", date(2026, 3, 31), action.version)
        return ApiArea(
            acting.memberships[0].local_area_id,
            inspection.id,
            [a.id for a in actions],
            evidence.id,
            link.id,
            milestone.id,
        )


@pytest.fixture
def world(app) -> ApiWorld:
    own = _area(app, "Westmarsh")
    other = _area(app, "Otherton")
    with app.app_context():
        ids = {u.email: u.id for u in db.session.query(User)}
    return ApiWorld(
        own=own,
        other=other,
        manager=make_token(app, "manager@westmarsh.example"),
        lead=make_token(app, "lead@westmarsh.example"),
        viewer=make_token(app, "viewer@westmarsh.example"),
        reader=make_token(app, "manager@westmarsh.example", SCOPE_READ, name="Read only"),
        manager_id=ids["manager@westmarsh.example"],
        lead_id=ids["lead@westmarsh.example"],
    )
