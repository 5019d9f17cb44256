"""Working days in England and Wales, and the key dates of an inspection that follow from them.

Pure functions: the bank holidays come from govuk-bank-holidays' bundled copy of
GOV.UK's list (no network), and years beyond that list use the usual rules.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from types import MappingProxyType

from govuk_bank_holidays.bank_holidays import BankHolidays

WSOA_WORKING_DAYS = 70


@cache
def _published_holidays() -> dict[date, str]:
    holidays = BankHolidays(use_cached_holidays=True).get_holidays(division=BankHolidays.ENGLAND_AND_WALES)
    return {holiday["date"]: holiday["title"] for holiday in holidays}


def _easter_sunday(year: int) -> date:
    """Anonymous Gregorian algorithm (Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _first_monday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(7 - first.weekday()) % 7)


def _last_monday(year: int, month: int) -> date:
    last = (date(year, month + 1, 1) if month < 12 else date(year + 1, 1, 1)) - timedelta(days=1)
    return last - timedelta(days=last.weekday())


def _rule_based_holidays(year: int) -> dict[date, str]:
    """The usual England and Wales bank holidays, with weekend substitutes; one-off holidays are unknowable."""
    easter = _easter_sunday(year)
    holidays = {
        easter - timedelta(days=2): "Good Friday",
        easter + timedelta(days=1): "Easter Monday",
        _first_monday(year, 5): "Early May bank holiday",
        _last_monday(year, 5): "Spring bank holiday",
        _last_monday(year, 8): "Summer bank holiday",
    }
    new_year = date(year, 1, 1)
    new_year_moves_by = {5: 2, 6: 1}.get(new_year.weekday(), 0)  # Saturday or Sunday: the next Monday
    holidays[new_year + timedelta(days=new_year_moves_by)] = "New Year’s Day"
    christmas, boxing = date(year, 12, 25), date(year, 12, 26)
    if christmas.weekday() == 5:  # Saturday: both move to Monday and Tuesday
        christmas, boxing = christmas + timedelta(days=2), boxing + timedelta(days=2)
    elif christmas.weekday() == 6:  # Sunday: Christmas moves to Tuesday
        christmas = christmas + timedelta(days=2)
    elif christmas.weekday() == 4:  # Friday: Boxing Day moves to Monday
        boxing = boxing + timedelta(days=2)
    holidays[christmas] = "Christmas Day"
    holidays[boxing] = "Boxing Day"
    return holidays


@cache
def bank_holidays(year: int) -> Mapping[date, str]:
    """Worked out once a year is first asked about: counting working days asks again for every day it counts."""
    published = {day: title for day, title in _published_holidays().items() if day.year == year}
    return MappingProxyType(published or _rule_based_holidays(year))


def is_published_year(year: int) -> bool:
    return any(day.year == year for day in _published_holidays())


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(day.year)


@dataclass(frozen=True)
class WorkingDayCount:
    start: date
    working_days: int
    result: date
    weekend_days: int
    bank_holidays: tuple[tuple[date, str], ...]


def add_working_days(start: date, working_days: int) -> WorkingDayCount:
    """The date `working_days` working days after `start` (which itself does not count)."""
    day, counted, weekend_days, skipped = start, 0, 0, []
    while counted < working_days:
        day += timedelta(days=1)
        if day.weekday() >= 5:
            weekend_days += 1
        elif (title := bank_holidays(day.year).get(day)) is not None:
            skipped.append((day, title))
        else:
            counted += 1
    return WorkingDayCount(start, working_days, day, weekend_days, tuple(skipped))


def add_months(start: date, months: int) -> date:
    """Same day of the month, `months` later; the month's last day where that day does not exist."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))
