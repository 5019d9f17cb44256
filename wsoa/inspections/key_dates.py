"""The dates an area works towards, derived from the letter and what has been recorded since, overridable by a
manager. Each says how it was worked out: an estimate shows its working, a recorded fact says so.

The cycle (wsoa/inspections/cycle.py) moves the estimates on: the revisit is counted from the statement's
acceptance once that is recorded, and from the notice once that is given; a submission meets its deadline. A
follow-on plan's own visit (the second revisit, and so on) is there once its notice is recorded.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Protocol

from ..formatting import long_date, long_date_range
from ..working_days import WSOA_WORKING_DAYS, add_months, add_working_days, is_published_year
from .cycle import (
    ACCEPTED,
    MEETING_NAMES,
    NO_CYCLE,
    RESUBMIT,
    CycleFacts,
    RevisitFacts,
    statement_name,
    visit_name,
)

# Revisits usually come within 18 months of the written statement being accepted.
REVISIT_MONTHS_AFTER_WSOA = 18
# The revisit's letter is usually published about five weeks after the visit.
LETTER_WEEKS_AFTER_VISIT = 5

WSOA_DEADLINE = "wsoa_deadline"
PRIORITY_ACTION_PLAN_DUE = "priority_action_plan_due"
STATEMENT_SUBMITTED = "statement_submitted"
STATEMENT_ACCEPTED = "statement_accepted"
RESUBMISSION_ASKED = "resubmission_asked"
RESUBMISSION_DEADLINE = "resubmission_deadline"
REVISIT = "revisit"
MONITORING_INSPECTION = "monitoring_inspection"
VISIT_NOTICE = "visit_notice"
VISIT_LETTER = "visit_letter"
NEXT_FULL_INSPECTION = "next_full_inspection"
MEETING_CODES = {kind: f"{kind}_meeting" for kind in MEETING_NAMES}
ALL_CODES = (
    WSOA_DEADLINE,
    PRIORITY_ACTION_PLAN_DUE,
    STATEMENT_SUBMITTED,
    STATEMENT_ACCEPTED,
    RESUBMISSION_ASKED,
    RESUBMISSION_DEADLINE,
    REVISIT,
    MONITORING_INSPECTION,
    VISIT_NOTICE,
    VISIT_LETTER,
    NEXT_FULL_INSPECTION,
    *MEETING_CODES.values(),
)
# The dates an area counts down to (meetings and recorded facts are on the calendar, not counted down to).
TARGET_CODES = (
    WSOA_DEADLINE,
    PRIORITY_ACTION_PLAN_DUE,
    RESUBMISSION_DEADLINE,
    REVISIT,
    MONITORING_INSPECTION,
    NEXT_FULL_INSPECTION,
)
RECORDED = "Recorded by a manager."


class InspectionFacts(Protocol):
    framework: str
    letter_date: date | None
    inspection_end: date | None
    wsoa_required: bool
    outcome: int | None
    monitoring_inspection_within_months: int | None
    next_full_inspection_within_months: int | None
    wsoa_deadline: date | None
    revisit_date: date | None
    next_full_inspection_date: date | None


@dataclass(frozen=True)
class KeyDate:
    code: str
    name: str
    when: date | None
    set_by_manager: bool
    explanation: str
    # It happened, or was met (a deadline once the statement went): no countdown, no reminder.
    settled: bool = False
    # The last day, for something lasting several days (the days on site).
    until: date | None = None


def _set_by_manager(code: str, name: str, when: date) -> KeyDate:
    return KeyDate(code, name, when, True, "Set by a manager.")


def _recorded(code: str, name: str, when: date, explanation: str = RECORDED) -> KeyDate:
    return KeyDate(code, name, when, False, explanation, settled=True)


def _wsoa_deadline(facts: InspectionFacts) -> KeyDate:
    name = "Written statement of action due"
    if facts.wsoa_deadline:
        return _set_by_manager(WSOA_DEADLINE, name, facts.wsoa_deadline)
    if facts.letter_date is None:
        return KeyDate(WSOA_DEADLINE, name, None, False, "The letter date is not known, so set this date yourself.")
    count = add_working_days(facts.letter_date, WSOA_WORKING_DAYS)
    holidays = ", ".join(f"{title} ({long_date(day)})" for day, title in count.bank_holidays)
    explanation = (
        f"{WSOA_WORKING_DAYS} working days after the letter of {long_date(facts.letter_date)}, "
        f"not counting {count.weekend_days} weekend days"
        + (
            f" or {len(count.bank_holidays)} bank holidays: {holidays}."
            if holidays
            else " (no bank holidays fell in that time)."
        )
    )
    if not all(is_published_year(day.year) for day in (facts.letter_date, count.result)):
        explanation += " Bank holidays after GOV.UK's published list follow the usual rules: check for any extra ones."
    return KeyDate(WSOA_DEADLINE, name, count.result, False, explanation)


def _priority_action_plan_due(facts: InspectionFacts, cycle: CycleFacts) -> list[KeyDate]:
    """Reports do not say when the plan is due: the date is there once a manager sets it (Ofsted says)."""
    if not facts.wsoa_deadline:
        return []
    return [
        _met_by_submission(
            _set_by_manager(PRIORITY_ACTION_PLAN_DUE, "Priority action plan due", facts.wsoa_deadline), cycle
        )
    ]


def _met_by_submission(deadline: KeyDate, cycle: CycleFacts) -> KeyDate:
    if not cycle.submissions:
        return deadline
    submitted = cycle.submissions[0].submitted_on
    return replace(
        deadline, settled=True, explanation=f"{deadline.explanation} Met: submitted on {long_date(submitted)}."
    )


def _statement_history(framework: str, cycle: CycleFacts) -> list[KeyDate]:
    """Each submission and the decision on it, and a resubmission's deadline (met by the next submission)."""
    name = statement_name(framework)
    title = name[0].upper() + name[1:]
    dates = []
    for number, submission in enumerate(cycle.submissions):
        verb = "submitted" if number == 0 else "resubmitted"
        dates.append(_recorded(STATEMENT_SUBMITTED, f"{title} {verb}", submission.submitted_on))
        if submission.decision == ACCEPTED:
            dates.append(_recorded(STATEMENT_ACCEPTED, f"{title} accepted as fit for purpose", submission.decided_on))
        elif submission.decision == RESUBMIT:
            dates.append(
                _recorded(RESUBMISSION_ASKED, f"Ofsted and the CQC asked for the {name} again", submission.decided_on)
            )
            following = cycle.submissions[number + 1] if number + 1 < len(cycle.submissions) else None
            explanation = (
                "The deadline Ofsted and the CQC set when they asked for it again, "
                f"on {long_date(submission.decided_on)}."
            )
            if following:
                explanation += f" Met: resubmitted on {long_date(following.submitted_on)}."
            dates.append(
                KeyDate(
                    RESUBMISSION_DEADLINE,
                    f"{title} to be resubmitted",
                    submission.resubmit_by,
                    False,
                    explanation,
                    settled=following is not None,
                )
            )
    return dates


def _visit(framework: str, code: str, visit: RevisitFacts) -> list[KeyDate]:
    """The notice, the days on site and the letter, once the notice is recorded."""
    name = visit_name(framework, visit.plan_number)
    title = name[0].upper() + name[1:]
    dates = [
        _recorded(VISIT_NOTICE, f"Notice of the {name}", visit.notice_on),
        KeyDate(
            code,
            title,
            visit.starts_on,
            False,
            f"On site {long_date_range(visit.starts_on, visit.ends_on)}, as the notice of "
            f"{long_date(visit.notice_on)} said.",
            until=visit.ends_on,
        ),
    ]
    if visit.letter_published_on:
        dates.append(_recorded(VISIT_LETTER, f"{title} letter published", visit.letter_published_on))
    else:
        dates.append(
            KeyDate(
                VISIT_LETTER,
                f"{title} letter expected",
                visit.ends_on + timedelta(weeks=LETTER_WEEKS_AFTER_VISIT),
                False,
                f"An estimate: the letter is usually published about {LETTER_WEEKS_AFTER_VISIT} weeks after the "
                f"{name}, which ends on {long_date(visit.ends_on)}.",
            )
        )
    return dates


def _later_visits(framework: str, code: str, cycle: CycleFacts) -> list[KeyDate]:
    """The follow-on plans' own visits: never estimated, there once their notice is recorded."""
    return [key_date for visit in cycle.later_visits for key_date in _visit(framework, code, visit)]


def _revisit(facts: InspectionFacts, deadline: KeyDate, cycle: CycleFacts) -> list[KeyDate]:
    if cycle.revisit:
        return _visit(facts.framework, REVISIT, cycle.revisit) + _later_visits(facts.framework, REVISIT, cycle)
    name = "Revisit expected"
    if facts.revisit_date:
        return [_set_by_manager(REVISIT, name, facts.revisit_date)]
    explanation = (
        f"An estimate: revisits usually come within {REVISIT_MONTHS_AFTER_WSOA} months of the written statement "
        "being accepted, "
    )
    if accepted_on := cycle.accepted_on:
        return [
            KeyDate(
                REVISIT,
                name,
                add_months(accepted_on, REVISIT_MONTHS_AFTER_WSOA),
                False,
                explanation + f"counted from its acceptance on {long_date(accepted_on)}. "
                "Set the date when Ofsted and the CQC give notice.",
            )
        ]
    if deadline.when is None:
        return [KeyDate(REVISIT, name, None, False, "Set this date when Ofsted and the CQC give notice.")]
    return [
        KeyDate(
            REVISIT,
            name,
            add_months(deadline.when, REVISIT_MONTHS_AFTER_WSOA),
            False,
            explanation + "counted here from its deadline. Set the date when Ofsted and the CQC give notice.",
        )
    ]


def _months_after_inspection(code: str, name: str, months: int | None, facts: InspectionFacts) -> KeyDate | None:
    if months is None:
        return None
    if facts.inspection_end is None:
        return KeyDate(code, name, None, False, "The inspection dates are not known, so set this date yourself.")
    return KeyDate(
        code,
        name,
        add_months(facts.inspection_end, months),
        False,
        f"An estimate: the report says within about {months} months; counted from the last day of the "
        f"inspection, {long_date(facts.inspection_end)}.",
    )


def _meetings(cycle: CycleFacts) -> list[KeyDate]:
    return [
        KeyDate(
            MEETING_CODES[meeting.kind],
            MEETING_NAMES[meeting.kind],
            meeting.held_on,
            False,
            RECORDED + (f" {meeting.note}" if meeting.note else ""),
        )
        for meeting in cycle.meetings
    ]


def _in_date_order(dates: list[KeyDate]) -> list[KeyDate]:
    """Dates in the order they fall; an unknown date keeps its place after the known ones before it."""
    return sorted(dates, key=lambda k: k.when or date.max)


def _dates_2016(facts: InspectionFacts, cycle: CycleFacts) -> list[KeyDate]:
    if not facts.wsoa_required:
        return []
    deadline = _wsoa_deadline(facts)
    return [
        _met_by_submission(deadline, cycle),
        *_statement_history(facts.framework, cycle),
        *_revisit(facts, deadline, cycle),
    ]


def _dates_2023(facts: InspectionFacts, cycle: CycleFacts) -> list[KeyDate]:
    dates = []
    if facts.outcome == 3:
        dates += [*_priority_action_plan_due(facts, cycle), *_statement_history(facts.framework, cycle)]
    name = "Monitoring inspection expected"
    if cycle.revisit:
        dates += _visit(facts.framework, MONITORING_INSPECTION, cycle.revisit)
        dates += _later_visits(facts.framework, MONITORING_INSPECTION, cycle)
    elif facts.revisit_date:
        dates.append(_set_by_manager(MONITORING_INSPECTION, name, facts.revisit_date))
    elif monitoring := _months_after_inspection(
        MONITORING_INSPECTION, name, facts.monitoring_inspection_within_months, facts
    ):
        dates.append(monitoring)
    if facts.next_full_inspection_date:
        dates.append(
            _set_by_manager(NEXT_FULL_INSPECTION, "Next full inspection expected", facts.next_full_inspection_date)
        )
    elif full := _months_after_inspection(
        NEXT_FULL_INSPECTION, "Next full inspection expected", facts.next_full_inspection_within_months, facts
    ):
        dates.append(full)
    return dates


def key_dates(facts: InspectionFacts, cycle: CycleFacts = NO_CYCLE) -> list[KeyDate]:
    """The inspection's lifecycle: what was recorded and what lies ahead, in the order they fall."""
    dates = _dates_2016(facts, cycle) if facts.framework == "2016" else _dates_2023(facts, cycle)
    if dates or cycle.meetings:
        dates += _meetings(cycle)
    return _in_date_order(dates)


def targets(dates: list[KeyDate]) -> list[KeyDate]:
    """The dates still ahead to work towards (a countdown and reminders), from `key_dates`."""
    return [k for k in dates if k.code in TARGET_CODES and k.when is not None and not k.settled]


def parse_reminder_days(text: str | None) -> tuple[int, ...]:
    """'90, 60,30' -> (90, 60, 30). Raises ValueError with a plain-English message."""
    if text is None or not text.strip():
        return ()
    days = set()
    for part in text.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit() or not 1 <= int(part) <= 730:
            raise ValueError("Enter whole numbers of days between 1 and 730, separated by commas, like 90, 30, 7")
        days.add(int(part))
    return tuple(sorted(days, reverse=True))
