"""Bad input: each is refused with problem details and the right status, and nothing is stored."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine

from tests.api_factories import bearer, make_token
from wsoa.api.tokens import revoke_token
from wsoa.extensions import db
from wsoa.models import Action, ApiToken, AuditEvent, MeasuredValue, Milestone, ProgressUpdate, User

UPDATE = {"rag": "green", "rag_reason": "On track", "done": "Met the board"}


def version_of(app, action_id: int) -> int:
    with app.app_context():
        return db.session.get(Action, action_id).version


def stored(app) -> tuple:
    with app.app_context():
        changes = db.session.query(AuditEvent).filter(AuditEvent.event.in_(("action.updated", "milestone.added")))
        return db.session.query(ProgressUpdate).count(), db.session.query(Milestone).count(), changes.count()


def post_update(client, token, action_id, body, **kwargs):
    return client.post(f"/api/v1/actions/{action_id}/updates", json=body, headers=bearer(token), **kwargs)


def assert_problem(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert problem["status"] == status and problem["type"] == "about:blank" and problem["detail"]
    if code:
        assert problem["code"] == code
    return problem


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"colour": "green"}, "colour"),  # an unknown field
        ({"rag": "purple"}, "rag"),
        ({"rag": 5}, "rag"),  # wrong types
        ({"done": ["a", "list"]}, "done"),
        ({"percent_complete": "50"}, "percent_complete"),
        ({"percent_complete": True}, "percent_complete"),
        ({"percent_complete": 101}, "percent_complete"),
        ({"version": "3"}, "version"),
        ({"version": 2**64}, "version"),
        ({"done": "x" * 10_001}, "done"),  # too long
        ({"done": "nul \x00 inside"}, "done"),
    ],
)
def test_invalid_update_fields_are_refused_before_anything_is_stored(app, client, world, change, field):
    action_id = world.own.action_ids[0]
    before = stored(app)
    body = {**UPDATE, "version": version_of(app, action_id), **change}
    problem = assert_problem(post_update(client, world.manager, action_id, body), 422, "invalid_input")
    assert field in problem["errors"]["json"]
    assert stored(app) == before


def test_a_missing_field_blank_text_and_a_body_that_is_not_an_object(app, client, world):
    action_id = world.own.action_ids[0]
    before = stored(app)
    version = version_of(app, action_id)
    missing = assert_problem(post_update(client, world.manager, action_id, {"rag": "red", "version": version}), 422)
    assert set(missing["errors"]["json"]) == {"rag_reason", "done"}
    blank = post_update(client, world.manager, action_id, {**UPDATE, "done": "   ", "version": version})
    assert assert_problem(blank, 422, "refused")["detail"] == "Enter what has been done"
    assert_problem(post_update(client, world.manager, action_id, ["not", "an", "object"]), 422)
    broken = client.post(
        f"/api/v1/actions/{action_id}/updates",
        data="{not json",
        content_type="application/json",
        headers=bearer(world.manager),
    )
    assert_problem(broken, 400)
    milestone = client.post(
        f"/api/v1/actions/{action_id}/milestones",
        json={"title": "Board", "due_date": "31/03/2026", "version": version},
        headers=bearer(world.manager),
    )
    assert "due_date" in assert_problem(milestone, 422)["errors"]["json"]
    assert stored(app) == before


@pytest.mark.parametrize(
    "query",
    ["limit=1000", "limit=0", "limit=-5", "limit=ten", "cursor=not-a-cursor", "cursor=YWZ0ZXI6LTE", "area_id=x"],
)
def test_huge_pages_and_bad_cursors_are_refused(client, world, query):
    response = client.get(f"/api/v1/inspections?{query}", headers=bearer(world.viewer))
    problem = assert_problem(response, 422, "invalid_input")
    assert set(problem["errors"]["query"]) <= {"limit", "cursor", "area_id"}


def test_another_areas_ids_are_not_found_for_reads_and_writes(app, client, world):
    other = world.other
    for url in (
        f"/api/v1/areas/{other.area_id}",
        f"/api/v1/inspections/{other.inspection_id}",
        f"/api/v1/inspections/{other.inspection_id}/actions",
        f"/api/v1/actions/{other.action_ids[0]}",
        f"/api/v1/actions/{other.action_ids[0]}/updates",
        f"/api/v1/actions/{other.action_ids[0]}/milestones",
        f"/api/v1/actions/{other.action_ids[0]}/evidence",
        f"/api/v1/evidence/{other.evidence_id}/file",
        "/api/v1/actions/999999999",
        "/api/v1/actions/99999999999999999999999",  # more than the database could hold
        "/api/v1/no-such-thing",
    ):
        assert_problem(client.get(url, headers=bearer(world.manager)), 404, "not_found")
    before = stored(app)
    body = {**UPDATE, "version": version_of(app, other.action_ids[0])}
    assert_problem(post_update(client, world.manager, other.action_ids[0], body), 404)
    assert_problem(post_update(client, world.manager, 2**64, body), 404)  # no id the database could hold
    assert stored(app) == before


def test_a_method_the_address_does_not_take(client, world):
    response = client.delete(f"/api/v1/actions/{world.own.action_ids[0]}", headers=bearer(world.manager))
    assert_problem(response, 405, "method_not_allowed")
    assert "GET" in response.headers["Allow"]


def test_expired_revoked_unknown_and_malformed_tokens_are_refused(app, client, world):
    action_id = world.own.action_ids[0]
    body = {**UPDATE, "version": version_of(app, action_id)}
    before = stored(app)
    short = make_token(app, "manager@westmarsh.example", days=0)
    revoked = make_token(app, "manager@westmarsh.example")
    with app.app_context():
        row = db.session.query(ApiToken).order_by(ApiToken.id.desc()).first()
        revoke_token(db.session.get(User, world.manager_id), row, row.created_at)

    with time_machine.travel(date.today() + timedelta(days=1)):
        expired = assert_problem(post_update(client, short, action_id, body), 401, "invalid_token")
    assert "expired" in expired["detail"]
    assert "revoked" in assert_problem(post_update(client, revoked, action_id, body), 401, "invalid_token")["detail"]
    assert "not recognised" in assert_problem(post_update(client, "wsoa_pat_guess", action_id, body), 401)["detail"]
    for header in ("Basic bWFuYWdlcg==", "Bearer", "Bearer  ", "wsoa_pat_no_scheme"):
        response = client.post(f"/api/v1/actions/{action_id}/updates", json=body, headers={"Authorization": header})
        assert_problem(response, 401)
        assert response.headers["WWW-Authenticate"].startswith('Bearer realm="wsoa"')
    assert stored(app) == before


def test_a_token_of_a_switched_off_account_is_refused(app, client, world):
    with app.app_context():
        db.session.get(User, world.lead_id).active = False
        db.session.commit()
    response = client.get("/api/v1/me", headers=bearer(world.lead))
    assert "switched off" in assert_problem(response, 401, "invalid_token")["detail"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"value": "52.5"}, "value"),  # a number in a string is not a number
        ({"value": "about half"}, "value"),
        ({"value": True}, "value"),
        ({"value": None}, "value"),
        ({"value": 1e13}, "value"),  # beyond any measure
        ({"measured_on": "31/01/2026"}, "measured_on"),
        ({"source": ""}, None),  # blank: refused by the service with the pages' words
        ({"source": "x" * 301}, "source"),
        ({"unit": "%"}, "unit"),  # unknown field
    ],
)
def test_a_measured_value_that_is_not_a_number_or_is_malformed_is_refused_and_nothing_is_stored(
    app, client, world, change, field
):
    action_id = world.own.action_ids[0]
    body = {"measured_on": "2026-01-31", "value": 52.5, "source": "SEN2", "version": version_of(app, action_id)}
    body.update(change)
    response = client.post(f"/api/v1/actions/{action_id}/measures", json=body, headers=bearer(world.manager))
    if field is None:
        assert assert_problem(response, 422, "refused")["detail"] == "Enter where the value comes from"
    else:
        assert field in assert_problem(response, 422, "invalid_input")["errors"]["json"]
    with app.app_context():
        assert db.session.query(MeasuredValue).count() == 0
        assert db.session.query(AuditEvent).filter_by(event="measure.recorded").count() == 0


def test_a_measured_value_for_a_day_to_come_is_refused(app, client, world):
    action_id = world.own.action_ids[0]
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    body = {"measured_on": tomorrow, "value": 50, "source": "SEN2", "version": version_of(app, action_id)}
    response = client.post(f"/api/v1/actions/{action_id}/measures", json=body, headers=bearer(world.manager))
    problem = assert_problem(response, 422, "refused")
    assert problem["detail"] == "The date the value is for must be today or in the past"
