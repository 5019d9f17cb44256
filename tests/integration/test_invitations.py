"""A manager invites a new person; the person opens the single-use link emailed to them and sets a password.

The manager is told the link was sent, never shown it: a manager who could open the link could set the
password and sign in as the person they invited.
"""

import hashlib
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.factories import make_area, make_user
from tests.mailbox import Outbox
from tests.member_factories import (
    account_state,
    area_id,
    audit_events,
    invitation_path,
    invitation_rows,
    join_area,
    make_admin_and_sign_in,
    post_from,
    set_invitations_expire_at,
    user_id_for,
)
from tests.pages import assert_page, csrf_token, post_form, redirect_target, signed_in_user_id
from wsoa.models import utcnow

NEW_EMAIL = "new.person@example.gov.uk"
START_PAGE = "/my-actions"  # where signing in takes an officer, which the invitations here make
NEW_PASSWORD = "a long enough new password"
SPENT_HEADING = "This link has expired or has already been used"


# Every test here reads the emails the outbox backend writes.
pytestmark = pytest.mark.usefixtures("outbox")


def emailed_path(app, email: str = NEW_EMAIL) -> str:
    """The newest invitation link emailed to this address (tests here use the outbox fixture)."""
    return urlsplit(Outbox(Path(app.config["OUTBOX_DIR"])).links(email, "/invitations/")[-1]).path


def members_path(app, area_name: str) -> str:
    return f"/areas/{area_id(app, area_name)}/members"


def invite(
    client, app, area_name: str, email: str = NEW_EMAIL, role: str = "officer", name: str = "New Person"
):
    return post_form(
        client, members_path(app, area_name) + "/invite", {"name": name, "email": email, "role": role}
    )


def invited_link(client, app, area_name: str = "Westmarsh", **details) -> str:
    """Invite someone as the signed-in manager, then sign out: the link is opened by the person invited."""
    invite(client, app, area_name, **details)
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})
    return emailed_path(app, details.get("email", NEW_EMAIL))


def reinvite(client, app, user_id: int, **kwargs):
    page = members_path(app, "Westmarsh")
    return post_from(client, page, f"{page}/{user_id}/reinvite", **kwargs)


def set_password(client, path: str, password: str = NEW_PASSWORD, confirm: str | None = None):
    return post_form(
        client, path, {"password": password, "confirm": password if confirm is None else confirm}
    )


def test_inviting_a_new_email_tells_the_manager_a_single_use_link_was_emailed_and_when_it_expires(
    app, client, manager
):
    page = assert_page(invite(client, app, "Westmarsh"), "New Person has been invited")
    assert f"We have emailed the link to {NEW_EMAIL}" in page
    assert "can only be used once" in page
    expires = utcnow() + timedelta(days=7)
    assert f"It expires on {expires.day} {expires:%B %Y}" in page


def test_the_manager_who_invites_someone_is_never_shown_their_link(app, client, manager):
    page = invite(client, app, "Westmarsh").get_data(as_text=True)
    token = emailed_path(app).rsplit("/", 1)[1]
    assert "/invitations/" not in page
    assert token not in page


def test_inviting_a_new_email_makes_an_account_with_no_password_and_a_membership(app, client, manager):
    invite(client, app, "Westmarsh", role="viewer")
    assert account_state(app, NEW_EMAIL).has_password is False
    assert "Invitation sent" in client.get(members_path(app, "Westmarsh")).get_data(as_text=True)


def test_only_a_hash_of_the_token_is_stored(app, client, manager):
    invite(client, app, "Westmarsh")
    token = emailed_path(app).rsplit("/", 1)[1]
    assert len(token) >= 43  # 32 random bytes
    [row] = invitation_rows(app, NEW_EMAIL)
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in row.token_hash


def test_the_invitation_lasts_as_many_days_as_the_configuration_says(app, client, manager, monkeypatch):
    monkeypatch.setitem(app.config, "INVITATION_DAYS", 3)
    invite(client, app, "Westmarsh")
    [row] = invitation_rows(app, NEW_EMAIL)
    assert timedelta(days=2, hours=23) < row.expires_at - utcnow() <= timedelta(days=3)


def test_the_link_asks_the_new_member_to_set_a_password(app, client, manager):
    path = invited_link(client, app)
    page = assert_page(client.get(path), "Set your password")
    assert "invited you to track the SEND inspection response for Westmarsh" in page
    assert NEW_EMAIL in page
    assert 'autocomplete="new-password"' in page
    assert "12 characters or more" in page


def test_setting_a_password_signs_the_new_member_in_and_shows_their_inspections(app, client, manager):
    path = invited_link(client, app)
    response = set_password(client, path)
    assert redirect_target(response) == "/"
    assert signed_in_user_id(client) == user_id_for(app, NEW_EMAIL)
    page = assert_page(client.get("/"), "Inspections")
    assert "Your password is set and you are signed in" in page
    assert account_state(app, NEW_EMAIL).has_password


def test_the_new_password_works_for_signing_in_later(app, client, manager):
    set_password(client, invited_link(client, app))
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})
    response = post_form(client, "/sign-in", {"email": NEW_EMAIL, "password": NEW_PASSWORD})
    assert redirect_target(response) == START_PAGE
    assert signed_in_user_id(client) == user_id_for(app, NEW_EMAIL)


def test_the_link_cannot_be_used_a_second_time(app, client, manager):
    path = invited_link(client, app)
    set_password(client, path)
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})
    page = assert_page(client.get(path), SPENT_HEADING, status=410)
    assert "Ask your manager to send a new one" in page


def test_posting_to_a_used_link_changes_nothing(app, client, manager):
    path = invited_link(client, app)
    token = csrf_token(client, path)
    set_password(client, path)
    response = client.post(
        path,
        data={
            "csrf_token": token,
            "password": "another password entirely",
            "confirm": "another password entirely",
        },
    )
    assert_page(response, SPENT_HEADING, status=410)
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})
    assert redirect_target(post_form(client, "/sign-in", {"email": NEW_EMAIL, "password": NEW_PASSWORD})) == START_PAGE
    assert signed_in_user_id(client) == user_id_for(app, NEW_EMAIL)


def test_an_expired_link_is_refused(app, client, manager):
    path = invited_link(client, app)
    set_invitations_expire_at(app, NEW_EMAIL, utcnow() - timedelta(minutes=1))
    page = assert_page(client.get(path), SPENT_HEADING, status=410)
    assert "Ask your manager to send a new one" in page
    assert account_state(app, NEW_EMAIL).has_password is False


def test_an_unknown_link_is_not_found(client):
    assert_page(client.get("/invitations/not-a-real-token"), SPENT_HEADING, status=404)


def test_a_password_that_is_too_short_sets_nothing_and_says_why(app, client, manager):
    path = invited_link(client, app)
    response = set_password(client, path, password="too short")
    page = assert_page(response, "Set your password")
    assert "<title>Error: Set your password" in page
    assert "There is a problem" in page
    assert "Password must be 12 characters or more" in page
    assert "too short" not in page  # passwords are never sent back
    assert account_state(app, NEW_EMAIL).has_password is False
    assert [row.used_at for row in invitation_rows(app, NEW_EMAIL)] == [None]
    assert redirect_target(set_password(client, path)) == "/"  # the link still works
    assert signed_in_user_id(client) == user_id_for(app, NEW_EMAIL)


def test_passwords_that_do_not_match_are_refused(app, client, manager):
    path = invited_link(client, app)
    page = assert_page(set_password(client, path, confirm="a different long password"), "Set your password")
    assert "The passwords do not match" in page
    assert account_state(app, NEW_EMAIL).has_password is False


def test_an_empty_form_asks_for_both_passwords(app, client, manager):
    path = invited_link(client, app)
    page = assert_page(set_password(client, path, password="", confirm=""), "Set your password")
    assert "Enter a password" in page
    assert "Enter your password again to confirm it" in page


def test_accepting_an_invitation_is_audited_against_the_area(app, client, manager):
    set_password(client, invited_link(client, app))
    [event] = audit_events(app, "auth.invitation_accepted")
    assert event.actor_id == user_id_for(app, NEW_EMAIL)
    assert event.local_area_id == area_id(app, "Westmarsh")


def test_a_member_waiting_to_set_a_password_cannot_sign_in(app, client, manager):
    invited_link(client, app)
    response = post_form(client, "/sign-in", {"email": NEW_EMAIL, "password": ""})
    assert "Enter your password" in response.get_data(as_text=True)
    response = post_form(client, "/sign-in", {"email": NEW_EMAIL, "password": "anything at all here"})
    assert "Enter a correct email address and password" in response.get_data(as_text=True)


def test_a_new_link_replaces_the_old_one(app, client, manager):
    invite(client, app, "Westmarsh")
    old_path = emailed_path(app)
    new_id = user_id_for(app, NEW_EMAIL)
    response = reinvite(client, app, new_id)
    page = assert_page(response, "New link for New Person")
    assert "Links sent to them before no longer work" in page
    new_path = emailed_path(app)
    assert new_path != old_path
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})
    assert client.get(old_path).status_code == 410
    assert redirect_target(set_password(client, new_path)) == "/"
    assert signed_in_user_id(client) == user_id_for(app, NEW_EMAIL)


def test_an_expired_invitation_shows_on_the_members_page_with_a_button_for_a_new_link(app, client, manager):
    invite(client, app, "Westmarsh")
    set_invitations_expire_at(app, NEW_EMAIL, utcnow() - timedelta(minutes=1))
    page = client.get(members_path(app, "Westmarsh")).get_data(as_text=True)
    assert "Invitation expired" in page
    assert "Send a new link" in page


def test_sending_a_new_link_is_audited(app, client, manager):
    invite(client, app, "Westmarsh")
    reinvite(client, app, user_id_for(app, NEW_EMAIL))
    [event] = audit_events(app, "member.reinvited")
    assert (event.actor_id, event.local_area_id) == (manager.id, area_id(app, "Westmarsh"))


def test_someone_who_has_set_their_password_is_not_sent_a_new_link(app, client, manager):
    member = make_user(app, role="officer", area="Westmarsh")
    response = reinvite(client, app, member.id, follow_redirects=True)
    page = assert_page(response, "Members of Westmarsh")
    assert "has already set their password" in page
    assert invitation_rows(app, member.email) == []


def test_removing_a_member_stops_their_link_working(app, client, manager):
    invite(client, app, "Westmarsh")
    path = emailed_path(app)
    post_form(client, f"{members_path(app, 'Westmarsh')}/{user_id_for(app, NEW_EMAIL)}/remove", {})
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})
    assert client.get(path).status_code == 410


def test_once_a_password_is_set_links_from_other_areas_stop_working(app, client, manager):
    make_area(app, "Eastbury")
    join_area(app, manager, "Eastbury", "manager")
    invite(client, app, "Westmarsh")
    first = emailed_path(app)
    invite(client, app, "Eastbury")
    second = emailed_path(app)
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})
    set_password(client, first)
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})
    assert client.get(second).status_code == 410


def test_the_invitation_link_is_emailed_to_the_new_member(app, client, manager, outbox):
    invite(client, app, "Westmarsh")
    [message] = outbox.messages(NEW_EMAIL)
    assert message["Subject"].startswith("You have been invited")
    [link] = outbox.links(NEW_EMAIL, "/invitations/")
    assert link.startswith("https://wsoa.test/invitations/")


def test_the_emailed_link_uses_the_services_address_whatever_host_the_request_named(app, client, manager, outbox):
    path = members_path(app, "Westmarsh") + "/invite"
    data = {"csrf_token": csrf_token(client, path), "name": "New Person", "email": NEW_EMAIL, "role": "officer"}
    # The browser (or a proxy that passes the Host header on) names another host; its cookie goes too.
    client.set_cookie("session", client.get_cookie("session").value, domain="evil.example")
    assert client.post(path, data=data, base_url="http://evil.example").status_code == 200
    [link] = outbox.links(NEW_EMAIL, "/invitations/")
    assert link.startswith("https://wsoa.test/invitations/")
    assert "evil.example" not in outbox.messages(NEW_EMAIL)[0].as_string()


def test_when_email_is_not_set_up_a_manager_is_told_to_ask_a_site_administrator(app, client, manager, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "")
    page = assert_page(invite(client, app, "Westmarsh"), "New Person has been invited")
    assert f"We could not email {NEW_EMAIL} their link" in page
    assert "Ask a site administrator to send them a new link" in page
    assert "/invitations/" not in page


def test_when_the_email_fails_a_manager_is_not_shown_the_link_either(app, client, manager, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "smtp")
    monkeypatch.setitem(app.config, "MAIL_PORT", 9)  # nothing listens there
    page = invite(client, app, "Westmarsh").get_data(as_text=True)
    assert "We could not email" in page
    assert "/invitations/" not in page


def test_when_email_is_not_set_up_a_site_administrator_is_shown_the_link_to_pass_on(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "")
    make_area(app, "Westmarsh")
    make_admin_and_sign_in(app, client)
    page = invite(client, app, "Westmarsh").get_data(as_text=True)
    assert "We could not email the link, so copy it" in page
    assert invitation_path(page).startswith("/invitations/")
    assert redirect_target(set_password(client, invitation_path(page))) == "/"
    assert signed_in_user_id(client) == user_id_for(app, NEW_EMAIL)


def test_setting_a_password_ends_every_session_the_account_had_before(app, client, manager):
    path = invited_link(client, app)
    earlier = app.test_client()
    with earlier.session_transaction() as session:
        session["_user_id"] = f"{user_id_for(app, NEW_EMAIL)}:0"  # a session from before, however it came about
    assert earlier.get("/").status_code == 200
    set_password(client, path)
    assert redirect_target(earlier.get("/")) == "/sign-in?next=%2F"
