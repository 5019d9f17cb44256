"""Writing through the API: the same services and rules as the pages, and optimistic locking by version or If-Match."""

from __future__ import annotations

from tests.api_factories import bearer
from tests.factories import PASSWORD, UserData
from tests.pages import csrf_token, sign_in
from wsoa.actions.services import UpdateDetails, post_update
from wsoa.extensions import db
from wsoa.models import Action, AuditEvent, MeasuredValue, Milestone, ProgressUpdate, User

UPDATE = {"rag": "amber", "rag_reason": "Two posts still vacant", "done": "Recruited one", "next_steps": "Advertise"}


def version_of(app, action_id: int) -> int:
    with app.app_context():
        return db.session.get(Action, action_id).version


def stored(app) -> tuple[int, int]:
    with app.app_context():
        return db.session.query(ProgressUpdate).count(), db.session.query(Milestone).count()


def test_a_lead_posts_an_update_as_on_the_page_and_it_is_audited_as_them(app, client, world):
    action_id = world.own.action_ids[0]
    version = version_of(app, action_id)
    response = client.post(
        f"/api/v1/actions/{action_id}/updates", json={**UPDATE, "version": version}, headers=bearer(world.lead)
    )
    assert response.status_code == 201
    body = response.get_json()
    assert body["update"]["rag"] == "amber" and body["update"]["author"]["id"] == world.lead_id
    assert body["action"]["rag"] == "amber" and body["action"]["status"] == "in_progress"
    assert body["action"]["version"] == version + 1
    with app.app_context():
        event = db.session.query(AuditEvent).filter_by(event="action.updated").one()
        assert (event.actor_id, event.action_id) == (world.lead_id, action_id)


def test_if_match_with_the_actions_etag_stands_for_its_version(app, client, world):
    action_id = world.own.action_ids[0]
    etag = client.get(f"/api/v1/actions/{action_id}", headers=bearer(world.lead)).headers["ETag"]
    added = client.post(
        f"/api/v1/actions/{action_id}/milestones",
        json={"title": "Board agrees the plan", "due_date": "2026-09-30"},
        headers={**bearer(world.lead), "If-Match": etag},
    )
    assert added.status_code == 201
    assert added.get_json()["milestone"]["title"] == "Board agrees the plan"

    again = client.post(
        f"/api/v1/actions/{action_id}/milestones",
        json={"title": "Made on the old version", "due_date": "2026-10-31"},
        headers={**bearer(world.lead), "If-Match": etag},
    )
    assert again.status_code == 409
    problem = again.get_json()
    assert problem["code"] == "edit_conflict"
    assert problem["current"]["version"] == version_of(app, action_id)
    now = client.get(f"/api/v1/actions/{action_id}", headers=bearer(world.lead))
    assert again.headers["ETag"] == now.headers["ETag"]
    with app.app_context():
        assert db.session.query(Milestone).filter_by(title="Made on the old version").count() == 0


def test_a_change_made_on_an_old_version_is_a_conflict_with_the_current_state_and_nothing_is_stored(app, client, world):
    action_id = world.own.action_ids[0]
    old = version_of(app, action_id)
    with app.app_context():  # someone else posts first, on the page
        action = db.session.get(Action, action_id)
        post_update(db.session.get(User, world.manager_id), action, UpdateDetails("red", "Stuck", "Nothing"), old)
    before = stored(app)
    url = f"/api/v1/actions/{action_id}/updates"
    response = client.post(url, json={**UPDATE, "version": old}, headers=bearer(world.lead))
    assert response.status_code == 409
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["current"]["rag"] == "red"
    assert response.get_json()["current"]["version"] == old + 1
    assert stored(app) == before


def test_a_change_without_a_version_or_if_match_is_refused_with_428(app, client, world):
    before = stored(app)
    url = f"/api/v1/actions/{world.own.action_ids[0]}/updates"
    response = client.post(url, json=UPDATE, headers=bearer(world.lead))
    assert response.status_code == 428
    assert response.get_json()["code"] == "version_required"
    assert stored(app) == before


def test_the_pages_rules_apply_and_a_refusal_is_audited(app, client, world):
    action_id = world.own.action_ids[0]
    version = version_of(app, action_id)
    before = stored(app)
    response = client.post(
        f"/api/v1/actions/{action_id}/updates", json={**UPDATE, "version": version}, headers=bearer(world.viewer)
    )
    assert response.status_code == 403
    assert response.get_json()["detail"] == "Only the lead, a partner or a manager of this area can do this."
    assert stored(app) == before
    with app.app_context():
        refusal = db.session.query(AuditEvent).filter_by(event="permission.refused").one()
        assert refusal.actor.email == "viewer@westmarsh.example"


def test_a_read_token_cannot_write_even_for_a_manager(app, client, world):
    action_id = world.own.action_ids[0]
    before = stored(app)
    response = client.post(
        f"/api/v1/actions/{action_id}/updates",
        json={**UPDATE, "version": version_of(app, action_id)},
        headers=bearer(world.reader),
    )
    assert response.status_code == 403
    assert response.get_json()["code"] == "insufficient_scope"
    assert 'error="insufficient_scope"' in response.headers["WWW-Authenticate"]
    assert stored(app) == before


def test_a_read_token_refused_a_write_is_audited_as_a_refusal_by_its_owner(app, client, world):
    action_id = world.own.action_ids[0]
    client.post(
        f"/api/v1/actions/{action_id}/updates",
        json={**UPDATE, "version": version_of(app, action_id)},
        headers=bearer(world.reader),
    )
    with app.app_context():
        refusal = db.session.query(AuditEvent).filter_by(event="permission.refused").one()
        assert refusal.actor_id == world.manager_id
        assert f"POST /api/v1/actions/{action_id}/updates" in refusal.summary
        assert "may only read" in refusal.summary


def test_a_session_cookie_never_authorises_the_api(app, client, world):
    """Signed in on the pages, with a valid CSRF token: the API still wants a token, for reads and writes."""
    action_id = world.own.action_ids[0]
    manager = UserData(world.manager_id, "manager@westmarsh.example", PASSWORD)
    sign_in(client, manager)
    token = csrf_token(client, f"/actions/{action_id}/update")
    before = stored(app)

    read = client.get(f"/api/v1/actions/{action_id}")
    assert read.status_code == 401 and read.headers["WWW-Authenticate"] == 'Bearer realm="wsoa"'
    write = client.post(
        f"/api/v1/actions/{action_id}/updates",
        json={**UPDATE, "version": version_of(app, action_id)},
        headers={"X-CSRFToken": token},
    )
    assert write.status_code == 401
    forged = client.post(f"/api/v1/actions/{action_id}/updates", json={**UPDATE, "version": version_of(app, action_id)})
    assert forged.status_code == 400 and forged.get_json()["code"] == "csrf_failed"
    assert stored(app) == before


def test_a_token_acts_as_its_owner_whatever_session_comes_with_it(app, client, world):
    action_id = world.own.action_ids[0]
    sign_in(client, UserData(world.manager_id, "manager@westmarsh.example", PASSWORD))
    response = client.post(
        f"/api/v1/actions/{action_id}/updates",
        json={**UPDATE, "version": version_of(app, action_id)},
        headers=bearer(world.viewer),
    )
    assert response.status_code == 403  # the viewer's token, though a manager is signed in


def test_a_closed_action_refuses_with_the_services_words(app, client, world):
    action_id = world.own.action_ids[0]
    with app.app_context():
        from wsoa.actions.services import retire_action

        action = db.session.get(Action, action_id)
        retire_action(db.session.get(User, world.manager_id), action, "Merged into 1.2", action.version)
    response = client.post(
        f"/api/v1/actions/{action_id}/updates",
        json={**UPDATE, "version": version_of(app, action_id)},
        headers=bearer(world.manager),
    )
    assert response.status_code == 422
    assert response.get_json()["detail"] == "A retired or signed-off action takes no more updates"


MEASURE = {"measured_on": "2026-01-31", "value": 52.5, "source": "Monthly timeliness report"}


def measured(app) -> list[tuple]:
    with app.app_context():
        return [(m.measured_on.isoformat(), m.value, m.source) for m in db.session.query(MeasuredValue)]


def test_a_lead_adds_a_measured_value_and_the_action_shows_it_against_the_target(app, client, world):
    action_id = world.own.action_ids[0]
    version = version_of(app, action_id)
    response = client.post(
        f"/api/v1/actions/{action_id}/measures", json={**MEASURE, "version": version}, headers=bearer(world.lead)
    )
    assert response.status_code == 201
    body = response.get_json()
    assert body["measured_value"]["value"] == 52.5 and body["measured_value"]["recorded_by"]["id"] == world.lead_id
    assert body["action"]["version"] == version + 1
    assert body["action"]["measure"] == {
        "unit": "%",
        "baseline_value": 40.0,
        "target_value": 60.0,
        "better": "higher",
        "latest": {"measured_on": "2026-01-31", "value": 52.5},
        "against_target": "7.5% to go",
    }
    listed = client.get(f"/api/v1/actions/{action_id}/measures", headers=bearer(world.viewer)).get_json()
    assert [(item["measured_on"], item["value"], item["source"]) for item in listed["items"]] == measured(app)
    with app.app_context():
        event = db.session.query(AuditEvent).filter_by(event="measure.recorded").one()
        assert (event.actor_id, event.action_id) == (world.lead_id, action_id)


def test_a_measured_value_on_an_old_etag_is_a_conflict_and_nothing_is_stored(app, client, world):
    action_id = world.own.action_ids[0]
    etag = client.get(f"/api/v1/actions/{action_id}", headers=bearer(world.lead)).headers["ETag"]
    update = {**UPDATE, "version": version_of(app, action_id)}
    client.post(f"/api/v1/actions/{action_id}/updates", json=update, headers=bearer(world.manager))
    response = client.post(
        f"/api/v1/actions/{action_id}/measures", json=MEASURE, headers={**bearer(world.lead), "If-Match": etag}
    )
    assert response.status_code == 409 and response.get_json()["code"] == "edit_conflict"
    assert measured(app) == []


def test_a_second_value_for_the_same_date_is_refused_with_the_pages_words(app, client, world):
    action_id = world.own.action_ids[0]
    url = f"/api/v1/actions/{action_id}/measures"
    client.post(url, json={**MEASURE, "version": version_of(app, action_id)}, headers=bearer(world.lead))
    second = {**MEASURE, "value": 60, "version": version_of(app, action_id)}
    again = client.post(url, json=second, headers=bearer(world.lead))
    assert again.status_code == 422
    assert again.get_json()["detail"] == "A value for 31 January 2026 is already recorded: each date takes one value"
    assert measured(app) == [("2026-01-31", 52.5, "Monthly timeliness report")]
