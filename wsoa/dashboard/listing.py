"""Filtering, sorting and paging lists on the dashboards. Pure: plain data in, plain data out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from ..vocabulary import ACTION_STATUSES, FLAGS, NOT_RATED, RAG_KEYS, Thresholds, flags_of
from .facts import ActionFacts

NO_LEAD_FILTER = "none"


@dataclass(frozen=True)
class ActionCriteria:
    """What the action list's filter form asks for. Empty values mean 'any'."""

    weakness_id: int | None = None
    lead: str = ""  # a user id as text, or NO_LEAD_FILTER
    status: str = ""
    rag: str = ""  # red, amber, green or not_rated
    flag: str = ""  # overdue, stale or due_soon
    query: str = ""
    sort: str = "reference"
    update_matches: frozenset[int] = field(default_factory=frozenset)  # actions whose update text matches query


def reference_key(reference: str) -> tuple:
    return tuple(int(part) if part.isdigit() else 0 for part in reference.split("."))


def _matches_text(action: ActionFacts, query: str, update_matches: frozenset[int]) -> bool:
    needle = query.casefold()
    return needle in action.title.casefold() or needle in action.description.casefold() or action.id in update_matches


def filter_actions(
    actions: Sequence[ActionFacts], criteria: ActionCriteria, today: date, thresholds: Thresholds
) -> list[ActionFacts]:
    chosen = []
    for action in actions:
        if criteria.weakness_id is not None and criteria.weakness_id not in action.finding_ids:
            continue
        if criteria.lead == NO_LEAD_FILTER and action.lead_id is not None:
            continue
        if criteria.lead not in ("", NO_LEAD_FILTER) and str(action.lead_id) != criteria.lead:
            continue
        if criteria.status in ACTION_STATUSES and action.status != criteria.status:
            continue
        if criteria.rag in RAG_KEYS and (action.rag or NOT_RATED) != criteria.rag:
            continue
        if criteria.flag in FLAGS and not getattr(flags_of(action, thresholds, today), criteria.flag):
            continue
        if criteria.query.strip() and not _matches_text(action, criteria.query.strip(), criteria.update_matches):
            continue
        chosen.append(action)
    return chosen


_STATUS_ORDER = {status: index for index, status in enumerate(ACTION_STATUSES)}
_RAG_ORDER = {"red": 0, "amber": 1, "green": 2}

ACTION_SORTS = {
    "reference": ("Reference", lambda a: reference_key(a.reference)),
    "due": ("Due date, soonest first", lambda a: (a.due_date or date.max, reference_key(a.reference))),
    "status": ("Status", lambda a: (_STATUS_ORDER.get(a.status, 99), reference_key(a.reference))),
    "rag": ("RAG, red first", lambda a: (_RAG_ORDER.get(a.rag or "", 3), reference_key(a.reference))),
    "lead": ("Lead officer", lambda a: (a.lead_name is None, (a.lead_name or "").lower(), reference_key(a.reference))),
    "updated": (
        "Longest without an update",
        lambda a: ((a.last_update_at or a.created_at), reference_key(a.reference)),
    ),
}


def sort_actions(actions: Sequence[ActionFacts], sort: str) -> list[ActionFacts]:
    _, key = ACTION_SORTS.get(sort, ACTION_SORTS["reference"])
    return sorted(actions, key=key)
