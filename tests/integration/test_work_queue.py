"""Managers start at a queue of what waits for them; officers start at what they lead."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.factories import make_actions, make_inspection, make_user
from tests.pages import assert_page, post_form, sign_in
from tests.reminder_factories import set_action
from wsoa.actions.evidence import EvidenceDetails, add_evidence
from wsoa.extensions import db
from wsoa.models import Action, User
from wsoa.storage import LocalStorage


@pytest.fixture
def plan(app):
    inspection = make_inspection(app, "Westmarsh")
    manager = make_user(app, role="manager", area="Westmarsh")
    officer = make_user(app, role="officer", area="Westmarsh")
    viewer = make_user(app, role="viewer", area="Westmarsh")
    actions = make_actions(app, inspection, manager, lead=officer)
    return inspection, manager, officer, viewer, actions


def _sign_in_lands_on(client, user) -> str:
    return post_form(client, "/sign-in", {"email": user.email, "password": user.password}).headers["Location"]


def test_a_manager_lands_on_their_work_queue(client, plan):
    _, manager, _, _, _ = plan
    assert _sign_in_lands_on(client, manager) == "/work"


def test_an_officer_lands_on_my_actions(client, plan):
    _, _, officer, _, _ = plan
    assert _sign_in_lands_on(client, officer) == "/my-actions"


def test_a_viewer_lands_on_the_inspections(client, plan):
    _, _, _, viewer, _ = plan
    assert _sign_in_lands_on(client, viewer) == "/"


def test_the_queue_lists_evidence_to_review_completions_to_sign_off_and_actions_not_set_up(app, client, plan):
    _, manager, officer, _, actions = plan
    first, second = actions[0].id, actions[1].id
    with app.app_context():
        action = db.session.get(Action, first)
        add_evidence(
            db.session.get(User, officer.id), action,
            EvidenceDetails("impact", "Parent survey results", date(2026, 1, 5), link_url="https://example.org/s"),
            LocalStorage(app.config["EVIDENCE_STORAGE_DIR"]), app.config["EVIDENCE_MAX_BYTES"], action.version,
        )
    set_action(app, second, status="complete")
    set_action(app, actions[2].id, due_date=date.today() - timedelta(days=3), success_measure="Fewer late plans")
    sign_in(client, manager)
    page = assert_page(client.get("/work"), "Your work queue")
    assert "Evidence to review</a>: 1" in page and "Parent survey results" in page
    assert "/evidence/" in page and f"/actions/{second}/sign-off" in page
    assert "Actions to sign off or return</a>: 1" in page
    assert "Overdue actions</a>: 1" in page and "Overdue by 3 days" in page
    assert "No due date, no success measure" in page


def test_an_officer_has_no_queue_and_is_pointed_to_their_actions(client, plan):
    _, _, officer, _, _ = plan
    sign_in(client, officer)
    page = assert_page(client.get("/work"), "Your work queue")
    assert "you manage no local area with an action plan yet" in page
