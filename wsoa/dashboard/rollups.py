"""Roll-ups for the dashboards: plain functions over the plain data in facts.py and today's date.

No database, no Flask request: tests give hand-made facts and check hand-computed numbers.

Conventions (also in docs/dashboards.md):
- Retired actions are left out of every count except `retired`.
- An action answering two weaknesses counts under each of them.
- Overdue, stale and due soon follow wsoa/actions/flags.py, the same rules the action pages show,
  with "due soon" meaning due within the next 30 days here.
- Evidence counts only once a manager has accepted it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from ..vocabulary import (
    ACTION_COMPLETE,
    ACTION_RETIRED,
    ACTION_SIGNED_OFF,
    DONE_STATUSES,
    EVIDENCE_IMPACT,
    NOT_RATED,
    RAG_KEYS,
    RAGS,
    REVIEW_ACCEPTED,
    TRACKED_STATUSES,
    Thresholds,
    flags_of,
)
from ..working_days import add_months
from .facts import ActionFacts, ChangeFacts, EvidenceFacts, WeaknessFacts

DEFAULT_EVIDENCE_MONTHS = 6


def accepted(evidence: Iterable[EvidenceFacts]) -> list[EvidenceFacts]:
    return [item for item in evidence if item.review_status == REVIEW_ACCEPTED]


def has_accepted_evidence(action: ActionFacts) -> bool:
    return bool(accepted(action.evidence))


def has_accepted_impact(action: ActionFacts) -> bool:
    return any(item.kind == EVIDENCE_IMPACT for item in accepted(action.evidence))


@dataclass(frozen=True)
class Rollup:
    """Counts for a set of actions. `actions` excludes retired ones."""

    actions: int = 0
    retired: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    by_rag: dict[str, int] = field(default_factory=dict)  # red, amber, green, not_rated
    overdue: int = 0
    stale: int = 0
    due_soon: int = 0
    with_accepted_evidence: int = 0
    with_accepted_impact: int = 0

    @property
    def signed_off(self) -> int:
        return self.by_status.get(ACTION_SIGNED_OFF, 0)


def roll_up(actions: Iterable[ActionFacts], today: date, thresholds: Thresholds) -> Rollup:
    actions = list(actions)
    live = [a for a in actions if a.status != ACTION_RETIRED]
    flags = [flags_of(a, thresholds, today) for a in live]
    statuses = Counter(a.status for a in live)
    rags = Counter(a.rag if a.rag in RAGS else NOT_RATED for a in live)
    return Rollup(
        actions=len(live),
        retired=len(actions) - len(live),
        by_status={status: statuses.get(status, 0) for status in TRACKED_STATUSES},
        by_rag={rag: rags.get(rag, 0) for rag in RAG_KEYS},
        overdue=sum(f.overdue for f in flags),
        stale=sum(f.stale for f in flags),
        due_soon=sum(f.due_soon for f in flags),
        with_accepted_evidence=sum(has_accepted_evidence(a) for a in live),
        with_accepted_impact=sum(has_accepted_impact(a) for a in live),
    )


@dataclass(frozen=True)
class WeaknessRow:
    weakness: WeaknessFacts
    rollup: Rollup
    action_ids: tuple[int, ...]


def weakness_rows(
    weaknesses: Sequence[WeaknessFacts], actions: Sequence[ActionFacts], today: date, thresholds: Thresholds
) -> list[WeaknessRow]:
    """One row per tracked weakness, in the plan's numbering."""
    rows = []
    for weakness in sorted(weaknesses, key=lambda w: w.number):
        answering = [a for a in actions if weakness.id in a.finding_ids]
        rows.append(
            WeaknessRow(
                weakness,
                roll_up(answering, today, thresholds),
                tuple(a.id for a in answering),
            )
        )
    return rows


# Key dates --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Countdown:
    name: str
    when: date | None
    days: int | None  # days from today; negative once passed
    explanation: str = ""

    @property
    def passed(self) -> bool:
        return self.days is not None and self.days < 0


def countdowns(key_dates: Iterable, today: date) -> list[Countdown]:
    """Days from today to each key date (objects with name, when and explanation, as key_dates.key_dates gives)."""
    return [
        Countdown(kd.name, kd.when, (kd.when - today).days if kd.when else None, getattr(kd, "explanation", ""))
        for kd in key_dates
    ]


def next_countdown(items: Sequence[Countdown]) -> Countdown | None:
    """The first key date still to come (today counts as to come)."""
    upcoming = [c for c in items if c.days is not None and c.days >= 0]
    return min(upcoming, key=lambda c: c.days) if upcoming else None


# What changed -----------------------------------------------------------------------------------------

CREATED_EVENTS = ("action.created", "action.seeded")


@dataclass(frozen=True)
class ChangeSummary:
    since: date
    actions_created: int
    updates_posted: int
    status_changes: int
    evidence_added: int
    evidence_accepted: int
    signed_off: int


def is_status_change(change: ChangeFacts) -> bool:
    status = change.changes.get("status") if change.changes else None
    return bool(status) and len(status) == 2 and status[0] != status[1]


def is_evidence_accepted(change: ChangeFacts) -> bool:
    review = change.changes.get("review_status") if change.changes else None
    return change.event == "evidence.reviewed" and bool(review) and review[-1] == REVIEW_ACCEPTED


def change_summary(since: date, changes: Iterable[ChangeFacts], update_times: Iterable[datetime]) -> ChangeSummary:
    """Counts of what happened on or after `since` (the changes and update times may include older ones)."""
    start = datetime.combine(since, datetime.min.time())
    recent = [c for c in changes if c.at >= start]
    return ChangeSummary(
        since=since,
        actions_created=sum(c.event in CREATED_EVENTS for c in recent),
        updates_posted=sum(1 for at in update_times if at >= start),
        status_changes=sum(is_status_change(c) for c in recent),
        evidence_added=sum(c.event == "evidence.added" for c in recent),
        evidence_accepted=sum(is_evidence_accepted(c) for c in recent),
        signed_off=sum(c.event == "action.signed_off" for c in recent),
    )


# Revisit readiness ------------------------------------------------------------------------------------

OVERDUE = "overdue"
NO_IMPACT = "no_impact"
OLD_EVIDENCE = "old_evidence"
NOTHING_SIGNED_OFF = "nothing_signed_off"
CONCERN_TITLES = {
    OVERDUE: "Overdue actions",
    NO_IMPACT: "Complete or signed off without accepted evidence of impact",
    OLD_EVIDENCE: "Evidence older than the limit",
    NOTHING_SIGNED_OFF: "Significant weaknesses with nothing signed off",
}


@dataclass(frozen=True)
class Concern:
    """Something inspectors arriving tomorrow would find."""

    kind: str
    reference: str  # the action's reference, or the weakness number
    title: str
    detail: str
    action_id: int | None = None
    weakness_id: int | None = None
    weakness_numbers: tuple[int, ...] = ()
    lead_name: str | None = None
    days: int = 0  # how far past: days overdue, days since the newest accepted evidence
    # About a significant weakness or priority action, which the revisit judges; otherwise about areas for
    # development or improvement only, which boards track but inspectors do not judge.
    judged: bool = True
    weakness_label: str = ""


def _numbers_for(action: ActionFacts, numbers: dict[int, int]) -> tuple[int, ...]:
    return tuple(sorted(numbers[f] for f in action.finding_ids if f in numbers))


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def readiness(
    weaknesses: Sequence[WeaknessFacts],
    actions: Sequence[ActionFacts],
    today: date,
    thresholds: Thresholds,
    evidence_months: int = DEFAULT_EVIDENCE_MONTHS,
) -> list[Concern]:
    """What would embarrass the area if inspectors came tomorrow, worst kind first.

    - overdue: open actions past their due date;
    - no_impact: actions complete or signed off with no accepted evidence of impact;
    - old_evidence: actions whose newest accepted evidence is dated (as at) more than `evidence_months`
      months before today: what the area can show is out of date;
    - nothing_signed_off: tracked significant weaknesses (or priority actions) none of whose actions is
      signed off. Areas for development are never counted as weaknesses.

    Each concern says whether it is `judged`: about something the revisit judges, or only about areas for
    development or improvement.
    """
    numbers = {w.id: w.number for w in weaknesses}
    judged_ids = {w.id for w in weaknesses if w.judged}
    live = [a for a in actions if a.status != ACTION_RETIRED]
    oldest_allowed = add_months(today, -evidence_months)
    concerns: list[Concern] = []
    for action in live:
        flags = flags_of(action, thresholds, today)
        base = {
            "reference": action.reference,
            "title": action.title,
            "action_id": action.id,
            "weakness_numbers": _numbers_for(action, numbers),
            "lead_name": action.lead_name,
            "judged": any(f in judged_ids for f in action.finding_ids),
        }
        if flags.overdue:
            concerns.append(
                Concern(
                    OVERDUE, detail=f"Overdue by {_plural(flags.days_overdue, 'day')}", days=flags.days_overdue, **base
                )
            )
        if action.status in DONE_STATUSES and not has_accepted_impact(action):
            state = "Signed off" if action.status == ACTION_SIGNED_OFF else "Complete"
            concerns.append(Concern(NO_IMPACT, detail=f"{state} with no accepted evidence of impact", **base))
        accepted_items = accepted(action.evidence)
        if accepted_items:
            newest = max(item.as_at for item in accepted_items)
            if newest < oldest_allowed:
                age = (today - newest).days
                concerns.append(
                    Concern(
                        OLD_EVIDENCE, detail=f"Newest accepted evidence is {_plural(age, 'day')} old", days=age, **base
                    )
                )
    for weakness in sorted((w for w in weaknesses if w.judged), key=lambda w: w.number):
        answering = [a for a in live if weakness.id in a.finding_ids]
        if not any(a.status == ACTION_SIGNED_OFF for a in answering):
            detail = (
                f"No actions answer this {weakness.label.rsplit(' ', 1)[0].lower()}"
                if not answering
                else f"None of its {_plural(len(answering), 'action')} is signed off"
            )
            concerns.append(
                Concern(
                    NOTHING_SIGNED_OFF,
                    reference=str(weakness.number),
                    title=weakness.text,
                    detail=detail,
                    weakness_id=weakness.id,
                    weakness_numbers=(weakness.number,),
                    weakness_label=weakness.label,
                )
            )
    return concerns


def concern_counts(concerns: Iterable[Concern]) -> dict[str, int]:
    counts = Counter(c.kind for c in concerns)
    return {kind: counts.get(kind, 0) for kind in CONCERN_TITLES}


# Owners -----------------------------------------------------------------------------------------------

NO_LEAD_LABEL = "No lead yet"


@dataclass(frozen=True)
class OwnerRow:
    owner: str
    owner_id: int | None  # the lead's user id; None for organisations and for "no lead"
    rollup: Rollup


def _owner_rows(
    groups: dict[tuple[str, int | None], list[ActionFacts]], today: date, thresholds: Thresholds
) -> list[OwnerRow]:
    return [
        OwnerRow(name, owner_id, roll_up(items, today, thresholds))
        for (name, owner_id), items in sorted(
            groups.items(), key=lambda kv: (kv[0][0] == NO_LEAD_LABEL, kv[0][0].lower())
        )
    ]


def workload_by_lead(actions: Iterable[ActionFacts], today: date, thresholds: Thresholds) -> list[OwnerRow]:
    """One row per lead officer (and one for actions with no lead yet); retired actions left out."""
    groups: dict[tuple[str, int | None], list[ActionFacts]] = {}
    for action in (a for a in actions if a.status != ACTION_RETIRED):
        key = (action.lead_name, action.lead_id) if action.lead_id is not None else (NO_LEAD_LABEL, None)
        groups.setdefault(key, []).append(action)
    return _owner_rows(groups, today, thresholds)


def workload_by_organisation(actions: Iterable[ActionFacts], today: date, thresholds: Thresholds) -> list[OwnerRow]:
    """One row per partner organisation; an action with two organisations counts under both."""
    groups: dict[tuple[str, int | None], list[ActionFacts]] = {}
    for action in (a for a in actions if a.status != ACTION_RETIRED):
        for name in dict.fromkeys(action.partner_organisations):
            groups.setdefault((name, None), []).append(action)
    return _owner_rows(groups, today, thresholds)


# Charts' numbers ---------------------------------------------------------------------------------------


def completed_on(action: ActionFacts) -> date | None:
    """When the work was done: signed off, or marked complete and awaiting sign-off."""
    if action.status == ACTION_SIGNED_OFF:
        when = action.signed_off_at or action.completed_at
        return when.date() if when else None
    if action.status == ACTION_COMPLETE:
        return action.completed_at.date() if action.completed_at else None
    return None


@dataclass(frozen=True)
class MonthPoint:
    month_end: date
    planned: int  # actions due on or before month_end (cumulative)
    completed: int  # actions completed on or before month_end (cumulative)


def _month_end(day: date) -> date:
    first_next = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return first_next - timedelta(days=1)


def completion_over_time(actions: Iterable[ActionFacts], max_months: int = 36) -> list[MonthPoint]:
    """Cumulative actions due (the plan) and completed, month by month, from the first month either happens.

    Retired actions are left out. At most `max_months` months, the latest ones, are returned.
    """
    live = [a for a in actions if a.status != ACTION_RETIRED]
    due = sorted(a.due_date for a in live if a.due_date)
    done = sorted(d for d in (completed_on(a) for a in live) if d)
    if not due and not done:
        return []
    first, last = min(due[:1] + done[:1]), max(due[-1:] + done[-1:])
    points = []
    month_end = _month_end(first)
    while True:
        points.append(MonthPoint(month_end, sum(d <= month_end for d in due), sum(d <= month_end for d in done)))
        if month_end >= last:
            break
        month_end = _month_end(month_end + timedelta(days=1))
    return points[-max_months:]
