"""Filtering, sorting and paging lists on the dashboards. Pure: plain data in, plain data out."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Generic, TypeVar

from ..models import ACTION_STATUSES
from .facts import ActionFacts
from .rollups import NOT_RATED, RAG_KEYS, flags_for

T = TypeVar("T")
PER_PAGE = 25

FLAG_OVERDUE = "overdue"
FLAG_STALE = "stale"
FLAG_DUE_SOON = "due_soon"
FLAGS = (FLAG_OVERDUE, FLAG_STALE, FLAG_DUE_SOON)
NO_LEAD = "none"


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    number: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def first_index(self) -> int:
        return 0 if self.total == 0 else (self.number - 1) * self.per_page + 1

    @property
    def last_index(self) -> int:
        return min(self.total, self.number * self.per_page)


def page_number(raw: str | None) -> int:
    try:
        return max(1, int(raw or 1))
    except ValueError:
        return 1


def paginate(items: Sequence[T], number: int, per_page: int = PER_PAGE) -> Page[T]:
    """The given page of items; a page past the end shows the last page."""
    pages = max(1, math.ceil(len(items) / per_page))
    number = min(max(1, number), pages)
    start = (number - 1) * per_page
    return Page(list(items[start : start + per_page]), number, per_page, len(items))


def page_links(page: Page, href: Callable[[int], str]) -> dict:
    """Parameters for the GOV.UK pagination component: numbers with ellipses around the current page."""
    if page.pages <= 1:
        return {}
    shown = sorted({1, page.pages, page.number - 1, page.number, page.number + 1} & set(range(1, page.pages + 1)))
    items, previous = [], 0
    for number in shown:
        if number - previous > 1:
            items.append({"ellipsis": True})
        items.append({"number": number, "href": href(number), "current": number == page.number})
        previous = number
    params: dict = {"items": items}
    if page.number > 1:
        params["previous"] = {"href": href(page.number - 1)}
    if page.number < page.pages:
        params["next"] = {"href": href(page.number + 1)}
    return params


@dataclass(frozen=True)
class ActionCriteria:
    """What the action list's filter form asks for. Empty values mean 'any'."""

    weakness_id: int | None = None
    lead: str = ""  # a user id as text, or NO_LEAD
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
    actions: Sequence[ActionFacts], criteria: ActionCriteria, today: date, stale_after_days: int
) -> list[ActionFacts]:
    chosen = []
    for action in actions:
        if criteria.weakness_id is not None and criteria.weakness_id not in action.finding_ids:
            continue
        if criteria.lead == NO_LEAD and action.lead_id is not None:
            continue
        if criteria.lead not in ("", NO_LEAD) and str(action.lead_id) != criteria.lead:
            continue
        if criteria.status in ACTION_STATUSES and action.status != criteria.status:
            continue
        if criteria.rag in RAG_KEYS and (action.rag or NOT_RATED) != criteria.rag:
            continue
        if criteria.flag in FLAGS and not getattr(flags_for(action, today, stale_after_days), criteria.flag):
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
