"""How an action, a weakness and a success measure moved between two board meetings. Pure: plain values in,
plain values out; wsoa/board/services.py reads the snapshots, wsoa/board/report.py lays out the report.

The rules (also in README.md, "Board meetings and the board report"):
- An action's rating is its RAG; a complete or signed-off action counts as green; a retired one is left out,
  and so is one not rated yet.
- A weakness's RAG is the worst rating among its actions. Its trend compares the average rating of its actions
  (red 0, amber 1, green 2) with the average at the previous meeting: up is improving, down is worse.
- A measure's trend compares its latest value with the one at the previous meeting, in the direction the
  action says is better.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction

from ..formatting import measure_text
from ..vocabulary import ACTION_RETIRED, DONE_STATUSES, MEASURE_LOWER, RAG_AMBER, RAG_GREEN, RAG_RED

RANK = {RAG_RED: 0, RAG_AMBER: 1, RAG_GREEN: 2}

IMPROVING = "improving"
SAME = "same"
WORSE = "worse"
NOT_COMPARED = "not_compared"
TREND_NAMES = {IMPROVING: "Improving", SAME: "Same", WORSE: "Worse", NOT_COMPARED: "Not compared"}


@dataclass(frozen=True)
class MeasurePoint:
    measured_on: date
    value: float


@dataclass(frozen=True)
class SnapshotLine:
    """One action as it stood when a board meeting was recorded."""

    action_id: int
    status: str
    rag: str | None
    due_date: date | None
    last_update_at: datetime | None
    measured_value: float | None = None
    measured_on: date | None = None

    @property
    def rating(self) -> str | None:
        return action_rating(self.status, self.rag)


def freeze(action, latest: MeasurePoint | None) -> SnapshotLine:
    """The snapshot of an action (anything with id, status, rag, due_date and last_update_at) and its latest
    measured value."""
    return SnapshotLine(
        action_id=action.id,
        status=action.status,
        rag=action.rag,
        due_date=action.due_date,
        last_update_at=action.last_update_at,
        measured_value=latest.value if latest else None,
        measured_on=latest.measured_on if latest else None,
    )


def latest_point(points: Iterable[MeasurePoint]) -> MeasurePoint | None:
    return max(points, key=lambda point: point.measured_on, default=None)


def action_rating(status: str, rag: str | None) -> str | None:
    """What an action counts as on the board: None for a retired action or one not rated yet."""
    if status == ACTION_RETIRED:
        return None
    if status in DONE_STATUSES:
        return RAG_GREEN
    return rag if rag in RANK else None


def worst_rating(ratings: Iterable[str | None]) -> str | None:
    """The weakness's RAG: the worst of its actions' ratings (None when none is rated)."""
    rated = [rating for rating in ratings if rating in RANK]
    return min(rated, key=RANK.__getitem__, default=None)


def average_rating(ratings: Iterable[str | None]) -> Fraction | None:
    rated = [RANK[rating] for rating in ratings if rating in RANK]
    return Fraction(sum(rated), len(rated)) if rated else None


def _compare(before: float | Fraction | None, now: float | Fraction | None) -> str:
    if before is None or now is None:
        return NOT_COMPARED
    if now > before:
        return IMPROVING
    return WORSE if now < before else SAME


def rating_trend(before: Sequence[str | None] | None, now: Sequence[str | None]) -> str:
    """Improving, same or worse: the average rating now against the average then. `before` is None when there
    was no earlier meeting; either side with nothing rated is not compared."""
    return _compare(average_rating(before) if before is not None else None, average_rating(now))


def measure_trend(before: float | None, now: float | None, better: str) -> str:
    """Improving when the value moved the way the action says is better."""
    if before is None or now is None:
        return NOT_COMPARED
    sign = -1 if better == MEASURE_LOWER else 1
    return _compare(sign * before, sign * now)


def target_met(value: float, target: float, better: str) -> bool:
    return value <= target if better == MEASURE_LOWER else value >= target


def against_target(value: float | None, target: float | None, better: str, unit: str = "") -> str:
    """Where the latest value stands against the target, in words."""
    if value is None:
        return "No value recorded yet"
    if target is None:
        return "No target set as a number"
    if target_met(value, target, better):
        return "Target met"
    return f"{measure_text(abs(target - value), unit)} to go"
