"""Measures over time on the action page: record a dated value with its source, see it in the chart's table,
and bad input (not a number, a date already recorded, a date to come, an old version) stores nothing."""

from __future__ import annotations

import csv
import html
import io
from datetime import date

import pytest

from tests.factories import make_actions, make_area, make_user
from tests.pages import assert_page, hidden_fields, post_form, redirect_target, sign_in
from tests.reminder_factories import set_action
from wsoa.board.services import record_meeting
from wsoa.extensions import db
from wsoa.models import Action, ActionSnapshot, AuditEvent, Inspection, MeasuredValue, User

MEASURE = {
    "success_measure": "Share of EHC plans issued within 20 weeks",
    "baseline": "45% in 2024-25",
    "target": "60% by March 2027",
    "baseline_value": 45.0,
    "target_value": 60.0,
    "measure_unit": "%",
}


@pytest.fixture
def action(app, westmarsh):
    """An action led by the officer, with its success measure as numbers."""
    inspection, manager, officer = westmarsh
    first = make_actions(app, inspection, manager, lead=officer)[0]
    set_action(app, first.id, **MEASURE)
    return first


def record(client, action_id: int, on: tuple[str, str, str], value: str, source: str = "SEN2 return", **kwargs):
    path = f"/actions/{action_id}/measures/new"
    return post_form(client, path, {"measured_on": list(on), "value": value, "source": source}, **kwargs)


def stored(app, action_id: int) -> list[tuple[date, float, str]]:
    with app.app_context():
        rows = db.session.query(MeasuredValue).filter_by(action_id=action_id).order_by(MeasuredValue.measured_on)
        return [(row.measured_on, row.value, row.source) for row in rows]


def version_of(app, action_id: int) -> int:
    with app.app_context():
        return db.session.get(Action, action_id).version


def test_a_lead_records_a_value_and_sees_it_with_its_source_beside_the_chart(app, client, westmarsh, action):
    sign_in(client, westmarsh.officer)
    before = version_of(app, action.id)
    response = record(client, action.id, ("1", "3", "2026"), "52.5", "Monthly timeliness report")
    assert redirect_target(response) == f"/actions/{action.id}"
    assert stored(app, action.id) == [(date(2026, 3, 1), 52.5, "Monthly timeliness report")]
    assert version_of(app, action.id) == before + 1  # a change to the action, like an update

    page = client.get(f"/actions/{action.id}").get_data(as_text=True)
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img"' in page
    assert "Latest:</strong> 52.5% for 1 March 2026. 7.5% to go." in page
    assert "Monthly timeliness report" in page
    assert "Baseline: 45%" in page and "Target: 60%" in page  # the lines' labels in the chart
    with app.app_context():
        event = db.session.query(AuditEvent).filter_by(event="measure.recorded").one()
        assert event.action_id == action.id and event.actor_id == westmarsh.officer.id
        assert event.summary == f"Measured value on {action.reference}: 52.5% for 1 March 2026"


@pytest.mark.parametrize("typed", ["about half", "nan", "", "12..5"])
def test_a_value_that_is_not_a_number_is_refused_keeping_what_was_typed(app, client, westmarsh, action, typed):
    sign_in(client, westmarsh.officer)
    before = version_of(app, action.id)
    page = assert_page(record(client, action.id, ("1", "3", "2026"), typed), "Record a measured value")
    expected = "Enter the value as a number, like 62.5" if not typed else "The value must be a number, like 62.5"
    assert expected in page and 'class="govuk-error-summary' in page
    if typed:
        assert f'value="{typed}"' in page
    assert 'value="SEN2 return"' in page  # the rest of what was typed is kept
    assert stored(app, action.id) == []
    assert version_of(app, action.id) == before


def test_a_second_value_for_a_date_already_recorded_is_refused(app, client, westmarsh, action):
    sign_in(client, westmarsh.manager)
    record(client, action.id, ("1", "3", "2026"), "50")
    page = assert_page(record(client, action.id, ("1", "3", "2026"), "55"), "Record a measured value")
    assert "A value for 1 March 2026 is already recorded: each date takes one value" in page
    assert stored(app, action.id) == [(date(2026, 3, 1), 50.0, "SEN2 return")]


def test_a_date_still_to_come_is_refused(app, client, westmarsh, action):
    sign_in(client, westmarsh.officer)
    next_year = str(date.today().year + 1)
    page = assert_page(record(client, action.id, ("1", "1", next_year), "50"), "Record a measured value")
    assert "The date the value is for must be today or in the past" in page
    assert stored(app, action.id) == []


def test_a_value_recorded_on_a_page_someone_else_has_since_changed_is_a_conflict(app, client, westmarsh, action):
    sign_in(client, westmarsh.officer)
    path = f"/actions/{action.id}/measures/new"
    form = hidden_fields(client, path)
    set_action(app, action.id, title="Changed by someone else")  # the version moves on
    response = client.post(path, data={**form, "measured_on": ["1", "3", "2026"], "value": "50", "source": "SEN2"})
    page = assert_page(response, "Record a measured value")
    assert "Someone else changed this action while you were editing it" in page
    assert 'value="50"' in page
    assert stored(app, action.id) == []


def test_no_values_can_be_recorded_before_the_action_has_a_success_measure(app, client, westmarsh, action):
    set_action(app, action.id, success_measure="")
    sign_in(client, westmarsh.officer)
    page = assert_page(record(client, action.id, ("1", "3", "2026"), "50"), "Record a measured value")
    assert "Set the action's success measure before recording values against it" in html.unescape(page)
    assert stored(app, action.id) == []


def test_a_manager_sets_the_numbers_and_a_target_on_the_wrong_side_is_explained(app, client, westmarsh, action):
    sign_in(client, westmarsh.manager)
    path = f"/actions/{action.id}/edit"
    page = client.get(path).get_data(as_text=True)
    assert 'value="45"' in page and 'value="60"' in page  # the numbers as people write them
    fields = {
        "title": "Issue plans on time",
        "findings": [str(finding) for finding in _findings_of(app, action.id)],
        "lead": "",
        "start_date": ["", "", ""],
        "due_date": ["", "", ""],
        "success_measure": MEASURE["success_measure"],
        "baseline_value": "45",
        "target_value": "60",
        "measure_unit": "%",
        "measure_better": "lower",
    }
    refused = assert_page(post_form(client, path, fields), f"Edit action {action.reference}")
    assert "The target is above the baseline, so a higher value should be better" in refused
    fewer_days = {"baseline_value": "120", "target_value": "90", "measure_unit": "days"}
    response = post_form(client, path, {**fields, **fewer_days})
    assert redirect_target(response) == f"/actions/{action.id}"
    with app.app_context():
        saved = db.session.get(Action, action.id)
        assert (saved.baseline_value, saved.target_value, saved.measure_unit, saved.measure_better) == (
            120.0,
            90.0,
            "days",
            "lower",
        )


def _findings_of(app, action_id: int) -> list[int]:
    with app.app_context():
        return [finding.id for finding in db.session.get(Action, action_id).findings]


def test_the_tracker_carries_the_latest_value_and_its_date(app, client, westmarsh, action):
    sign_in(client, westmarsh.officer)
    record(client, action.id, ("1", "2", "2026"), "50")
    record(client, action.id, ("1", "3", "2026"), "47.5")
    export = client.get(f"/inspections/{action.inspection_id}/tracker.csv").text.lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(export)))
    row = next(row for row in rows if row["Reference"] == action.reference)
    assert (row["Latest measured value"], row["Latest measured date"]) == ("47.5", "2026-03-01")
    assert (row["Baseline value"], row["Target value"], row["Against target"]) == ("45", "60", "12.5% to go")


def _recorded_id(app, action_id: int) -> int:
    with app.app_context():
        return db.session.query(MeasuredValue.id).filter_by(action_id=action_id).one()[0]


def test_a_value_typed_wrongly_is_corrected_with_a_reason_and_the_trail_keeps_the_old_one(
    app, client, westmarsh, action
):
    sign_in(client, westmarsh.officer)
    record(client, action.id, ("1", "3", "2026"), "4.75")
    measured_id = _recorded_id(app, action.id)
    before = version_of(app, action.id)
    path = f"/measures/{measured_id}/correct"
    response = post_form(client, path, {"value": "47.5", "source": "SEN2 return", "reason": "Typed 4.75 for 47.5"})
    assert redirect_target(response) == f"/actions/{action.id}"
    assert stored(app, action.id) == [(date(2026, 3, 1), 47.5, "SEN2 return")]
    assert version_of(app, action.id) == before + 1
    with app.app_context():
        event = db.session.query(AuditEvent).filter_by(event="measure.corrected").one()
        assert event.actor_id == westmarsh.officer.id and event.changes == {"value": [4.75, 47.5]}
        assert event.summary == (
            f"Measured value on {action.reference} for 1 March 2026 corrected (was 4.75%, now 47.5%): "
            "Typed 4.75 for 47.5"
        )


def test_the_correction_page_starts_from_the_value_as_recorded(app, client, westmarsh, action):
    sign_in(client, westmarsh.officer)
    record(client, action.id, ("1", "3", "2026"), "52.5", "Monthly report")
    page = assert_page(client.get(f"/measures/{_recorded_id(app, action.id)}/correct"),
                       "Correct the value for 1 March 2026")
    assert 'value="52.5"' in page and 'value="Monthly report"' in page


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ({"value": "about half", "reason": "Typo"}, "The value must be a number, like 62.5"),
        ({"value": "47.5", "reason": ""}, "Say why you are correcting the value"),
        ({"value": "52.5", "reason": "No change really"}, "Change the value or where it comes from: both are as"),
    ],
)
def test_a_correction_that_is_not_one_is_refused_and_changes_nothing(app, client, westmarsh, action, typed, message):
    sign_in(client, westmarsh.officer)
    record(client, action.id, ("1", "3", "2026"), "52.5", "SEN2 return")
    before = version_of(app, action.id)
    path = f"/measures/{_recorded_id(app, action.id)}/correct"
    response = post_form(client, path, {"source": "SEN2 return", **typed})
    page = assert_page(response, "Correct the value for 1 March 2026")
    assert message in html.unescape(page) and 'class="govuk-error-summary' in page
    assert stored(app, action.id) == [(date(2026, 3, 1), 52.5, "SEN2 return")]
    assert version_of(app, action.id) == before


def test_a_correction_on_a_page_someone_else_has_since_changed_is_a_conflict_keeping_what_was_typed(
    app, client, westmarsh, action
):
    sign_in(client, westmarsh.officer)
    record(client, action.id, ("1", "3", "2026"), "52.5")
    path = f"/measures/{_recorded_id(app, action.id)}/correct"
    form = hidden_fields(client, path)
    set_action(app, action.id, title="Changed by someone else")
    response = client.post(path, data={**form, "value": "48", "source": "SEN2 return", "reason": "Revised report"})
    page = assert_page(response, "Correct the value for 1 March 2026")
    assert "Someone else changed this action while you were editing it" in page
    assert 'value="48"' in page and "Revised report" in page
    assert stored(app, action.id) == [(date(2026, 3, 1), 52.5, "SEN2 return")]


def test_a_value_that_should_never_have_been_recorded_is_removed_with_a_reason(app, client, westmarsh, action):
    sign_in(client, westmarsh.officer)
    record(client, action.id, ("1", "2", "2026"), "50")
    record(client, action.id, ("1", "3", "2026"), "99")
    with app.app_context():
        wrong = db.session.query(MeasuredValue).filter_by(action_id=action.id, value=99.0).one().id
    response = post_form(client, f"/measures/{wrong}/remove", {"reason": "Belongs to another action"})
    assert redirect_target(response) == f"/actions/{action.id}"
    assert stored(app, action.id) == [(date(2026, 2, 1), 50.0, "SEN2 return")]
    with app.app_context():
        event = db.session.query(AuditEvent).filter_by(event="measure.removed").one()
        assert event.changes == {"measured_on": ["2026-03-01", None], "value": [99.0, None],
                                 "source": ["SEN2 return", None]}
        assert event.summary.endswith("removed (it was 99%): Belongs to another action")


def test_removing_a_value_needs_a_reason(app, client, westmarsh, action):
    sign_in(client, westmarsh.officer)
    record(client, action.id, ("1", "3", "2026"), "50")
    measured_id = _recorded_id(app, action.id)
    page = assert_page(post_form(client, f"/measures/{measured_id}/remove", {"reason": " "}),
                       "Remove the value for 1 March 2026")
    assert "Say why you are removing the value" in page
    assert stored(app, action.id) == [(date(2026, 3, 1), 50.0, "SEN2 return")]


def test_an_officer_who_is_not_on_the_action_may_see_a_value_but_not_correct_it(app, client, westmarsh, action):
    sign_in(client, westmarsh.officer)
    record(client, action.id, ("1", "3", "2026"), "50")
    measured_id = _recorded_id(app, action.id)
    other = make_user(app, role="officer", area="Westmarsh", email="other.officer@example.gov.uk")
    client.post("/sign-out", data=hidden_fields(client, "/"))
    sign_in(client, other)
    assert client.get(f"/measures/{measured_id}/correct").status_code == 403
    assert "Correct<span" not in client.get(f"/actions/{action.id}").get_data(as_text=True)


def test_a_value_in_another_area_is_not_found(app, client, westmarsh, action):
    sign_in(client, westmarsh.officer)
    record(client, action.id, ("1", "3", "2026"), "50")
    measured_id = _recorded_id(app, action.id)
    make_area(app, "Otherton")
    stranger = make_user(app, role="manager", area="Otherton", email="manager@otherton.example")
    client.post("/sign-out", data=hidden_fields(client, "/"))
    sign_in(client, stranger)
    assert client.get(f"/measures/{measured_id}/correct").status_code == 404
    assert client.get(f"/measures/{measured_id}/remove").status_code == 404


def test_a_board_meeting_already_recorded_keeps_the_value_as_it_stood(app, client, westmarsh, action):
    sign_in(client, westmarsh.officer)
    record(client, action.id, ("1", "3", "2026"), "4.75")
    with app.app_context():
        inspection = db.session.get(Inspection, westmarsh.inspection.id)
        record_meeting(db.session.get(User, westmarsh.manager.id), inspection, date.today())
    post_form(client, f"/measures/{_recorded_id(app, action.id)}/correct",
              {"value": "47.5", "source": "SEN2 return", "reason": "Typo"})
    with app.app_context():
        snapshot = db.session.query(ActionSnapshot).filter_by(action_id=action.id).one()
        assert (snapshot.measured_value, snapshot.measured_on) == (4.75, date(2026, 3, 1))
