from dataclasses import dataclass
from datetime import date

from wsoa.inspections.key_dates import key_dates


@dataclass
class Facts:
    framework: str = "2016"
    letter_date: date | None = date(2019, 12, 17)
    inspection_end: date | None = date(2019, 11, 8)
    wsoa_required: bool = True
    outcome: int | None = None
    monitoring_inspection_within_months: int | None = None
    next_full_inspection_within_months: int | None = None
    wsoa_deadline: date | None = None
    revisit_date: date | None = None
    next_full_inspection_date: date | None = None


def test_the_wsoa_is_due_seventy_working_days_after_the_letter():
    deadline, _ = key_dates(Facts())
    assert deadline.when == date(2020, 3, 27)
    assert not deadline.set_by_manager


def test_the_deadline_explains_the_days_it_skipped():
    deadline, _ = key_dates(Facts())
    assert deadline.explanation.startswith("70 working days after the letter of 17 December 2019")
    assert "3 bank holidays: Christmas Day (25 December 2019)" in deadline.explanation


def test_the_revisit_is_estimated_eighteen_months_after_the_deadline():
    _, revisit = key_dates(Facts())
    assert revisit.when == date(2021, 9, 27)
    assert revisit.explanation.startswith("An estimate")


def test_dates_a_manager_set_replace_the_derived_ones():
    deadline, revisit = key_dates(Facts(wsoa_deadline=date(2020, 4, 1), revisit_date=date(2021, 6, 14)))
    assert (deadline.when, deadline.set_by_manager) == (date(2020, 4, 1), True)
    assert (revisit.when, revisit.set_by_manager) == (date(2021, 6, 14), True)


def test_a_letter_without_a_date_asks_the_manager_to_set_the_deadline():
    deadline, revisit = key_dates(Facts(letter_date=None))
    assert deadline.when is None and revisit.when is None
    assert "set this date yourself" in deadline.explanation


def test_a_2016_letter_without_a_wsoa_has_no_key_dates():
    assert key_dates(Facts(wsoa_required=False)) == []


def test_an_outcome_3_report_expects_a_monitoring_and_a_full_inspection():
    facts = Facts(framework="2023", letter_date=None, inspection_end=date(2023, 6, 30), wsoa_required=False,
                  outcome=3, monitoring_inspection_within_months=18, next_full_inspection_within_months=36)
    monitoring, full = key_dates(facts)
    assert (monitoring.code, monitoring.when) == ("monitoring_inspection", date(2024, 12, 30))
    assert (full.code, full.when) == ("next_full_inspection", date(2026, 6, 30))


def test_an_outcome_1_report_expects_only_the_next_full_inspection():
    facts = Facts(framework="2023", inspection_end=date(2024, 3, 15), wsoa_required=False, outcome=1,
                  next_full_inspection_within_months=60)
    (full,) = key_dates(facts)
    assert full.when == date(2029, 3, 15)
