"""Someone who already has an account joins another area only when they confirm, by a link emailed to them.

The outside probe's attack: the manager of one area invites a person, opens the link shown on their own
screen and sets the person's password; when a second area later invites the same address, the account
is simply added, and the first manager signs in as a member of the second area. Two defences, each tested
on its own below: links go only to the invited person's email, and an account that has a password joins
another area only once its owner confirms.
"""

import re
from datetime import timedelta
from urllib.parse import quote, urlsplit

import pytest

from tests.factories import make_area, make_inspection, make_user
from tests.member_factories import area_id, audit_events, make_admin_and_sign_in, role_of
from tests.pages import assert_page, csrf_token, post_form, redirect_target, sign_in
from wsoa.extensions import db
from wsoa.models import PendingMembership, utcnow

PERSON = "x.person@example.gov.uk"
ATTACKER_PASSWORD = "chosen by the first manager"
SPENT_HEADING = "This link has expired or has already been used"


@pytest.fixture
def eastbury(app):
    """Eastbury, with an inspection to look at."""
    return make_inspection(app, "Eastbury")


@pytest.fixture
def eastbury_manager(app, eastbury):
    return make_user(app, role="manager", area="Eastbury", email="manager@eastbury.example")


@pytest.fixture
def person(app):
    """Someone who already has an account and a password, in Westmarsh."""
    make_area(app, "Westmarsh")
    return make_user(app, role="officer", area="Westmarsh", email=PERSON)


def invite(client, app, area_name: str, email: str = PERSON, role: str = "manager"):
    path = f"/areas/{area_id(app, area_name)}/members/invite"
    return post_form(client, path, {"name": "X Person", "email": email, "role": role})


def sign_out(client):
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})


def join_path(outbox, email: str = PERSON) -> str:
    return urlsplit(outbox.links(email, "/join/")[-1]).path


def asked_by_eastbury(client, app, eastbury_manager) -> None:
    sign_in(client, eastbury_manager)
    invite(client, app, "Eastbury")
    sign_out(client)


def test_a_manager_cannot_claim_someone_they_invite_and_so_get_into_another_area(app, client, outbox, eastbury):
    make_area(app, "Westmarsh")
    first_manager = make_user(app, role="manager", area="Westmarsh")
    eastbury_manager = make_user(app, role="manager", area="Eastbury")
    # The manager of Westmarsh invites X and uses any link the service shows them to set X's password.
    sign_in(client, first_manager)
    page = invite(client, app, "Westmarsh", role="viewer").get_data(as_text=True)
    for path in {urlsplit(url).path for url in _links(page, "/invitations/")}:
        post_form(client, path, {"password": ATTACKER_PASSWORD, "confirm": ATTACKER_PASSWORD})
    sign_out(client)
    # Eastbury's manager invites the same address.
    asked_by_eastbury(client, app, eastbury_manager)
    # The first manager tries to sign in as X and open Eastbury's inspection.
    post_form(client, "/sign-in", {"email": PERSON, "password": ATTACKER_PASSWORD})
    assert client.get(f"/inspections/{eastbury.id}").status_code in (302, 404)


def _links(page: str, containing: str) -> list[str]:
    return [url for url in re.findall(r"https?://[^\s<>\"]+", page) if containing in url]


def test_an_account_someone_else_knows_the_password_of_does_not_get_into_another_area_without_its_owner(
    app, client, outbox, person, eastbury, eastbury_manager
):
    """Had the first manager claimed X's account some other way, Eastbury's invitation still gives them nothing:
    the confirmation goes to X's mailbox, which they do not have."""
    asked_by_eastbury(client, app, eastbury_manager)
    sign_in(client, person)
    assert client.get(f"/inspections/{eastbury.id}").status_code == 404
    assert role_of(app, PERSON, "Eastbury") is None


def test_the_person_asked_is_emailed_a_link_to_confirm(app, client, outbox, person, eastbury_manager):
    asked_by_eastbury(client, app, eastbury_manager)
    [message] = outbox.messages(PERSON)
    assert message["Subject"] == "Confirm you want to join Eastbury on Track your SEND inspection response"
    assert outbox.links(PERSON, "/join/")[0].startswith("https://wsoa.test/join/")


def test_the_manager_who_asks_is_not_shown_the_link(app, client, outbox, person, eastbury_manager):
    sign_in(client, eastbury_manager)
    page = invite(client, app, "Eastbury").get_data(as_text=True)
    assert f"We have emailed {PERSON} a link to confirm" in page
    assert join_path(outbox) not in page


def test_the_link_asks_the_person_before_they_join(app, client, outbox, person, eastbury_manager):
    asked_by_eastbury(client, app, eastbury_manager)
    sign_in(client, person)
    page = assert_page(client.get(join_path(outbox)), "Join Eastbury")
    assert "has asked you to join Eastbury as a manager" in page
    assert role_of(app, PERSON, "Eastbury") is None


def test_pressing_join_makes_them_a_member_with_the_role_they_were_offered(
    app, client, outbox, person, eastbury, eastbury_manager
):
    asked_by_eastbury(client, app, eastbury_manager)
    sign_in(client, person)
    response = post_form(client, join_path(outbox), {})
    assert response.headers["Location"] == "/"
    assert "You are now a manager in Eastbury" in client.get("/").get_data(as_text=True)
    assert role_of(app, PERSON, "Eastbury") == "manager"
    assert client.get(f"/inspections/{eastbury.id}").status_code == 200


def test_the_link_needs_the_person_to_sign_in(app, client, outbox, person, eastbury_manager):
    asked_by_eastbury(client, app, eastbury_manager)
    response = client.get(join_path(outbox))
    assert redirect_target(response) == "/sign-in?next=" + quote(join_path(outbox), safe="")


def test_the_link_is_not_found_for_anyone_but_the_person_asked(app, client, outbox, person, eastbury_manager):
    asked_by_eastbury(client, app, eastbury_manager)
    someone_else = make_user(app, role="viewer", area="Westmarsh")
    sign_in(client, someone_else)
    path = join_path(outbox)
    assert_page(client.get(path), SPENT_HEADING, status=404)
    assert post_form_status(client, path) == 404
    assert role_of(app, someone_else.email, "Eastbury") is None


def post_form_status(client, path: str) -> int:
    return client.post(path, data={"csrf_token": csrf_token(client, "/")}).status_code


def test_the_link_works_once(app, client, outbox, person, eastbury_manager):
    asked_by_eastbury(client, app, eastbury_manager)
    sign_in(client, person)
    path = join_path(outbox)
    post_form(client, path, {})
    assert client.get(path).status_code == 404


def test_an_expired_link_adds_nobody(app, client, outbox, person, eastbury_manager):
    asked_by_eastbury(client, app, eastbury_manager)
    with app.app_context():
        for request in db.session.query(PendingMembership):
            request.expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    sign_in(client, person)
    assert client.get(join_path(outbox)).status_code == 404
    assert role_of(app, PERSON, "Eastbury") is None


def test_asking_again_replaces_the_earlier_link(app, client, outbox, person, eastbury_manager):
    asked_by_eastbury(client, app, eastbury_manager)
    first = join_path(outbox)
    asked_by_eastbury(client, app, eastbury_manager)
    sign_in(client, person)
    assert client.get(first).status_code == 404
    assert client.get(join_path(outbox)).status_code == 200


def test_joining_is_audited_against_the_area(app, client, outbox, person, eastbury_manager):
    asked_by_eastbury(client, app, eastbury_manager)
    sign_in(client, person)
    post_form(client, join_path(outbox), {})
    [event] = audit_events(app, "member.joined")
    assert (event.actor_id, event.local_area_id) == (person.id, area_id(app, "Eastbury"))
    assert event.changes == {"role": [None, "manager"]}


def test_when_email_is_not_set_up_a_manager_is_not_shown_the_link(
    app, client, person, eastbury_manager, monkeypatch
):
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "")
    sign_in(client, eastbury_manager)
    page = invite(client, app, "Eastbury").get_data(as_text=True)
    assert f"We could not email {PERSON} the link to confirm" in page
    assert "/join/" not in page


def test_when_email_is_not_set_up_a_site_administrator_is_shown_the_link(
    app, client, person, eastbury, monkeypatch
):
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "")
    make_admin_and_sign_in(app, client)
    page = invite(client, app, "Eastbury").get_data(as_text=True)
    [link] = _links(page, "/join/")
    assert link.startswith("https://wsoa.test/join/")
