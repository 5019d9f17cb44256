"""The cycle after the plan through the pages: submission, decision, revisit, judgements, the follow-on plan,
closed plans and the area's timeline. Bad input gets a clear error and stores nothing."""

from __future__ import annotations

from datetime import date, datetime

import pytest
import time_machine
from sqlalchemy import func, select

from tests.cycle_factories import (
    TODAY,
    as_service,
    audit_count,
    count,
    day,
    decide,
    finding_ids,
    judge,
    judgements_stored,
    revisit,
    submit,
)
from tests.factories import make_actions, make_inspection, make_user
from tests.pages import assert_page, hidden_fields, post_form, redirect_target, sign_in
from wsoa.actions.services import UpdateDetails, add_milestone, post_update
from wsoa.extensions import db
from wsoa.inspections.cycle import INSUFFICIENT, SUFFICIENT, CycleError
from wsoa.inspections.cycle_services import (
    open_follow_on_plan,
    record_judgements,
)
from wsoa.models import (
    Action,
    AuditEvent,
    FollowOnPlan,
    Inspection,
    Milestone,
    Notification,
    ProgressUpdate,
    Revisit,
    StatementSubmission,
    User,
)


@pytest.fixture(autouse=True)
def frozen_day():
    with time_machine.travel(datetime(2026, 1, 15, 12, 0), tick=False):
        yield


@pytest.fixture
def cycle(app, client):
    inspection = make_inspection(app, "Westmarsh")
    manager = make_user(app, "manager", "Westmarsh")
    other_manager = make_user(app, "manager", "Westmarsh")
    officer = make_user(app, "officer", "Westmarsh")
    actions = make_actions(app, inspection, manager, lead=officer)
    sign_in(client, manager)
    return inspection, manager, other_manager, officer, actions


# -- Submission and decision ------------------------------------------------------------------------------------


def test_a_recorded_submission_meets_the_deadline_on_the_inspection_page(app, client, cycle):
    inspection = cycle[0]
    response = post_form(client, f"/inspections/{inspection.id}/submission", {"submitted_on": day(date(2025, 6, 20))})
    assert redirect_target(response) == f"/inspections/{inspection.id}/cycle"
    page = client.get(f"/inspections/{inspection.id}").get_data(as_text=True)
    assert "Written statement of action submitted" in page
    assert "Met: submitted on 20 June 2025." in page


def test_a_decision_before_any_submission_is_refused_and_nothing_is_stored(app, client, cycle):
    inspection = cycle[0]
    before = audit_count(app)
    page = assert_page(
        post_form(
            client,
            f"/inspections/{inspection.id}/decision",
            {"decision": "accepted", "decided_on": day(date(2025, 9, 1))},
        ),
        "Record the decision on the written statement of action",
    )
    assert "There is a problem" in page
    assert "Record when the written statement of action was submitted before the decision on it" in page
    assert 'value="2025"' in page  # what was typed is kept
    assert count(app, StatementSubmission) == 0
    assert audit_count(app) == before


def test_a_decision_dated_before_the_submission_is_refused_and_the_submission_keeps_waiting(app, client, cycle):
    inspection, manager = cycle[0], cycle[1]
    as_service(app, manager, inspection, submit(date(2025, 6, 20)))
    before = audit_count(app)
    page = post_form(
        client,
        f"/inspections/{inspection.id}/decision",
        {"decision": "accepted", "decided_on": day(date(2025, 6, 19))},
    ).get_data(as_text=True)
    assert "The decision cannot come before the written statement of action was submitted, on 20 June 2025" in page
    with app.app_context():
        assert db.session.scalar(select(StatementSubmission.decision)) is None
    assert audit_count(app) == before


def test_asking_for_the_statement_again_shows_its_own_deadline(app, client, cycle):
    inspection, manager = cycle[0], cycle[1]
    as_service(app, manager, inspection, submit(date(2025, 6, 20)))
    post_form(
        client,
        f"/inspections/{inspection.id}/decision",
        {"decision": "resubmit", "decided_on": day(date(2025, 9, 1)), "resubmit_by": day(date(2025, 10, 31))},
    )
    page = client.get(f"/inspections/{inspection.id}/cycle").get_data(as_text=True)
    assert "Written statement of action to be resubmitted" in page
    assert "31 October 2025" in page
    assert "Record a submission of the written statement of action" in page  # the resubmission comes next


# -- The revisit -------------------------------------------------------------------------------------------------


def test_revisit_dates_before_the_notice_are_refused_and_nobody_is_told(app, client, cycle):
    inspection = cycle[0]
    before = audit_count(app)
    page = post_form(
        client,
        f"/inspections/{inspection.id}/revisit",
        {"notice_on": day(date(2026, 1, 12)), "starts_on": day(date(2026, 1, 9)), "ends_on": day(date(2026, 1, 14))},
    ).get_data(as_text=True)
    assert "The revisit cannot start before the notice was given, on 12 January 2026" in page
    assert count(app, Revisit) == 0
    assert count(app, Notification) == 0
    assert audit_count(app) == before


def test_a_notice_tells_the_other_managers_at_once_with_the_countdown(app, client, cycle):
    inspection, manager, other_manager, officer, _ = cycle
    post_form(
        client,
        f"/inspections/{inspection.id}/revisit",
        {"notice_on": day(date(2026, 1, 12)), "starts_on": day(date(2026, 1, 26)), "ends_on": day(date(2026, 1, 28))},
    )
    with app.app_context():
        notices = db.session.scalars(select(Notification)).all()
        assert [(n.user_id, n.inspection_id, n.event) for n in notices] == [
            (other_manager.id, inspection.id, "revisit_notice")
        ]
        assert notices[0].text == (
            "Westmarsh: Ofsted and the CQC gave notice on 12 January 2026 of the revisit, from 26 January 2026 to "
            "28 January 2026: 14 days (10 working days) from the notice."
        )


# -- Judgements ----------------------------------------------------------------------------------------------------


def test_judgements_are_recorded_for_each_weakness_and_shown_on_the_inspection_and_the_dashboard(app, client, cycle):
    inspection, manager = cycle[0], cycle[1]
    as_service(app, manager, inspection, revisit(date(2025, 12, 1), date(2025, 12, 15), date(2025, 12, 17)))
    first, second, *_ = finding_ids(app, inspection, "significant_weakness")
    response = post_form(
        client,
        f"/inspections/{inspection.id}/judgements",
        {
            f"progress_{first}": INSUFFICIENT,
            f"words_{first}": "Leaders have not improved the timeliness of plans.",
            f"progress_{second}": SUFFICIENT,
        },
    )
    assert redirect_target(response) == f"/inspections/{inspection.id}/cycle"
    assert judgements_stored(app, inspection) == {first: INSUFFICIENT, second: SUFFICIENT}
    for path in (f"/inspections/{inspection.id}", f"/inspections/{inspection.id}/dashboard"):
        page = client.get(path).get_data(as_text=True)
        assert "Leaders have not improved the timeliness of plans." in page, path
        assert "Insufficient progress" in page and "Sufficient progress" in page, path


def test_judgements_before_the_revisit_is_recorded_are_refused(app, client, cycle):
    inspection = cycle[0]
    first = finding_ids(app, inspection, "significant_weakness")[0]
    page = post_form(
        client, f"/inspections/{inspection.id}/judgements", {f"progress_{first}": INSUFFICIENT}
    ).get_data(as_text=True)
    assert "Record the revisit before its judgements" in page
    assert judgements_stored(app, inspection) == {}


def test_a_judgement_for_a_weakness_that_is_not_significant_is_refused_and_nothing_stored(app, client, cycle):
    inspection, manager = cycle[0], cycle[1]
    as_service(app, manager, inspection, revisit(date(2025, 12, 1), date(2025, 12, 15), date(2025, 12, 17)))
    weakness = finding_ids(app, inspection, "significant_weakness")[0]
    development = finding_ids(app, inspection, "area_for_development")[0]
    with app.app_context(), pytest.raises(CycleError, match="area for development or improvement is not judged"):
        record_judgements(
            db.session.get(User, manager.id),
            db.session.get(Inspection, inspection.id),
            {weakness: (SUFFICIENT, ""), development: (INSUFFICIENT, "")},
        )
    # The page asks only about what the revisit judges: a forged answer for anything else is not read.
    post_form(client, f"/inspections/{inspection.id}/judgements", {f"progress_{development}": INSUFFICIENT})
    assert judgements_stored(app, inspection) == {}


# -- The follow-on plan and closed plans --------------------------------------------------------------------------


def test_a_follow_on_plan_with_nothing_judged_insufficient_is_refused(app, client, cycle):
    inspection, manager = cycle[0], cycle[1]
    as_service(app, manager, inspection, revisit(date(2025, 12, 1), date(2025, 12, 15), date(2025, 12, 17)))
    as_service(app, manager, inspection, judge(app, inspection, [SUFFICIENT] * 4))
    before = audit_count(app)
    page = post_form(client, f"/inspections/{inspection.id}/follow-on-plan/open", {}).get_data(as_text=True)
    assert "No weakness was judged to have made insufficient progress" in page
    assert count(app, FollowOnPlan) == 0
    assert audit_count(app) == before


def _with_history(app, officer, action_id):
    """An update and a milestone on the action, as its lead posted them."""
    with app.app_context():
        user, action = db.session.get(User, officer.id), db.session.get(Action, action_id)
        post_update(user, action, UpdateDetails("amber", "Slow start", "Panel met"), action.version)
        add_milestone(user, action, "Audit of plans", date(2026, 3, 1), action.version)


@pytest.fixture
def judged(app, cycle):
    """Weakness 1 and 3 judged insufficient; weakness 1's action has a history."""
    inspection, manager, _, officer, actions = cycle
    _with_history(app, officer, actions[0].id)
    as_service(app, manager, inspection, revisit(date(2025, 12, 1), date(2025, 12, 15), date(2025, 12, 17)))
    as_service(
        app, manager, inspection, judge(app, inspection, [INSUFFICIENT, SUFFICIENT, INSUFFICIENT, SUFFICIENT])
    )
    return cycle


def test_opening_the_follow_on_plan_carries_actions_over_with_their_whole_history(app, client, judged):
    inspection, _, _, _, actions = judged
    carried = actions[0].id
    with app.app_context():
        history_before = db.session.scalar(select(func.count()).where(AuditEvent.action_id == carried))
    page = client.get(f"/inspections/{inspection.id}/follow-on-plan/open").get_data(as_text=True)
    assert f'value="{carried}" checked' in page  # answers weakness 1, judged insufficient: ticked
    assert f'value="{actions[1].id}" checked' not in page
    response = post_form(client, f"/inspections/{inspection.id}/follow-on-plan/open", {"carry_over": [str(carried)]})
    assert redirect_target(response) == f"/inspections/{inspection.id}/follow-on-plan"
    with app.app_context():
        plan = db.session.scalar(select(FollowOnPlan))
        moved = db.session.get(Action, carried)
        assert moved.plan_id == plan.id and moved.reference == "1.1"
        updates = db.session.scalars(select(ProgressUpdate.done).where(ProgressUpdate.action_id == carried)).all()
        assert updates == ["Panel met"]
        assert [m.title for m in db.session.scalars(select(Milestone).where(Milestone.action_id == carried))] == [
            "Audit of plans"
        ]
        assert db.session.scalar(select(func.count()).where(AuditEvent.action_id == carried)) == history_before + 1
        # Weakness 3 had no action carried over: it gets a draft in the new plan, numbered after its first.
        in_plan = db.session.scalars(select(Action).where(Action.plan_id == plan.id).order_by(Action.id)).all()
        assert [a.reference for a in in_plan] == ["1.1", "3.2"]
        assert [f.position for f in plan.findings] == sorted(f.position for f in plan.findings)
        assert len(plan.findings) == 2
    plan_page = assert_page(client.get(f"/inspections/{inspection.id}/follow-on-plan"),
                            "Accelerated progress plan for Westmarsh")
    assert "Words on" in plan_page and "1.1" in plan_page and "3.2" in plan_page


def test_a_closed_plan_stays_browsable_and_refuses_changes_with_a_clear_message(app, client, judged):
    inspection, _, _, _, actions = judged
    left_behind = actions[1].id
    post_form(client, f"/inspections/{inspection.id}/follow-on-plan/open", {"carry_over": [str(actions[0].id)]})
    plan_page = client.get(f"/inspections/{inspection.id}/actions").get_data(as_text=True)
    assert "This plan closed when the accelerated progress plan opened" in plan_page
    assert f"/actions/{left_behind}" in plan_page and f"/actions/{actions[0].id}\"" not in plan_page
    action_page = client.get(f"/actions/{left_behind}").get_data(as_text=True)
    assert "A closed plan is kept as it was and cannot be changed" in action_page
    with app.app_context():
        version = db.session.get(Action, left_behind).version
    refused = post_form(
        client,
        f"/actions/{left_behind}/update",
        {"rag": "green", "rag_reason": "Fine", "done": "More work", "version": str(version)},
    ).get_data(as_text=True)
    assert "closed when the accelerated progress plan opened on 15 January 2026" in refused
    with app.app_context():
        assert db.session.scalar(select(func.count()).where(ProgressUpdate.action_id == left_behind)) == 0
        assert db.session.get(Action, left_behind).version == version
    # The carried-over action, in the open plan, still takes changes.
    with app.app_context():
        carried_version = db.session.get(Action, actions[0].id).version
    post_form(
        client,
        f"/actions/{actions[0].id}/update",
        {"rag": "green", "rag_reason": "Better", "done": "Audit done", "version": str(carried_version)},
    )
    with app.app_context():
        assert db.session.get(Action, actions[0].id).rag == "green"


def test_comments_on_a_closed_plan_s_actions_are_refused_too(app, client, judged):
    inspection, _, _, _, actions = judged
    post_form(client, f"/inspections/{inspection.id}/follow-on-plan/open", {})
    page = post_form(client, f"/actions/{actions[1].id}/comments/new", {"body": "Still here?"}).get_data(as_text=True)
    assert "A closed plan is kept as it was and cannot be changed" in page


def test_new_actions_go_to_the_open_follow_on_plan(app, client, judged):
    inspection, manager = judged[0], judged[1]
    as_service(app, manager, inspection, lambda user, row: open_follow_on_plan(user, row, [], TODAY))
    weakness = finding_ids(app, inspection, "significant_weakness")[1]
    fields = hidden_fields(client, f"/inspections/{inspection.id}/actions/new")
    client.post(
        f"/inspections/{inspection.id}/actions/new",
        data={**fields, "title": "Extra work", "findings": [str(weakness)], "lead": ""},
    )
    with app.app_context():
        extra = db.session.scalar(select(Action).where(Action.title == "Extra work"))
        assert extra.plan_id == db.session.scalar(select(FollowOnPlan.id))


def test_a_further_plan_before_the_follow_on_plan_s_own_visit_judges_it_is_refused(app, judged):
    inspection, manager = judged[0], judged[1]
    as_service(app, manager, inspection, lambda user, row: open_follow_on_plan(user, row, [], TODAY))
    with pytest.raises(CycleError, match="The accelerated progress plan is open: a further plan follows only when the "
                                         "second revisit judges progress insufficient"):
        as_service(app, manager, inspection, lambda user, row: open_follow_on_plan(user, row, [], TODAY))
    assert count(app, FollowOnPlan) == 1


# -- The area's timeline --------------------------------------------------------------------------------------------


def test_the_timeline_shows_the_inspection_its_cycle_judgements_and_plans_newest_first(app, client, judged):
    inspection, manager = judged[0], judged[1]
    as_service(app, manager, inspection, submit(date(2025, 6, 20)))
    as_service(app, manager, inspection, decide("accepted", date(2025, 9, 1)))
    as_service(app, manager, inspection, lambda user, row: open_follow_on_plan(user, row, [], TODAY))
    with app.app_context():
        area_id = db.session.get(Inspection, inspection.id).local_area_id
    page = assert_page(client.get(f"/areas/{area_id}/timeline"), "Timeline for Westmarsh")
    order = [
        "Accelerated progress plan opened",
        "Judgements from the revisit",
        "Revisit",
        "Notice of the revisit",
        "Written statement of action accepted as fit for purpose",
        "Written statement of action submitted",
        "Inspection",
    ]
    positions = [page.index(f">{title}<") for title in order]
    assert positions == sorted(positions)
    assert "Weakness 1: insufficient progress" in page


def test_once_accepted_the_cycle_page_offers_no_further_submission(app, client, cycle):
    inspection, manager = cycle[0], cycle[1]
    as_service(app, manager, inspection, submit(date(2025, 6, 20)))
    assert "Record the decision on the written statement of action" in client.get(
        f"/inspections/{inspection.id}/cycle"
    ).get_data(as_text=True)
    as_service(app, manager, inspection, decide("accepted", date(2025, 9, 1)))
    page = client.get(f"/inspections/{inspection.id}/cycle").get_data(as_text=True)
    assert "Record a submission" not in page and "Record the decision" not in page
