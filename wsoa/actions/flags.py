"""Derived flags on an action: overdue, stale, due soon. Pure functions of plain values and today's date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ..models import ACTION_COMPLETE, ACTION_RETIRED, ACTION_SIGNED_OFF

DEFAULT_DUE_SOON_DAYS = 14
FINISHED_STATUSES = (ACTION_COMPLETE, ACTION_SIGNED_OFF, ACTION_RETIRED)


@dataclass(frozen=True)
class ActionFlags:
    overdue: bool
    stale: bool
    due_soon: bool
    days_overdue: int
    days_since_update: int | None


def action_flags(
    *,
    status: str,
    due_date: date | None,
    last_update_at: datetime | None,
    created_at: datetime,
    today: date,
    stale_after_days: int,
    due_soon_days: int = DEFAULT_DUE_SOON_DAYS,
) -> ActionFlags:
    open_action = status not in FINISHED_STATUSES
    overdue = open_action and due_date is not None and due_date < today
    due_soon = open_action and due_date is not None and today <= due_date <= today + timedelta(days=due_soon_days)
    last_activity = (last_update_at or created_at).date()
    days_since_update = (today - last_activity).days
    stale = open_action and days_since_update > stale_after_days
    return ActionFlags(
        overdue=overdue,
        stale=stale,
        due_soon=due_soon,
        days_overdue=(today - due_date).days if overdue else 0,
        days_since_update=days_since_update if last_update_at else None,
    )
