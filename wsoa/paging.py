"""Pages of a long list: which items are on a page, and the GOV.UK pagination component's links.

The list functions are pure; `pagination_for` builds links from the current request for views.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from flask import request, url_for

T = TypeVar("T")
PER_PAGE = 25


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


def pagination_for(page: Page, param: str = "page", label: str = "Pages", fragment: str = "") -> dict:
    """GOV.UK pagination parameters for a view's list, keeping every other query parameter in the links."""
    # A query parameter named like a view argument or a url_for option ("_external") must not reach url_for.
    args = {
        key: value
        for key, value in request.args.to_dict().items()
        if key not in request.view_args and not key.startswith("_")
    }

    def href(number: int) -> str:
        return url_for(request.endpoint, **request.view_args, **{**args, param: number}) + fragment

    params = page_links(page, href)
    if params:
        params["landmarkLabel"] = label
    return params
