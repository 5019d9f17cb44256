"""After a follow-on plan: its own visit judges the weaknesses it answers; where progress is still insufficient a
further plan opens carrying the open actions and the follow-on plan closes read-only, and where it is sufficient
on every one a manager closes the plan as complete. Bad input gets a clear error and stores nothing."""

from __future__ import annotations

import html
from datetime import date, datetime

import pytest
import time_machine
from sqlalchemy import select, update

from tests.cycle_factories import (
    TODAY,
    as_service,
    audit_count,
    count,
    day,
    finding_ids,
    judge,
    judge_findings,
    judgements_stored,
    open_plan,
    revisit,
)
from tests.factories import make_actions, make_inspection, make_user
from tests.pages import assert_page, hidden_fields, hidden_fields_in, post_form, redirect_target, sign_in
from wsoa.actions.services import UpdateDetails, WorkflowError, post_update
from wsoa.extensions import db
from wsoa.inspections.cycle import INSUFFICIENT, SUFFICIENT, CycleError
from wsoa.inspections.cycle_services import PlanConflict, close_plan
from wsoa.models import Action, AuditEvent, FollowOnPlan, Inspection, ProgressUpdate, Revisit, User

OPENED = date(2025, 12, 22)  # the accelerated progress plan
SECOND_NOTICE, SECOND_VISIT = date(2026, 1, 5), (date(2026, 1, 12), date(2026, 1, 14))


@pytest.fixture(autouse=True)
def frozen_day():
    with time_machine.travel(datetime(2026, 1, 15, 12, 0), tick=False):
        yield


@pytest.fixture
def revisited(app, client):
    """The revisit is recorded with its letter; nothing is judged yet. Signed in as a manager."""
    inspection = make_inspection(app, "Westmarsh")
    manager = make_user(app, "manager", "Westmarsh")
    officer = make_user(app, "officer", "Westmarsh")
    actions = make_actions(app, inspection, manager, lead=officer)
    as_service(app, manager, inspection, revisit(date(2025, 11, 3), date(2025, 11, 17), date(2025, 11, 19),
                                                 date(2025, 12, 15)))
    sign_in(client, manager)
    return inspection, manager, officer, actions


@pytest.fixture
def follow_on(app, revisited):
    """The revisit found weaknesses 1 and 3 insufficient; the accelerated progress plan answers them, with weakness
    1's action carried over. Signed in as a manager."""
    inspection, manager, _, actions = revisited
    as_service(app, manager, inspection, judge(app, inspection, [INSUFFICIENT, SUFFICIENT, INSUFFICIENT, SUFFICIENT]))
    as_service(app, manager, inspection, open_plan([actions[0].id], OPENED))
    return revisited


def weaknesses(app, inspection) -> list[int]:
    return finding_ids(app, inspection, "significant_weakness")


def second_revisit(client, inspection, letter: date | None = None):
    fields = {"notice_on": day(SECOND_NOTICE), "starts_on": day(SECOND_VISIT[0]), "ends_on": day(SECOND_VISIT[1])}
    return post_form(client, f"/inspections/{inspection.id}/revisit",
                     {**fields, **({"letter_published_on": day(letter)} if letter else {})})


def judged_again(app, client, follow_on, first: str, third: str):
    """The second revisit, judging weakness 1 and weakness 3."""
    inspection, manager = follow_on[0], follow_on[1]
    second_revisit(client, inspection, date(2026, 1, 14))
    one, _, three, _ = weaknesses(app, inspection)
    as_service(app, manager, inspection, judge_findings({one: first, three: third}))


def plan_row(app, number: int) -> FollowOnPlan:
    with app.app_context():
        return db.session.scalar(select(FollowOnPlan).where(FollowOnPlan.number == number))


# -- The follow-on plan's own visit -------------------------------------------------------------------------------


def test_the_follow_on_plan_s_own_visit_is_recorded_beside_the_revisit(app, client, follow_on):
    inspection = follow_on[0]
    assert_page(client.get(f"/inspections/{inspection.id}/revisit"), "Record the second revisit")
    assert redirect_target(second_revisit(client, inspection)) == f"/inspections/{inspection.id}/cycle"
    with app.app_context():
        visits = db.session.execute(select(Revisit.plan_number, Revisit.starts_on).order_by(Revisit.plan_number))
        assert visits.all() == [(1, date(2025, 11, 17)), (2, SECOND_VISIT[0])]
    page = client.get(f"/inspections/{inspection.id}/cycle").get_data(as_text=True)
    assert "Notice of the second revisit" in page
    assert "Change the notice and dates of the second revisit" in page


def test_a_second_revisit_noticed_before_the_plan_opened_is_refused_and_nothing_is_stored(app, client, follow_on):
    inspection = follow_on[0]
    before = audit_count(app)
    page = post_form(
        client,
        f"/inspections/{inspection.id}/revisit",
        {"notice_on": day(date(2025, 12, 1)), "starts_on": day(SECOND_VISIT[0]), "ends_on": day(SECOND_VISIT[1])},
    ).get_data(as_text=True)
    assert "The notice of the second revisit cannot come before the accelerated progress plan opened, on 22 " \
           "December 2025" in page
    assert 'value="2025"' in page  # what was typed is kept
    assert count(app, Revisit) == 1
    assert audit_count(app) == before


def test_the_second_revisit_judges_only_the_weaknesses_the_plan_answers(app, client, follow_on):
    inspection = follow_on[0]
    one, two, three, _ = weaknesses(app, inspection)
    second_revisit(client, inspection)
    page = client.get(f"/inspections/{inspection.id}/judgements").get_data(as_text=True)
    assert f"progress_{one}" in page and f"progress_{three}" in page
    assert f"progress_{two}" not in page
    response = post_form(
        client,
        f"/inspections/{inspection.id}/judgements",
        {f"progress_{one}": SUFFICIENT, f"words_{one}": "Plans are now on time.", f"progress_{three}": INSUFFICIENT},
    )
    assert redirect_target(response) == f"/inspections/{inspection.id}/cycle"
    assert judgements_stored(app, inspection, 2) == {one: SUFFICIENT, three: INSUFFICIENT}
    # The revisit's own judgements stay as they were.
    assert judgements_stored(app, inspection, 1)[one] == INSUFFICIENT


def test_a_second_revisit_judgement_on_a_weakness_the_plan_does_not_answer_is_refused(app, client, follow_on):
    inspection, manager = follow_on[0], follow_on[1]
    one, two, _, _ = weaknesses(app, inspection)
    second_revisit(client, inspection)
    before = audit_count(app)
    with pytest.raises(CycleError, match="The second revisit judges only what the accelerated progress plan answers: "
                                         "Weakness 1, Weakness 3"):
        as_service(app, manager, inspection, judge_findings({one: SUFFICIENT, two: INSUFFICIENT}))
    assert judgements_stored(app, inspection, 2) == {}
    assert audit_count(app) == before


def test_the_inspection_page_and_dashboard_show_each_weakness_s_latest_judgement(app, client, follow_on):
    judged_again(app, client, follow_on, SUFFICIENT, INSUFFICIENT)
    inspection = follow_on[0]
    one = weaknesses(app, inspection)[0]
    for path in (f"/inspections/{inspection.id}", f"/inspections/{inspection.id}/dashboard"):
        page = client.get(path).get_data(as_text=True)
        assert "Latest judgement on each weakness" in page, path
        assert f"Words on {one}" in page, path
        assert "At the second revisit" in page and "At the revisit" in page, path


# -- A further plan -------------------------------------------------------------------------------------------------


def test_where_the_second_revisit_still_finds_progress_insufficient_a_further_plan_carries_the_open_actions(
    app, client, follow_on
):
    inspection, _, _, actions = follow_on
    judged_again(app, client, follow_on, INSUFFICIENT, SUFFICIENT)
    carried = actions[0].id  # weakness 1's, carried into the accelerated progress plan before
    with app.app_context():
        weakness_three_draft = db.session.scalar(select(Action.id).where(Action.reference == "3.2"))
    page = client.get(f"/inspections/{inspection.id}/follow-on-plan/open").get_data(as_text=True)
    assert "Open the second accelerated progress plan" in page
    assert f'value="{carried}" checked' in page and f'value="{weakness_three_draft}" checked' not in page
    response = post_form(client, f"/inspections/{inspection.id}/follow-on-plan/open", {"carry_over": [str(carried)]})
    assert redirect_target(response) == f"/inspections/{inspection.id}/follow-on-plan"
    further = plan_row(app, 3)
    with app.app_context():
        assert [f.id for f in db.session.get(FollowOnPlan, further.id).findings] == [weaknesses(app, inspection)[0]]
        assert db.session.get(Action, carried).plan_id == further.id
        assert db.session.get(Action, weakness_three_draft).plan_id == plan_row(app, 2).id
        opened = db.session.scalars(
            select(AuditEvent.summary).where(AuditEvent.event == "plan.opened").order_by(AuditEvent.id)
        ).all()
        assert opened[-1] == "Second accelerated progress plan opened, answering Weakness 1; 1 actions carried over"
    plans_page = assert_page(client.get(f"/inspections/{inspection.id}/follow-on-plan"),
                             "Second accelerated progress plan for Westmarsh")
    assert "This plan closed when the second accelerated progress plan opened on 15 January 2026" in plans_page


def test_an_action_left_in_the_closed_follow_on_plan_refuses_changes(app, client, follow_on):
    inspection, manager = follow_on[0], follow_on[1]
    judged_again(app, client, follow_on, INSUFFICIENT, SUFFICIENT)
    as_service(app, manager, inspection, open_plan([]))
    with app.app_context():
        left = db.session.scalar(select(Action).where(Action.reference == "3.2"))  # a draft with no lead
        closed = "This action is in the accelerated progress plan, which closed when the second accelerated progress"
        with pytest.raises(WorkflowError, match=f"{closed} plan opened on 15 January 2026"):
            post_update(db.session.get(User, manager.id), left, UpdateDetails("green", "Fine", "Done"), left.version)
        assert db.session.scalar(select(ProgressUpdate.id).where(ProgressUpdate.action_id == left.id)) is None


def test_a_further_plan_with_nothing_insufficient_at_the_second_revisit_is_refused(app, client, follow_on):
    inspection = follow_on[0]
    judged_again(app, client, follow_on, SUFFICIENT, SUFFICIENT)
    before = audit_count(app)
    page = post_form(client, f"/inspections/{inspection.id}/follow-on-plan/open", {}).get_data(as_text=True)
    assert "The accelerated progress plan is open: a further plan follows only when the second revisit judges " \
           "progress insufficient on a weakness it answers" in page
    assert count(app, FollowOnPlan) == 1
    assert audit_count(app) == before


def test_carrying_over_an_action_changed_since_the_page_was_loaded_is_a_conflict_that_keeps_the_choice(
    app, client, follow_on
):
    inspection, _, officer, actions = follow_on
    judged_again(app, client, follow_on, INSUFFICIENT, SUFFICIENT)
    path = f"/inspections/{inspection.id}/follow-on-plan/open"
    shown = hidden_fields(client, path)
    with app.app_context():  # the lead posts an update meanwhile
        action = db.session.get(Action, actions[0].id)
        post_update(db.session.get(User, officer.id), action, UpdateDetails("amber", "Slow", "Met"), action.version)
    before = audit_count(app)
    refused = client.post(path, data={**shown, "carry_over": [str(actions[0].id)]}).get_data(as_text=True)
    assert "Someone else changed action 1.1 while you were looking at this page. Nothing was saved" in refused
    assert f'value="{actions[0].id}" checked' in refused
    assert count(app, FollowOnPlan) == 1
    assert audit_count(app) == before
    # Opening again from the page as it now is works.
    response = post_form(client, path, {"carry_over": [str(actions[0].id)]})
    assert redirect_target(response) == f"/inspections/{inspection.id}/follow-on-plan"


# -- Closing a follow-on plan as complete ---------------------------------------------------------------------------


def test_where_the_second_revisit_finds_every_weakness_sufficient_a_manager_closes_the_plan_as_complete(
    app, client, follow_on
):
    inspection, _, officer, actions = follow_on
    judged_again(app, client, follow_on, SUFFICIENT, SUFFICIENT)
    cycle_page = client.get(f"/inspections/{inspection.id}/cycle").get_data(as_text=True)
    assert "Close the accelerated progress plan as complete" in cycle_page
    assert_page(client.get(f"/inspections/{inspection.id}/plan/close"),
                "Close the accelerated progress plan as complete")
    response = post_form(client, f"/inspections/{inspection.id}/plan/close", {})
    assert redirect_target(response) == f"/inspections/{inspection.id}/follow-on-plan"
    plan = plan_row(app, 2)
    assert (plan.closed_on, plan.closed_by_id) == (TODAY, follow_on[1].id)
    with app.app_context():
        [closed] = db.session.scalars(select(AuditEvent).where(AuditEvent.event == "plan.closed")).all()
        assert closed.summary == ("Accelerated progress plan closed as complete: the second revisit judged progress "
                                  "sufficient on Weakness 1, Weakness 3")
        assert closed.changes == {"closed_on": [None, "2026-01-15"]}
        carried = db.session.get(Action, actions[0].id)
        with pytest.raises(WorkflowError, match="which was closed as complete on 15 January 2026"):
            post_update(db.session.get(User, officer.id), carried, UpdateDetails("green", "Ok", "Done"),
                        carried.version)
    page = client.get(f"/inspections/{inspection.id}/follow-on-plan").get_data(as_text=True)
    assert "Closed as complete on 15 January 2026" in page


def test_closing_a_plan_twice_is_refused_and_nothing_changes(app, client, follow_on):
    inspection = follow_on[0]
    judged_again(app, client, follow_on, SUFFICIENT, SUFFICIENT)
    path = f"/inspections/{inspection.id}/plan/close"
    shown = hidden_fields(client, path)
    client.post(path, data=shown)
    before = audit_count(app)
    page = client.post(path, data=shown).get_data(as_text=True)
    assert "There is a problem" in page
    assert "The accelerated progress plan was already closed as complete on 15 January 2026" in page
    assert audit_count(app) == before
    assert "Close the plan as complete" not in page  # no button to press again


def test_closing_while_the_second_revisit_found_a_weakness_insufficient_is_refused(app, client, follow_on):
    inspection = follow_on[0]
    judged_again(app, client, follow_on, SUFFICIENT, INSUFFICIENT)
    before = audit_count(app)
    page = post_form(client, f"/inspections/{inspection.id}/plan/close", {"version": "1"}).get_data(
        as_text=True
    )
    assert "The second revisit judged progress insufficient on Weakness 3, so the accelerated progress plan is not " \
           "complete: open the second accelerated progress plan instead" in page
    assert plan_row(app, 2).closed_on is None
    assert audit_count(app) == before


def test_closing_from_a_page_showing_another_version_of_the_plan_is_a_conflict(app, client, follow_on):
    inspection = follow_on[0]
    judged_again(app, client, follow_on, SUFFICIENT, SUFFICIENT)
    path = f"/inspections/{inspection.id}/plan/close"
    refused = post_form(client, path, {"version": "7"})
    assert "Someone else changed the accelerated progress plan while you were looking at this page" in (
        refused.get_data(as_text=True)
    )
    assert plan_row(app, 2).closed_on is None
    # The page now shows the plan's own version: closing again from it works.
    assert redirect_target(client.post(path, data=hidden_fields_in(refused))) == (
        f"/inspections/{inspection.id}/follow-on-plan"
    )


def test_nothing_more_is_recorded_for_a_plan_closed_as_complete(app, client, follow_on):
    inspection, manager = follow_on[0], follow_on[1]
    judged_again(app, client, follow_on, SUFFICIENT, SUFFICIENT)
    post_form(client, f"/inspections/{inspection.id}/plan/close", {})
    before = audit_count(app)
    page = second_revisit(client, inspection, date(2026, 1, 15)).get_data(as_text=True)
    assert "The accelerated progress plan was closed as complete on 15 January 2026: nothing more can be recorded" \
           in page
    with pytest.raises(CycleError, match="closed as complete"):
        as_service(app, manager, inspection, open_plan([]))
    new_action = post_form(
        client, f"/inspections/{inspection.id}/actions/new",
        {"title": "One more", "findings": [str(weaknesses(app, inspection)[0])], "lead": ""},
    ).get_data(as_text=True)
    assert "was closed as complete on 15 January 2026, so it takes no new actions" in new_action
    assert audit_count(app) == before


# -- Closing the first plan as complete ------------------------------------------------------------------------------




def inspection_row(app, inspection) -> Inspection:
    with app.app_context():
        return db.session.get(Inspection, inspection.id)


CLOSE_FIRST = "Close the written statement of action's plan as complete"


def text(response) -> str:
    """The page as a person reads it: apostrophes and all."""
    return html.unescape(response.get_data(as_text=True))


def test_where_the_revisit_finds_every_weakness_sufficient_a_manager_closes_the_first_plan_as_complete(
    app, client, revisited
):
    inspection, manager, officer, actions = revisited
    as_service(app, manager, inspection, judge(app, inspection, [SUFFICIENT] * 4))
    assert CLOSE_FIRST in text(client.get(f"/inspections/{inspection.id}/cycle"))
    assert_page(client.get(f"/inspections/{inspection.id}/plan/close"), CLOSE_FIRST)
    response = post_form(client, f"/inspections/{inspection.id}/plan/close", {})
    assert redirect_target(response) == f"/inspections/{inspection.id}/cycle"
    row = inspection_row(app, inspection)
    assert (row.first_plan_closed_on, row.first_plan_closed_by_id) == (TODAY, manager.id)
    with app.app_context():
        [closed] = db.session.scalars(select(AuditEvent).where(AuditEvent.event == "plan.closed")).all()
        assert closed.summary == ("Written statement of action closed as complete: the revisit judged progress "
                                  "sufficient on Weakness 1, Weakness 2, Weakness 3, Weakness 4")
        assert closed.changes == {"closed_on": [None, "2026-01-15"]}
        action = db.session.get(Action, actions[0].id)
        with pytest.raises(WorkflowError, match="This action is in the written statement of action's plan, which "
                                                "was closed as complete on 15 January 2026"):
            post_update(db.session.get(User, officer.id), action, UpdateDetails("green", "Ok", "Done"),
                        action.version)
    cycle_page = text(client.get(f"/inspections/{inspection.id}/cycle"))
    assert "None: the revisit judged progress sufficient on every weakness the written statement of action's plan " \
           "answers, and it was closed as complete on 15 January 2026" in cycle_page
    assert CLOSE_FIRST not in cycle_page
    plan_page = text(client.get(f"/inspections/{inspection.id}/actions"))
    assert "This plan was closed as complete on 15 January 2026" in plan_page
    assert "Add an action" not in plan_page


def test_closing_the_first_plan_before_every_weakness_is_judged_is_refused_and_nothing_is_stored(
    app, client, revisited
):
    inspection, manager = revisited[0], revisited[1]
    one, two, three, _ = weaknesses(app, inspection)
    as_service(app, manager, inspection, judge_findings({one: SUFFICIENT, two: SUFFICIENT, three: SUFFICIENT}))
    path = f"/inspections/{inspection.id}/plan/close"
    assert "Record the revisit's judgement on Weakness 4 before closing the written statement of action's plan as " \
           "complete" in text(client.get(path))
    before = audit_count(app)
    page = text(post_form(client, path, {"version": "1"}))
    assert "There is a problem" in page and "judgement on Weakness 4 before closing" in page
    assert inspection_row(app, inspection).first_plan_closed_on is None
    assert audit_count(app) == before


def test_closing_the_first_plan_while_the_revisit_found_a_weakness_insufficient_is_refused(app, client, revisited):
    inspection, manager = revisited[0], revisited[1]
    as_service(app, manager, inspection, judge(app, inspection, [SUFFICIENT, SUFFICIENT, INSUFFICIENT, SUFFICIENT]))
    assert CLOSE_FIRST not in text(client.get(f"/inspections/{inspection.id}/cycle"))
    before = audit_count(app)
    page = text(post_form(client, f"/inspections/{inspection.id}/plan/close", {"version": "1"}))
    assert "The revisit judged progress insufficient on Weakness 3, so the written statement of action's plan is " \
           "not complete: open the accelerated progress plan instead" in page
    assert inspection_row(app, inspection).first_plan_closed_on is None
    assert audit_count(app) == before


def test_closing_the_first_plan_before_the_revisit_is_recorded_is_refused(app, client):
    inspection = make_inspection(app, "Westmarsh")
    sign_in(client, make_user(app, "manager", "Westmarsh"))
    path = f"/inspections/{inspection.id}/plan/close"
    page = text(client.get(path))
    assert "Record the revisit and its judgements before closing the written statement of action's plan" in page
    assert "Close the plan as complete" not in page
    before = audit_count(app)
    assert "There is a problem" in text(post_form(client, path, {}))
    assert audit_count(app) == before


def test_closing_the_first_plan_from_a_page_showing_another_version_is_a_conflict(app, client, revisited):
    inspection, manager = revisited[0], revisited[1]
    as_service(app, manager, inspection, judge(app, inspection, [SUFFICIENT] * 4))
    path = f"/inspections/{inspection.id}/plan/close"
    refused = post_form(client, path, {"version": "7"})
    assert "Someone else changed the written statement of action's plan while you were looking" in text(refused)
    assert inspection_row(app, inspection).first_plan_closed_on is None
    assert redirect_target(client.post(path, data=hidden_fields_in(refused))) == f"/inspections/{inspection.id}/cycle"


def test_a_first_plan_closed_by_someone_else_meanwhile_is_a_conflict_not_a_second_closing(app, client, revisited):
    """Both managers read version 1; the second's compare-and-set finds the version moved on and stores nothing."""
    inspection, manager = revisited[0], revisited[1]
    as_service(app, manager, inspection, judge(app, inspection, [SUFFICIENT] * 4))

    def close_from_an_old_read(user, row):
        with db.engine.begin() as other:  # another manager's close commits after this one read the inspection
            other.execute(update(Inspection).where(Inspection.id == row.id).values(first_plan_version=2,
                                                                                   first_plan_closed_on=OPENED))
        return close_plan(user, row, 1, TODAY)

    before = audit_count(app)
    with pytest.raises(PlanConflict):
        as_service(app, manager, inspection, close_from_an_old_read)
    assert inspection_row(app, inspection).first_plan_closed_on == OPENED
    assert audit_count(app) == before


def test_nothing_more_is_recorded_for_a_first_plan_closed_as_complete(app, client, revisited):
    inspection, manager = revisited[0], revisited[1]
    as_service(app, manager, inspection, judge(app, inspection, [SUFFICIENT] * 4))
    post_form(client, f"/inspections/{inspection.id}/plan/close", {})
    before = audit_count(app)
    page = text(post_form(client, f"/inspections/{inspection.id}/revisit", {
        "notice_on": day(date(2025, 11, 3)), "starts_on": day(date(2025, 11, 18)), "ends_on": day(date(2025, 11, 19)),
    }))
    assert "The written statement of action's plan was closed as complete on 15 January 2026: nothing more can " \
           "be recorded for it" in page
    with pytest.raises(CycleError, match="closed as complete"):
        as_service(app, manager, inspection, judge(app, inspection, [INSUFFICIENT] * 4))
    new_action = text(post_form(
        client, f"/inspections/{inspection.id}/actions/new",
        {"title": "One more", "findings": [str(weaknesses(app, inspection)[0])], "lead": ""},
    ))
    assert "was closed as complete on 15 January 2026, so it takes no new actions" in new_action
    assert audit_count(app) == before


# -- The timeline ----------------------------------------------------------------------------------------------------


def test_the_timeline_shows_each_plan_its_visit_and_judgements_and_the_closing_newest_first(app, client, follow_on):
    inspection = follow_on[0]
    judged_again(app, client, follow_on, SUFFICIENT, SUFFICIENT)
    post_form(client, f"/inspections/{inspection.id}/plan/close", {})
    with app.app_context():
        area_id = db.session.get(Inspection, inspection.id).local_area_id
    page = assert_page(client.get(f"/areas/{area_id}/timeline"), "Timeline for Westmarsh")
    order = [
        "Accelerated progress plan closed as complete",
        "Judgements from the second revisit",
        "Second revisit",
        "Notice of the second revisit",
        "Accelerated progress plan opened",
        "Judgements from the revisit",
        "Revisit",
    ]
    positions = [page.index(f">{title}<") for title in order]
    assert positions == sorted(positions)
    assert "Weakness 1: sufficient progress; Weakness 3: sufficient progress" in page


def test_the_timeline_shows_the_first_plan_closed_as_complete_after_its_judgements(app, client, revisited):
    inspection, manager = revisited[0], revisited[1]
    as_service(app, manager, inspection, judge(app, inspection, [SUFFICIENT] * 4))
    post_form(client, f"/inspections/{inspection.id}/plan/close", {})
    page = text(client.get(f"/areas/{inspection_row(app, inspection).local_area_id}/timeline"))
    closed, judged = page.index(">Written statement of action closed as complete<"), page.index(
        ">Judgements from the revisit<")
    assert closed < judged  # newest first
    assert "The revisit judged progress sufficient on every weakness it answers." in page


# -- Changing several at once lists only actions that can change ------------------------------------------------------


def bulk_choices(client, inspection) -> str:
    return text(client.get(f"/inspections/{inspection.id}/actions/change-several"))


def test_change_several_lists_no_action_of_a_first_plan_closed_as_complete(app, client, revisited):
    inspection, manager, _, actions = revisited
    assert f'value="{actions[0].id}"' in bulk_choices(client, inspection)
    as_service(app, manager, inspection, judge(app, inspection, [SUFFICIENT] * 4))
    post_form(client, f"/inspections/{inspection.id}/plan/close", {})
    page = bulk_choices(client, inspection)
    assert 'name="actions"' not in page
    assert "The written statement of action's plan was closed as complete on 15 January 2026, so it takes no new " \
           "actions. A closed plan is kept as it was: its actions cannot be changed." in page


def test_change_several_lists_no_action_of_a_follow_on_plan_closed_as_complete(app, client, follow_on):
    inspection, _, _, actions = follow_on
    assert f'value="{actions[0].id}"' in bulk_choices(client, inspection)  # carried over to the open plan
    judged_again(app, client, follow_on, SUFFICIENT, SUFFICIENT)
    post_form(client, f"/inspections/{inspection.id}/plan/close", {})
    page = bulk_choices(client, inspection)
    assert 'name="actions"' not in page
    assert "The accelerated progress plan was closed as complete on 15 January 2026" in page
