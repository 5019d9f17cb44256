"""Who may do what. Services call these checks, so every caller (views, CLI, API) gets the same rules.

Roles are per local area: viewer (read only), officer (updates, evidence and milestones on actions
they lead or partner on), manager (everything in the area). A site administrator may do everything.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Select, select

from .models import ROLE_MANAGER, ROLE_OFFICER, Action, Inspection, Membership, User


class PermissionDenied(Exception):
    """The acting user may not do this. Views answer 403 and the refusal is audited."""


def role_in_area(user: User, local_area_id: int) -> str | None:
    for membership in user.memberships:
        if membership.local_area_id == local_area_id:
            return membership.role
    return None


def can_view_area(user: User, local_area_id: int) -> bool:
    return user.is_admin or role_in_area(user, local_area_id) is not None


def can_manage_area(user: User, local_area_id: int) -> bool:
    return user.is_admin or role_in_area(user, local_area_id) == ROLE_MANAGER


def is_lead_or_partner(user: User, action: Action) -> bool:
    return action.lead_id == user.id or any(partner.id == user.id for partner in action.partner_users)


def can_contribute(user: User, action: Action) -> bool:
    """Post updates and add evidence: the area's managers, and officers who lead or partner on the action."""
    if can_manage_area(user, action.local_area_id):
        return True
    return role_in_area(user, action.local_area_id) == ROLE_OFFICER and is_lead_or_partner(user, action)


def start_page(user: User) -> str:
    """Where a person lands after signing in: a manager at their work queue, an officer at what they lead,
    everyone else (viewers, administrators) at the inspections."""
    roles = {membership.role for membership in user.memberships}
    if ROLE_MANAGER in roles:
        return "dashboard.work_queue"
    if ROLE_OFFICER in roles:
        return "actions.mine"
    return "inspections.index"


def may_mark_complete(user: User, action: Action) -> bool:
    """The action's lead (if they may still contribute), or a manager of the area."""
    is_lead = action.lead_id == user.id and can_contribute(user, action)
    return is_lead or can_manage_area(user, action.local_area_id)


def visible_inspections(user: User) -> Select:
    """Inspections of the areas the user belongs to; every inspection for a site administrator."""
    query = select(Inspection)
    if not user.is_admin:
        member_areas = select(Membership.local_area_id).where(Membership.user_id == user.id)
        query = query.where(Inspection.local_area_id.in_(member_areas))
    return query


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


# Every route declares who may reach it; tests/integration/test_permissions.py fails for a route
# without a declaration. The declaration is documentation the test can check: the services still
# enforce the rule on each call.
PUBLIC = "public"
SIGNED_IN = "signed in (data limited to the user's areas)"
AREA_MEMBER = "member of the area"
CONTRIBUTOR = "manager of the area, or officer leading or partnering on the action"
AREA_MANAGER = "manager of the area"
IMPORTER = "manager of some area, or administrator"
EVIDENCE_AUTHOR = "the person who added the evidence"
ADMIN = "site administrator"


def route_rule(rule: str) -> Callable:
    def declare(view: Callable) -> Callable:
        view.permission_rule = rule
        return view

    return declare


@dataclass(frozen=True)
class Rule:
    """What a person must be to do something to a thing in an area (wsoa/loaders.py applies it for views)."""

    # (the acting person, the area, the action if the thing is one or is on one, the thing itself)
    allows: Callable[[User, int, Action | None, object], bool]
    refusal: str


MANAGE = Rule(lambda user, area_id, *_: can_manage_area(user, area_id), "Only a manager of this area can do this.")
CONTRIBUTE = Rule(
    lambda user, _area_id, action, _thing: can_contribute(user, action),
    "Only the lead, a partner or a manager of this area can do this.",
)
COMPLETE = Rule(
    lambda user, _area_id, action, _thing: may_mark_complete(user, action),
    "Only the action's lead or a manager of this area can mark it complete.",
)
ADMINISTER = Rule(lambda user, *_: user.is_admin, "Only a site administrator can do this.")
AUTHOR = Rule(
    lambda user, _area_id, _action, evidence: evidence.added_by_id == user.id,
    "Only the person who added this evidence can do this.",
)
