"""Roll-ups on hand-made plain data; every expected number is counted by hand from the facts below."""

from __future__ import annotations

from datetime import date, datetime

from wsoa.dashboard.facts import ActionFacts, ChangeFacts, EvidenceFacts, WeaknessFacts
from wsoa.dashboard.listing import ActionCriteria, filter_actions, sort_actions
from wsoa.dashboard.rollups import (
    Countdown,
    change_summary,
    completed_on,
    completion_over_time,
    concern_counts,
    countdowns,
    next_countdown,
    readiness,
    roll_up,
    weakness_rows,
    workload_by_lead,
    workload_by_organisation,
)
from wsoa.inspections.key_dates import KeyDate
from wsoa.paging import page_links, paginate
from wsoa.vocabulary import Thresholds

TODAY = date(2026, 1, 15)
CREATED = datetime(2025, 4, 1, 9)
W1, W2, W3 = (WeaknessFacts(101, 1, "significant_weakness", "Plans late"),
              WeaknessFacts(102, 2, "significant_weakness", "Advice poor"),
              WeaknessFacts(103, 3, "significant_weakness", "Transitions weak"))


# An area that looks a month ahead: action 2.1, due in 17 days, is due soon.
RULES = Thresholds(stale_after_days=30, due_soon_days=30)


def evidence(kind: str, status: str, as_at: date) -> EvidenceFacts:
    return EvidenceFacts(id=0, action_id=0, kind=kind, review_status=status, as_at=as_at)


ACTIONS = [
    # overdue by 45 days, updated 26 days ago (not stale)
    ActionFacts(1, "1.1", "Recover EHC timeliness", "in_progress", CREATED, rag="amber", lead_id=7, lead_name="Olu",
                due_date=date(2025, 12, 1), last_update_at=datetime(2025, 12, 20), finding_ids=(101,)),
    # complete, old activity evidence only, two organisations, answers two weaknesses
    ActionFacts(2, "1.2", "Joint commissioning", "complete", CREATED, rag="red", lead_id=8, lead_name="Priya",
                due_date=date(2025, 9, 30), last_update_at=datetime(2025, 6, 1), finding_ids=(101, 102),
                completed_at=datetime(2025, 7, 1), partner_organisations=("ICB", "Forum"),
                evidence=(evidence("activity", "accepted", date(2025, 5, 1)),
                          evidence("impact", "returned", date(2025, 6, 1)))),
    # never updated since 1 April: stale; due in 17 days
    ActionFacts(3, "2.1", "Health advice audit", "not_started", CREATED, lead_id=8, lead_name="Priya",
                due_date=date(2026, 2, 1), finding_ids=(102,), partner_organisations=("ICB",)),
    ActionFacts(4, "2.2", "Spare", "retired", CREATED, finding_ids=(102,), due_date=date(2025, 1, 1)),
    ActionFacts(5, "3.1", "Transitions panel", "signed_off", CREATED, rag="green", lead_id=7, lead_name="Olu",
                due_date=date(2025, 11, 30), last_update_at=datetime(2025, 10, 1), finding_ids=(103,),
                completed_at=datetime(2025, 10, 15), signed_off_at=datetime(2025, 10, 20),
                evidence=(evidence("impact", "accepted", date(2025, 10, 1)),)),
]


def test_whole_plan_roll_up():
    total = roll_up(ACTIONS, TODAY, RULES)
    assert (total.actions, total.retired) == (4, 1)
    assert total.by_status == {"not_started": 1, "in_progress": 1, "complete": 1, "signed_off": 1}
    assert total.by_rag == {"red": 1, "amber": 1, "green": 1, "not_rated": 1}
    assert (total.overdue, total.stale, total.due_soon) == (1, 1, 1)
    assert (total.with_accepted_evidence, total.with_accepted_impact) == (2, 1)
    assert total.signed_off == 1


def test_stale_depends_on_the_areas_setting():
    assert roll_up(ACTIONS, TODAY, Thresholds(stale_after_days=25)).stale == 2  # 1.1's update is 26 days old
    assert roll_up(ACTIONS, TODAY, Thresholds(stale_after_days=400)).stale == 0


def test_per_weakness_an_action_counts_under_each_weakness_it_answers():
    rows = weakness_rows([W3, W1, W2], ACTIONS, TODAY, RULES)
    assert [r.weakness.number for r in rows] == [1, 2, 3]
    one, two, three = (r.rollup for r in rows)
    assert (one.actions, one.overdue, one.with_accepted_evidence, one.with_accepted_impact) == (2, 1, 1, 0)
    assert (two.actions, two.retired, two.stale, two.due_soon) == (2, 1, 1, 1)
    assert two.by_rag == {"red": 1, "amber": 0, "green": 0, "not_rated": 1}
    assert (three.actions, three.signed_off, three.with_accepted_impact) == (1, 1, 1)


def test_days_to_key_dates():
    dates = countdowns(
        [KeyDate("wsoa_deadline", "WSoA due", date(2025, 6, 20), True, ""),
         KeyDate("revisit", "Revisit", date(2026, 6, 1), True, ""),
         KeyDate("x", "Unknown", None, False, "")],
        TODAY,
    )
    assert [c.days for c in dates] == [-209, 137, None]
    assert dates[0].passed and not dates[1].passed
    assert next_countdown(dates).name == "Revisit"
    assert next_countdown([Countdown("Today", TODAY, 0)]).days == 0
    assert next_countdown(dates[:1]) is None


def test_changes_since_a_date():
    changes = [
        ChangeFacts(datetime(2025, 9, 30, 23, 59), "action.seeded", "", 1),  # the day before: left out
        ChangeFacts(datetime(2025, 10, 1), "action.created", "", 2),
        ChangeFacts(datetime(2025, 10, 1), "action.updated", "", 2, changes={"status": ["not_started", "in_progress"]}),
        ChangeFacts(datetime(2025, 10, 2), "action.updated", "", 2, changes={"rag": ["red", "amber"]}),
        ChangeFacts(datetime(2025, 10, 3), "evidence.added", "", 2),
        ChangeFacts(datetime(2025, 10, 4), "evidence.reviewed", "", 2, changes={"review_status": ["x", "accepted"]}),
        ChangeFacts(datetime(2025, 10, 4), "evidence.reviewed", "", 2, changes={"review_status": ["x", "returned"]}),
        ChangeFacts(datetime(2025, 10, 5), "action.signed_off", "", 2, changes={"status": ["complete", "signed_off"]}),
    ]
    updates = [datetime(2025, 9, 1), datetime(2025, 10, 1), datetime(2025, 10, 2)]
    summary = change_summary(date(2025, 10, 1), changes, updates)
    assert (summary.actions_created, summary.updates_posted, summary.status_changes) == (1, 2, 2)
    assert (summary.evidence_added, summary.evidence_accepted, summary.signed_off) == (1, 1, 1)


def test_readiness_finds_what_would_embarrass_the_area():
    concerns = readiness([W1, W2, W3], ACTIONS, TODAY, RULES, evidence_months=6)
    assert concern_counts(concerns) == {"overdue": 1, "no_impact": 1, "old_evidence": 1, "nothing_signed_off": 2}
    overdue = next(c for c in concerns if c.kind == "overdue")
    assert (overdue.reference, overdue.days, overdue.detail) == ("1.1", 45, "Overdue by 45 days")
    old = next(c for c in concerns if c.kind == "old_evidence")
    assert (old.reference, old.days) == ("1.2", 259)
    assert [c.reference for c in concerns if c.kind == "nothing_signed_off"] == ["1", "2"]
    # A shorter limit catches 3.1's survey (1 October) too; the retired 2.2 is never overdue.
    assert concern_counts(readiness([W1, W2, W3], ACTIONS, TODAY, RULES, evidence_months=3))["old_evidence"] == 2


def test_a_weakness_with_no_actions_is_a_concern():
    [concern] = readiness([W1], [], TODAY, RULES)
    assert (concern.kind, concern.detail) == ("nothing_signed_off", "No actions answer this weakness")


def test_workload_by_lead_and_by_organisation():
    leads = workload_by_lead(ACTIONS, TODAY, RULES)
    assert [(r.owner, r.rollup.actions, r.rollup.overdue, r.rollup.stale) for r in leads] == [
        ("Olu", 2, 1, 0), ("Priya", 2, 0, 1)
    ]
    organisations = workload_by_organisation(ACTIONS, TODAY, RULES)
    assert [(r.owner, r.rollup.actions, r.rollup.stale) for r in organisations] == [("Forum", 1, 0), ("ICB", 2, 1)]
    no_lead = workload_by_lead([ActionFacts(9, "9.1", "x", "in_progress", CREATED)], TODAY, RULES)
    assert [(r.owner, r.owner_id) for r in no_lead] == [("No lead yet", None)]


def test_completed_against_plan_month_by_month():
    points = completion_over_time(ACTIONS)
    assert [(p.month_end, p.planned, p.completed) for p in points] == [
        (date(2025, 7, 31), 0, 1),
        (date(2025, 8, 31), 0, 1),
        (date(2025, 9, 30), 1, 1),
        (date(2025, 10, 31), 1, 2),
        (date(2025, 11, 30), 2, 2),
        (date(2025, 12, 31), 3, 2),
        (date(2026, 1, 31), 3, 2),
        (date(2026, 2, 28), 4, 2),
    ]
    assert completion_over_time([]) == []
    assert len(completion_over_time(ACTIONS, max_months=3)) == 3


def test_filters_sorting_and_pages():
    def refs(items):
        return [a.reference for a in items]

    assert refs(filter_actions(ACTIONS, ActionCriteria(weakness_id=102), TODAY, RULES)) == ["1.2", "2.1", "2.2"]
    assert refs(filter_actions(ACTIONS, ActionCriteria(lead="none"), TODAY, RULES)) == ["2.2"]
    assert refs(filter_actions(ACTIONS, ActionCriteria(rag="not_rated", status="not_started"), TODAY, RULES)) == ["2.1"]
    assert refs(filter_actions(ACTIONS, ActionCriteria(flag="due_soon"), TODAY, RULES)) == ["2.1"]
    assert refs(filter_actions(ACTIONS, ActionCriteria(query="PANEL"), TODAY, RULES)) == ["3.1"]
    by_update = ActionCriteria(query="zzz", update_matches=frozenset({1}))
    assert refs(filter_actions(ACTIONS, by_update, TODAY, RULES)) == ["1.1"]
    assert refs(sort_actions(ACTIONS, "rag")) == ["1.2", "1.1", "3.1", "2.1", "2.2"]
    assert refs(sort_actions(ACTIONS, "updated"))[:2] == ["2.1", "2.2"]
    page = paginate(list(range(60)), 3, per_page=25)
    assert (page.items, page.number, page.pages) == (list(range(50, 60)), 3, 3)
    assert (page.first_index, page.last_index) == (51, 60)
    assert paginate(list(range(3)), 9).number == 1
    links = page_links(paginate(list(range(200)), 5, 10), lambda n: f"?page={n}")
    assert [i.get("number", "…") for i in links["items"]] == [1, "…", 4, 5, 6, "…", 20]
    assert links["previous"] == {"href": "?page=4"} and links["next"] == {"href": "?page=6"}
    assert page_links(paginate([1], 1), str) == {}


AFD = WeaknessFacts(104, 4, "area_for_development", "Short breaks are hard to find")
AFD_ACTION = ActionFacts(6, "4.1", "Short breaks directory", "in_progress", CREATED, lead_id=7, lead_name="Olu",
                         due_date=date(2025, 12, 1), last_update_at=datetime(2026, 1, 10), finding_ids=(104,))


def test_an_area_for_development_is_never_counted_as_a_weakness_with_nothing_signed_off():
    concerns = readiness([W1, AFD], [AFD_ACTION], TODAY, RULES)
    assert [(c.kind, c.weakness_label) for c in concerns if c.kind == "nothing_signed_off"] == [
        ("nothing_signed_off", "Weakness 1")
    ]


def test_a_concern_about_an_action_answering_only_areas_for_development_is_not_judged():
    [overdue] = [c for c in readiness([W1, AFD], [AFD_ACTION], TODAY, RULES) if c.kind == "overdue"]
    assert not overdue.judged


def test_a_concern_about_an_action_answering_a_weakness_too_is_judged():
    both = ActionFacts(7, "1.3", "Joint", "in_progress", CREATED, due_date=date(2025, 12, 1), finding_ids=(101, 104),
                       last_update_at=datetime(2026, 1, 10))
    [overdue] = [c for c in readiness([W1, AFD], [both], TODAY, RULES) if c.kind == "overdue"]
    assert overdue.judged


def done_action(id: int, status: str, *items: EvidenceFacts) -> ActionFacts:
    return ActionFacts(id, f"9.{id}", f"Action {id}", status, CREATED, finding_ids=(101,),
                       completed_at=datetime(2025, 12, 1), signed_off_at=datetime(2025, 12, 2), evidence=items)


# Three done actions, only one with accepted evidence of impact; and an open one with none, which is not a concern.
IMPACT_PLAN = [
    done_action(1, "complete", evidence("impact", "accepted", date(2025, 12, 1))),
    done_action(2, "signed_off", evidence("activity", "accepted", date(2025, 12, 1))),
    done_action(3, "complete", evidence("impact", "awaiting_review", date(2025, 12, 1))),
    ActionFacts(4, "9.4", "Open", "in_progress", CREATED, finding_ids=(101,), last_update_at=datetime(2026, 1, 14)),
]


def test_done_actions_without_accepted_evidence_of_impact_are_concerns_and_the_rest_are_not():
    concerns = [c for c in readiness([], IMPACT_PLAN, TODAY, RULES) if c.kind == "no_impact"]
    assert [(c.reference, c.detail) for c in concerns] == [
        ("9.2", "Signed off with no accepted evidence of impact"),
        ("9.3", "Complete with no accepted evidence of impact"),
    ]


def test_only_accepted_evidence_of_impact_counts_towards_the_roll_up():
    total = roll_up(IMPACT_PLAN, TODAY, RULES)
    assert (total.with_accepted_evidence, total.with_accepted_impact) == (2, 1)


def test_evidence_exactly_at_the_age_limit_is_not_old_and_a_day_older_is():
    def newest_evidence(as_at: date) -> ActionFacts:
        return done_action(1, "signed_off", evidence("impact", "accepted", as_at),
                           evidence("impact", "accepted", date(2025, 1, 1)))

    at_limit = readiness([], [newest_evidence(date(2025, 7, 15))], TODAY, RULES, evidence_months=6)
    assert [c.kind for c in at_limit] == []
    older = readiness([], [newest_evidence(date(2025, 7, 14))], TODAY, RULES, evidence_months=6)
    assert [(c.kind, c.days, c.detail) for c in older] == [
        ("old_evidence", 185, "Newest accepted evidence is 185 days old")
    ]


def test_an_overdue_concern_says_by_how_many_days():
    action = ActionFacts(1, "9.1", "Late", "in_progress", CREATED, due_date=date(2026, 1, 14),
                         last_update_at=datetime(2026, 1, 14))
    (concern,) = readiness([], [action], TODAY, RULES)
    assert (concern.kind, concern.days, concern.detail) == ("overdue", 1, "Overdue by 1 day")


def test_a_weakness_is_a_concern_until_one_of_its_actions_is_signed_off():
    concerns = readiness([W1], IMPACT_PLAN[:1] + IMPACT_PLAN[3:], TODAY, RULES)
    assert [(c.kind, c.reference, c.detail) for c in concerns] == [
        ("nothing_signed_off", "1", "None of its 2 actions is signed off")
    ]
    assert not [c for c in readiness([W1], IMPACT_PLAN, TODAY, RULES) if c.kind == "nothing_signed_off"]


def test_a_priority_action_with_no_actions_is_named_in_full():
    priority = WeaknessFacts(201, 4, "priority_action", "Fix the front door")
    [concern] = readiness([priority], [], TODAY, RULES)
    assert concern.detail == "No actions answer this priority action"
    assert (concern.reference, concern.title) == ("4", "Fix the front door")
    assert concern.weakness_label == "Priority action 4"
    assert (concern.weakness_id, concern.weakness_numbers) == (201, (4,))


def test_concern_counts_give_every_kind_and_zero_for_kinds_not_found():
    concerns = readiness([], IMPACT_PLAN, TODAY, RULES)
    assert concern_counts(concerns) == {"overdue": 0, "no_impact": 2, "old_evidence": 0, "nothing_signed_off": 0}


def test_workload_lists_leads_alphabetically_whatever_their_case_with_no_lead_last():
    def led_by(id: int, lead_id: int | None, name: str | None) -> ActionFacts:
        return ActionFacts(id, f"9.{id}", "x", "in_progress", CREATED, lead_id=lead_id, lead_name=name)

    actions = [led_by(1, None, None), led_by(2, 12, "zoe"), led_by(3, 11, "Adam"), led_by(4, 13, "Mia"),
               led_by(5, 11, "Adam")]
    rows = workload_by_lead(actions, TODAY, RULES)
    assert [(r.owner, r.owner_id, r.rollup.actions) for r in rows] == [
        ("Adam", 11, 2), ("Mia", 13, 1), ("zoe", 12, 1), ("No lead yet", None, 1)
    ]


def test_each_weakness_row_lists_the_actions_answering_it():
    rows = weakness_rows([W1, W2], ACTIONS, TODAY, RULES)
    assert [r.action_ids for r in rows] == [(1, 2), (2, 3, 4)]


def test_a_change_summary_counts_only_evidence_reviews_that_accepted_it_and_says_since_when():
    def review(outcome: str) -> ChangeFacts:
        return ChangeFacts(datetime(2026, 1, 10), "evidence.reviewed", "", 1,
                           changes={"review_status": ["awaiting_review", outcome]})

    summary = change_summary(date(2026, 1, 1), [review("accepted"), review("returned"), review("returned")], [])
    assert (summary.since, summary.evidence_accepted) == (date(2026, 1, 1), 1)


def signed_off(**dates) -> ActionFacts:
    return ActionFacts(1, "1.1", "x", "signed_off", CREATED, **dates)


def test_an_action_is_completed_on_the_day_it_was_signed_off_or_else_marked_complete():
    assert completed_on(signed_off(completed_at=datetime(2025, 7, 1), signed_off_at=datetime(2025, 7, 9))) == date(
        2025, 7, 9)
    assert completed_on(signed_off(completed_at=datetime(2025, 7, 1))) == date(2025, 7, 1)


def test_an_action_done_without_a_recorded_day_has_no_completion_day():
    assert completed_on(signed_off()) is None
    assert completed_on(ActionFacts(1, "1.1", "x", "complete", CREATED)) is None


def test_a_plan_with_due_dates_but_nothing_done_still_has_its_planned_line():
    points = completion_over_time([ActionFacts(1, "1.1", "x", "in_progress", CREATED, due_date=date(2026, 2, 28))])
    assert [(p.month_end, p.planned, p.completed) for p in points] == [(date(2026, 2, 28), 1, 0)]


def test_the_chart_runs_to_the_later_of_the_last_due_date_and_the_last_completion_including_month_ends():
    done_at_month_end = ActionFacts(1, "1.1", "x", "complete", CREATED, due_date=date(2025, 12, 15),
                                    completed_at=datetime(2026, 1, 31, 17))
    due_last = ActionFacts(2, "1.2", "x", "in_progress", CREATED, due_date=date(2026, 3, 31))
    assert [(p.month_end, p.planned, p.completed) for p in completion_over_time([done_at_month_end, due_last])] == [
        (date(2025, 12, 31), 1, 0), (date(2026, 1, 31), 1, 1), (date(2026, 2, 28), 1, 1), (date(2026, 3, 31), 2, 1)
    ]
    assert completion_over_time([done_at_month_end])[-1].month_end == date(2026, 1, 31)


def test_the_chart_shows_the_latest_36_months_at_most():
    old = ActionFacts(1, "1.1", "x", "in_progress", CREATED, due_date=date(2020, 1, 15))
    new = ActionFacts(2, "1.2", "x", "in_progress", CREATED, due_date=date(2026, 1, 15))
    points = completion_over_time([old, new])
    assert (len(points), points[0].month_end, points[-1].month_end) == (36, date(2023, 2, 28), date(2026, 1, 31))
