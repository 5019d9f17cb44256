"""Bulk work before a board meeting: a manager changes several actions at once; a lead updates all theirs."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.factories import make_actions, make_inspection, make_user
from tests.pages import assert_page, hidden_fields, post_form, redirect_target, sign_in
from tests.reminder_factories import set_action
from wsoa.extensions import db
from wsoa.models import Action, ProgressUpdate


@pytest.fixture
def plan(app):
    inspection = make_inspection(app, "Westmarsh")
    manager = make_user(app, role="manager", area="Westmarsh")
    lead = make_user(app, role="officer", area="Westmarsh")
    actions = make_actions(app, inspection, manager)
    return inspection, manager, lead, actions


def _actions(app, ids):
    with app.app_context():
        return {
            a.id: (a.lead_id, a.due_date, [p.id for p in a.partner_users])
            for a in map(lambda i: db.session.get(Action, i), ids)
        }


def test_a_manager_gives_several_actions_a_lead_and_a_due_date_at_once(app, client, plan):
    inspection, manager, lead, actions = plan
    chosen = [actions[0].id, actions[2].id]
    sign_in(client, manager)
    path = f"/inspections/{inspection.id}/actions/change-several"
    response = post_form(
        client, path, {"actions": [str(i) for i in chosen], "lead": str(lead.id), "due_date": ["31", "3", "2027"]}
    )
    assert redirect_target(response) == f"/inspections/{inspection.id}/actions"
    after = _actions(app, [*chosen, actions[1].id])
    assert after[chosen[0]][:2] == after[chosen[1]][:2] == (lead.id, date(2027, 3, 31))
    assert after[actions[1].id][:2] == (None, None)  # not chosen: unchanged


def test_if_one_chosen_action_changed_meanwhile_nothing_is_saved(app, client, plan):
    inspection, manager, lead, actions = plan
    sign_in(client, manager)
    path = f"/inspections/{inspection.id}/actions/change-several"
    form = hidden_fields(client, path)
    set_action(app, actions[1].id, title="Changed by someone else", version=5)
    response = client.post(
        path, data={**form, "actions": [str(actions[0].id), str(actions[1].id)], "lead": str(lead.id)}
    )
    page = assert_page(response, "Change several actions at once")
    assert "nothing was saved" in page and actions[1].reference in page
    assert _actions(app, [actions[0].id])[actions[0].id][0] is None


def test_choosing_nothing_to_set_is_refused(app, client, plan):
    inspection, manager, _, actions = plan
    sign_in(client, manager)
    page = post_form(
        client, f"/inspections/{inspection.id}/actions/change-several", {"actions": [str(actions[0].id)]}
    ).get_data(as_text=True)
    assert "Choose a lead, a partner or a due date to set" in page


def test_a_lead_posts_a_rating_and_a_line_for_each_of_their_actions_at_once(app, client, plan):
    _, _, lead, actions = plan
    for action in actions[:3]:
        set_action(app, action.id, lead_id=lead.id)
    sign_in(client, lead)
    path = "/my-actions/board-update"
    page = assert_page(client.get(path), "Update your actions for the board")
    assert len(re.findall(r"<legend", page)) == 3
    post_form(
        client,
        path,
        {
            f"rag_{actions[0].id}": "green",
            f"line_{actions[0].id}": "Panel meets weekly",
            f"rag_{actions[1].id}": "red",
            f"line_{actions[1].id}": "Recruitment stalled",
        },
    )
    with app.app_context():
        updates = {(u.action_id, u.rag, u.done) for u in db.session.query(ProgressUpdate)}
    assert updates == {(actions[0].id, "green", "Panel meets weekly"), (actions[1].id, "red", "Recruitment stalled")}


def test_a_line_without_a_rating_is_refused_and_nothing_is_posted(app, client, plan):
    _, _, lead, actions = plan
    for action in actions[:2]:
        set_action(app, action.id, lead_id=lead.id)
    sign_in(client, lead)
    page = post_form(
        client,
        "/my-actions/board-update",
        {
            f"rag_{actions[0].id}": "green",
            f"line_{actions[0].id}": "Fine",
            f"line_{actions[1].id}": "No rating given",
        },
    ).get_data(as_text=True)
    assert f"Give both a rating and a line for {actions[1].reference}" in page
    assert "No rating given" in page  # what was typed is kept
    with app.app_context():
        assert db.session.query(ProgressUpdate).count() == 0
