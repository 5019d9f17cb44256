from dataclasses import dataclass
from datetime import date

from wsoa.inspections.key_dates import KeyDate, key_dates


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


def test_a_manager_s_dates_for_a_2023_inspection_replace_the_estimates():
    facts = Facts(framework="2023", inspection_end=date(2023, 6, 30), wsoa_required=False, outcome=3,
                  monitoring_inspection_within_months=18, next_full_inspection_within_months=36,
                  revisit_date=date(2024, 5, 13), next_full_inspection_date=date(2025, 11, 3))
    monitoring, full = key_dates(facts)
    assert (monitoring.code, monitoring.when, monitoring.set_by_manager) == (
        "monitoring_inspection", date(2024, 5, 13), True)
    assert (full.code, full.when, full.set_by_manager) == ("next_full_inspection", date(2025, 11, 3), True)


def test_a_manager_s_date_for_a_2023_inspection_stands_even_when_the_report_gives_no_estimate():
    facts = Facts(framework="2023", inspection_end=date(2023, 6, 30), wsoa_required=False, outcome=1,
                  next_full_inspection_date=date(2027, 2, 1))
    (full,) = key_dates(facts)
    assert (full.when, full.set_by_manager) == (date(2027, 2, 1), True)


def test_a_2023_estimate_without_inspection_dates_asks_the_manager_to_set_it():
    facts = Facts(framework="2023", inspection_end=None, wsoa_required=False, outcome=1,
                  next_full_inspection_within_months=60)
    assert key_dates(facts) == [
        KeyDate("next_full_inspection", "Next full inspection expected", None, False,
                "The inspection dates are not known, so set this date yourself.")
    ]


def test_a_deadline_in_a_year_after_the_published_bank_holidays_warns_to_check_for_extra_ones():
    deadline, _ = key_dates(Facts(letter_date=date(2030, 11, 18)))
    assert "check for any extra ones" in deadline.explanation


def test_a_deadline_within_the_published_bank_holidays_gives_no_warning():
    deadline, _ = key_dates(Facts(letter_date=date(2027, 11, 15)))
    assert "check for any extra ones" not in deadline.explanation


def test_a_deadline_that_crosses_into_a_year_after_the_published_list_warns_too():
    deadline, _ = key_dates(Facts(letter_date=date(2028, 11, 15)))
    assert deadline.when.year == 2029
    assert "check for any extra ones" in deadline.explanation


def test_a_deadline_lists_the_bank_holidays_it_skipped_and_the_weekend_days():
    deadline, _ = key_dates(Facts(letter_date=date(2026, 6, 1)))
    assert deadline.when == date(2026, 9, 8)
    assert deadline.explanation == (
        "70 working days after the letter of 1 June 2026, not counting 28 weekend days or 1 bank holidays: "
        "Summer bank holiday (31 August 2026)."
    )


def test_a_deadline_with_no_bank_holidays_in_its_time_says_so():
    deadline, _ = key_dates(Facts(letter_date=date(2026, 9, 14)))
    assert deadline.explanation == (
        "70 working days after the letter of 14 September 2026, not counting 28 weekend days "
        "(no bank holidays fell in that time)."
    )


def test_a_2023_estimate_says_how_it_was_counted_and_names_the_date():
    facts = Facts(framework="2023", letter_date=None, inspection_end=date(2023, 6, 30), wsoa_required=False,
                  outcome=3, monitoring_inspection_within_months=18, next_full_inspection_within_months=36)
    monitoring, full = key_dates(facts)
    assert (monitoring.name, monitoring.set_by_manager) == ("Monitoring inspection expected", False)
    assert monitoring.explanation == (
        "An estimate: the report says within about 18 months; counted from the last day of the inspection, "
        "30 June 2023."
    )
    assert (full.name, full.set_by_manager) == ("Next full inspection expected", False)


def test_a_date_a_manager_set_says_so_and_keeps_its_name():
    deadline, revisit = key_dates(Facts(wsoa_deadline=date(2020, 4, 1), revisit_date=date(2021, 6, 14)))
    assert (deadline.code, deadline.name, deadline.explanation) == (
        "wsoa_deadline", "Written statement of action due", "Set by a manager.")
    assert (revisit.code, revisit.name, revisit.explanation) == ("revisit", "Revisit expected", "Set by a manager.")


def test_without_a_letter_date_both_2016_dates_are_left_for_the_manager_to_set():
    assert key_dates(Facts(letter_date=None)) == [
        KeyDate("wsoa_deadline", "Written statement of action due", None, False,
                "The letter date is not known, so set this date yourself."),
        KeyDate("revisit", "Revisit expected", None, False, "Set this date when Ofsted and the CQC give notice."),
    ]


def test_the_derived_2016_dates_are_named_estimated_and_explained_in_full():
    deadline, revisit = key_dates(Facts())
    assert (deadline.code, deadline.name, deadline.set_by_manager) == (
        "wsoa_deadline", "Written statement of action due", False)
    assert deadline.explanation.endswith(
        "3 bank holidays: Christmas Day (25 December 2019), Boxing Day (26 December 2019), "
        "New Year’s Day (1 January 2020)."
    )
    assert revisit == KeyDate(
        "revisit", "Revisit expected", date(2021, 9, 27), False,
        "An estimate: revisits usually come within 18 months of the written statement being accepted, counted here "
        "from its deadline. Set the date when Ofsted and the CQC give notice.",
    )


def test_the_warning_for_years_after_the_published_list_is_added_to_the_explanation():
    deadline, _ = key_dates(Facts(letter_date=date(2030, 11, 18)))
    assert deadline.explanation.startswith("70 working days after the letter of 18 November 2030")
    assert deadline.explanation.endswith(
        "(1 January 2031). Bank holidays after GOV.UK's published list follow the usual rules: "
        "check for any extra ones."
    )


def test_a_manager_s_2023_dates_keep_their_names():
    facts = Facts(framework="2023", inspection_end=date(2023, 6, 30), wsoa_required=False, outcome=3,
                  revisit_date=date(2024, 5, 13), next_full_inspection_date=date(2025, 11, 3))
    assert key_dates(facts) == [
        KeyDate("monitoring_inspection", "Monitoring inspection expected", date(2024, 5, 13), True,
                "Set by a manager."),
        KeyDate("next_full_inspection", "Next full inspection expected", date(2025, 11, 3), True, "Set by a manager."),
    ]
