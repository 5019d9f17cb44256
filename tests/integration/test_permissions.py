"""Every route x every role x own area / other area, and no route without a declared rule."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pytest

from tests.api_factories import bearer, make_token
from tests.database import empty_all_tables
from tests.factories import PASSWORD, make_actions, make_inspection, make_user
from tests.pages import csrf_token, redirect_target, signed_in_user_id
from tests.permission_routes import ROUTES
from tests.public_factories import publish_everything
from wsoa.actions.evidence import EvidenceDetails, add_evidence
from wsoa.actions.measures import Measurement, record_measure
from wsoa.actions.services import add_milestone
from wsoa.board.services import record_meeting
from wsoa.extensions import db
from wsoa.models import Action, AuditEvent, User
from wsoa.permissions import (
    ADMIN,
    AREA_MANAGER,
    AREA_MEMBER,
    CONTRIBUTOR,
    EVIDENCE_AUTHOR,
    IMPORTER,
    PUBLIC,
    SIGNED_IN,
)
from wsoa.statements.services import generate_statement
from wsoa.storage import LocalStorage

ROLES = ("anonymous", "viewer", "officer_lead", "officer_other", "manager", "admin")
# The world is built once for the module: under pytest-xdist the module runs whole on one worker, so no other
# module's test (whose `app` fixture empties every table) runs in between.
pytestmark = pytest.mark.xdist_group("permission_matrix")


@dataclass
class Place:
    area_id: int
    inspection_id: int
    action_id: int
    evidence_id: int
    milestone_id: int
    member_id: int
    meeting_id: int
    measured_id: int
    public_slug: str = ""
    public_evidence_id: int = 0


@dataclass
class World:
    own: Place
    other: Place
    users: dict[str, str]  # role -> email
    tokens: dict[str, str] = field(default_factory=dict)  # role -> API token (read and write)


def _place(app, area: str, emails: dict[str, str]) -> Place:
    inspection = make_inspection(app, area)
    manager = make_user(app, role="manager", area=area, email=emails.get("manager"))
    lead = make_user(app, role="officer", area=area, email=emails.get("officer_lead"))
    make_user(app, role="officer", area=area, email=emails.get("officer_other"))
    viewer = make_user(app, role="viewer", area=area, email=emails.get("viewer"))
    actions = make_actions(app, inspection, manager, lead=lead)
    with app.app_context():
        action = db.session.get(Action, actions[0].id)
        acting = db.session.get(User, manager.id)
        evidence = add_evidence(
            acting,
            action,
            EvidenceDetails(
                kind="activity",
                description="Minutes",
                as_at=action.created_at.date(),
                filename="minutes.csv",
                data=b"a,b\n1,2\n",
            ),
            LocalStorage(app.config["EVIDENCE_STORAGE_DIR"]),
            app.config["EVIDENCE_MAX_BYTES"],
            action.version,
        )
        milestone = add_milestone(acting, action, "Panel agreed", action.created_at.date(), action.version)
        action.success_measure = "Share of EHC plans issued within 20 weeks"
        measured = record_measure(
            acting, action, Measurement(action.created_at.date(), 50.0, "SEN2 return"), action.version
        )
        meeting = record_meeting(acting, action.inspection, action.created_at.date())
        generate_statement(acting, action.inspection, signatories=())  # version 1, for the statement's routes
        area_id, action_id = db.session.get(User, manager.id).memberships[0].local_area_id, action.id
        place = Place(
            area_id, inspection.id, action_id, evidence.id, milestone.id, viewer.id, meeting.id, measured.id
        )
    public = publish_everything(app, area_id, manager.id, action_id)
    return replace(place, public_slug=public.slug, public_evidence_id=public.evidence_id)


@pytest.fixture(scope="module")
def world(migrated_app) -> World:
    """Built once for the whole module, and emptied only when the module is done: no test here uses the `app`
    fixture (whose teardown empties every table), so the world is there for every test in any order. The requests
    below change nothing another case depends on."""
    app = migrated_app
    emails = {role: f"{role}@own.example" for role in ROLES if role not in ("anonymous", "admin")}
    own = _place(app, "Ownborough", emails)
    other = _place(app, "Otherton", {})
    make_user(app, role="admin", email="admin@site.example")
    users = {**emails, "admin": "admin@site.example"}
    yield World(own, other, users, {role: make_token(app, email) for role, email in users.items()})
    with app.app_context():
        db.session.remove()
        empty_all_tables()


@pytest.fixture
def matrix_client(migrated_app, world):
    return migrated_app.test_client()


# Who is allowed, for a place in the user's own area. The lead officer leads the action used here.
ALLOWED = {
    PUBLIC: set(ROLES),
    SIGNED_IN: set(ROLES) - {"anonymous"},
    AREA_MEMBER: {"viewer", "officer_lead", "officer_other", "manager", "admin"},
    CONTRIBUTOR: {"officer_lead", "manager", "admin"},
    AREA_MANAGER: {"manager", "admin"},
    EVIDENCE_AUTHOR: {"manager"},
    IMPORTER: {"manager", "admin"},
    ADMIN: {"admin"},
}
# Routes the matrix visits with a made-up token.
MADE_UP_TOKENS = {
    "auth.accept", "auth.unlock", "members.join", "account.revoke",
    "calendars.stop", "calendars.replace", "calendars.feed",
}
# Rules that do not depend on the area the URL points into.
AREA_FREE = {PUBLIC, SIGNED_IN, IMPORTER}


def request_as(client, world: World, role: str, method: str, url: str) -> str:
    """What happens to this user's request: allowed, refused, hidden (404) or sent to sign in."""
    if url.startswith("/api/"):
        return api_request_as(client, world, role, method, url)
    token = csrf_token(client, "/sign-in")
    if role != "anonymous":
        client.post("/sign-in", data={"csrf_token": token, "email": world.users[role], "password": PASSWORD})
    response = client.get(url) if method == "GET" else client.post(url, data={"csrf_token": token})
    with response:
        if response.status_code in (302, 303) and "/sign-in?next=" in response.headers.get("Location", ""):
            return "sign-in"
        return {403: "refused", 404: "hidden"}.get(response.status_code, "allowed")


def api_request_as(client, world: World, role: str, method: str, url: str) -> str:
    """The API's answer to the role's token: 401 (no token) is its "sign in"."""
    headers = bearer(world.tokens[role]) if role != "anonymous" else {}
    with client.open(url, method=method, headers=headers, json={} if method == "POST" else None) as response:
        return {401: "sign-in", 403: "refused", 404: "hidden"}.get(response.status_code, "allowed")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", sorted(ROUTES))
@pytest.mark.parametrize("whose", ["own", "other"])
def test_each_route_lets_in_exactly_the_roles_its_rule_names(matrix_client, world, endpoint, role, whose):
    method, url_for_place, rule = ROUTES[endpoint]
    place = world.own if whose == "own" else world.other
    result = request_as(matrix_client, world, role, method, url_for_place(place))

    if role == "anonymous" and rule != PUBLIC:
        expected = "sign-in"
    elif rule in AREA_FREE or role == "admin":
        expected = "allowed" if role in ALLOWED[rule] else "refused"
    elif whose == "other":
        expected = "hidden"  # another area's data is never shown, not even that it exists
    else:
        expected = "allowed" if role in ALLOWED[rule] else "refused"
    if endpoint in MADE_UP_TOKENS and expected != "sign-in":
        expected = "hidden"  # an unknown token: there is nothing to accept, unlock or join
    assert result == expected, f"{role} on {whose} area: {method} {url_for_place(place)}"


def test_a_refusal_is_written_to_the_audit_trail(migrated_app, matrix_client, world):
    url = f"/actions/{world.own.action_id}/retire"
    request_as(matrix_client, world, "viewer", "GET", url)
    with migrated_app.app_context():
        refusal = (
            db.session.query(AuditEvent).filter_by(event="permission.refused").order_by(AuditEvent.id.desc()).first()
        )
        assert refusal.actor.email == world.users["viewer"]
        assert url in refusal.summary


def test_every_route_declares_who_may_use_it(migrated_app):
    undeclared = [
        endpoint
        for endpoint, view in migrated_app.view_functions.items()
        if endpoint != "static" and not hasattr(view, "permission_rule")
    ]
    assert undeclared == []


def test_every_route_is_in_the_permission_matrix(migrated_app):
    assert set(migrated_app.view_functions) == set(ROUTES)


def test_the_matrix_uses_the_rule_each_route_declares(migrated_app):
    for endpoint, (_, _, rule) in ROUTES.items():
        if endpoint != "static":
            assert migrated_app.view_functions[endpoint].permission_rule == rule, endpoint


def test_the_world_is_there_for_every_test_whatever_ran_before(migrated_app, world):
    with migrated_app.app_context():
        emails = set(db.session.scalars(db.select(User.email)))
        assert set(world.users.values()) <= emails
        assert db.session.get(Action, world.other.action_id) is not None


def test_every_form_refuses_a_post_without_its_csrf_token(migrated_app, matrix_client, world):
    token = csrf_token(matrix_client, "/sign-in")
    signed_in = matrix_client.post(
        "/sign-in", data={"csrf_token": token, "email": world.users["admin"], "password": PASSWORD}
    )
    assert redirect_target(signed_in) == "/"
    with migrated_app.app_context():
        admin = db.session.scalar(db.select(User).filter_by(email=world.users["admin"]))
    assert signed_in_user_id(matrix_client) == admin.id
    with migrated_app.app_context():
        events_before = db.session.query(AuditEvent).count()
    form_routes = [rule.endpoint for rule in migrated_app.url_map.iter_rules() if "POST" in rule.methods]
    assert len(form_routes) > 20
    for endpoint in form_routes:
        response = matrix_client.post(ROUTES[endpoint][1](world.own), data={})
        assert response.status_code == 400, endpoint
        if endpoint.startswith("api."):  # the API answers with problem details; without a token it is a form post
            assert response.get_json()["code"] == "csrf_failed", endpoint
        else:
            assert "Your page expired" in response.get_data(as_text=True), endpoint
    with migrated_app.app_context():
        assert db.session.query(AuditEvent).count() == events_before
