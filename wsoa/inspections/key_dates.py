"""The dates an area works towards, derived from the letter and overridable by a manager."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from ..formatting import long_date
from ..working_days import WSOA_WORKING_DAYS, add_months, add_working_days, is_published_year

# Revisits usually come within 18 months of the written statement being accepted.
REVISIT_MONTHS_AFTER_WSOA = 18

WSOA_DEADLINE = "wsoa_deadline"
REVISIT = "revisit"
MONITORING_INSPECTION = "monitoring_inspection"
NEXT_FULL_INSPECTION = "next_full_inspection"


class InspectionFacts(Protocol):
    framework: str
    letter_date: date | None
    inspection_end: date | None
    wsoa_required: bool
    outcome: int | None
    monitoring_inspection_within_months: int | None
    next_full_inspection_within_months: int | None
    wsoa_deadline: date | None
    revisit_date: date | None
    next_full_inspection_date: date | None


@dataclass(frozen=True)
class KeyDate:
    code: str
    name: str
    when: date | None
    set_by_manager: bool
    explanation: str


def _set_by_manager(code: str, name: str, when: date) -> KeyDate:
    return KeyDate(code, name, when, True, "Set by a manager.")


def _wsoa_deadline(facts: InspectionFacts) -> KeyDate:
    name = "Written statement of action due"
    if facts.wsoa_deadline:
        return _set_by_manager(WSOA_DEADLINE, name, facts.wsoa_deadline)
    if facts.letter_date is None:
        return KeyDate(WSOA_DEADLINE, name, None, False, "The letter date is not known, so set this date yourself.")
    count = add_working_days(facts.letter_date, WSOA_WORKING_DAYS)
    holidays = ", ".join(f"{title} ({long_date(day)})" for day, title in count.bank_holidays)
    explanation = (
        f"{WSOA_WORKING_DAYS} working days after the letter of {long_date(facts.letter_date)}, "
        f"not counting {count.weekend_days} weekend days"
        + (
            f" or {len(count.bank_holidays)} bank holidays: {holidays}."
            if holidays
            else " (no bank holidays fell in that time)."
        )
    )
    if not all(is_published_year(day.year) for day in (facts.letter_date, count.result)):
        explanation += " Bank holidays after GOV.UK's published list follow the usual rules: check for any extra ones."
    return KeyDate(WSOA_DEADLINE, name, count.result, False, explanation)


def _revisit(facts: InspectionFacts, deadline: KeyDate) -> KeyDate:
    name = "Revisit expected"
    if facts.revisit_date:
        return _set_by_manager(REVISIT, name, facts.revisit_date)
    if deadline.when is None:
        return KeyDate(REVISIT, name, None, False, "Set this date when Ofsted and the CQC give notice.")
    return KeyDate(
        REVISIT,
        name,
        add_months(deadline.when, REVISIT_MONTHS_AFTER_WSOA),
        False,
        f"An estimate: revisits usually come within {REVISIT_MONTHS_AFTER_WSOA} months of the written statement "
        "being accepted, counted here from its deadline. Set the date when Ofsted and the CQC give notice.",
    )


def _months_after_inspection(code: str, name: str, months: int | None, facts: InspectionFacts) -> KeyDate | None:
    if months is None:
        return None
    if facts.inspection_end is None:
        return KeyDate(code, name, None, False, "The inspection dates are not known, so set this date yourself.")
    return KeyDate(
        code,
        name,
        add_months(facts.inspection_end, months),
        False,
        f"An estimate: the report says within about {months} months; counted from the last day of the "
        f"inspection, {long_date(facts.inspection_end)}.",
    )


def key_dates(facts: InspectionFacts) -> list[KeyDate]:
    """The inspection's key dates in the order they fall due."""
    if facts.framework == "2016":
        if not facts.wsoa_required:
            return []
        deadline = _wsoa_deadline(facts)
        return [deadline, _revisit(facts, deadline)]

    dates = []
    if facts.revisit_date:
        dates.append(_set_by_manager(MONITORING_INSPECTION, "Monitoring inspection expected", facts.revisit_date))
    elif monitoring := _months_after_inspection(
        MONITORING_INSPECTION, "Monitoring inspection expected", facts.monitoring_inspection_within_months, facts
    ):
        dates.append(monitoring)
    if facts.next_full_inspection_date:
        dates.append(
            _set_by_manager(NEXT_FULL_INSPECTION, "Next full inspection expected", facts.next_full_inspection_date)
        )
    elif full := _months_after_inspection(
        NEXT_FULL_INSPECTION, "Next full inspection expected", facts.next_full_inspection_within_months, facts
    ):
        dates.append(full)
    return dates


def parse_reminder_days(text: str | None) -> tuple[int, ...]:
    """'90, 60,30' -> (90, 60, 30). Raises ValueError with a plain-English message."""
    if text is None or not text.strip():
        return ()
    days = set()
    for part in text.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit() or not 1 <= int(part) <= 730:
            raise ValueError("Enter whole numbers of days between 1 and 730, separated by commas, like 90, 30, 7")
        days.add(int(part))
    return tuple(sorted(days, reverse=True))
