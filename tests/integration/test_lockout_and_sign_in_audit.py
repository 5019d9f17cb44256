"""Repeated wrong passwords lock the account for a while, counted in the database; sign-ins are audited."""

from datetime import timedelta

import pytest

from tests.factories import make_area, make_user
from tests.member_factories import account_state, audit_events, set_locked_until
from tests.pages import assert_page, csrf_token, post_form, sign_in
from wsoa.models import utcnow
from wsoa.permissions import PUBLIC, SIGNED_IN

WRONG = "not the right password"
LOCKED_MESSAGE = "This account is locked because the password was entered wrongly too many times"


@pytest.fixture
def officer(app):
    return make_user(app, role="officer", area=make_area(app))


def try_password(client, email: str, password: str):
    return post_form(client, "/sign-in", {"email": email, "password": password})


def fail(client, email: str, times: int):
    for _ in range(times):
        try_password(client, email, WRONG)


def is_signed_in(client) -> bool:
    return client.get("/").status_code == 200


def test_four_wrong_passwords_in_a_row_do_not_lock_the_account(app, client, officer):
    fail(client, officer.email, 4)
    assert account_state(app, officer.email).locked_until is None
    assert sign_in(client, officer).status_code == 302


def test_the_fifth_wrong_password_in_a_row_locks_the_account_for_15_minutes(app, client, officer):
    fail(client, officer.email, 4)
    before = utcnow()
    page = assert_page(try_password(client, officer.email, WRONG), "Sign in")
    assert LOCKED_MESSAGE in page
    locked_until = account_state(app, officer.email).locked_until
    assert timedelta(minutes=14) < locked_until - before <= timedelta(minutes=15, seconds=5)


def test_the_right_password_is_refused_while_the_account_is_locked(app, client, officer):
    fail(client, officer.email, 5)
    response = sign_in(client, officer)
    page = assert_page(response, "Sign in")
    assert "<title>Error: Sign in" in page
    assert LOCKED_MESSAGE in page
    assert "Try again later" in page
    assert not is_signed_in(client)


def test_the_lock_holds_in_every_browser_because_it_is_kept_in_the_database(app, officer):
    fail(app.test_client(), officer.email, 5)
    other_browser = app.test_client()
    assert LOCKED_MESSAGE in sign_in(other_browser, officer).get_data(as_text=True)
    assert not is_signed_in(other_browser)


def test_the_account_can_sign_in_again_once_the_lock_has_run_out(app, client, officer):
    fail(client, officer.email, 5)
    set_locked_until(app, officer.email, utcnow() - timedelta(seconds=1))
    assert sign_in(client, officer).status_code == 302
    assert is_signed_in(client)
    state = account_state(app, officer.email)
    assert (state.failed_sign_ins, state.locked_until) == (0, None)


def test_after_a_lock_runs_out_one_more_mistake_does_not_lock_the_account_again(app, client, officer):
    fail(client, officer.email, 5)
    set_locked_until(app, officer.email, utcnow() - timedelta(seconds=1))
    page = try_password(client, officer.email, WRONG).get_data(as_text=True)
    assert "Enter a correct email address and password" in page
    assert account_state(app, officer.email).failed_sign_ins == 1
    assert sign_in(client, officer).status_code == 302


def test_signing_in_resets_the_count_of_wrong_passwords(app, client, officer):
    fail(client, officer.email, 4)
    sign_in(client, officer)
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})
    assert account_state(app, officer.email).failed_sign_ins == 0
    fail(client, officer.email, 4)
    assert sign_in(client, officer).status_code == 302


def test_an_unknown_email_always_gets_the_same_message_as_a_wrong_password(app, client):
    for _ in range(6):
        response = try_password(client, "nobody@example.gov.uk", WRONG)
    page = assert_page(response, "Sign in")
    assert "Enter a correct email address and password" in page
    assert "locked" not in page


def test_the_lockout_threshold_and_length_come_from_the_configuration(app, client, officer, monkeypatch):
    monkeypatch.setitem(app.config, "LOCKOUT_THRESHOLD", 2)
    monkeypatch.setitem(app.config, "LOCKOUT_MINUTES", 60)
    fail(client, officer.email, 1)
    assert account_state(app, officer.email).locked_until is None
    before = utcnow()
    assert "the lock lasts 60 minutes" in try_password(client, officer.email, WRONG).get_data(as_text=True)
    assert account_state(app, officer.email).locked_until - before > timedelta(minutes=59)


def test_signing_in_is_audited(app, client, officer):
    sign_in(client, officer)
    [event] = audit_events(app, "auth.signed_in")
    assert event.actor_id == officer.id
    assert officer.email in event.summary


def test_a_wrong_password_is_audited_against_the_account_naming_the_email(app, client, officer):
    try_password(client, officer.email, WRONG)
    [event] = audit_events(app, "auth.sign_in_failed")
    assert event.actor_id == officer.id
    assert officer.email in event.summary


def test_a_sign_in_with_an_unknown_email_is_audited_with_no_actor(app, client):
    try_password(client, "Nobody@Example.gov.uk", WRONG)
    [event] = audit_events(app, "auth.sign_in_failed")
    assert event.actor_id is None
    assert "nobody@example.gov.uk" in event.summary


def test_locking_an_account_is_audited_once(app, client, officer):
    fail(client, officer.email, 5)
    sign_in(client, officer)
    [event] = audit_events(app, "auth.locked")
    assert event.actor_id == officer.id
    assert officer.email in event.summary
    assert len(audit_events(app, "auth.sign_in_failed")) == 6


def test_signing_out_is_audited(app, client, officer):
    sign_in(client, officer)
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})
    [event] = audit_events(app, "auth.signed_out")
    assert event.actor_id == officer.id


@pytest.mark.parametrize(
    ("endpoint", "rule"),
    [("auth.sign_in", PUBLIC), ("auth.sign_out", SIGNED_IN), ("auth.accept", PUBLIC)],
)
def test_sign_in_pages_declare_who_may_reach_them(app, endpoint, rule):
    assert app.view_functions[endpoint].permission_rule == rule
