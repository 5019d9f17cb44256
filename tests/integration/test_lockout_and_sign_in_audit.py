"""Repeated wrong passwords lock the account for a while, counted in the database; sign-ins are audited.

A locked account, a wrong password and an unknown email all get the same page, so the sign-in page
never tells a stranger whether an account exists. The owner of a locked account is emailed a link to
unlock it, and a site administrator can unlock it too.
"""

import hashlib
import os
import re
import threading
import time
from datetime import timedelta

import pytest

from tests.factories import make_area, make_user
from tests.member_factories import account_state, audit_events, make_admin_and_sign_in, post_from, set_locked_until
from tests.pages import assert_page, csrf_token, post_form, redirect_target, sign_in, signed_in_user_id
from wsoa.auth import services as auth_services
from wsoa.extensions import db
from wsoa.models import LocalArea, UnlockLink, User, utcnow
from wsoa.permissions import PUBLIC, SIGNED_IN

WRONG = "not the right password"
REFUSED_MESSAGE = "Enter a correct email address and password"
LOCK_EXPLAINED = "After 5 wrong passwords in a row an account is locked for 15 minutes"
postgres = bool(os.environ.get("DATABASE_URL"))


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
    assert redirect_target(sign_in(client, officer)) == "/my-actions"
    assert signed_in_user_id(client) == officer.id


def test_the_fifth_wrong_password_in_a_row_locks_the_account_for_15_minutes(app, client, officer):
    fail(client, officer.email, 4)
    before = utcnow()
    try_password(client, officer.email, WRONG)
    locked_until = account_state(app, officer.email).locked_until
    assert timedelta(minutes=14) < locked_until - before <= timedelta(minutes=15, seconds=5)


def test_the_right_password_is_refused_while_the_account_is_locked(app, client, officer):
    fail(client, officer.email, 5)
    response = sign_in(client, officer)
    page = assert_page(response, "Sign in")
    assert "<title>Error: Sign in" in page
    assert REFUSED_MESSAGE in page
    assert not is_signed_in(client)


def test_the_lock_holds_in_every_browser_because_it_is_kept_in_the_database(app, officer):
    fail(app.test_client(), officer.email, 5)
    other_browser = app.test_client()
    sign_in(other_browser, officer)
    assert not is_signed_in(other_browser)


def test_every_failed_sign_in_explains_the_lock_without_saying_whether_the_account_exists(app, client, officer):
    page = assert_page(try_password(client, "nobody@example.gov.uk", WRONG), "Sign in")
    assert REFUSED_MESSAGE in page
    assert LOCK_EXPLAINED in page


def _what_the_page_says(response, email: str) -> str:
    """The page with what differs between any two requests (tokens, nonces, the typed email) taken out."""
    page = response.get_data(as_text=True).replace(email, "EMAIL")
    page = re.sub(r'name="csrf_token"[^>]*value="[^"]*"', "", page)
    return re.sub(r'nonce="[^"]*"', "", page)


def test_a_locked_account_gets_the_same_page_as_an_email_with_no_account(app, client, officer):
    fail(client, officer.email, 5)
    locked = try_password(client, officer.email, officer.password)
    for _ in range(6):
        unknown = try_password(client, "nobody@example.gov.uk", WRONG)
    assert (locked.status_code, unknown.status_code) == (200, 200)
    assert _what_the_page_says(locked, officer.email) == _what_the_page_says(unknown, "nobody@example.gov.uk")


def test_no_password_is_checked_while_the_account_is_locked(app, client, officer, monkeypatch):
    fail(client, officer.email, 5)
    checked = []
    real_verify = auth_services.verify_password

    def counting_verify(password_hash, password):
        if password_hash is not None:  # a check against a dummy hash only spends the same time
            checked.append(password)
        return real_verify(password_hash, password)

    monkeypatch.setattr(auth_services, "verify_password", counting_verify)
    sign_in(client, officer)
    assert checked == []


def test_the_account_can_sign_in_again_once_the_lock_has_run_out(app, client, officer):
    fail(client, officer.email, 5)
    set_locked_until(app, officer.email, utcnow() - timedelta(seconds=1))
    assert redirect_target(sign_in(client, officer)) == "/my-actions"
    assert signed_in_user_id(client) == officer.id
    assert is_signed_in(client)
    state = account_state(app, officer.email)
    assert (state.failed_sign_ins, state.locked_until) == (0, None)


def test_after_a_lock_runs_out_one_more_mistake_does_not_lock_the_account_again(app, client, officer):
    fail(client, officer.email, 5)
    set_locked_until(app, officer.email, utcnow() - timedelta(seconds=1))
    page = try_password(client, officer.email, WRONG).get_data(as_text=True)
    assert "Enter a correct email address and password" in page
    assert account_state(app, officer.email).failed_sign_ins == 1
    assert redirect_target(sign_in(client, officer)) == "/my-actions"
    assert signed_in_user_id(client) == officer.id


def test_signing_in_resets_the_count_of_wrong_passwords(app, client, officer):
    fail(client, officer.email, 4)
    sign_in(client, officer)
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})
    assert account_state(app, officer.email).failed_sign_ins == 0
    fail(client, officer.email, 4)
    assert redirect_target(sign_in(client, officer)) == "/my-actions"
    assert signed_in_user_id(client) == officer.id


def test_an_unknown_email_always_gets_the_same_message_as_a_wrong_password(app, client):
    for _ in range(6):
        response = try_password(client, "nobody@example.gov.uk", WRONG)
    page = assert_page(response, "Sign in")
    assert REFUSED_MESSAGE in page


def test_the_lockout_threshold_and_length_come_from_the_configuration(app, client, officer, monkeypatch):
    monkeypatch.setitem(app.config, "LOCKOUT_THRESHOLD", 2)
    monkeypatch.setitem(app.config, "LOCKOUT_MINUTES", 60)
    fail(client, officer.email, 1)
    assert account_state(app, officer.email).locked_until is None
    before = utcnow()
    page = try_password(client, officer.email, WRONG).get_data(as_text=True)
    assert "After 2 wrong passwords in a row an account is locked for 60 minutes" in page
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
    [("auth.sign_in", PUBLIC), ("auth.sign_out", SIGNED_IN), ("auth.accept", PUBLIC), ("auth.unlock", PUBLIC)],
)
def test_sign_in_pages_declare_who_may_reach_them(app, endpoint, rule):
    assert app.view_functions[endpoint].permission_rule == rule


# -- Sign-ins arriving at once ------------------------------------------------------------------------


@pytest.mark.skipif(not postgres, reason="needs PostgreSQL: SQLite serialises every writer, so there is no race")
def test_thirty_sign_ins_at_once_check_no_more_passwords_than_the_lockout_threshold(app, officer, monkeypatch):
    checked = []
    real_verify = auth_services.verify_password

    def slow_counting_verify(password_hash, password):
        if password_hash is not None:
            checked.append(password)
            time.sleep(0.05)  # a real argon2 check takes this long: time for the others to arrive
        return real_verify(password_hash, password)

    monkeypatch.setattr(auth_services, "verify_password", slow_counting_verify)
    attempts = 30
    barrier = threading.Barrier(attempts)
    errors = []

    def guess(number: int):
        try:
            browser = app.test_client()
            token = csrf_token(browser, "/sign-in")
            barrier.wait()
            data = {"csrf_token": token, "email": officer.email, "password": f"guess number {number}"}
            assert browser.post("/sign-in", data=data).status_code == 200
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=guess, args=(number,)) for number in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert 1 <= len(checked) <= 5
    assert account_state(app, officer.email).locked_until is not None


# -- Unlocking ------------------------------------------------------------------------------------------


def unlock_path(outbox, email: str) -> str:
    return outbox.path(email, "/unlock/")


def test_locking_an_account_emails_its_owner_a_link_to_unlock_it(app, client, officer, outbox):
    fail(client, officer.email, 5)
    [message] = outbox.messages(officer.email)
    assert message["Subject"] == "Your Track your SEND inspection response account is locked"
    assert unlock_path(outbox, officer.email).startswith("/unlock/")


def test_the_unlock_link_is_sent_once_per_lock(app, client, officer, outbox):
    fail(client, officer.email, 8)
    assert len(outbox.messages(officer.email)) == 1


def test_an_unknown_email_is_sent_nothing(app, client, outbox):
    fail(client, "nobody@example.gov.uk", 6)
    assert outbox.messages() == []


def test_opening_the_unlock_link_asks_before_unlocking(app, client, officer, outbox):
    fail(client, officer.email, 5)
    page = assert_page(client.get(unlock_path(outbox, officer.email)), "Unlock your account")
    assert officer.email in page
    assert account_state(app, officer.email).locked_until is not None


def test_the_unlock_button_unlocks_the_account_at_once(app, client, officer, outbox):
    fail(client, officer.email, 5)
    response = post_form(client, unlock_path(outbox, officer.email), {})
    assert response.headers["Location"] == "/sign-in"
    assert "Your account is unlocked" in client.get("/sign-in").get_data(as_text=True)
    assert redirect_target(sign_in(client, officer)) == "/my-actions"
    assert signed_in_user_id(client) == officer.id
    assert is_signed_in(client)


def test_the_unlock_link_works_once(app, client, officer, outbox):
    fail(client, officer.email, 5)
    path = unlock_path(outbox, officer.email)
    post_form(client, path, {})
    assert_page(client.get(path), "This link has expired or has already been used", status=404)


def test_an_expired_unlock_link_unlocks_nothing(app, client, officer, outbox):
    fail(client, officer.email, 5)
    with app.app_context():
        for link in db.session.query(UnlockLink):
            link.expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    response = client.get(unlock_path(outbox, officer.email))
    assert response.status_code == 404
    assert account_state(app, officer.email).locked_until is not None


def test_only_a_hash_of_the_unlock_token_is_stored(app, client, officer, outbox):
    fail(client, officer.email, 5)
    token = unlock_path(outbox, officer.email).rsplit("/", 1)[1]
    assert len(token) >= 43  # 32 random bytes
    with app.app_context():
        [stored] = db.session.query(UnlockLink.token_hash).all()
    assert stored[0] == hashlib.sha256(token.encode()).hexdigest()


def test_signing_in_after_the_lock_runs_out_stops_the_unlock_link_working(app, client, officer, outbox):
    fail(client, officer.email, 5)
    set_locked_until(app, officer.email, utcnow() - timedelta(seconds=1))
    sign_in(client, officer)
    assert client.get(unlock_path(outbox, officer.email)).status_code == 404


def test_unlocking_with_the_link_is_audited(app, client, officer, outbox):
    fail(client, officer.email, 5)
    post_form(client, unlock_path(outbox, officer.email), {})
    [event] = audit_events(app, "auth.unlocked")
    assert event.actor_id == officer.id


def test_a_made_up_unlock_link_is_not_found(client):
    assert_page(client.get("/unlock/not-a-real-token"), "This link has expired or has already been used", status=404)


# -- A site administrator unlocks -------------------------------------------------------------------------


@pytest.fixture
def locked_officer(app, officer):
    fail(app.test_client(), officer.email, 5)
    return officer


def area_of(app, user) -> LocalArea:
    with app.app_context():
        area = db.session.get(User, user.id).memberships[0].local_area
        db.session.expunge(area)
        return area


def members_page(app, user) -> str:
    return f"/areas/{area_of(app, user).id}/members"


def test_the_members_page_shows_a_locked_account(app, client, locked_officer):
    make_admin_and_sign_in(app, client)
    page = client.get(members_page(app, locked_officer)).get_data(as_text=True)
    assert "Locked" in page


def test_a_site_administrator_unlocks_an_account_from_the_members_page(app, client, locked_officer):
    make_admin_and_sign_in(app, client)
    page = members_page(app, locked_officer)
    response = post_from(client, page, f"{page}/{locked_officer.id}/unlock", follow_redirects=True)
    assert "Test Person&#39;s account is unlocked" in response.get_data(as_text=True)
    assert account_state(app, locked_officer.email).locked_until is None
    browser = app.test_client()
    assert redirect_target(sign_in(browser, locked_officer)) == "/my-actions"
    assert signed_in_user_id(browser) == locked_officer.id


def test_a_manager_is_not_offered_the_unlock_button_and_cannot_unlock(app, client, locked_officer):
    sign_in(client, make_user(app, role="manager", area=area_of(app, locked_officer).name))
    page = members_page(app, locked_officer)
    assert "/unlock" not in client.get(page).get_data(as_text=True)
    assert post_from(client, page, f"{page}/{locked_officer.id}/unlock").status_code == 403
    assert account_state(app, locked_officer.email).locked_until is not None


def test_unlocking_by_a_site_administrator_is_audited(app, client, locked_officer):
    admin = make_admin_and_sign_in(app, client)
    page = members_page(app, locked_officer)
    post_from(client, page, f"{page}/{locked_officer.id}/unlock")
    [event] = audit_events(app, "auth.unlocked_by_admin")
    assert event.actor_id == admin.id
    assert locked_officer.email in event.summary


def test_the_unlock_link_uses_the_services_address_whatever_host_the_request_named(app, officer, outbox):
    browser = app.test_client()
    for _ in range(5):
        data = {"csrf_token": csrf_token(browser, "/sign-in"), "email": officer.email, "password": WRONG}
        browser.set_cookie("session", browser.get_cookie("session").value, domain="evil.example")
        browser.post("/sign-in", data=data, base_url="http://evil.example")
    [link] = outbox.links(officer.email, "/unlock/")
    assert link.startswith("https://wsoa.test/unlock/")
