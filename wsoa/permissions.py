"""Who may see what. Every query for area data goes through these rules."""

from __future__ import annotations

from sqlalchemy import Select, select

from .models import Inspection, Membership, User


class PermissionDenied(Exception):
    """The acting user may not do this. Views answer 403."""


def visible_inspections(user: User) -> Select:
    """Inspections of the areas the user belongs to; every inspection for a site administrator."""
    query = select(Inspection)
    if not user.is_admin:
        member_areas = select(Membership.local_area_id).where(Membership.user_id == user.id)
        query = query.where(Inspection.local_area_id.in_(member_areas))
    return query


def role_in_area(user: User, local_area_id: int) -> str | None:
    for membership in user.memberships:
        if membership.local_area_id == local_area_id:
            return membership.role
    return None
