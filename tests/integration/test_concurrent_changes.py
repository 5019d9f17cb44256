"""Two people, one action: every change made on a page that is out of date is a conflict, never a 500 or a lost change.

Each case: a manager opens a form about the action; before they send it, the action's lead posts a
progress update; then the manager sends the form. They see the conflict with what they typed still in the
form; nothing of theirs is saved and the lead's update stands.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from tests.factories import make_actions, make_inspection, make_user
from tests.pages import hidden_fields, hidden_fields_in, redirect_target, sign_in
from wsoa.actions.evidence import EvidenceDetails, add_evidence, review_evidence
from wsoa.actions.measures import Measurement, record_measure
from wsoa.actions.services import UpdateDetails, add_milestone, mark_complete, post_update
from wsoa.extensions import db
from wsoa.models import Action, AuditEvent, User
from wsoa.storage import LocalStorage

CONFLICT = "Someone else changed this action while you were editing it"


@dataclass(frozen=True)
class Scene:
    action_id: int
    lead_id: int
    evidence_id: int | None = None
    milestone_id: int | None = None
    measured_id: int | None = None


def _as_lead(app, scene_action_id: int, lead_id: int, change) -> None:
    with app.app_context():
        action = db.session.get(Action, scene_action_id)
        change(db.session.get(User, lead_id), action)


def _lead_posts_an_update(app, scene: Scene) -> None:
    _as_lead(
        app,
        scene.action_id,
        scene.lead_id,
        lambda lead, action: post_update(lead, action, UpdateDetails("amber", "Slower", "Meanwhile"), action.version),
    )


def _evidence_from_lead(app, scene_action_id: int, lead_id: int) -> int:
    with app.app_context():
        action = db.session.get(Action, scene_action_id)
        evidence = add_evidence(
            db.session.get(User, lead_id),
            action,
            EvidenceDetails("impact", "Survey", date(2026, 1, 5), link_url="https://example.org/survey"),
            LocalStorage(app.config["EVIDENCE_STORAGE_DIR"]),
            app.config["EVIDENCE_MAX_BYTES"],
            action.version,
        )
        return evidence.id


@pytest.fixture
def scene(app):
    inspection = make_inspection(app, "Westmarsh")
    manager = make_user(app, role="manager", area="Westmarsh")
    second_manager = make_user(app, role="manager", area="Westmarsh")
    lead = make_user(app, role="officer", area="Westmarsh")
    action = make_actions(app, inspection, manager, lead=lead)[0]
    evidence_id = _evidence_from_lead(app, action.id, lead.id)
    with app.app_context():
        row = db.session.get(Action, action.id)
        milestone_id = add_milestone(
            db.session.get(User, lead.id), row, "Panel meets", date(2026, 3, 1), row.version
        ).id
        row.success_measure = "Share of EHC plans issued within 20 weeks"
        measured_id = record_measure(
            db.session.get(User, lead.id), row, Measurement(date(2026, 1, 5), 45.0, "SEN2 return"), row.version
        ).id
    return Scene(action.id, lead.id, evidence_id, milestone_id, measured_id), manager, second_manager


def _complete_with_accepted_evidence(app, scene: Scene, second_manager) -> None:
    with app.app_context():
        action = db.session.get(Action, scene.action_id)
        evidence = action.evidence[0]
        review_evidence(db.session.get(User, second_manager.id), evidence, True, "", action.version)
        mark_complete(db.session.get(User, scene.lead_id), action, action.version)


@dataclass(frozen=True)
class Case:
    name: str
    path: str
    typed: dict
    kept: str  # what the manager typed, still in the form
    ready: bool = False  # the action must first be complete with accepted evidence


CASES = [
    Case(
        "post an update",
        "/actions/{a}/update",
        {"rag": "green", "rag_reason": "Typed reason", "done": "Typed work"},
        "Typed work",
    ),
    Case(
        "add evidence",
        "/actions/{a}/evidence/new",
        {
            "kind": "activity",
            "description": "Typed minutes",
            "as_at": ["1", "2", "2026"],
            "link_url": "https://example.org/typed",
        },
        "Typed minutes",
    ),
    Case(
        "review evidence", "/evidence/{e}/review", {"decision": "return", "comment": "Typed comment"}, "Typed comment"
    ),
    Case(
        "add a milestone",
        "/actions/{a}/milestones/new",
        {"title": "Typed milestone", "due_date": ["1", "4", "2026"]},
        "Typed milestone",
    ),
    Case("mark complete", "/actions/{a}/complete", {}, ""),
    Case("sign off", "/actions/{a}/sign-off", {"decision": "sign_off", "reason": ""}, "", ready=True),
    Case(
        "return",
        "/actions/{a}/sign-off",
        {"decision": "return", "reason": "Typed return reason"},
        "Typed return reason",
        ready=True,
    ),
    Case("split", "/actions/{a}/split", {"title": "Typed new action"}, "Typed new action"),
    Case("retire", "/actions/{a}/retire", {"reason": "Typed retire reason"}, "Typed retire reason"),
    Case(
        "record a measured value",
        "/actions/{a}/measures/new",
        {"measured_on": ["1", "2", "2026"], "value": "51.5", "source": "Typed source"},
        "Typed source",
    ),
    Case(
        "correct a measured value",
        "/measures/{m}/correct",
        {"value": "54", "source": "SEN2 return", "reason": "Typed correction reason"},
        "Typed correction reason",
    ),
    Case("remove a measured value", "/measures/{m}/remove", {"reason": "Typed removal reason"}, "Typed removal reason"),
]


def _trail(app, action_id: int) -> list[str]:
    with app.app_context():
        return [e.event for e in db.session.query(AuditEvent).filter_by(action_id=action_id).order_by(AuditEvent.id)]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_a_change_sent_from_an_out_of_date_page_is_a_conflict_that_keeps_what_was_typed(app, client, scene, case):
    place, manager, second_manager = scene
    if case.ready:
        _complete_with_accepted_evidence(app, place, second_manager)
    path = case.path.format(a=place.action_id, e=place.evidence_id, m=place.measured_id)
    sign_in(client, manager)
    form = hidden_fields(client, path)
    _lead_posts_an_update(app, place)
    before = _trail(app, place.action_id)

    response = client.post(path, data={**form, **case.typed})

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert CONFLICT in page
    assert case.kept in page
    assert _trail(app, place.action_id) == before  # nothing of the manager's was saved
    assert before[-1] == "action.updated"  # and the lead's update stands


def test_a_change_sent_again_from_the_conflict_page_is_saved(app, client, scene):
    place, manager, _ = scene
    path = f"/actions/{place.action_id}/update"
    sign_in(client, manager)
    form = hidden_fields(client, path)
    _lead_posts_an_update(app, place)
    typed = {"rag": "green", "rag_reason": "Typed reason", "done": "Typed work"}
    conflict_page = client.post(path, data={**form, **typed})
    assert CONFLICT in conflict_page.get_data(as_text=True)

    again = client.post(path, data={**hidden_fields_in(conflict_page), **typed})

    assert redirect_target(again) == f"/actions/{place.action_id}"
    assert _trail(app, place.action_id)[-1] == "action.updated"


def test_a_change_without_a_version_is_a_conflict_not_a_silent_overwrite(app, client, scene):
    place, manager, _ = scene
    path = f"/actions/{place.action_id}/retire"
    sign_in(client, manager)
    form = {k: v for k, v in hidden_fields(client, path).items() if k != "version"}

    response = client.post(path, data={**form, "reason": "No longer needed"})

    assert CONFLICT in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Action, place.action_id).status != "retired"


def test_meeting_a_milestone_from_an_out_of_date_page_changes_nothing_and_says_why(app, client, scene):
    place, manager, _ = scene
    sign_in(client, manager)
    form = hidden_fields(client, f"/actions/{place.action_id}")
    _lead_posts_an_update(app, place)

    response = client.post(f"/milestones/{place.milestone_id}/done", data=form, follow_redirects=True)

    assert response.status_code == 200
    assert CONFLICT in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Action, place.action_id).milestones[0].done_on is None

