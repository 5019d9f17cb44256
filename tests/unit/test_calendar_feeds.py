"""The feed builder (wsoa/calendars/feeds.py): RFC 5545 that icalendar and a second, independent parser (ics,
which has its own grammar) both read the same way."""

from datetime import UTC, date, datetime

import ics
from icalendar import Calendar

from wsoa.calendars.feeds import FeedEvent, build_calendar

STAMP = datetime(2026, 1, 15, 7, 0, tzinfo=UTC)
EVENTS = [
    FeedEvent("action-7-due@wsoa.test", "Due: 1.1 Joint commissioning", date(2026, 3, 31), 4,
              description="Westmarsh. The action is due.", url="https://wsoa.test/actions/7"),
    FeedEvent("inspection-1-revisit-1@wsoa.test", "Westmarsh: Revisit", date(2026, 3, 10), 2,
              last_day=date(2026, 3, 12)),
]


def test_icalendar_reads_each_event_as_an_all_day_event_with_its_uid_and_sequence():
    calendar = Calendar.from_ical(build_calendar("Westmarsh", EVENTS, STAMP))
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/London"
    assert str(calendar["X-WR-CALNAME"]) == "Westmarsh"
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    due = events["action-7-due@wsoa.test"]
    assert (due.decoded("DTSTART"), due.decoded("DTEND"), int(due["SEQUENCE"])) == (
        date(2026, 3, 31), date(2026, 4, 1), 4)
    assert str(due["URL"]) == "https://wsoa.test/actions/7"
    visit = events["inspection-1-revisit-1@wsoa.test"]
    assert (visit.decoded("DTSTART"), visit.decoded("DTEND")) == (date(2026, 3, 10), date(2026, 3, 13))


def test_the_second_parser_reads_the_same_events_on_the_same_days():
    calendar = ics.Calendar(build_calendar("Westmarsh", EVENTS, STAMP).decode("utf-8"))
    events = {event.uid: event for event in calendar.events}
    assert set(events) == {"action-7-due@wsoa.test", "inspection-1-revisit-1@wsoa.test"}
    due = events["action-7-due@wsoa.test"]
    assert due.all_day and due.name == "Due: 1.1 Joint commissioning"
    assert due.begin.date() == date(2026, 3, 31)
    visit = events["inspection-1-revisit-1@wsoa.test"]
    assert visit.all_day and (visit.begin.date(), visit.end.date()) == (date(2026, 3, 10), date(2026, 3, 13))


def test_lines_are_folded_and_text_escaped_as_rfc_5545_asks():
    long_title = "Due: 2.1 " + "Every child's plan, reviewed; on time " * 3
    body = build_calendar("Westmarsh", [FeedEvent("a@wsoa.test", long_title, date(2026, 1, 1), 0)], STAMP)
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))
    assert b"plan\\, reviewed\\;" in body
    assert str(Calendar.from_ical(body).walk("VEVENT")[0]["SUMMARY"]) == long_title


def test_the_feed_is_this_text_with_events_by_date_then_uid_each_all_day_and_shown_as_free_time():
    same_day = FeedEvent("action-3-due@wsoa.test", "Due: 2.1 Health advice", date(2026, 3, 10), 0)
    lines = build_calendar("Westmarsh", [*EVENTS, same_day], STAMP).decode("utf-8").split("\r\n")
    assert lines == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//wsoa//Track your SEND inspection response//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Westmarsh",
        "REFRESH-INTERVAL;VALUE=DURATION:PT6H",
        "X-PUBLISHED-TTL:PT6H",
        "X-WR-TIMEZONE:Europe/London",
        "BEGIN:VEVENT",
        "SUMMARY:Due: 2.1 Health advice",
        "DTSTART;VALUE=DATE:20260310",
        "DTEND;VALUE=DATE:20260311",
        "DTSTAMP:20260115T070000Z",
        "UID:action-3-due@wsoa.test",
        "SEQUENCE:0",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "SUMMARY:Westmarsh: Revisit",
        "DTSTART;VALUE=DATE:20260310",
        "DTEND;VALUE=DATE:20260313",
        "DTSTAMP:20260115T070000Z",
        "UID:inspection-1-revisit-1@wsoa.test",
        "SEQUENCE:2",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "SUMMARY:Due: 1.1 Joint commissioning",
        "DTSTART;VALUE=DATE:20260331",
        "DTEND;VALUE=DATE:20260401",
        "DTSTAMP:20260115T070000Z",
        "UID:action-7-due@wsoa.test",
        "SEQUENCE:4",
        "DESCRIPTION:Westmarsh. The action is due.",
        "TRANSP:TRANSPARENT",
        "URL:https://wsoa.test/actions/7",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]
