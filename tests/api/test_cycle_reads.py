"""Reading an inspection's cycle through the API: its plans in turn, and what each plan's visit judged."""

from __future__ import annotations

from datetime import date, datetime
from types import SimpleNamespace

import pytest
import time_machine

from tests.api_factories import bearer
from tests.cycle_factories import as_service, finding_ids, judge_findings, open_plan, revisit
from wsoa.inspections.cycle import INSUFFICIENT, SUFFICIENT
from wsoa.inspections.cycle_services import record_judgements

OPENED = date(2026, 1, 5)


def get(client, token: str, url: str, **headers):
    return client.get(url, headers={**bearer(token), **headers})


def _plans(world) -> str:
    return f"/api/v1/inspections/{world.own.inspection_id}/plans"


@pytest.fixture
def followed_on(app, world):
    """The revisit judged weaknesses 1 and 3 insufficient and 2 and 4 sufficient (weakness 2's words corrected a
    day later); the accelerated progress plan opened on 5 January 2026."""
    manager, inspection = SimpleNamespace(id=world.manager_id), SimpleNamespace(id=world.own.inspection_id)
    weaknesses = finding_ids(app, inspection, "significant_weakness")
    with time_machine.travel(datetime(2025, 12, 16, 9), tick=False):
        as_service(app, manager, inspection,
                   revisit(date(2025, 11, 3), date(2025, 11, 17), date(2025, 11, 19), date(2025, 12, 15)))
        as_service(app, manager, inspection, judge_findings(dict(zip(
            weaknesses, [INSUFFICIENT, SUFFICIENT, INSUFFICIENT, SUFFICIENT], strict=True))))
    with time_machine.travel(datetime(2025, 12, 17, 9), tick=False):
        as_service(app, manager, inspection,
                   lambda user, row: record_judgements(user, row, {weaknesses[1]: (SUFFICIENT, "Corrected words")}))
    as_service(app, manager, inspection, open_plan([], OPENED))
    return weaknesses


def test_the_plans_come_in_turn_each_with_its_status_and_visit(client, world, followed_on):
    response = get(client, world.viewer, _plans(world))
    assert response.status_code == 200 and response.headers["ETag"]
    assert response.get_json() == {
        "items": [
            {
                "number": 1, "name": "Written statement of action", "opened_on": None, "closed_on": "2026-01-05",
                "status": "closed",
                "visit": {"notice_on": "2025-11-03", "starts_on": "2025-11-17", "ends_on": "2025-11-19",
                          "letter_published_on": "2025-12-15"},
            },
            {
                "number": 2, "name": "Accelerated progress plan", "opened_on": "2026-01-05", "closed_on": None,
                "status": "open", "visit": None,
            },
        ],
        "next_cursor": None,
    }


def test_the_plans_page_by_number_with_a_link_to_the_next_page(client, world, followed_on):
    first = get(client, world.viewer, f"{_plans(world)}?limit=1")
    assert [plan["number"] for plan in first.get_json()["items"]] == [1]
    cursor = first.get_json()["next_cursor"]
    assert cursor and f"cursor={cursor}" in first.headers["Link"]
    second = get(client, world.viewer, f"{_plans(world)}?limit=1&cursor={cursor}").get_json()
    assert [plan["number"] for plan in second["items"]] == [2] and second["next_cursor"] is None


def test_each_judgement_of_the_revisit_comes_with_the_inspectors_words_and_when_it_was_recorded(
    client, world, followed_on
):
    body = get(client, world.viewer, f"{_plans(world)}/1/judgements").get_json()
    assert [(j["finding"]["id"], j["finding"]["label"], j["progress"]) for j in body["items"]] == [
        (followed_on[0], "Weakness 1", INSUFFICIENT),
        (followed_on[1], "Weakness 2", SUFFICIENT),
        (followed_on[2], "Weakness 3", INSUFFICIENT),
        (followed_on[3], "Weakness 4", SUFFICIENT),
    ]
    corrected = body["items"][1]
    assert corrected["inspectors_words"] == "Corrected words"
    assert (corrected["recorded_at"], corrected["corrected_at"]) == ("2025-12-16T09:00:00+00:00",
                                                                     "2025-12-17T09:00:00+00:00")
    assert body["items"][0]["inspectors_words"] == f"Words on {followed_on[0]}"
    assert body["items"][0]["corrected_at"] is None


def test_a_follow_on_plan_s_visit_judges_what_it_answers_with_nothing_recorded_until_its_letter(
    client, world, followed_on
):
    body = get(client, world.viewer, f"{_plans(world)}/2/judgements").get_json()
    assert [(j["finding"]["label"], j["plan_number"], j["progress"], j["recorded_at"]) for j in body["items"]] == [
        ("Weakness 1", 2, None, None), ("Weakness 3", 2, None, None),
    ]


def test_judgements_page_by_finding_id(client, world, followed_on):
    first = get(client, world.viewer, f"{_plans(world)}/1/judgements?limit=3").get_json()
    assert [j["finding"]["id"] for j in first["items"]] == followed_on[:3]
    rest = get(client, world.viewer, f"{_plans(world)}/1/judgements?limit=3&cursor={first['next_cursor']}")
    assert [j["finding"]["id"] for j in rest.get_json()["items"]] == followed_on[3:]


def test_a_plan_the_inspection_does_not_have_is_not_found(client, world, followed_on):
    response = get(client, world.viewer, f"{_plans(world)}/3/judgements")
    assert response.status_code == 404 and response.content_type == "application/problem+json"


def test_another_area_s_plans_and_judgements_are_not_found(client, world):
    other = f"/api/v1/inspections/{world.other.inspection_id}/plans"
    assert get(client, world.viewer, other).status_code == 404
    assert get(client, world.viewer, f"{other}/1/judgements").status_code == 404


def test_an_unchanged_list_of_plans_answers_not_modified(client, world, followed_on):
    etag = get(client, world.viewer, _plans(world)).headers["ETag"]
    assert get(client, world.viewer, _plans(world), **{"If-None-Match": etag}).status_code == 304
