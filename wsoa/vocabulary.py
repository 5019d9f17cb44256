"""The words wsoa uses for where an action stands, and the rules that turn dates into flags.

One module owns them so that the action page, the plan, the dashboards, readiness, the digests and
the exports can never disagree. Pure: no Flask, no database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol

# -- Action statuses -------------------------------------------------------------------------------

ACTION_NOT_STARTED = "not_started"
ACTION_IN_PROGRESS = "in_progress"
ACTION_COMPLETE = "complete"
ACTION_SIGNED_OFF = "signed_off"
ACTION_RETIRED = "retired"
ACTION_STATUSES = (ACTION_NOT_STARTED, ACTION_IN_PROGRESS, ACTION_COMPLETE, ACTION_SIGNED_OFF, ACTION_RETIRED)
STATUS_NAMES = {
    ACTION_NOT_STARTED: "Not started",
    ACTION_IN_PROGRESS: "In progress",
    ACTION_COMPLETE: "Complete",
    ACTION_SIGNED_OFF: "Signed off",
    ACTION_RETIRED: "Retired",
}

# Work still to do: these are the actions that can be overdue, stale or due soon.
OPEN_STATUSES = (ACTION_NOT_STARTED, ACTION_IN_PROGRESS)
# The lead says the work is done (complete), or a manager has agreed (signed off).
DONE_STATUSES = (ACTION_COMPLETE, ACTION_SIGNED_OFF)
# Everything but retired actions: what the plan, the counts and the charts are made of.
TRACKED_STATUSES = (*OPEN_STATUSES, *DONE_STATUSES)
# Nothing more can be added or changed: no updates, milestones, evidence or reviews.
CLOSED_STATUSES = (ACTION_SIGNED_OFF, ACTION_RETIRED)

# -- RAG ratings -----------------------------------------------------------------------------------

RAG_RED = "red"
RAG_AMBER = "amber"
RAG_GREEN = "green"
RAGS = (RAG_RED, RAG_AMBER, RAG_GREEN)
NOT_RATED = "not_rated"
RAG_KEYS = (*RAGS, NOT_RATED)
RAG_NAMES = {RAG_RED: "Red", RAG_AMBER: "Amber", RAG_GREEN: "Green", NOT_RATED: "Not rated"}

# -- Evidence --------------------------------------------------------------------------------------

EVIDENCE_ACTIVITY = "activity"
EVIDENCE_IMPACT = "impact"
EVIDENCE_KINDS = (EVIDENCE_ACTIVITY, EVIDENCE_IMPACT)
REVIEW_AWAITING = "awaiting_review"
REVIEW_ACCEPTED = "accepted"
REVIEW_RETURNED = "returned"
# Returned evidence its author took back, or replaced with a newer item; kept in the history.
REVIEW_WITHDRAWN = "withdrawn"

# -- Success measures ------------------------------------------------------------------------------

# Which way a success measure should move: up (more plans on time) or down (fewer days waiting).
MEASURE_HIGHER = "higher"
MEASURE_LOWER = "lower"
MEASURE_DIRECTIONS = (MEASURE_HIGHER, MEASURE_LOWER)
DIRECTION_NAMES = {MEASURE_HIGHER: "Higher is better", MEASURE_LOWER: "Lower is better"}

# -- Flags: overdue, stale, due soon ---------------------------------------------------------------

# Each area may change these on its settings page; these are the values a new area starts with.
DEFAULT_STALE_AFTER_DAYS = 30
DEFAULT_DUE_SOON_DAYS = 14
FLAG_OVERDUE = "overdue"
FLAG_STALE = "stale"
FLAG_DUE_SOON = "due_soon"
FLAGS = (FLAG_OVERDUE, FLAG_STALE, FLAG_DUE_SOON)


@dataclass(frozen=True)
class Thresholds:
    """An area's rules: no update for more than `stale_after_days` is stale; due within `due_soon_days` is due soon."""

    stale_after_days: int = DEFAULT_STALE_AFTER_DAYS
    due_soon_days: int = DEFAULT_DUE_SOON_DAYS


@dataclass(frozen=True, slots=True)  # slots: made for every action on every page, and half as slow to make
class ActionFlags:
    overdue: bool
    stale: bool
    due_soon: bool
    days_overdue: int
    days_since_update: int | None

    def labels(self) -> list[tuple[str, str]]:
        """Each flag raised, as (flag, words): the words every page, digest and export shows for it."""
        raised = []
        if self.overdue:
            raised.append((FLAG_OVERDUE, f"Overdue by {self.days_overdue} day{'s' if self.days_overdue != 1 else ''}"))
        if self.due_soon:
            raised.append((FLAG_DUE_SOON, "Due soon"))
        if self.stale:
            quiet = self.days_since_update
            raised.append((FLAG_STALE, f"No update for {quiet} days" if quiet is not None else "No update yet"))
        return raised

    def describe(self) -> list[str]:
        return [words for _, words in self.labels()]


class ActionDates(Protocol):
    """Anything shaped like an action: a database row or the plain facts a dashboard or digest is built from."""

    status: str
    due_date: date | None
    last_update_at: datetime | None
    created_at: datetime


def flags_of(action: ActionDates, thresholds: Thresholds, today: date) -> ActionFlags:
    is_open = action.status in OPEN_STATUSES
    due = action.due_date
    overdue = is_open and due is not None and due < today
    due_soon = is_open and due is not None and today <= due <= today + timedelta(days=thresholds.due_soon_days)
    last_activity = (action.last_update_at or action.created_at).date()
    days_since_activity = (today - last_activity).days
    return ActionFlags(
        overdue=overdue,
        stale=is_open and days_since_activity > thresholds.stale_after_days,
        due_soon=due_soon,
        days_overdue=(today - due).days if overdue else 0,
        days_since_update=days_since_activity if action.last_update_at else None,
    )
