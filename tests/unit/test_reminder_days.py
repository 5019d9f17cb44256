"""When: working days, weekly days, period keys and key-date reminder selection."""

from __future__ import annotations

from datetime import date

import pytest

from wsoa.inspections.key_dates import parse_reminder_days
from wsoa.reminders.digest import (
    KeyDateFacts,
    KeyDateReminder,
    Preferences,
    digest_period,
    due_reminders,
    period_day,
    weekly_send_day,
)
from wsoa.reminders.scheduler import parse_send_time

REVISIT = (KeyDateFacts("revisit", "Revisit expected", date(2027, 1, 8), 1),)


def test_daily_periods_are_working_days_only():
    daily = Preferences()
    assert digest_period(daily, date(2026, 11, 24)) == "2026-11-24"
    assert digest_period(daily, date(2026, 11, 28)) is None  # Saturday
    assert digest_period(daily, date(2026, 12, 28)) is None  # Boxing Day's substitute bank holiday
    assert digest_period(Preferences(frequency="off"), date(2026, 11, 24)) is None


def test_weekly_periods_are_iso_weeks_sent_on_the_chosen_day_or_the_next_working_day():
    mondays = Preferences(frequency="weekly", weekly_day=0)
    assert digest_period(mondays, date(2026, 11, 23)) == "2026-W48"
    assert digest_period(mondays, date(2026, 11, 24)) is None
    assert weekly_send_day(date(2026, 12, 30), 0) == date(2026, 12, 29)  # Monday 28th is a bank holiday
    assert digest_period(mondays, date(2026, 12, 29)) == "2026-W53"
    assert period_day("digest", "2026-W53", 0) == date(2026, 12, 29)
    assert period_day("digest", "2026-11-24") == date(2026, 11, 24)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 10, 9), []),  # Friday
        (date(2026, 10, 12), [90]),  # 90 days before was Saturday 10 October: the next working day
        (date(2026, 12, 9), [30]),
        (date(2026, 12, 24), []),  # 14 days before is Christmas Day...
        (date(2026, 12, 29), [14]),  # ...so it comes with the next working day's email
        (date(2027, 1, 1), []),  # a bank holiday: no email that day
        (date(2027, 1, 4), [7]),  # 7 days before fell on New Year's Day
    ],
)
def test_key_date_reminders_fall_on_the_working_day_on_or_after_they_are_due(day, expected):
    reminders = due_reminders(REVISIT, (90, 60, 30, 14, 7), day)
    assert [r.days_before for r in reminders] == expected


def test_passed_key_dates_and_next_full_inspections_are_not_reminded():
    later = (KeyDateFacts("next_full_inspection", "Next full inspection expected", date(2027, 1, 8), 1),)
    assert due_reminders(later, (30,), date(2026, 12, 9)) == []
    assert due_reminders(REVISIT, (30,), date(2027, 1, 11)) == []


def test_reminder_days_setting_is_parsed_plainly():
    assert parse_reminder_days("90, 60,30;7") == (90, 60, 30, 7)
    assert parse_reminder_days("") == ()
    with pytest.raises(ValueError, match="whole numbers of days"):
        parse_reminder_days("90, soon")


def test_send_time():
    assert parse_send_time("07:30") == (7, 30)
    with pytest.raises(ValueError):
        parse_send_time("7am")


def test_reminder_days_accept_one_day_and_two_years_at_the_limits():
    assert parse_reminder_days("730, 1") == (730, 1)


@pytest.mark.parametrize("text", ["0", "731", "90, 0", "-7"])
def test_reminder_days_outside_one_to_730_are_refused(text):
    with pytest.raises(ValueError, match="between 1 and 730"):
        parse_reminder_days(text)


def test_a_blank_entry_in_the_reminder_days_is_skipped_not_the_end_of_the_list():
    assert parse_reminder_days("90,,30") == (90, 30)
    assert parse_reminder_days(",7") == (7,)


def test_reminder_days_are_sorted_longest_first_without_repeats():
    assert parse_reminder_days("7, 90, 30, 7") == (90, 30, 7)


def test_reminder_days_of_only_spaces_or_none_are_no_reminders():
    assert parse_reminder_days("   ") == ()
    assert parse_reminder_days(None) == ()


def test_a_reminder_says_which_date_how_far_off_and_for_which_inspection():
    (reminder,) = due_reminders(REVISIT, (30,), date(2026, 12, 9))
    assert reminder == KeyDateReminder("Revisit expected", date(2027, 1, 8), 30, 30, 1)


def test_a_reminder_sent_on_the_previous_working_day_is_not_sent_again():
    assert due_reminders(REVISIT, (30,), date(2026, 12, 10)) == []


def test_a_reminder_that_fell_at_the_weekend_comes_on_a_monday_key_date_itself():
    monday = (KeyDateFacts("wsoa_deadline", "Written statement of action due", date(2026, 11, 30), 2),)
    assert [(r.days_before, r.days_left) for r in due_reminders(monday, (1,), date(2026, 11, 30))] == [(1, 0)]


def test_a_key_date_that_is_not_reminded_does_not_stop_the_ones_after_it():
    dates = (KeyDateFacts("next_full_inspection", "Next full inspection expected", date(2027, 1, 8), 1), *REVISIT)
    assert [r.name for r in due_reminders(dates, (30,), date(2026, 12, 9))] == ["Revisit expected"]


def test_reminders_are_in_date_order():
    dates = (KeyDateFacts("revisit", "Revisit expected", date(2027, 1, 22), 1),
             KeyDateFacts("wsoa_deadline", "Written statement of action due", date(2026, 12, 23), 1))
    reminders = due_reminders(dates, (45, 15), date(2026, 12, 8))
    assert [r.when for r in reminders] == [date(2026, 12, 23), date(2027, 1, 22)]


def test_a_weekly_digest_goes_on_the_chosen_weekday():
    assert weekly_send_day(date(2026, 11, 23), 2) == date(2026, 11, 25)  # Wednesday


def test_a_week_whose_chosen_day_and_the_rest_are_holidays_or_weekend_has_no_weekly_digest():
    # Friday 1 January 2027 is New Year's Day; the digest does not spill into the next week.
    assert weekly_send_day(date(2026, 12, 30), 4) is None
    assert period_day("digest", "2026-W53", 4) == date(2026, 12, 28)  # such a week's email is composed for Monday


def test_an_unreadable_period_has_no_day():
    assert period_day("digest", "someday") is None


def test_a_reminder_days_error_says_exactly_what_to_enter():
    with pytest.raises(ValueError) as error:
        parse_reminder_days("soon")
    assert str(error.value) == "Enter whole numbers of days between 1 and 730, separated by commas, like 90, 30, 7"
