from datetime import date

import pytest

from wsoa.formatting import in_context, long_date, long_date_range, months_phrase, outcome_summary


def test_long_date_is_day_month_year_without_leading_zero():
    assert long_date(date(2019, 11, 4)) == "4 November 2019"


def test_a_missing_date_reads_not_known():
    assert long_date(None) == "Not known"


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2019, 11, 4), date(2019, 11, 8), "4 to 8 November 2019"),
        (date(2019, 9, 30), date(2019, 10, 4), "30 September to 4 October 2019"),
        (date(2019, 12, 30), date(2020, 1, 3), "30 December 2019 to 3 January 2020"),
        (date(2019, 11, 4), date(2019, 11, 4), "4 November 2019"),
    ],
)
def test_date_ranges_say_the_month_and_year_once_where_shared(start, end, expected):
    assert long_date_range(start, end) == expected


@pytest.mark.parametrize(("months", "expected"), [(36, "Within about 3 years"), (12, "Within about 1 year"),
                                                  (18, "Within 18 months"), (None, "Not stated")])
def test_months_are_said_in_years_where_whole(months, expected):
    assert months_phrase(months) == expected


def test_a_2016_letter_outcome_is_whether_a_written_statement_is_required():
    assert outcome_summary("2016", True, None) == "Written statement of action required"
    assert outcome_summary("2016", False, None) == "No written statement of action"


def test_a_2023_report_outcome_names_the_outcome():
    assert outcome_summary("2023", False, 3) == "Outcome 3: widespread and/or systemic failings"


def test_in_context_returns_the_finding_with_whole_words_either_side():
    text = "alpha beta gamma delta FINDING epsilon zeta eta theta"
    before, quoted, after = in_context(text, text.index("FINDING"), text.index("FINDING") + 7, margin=10)
    assert quoted == "FINDING"
    assert before == "…delta "
    assert after == " epsilon…"


def test_in_context_survives_a_span_outside_the_text():
    assert in_context("short", 10, 20) == ("short", "", "")
