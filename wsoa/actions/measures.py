"""Measured values of an action's success measure: record one, read them back.

Recording a value is a change to the action: it says which version of the action it was made on, moves the
version on, and is audited in the same transaction, like a progress update.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from sqlalchemy.exc import IntegrityError

from .. import audit
from ..board.trends import against_target
from ..dashboard.charts import MeasureSeries, measure_svg
from ..extensions import db
from ..formatting import long_date, measure_text
from ..models import Action, MeasuredValue, User
from ..permissions import can_contribute, require
from ..vocabulary import CLOSED_STATUSES, DIRECTION_NAMES
from .services import EditConflict, WorkflowError, check_version, save_change_to

SOURCE_MAX = 300
# Beyond this a "measure" is a typing slip (or an attempt to break the chart), not a figure from a report.
LARGEST_VALUE = 1e12


@dataclass(frozen=True)
class Measurement:
    measured_on: date | None
    value: float | None
    source: str


def _check(action: Action, measurement: Measurement, today: date) -> None:
    if not action.success_measure.strip():
        raise WorkflowError("Set the action's success measure before recording values against it")
    if measurement.measured_on is None:
        raise WorkflowError("Enter the date the value is for")
    if measurement.measured_on > today:
        raise WorkflowError("The date the value is for must be today or in the past")
    value = measurement.value
    if value is None or isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise WorkflowError("Enter the value as a number, like 62.5")
    if abs(value) >= LARGEST_VALUE:
        raise WorkflowError("Enter a value smaller than a million million")
    if not measurement.source.strip():
        raise WorkflowError("Enter where the value comes from")
    if len(measurement.source.strip()) > SOURCE_MAX:
        raise WorkflowError(f"Where the value comes from must be {SOURCE_MAX} characters or fewer")
    if any(existing.measured_on == measurement.measured_on for existing in action.measures):
        raise WorkflowError(
            f"A value for {long_date(measurement.measured_on)} is already recorded: each date takes one value"
        )


def record_measure(
    user: User, action: Action, measurement: Measurement, expected_version: int | None, today: date | None = None
) -> MeasuredValue:
    """Add a dated value to the action's success measure. Refused values store nothing."""
    require(can_contribute(user, action), "Only the lead, a partner or a manager can record measured values.")
    check_version(action, expected_version)
    if action.status in CLOSED_STATUSES:
        raise WorkflowError("A retired or signed-off action takes no more measured values")
    _check(action, measurement, today or date.today())
    measured = MeasuredValue(
        action=action,
        measured_on=measurement.measured_on,
        value=float(measurement.value),
        source=measurement.source.strip(),
        recorded_by=user,
    )
    db.session.add(measured)
    shown = measure_text(measured.value, action.measure_unit)
    audit.record_for_action(
        "measure.recorded",
        user,
        action,
        f"Measured value on {action.reference}: {shown} for {long_date(measured.measured_on)}",
        changes={
            "measured_on": [None, measured.measured_on.isoformat()],
            "value": [None, measured.value],
            "source": [None, measured.source],
        },
    )
    try:
        save_change_to(action)
    except IntegrityError:
        # The same date recorded by someone else a moment ago: their save moved the action on too.
        db.session.rollback()
        raise EditConflict(db.session.get(Action, action.id)) from None
    return measured



def measure_chart(action: Action) -> str:
    """The action page's chart of its measured values, with the baseline and target drawn across it."""
    series = MeasureSeries(
        points=[(measured.measured_on, measured.value) for measured in action.measures],
        baseline=action.baseline_value,
        target=action.target_value,
        unit=action.measure_unit,
        better_words=DIRECTION_NAMES[action.measure_better],
    )
    return measure_svg(series, title=f"Measured values for {action.reference}: {action.success_measure[:150]}")


def standing_of(action: Action) -> str:
    """Where the latest value stands against the target, in words."""
    latest = action.measures[-1].value if action.measures else None
    return against_target(latest, action.target_value, action.measure_better, action.measure_unit)
