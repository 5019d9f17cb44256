"""Calendar feeds as RFC 5545 text, built with the icalendar package. Pure: plain events in, bytes out.

Every event is an all-day event (DATE values, which have no time zone; the calendar says Europe/London for
clients that show one). Each keeps its UID for life, so a calendar app moves an event whose date changed
instead of adding a second one; SEQUENCE rises with every change, so the app knows which copy is newer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

PRODUCT_ID = "-//wsoa//Track your SEND inspection response//EN"
TIME_ZONE = "Europe/London"
# Calendar apps that honour it fetch again after this long.
REFRESH = "PT6H"


@dataclass(frozen=True)
class FeedEvent:
    uid: str
    summary: str
    start: date
    sequence: int
    last_day: date | None = None  # for something lasting several days; None: the start day only
    description: str = ""
    url: str = ""


def build_calendar(name: str, events: Iterable[FeedEvent], stamp: datetime) -> bytes:
    """The feed: one VEVENT per event, in a VCALENDAR named for the person or area. `stamp` is DTSTAMP (UTC)."""
    # Imported here: icalendar is megabytes that every process importing the app would carry for this one page.
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", TIME_ZONE)
    calendar.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", REFRESH)
    for item in sorted(events, key=lambda e: (e.start, e.uid)):
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("sequence", item.sequence)
        event.add("summary", item.summary)
        event.add("dtstart", item.start)
        # DTEND of an all-day event is the day after its last day (RFC 5545, 3.6.1).
        event.add("dtend", (item.last_day or item.start) + timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        if item.description:
            event.add("description", item.description)
        if item.url:
            event.add("url", item.url)
        calendar.add_component(event)
    return calendar.to_ical()
