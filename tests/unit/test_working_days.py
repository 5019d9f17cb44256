from datetime import date, timedelta

import pytest
from dateutil.easter import easter

from wsoa.working_days import (
    _last_monday,
    _published_holidays,
    _rule_based_holidays,
    add_months,
    add_working_days,
    is_published_year,
    is_working_day,
)


def test_seventy_working_days_skip_weekends_and_the_christmas_bank_holidays():
    count = add_working_days(date(2019, 12, 17), 70)
    assert count.result == date(2020, 3, 27)
    assert [title for _, title in count.bank_holidays] == ["Christmas Day", "Boxing Day", "New Year’s Day"]


def test_the_start_day_itself_is_not_counted():
    assert add_working_days(date(2024, 3, 4), 1).result == date(2024, 3, 5)


def test_a_count_starting_on_friday_lands_after_the_weekend():
    count = add_working_days(date(2024, 3, 8), 1)
    assert count.result == date(2024, 3, 11)
    assert count.weekend_days == 2


def test_one_off_bank_holidays_from_the_published_list_are_skipped():
    assert not is_working_day(date(2022, 9, 19))  # the State Funeral of Queen Elizabeth II
    assert not is_working_day(date(2023, 5, 8))  # the coronation of King Charles III


@pytest.mark.parametrize("year", [2013, 2014, 2015, 2016, 2017, 2018, 2019, 2021, 2024, 2025, 2026, 2027, 2028])
def test_the_usual_rules_give_the_published_holidays_in_years_without_one_offs(year):
    published = {day: title for day, title in _published_holidays().items() if day.year == year}
    assert _rule_based_holidays(year) == published  # the days and what each is called


def test_years_after_the_published_list_still_skip_christmas():
    assert not is_working_day(date(2031, 12, 25))
    assert is_working_day(date(2031, 12, 29))


def test_christmas_on_a_saturday_moves_both_holidays_to_monday_and_tuesday():
    assert set(_rule_based_holidays(2032)) >= {date(2032, 12, 27), date(2032, 12, 28)}


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [(date(2023, 6, 30), 18, date(2024, 12, 30)), (date(2024, 1, 31), 1, date(2024, 2, 29)),
     (date(2023, 3, 22), 36, date(2026, 3, 22))],
)
def test_adding_months_keeps_the_day_or_uses_the_months_last_day(start, months, expected):
    assert add_months(start, months) == expected


def test_a_count_in_years_after_the_published_list_skips_christmas_boxing_day_and_new_year():
    count = add_working_days(date(2030, 11, 18), 70)
    assert count.result == date(2031, 2, 27)
    assert count.bank_holidays == (
        (date(2030, 12, 25), "Christmas Day"), (date(2030, 12, 26), "Boxing Day"), (date(2031, 1, 1), "New Year’s Day")
    )


def test_christmas_on_a_sunday_moves_to_tuesday_and_boxing_day_stays():
    holidays = _rule_based_holidays(2033)
    assert (holidays[date(2033, 12, 26)], holidays[date(2033, 12, 27)]) == ("Boxing Day", "Christmas Day")
    assert date(2033, 12, 25) not in holidays


def test_christmas_on_a_friday_moves_boxing_day_to_monday():
    holidays = _rule_based_holidays(2037)
    assert (holidays[date(2037, 12, 25)], holidays[date(2037, 12, 28)]) == ("Christmas Day", "Boxing Day")
    assert date(2037, 12, 26) not in holidays


def test_new_year_on_a_weekend_moves_to_the_monday():
    assert _rule_based_holidays(2033)[date(2033, 1, 3)] == "New Year’s Day"  # Saturday
    assert _rule_based_holidays(2034)[date(2034, 1, 2)] == "New Year’s Day"  # Sunday
    assert _rule_based_holidays(2035)[date(2035, 1, 1)] == "New Year’s Day"  # Monday


def test_only_years_on_the_published_list_are_published_years():
    assert is_published_year(2028)
    assert not is_published_year(2029)
    assert not is_published_year(2011)


def test_good_friday_and_easter_monday_follow_easter_in_every_gregorian_year_dateutil_knows():
    for year in range(1583, 4100):
        holidays = _rule_based_holidays(year)
        sunday = easter(year)
        assert holidays[sunday - timedelta(days=2)] == "Good Friday", year
        assert holidays[sunday + timedelta(days=1)] == "Easter Monday", year


def test_the_may_and_august_holidays_are_the_first_and_last_mondays_of_their_months():
    holidays = _rule_based_holidays(2035)  # May begins on a Tuesday and ends on a Thursday; August ends on a Friday
    assert holidays[date(2035, 5, 7)] == "Early May bank holiday"
    assert holidays[date(2035, 5, 28)] == "Spring bank holiday"
    assert holidays[date(2035, 8, 27)] == "Summer bank holiday"


def test_the_last_monday_of_december_is_found_in_the_same_year():
    assert _last_monday(2026, 12) == date(2026, 12, 28)


def test_the_last_monday_of_december_is_not_the_new_year_s_day_after_it():
    assert _last_monday(2017, 12) == date(2017, 12, 25)  # 1 January 2018 was a Monday
    assert _last_monday(2029, 12) == date(2029, 12, 31)


def test_a_count_remembers_where_it_started_and_how_many_days_it_counted():
    count = add_working_days(date(2024, 3, 4), 3)
    assert (count.start, count.working_days, count.result) == (date(2024, 3, 4), 3, date(2024, 3, 7))
