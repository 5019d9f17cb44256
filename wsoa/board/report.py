"""The board report's content, composed from the plan's facts and two board meetings' snapshots. Pure: no
database, no Flask; wsoa/board/services.py gathers the facts, wsoa/documents/board_report.py lays it out.

Everything is as it stood when the meeting was recorded, so a report downloaded again later says the same:
actions added since are left out, flags are worked out for the meeting's date from the frozen status, due date
and last update, evidence counts once it had been accepted by then, and a revisit's judgement once it had been
recorded by then (a correction to its words made later shows).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from ..dashboard.facts import ActionFacts, Plan, UpdateFacts, WeaknessFacts
from ..dashboard.rollups import countdowns, next_countdown
from ..documents.board_report import (
    ActionRow,
    BoardReport,
    EvidenceRow,
    FindingSection,
    FlaggedRow,
    KeyDateRow,
    MeasureRow,
    Totals,
    UpdateRow,
)
from ..documents.judgements import RecordedJudgement, VisitJudgement, as_recorded_by
from ..formatting import framework_name, long_date_range, measure_text
from ..vocabulary import (
    ACTION_RETIRED,
    ACTION_SIGNED_OFF,
    EVIDENCE_IMPACT,
    NOT_RATED,
    RAG_AMBER,
    RAG_NAMES,
    RAG_RED,
    REVIEW_ACCEPTED,
    STATUS_NAMES,
    Thresholds,
    flags_of,
)
from .trends import (
    TREND_NAMES,
    SnapshotLine,
    against_target,
    measure_trend,
    rating_trend,
    worst_rating,
)

NO_EARLIER_MEETING = "No earlier meeting"
NOT_THEN = "Not in the plan then"


@dataclass(frozen=True)
class MeetingFacts:
    meeting_date: date
    recorded_at: datetime
    lines: Mapping[int, SnapshotLine]  # by action id


@dataclass(frozen=True)
class _AsFrozen:
    """An action's dates as they stood at the meeting, for the vocabulary's flags."""

    status: str
    due_date: date | None
    last_update_at: datetime | None
    created_at: datetime


def _rag_name(rating: str | None) -> str:
    return RAG_NAMES[rating or NOT_RATED]


def _at_risk_reasons(line: SnapshotLine, flags) -> list[str]:
    """Why an action that is not overdue (so has no overdue flag) is at risk: rated red or amber, due soon or
    stale."""
    reasons = [f"Rated {RAG_NAMES[line.rating].lower()}"] if line.rating in (RAG_RED, RAG_AMBER) else []
    return reasons + flags.describe()


@dataclass(frozen=True)
class _Context:
    meeting: MeetingFacts
    previous: MeetingFacts | None
    updates: Mapping[int, Sequence[UpdateFacts]]
    thresholds: Thresholds
    judgements: Mapping[int, tuple[VisitJudgement, ...]]  # by finding id, oldest first


def _section(weakness: WeaknessFacts, actions: list[ActionFacts], context: _Context) -> FindingSection:
    meeting, previous = context.meeting, context.previous
    now = [meeting.lines[a.id] for a in actions]
    before = [previous.lines[a.id] for a in actions if a.id in previous.lines] if previous else None
    rows, overdue, at_risk, done, evidence, measures = [], [], [], [], [], []
    for action, line in zip(actions, now, strict=True):
        then = previous.lines.get(action.id) if previous else None
        lead = action.lead_name or "No lead"
        rows.append(
            ActionRow(
                action.reference,
                action.title,
                lead,
                STATUS_NAMES[line.status],
                _rag_name(then.rating) if then else (NOT_THEN if previous else NO_EARLIER_MEETING),
                _rag_name(line.rating),
                TREND_NAMES[rating_trend([then.rating] if then else None, [line.rating])],
            )
        )
        flags = flags_of(
            _AsFrozen(line.status, line.due_date, line.last_update_at, action.created_at),
            context.thresholds,
            meeting.meeting_date,
        )
        if flags.overdue:
            overdue.append(FlaggedRow(action.reference, action.title, lead, "; ".join(flags.describe())))
        elif reasons := _at_risk_reasons(line, flags):
            at_risk.append(FlaggedRow(action.reference, action.title, lead, "; ".join(reasons)))
        done += [
            UpdateRow(action.reference, update.created_at.date(), update.author, RAG_NAMES[update.rag], update.done)
            for update in context.updates.get(action.id, ())
        ]
        evidence += [
            EvidenceRow(
                action.reference,
                item.description,
                item.as_at,
                new=previous is not None and item.reviewed_at > previous.recorded_at,
            )
            for item in action.evidence
            if item.kind == EVIDENCE_IMPACT
            and item.review_status == REVIEW_ACCEPTED
            and item.reviewed_at is not None
            and item.reviewed_at <= meeting.recorded_at
        ]
        if action.success_measure:
            unit = action.measure_unit
            before_value = then.measured_value if then else None
            measures.append(
                MeasureRow(
                    reference=action.reference,
                    measure=action.success_measure,
                    baseline=measure_text(action.baseline_value, unit),
                    target=measure_text(action.target_value, unit),
                    before=measure_text(before_value, unit) if before_value is not None else "None recorded",
                    latest=measure_text(line.measured_value, unit) if line.measured_value is not None else "None",
                    latest_on=line.measured_on,
                    against_target=against_target(
                        line.measured_value, action.target_value, action.measure_better, unit
                    ),
                    trend=TREND_NAMES[measure_trend(before_value, line.measured_value, action.measure_better)],
                )
            )
    ratings_now = [line.rating for line in now]
    ratings_before = [line.rating for line in before] if before is not None else None
    return FindingSection(
        label=weakness.label,
        text=weakness.text,
        rag_before=_rag_name(worst_rating(ratings_before)) if ratings_before is not None else NO_EARLIER_MEETING,
        rag_now=_rag_name(worst_rating(ratings_now)),
        trend=TREND_NAMES[rating_trend(ratings_before, ratings_now)],
        actions=tuple(rows),
        done_since=tuple(sorted(done, key=lambda update: (update.on, update.reference))),
        overdue=tuple(overdue),
        at_risk=tuple(at_risk),
        impact_evidence=tuple(evidence),
        measures=tuple(measures),
        judgements=context.judgements.get(weakness.id, ()) if weakness.judged else (),
    )


def _judged_by(judgements: Sequence[RecordedJudgement], meeting: MeetingFacts) -> dict[int, tuple[VisitJudgement, ...]]:
    """Each finding's judgements as they stood when the meeting was recorded (a later correction is not yet in it),
    oldest visit first."""
    by_finding: dict[int, list[RecordedJudgement]] = {}
    for recorded in as_recorded_by(judgements, meeting.recorded_at):
        by_finding.setdefault(recorded.finding_id, []).append(recorded)
    return {
        finding_id: tuple(r.judgement for r in sorted(found, key=lambda r: r.plan_number))
        for finding_id, found in by_finding.items()
    }


def _key_date_words(days: int | None) -> str:
    if days is None:
        return "Date not known"
    if days == 0:
        return "The day of this meeting"
    unit = "day" if abs(days) == 1 else "days"
    return f"{days} {unit} after this meeting" if days > 0 else f"{-days} {unit} before this meeting"


def compose_board_report(
    plan: Plan,
    meeting: MeetingFacts,
    previous: MeetingFacts | None,
    updates: Mapping[int, Sequence[UpdateFacts]],
    key_dates: Sequence,
    judgements: Sequence[RecordedJudgement] = (),
) -> BoardReport:
    """`updates`: each action's progress updates posted after the previous meeting was recorded and up to this
    one (all of them up to this one when there is no previous meeting). `key_dates`: the inspection's
    (wsoa/inspections/key_dates.py). `judgements`: the revisit's (and later visits') on the inspection's
    weaknesses, oldest first."""
    summary = plan.inspection
    context = _Context(meeting, previous, updates, summary.thresholds, _judged_by(judgements, meeting))
    in_snapshot = [
        a for a in plan.actions if a.id in meeting.lines and meeting.lines[a.id].status != ACTION_RETIRED
    ]
    sections = {
        weakness.id: _section(weakness, [a for a in in_snapshot if weakness.id in a.finding_ids], context)
        for weakness in plan.weaknesses
    }
    judged = tuple(sections[w.id] for w in plan.weaknesses if w.judged)
    development = tuple(sections[w.id] for w in plan.weaknesses if not w.judged)
    # An action answering two findings is listed under both, but counted once here.
    overdue = {row.reference for section in sections.values() for row in section.overdue}
    at_risk = {row.reference for section in sections.values() for row in section.at_risk}
    new_impact = {
        (row.reference, row.description) for section in sections.values() for row in section.impact_evidence if row.new
    }
    dates = countdowns(key_dates, meeting.meeting_date)
    rows = tuple(KeyDateRow(c.name, c.when, _key_date_words(c.days)) for c in dates)
    upcoming = next_countdown(dates)
    framework_2016 = summary.framework == "2016"
    return BoardReport(
        area=summary.area_name,
        inspection=f"{framework_name(summary.framework)}, "
        f"{long_date_range(summary.inspection_start, summary.inspection_end)}",
        meeting_date=meeting.meeting_date,
        previous_meeting_date=previous.meeting_date if previous else None,
        judged_heading="Significant weaknesses" if framework_2016 else "Priority actions",
        development_heading="Areas for development" if framework_2016 else "Areas for improvement",
        revisit_name="revisit" if framework_2016 else "monitoring inspection",
        weaknesses=judged,
        development=development,
        totals=Totals(
            actions=len(in_snapshot),
            signed_off=sum(meeting.lines[a.id].status == ACTION_SIGNED_OFF for a in in_snapshot),
            overdue=len(overdue),
            at_risk=len(at_risk),
            updates_since=sum(len(updates.get(a.id, ())) for a in in_snapshot),
            new_impact_evidence=len(new_impact),
            judged_sufficient=sum(section.judgements[-1].sufficient for section in judged if section.judgements),
            judged_insufficient=sum(section.judgements[-1].insufficient for section in judged if section.judgements),
        ),
        next_key_date=KeyDateRow(upcoming.name, upcoming.when, _key_date_words(upcoming.days)) if upcoming else None,
        key_dates=rows,
    )

