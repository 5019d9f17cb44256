"""Plain data the dashboards, reports and the tracker export work on. Nothing here touches the database.

wsoa/dashboard/data.py fills these from the database in a fixed number of statements; tests build them by hand.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import MISSING, dataclass, field, fields
from datetime import date, datetime

from ..inspections.grouping import finding_label, judged_at_revisit
from ..vocabulary import MEASURE_HIGHER, Thresholds


@dataclass(frozen=True)
class EvidenceFacts:
    id: int
    action_id: int
    kind: str  # activity | impact
    review_status: str  # awaiting_review | accepted | returned
    as_at: date
    description: str = ""
    added_at: datetime | None = None
    reviewed_at: datetime | None = None


@dataclass(frozen=True)
class MilestoneFacts:
    title: str
    due_date: date
    done_on: date | None = None


@dataclass(frozen=True)
class MeasureFacts:
    """A measured value of an action's success measure."""

    measured_on: date
    value: float


@dataclass(frozen=True)
class UpdateFacts:
    created_at: datetime
    author: str
    rag: str
    done: str
    next_steps: str = ""


@dataclass(frozen=True)
class ActionFacts:
    id: int
    reference: str
    title: str
    status: str
    created_at: datetime
    rag: str | None = None
    rag_reason: str = ""
    description: str = ""
    lead_id: int | None = None
    lead_name: str | None = None
    start_date: date | None = None
    due_date: date | None = None
    last_update_at: datetime | None = None
    signed_off_at: datetime | None = None
    # When the action was last marked complete (from the audit trail); None if it never was.
    completed_at: datetime | None = None
    finding_ids: tuple[int, ...] = ()
    partner_organisations: tuple[str, ...] = ()
    partner_people: tuple[str, ...] = ()
    evidence: tuple[EvidenceFacts, ...] = ()
    milestones: tuple[MilestoneFacts, ...] = ()
    success_measure: str = ""
    baseline: str = ""
    target: str = ""
    baseline_value: float | None = None
    target_value: float | None = None
    measure_unit: str = ""
    measure_better: str = MEASURE_HIGHER
    measured_by: str = ""
    latest_update: UpdateFacts | None = None
    latest_measure: MeasureFacts | None = None


_ACTION_DEFAULTS = {f.name: f.default for f in fields(ActionFacts) if f.default is not MISSING}
_ACTION_FIELDS = frozenset(f.name for f in fields(ActionFacts))


def action_facts(values: Iterable[tuple[str, object]]) -> ActionFacts:
    """ActionFacts from (field, value) pairs, as ActionFacts(**dict(values)) makes it but about four times faster:
    a frozen dataclass's __init__ sets each of its 31 fields through object.__setattr__, and the dashboards make
    one for every action on every page. Every field without a default must be among the pairs, and nothing
    else (`check_action_fields`)."""
    facts = object.__new__(ActionFacts)
    facts.__dict__.update(_ACTION_DEFAULTS)
    facts.__dict__.update(values)
    return facts


def check_action_fields(names: Iterable[str]) -> None:
    """Refuse names that are not ActionFacts' fields: action_facts would keep them as stray attributes."""
    stray = set(names) - _ACTION_FIELDS
    if stray:
        raise ValueError(f"Not fields of ActionFacts: {', '.join(sorted(stray))}")


@dataclass(frozen=True)
class WeaknessFacts:
    """A tracked finding, numbered as in the plan (wsoa/actions/services.finding_numbers)."""

    id: int
    number: int
    kind: str
    text: str
    section: str | None = None

    @property
    def label(self) -> str:
        return finding_label(self.kind, self.number)

    @property
    def judged(self) -> bool:
        """Judged at the revisit (a significant weakness or priority action), not an area for development."""
        return judged_at_revisit(self.kind)


@dataclass(frozen=True)
class ChangeFacts:
    """One audit event on one of the plan's actions."""

    at: datetime
    event: str
    summary: str
    action_id: int | None
    actor: str | None = None
    changes: dict = field(default_factory=dict)


@dataclass(frozen=True)
class InspectionSummary:
    """An inspection and its area, with what wsoa/inspections/key_dates.key_dates needs."""

    id: int
    local_area_id: int
    area_name: str
    stale_after_days: int
    due_soon_days: int
    framework: str
    inspection_start: date | None = None
    inspection_end: date | None = None
    letter_date: date | None = None
    wsoa_required: bool = False
    outcome: int | None = None
    monitoring_inspection_within_months: int | None = None
    next_full_inspection_within_months: int | None = None
    wsoa_deadline: date | None = None
    revisit_date: date | None = None
    next_full_inspection_date: date | None = None

    @property
    def thresholds(self) -> Thresholds:
        return Thresholds(self.stale_after_days, self.due_soon_days)


@dataclass(frozen=True)
class Plan:
    """Everything a dashboard page or the tracker export needs about one inspection's plan."""

    inspection: InspectionSummary
    weaknesses: tuple[WeaknessFacts, ...]  # the tracked ones, in plan order
    actions: tuple[ActionFacts, ...]  # in reference order
