"""Snapshots and trends, pure: an action's rating, a weakness's RAG and trend, a measure's movement, and a
simulated year of monthly board meetings whose every trend is worked out by hand below."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pytest

from wsoa.board.trends import (
    IMPROVING,
    NOT_COMPARED,
    SAME,
    WORSE,
    MeasurePoint,
    action_rating,
    against_target,
    freeze,
    latest_point,
    measure_trend,
    rating_trend,
    worst_rating,
)


@pytest.mark.parametrize(
    ("status", "rag", "rating"),
    [
        ("in_progress", "amber", "amber"),
        ("not_started", None, None),  # not rated yet: left out
        ("in_progress", "not_rated", None),
        ("complete", "red", "green"),  # done counts as green, whatever its last rating
        ("signed_off", "amber", "green"),
        ("retired", "green", None),  # retired: left out
    ],
)
def test_what_an_action_counts_as_on_the_board(status, rag, rating):
    assert action_rating(status, rag) == rating


def test_a_weaknesss_rag_is_the_worst_of_its_rated_actions():
    assert worst_rating(["green", "amber", None, "green"]) == "amber"
    assert worst_rating(["green", "red", "amber"]) == "red"
    assert worst_rating([None, None]) is None


def test_the_trend_follows_the_average_rating_not_only_the_worst():
    # Still one red, but two of three moved from red to green: improving.
    assert rating_trend(["red", "red", "red"], ["red", "green", "green"]) == IMPROVING
    assert rating_trend(["green", "amber"], ["amber", "green"]) == SAME
    assert rating_trend(["green"], ["green", "red"]) == WORSE  # a new red action pulls it down
    assert rating_trend(None, ["green"]) == NOT_COMPARED  # no earlier meeting
    assert rating_trend([None], ["green"]) == NOT_COMPARED  # nothing rated then
    assert rating_trend(["green"], [None]) == NOT_COMPARED


def test_a_measure_improves_in_the_direction_the_action_says_is_better():
    assert measure_trend(140, 120, "lower") == IMPROVING
    assert measure_trend(140, 120, "higher") == WORSE
    assert measure_trend(55, 55, "higher") == SAME
    assert measure_trend(None, 55, "higher") == NOT_COMPARED


def test_where_a_value_stands_against_its_target():
    assert against_target(55, 60, "higher", "%") == "5% to go"
    assert against_target(60, 60, "higher", "%") == "Target met"
    assert against_target(95, 100, "lower", "days") == "Target met"
    assert against_target(112.5, 100, "lower", "days") == "12.5 days to go"
    assert against_target(100, 100, "lower", "days") == "Target met"  # on the target is meeting it, either way
    assert against_target(7, 10, "higher") == "3 to go"  # a count, with no unit
    assert against_target(None, 60, "higher") == "No value recorded yet"
    assert against_target(55, None, "higher") == "No target set as a number"


# -- A simulated year --------------------------------------------------------------------------------------

MEETINGS = [date(2025, month, 15) for month in range(4, 13)] + [date(2026, month, 15) for month in range(1, 4)]
# Each action's status and RAG at each monthly meeting (12 of them). "-" not yet in the plan.
R, A, G = "red", "amber", "green"
ACTIONS = {
    # Weakness 1: action 1 improves and is completed, then signed off; action 2 starts unrated and dips.
    1: [("in_progress", R)] * 2 + [("in_progress", A)] * 2 + [("in_progress", G)] * 4
    + [("complete", G)] * 2 + [("signed_off", G)] * 2,
    2: [("not_started", None)] + [("in_progress", A)] * 2 + [("in_progress", R)] + [("in_progress", A)] * 2
    + [("in_progress", G)] * 6,
    # Weakness 2: action 3 green until it slips in month 9; action 4 joins red in month 3 and is retired in month 6.
    3: [("in_progress", G)] * 8 + [("in_progress", R), ("in_progress", A), ("in_progress", G), ("in_progress", G)],
    4: ["-", "-"] + [("in_progress", R)] * 3 + [("retired", R)] * 7,
}
WEAKNESSES = {1: [1, 2], 2: [3, 4]}
# Worked out by hand from the averages (red 0, amber 1, green 2; unrated and retired left out):
EXPECTED_TRENDS = {
    # avg: 0, .5, 1, .5, 1.5, 1.5, 2, 2, 2, 2, 2, 2
    1: [NOT_COMPARED, IMPROVING, IMPROVING, WORSE, IMPROVING, SAME, IMPROVING, SAME, SAME, SAME, SAME, SAME],
    # avg: 2, 2, 1, 1, 1, 2, 2, 2, 0, 1, 2, 2
    2: [NOT_COMPARED, SAME, WORSE, SAME, SAME, IMPROVING, SAME, SAME, WORSE, IMPROVING, IMPROVING, SAME],
}
EXPECTED_RAG = {
    1: [R, R, A, R, A, A, G, G, G, G, G, G],
    2: [G, G, R, R, R, G, G, G, R, A, G, G],
}
# Action 1's measure (days from request to plan; lower is better), recorded now and then.
DAYS = {date(2025, 4, 1): 140, date(2025, 6, 1): 131, date(2025, 8, 1): 131, date(2025, 9, 1): 135,
        date(2026, 1, 1): 98}
# Latest by each meeting: 140, 140, 131, 131, 131 (the same again), 135, 135, 135, 135, 98, 98, 98.
EXPECTED_MEASURE = [NOT_COMPARED, SAME, IMPROVING, SAME, SAME, WORSE, SAME, SAME, SAME, IMPROVING, SAME, SAME]


@dataclass(frozen=True)
class Row:
    id: int
    status: str
    rag: str | None
    due_date: date | None = None
    last_update_at: datetime | None = None


def _snapshot(month: int) -> dict:
    meeting = MEETINGS[month]
    lines = {}
    for action_id, script in ACTIONS.items():
        if script[month] == "-":
            continue
        status, rag = script[month]
        points = [MeasurePoint(day, value) for day, value in DAYS.items() if day <= meeting] if action_id == 1 else []
        lines[action_id] = freeze(Row(action_id, status, rag), latest_point(points))
    return lines


def test_a_year_of_monthly_board_meetings_gives_each_weakness_the_trend_worked_out_by_hand():
    snapshots = [_snapshot(month) for month in range(12)]
    trends = {weakness: [] for weakness in WEAKNESSES}
    rags = {weakness: [] for weakness in WEAKNESSES}
    measure = []
    for month, lines in enumerate(snapshots):
        previous = snapshots[month - 1] if month else None
        for weakness, action_ids in WEAKNESSES.items():
            now = [lines[a].rating for a in action_ids if a in lines]
            before = [previous[a].rating for a in action_ids if a in previous] if previous is not None else None
            trends[weakness].append(rating_trend(before, now))
            rags[weakness].append(worst_rating(now))
        before_value = previous[1].measured_value if previous else None
        measure.append(measure_trend(before_value, lines[1].measured_value, "lower"))
    assert trends == EXPECTED_TRENDS
    assert rags == EXPECTED_RAG
    assert measure == EXPECTED_MEASURE


def test_a_snapshot_keeps_the_latest_value_by_date_not_by_the_order_recorded():
    points = [MeasurePoint(date(2026, 3, 1), 50), MeasurePoint(date(2026, 1, 1), 40)]
    updated = datetime(2026, 3, 2, 9, 15)
    line = freeze(Row(7, "in_progress", "amber", date(2026, 6, 30), updated), latest_point(points))
    assert (line.action_id, line.rating, line.due_date, line.last_update_at) == (7, "amber", date(2026, 6, 30), updated)
    assert (line.measured_value, line.measured_on) == (50, date(2026, 3, 1))
    assert freeze(Row(7, "in_progress", None), None).measured_value is None
