"""The permission rules on plain stand-ins for people and actions: each rule is told apart from its neighbours by
someone it lets in and someone it keeps out."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from wsoa.permissions import (
    COMPLETE,
    CONTRIBUTE,
    MANAGE,
    PermissionDenied,
    can_contribute,
    can_manage_area,
    can_view_area,
    may_mark_complete,
    require,
    role_in_area,
    route_rule,
    start_page,
)

OWN, OTHER = 1, 2


@dataclass
class Membership:
    local_area_id: int
    role: str


@dataclass
class Person:
    id: int
    memberships: list[Membership] = field(default_factory=list)
    is_admin: bool = False


@dataclass
class Action:
    local_area_id: int = OWN
    lead_id: int | None = None
    partner_users: list[Person] = field(default_factory=list)


def person(id: int, *roles: tuple[int, str], admin: bool = False) -> Person:
    return Person(id, [Membership(area, role) for area, role in roles], admin)


MANAGER = person(1, (OTHER, "viewer"), (OWN, "manager"))
LEAD = person(2, (OWN, "officer"))
PARTNER = person(3, (OWN, "officer"))
OFFICER = person(4, (OWN, "officer"))
VIEWER = person(5, (OWN, "viewer"))
OUTSIDER_MANAGER = person(6, (OTHER, "manager"))
ADMIN = person(7, admin=True)
OUTSIDE_LEAD = person(8, (OTHER, "officer"))  # leads the action on paper, but is an officer elsewhere
ACTION = Action(lead_id=LEAD.id, partner_users=[PARTNER])


def test_a_role_is_the_one_held_in_that_area_and_none_elsewhere():
    assert (role_in_area(MANAGER, OWN), role_in_area(MANAGER, OTHER), role_in_area(LEAD, OTHER)) == (
        "manager", "viewer", None
    )


def test_members_of_the_area_and_administrators_may_view_it():
    assert [can_view_area(p, OWN) for p in (VIEWER, ADMIN, OUTSIDER_MANAGER)] == [True, True, False]


def test_only_the_area_s_managers_and_administrators_may_manage_it():
    assert [can_manage_area(p, OWN) for p in (MANAGER, ADMIN, OFFICER, OUTSIDER_MANAGER)] == [True, True, False, False]


def test_the_lead_partners_and_managers_may_contribute_and_other_officers_and_viewers_may_not():
    allowed = {p.id for p in (MANAGER, LEAD, PARTNER, OFFICER, VIEWER, ADMIN) if can_contribute(p, ACTION)}
    assert allowed == {MANAGER.id, LEAD.id, PARTNER.id, ADMIN.id}


def test_a_lead_who_is_not_an_officer_of_the_area_may_not_contribute():
    action = Action(lead_id=OUTSIDE_LEAD.id)
    assert not can_contribute(OUTSIDE_LEAD, action)
    assert not may_mark_complete(OUTSIDE_LEAD, action)


def test_the_lead_and_managers_may_mark_complete_but_a_partner_may_not():
    allowed = {p.id for p in (MANAGER, LEAD, PARTNER, OFFICER, ADMIN) if may_mark_complete(p, ACTION)}
    assert allowed == {MANAGER.id, LEAD.id, ADMIN.id}


def test_the_rules_views_use_apply_the_same_checks():
    assert [MANAGE.allows(p, OWN, None, None) for p in (MANAGER, OFFICER)] == [True, False]
    assert [CONTRIBUTE.allows(p, OWN, ACTION, None) for p in (PARTNER, OFFICER)] == [True, False]
    assert [COMPLETE.allows(p, OWN, ACTION, None) for p in (LEAD, PARTNER)] == [True, False]


@pytest.mark.parametrize(
    ("who", "page"),
    [(MANAGER, "dashboard.work_queue"), (LEAD, "actions.mine"), (VIEWER, "inspections.index"),
     (ADMIN, "inspections.index"), (person(9, (OWN, "officer"), (OTHER, "manager")), "dashboard.work_queue")],
)
def test_each_person_starts_at_the_page_for_their_highest_role(who, page):
    assert start_page(who) == page


def test_require_refuses_with_the_message_only_when_not_allowed():
    require(True, "never raised")
    with pytest.raises(PermissionDenied, match="Only a manager"):
        require(False, "Only a manager of this area can do this.")


def test_a_route_rule_is_written_on_the_view_it_declares_and_the_view_is_unchanged():
    def view():
        return "page"

    declared = route_rule("manager of the area")(view)
    assert declared is view and declared() == "page"
    assert declared.permission_rule == "manager of the area"
