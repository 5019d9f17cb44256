"""Personal access tokens: made, named, scoped, dated and revoked on the account page; shown once, stored hashed,
acting with exactly their owner's roles; creation, use and revocation audited."""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime, timedelta

import pytest
import time_machine

from tests.api_factories import bearer, make_token
from tests.factories import make_inspection, make_user
from tests.pages import hidden_fields, page_outline, post_form, sign_in
from wsoa.api.tokens import TokenError, create_token
from wsoa.extensions import db
from wsoa.members.services import change_role, remove_member
from wsoa.models import ApiToken, AuditEvent, LocalArea, User

TOKEN = re.compile(r'id="new-token">(wsoa_pat_[A-Za-z0-9_-]+)<')


def form_for(expires: date, name: str = "Power BI board pack", scope: str = "read") -> dict:
    return {
        "name": name,
        "scope": scope,
        "expires_on": [str(expires.day), str(expires.month), str(expires.year)],
    }


@pytest.fixture
def manager(app):
    make_inspection(app, "Westmarsh")
    return make_user(app, role="manager", area="Westmarsh", email="manager@westmarsh.example")


def test_a_token_is_shown_once_and_stored_only_as_a_hash(app, client, manager):
    sign_in(client, manager)
    made = post_form(client, "/account/tokens", form_for(date.today() + timedelta(days=90)))
    assert made.status_code == 200
    html = made.get_data(as_text=True)
    token = TOKEN.search(html).group(1)
    assert page_outline(made) == ("API tokens – Track your SEND inspection response", ["API tokens"])
    assert made.headers["Cache-Control"] == "no-store"

    listed = client.get("/account/tokens").get_data(as_text=True)
    assert token not in listed and token[:15] + "…" in listed and "Power BI board pack" in listed
    with app.app_context():
        row = db.session.query(ApiToken).one()
        assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
        assert token not in {str(value) for value in vars(row).values()}
        event = db.session.query(AuditEvent).filter_by(event="api_token.created").one()
        assert event.actor_id == manager.id and "Power BI board pack" in event.summary
        assert token not in event.summary + str(event.changes)
    assert client.get("/api/v1/me", headers=bearer(token)).get_json()["token"]["scope"] == "read"


@pytest.mark.parametrize(
    ("expires", "scope", "name", "error"),
    [
        (timedelta(days=366), "read", "BI", "The token must expire between today and a year from today"),
        (timedelta(days=-1), "read", "BI", "The token must expire between today and a year from today"),
        (timedelta(days=30), "everything", "BI", "Not a valid choice"),
        (timedelta(days=30), "read", "", "Enter a name for the token"),
        (timedelta(days=30), "read", "x" * 101, "The name must be 100 characters or fewer"),
    ],
)
def test_the_form_refuses_what_the_rules_refuse(app, client, manager, expires, scope, name, error):
    sign_in(client, manager)
    response = post_form(client, "/account/tokens", form_for(date.today() + expires, name, scope))
    html = response.get_data(as_text=True)
    assert page_outline(response)[0].startswith("Error: API tokens")
    assert "govuk-error-summary" in html and error in html
    assert TOKEN.search(html) is None
    with app.app_context():
        assert db.session.query(ApiToken).count() == 0


def test_a_token_works_until_the_end_of_its_last_day(app, client, manager):
    with time_machine.travel(datetime(2026, 3, 1, 12, 0), tick=False):
        token = make_token(app, manager.email, days=365)
    with time_machine.travel(datetime(2027, 3, 1, 23, 59), tick=False):
        assert client.get("/api/v1/me", headers=bearer(token)).status_code == 200
    with time_machine.travel(datetime(2027, 3, 2, 0, 1), tick=False):
        assert client.get("/api/v1/me", headers=bearer(token)).status_code == 401


def test_revoking_stops_the_token_and_is_audited(app, client, manager):
    token = make_token(app, manager.email, name="ICB tracker")
    sign_in(client, manager)
    with app.app_context():
        token_id = db.session.query(ApiToken).one().id
    page = client.get("/account/tokens")
    assert "Revoke<span class=\"govuk-visually-hidden\"> ICB tracker</span>" in page.get_data(as_text=True)
    csrf = hidden_fields(client, "/account/tokens")["csrf_token"]
    revoked = client.post(f"/account/tokens/{token_id}/revoke", data={"csrf_token": csrf})
    assert revoked.status_code == 302
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 401
    with app.app_context():
        event = db.session.query(AuditEvent).filter_by(event="api_token.revoked").one()
        assert event.actor_id == manager.id and "ICB tracker" in event.summary
    assert "Revoked" in client.get("/account/tokens").get_data(as_text=True)


def test_nobody_can_revoke_someone_elses_token(app, client, manager):
    make_token(app, manager.email)
    other = make_user(app, role="manager", area="Westmarsh")
    sign_in(client, other)
    with app.app_context():
        token_id = db.session.query(ApiToken).one().id
    csrf = hidden_fields(client, "/account/tokens")["csrf_token"]
    assert client.post(f"/account/tokens/{token_id}/revoke", data={"csrf_token": csrf}).status_code == 404
    with app.app_context():
        assert db.session.query(ApiToken).one().revoked_at is None


def test_use_moves_the_last_used_time_and_the_first_use_each_day_is_audited(app, client, manager):
    token = make_token(app, manager.email)
    with time_machine.travel(datetime(2026, 5, 4, 9, 0), tick=False):
        client.get("/api/v1/me", headers=bearer(token))
    with time_machine.travel(datetime(2026, 5, 4, 15, 30), tick=False):
        client.get("/api/v1/areas", headers=bearer(token))
    with time_machine.travel(datetime(2026, 5, 5, 8, 0), tick=False):
        client.get("/api/v1/areas", headers=bearer(token))
    with app.app_context():
        assert db.session.query(ApiToken).one().last_used_at == datetime(2026, 5, 5, 8, 0)
        used = db.session.query(AuditEvent).filter_by(event="api_token.used").order_by(AuditEvent.id).all()
        assert [(e.actor_id, e.at.date()) for e in used] == [
            (manager.id, date(2026, 5, 4)),
            (manager.id, date(2026, 5, 5)),
        ]


def test_a_token_acts_with_its_owners_roles_as_they_are_now(app, client, manager):
    officer = make_user(app, role="officer", area="Westmarsh", email="officer@westmarsh.example")
    token = make_token(app, officer.email)
    with app.app_context():
        area_id = db.session.query(LocalArea).one().id
    assert client.get(f"/api/v1/areas/{area_id}", headers=bearer(token)).get_json()["your_role"] == "officer"
    with app.app_context():
        change_role(db.session.get(User, manager.id), db.session.get(LocalArea, area_id), officer.id, "viewer")
    assert client.get(f"/api/v1/areas/{area_id}", headers=bearer(token)).get_json()["your_role"] == "viewer"
    with app.app_context():
        remove_member(db.session.get(User, manager.id), db.session.get(LocalArea, area_id), officer.id)
    assert client.get(f"/api/v1/areas/{area_id}", headers=bearer(token)).status_code == 404


def test_the_service_refuses_too_many_live_tokens(app, manager):
    with app.app_context():
        user = db.session.get(User, manager.id)
        today = date.today()
        for number in range(20):
            create_token(user, f"Token {number}", "read", today, today)
        with pytest.raises(TokenError, match="revoke one"):
            create_token(user, "One too many", "read", today, today)
