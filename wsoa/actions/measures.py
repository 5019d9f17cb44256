"""Measured values of an action's success measure: record one, read them back.

Recording a value is a change to the action: it says which version of the action it was made on, moves the
version on, and is audited in the same transaction, like a progress update. A value typed wrongly can be
corrected, or removed when it should never have been recorded; either needs a reason, and the audit trail keeps
what it was. A board meeting already recorded keeps the value as it then stood (board snapshots copy it).
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
from ..permissions import can_contribute, can_view_area, require
from ..vocabulary import CLOSED_STATUSES, DIRECTION_NAMES
from .services import EditConflict, WorkflowError, check_version, save_change_to

SOURCE_MAX = 300
REASON_MAX = 500
# Beyond this a "measure" is a typing slip (or an attempt to break the chart), not a figure from a report.
LARGEST_VALUE = 1e12


@dataclass(frozen=True)
class Measurement:
    measured_on: date | None
    value: float | None
    source: str


@dataclass(frozen=True)
class Correction:
    value: float | None
    source: str
    reason: str


def _check_value_and_source(value: float | None, source: str) -> None:
    if value is None or isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise WorkflowError("Enter the value as a number, like 62.5")
    if abs(value) >= LARGEST_VALUE:
        raise WorkflowError("Enter a value smaller than a million million")
    if not source.strip():
        raise WorkflowError("Enter where the value comes from")
    if len(source.strip()) > SOURCE_MAX:
        raise WorkflowError(f"Where the value comes from must be {SOURCE_MAX} characters or fewer")


def _check_reason(reason: str, doing: str) -> None:
    if not reason.strip():
        raise WorkflowError(f"Say why you are {doing} the value")
    if len(reason.strip()) > REASON_MAX:
        raise WorkflowError(f"The reason must be {REASON_MAX} characters or fewer")


def _check(action: Action, measurement: Measurement, today: date) -> None:
    if not action.success_measure.strip():
        raise WorkflowError("Set the action's success measure before recording values against it")
    if measurement.measured_on is None:
        raise WorkflowError("Enter the date the value is for")
    if measurement.measured_on > today:
        raise WorkflowError("The date the value is for must be today or in the past")
    _check_value_and_source(measurement.value, measurement.source)
    if any(existing.measured_on == measurement.measured_on for existing in action.measures):
        raise WorkflowError(
            f"A value for {long_date(measurement.measured_on)} is already recorded: each date takes one value"
        )


def measured_value_for(user: User, measured_id: int) -> MeasuredValue | None:
    measured = db.session.get(MeasuredValue, measured_id)
    if measured is None or not can_view_area(user, measured.action.local_area_id):
        return None
    return measured


def _check_change_allowed(user: User, action: Action, expected_version: int | None) -> None:
    require(can_contribute(user, action), "Only the lead, a partner or a manager can record measured values.")
    check_version(action, expected_version)
    if action.status in CLOSED_STATUSES:
        raise WorkflowError("A retired or signed-off action's measured values cannot change")


def record_measure(
    user: User, action: Action, measurement: Measurement, expected_version: int | None, today: date | None = None
) -> MeasuredValue:
    """Add a dated value to the action's success measure. Refused values store nothing."""
    _check_change_allowed(user, action, expected_version)
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


def correct_measure(user: User, measured: MeasuredValue, correction: Correction, expected_version: int | None) -> None:
    """Change a recorded value or where it came from (its date stays: remove it and record it again for that)."""
    action = measured.action
    _check_change_allowed(user, action, expected_version)
    _check_value_and_source(correction.value, correction.source)
    _check_reason(correction.reason, "correcting")
    value, source = float(correction.value), correction.source.strip()
    if (value, source) == (measured.value, measured.source):
        raise WorkflowError("Change the value or where it comes from: both are as recorded")
    changes = {
        name: [old, new]
        for name, old, new in (("value", measured.value, value), ("source", measured.source, source))
        if old != new
    }
    before = measure_text(measured.value, action.measure_unit)
    measured.value, measured.source = value, source
    audit.record_for_action(
        "measure.corrected",
        user,
        action,
        f"Measured value on {action.reference} for {long_date(measured.measured_on)} corrected "
        f"(was {before}, now {measure_text(value, action.measure_unit)}): {correction.reason.strip()}",
        changes=changes,
    )
    save_change_to(action)


def remove_measure(user: User, measured: MeasuredValue, reason: str, expected_version: int | None) -> None:
    """Take away a value that should never have been recorded; the audit trail keeps what it was."""
    action = measured.action
    _check_change_allowed(user, action, expected_version)
    _check_reason(reason, "removing")
    audit.record_for_action(
        "measure.removed",
        user,
        action,
        f"Measured value on {action.reference} for {long_date(measured.measured_on)} removed "
        f"(it was {measure_text(measured.value, action.measure_unit)}): {reason.strip()}",
        changes={
            "measured_on": [measured.measured_on.isoformat(), None],
            "value": [measured.value, None],
            "source": [measured.source, None],
        },
    )
    db.session.delete(measured)
    save_change_to(action)



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
