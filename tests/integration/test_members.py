"""A manager sees who belongs to their area, invites people, changes roles and removes members."""

import re
from urllib.parse import quote

import pytest

from tests.factories import make_area, make_user
from tests.member_factories import (
    area_id,
    audit_events,
    invitation_rows,
    join_area,
    make_pending_member,
    post_from,
    role_of,
    user_exists,
    user_id_for,
)
from tests.pages import assert_page, csrf_token, post_form, redirect_target, sign_in
from wsoa.permissions import AREA_MANAGER


def members(app, area_name: str = "Westmarsh") -> str:
    return f"/areas/{area_id(app, area_name)}/members"


def invite(client, app, **fields):
    data = {"name": "Sam Jones", "email": "sam.jones@example.gov.uk", "role": "officer", **fields}
    return post_form(client, members(app) + "/invite", data)


def checked_role(page: str) -> str | None:
    match = re.search(r'<input[^>]*value="(\w+)"[^>]*checked', page) or re.search(
        r'<input[^>]*checked[^>]*value="(\w+)"', page
    )
    return match.group(1) if match else None


# -- The list of members --------------------------------------------------------------------


def test_the_members_page_lists_each_member_with_their_role_and_status(app, client, manager):
    make_user(app, role="viewer", area="Westmarsh", email="viewer@example.gov.uk")
    make_pending_member(app, "Westmarsh", role="officer", name="Pat Pending")
    page = assert_page(client.get(members(app)), "Members of Westmarsh")
    assert "manager@example.gov.uk" in page
    assert "viewer@example.gov.uk" in page
    assert "Pat Pending" in page
    assert page.count("Active") == 2
    assert "Invitation expired" in page  # added with no password and no live link
    for role in ("Manager", "Viewer", "Officer"):
        assert f'<td class="govuk-table__cell">{role}</td>' in page


def test_members_of_other_areas_are_not_listed(app, client, manager):
    make_area(app, "Eastbury")
    make_user(app, role="officer", area="Eastbury", email="elsewhere@example.gov.uk")
    assert "elsewhere@example.gov.uk" not in client.get(members(app)).get_data(as_text=True)


def test_each_change_link_names_the_member_for_screen_reader_users(app, client, manager):
    page = client.get(members(app)).get_data(as_text=True)
    assert 'Change role<span class="govuk-visually-hidden"> for Test Person</span>' in page


# -- Who may reach the pages ----------------------------------------------------------------

MEMBER_PAGES = ["", "/invite", "/{member}/role", "/{member}/remove"]


@pytest.mark.parametrize("role", ["viewer", "officer"])
@pytest.mark.parametrize("page", MEMBER_PAGES)
def test_viewers_and_officers_of_the_area_may_not_manage_its_members(app, client, area, role, page):
    member = make_user(app, role=role, area=area)
    sign_in(client, member)
    path = members(app) + page.format(member=member.id)
    assert_page(client.get(path), "You cannot do this", status=403)


@pytest.mark.parametrize("role", ["viewer", "officer"])
def test_viewers_and_officers_cannot_send_a_new_link(app, client, area, role):
    pending = make_pending_member(app, area)
    sign_in(client, make_user(app, role=role, area=area))
    response = client.post(f"{members(app)}/{pending.id}/reinvite", data={"csrf_token": csrf_token(client, "/")})
    assert response.status_code == 403
    assert invitation_rows(app, pending.email) == []


@pytest.mark.parametrize("page", MEMBER_PAGES)
def test_a_manager_of_another_area_is_told_the_area_does_not_exist(app, client, area, page):
    member = make_user(app, role="officer", area=area)
    sign_in(client, make_user(app, role="manager", area=make_area(app, "Eastbury")))
    path = members(app) + page.format(member=member.id)
    assert_page(client.get(path), "Page not found", status=404)


def test_a_manager_of_another_area_cannot_post_changes_to_it(app, client, area):
    member = make_user(app, role="officer", area=area)
    sign_in(client, make_user(app, role="manager", area=make_area(app, "Eastbury")))
    token = csrf_token(client, "/")
    response = client.post(f"{members(app)}/{member.id}/role", data={"csrf_token": token, "role": "manager"})
    assert response.status_code == 404
    assert role_of(app, member.email, "Westmarsh") == "officer"


def test_an_area_that_does_not_exist_is_not_found(client, manager):
    assert_page(client.get("/areas/999/members"), "Page not found", status=404)


def test_a_person_who_is_not_a_member_of_the_area_is_not_found(app, client, manager):
    outsider = make_user(app, role="officer", area=make_area(app, "Eastbury"))
    for path in (f"{members(app)}/{outsider.id}/role", f"{members(app)}/{outsider.id}/remove"):
        assert client.get(path).status_code == 404


def test_the_pages_need_a_signed_in_user(app, client, area):
    response = client.get(members(app))
    assert redirect_target(response) == "/sign-in?next=" + quote(members(app), safe="")
    assert response.headers["Location"].startswith("/sign-in?next=")


def test_a_site_administrator_may_manage_any_area(app, client, area):
    sign_in(client, make_user(app, role="admin"))
    assert_page(client.get(members(app)), "Members of Westmarsh")
    assert invite(client, app).status_code == 200
    assert role_of(app, "sam.jones@example.gov.uk", "Westmarsh") == "officer"


@pytest.mark.parametrize("endpoint", ["index", "invite", "role", "remove", "reinvite"])
def test_every_members_page_declares_it_is_for_the_areas_managers(app, endpoint):
    assert app.view_functions[f"members.{endpoint}"].permission_rule == AREA_MANAGER


# -- Inviting -------------------------------------------------------------------------------


def test_the_invite_page_asks_for_name_email_and_role(app, client, manager):
    page = assert_page(client.get(members(app) + "/invite"), "Invite someone to Westmarsh")
    for label in ("Full name", "Email address", "Role", "Viewer", "Officer", "Manager"):
        assert label in page
    assert "Can post progress updates and add evidence on the actions they lead" in page


def test_inviting_a_new_email_is_audited_against_the_area(app, client, manager):
    invite(client, app, email="Sam.Jones@Example.gov.uk ")
    [event] = audit_events(app, "member.invited")
    assert (event.actor_id, event.local_area_id) == (manager.id, area_id(app, "Westmarsh"))
    assert "sam.jones@example.gov.uk" in event.summary
    assert event.changes == {"role": [None, "officer"]}


def test_inviting_someone_who_already_has_an_account_asks_them_to_confirm_and_adds_them_only_then(
    app, client, manager
):
    make_area(app, "Eastbury")
    existing = make_user(app, role="viewer", area="Eastbury", email="existing@example.gov.uk")
    page = assert_page(
        invite(client, app, email="existing@example.gov.uk", name="Another Name", role="manager"),
        "Test Person has been asked to join",
    )
    assert "they become a member of Westmarsh only when they confirm" in page
    assert role_of(app, existing.email, "Westmarsh") is None
    assert role_of(app, existing.email, "Eastbury") == "viewer"
    assert invitation_rows(app, existing.email) == []


def test_someone_asked_to_join_is_listed_as_asked_to_join_with_nothing_to_change(app, client, manager):
    make_area(app, "Eastbury")
    existing = make_user(app, role="viewer", area="Eastbury", email="existing@example.gov.uk")
    invite(client, app, email="existing@example.gov.uk", role="officer")
    page = client.get(members(app)).get_data(as_text=True)
    row = page[page.index(f'id="member-{existing.id}"') :]
    row = row[: row.index("</tr>")]
    assert "Asked to join" in row
    assert "Change role" not in row and "Remove" not in row


def test_inviting_someone_still_to_accept_another_areas_invitation_gives_this_manager_no_link(app, client, manager):
    """The link sets the account's password: shown to this manager, it would hand them the other area's account."""
    make_area(app, "Eastbury")
    other_manager = make_user(app, role="manager", area="Eastbury")
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})
    sign_in(client, other_manager)
    post_form(
        client,
        f"/areas/{area_id(app, 'Eastbury')}/members/invite",
        {"name": "New Boss", "email": "newboss@example.gov.uk", "role": "manager"},
    )
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})
    sign_in(client, manager)
    response = invite(client, app, email="newboss@example.gov.uk", name="New Boss", role="viewer")
    assert redirect_target(response) == members(app)
    assert role_of(app, "newboss@example.gov.uk", "Westmarsh") == "viewer"
    assert len(invitation_rows(app, "newboss@example.gov.uk")) == 1  # only Eastbury's own


def test_a_manager_cannot_send_a_new_link_to_someone_who_also_belongs_to_another_area(app, client, manager):
    make_area(app, "Eastbury")
    other_manager = make_user(app, role="manager", area="Eastbury")
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})
    sign_in(client, other_manager)
    post_form(
        client,
        f"/areas/{area_id(app, 'Eastbury')}/members/invite",
        {"name": "New Boss", "email": "newboss@example.gov.uk", "role": "manager"},
    )
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})
    sign_in(client, manager)
    invite(client, app, email="newboss@example.gov.uk", name="New Boss", role="viewer")
    page = members(app)
    target = user_id_for(app, "newboss@example.gov.uk")
    response = post_from(client, page, f"{page}/{target}/reinvite", follow_redirects=True)
    assert "only a site administrator can send them a new link" in response.get_data(as_text=True)
    assert len(invitation_rows(app, "newboss@example.gov.uk")) == 1


def test_asking_someone_who_already_has_an_account_to_join_is_audited(app, client, manager):
    make_area(app, "Eastbury")
    make_user(app, role="viewer", area="Eastbury", email="existing@example.gov.uk")
    invite(client, app, email="existing@example.gov.uk")
    [event] = audit_events(app, "member.asked_to_join")
    assert (event.actor_id, event.local_area_id) == (manager.id, area_id(app, "Westmarsh"))
    assert audit_events(app, "member.invited") == []
    assert audit_events(app, "member.added") == []


def test_inviting_someone_already_in_the_area_is_refused_and_keeps_what_was_typed(app, client, manager):
    make_user(app, role="viewer", area="Westmarsh", email="already@example.gov.uk")
    page = assert_page(
        invite(client, app, email="already@example.gov.uk", name="Typed Name", role="manager"),
        "Invite someone to Westmarsh",
    )
    assert "<title>Error: Invite someone" in page
    assert "already@example.gov.uk is already a member of Westmarsh" in page
    assert 'value="Typed Name"' in page
    assert checked_role(page) == "manager"
    assert role_of(app, "already@example.gov.uk", "Westmarsh") == "viewer"


def test_an_empty_invitation_shows_every_problem(app, client, manager):
    page = assert_page(post_form(client, members(app) + "/invite", {}), "Invite someone to Westmarsh")
    assert "<title>Error: Invite someone" in page
    assert "There is a problem" in page
    for message in ("Enter the person&#39;s full name", "Enter their email address", "Select a role"):
        assert message in page
    assert 'href="#role"' in page


def test_an_email_in_the_wrong_format_is_refused_and_keeps_what_was_typed(app, client, manager):
    page = assert_page(
        invite(client, app, email="sam.jones at example", name="Sam Jones", role="viewer"),
        "Invite someone to Westmarsh",
    )
    assert "<title>Error:" in page
    assert "Enter an email address in the correct format, like name@example.gov.uk" in page
    assert 'value="sam.jones at example"' in page
    assert 'value="Sam Jones"' in page
    assert checked_role(page) == "viewer"
    assert not user_exists(app, "sam.jones at example")


def test_a_made_up_role_is_refused(app, client, manager):
    page = invite(client, app, role="owner").get_data(as_text=True)
    assert "Select a role" in page
    assert not user_exists(app, "sam.jones@example.gov.uk")


# -- Changing a role ------------------------------------------------------------------------


def test_the_role_page_shows_the_current_role(app, client, manager):
    member = make_user(app, role="officer", area="Westmarsh")
    page = assert_page(client.get(f"{members(app)}/{member.id}/role"), "Change Test Person's role")
    assert checked_role(page) == "officer"


def test_a_manager_can_change_a_members_role(app, client, manager):
    member = make_user(app, role="viewer", area="Westmarsh")
    response = post_form(client, f"{members(app)}/{member.id}/role", {"role": "officer"})
    assert response.headers["Location"] == members(app)
    assert "Test Person is now an officer in Westmarsh" in client.get(members(app)).get_data(as_text=True)
    assert role_of(app, member.email, "Westmarsh") == "officer"


def test_a_role_change_is_audited_with_the_old_and_new_role(app, client, manager):
    member = make_user(app, role="viewer", area="Westmarsh")
    post_form(client, f"{members(app)}/{member.id}/role", {"role": "manager"})
    [event] = audit_events(app, "member.role_changed")
    assert event.changes == {"role": ["viewer", "manager"]}
    assert (event.actor_id, event.local_area_id) == (manager.id, area_id(app, "Westmarsh"))
    assert member.email in event.summary


def test_choosing_the_same_role_changes_nothing(app, client, manager):
    member = make_user(app, role="viewer", area="Westmarsh")
    post_form(client, f"{members(app)}/{member.id}/role", {"role": "viewer"})
    assert audit_events(app, "member.role_changed") == []


def test_a_made_up_role_on_the_role_page_shows_the_error_summary(app, client, manager):
    member = make_user(app, role="viewer", area="Westmarsh")
    page = assert_page(
        post_form(client, f"{members(app)}/{member.id}/role", {"role": "owner"}), "Change Test Person's role"
    )
    assert "<title>Error: Change Test Person" in page
    assert "Select a role" in page
    assert role_of(app, member.email, "Westmarsh") == "viewer"


def test_the_only_manager_cannot_demote_themselves(app, client, manager):
    response = post_form(client, f"{members(app)}/{manager.id}/role", {"role": "officer"})
    page = assert_page(response, "Change Test Person's role")
    assert "<title>Error:" in page
    assert "You cannot demote yourself because you are the only manager of Westmarsh" in page
    assert "Make someone else a manager first" in page
    assert checked_role(page) == "officer"  # what was chosen is kept
    assert role_of(app, manager.email, "Westmarsh") == "manager"
    assert audit_events(app, "member.role_changed") == []


def test_a_manager_who_has_not_set_a_password_yet_does_not_count_as_another_manager(app, client, manager):
    make_pending_member(app, "Westmarsh", role="manager")
    page = post_form(client, f"{members(app)}/{manager.id}/role", {"role": "viewer"}).get_data(as_text=True)
    assert "You cannot demote yourself" in page
    assert role_of(app, manager.email, "Westmarsh") == "manager"


def test_a_manager_can_demote_themselves_when_another_manager_remains(app, client, manager):
    make_user(app, role="manager", area="Westmarsh")
    response = post_form(client, f"{members(app)}/{manager.id}/role", {"role": "officer"})
    assert response.headers["Location"] == "/"
    assert "You are now an officer in Westmarsh" in client.get("/").get_data(as_text=True)
    assert role_of(app, manager.email, "Westmarsh") == "officer"


def test_an_administrator_cannot_demote_the_last_manager_either(app, client, area):
    last = make_user(app, role="manager", area=area)
    sign_in(client, make_user(app, role="admin"))
    page = post_form(client, f"{members(app)}/{last.id}/role", {"role": "viewer"}).get_data(as_text=True)
    assert "because they are the only manager of Westmarsh who can sign in" in page
    assert role_of(app, last.email, "Westmarsh") == "manager"


# -- Removing -------------------------------------------------------------------------------


def test_removing_asks_for_confirmation_first(app, client, manager):
    member = make_user(app, role="officer", area="Westmarsh")
    page = assert_page(client.get(f"{members(app)}/{member.id}/remove"), "Remove Test Person from Westmarsh?")
    assert "Their account is kept" in page
    assert "govuk-button--warning" in page
    assert role_of(app, member.email, "Westmarsh") == "officer"


def test_removing_a_member_takes_them_out_of_the_area_and_keeps_their_account(app, client, manager):
    make_area(app, "Eastbury")
    member = make_user(app, role="officer", area="Westmarsh")
    join_area(app, member, "Eastbury", "viewer")
    response = post_form(client, f"{members(app)}/{member.id}/remove", {})
    assert response.headers["Location"] == members(app)
    page = client.get(members(app)).get_data(as_text=True)
    assert "Test Person has been removed from Westmarsh. Their account is kept." in page
    assert member.email not in page
    assert role_of(app, member.email, "Westmarsh") is None
    assert role_of(app, member.email, "Eastbury") == "viewer"
    assert user_exists(app, member.email)


def test_a_removed_member_can_no_longer_see_the_area(app, client, manager):
    member = make_user(app, role="manager", area="Westmarsh")
    post_form(client, f"{members(app)}/{member.id}/remove", {})
    other = app.test_client()
    sign_in(other, member)
    assert other.get(members(app)).status_code == 404


def test_removing_a_member_is_audited(app, client, manager):
    member = make_user(app, role="officer", area="Westmarsh")
    post_form(client, f"{members(app)}/{member.id}/remove", {})
    [event] = audit_events(app, "member.removed")
    assert (event.actor_id, event.local_area_id) == (manager.id, area_id(app, "Westmarsh"))
    assert event.changes == {"role": ["officer", None]}
    assert member.email in event.summary


def test_the_only_manager_is_told_at_once_they_cannot_remove_themselves(app, client, manager):
    page = assert_page(client.get(f"{members(app)}/{manager.id}/remove"), "Leave Westmarsh?")
    assert "You cannot remove yourself because you are the only manager of Westmarsh" in page
    assert "govuk-button--warning" not in page


def test_the_only_manager_cannot_remove_themselves(app, client, manager):
    response = post_form(client, f"{members(app)}/{manager.id}/remove", {})
    page = assert_page(response, "Leave Westmarsh?")
    assert "<title>Error: Leave Westmarsh?" in page
    assert "You cannot remove yourself because you are the only manager of Westmarsh" in page
    assert role_of(app, manager.email, "Westmarsh") == "manager"
    assert audit_events(app, "member.removed") == []


def test_a_manager_can_leave_when_another_manager_remains(app, client, manager):
    make_user(app, role="manager", area="Westmarsh")
    response = post_form(client, f"{members(app)}/{manager.id}/remove", {})
    assert response.headers["Location"] == "/"
    assert role_of(app, manager.email, "Westmarsh") is None


# -- Sending a new link ---------------------------------------------------------------------


def test_a_member_waiting_to_set_a_password_can_be_sent_a_new_link(app, client, manager):
    pending = make_pending_member(app, "Westmarsh", name="Pat Pending")
    response = post_from(client, members(app), f"{members(app)}/{pending.id}/reinvite")
    page = assert_page(response, "New link for Pat Pending")
    assert f"We have emailed the link to {pending.email}" in page
    assert len(invitation_rows(app, pending.email)) == 1
