"""The inspection cycle after the plan: what may be recorded when. Pure: plain facts in, a refusal or nothing out.

The statement (the 2016 written statement of action, or a 2023 priority action plan) is submitted, and Ofsted
and the CQC accept it or ask for it again by a deadline; the revisit (2016) or monitoring inspection (2023) is
announced, happens and is reported on, judging progress on each significant weakness or priority action; where
progress is insufficient, the area opens a follow-on plan. Each rule refuses with a plain-English reason;
wsoa/inspections/key_dates.py says what each recorded fact does to the dates ahead.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from ..formatting import long_date
from ..refusal import Refusal
from ..working_days import is_working_day
from .grouping import judged_at_revisit

FRAMEWORK_2016 = "2016"

ACCEPTED = "accepted"
RESUBMIT = "resubmit"
DECISIONS = (ACCEPTED, RESUBMIT)

SUFFICIENT = "sufficient"
INSUFFICIENT = "insufficient"
PROGRESS = (SUFFICIENT, INSUFFICIENT)
PROGRESS_NAMES = {SUFFICIENT: "Sufficient progress", INSUFFICIENT: "Insufficient progress"}

MONITORING_MEETING = "monitoring"
ENGAGEMENT_MEETING = "engagement"
# The area's own SEND improvement board meetings are recorded in wsoa/board, where each freezes the plan.
MEETING_NAMES = {
    MONITORING_MEETING: "DfE and NHS England monitoring meeting",
    ENGAGEMENT_MEETING: "Annual engagement meeting",
}


class CycleError(Refusal):
    """A plain-English reason a fact cannot be recorded; nothing was stored."""


@dataclass(frozen=True)
class SubmissionFacts:
    submitted_on: date
    decision: str | None = None
    decided_on: date | None = None
    resubmit_by: date | None = None


@dataclass(frozen=True)
class RevisitFacts:
    notice_on: date
    starts_on: date
    ends_on: date
    letter_published_on: date | None = None


@dataclass(frozen=True)
class MeetingFacts:
    kind: str
    held_on: date
    note: str = ""


@dataclass(frozen=True)
class CycleFacts:
    """What has been recorded of one inspection's cycle, oldest submission first."""

    submissions: tuple[SubmissionFacts, ...] = ()
    revisit: RevisitFacts | None = None
    meetings: tuple[MeetingFacts, ...] = ()

    @property
    def latest(self) -> SubmissionFacts | None:
        return self.submissions[-1] if self.submissions else None

    @property
    def accepted_on(self) -> date | None:
        return next((s.decided_on for s in self.submissions if s.decision == ACCEPTED), None)


NO_CYCLE = CycleFacts()


# -- Names, which differ by framework ---------------------------------------------------------------------


def statement_name(framework: str) -> str:
    return "written statement of action" if framework == FRAMEWORK_2016 else "priority action plan"


def visit_name(framework: str) -> str:
    return "revisit" if framework == FRAMEWORK_2016 else "monitoring inspection"


def follow_on_plan_name(framework: str) -> str:
    """After insufficient progress at a 2016 revisit, the DfE and NHS England usually ask for an accelerated
    progress plan; after a 2023 monitoring inspection the area plans again for what is still failing."""
    return "Accelerated progress plan" if framework == FRAMEWORK_2016 else "Plan after the monitoring inspection"


# -- The rules ----------------------------------------------------------------------------------------------


def _not_in_future(when: date, today: date, what: str) -> None:
    if when > today:
        raise CycleError(f"The date {what} cannot be in the future")


def check_submission(framework: str, cycle: CycleFacts, submitted_on: date, today: date) -> None:
    """A first submission, or a resubmission once one was asked for."""
    _not_in_future(submitted_on, today, "it was submitted")
    latest = cycle.latest
    if latest is None:
        return
    name = statement_name(framework)
    if latest.decision is None:
        raise CycleError(
            f"The {name} submitted on {long_date(latest.submitted_on)} is still waiting for a decision: "
            "record the decision before another submission"
        )
    if latest.decision == ACCEPTED:
        raise CycleError(f"The {name} was accepted on {long_date(latest.decided_on)}: there is nothing to resubmit")
    if submitted_on < latest.decided_on:
        raise CycleError(f"A resubmission cannot come before it was asked for, on {long_date(latest.decided_on)}")


def check_decision(
    framework: str, cycle: CycleFacts, decision: str, decided_on: date, resubmit_by: date | None, today: date
) -> None:
    """Ofsted and the CQC's decision on the latest submission."""
    latest = cycle.latest
    name = statement_name(framework)
    if latest is None:
        raise CycleError(f"Record when the {name} was submitted before the decision on it")
    if latest.decision is not None:
        raise CycleError(
            f"The decision on the {name} submitted on {long_date(latest.submitted_on)} is already recorded"
        )
    if decision not in DECISIONS:
        raise CycleError(f"Select whether the {name} was accepted or asked for again")
    _not_in_future(decided_on, today, "of the decision")
    if decided_on < latest.submitted_on:
        raise CycleError(
            f"The decision cannot come before the {name} was submitted, on {long_date(latest.submitted_on)}"
        )
    if decision == RESUBMIT:
        if resubmit_by is None:
            raise CycleError(f"Enter the date the {name} must be resubmitted by")
        if resubmit_by <= decided_on:
            raise CycleError("The resubmission deadline must be after the decision")


def check_revisit(
    framework: str, notice_on: date, starts_on: date, ends_on: date, letter_published_on: date | None, today: date
) -> None:
    """The notice comes first, the visit next, then its letter."""
    visit = visit_name(framework)
    _not_in_future(notice_on, today, "of the notice")
    if starts_on < notice_on:
        raise CycleError(f"The {visit} cannot start before the notice was given, on {long_date(notice_on)}")
    if ends_on < starts_on:
        raise CycleError(f"The {visit} must end on or after the day it starts")
    if letter_published_on is not None:
        _not_in_future(letter_published_on, today, "the letter was published")
        if letter_published_on < ends_on:
            raise CycleError(f"The letter cannot be published before the {visit} ended, on {long_date(ends_on)}")


def check_judgements(framework: str, cycle: CycleFacts, judged: Iterable[tuple[str, str]]) -> None:
    """(finding kind, progress) for each judgement: only after the visit, only on what the visit judges."""
    visit = visit_name(framework)
    if cycle.revisit is None:
        raise CycleError(f"Record the {visit} before its judgements")
    judged = list(judged)
    if not judged:
        raise CycleError("Record the judgement on at least one weakness")
    for kind, progress in judged:
        if not judged_at_revisit(kind):
            raise CycleError(
                f"The {visit} judges progress on significant weaknesses and priority actions only: "
                "an area for development or improvement is not judged"
            )
        if progress not in PROGRESS:
            raise CycleError("Select sufficient or insufficient progress")


def check_follow_on(judgements: Iterable[str]) -> None:
    """A follow-on plan answers the weaknesses judged insufficient: with none, there is nothing for it to do."""
    if INSUFFICIENT not in set(judgements):
        raise CycleError(
            "No weakness was judged to have made insufficient progress, so there is nothing for a follow-on plan "
            "to answer. Record the judgements first."
        )


def check_meeting(kind: str) -> None:
    if kind not in MEETING_NAMES:
        raise CycleError("Select the kind of meeting")


# -- What a notice means --------------------------------------------------------------------------------------


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 when end is not after start)."""
    return sum(1 for n in range(1, (end - start).days + 1) if is_working_day(start + timedelta(days=n)))


def notice_countdown(framework: str, revisit: RevisitFacts) -> str:
    """The line a revisit's notice emails to the area's managers at once."""
    days = (revisit.starts_on - revisit.notice_on).days
    working = working_days_between(revisit.notice_on, revisit.starts_on)
    on_site = f"from {long_date(revisit.starts_on)} to {long_date(revisit.ends_on)}"
    return (
        f"Ofsted and the CQC gave notice on {long_date(revisit.notice_on)} of the {visit_name(framework)}, "
        f"{on_site}: {days} day{'s' if days != 1 else ''} ({working} working day{'s' if working != 1 else ''}) "
        "from the notice."
    )
