"""Whoever approves work is not the person who did it, unless a small area allows it; then the trail says so."""

from __future__ import annotations

from datetime import date

import pytest

from tests.factories import make_actions, make_inspection, make_user
from tests.pages import post_form, sign_in
from wsoa.actions.evidence import EvidenceDetails, add_evidence
from wsoa.actions.services import WorkflowError, mark_complete, sign_off
from wsoa.extensions import db
from wsoa.models import Action, AuditEvent, Evidence, LocalArea, User
from wsoa.storage import LocalStorage


@pytest.fixture
def plan(app):
    inspection = make_inspection(app, "Westmarsh")
    manager = make_user(app, role="manager", area="Westmarsh")
    colleague = make_user(app, role="manager", area="Westmarsh")
    action = make_actions(app, inspection, manager, lead=manager)[0]
    return action.id, manager, colleague


def _evidence_by(app, action_id: int, user) -> int:
    with app.app_context():
        action = db.session.get(Action, action_id)
        return add_evidence(
            db.session.get(User, user.id),
            action,
            EvidenceDetails("impact", "Survey", date(2026, 1, 5), link_url="https://example.org/s"),
            LocalStorage(app.config["EVIDENCE_STORAGE_DIR"]),
            app.config["EVIDENCE_MAX_BYTES"],
            action.version,
        ).id


def _allow_self_review(app) -> None:
    with app.app_context():
        db.session.query(LocalArea).one().allow_self_review = True
        db.session.commit()


def _review_status(app, evidence_id: int) -> str:
    with app.app_context():
        return db.session.get(Evidence, evidence_id).review_status


def test_a_manager_cannot_accept_evidence_they_added(app, client, plan):
    action_id, manager, _ = plan
    evidence_id = _evidence_by(app, action_id, manager)
    sign_in(client, manager)
    page = post_form(client, f"/evidence/{evidence_id}/review", {"decision": "accept"}).get_data(as_text=True)
    assert "You added this evidence: another manager of the area must review it" in page
    assert _review_status(app, evidence_id) == "awaiting_review"


def test_another_manager_can_accept_it(app, client, plan):
    action_id, manager, colleague = plan
    evidence_id = _evidence_by(app, action_id, manager)
    sign_in(client, colleague)
    post_form(client, f"/evidence/{evidence_id}/review", {"decision": "accept"})
    assert _review_status(app, evidence_id) == "accepted"


def test_an_area_that_allows_it_lets_a_manager_accept_their_own_evidence_and_the_trail_says_so(app, client, plan):
    action_id, manager, _ = plan
    evidence_id = _evidence_by(app, action_id, manager)
    _allow_self_review(app)
    sign_in(client, manager)
    post_form(client, f"/evidence/{evidence_id}/review", {"decision": "accept"})
    assert _review_status(app, evidence_id) == "accepted"
    with app.app_context():
        event = db.session.query(AuditEvent).filter_by(event="evidence.reviewed").one()
        assert "by the manager who added the evidence" in event.summary


def _complete_with_colleagues_evidence(app, action_id, manager, colleague) -> None:
    evidence_id = _evidence_by(app, action_id, colleague)
    with app.app_context():
        evidence = db.session.get(Evidence, evidence_id)
        evidence.review_status = "accepted"
        action = db.session.get(Action, action_id)
        db.session.commit()
        mark_complete(db.session.get(User, manager.id), action, action.version)


def test_the_lead_cannot_sign_off_their_own_action(app, plan):
    action_id, manager, colleague = plan
    _complete_with_colleagues_evidence(app, action_id, manager, colleague)
    with app.app_context():
        action = db.session.get(Action, action_id)
        with pytest.raises(WorkflowError, match="You lead this action"):
            sign_off(db.session.get(User, manager.id), action, action.version)


def test_an_area_that_allows_it_lets_the_lead_sign_off_and_the_trail_says_so(app, plan):
    action_id, manager, colleague = plan
    _complete_with_colleagues_evidence(app, action_id, manager, colleague)
    _allow_self_review(app)
    with app.app_context():
        action = db.session.get(Action, action_id)
        sign_off(db.session.get(User, manager.id), action, action.version)
        event = db.session.query(AuditEvent).filter_by(event="action.signed_off").one()
        assert "by the manager who leads the action" in event.summary


def test_a_signed_off_action_takes_no_new_evidence(app, plan):
    action_id, manager, colleague = plan
    _complete_with_colleagues_evidence(app, action_id, manager, colleague)
    with app.app_context():
        action = db.session.get(Action, action_id)
        sign_off(db.session.get(User, colleague.id), action, action.version)
    with pytest.raises(WorkflowError, match="signed-off or retired action takes no more evidence"):
        _evidence_by(app, action_id, manager)
