from dataclasses import dataclass
from datetime import date, datetime

from wsoa.vocabulary import Thresholds, flags_of

TODAY = date(2026, 3, 10)


@dataclass
class Action:
    status: str = "in_progress"
    due_date: date | None = None
    last_update_at: datetime | None = None
    created_at: datetime = datetime(2026, 3, 1)


def flags(stale_after_days=30, due_soon_days=14, **overrides):
    return flags_of(Action(**overrides), Thresholds(stale_after_days, due_soon_days), TODAY)


def test_an_open_action_past_its_due_date_is_overdue_by_the_days_since():
    result = flags(due_date=date(2026, 3, 7))
    assert result.overdue and result.days_overdue == 3


def test_an_action_due_today_is_due_soon_not_overdue():
    result = flags(due_date=TODAY)
    assert not result.overdue and result.due_soon


def test_due_soon_looks_ahead_the_given_number_of_days():
    assert flags(due_date=date(2026, 3, 24)).due_soon
    assert not flags(due_date=date(2026, 3, 25)).due_soon
    assert flags(due_date=date(2026, 3, 25), due_soon_days=15).due_soon


def test_complete_signed_off_and_retired_actions_are_never_overdue_or_stale():
    for status in ("complete", "signed_off", "retired"):
        result = flags(status=status, due_date=date(2025, 1, 1), created_at=datetime(2024, 1, 1))
        assert not (result.overdue or result.stale or result.due_soon)


def test_an_action_with_no_update_for_longer_than_the_areas_limit_is_stale():
    assert flags(last_update_at=datetime(2026, 2, 7)).stale  # 31 days
    assert not flags(last_update_at=datetime(2026, 2, 8)).stale  # 30 days


def test_a_new_action_counts_from_when_it_was_created():
    assert flags(created_at=datetime(2026, 1, 1)).stale
    assert not flags(created_at=datetime(2026, 3, 1)).stale


def test_days_since_update_counts_from_the_last_update():
    assert flags(last_update_at=datetime(2026, 2, 7, 16, 45)).days_since_update == 31


def test_days_since_update_is_unknown_for_an_action_never_updated():
    assert flags(created_at=datetime(2026, 1, 1)).days_since_update is None


def test_a_stale_action_says_how_many_days_since_its_last_update():
    assert flags(last_update_at=datetime(2026, 2, 7)).describe() == ["No update for 31 days"]


def test_a_stale_action_never_updated_says_no_update_yet():
    assert flags(created_at=datetime(2026, 1, 1)).describe() == ["No update yet"]


def test_an_overdue_action_says_by_how_many_days_in_the_singular_for_one():
    assert flags(due_date=date(2026, 3, 9)).describe() == ["Overdue by 1 day"]
    assert flags(due_date=date(2026, 3, 7)).describe() == ["Overdue by 3 days"]


def test_flags_are_labelled_overdue_then_due_soon_then_stale():
    overdue_and_stale = flags(due_date=date(2026, 3, 7), last_update_at=datetime(2026, 1, 1))
    assert overdue_and_stale.labels() == [("overdue", "Overdue by 3 days"), ("stale", "No update for 68 days")]
    due_soon_and_stale = flags(due_date=date(2026, 3, 12), last_update_at=datetime(2026, 1, 1))
    assert [flag for flag, _ in due_soon_and_stale.labels()] == ["due_soon", "stale"]


def test_an_action_with_no_due_date_is_neither_overdue_nor_due_soon():
    result = flags(due_date=None)
    assert not result.overdue and not result.due_soon and result.days_overdue == 0


def test_an_action_past_its_due_date_is_not_due_soon():
    assert not flags(due_date=date(2026, 3, 9)).due_soon


def test_a_not_started_action_gets_flags_like_one_in_progress():
    result = flags(status="not_started", due_date=date(2026, 3, 7), created_at=datetime(2026, 1, 1))
    assert result.overdue and result.stale


def test_an_updated_action_counts_from_its_update_not_its_creation():
    result = flags(created_at=datetime(2025, 1, 1), last_update_at=datetime(2026, 3, 5))
    assert not result.stale and result.days_since_update == 5


def test_an_action_due_soon_is_labelled_due_soon():
    assert flags(due_date=date(2026, 3, 12)).labels() == [("due_soon", "Due soon")]
