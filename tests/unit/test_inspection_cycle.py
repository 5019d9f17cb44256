"""The cycle after the plan: what may be recorded when (wsoa/inspections/cycle.py), and how each recorded fact
moves the key dates (wsoa/inspections/key_dates.py)."""

from datetime import date

import pytest

from tests.unit.test_key_dates import Facts
from wsoa.inspections.cycle import (
    ACCEPTED,
    ENGAGEMENT_MEETING,
    FIRST_PLAN,
    INSUFFICIENT,
    RESUBMIT,
    SUFFICIENT,
    CycleError,
    CycleFacts,
    MeetingFacts,
    PlanFacts,
    RevisitFacts,
    SubmissionFacts,
    check_close,
    check_decision,
    check_follow_on,
    check_judgements,
    check_meeting,
    check_plan_not_complete,
    check_revisit,
    check_submission,
    follow_on_plan_name,
    notice_countdown,
    ordinal,
    plan_name,
    plan_title,
    submitted_to,
    visit_name,
    working_days_between,
)
from wsoa.inspections.key_dates import key_dates, targets

TODAY = date(2021, 6, 1)
SUBMITTED = CycleFacts((SubmissionFacts(date(2020, 3, 20)),))
ASKED_AGAIN = CycleFacts((SubmissionFacts(date(2020, 3, 20), RESUBMIT, date(2020, 6, 1), date(2020, 7, 31)),))
RESUBMITTED = CycleFacts(ASKED_AGAIN.submissions + (SubmissionFacts(date(2020, 7, 20)),))
ACCEPTED_AFTER_RESUBMISSION = CycleFacts(
    ASKED_AGAIN.submissions + (SubmissionFacts(date(2020, 7, 20), ACCEPTED, date(2020, 10, 5)),)
)
MAR = {day: date(2022, 3, day) for day in (1, 2, 14, 15, 16, 17)}
NOTICE = RevisitFacts(date(2022, 3, 1), date(2022, 3, 15), date(2022, 3, 17))


def codes(dates):
    return [(k.code, k.when) for k in dates]


def refusal(check, *args) -> str:
    """The plain-English reason `check` gives for refusing what it was asked to record."""
    with pytest.raises(CycleError) as refused:
        check(*args)
    return str(refused.value)


# -- What may be recorded when ----------------------------------------------------------------------------------


def test_a_first_submission_is_recorded_whenever_it_went():
    check_submission("2016", CycleFacts(), date(2020, 3, 20), TODAY)


def test_a_submission_in_the_future_is_refused():
    assert refusal(check_submission, "2016", CycleFacts(), date(2021, 6, 2), TODAY) == (
        "The date it was submitted cannot be in the future"
    )


def test_a_second_submission_waits_for_the_decision_on_the_first():
    assert refusal(check_submission, "2016", SUBMITTED, date(2020, 5, 1), TODAY) == (
        "The written statement of action submitted on 20 March 2020 is still waiting for a decision: "
        "record the decision before another submission"
    )
    assert refusal(check_submission, "2023", SUBMITTED, date(2020, 5, 1), TODAY).startswith(
        "The priority action plan submitted on 20 March 2020"
    )


def test_nothing_is_resubmitted_after_acceptance():
    with pytest.raises(CycleError, match="accepted on 5 October 2020: there is nothing to resubmit"):
        check_submission("2016", ACCEPTED_AFTER_RESUBMISSION, date(2020, 11, 1), TODAY)


def test_a_resubmission_cannot_come_before_it_was_asked_for():
    with pytest.raises(CycleError, match="before it was asked for, on 1 June 2020"):
        check_submission("2016", ASKED_AGAIN, date(2020, 5, 31), TODAY)
    check_submission("2016", ASKED_AGAIN, date(2020, 6, 1), TODAY)


def test_a_decision_before_any_submission_is_refused():
    with pytest.raises(CycleError, match="Record when the written statement of action was submitted"):
        check_decision("2016", CycleFacts(), ACCEPTED, date(2020, 6, 1), None, TODAY)


def test_a_decision_dated_before_the_submission_is_refused():
    with pytest.raises(CycleError, match="cannot come before the written statement of action was submitted, on 20"):
        check_decision("2016", SUBMITTED, ACCEPTED, date(2020, 3, 19), None, TODAY)
    check_decision("2016", SUBMITTED, ACCEPTED, date(2020, 3, 20), None, TODAY)


def test_a_second_decision_on_the_same_submission_is_refused():
    assert refusal(check_decision, "2016", ASKED_AGAIN, ACCEPTED, date(2020, 7, 1), None, TODAY) == (
        "The decision on the written statement of action submitted on 20 March 2020 is already recorded"
    )


def test_asking_for_it_again_needs_a_deadline_after_the_decision():
    with pytest.raises(CycleError, match="must be resubmitted by"):
        check_decision("2016", SUBMITTED, RESUBMIT, date(2020, 6, 1), None, TODAY)
    assert refusal(check_decision, "2016", SUBMITTED, RESUBMIT, date(2020, 6, 1), date(2020, 6, 1), TODAY) == (
        "The resubmission deadline must be after the decision"
    )
    check_decision("2016", SUBMITTED, RESUBMIT, date(2020, 6, 1), date(2020, 6, 2), TODAY)


def test_an_unknown_decision_or_a_future_one_is_refused():
    with pytest.raises(CycleError, match="accepted or asked for again"):
        check_decision("2016", SUBMITTED, "maybe", date(2020, 6, 1), None, TODAY)
    assert refusal(check_decision, "2016", SUBMITTED, ACCEPTED, date(2021, 6, 2), None, TODAY) == (
        "The date of the decision cannot be in the future"
    )


def test_a_2023_plan_is_named_as_a_priority_action_plan():
    with pytest.raises(CycleError, match="Record when the priority action plan was submitted"):
        check_decision("2023", CycleFacts(), ACCEPTED, date(2024, 6, 1), None, TODAY.replace(year=2025))


def test_revisit_dates_before_the_notice_are_refused():
    with pytest.raises(CycleError, match="cannot start before the notice was given, on 1 March 2022"):
        check_revisit("2016", date(2022, 3, 1), date(2022, 2, 28), date(2022, 3, 2), None, date(2022, 3, 1))
    check_revisit("2016", date(2022, 3, 1), date(2022, 3, 1), date(2022, 3, 2), None, date(2022, 3, 1))


def test_a_visit_ending_before_it_starts_or_a_letter_before_it_ends_is_refused():
    with pytest.raises(CycleError, match="monitoring inspection must end on or after the day it starts"):
        check_revisit("2023", date(2022, 3, 1), date(2022, 3, 15), date(2022, 3, 14), None, date(2022, 3, 1))
    with pytest.raises(CycleError, match="before the revisit ended, on 17 March 2022"):
        check_revisit("2016", MAR[1], MAR[15], MAR[17], MAR[16], date(2023, 1, 1))


def test_a_visit_of_one_day_may_have_its_letter_published_the_day_it_ends():
    check_revisit("2016", MAR[1], MAR[15], MAR[15], MAR[15], MAR[15])


def test_a_notice_or_letter_in_the_future_is_refused():
    with pytest.raises(CycleError, match="of the notice cannot be in the future"):
        check_revisit("2016", date(2022, 3, 2), date(2022, 3, 15), date(2022, 3, 17), None, date(2022, 3, 1))
    with pytest.raises(CycleError, match="letter was published cannot be in the future"):
        check_revisit("2016", MAR[1], MAR[15], MAR[17], date(2022, 4, 21), date(2022, 4, 2))


def test_judgements_wait_for_the_revisit():
    with pytest.raises(CycleError, match="Record the revisit before its judgements"):
        check_judgements("2016", PlanFacts(), [("significant_weakness", SUFFICIENT)])


def test_only_significant_weaknesses_and_priority_actions_are_judged():
    plan = PlanFacts(visit=NOTICE)
    judged = [("significant_weakness", SUFFICIENT), ("area_for_development", SUFFICIENT)]
    assert refusal(check_judgements, "2016", plan, judged) == (
        "The revisit judges progress on significant weaknesses and priority actions only: "
        "an area for development or improvement is not judged"
    )
    check_judgements("2016", plan, [("significant_weakness", SUFFICIENT), ("priority_action", INSUFFICIENT)])


def test_a_judgement_needs_a_known_progress_and_at_least_one_weakness():
    plan = PlanFacts(visit=NOTICE)
    assert refusal(check_judgements, "2016", plan, [("significant_weakness", "partial")]) == (
        "Select sufficient or insufficient progress"
    )
    assert refusal(check_judgements, "2016", plan, []) == "Record the judgement on at least one weakness"


def test_a_follow_on_plan_needs_something_judged_insufficient():
    assert refusal(check_follow_on, "2016", FIRST_PLAN, [SUFFICIENT, SUFFICIENT]) == (
        "No weakness was judged to have made insufficient progress, so there is nothing for a follow-on plan "
        "to answer. Record the judgements first."
    )
    check_follow_on("2016", FIRST_PLAN, [SUFFICIENT, INSUFFICIENT])


# -- The plans after the first, in turn -------------------------------------------------------------------------

OPENED = date(2022, 6, 1)
SECOND_NOTICE = RevisitFacts(date(2023, 3, 1), date(2023, 3, 15), date(2023, 3, 17), plan_number=2)
FOLLOW_ON = PlanFacts(number=2, opened_on=OPENED)
FOLLOW_ON_VISITED = PlanFacts(number=2, opened_on=OPENED, visit=SECOND_NOTICE)
FOLLOW_ON_CLOSED = PlanFacts(number=2, opened_on=OPENED, closed_on=date(2023, 5, 2), visit=SECOND_NOTICE)


def test_each_plan_after_the_first_and_its_visit_is_named_in_turn():
    assert [follow_on_plan_name("2016", n) for n in (2, 3, 4)] == [
        "Accelerated progress plan", "Second accelerated progress plan", "Third accelerated progress plan"
    ]
    assert [visit_name("2016", n) for n in (1, 2, 3)] == ["revisit", "second revisit", "third revisit"]
    assert [follow_on_plan_name("2023", n) for n in (2, 3)] == [
        "Plan after the monitoring inspection", "Plan after the second monitoring inspection"
    ]
    assert plan_name("2016", 1) == "the written statement of action's plan"
    assert plan_name("2023", 3) == "the plan after the second monitoring inspection"
    assert [ordinal(n) for n in (10, 11, 12, 13, 21, 22, 23, 24, 111)] == [
        "tenth", "11th", "12th", "13th", "21st", "22nd", "23rd", "24th", "111th"
    ]


def test_each_plan_is_titled_for_a_heading_the_first_by_its_framework_s_statement():
    assert [plan_title("2016", n) for n in (1, 2, 3)] == [
        "Written statement of action", "Accelerated progress plan", "Second accelerated progress plan"
    ]
    assert [plan_title("2023", n) for n in (1, 2)] == ["Priority action plan", "Plan after the monitoring inspection"]


def test_a_follow_on_plan_s_visit_cannot_be_noticed_before_the_plan_opened():
    with pytest.raises(CycleError, match="notice of the second revisit cannot come before the accelerated progress "
                                         "plan opened, on 1 June 2022"):
        check_revisit("2016", date(2022, 5, 31), date(2022, 6, 14), date(2022, 6, 16), None, TODAY.replace(2023),
                      FOLLOW_ON)
    check_revisit("2016", OPENED, date(2022, 6, 14), date(2022, 6, 16), None, TODAY.replace(2023), FOLLOW_ON)


def test_nothing_more_is_recorded_for_a_plan_closed_as_complete():
    with pytest.raises(CycleError, match="The accelerated progress plan was closed as complete on 2 May 2023"):
        check_revisit("2016", OPENED, date(2022, 6, 14), date(2022, 6, 16), None, TODAY.replace(2024),
                      FOLLOW_ON_CLOSED)
    assert refusal(check_judgements, "2016", FOLLOW_ON_CLOSED, [("significant_weakness", SUFFICIENT)]) == (
        "The accelerated progress plan was closed as complete on 2 May 2023: nothing more can be recorded for it"
    )
    with pytest.raises(CycleError, match="closed as complete"):
        check_plan_not_complete("2016", FOLLOW_ON_CLOSED)
    check_plan_not_complete("2016", FOLLOW_ON_VISITED)


def test_a_follow_on_plan_s_judgements_wait_for_its_own_visit():
    with pytest.raises(CycleError, match="Record the second revisit before its judgements"):
        check_judgements("2016", FOLLOW_ON, [("significant_weakness", SUFFICIENT)])
    check_judgements("2016", FOLLOW_ON_VISITED, [("significant_weakness", SUFFICIENT)])


def test_a_further_plan_follows_only_what_the_follow_on_plan_s_visit_judged_insufficient():
    with pytest.raises(CycleError, match="The accelerated progress plan is open: a further plan follows only when "
                                         "the second revisit judges progress insufficient"):
        check_follow_on("2016", 2, [SUFFICIENT])
    check_follow_on("2016", 2, [INSUFFICIENT])


def test_a_follow_on_plan_closes_as_complete_once_its_visit_judged_every_weakness_sufficient():
    check_close("2016", FOLLOW_ON_VISITED, [("Weakness 1", SUFFICIENT), ("Weakness 3", SUFFICIENT)])


def test_the_first_plan_closes_as_complete_once_its_revisit_judged_every_weakness_sufficient():
    check_close("2016", PlanFacts(visit=NOTICE), [("Weakness 1", SUFFICIENT), ("Weakness 2", SUFFICIENT)])


@pytest.mark.parametrize(
    ("framework", "plan", "judged", "message"),
    [
        ("2016", PlanFacts(), [("Weakness 1", SUFFICIENT)],
         "Record the revisit and its judgements before closing the written statement of action's plan as complete"),
        ("2023", PlanFacts(visit=NOTICE), [("Priority action 1", None), ("Priority action 2", SUFFICIENT)],
         "Record the monitoring inspection's judgement on Priority action 1 before closing the priority action "
         "plan's plan as complete"),
        ("2016", PlanFacts(visit=NOTICE), [("Weakness 1", SUFFICIENT), ("Weakness 2", INSUFFICIENT)],
         "The revisit judged progress insufficient on Weakness 2, so the written statement of action's plan is not "
         "complete: open the accelerated progress plan instead"),
        ("2016", PlanFacts(closed_on=date(2023, 5, 2), visit=NOTICE), [("Weakness 1", SUFFICIENT)],
         "The written statement of action's plan was already closed as complete on 2 May 2023"),
        ("2016", PlanFacts(visit=NOTICE), [],
         "The revisit judges no weakness of the written statement of action's plan, so there is nothing to close it "
         "on"),
    ],
)
def test_closing_a_first_plan_that_is_not_complete_is_refused_with_the_reason(framework, plan, judged, message):
    assert refusal(check_close, framework, plan, judged) == message


@pytest.mark.parametrize(
    ("plan", "judged", "message"),
    [
        (FOLLOW_ON_CLOSED, [("Weakness 1", SUFFICIENT)],
         "The accelerated progress plan was already closed as complete on 2 May 2023"),
        (FOLLOW_ON, [("Weakness 1", None)],
         "Record the second revisit and its judgements before closing the accelerated progress plan as complete"),
        (FOLLOW_ON_VISITED, [("Weakness 1", SUFFICIENT), ("Weakness 3", None)],
         "Record the second revisit's judgement on Weakness 3 before closing the accelerated progress plan as "
         "complete"),
        (FOLLOW_ON_VISITED, [("Weakness 1", INSUFFICIENT), ("Weakness 3", SUFFICIENT)],
         "The second revisit judged progress insufficient on Weakness 1, so the accelerated progress plan is not "
         "complete: open the second accelerated progress plan instead"),
    ],
)
def test_closing_a_plan_that_is_not_complete_is_refused_with_the_reason(plan, judged, message):
    assert refusal(check_close, "2016", plan, judged) == message


def test_closing_lists_every_weakness_still_waiting_for_its_judgement():
    judged = [("Weakness 1", None), ("Weakness 2", SUFFICIENT), ("Weakness 3", None)]
    assert refusal(check_close, "2016", FOLLOW_ON_VISITED, judged).startswith(
        "Record the second revisit's judgement on Weakness 1, Weakness 3 before closing"
    )


def test_closing_lists_every_weakness_judged_insufficient():
    judged = [("Weakness 1", INSUFFICIENT), ("Weakness 2", SUFFICIENT), ("Weakness 3", INSUFFICIENT)]
    assert refusal(check_close, "2016", FOLLOW_ON_VISITED, judged).startswith(
        "The second revisit judged progress insufficient on Weakness 1, Weakness 3, so"
    )


def test_the_follow_on_plan_is_named_for_the_framework():
    assert follow_on_plan_name("2016") == "Accelerated progress plan"
    assert follow_on_plan_name("2023") == "Plan after the monitoring inspection"


def test_a_meeting_must_be_of_a_known_kind():
    assert refusal(check_meeting, "party") == "Select the kind of meeting"
    check_meeting(ENGAGEMENT_MEETING)


def test_board_meetings_are_not_cycle_meetings_they_are_recorded_with_their_snapshot_on_the_board_page():
    with pytest.raises(CycleError, match="kind of meeting"):
        check_meeting("board")


def test_the_notice_counts_days_and_working_days_to_the_visit():
    # Tue 1 March to Tue 15 March 2022: 14 days, 10 working days.
    assert working_days_between(date(2022, 3, 1), date(2022, 3, 15)) == 10
    assert notice_countdown("2016", NOTICE) == (
        "Ofsted and the CQC gave notice on 1 March 2022 of the revisit, from 15 March 2022 to 17 March 2022: "
        "14 days (10 working days) from the notice."
    )


def test_a_notice_of_one_or_two_days_is_counted_in_the_singular_and_the_plural():
    # Thu 3 March to Fri 4 March 2022; Mon 7 March to Wed 9 March 2022.
    one = RevisitFacts(date(2022, 3, 3), date(2022, 3, 4), date(2022, 3, 4))
    two = RevisitFacts(date(2022, 3, 7), date(2022, 3, 9), date(2022, 3, 10))
    assert notice_countdown("2016", one).endswith(": 1 day (1 working day) from the notice.")
    assert notice_countdown("2023", two) == (
        "Ofsted and the CQC gave notice on 7 March 2022 of the monitoring inspection, from 9 March 2022 to "
        "10 March 2022: 2 days (2 working days) from the notice."
    )


def test_working_days_skip_bank_holidays():
    # Thu 14 April to Wed 20 April 2022: Good Friday and Easter Monday are not counted.
    assert working_days_between(date(2022, 4, 14), date(2022, 4, 20)) == 2


# -- How recorded facts move the key dates ---------------------------------------------------------------------


def test_the_revisit_estimate_counts_from_acceptance_once_it_is_known():
    before = {k.code: k for k in key_dates(Facts())}
    after = {k.code: k for k in key_dates(Facts(), ACCEPTED_AFTER_RESUBMISSION)}
    assert before["revisit"].when == date(2021, 9, 27)  # 18 months after the deadline of 27 March 2020
    assert after["revisit"].when == date(2022, 4, 5)  # 18 months after acceptance on 5 October 2020
    assert "counted from its acceptance on 5 October 2020" in after["revisit"].explanation


def test_the_revisit_estimate_from_acceptance_is_not_set_by_a_manager():
    revisit = next(k for k in key_dates(Facts(), ACCEPTED_AFTER_RESUBMISSION) if k.code == "revisit")
    assert revisit.set_by_manager is False


def test_a_submission_meets_the_deadline_and_says_when():
    deadline = next(k for k in key_dates(Facts(), SUBMITTED) if k.code == "wsoa_deadline")
    assert (deadline.code, deadline.settled) == ("wsoa_deadline", True)
    assert deadline.explanation.endswith("Met: submitted on 20 March 2020.")
    assert "wsoa_deadline" not in [k.code for k in targets(key_dates(Facts(), SUBMITTED))]
    assert "wsoa_deadline" in [k.code for k in targets(key_dates(Facts()))]


def test_asking_again_sets_a_resubmission_deadline_that_a_resubmission_meets():
    asked = {k.code: k for k in key_dates(Facts(), ASKED_AGAIN)}
    assert asked["resubmission_deadline"].when == date(2020, 7, 31)
    assert not asked["resubmission_deadline"].settled
    assert "resubmission_deadline" in [k.code for k in targets(key_dates(Facts(), ASKED_AGAIN))]
    met = {k.code: k for k in key_dates(Facts(), RESUBMITTED)}
    assert met["resubmission_deadline"].settled
    assert met["resubmission_deadline"].explanation.endswith("Met: resubmitted on 20 July 2020.")


def test_the_lifecycle_lists_each_recorded_step_in_date_order():
    dates = key_dates(Facts(), ACCEPTED_AFTER_RESUBMISSION)
    assert [(k.name, k.when, k.settled) for k in dates] == [
        ("Written statement of action submitted", date(2020, 3, 20), True),
        ("Written statement of action due", date(2020, 3, 27), True),
        ("Ofsted and the CQC asked for the written statement of action again", date(2020, 6, 1), True),
        ("Written statement of action resubmitted", date(2020, 7, 20), True),
        ("Written statement of action to be resubmitted", date(2020, 7, 31), True),
        ("Written statement of action accepted as fit for purpose", date(2020, 10, 5), True),
        ("Revisit expected", date(2022, 4, 5), False),
    ]


def test_a_notice_replaces_the_estimate_with_the_days_on_site_and_expects_the_letter_five_weeks_on():
    dates = {k.code: k for k in key_dates(Facts(revisit_date=date(2021, 12, 1)), CycleFacts(revisit=NOTICE))}
    assert (dates["revisit"].when, dates["revisit"].until) == (date(2022, 3, 15), date(2022, 3, 17))
    assert dates["revisit"].explanation == "On site 15 to 17 March 2022, as the notice of 1 March 2022 said."
    assert (dates["visit_notice"].when, dates["visit_notice"].settled) == (date(2022, 3, 1), True)
    assert dates["visit_letter"].when == date(2022, 4, 21)
    assert dates["visit_letter"].explanation == (
        "An estimate: the letter is usually published about 5 weeks after the revisit, which ends on 17 March 2022."
    )


def test_a_recorded_notice_says_a_manager_recorded_it():
    notice = next(k for k in key_dates(Facts(), CycleFacts(revisit=NOTICE)) if k.code == "visit_notice")
    assert notice.explanation == "Recorded by a manager."


def test_the_dates_a_notice_gives_are_not_set_by_a_manager():
    dates = {k.code: k for k in key_dates(Facts(revisit_date=date(2021, 12, 1)), CycleFacts(revisit=NOTICE))}
    assert [dates[code].set_by_manager for code in ("visit_notice", "revisit", "visit_letter")] == [False] * 3


def test_a_published_letter_is_recorded_rather_than_estimated():
    published = CycleFacts(revisit=RevisitFacts(NOTICE.notice_on, NOTICE.starts_on, NOTICE.ends_on, date(2022, 4, 25)))
    letter = {k.code: k for k in key_dates(Facts(), published)}["visit_letter"]
    assert (letter.name, letter.when, letter.settled) == ("Revisit letter published", date(2022, 4, 25), True)


def test_a_2023_notice_is_for_the_monitoring_inspection():
    facts = Facts(framework="2023", inspection_end=date(2023, 6, 30), wsoa_required=False, outcome=3,
                  monitoring_inspection_within_months=18, next_full_inspection_within_months=36)
    dates = {k.code: k for k in key_dates(facts, CycleFacts(revisit=NOTICE))}
    assert dates["monitoring_inspection"].when == date(2022, 3, 15)
    assert dates["visit_notice"].name == "Notice of the monitoring inspection"
    assert dates["next_full_inspection"].when == date(2026, 6, 30)


def test_a_2023_monitoring_inspection_s_notice_keeps_the_priority_action_plan_s_dates():
    facts = Facts(framework="2023", inspection_end=date(2021, 6, 30), wsoa_required=False, outcome=3,
                  wsoa_deadline=date(2021, 9, 1))
    submitted = CycleFacts((SubmissionFacts(date(2021, 8, 30)),), revisit=NOTICE)
    assert [k.code for k in key_dates(facts, submitted)][:2] == ["statement_submitted", "priority_action_plan_due"]


def test_a_2023_priority_action_plan_is_due_when_a_manager_sets_it_and_met_by_its_submission():
    facts = Facts(framework="2023", inspection_end=date(2023, 6, 30), wsoa_required=False, outcome=3,
                  wsoa_deadline=date(2023, 9, 1))
    due = key_dates(facts)[0]
    assert (due.code, due.name, due.when, due.settled) == (
        "priority_action_plan_due", "Priority action plan due", date(2023, 9, 1), False)
    submitted = CycleFacts((SubmissionFacts(date(2023, 8, 30)),))
    by_code = {k.code: k for k in key_dates(facts, submitted)}
    assert by_code["priority_action_plan_due"].settled
    assert by_code["statement_submitted"].name == "Priority action plan submitted"


def test_meetings_are_on_the_lifecycle_but_never_counted_down_to():
    cycle = CycleFacts(meetings=(MeetingFacts(ENGAGEMENT_MEETING, date(2021, 1, 12), "With the DfE adviser"),))
    dates = key_dates(Facts(), cycle)
    meeting = next(k for k in dates if k.code == "engagement_meeting")
    assert (meeting.name, meeting.when) == ("Annual engagement meeting", date(2021, 1, 12))
    assert meeting.explanation == "Recorded by a manager. With the DfE adviser"
    assert meeting not in targets(dates)


def test_a_follow_on_plan_s_visit_follows_the_revisit_on_the_lifecycle_and_is_counted_down_to():
    cycle = CycleFacts(revisit=NOTICE, later_visits=(SECOND_NOTICE,))
    dates = key_dates(Facts(), cycle)
    assert [(k.code, k.name, k.when) for k in dates if k.when and k.when >= SECOND_NOTICE.notice_on] == [
        ("visit_notice", "Notice of the second revisit", date(2023, 3, 1)),
        ("revisit", "Second revisit", date(2023, 3, 15)),
        ("visit_letter", "Second revisit letter expected", date(2023, 4, 21)),
    ]
    assert [(k.name, k.when) for k in targets(dates) if k.code == "revisit"] == [
        ("Revisit", date(2022, 3, 15)), ("Second revisit", date(2023, 3, 15))
    ]
    monitoring = Facts(framework="2023", inspection_end=date(2021, 6, 30), wsoa_required=False, outcome=3)
    later = [k.name for k in key_dates(monitoring, cycle) if k.code == "monitoring_inspection"]
    assert later == ["Monitoring inspection", "Second monitoring inspection"]


def test_the_notice_of_a_follow_on_plan_s_visit_names_it():
    assert notice_countdown("2016", SECOND_NOTICE).startswith(
        "Ofsted and the CQC gave notice on 1 March 2023 of the second revisit, from 15 March 2023"
    )


def test_the_first_plan_goes_to_ofsted_and_the_cqc_and_a_follow_on_plan_to_the_dfe_and_nhs_england():
    assert submitted_to(1) == "Ofsted and the CQC"
    assert submitted_to(2) == submitted_to(3) == "the Department for Education and NHS England"
