"""What the API reads: slices of lists in id order, each limited to what the acting user may see.

A slice starts after a given id, so a client paging with the cursor it was given never sees an item twice or
misses one, even while items are added. Services: take the acting user, import no views and no request state.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload, selectinload

from ..extensions import db
from ..models import (
    Action,
    Evidence,
    Inspection,
    LocalArea,
    MeasuredValue,
    Membership,
    Milestone,
    ProgressUpdate,
    User,
)
from ..permissions import can_view_area, require, visible_inspections

T = TypeVar("T")
NOT_YOURS = "You cannot see this area."


@dataclass(frozen=True)
class Slice(Generic[T]):
    items: Sequence[T]
    # The id the next slice starts after; None when this is the last.
    next_after: int | None


def _slice(query: Select, id_column, after: int | None, limit: int) -> Slice:
    if after is not None:
        query = query.where(id_column > after)
    rows = list(db.session.scalars(query.order_by(id_column).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    return Slice(rows, rows[-1].id if more and rows else None)


def areas_slice(user: User, after: int | None, limit: int) -> Slice[LocalArea]:
    """The areas the user belongs to; every area for a site administrator."""
    query = select(LocalArea)
    if not user.is_admin:
        query = query.where(LocalArea.id.in_(select(Membership.local_area_id).where(Membership.user_id == user.id)))
    return _slice(query, LocalArea.id, after, limit)


def inspections_slice(user: User, after: int | None, limit: int, area: LocalArea | None = None) -> Slice[Inspection]:
    query = visible_inspections(user).options(selectinload(Inspection.local_area))
    if area is not None:
        require(can_view_area(user, area.id), NOT_YOURS)
        query = query.where(Inspection.local_area_id == area.id)
    return _slice(query, Inspection.id, after, limit)


def actions_slice(user: User, inspection: Inspection, after: int | None, limit: int) -> Slice[Action]:
    require(can_view_area(user, inspection.local_area_id), NOT_YOURS)
    query = (
        select(Action)
        .where(Action.inspection_id == inspection.id)
        .options(
            joinedload(Action.lead),
            joinedload(Action.local_area),
            selectinload(Action.partner_users),
            selectinload(Action.partner_organisations),
            selectinload(Action.findings),
            selectinload(Action.measures),
        )
    )
    return _slice(query, Action.id, after, limit)


def updates_slice(user: User, action: Action, after: int | None, limit: int) -> Slice[ProgressUpdate]:
    require(can_view_area(user, action.local_area_id), NOT_YOURS)
    query = select(ProgressUpdate).where(ProgressUpdate.action_id == action.id).options(
        selectinload(ProgressUpdate.author)
    )
    return _slice(query, ProgressUpdate.id, after, limit)


def milestones_slice(user: User, action: Action, after: int | None, limit: int) -> Slice[Milestone]:
    require(can_view_area(user, action.local_area_id), NOT_YOURS)
    return _slice(select(Milestone).where(Milestone.action_id == action.id), Milestone.id, after, limit)


def measures_slice(user: User, action: Action, after: int | None, limit: int) -> Slice[MeasuredValue]:
    require(can_view_area(user, action.local_area_id), NOT_YOURS)
    query = select(MeasuredValue).where(MeasuredValue.action_id == action.id).options(
        selectinload(MeasuredValue.recorded_by)
    )
    return _slice(query, MeasuredValue.id, after, limit)


def evidence_slice(user: User, action: Action, after: int | None, limit: int) -> Slice[Evidence]:
    require(can_view_area(user, action.local_area_id), NOT_YOURS)
    query = select(Evidence).where(Evidence.action_id == action.id).options(
        selectinload(Evidence.added_by), selectinload(Evidence.reviewed_by)
    )
    return _slice(query, Evidence.id, after, limit)
