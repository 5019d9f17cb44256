"""The inspection cycle after the plan: what may be recorded when. Pure: plain facts in, a refusal or nothing out.

The statement (the 2016 written statement of action, or a 2023 priority action plan) is submitted, and Ofsted
and the CQC accept it or ask for it again by a deadline; the revisit (2016) or monitoring inspection (2023) is
announced, happens and is reported on, judging progress on each significant weakness or priority action; where
progress is insufficient, the area opens a follow-on plan. The follow-on plan has its own visit in turn, which
judges the weaknesses it answers: where progress is still insufficient a further plan follows, and where it is
sufficient on every one a manager closes the plan as complete (the first plan too, when its revisit finds
progress sufficient on every significant weakness). Each rule refuses with a plain-English reason;
wsoa/inspections/key_dates.py says what each recorded fact does to the dates ahead.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from ..formatting import long_date
from ..refusal import Refusal
from ..working_days import is_working_day
from .grouping import judged_at_revisit

FRAMEWORK_2016 = "2016"

# An inspection's plans in turn: its first plan (the statement's) is 1, the follow-on plans after it 2, 3 and on.
FIRST_PLAN = 1

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
    plan_number: int = FIRST_PLAN  # the plan it judges

    @property
    def judged_on(self) -> date:
        """When its judgements were known: the letter, or failing that the last day on site."""
        return self.letter_published_on or self.ends_on


@dataclass(frozen=True)
class MeetingFacts:
    kind: str
    held_on: date
    note: str = ""


@dataclass(frozen=True)
class CycleFacts:
    """What has been recorded of one inspection's cycle, oldest submission first."""

    submissions: tuple[SubmissionFacts, ...] = ()
    revisit: RevisitFacts | None = None  # the first plan's
    meetings: tuple[MeetingFacts, ...] = ()
    later_visits: tuple[RevisitFacts, ...] = ()  # the follow-on plans', in turn

    @property
    def latest(self) -> SubmissionFacts | None:
        return self.submissions[-1] if self.submissions else None

    @property
    def visits(self) -> tuple[RevisitFacts, ...]:
        """Every plan's visit recorded, in turn."""
        return ((self.revisit,) if self.revisit else ()) + self.later_visits

    @property
    def accepted_on(self) -> date | None:
        return next((s.decided_on for s in self.submissions if s.decision == ACCEPTED), None)


NO_CYCLE = CycleFacts()


@dataclass(frozen=True)
class PlanFacts:
    """One of an inspection's plans, as the rules see it."""

    number: int = FIRST_PLAN
    opened_on: date | None = None  # None for the first plan, which opens with the inspection
    closed_on: date | None = None  # closed as complete by a manager
    visit: RevisitFacts | None = None  # its own revisit or monitoring inspection


FIRST_PLAN_FACTS = PlanFacts()


# -- Names, which differ by framework ---------------------------------------------------------------------


def statement_name(framework: str) -> str:
    return "written statement of action" if framework == FRAMEWORK_2016 else "priority action plan"


ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


def ordinal(number: int) -> str:
    """"second" for 2; "11th" past ten."""
    if number <= len(ORDINALS):
        return ORDINALS[number - 1]
    suffix = "th" if number % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def visit_name(framework: str, plan_number: int = FIRST_PLAN) -> str:
    """The visit that judges a plan: the revisit, then the second revisit (the follow-on plan's), and so on."""
    visit = "revisit" if framework == FRAMEWORK_2016 else "monitoring inspection"
    return visit if plan_number == FIRST_PLAN else f"{ordinal(plan_number)} {visit}"


def follow_on_plan_name(framework: str, number: int = FIRST_PLAN + 1) -> str:
    """After insufficient progress at a 2016 revisit, the DfE and NHS England usually ask for an accelerated
    progress plan; after a 2023 monitoring inspection the area plans again for what is still failing. Each
    visit after that which still finds progress insufficient brings another."""
    if framework != FRAMEWORK_2016:
        return f"Plan after the {visit_name(framework, number - 1)}"
    if number == FIRST_PLAN + 1:
        return "Accelerated progress plan"
    return f"{ordinal(number - 1).capitalize()} accelerated progress plan"


def capitalised(text: str) -> str:
    """The first letter in capitals, as a sentence starts."""
    return text[0].upper() + text[1:]


def plan_title(framework: str, number: int) -> str:
    """Any of the inspection's plans, as a heading names it: "Written statement of action", "Accelerated progress
    plan"."""
    return capitalised(statement_name(framework)) if number == FIRST_PLAN else follow_on_plan_name(framework, number)


def plan_name(framework: str, number: int) -> str:
    """Any of the inspection's plans, as a sentence names it: "the written statement of action's plan", "the
    accelerated progress plan"."""
    if number == FIRST_PLAN:
        return f"the {statement_name(framework)}'s plan"
    return f"the {follow_on_plan_name(framework, number).lower()}"


def submitted_to(plan_number: int) -> str:
    """Who a plan's statement goes to: the first plan's to Ofsted and the CQC, who accept it or ask for it again; a
    follow-on plan's to the Department for Education and NHS England, who agree it."""
    if plan_number == FIRST_PLAN:
        return "Ofsted and the CQC"
    return "the Department for Education and NHS England"


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


def check_plan_not_complete(framework: str, plan: PlanFacts) -> None:
    """A plan closed as complete is finished: nothing more is recorded for it, and nothing follows it."""
    if plan.closed_on is not None:
        raise CycleError(
            f"{capitalised(plan_name(framework, plan.number))} was closed as complete on {long_date(plan.closed_on)}: "
            "nothing more can be recorded for it"
        )


def check_revisit(
    framework: str,
    notice_on: date,
    starts_on: date,
    ends_on: date,
    letter_published_on: date | None,
    today: date,
    plan: PlanFacts = FIRST_PLAN_FACTS,
) -> None:
    """The notice comes first, the visit next, then its letter; a follow-on plan's visit comes after it opened."""
    check_plan_not_complete(framework, plan)
    visit = visit_name(framework, plan.number)
    _not_in_future(notice_on, today, "of the notice")
    if plan.opened_on is not None and notice_on < plan.opened_on:
        raise CycleError(
            f"The notice of the {visit} cannot come before {plan_name(framework, plan.number)} opened, on "
            f"{long_date(plan.opened_on)}"
        )
    if starts_on < notice_on:
        raise CycleError(f"The {visit} cannot start before the notice was given, on {long_date(notice_on)}")
    if ends_on < starts_on:
        raise CycleError(f"The {visit} must end on or after the day it starts")
    if letter_published_on is not None:
        _not_in_future(letter_published_on, today, "the letter was published")
        if letter_published_on < ends_on:
            raise CycleError(f"The letter cannot be published before the {visit} ended, on {long_date(ends_on)}")


def check_judgements(framework: str, plan: PlanFacts, judged: Iterable[tuple[str, str]]) -> None:
    """(finding kind, progress) for each judgement of the plan's visit: only after the visit, only on what the
    visit judges, and never once the plan is closed as complete."""
    check_plan_not_complete(framework, plan)
    visit = visit_name(framework, plan.number)
    if plan.visit is None:
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


def check_follow_on(framework: str, plan_number: int, judgements: Iterable[str]) -> None:
    """A follow-on plan answers the weaknesses the current plan's visit judged insufficient: with none, there is
    nothing for it to do."""
    if INSUFFICIENT in set(judgements):
        return
    if plan_number == FIRST_PLAN:
        raise CycleError(
            "No weakness was judged to have made insufficient progress, so there is nothing for a follow-on plan "
            "to answer. Record the judgements first."
        )
    visit = visit_name(framework, plan_number)
    raise CycleError(
        f"{capitalised(plan_name(framework, plan_number))} is open: a further plan follows only when the {visit} "
        f"judges progress insufficient on a weakness it answers. Record the {visit}'s judgements first."
    )


def check_close(framework: str, plan: PlanFacts, judgements: Sequence[tuple[str, str | None]]) -> None:
    """A plan closes as complete once its visit judged progress sufficient on every weakness it answers (the first
    plan's revisit: on every significant weakness or priority action): (label, progress or None when not recorded)
    for each of them."""
    name = plan_name(framework, plan.number)
    if plan.closed_on is not None:
        raise CycleError(f"{capitalised(name)} was already closed as complete on {long_date(plan.closed_on)}")
    visit = visit_name(framework, plan.number)
    if plan.visit is None:
        raise CycleError(f"Record the {visit} and its judgements before closing {name} as complete")
    if not judgements:
        raise CycleError(f"The {visit} judges no weakness of {name}, so there is nothing to close it on")
    if waiting := [label for label, progress in judgements if progress is None]:
        raise CycleError(
            f"Record the {visit}'s judgement on {', '.join(waiting)} before closing {name} as complete"
        )
    if failing := [label for label, progress in judgements if progress == INSUFFICIENT]:
        raise CycleError(
            f"The {visit} judged progress insufficient on {', '.join(failing)}, so {name} is not complete: "
            f"open the {follow_on_plan_name(framework, plan.number + 1).lower()} instead"
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
        f"Ofsted and the CQC gave notice on {long_date(revisit.notice_on)} of the "
        f"{visit_name(framework, revisit.plan_number)}, "
        f"{on_site}: {days} day{'s' if days != 1 else ''} ({working} working day{'s' if working != 1 else ''}) "
        "from the notice."
    )
