"""The member services keep their rules whoever calls them: views, the CLI or a future API."""

from datetime import timedelta

import pytest

from tests.factories import make_area, make_user
from tests.member_factories import make_pending_member
from wsoa.auth.services import email_format_problem
from wsoa.extensions import db
from wsoa.members.services import (
    STATUS_ACTIVE,
    STATUS_EXPIRED,
    STATUS_PENDING,
    MemberError,
    change_role,
    invite_member,
    members_of,
    remove_member,
    visible_area,
)
from wsoa.models import Invitation, LocalArea, User, utcnow
from wsoa.permissions import PermissionDenied


def _area(name: str) -> LocalArea:
    return db.session.query(LocalArea).filter_by(name=name).one()


def _user(user_id: int) -> User:
    return db.session.get(User, user_id)


@pytest.fixture
def westmarsh(app):
    return make_area(app, "Westmarsh")


@pytest.mark.parametrize("role", ["viewer", "officer"])
def test_only_a_manager_may_invite(app, app_context, westmarsh, role):
    member = make_user(app, role=role, area=westmarsh)
    with pytest.raises(PermissionDenied):
        invite_member(_user(member.id), _area(westmarsh), "new@example.gov.uk", "New Person", "viewer")
    assert db.session.query(User).filter_by(email="new@example.gov.uk").count() == 0


def test_a_manager_of_one_area_may_not_change_roles_in_another(app, app_context, westmarsh):
    member = make_user(app, role="officer", area=westmarsh)
    other_manager = make_user(app, role="manager", area=make_area(app, "Eastbury"))
    with pytest.raises(PermissionDenied):
        change_role(_user(other_manager.id), _area(westmarsh), member.id, "manager")


def test_an_area_is_invisible_to_people_outside_it(app, app_context, westmarsh):
    outsider = make_user(app, role="manager", area=make_area(app, "Eastbury"))
    area_id = _area(westmarsh).id
    assert visible_area(_user(outsider.id), area_id) is None
    assert visible_area(_user(outsider.id), 999) is None


def test_an_invited_email_is_stored_trimmed_and_in_lower_case(app, app_context, westmarsh):
    manager = make_user(app, role="manager", area=westmarsh)
    result = invite_member(
        _user(manager.id), _area(westmarsh), "  New.Person@Example.GOV.uk ", " New  Person ", "viewer"
    )
    assert (result.email, result.name) == ("new.person@example.gov.uk", "New Person")


def test_a_role_that_is_not_an_area_role_is_refused(app, app_context, westmarsh):
    manager = make_user(app, role="manager", area=westmarsh)
    with pytest.raises(MemberError, match="Select a role"):
        invite_member(_user(manager.id), _area(westmarsh), "new@example.gov.uk", "New Person", "admin")


def test_members_show_whether_they_can_sign_in_yet(app, app_context, westmarsh):
    manager = make_user(app, role="manager", area=westmarsh)
    actor, area = _user(manager.id), _area(westmarsh)
    result = invite_member(actor, area, "new@example.gov.uk", "New Person", "viewer")
    make_pending_member(app, westmarsh, name="Zed Waiting")
    statuses = {row.email: row.status for row in members_of(actor, area)}
    assert statuses[manager.email] == STATUS_ACTIVE
    assert statuses["new@example.gov.uk"] == STATUS_PENDING
    assert [s for e, s in statuses.items() if e.startswith("pending")] == [STATUS_EXPIRED]
    [row] = [r for r in members_of(actor, area) if r.email == "new@example.gov.uk"]
    assert row.invitation_expires_at == result.invitation.expires_at


def test_an_invitation_past_its_expiry_shows_as_expired(app, app_context, westmarsh):
    manager = make_user(app, role="manager", area=westmarsh)
    actor, area = _user(manager.id), _area(westmarsh)
    invite_member(actor, area, "new@example.gov.uk", "New Person", "viewer")
    later = utcnow() + timedelta(days=8)
    [row] = [r for r in members_of(actor, area, now=later) if r.email == "new@example.gov.uk"]
    assert row.status == STATUS_EXPIRED
    assert row.may_reinvite


def test_removing_the_last_manager_is_refused_for_anyone(app, app_context, westmarsh):
    manager = make_user(app, role="manager", area=westmarsh)
    admin = make_user(app, role="admin")
    with pytest.raises(MemberError, match="only manager of Westmarsh"):
        remove_member(_user(admin.id), _area(westmarsh), manager.id)


def test_removing_a_pending_member_keeps_their_account_and_ends_their_link(app, app_context, westmarsh):
    manager = make_user(app, role="manager", area=westmarsh)
    actor, area = _user(manager.id), _area(westmarsh)
    invite_member(actor, area, "new@example.gov.uk", "New Person", "viewer")
    new_id = db.session.query(User.id).filter_by(email="new@example.gov.uk").scalar()
    remove_member(actor, area, new_id)
    assert _user(new_id) is not None
    [invitation] = db.session.query(Invitation).filter_by(user_id=new_id).all()
    assert invitation.expires_at <= utcnow()


@pytest.mark.parametrize("email", ["name@example.gov.uk", "first.last+tag@council.gov.uk"])
def test_ordinary_email_addresses_are_accepted(email):
    assert email_format_problem(email) is None


@pytest.mark.parametrize("email", ["", "name", "@example.gov.uk", "name@", "a@b@c", "name @example.gov.uk"])
def test_things_that_are_not_email_addresses_are_refused(email):
    assert (
        email_format_problem(email)
        == "Enter an email address in the correct format, like name@example.gov.uk"
    )
