"""Reading through the API: what the pages show, in JSON, for the areas the token's owner belongs to."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import time_machine

from tests.api_factories import bearer
from wsoa.actions.services import (
    ActionDetails,
    UpdateDetails,
    create_action,
    edit_action,
    finding_numbers,
    post_update,
)
from wsoa.extensions import db
from wsoa.inspections.cycle_services import cycle_of, record_submission
from wsoa.inspections.grouping import finding_label
from wsoa.inspections.key_dates import key_dates
from wsoa.models import Action, AuditEvent, Inspection, LocalArea, User
from wsoa.vocabulary import flags_of


def get(client, token: str, url: str, **headers):
    return client.get(url, headers={**bearer(token), **headers})


def test_the_areas_are_those_the_person_belongs_to_with_their_role(client, world):
    response = get(client, world.viewer, "/api/v1/areas")
    assert response.status_code == 200
    assert response.get_json() == {
        "items": [
            {
                "id": world.own.area_id,
                "name": "Westmarsh",
                "your_role": "viewer",
                "thresholds": {"stale_after_days": 30, "due_soon_days": 14},
            }
        ],
        "next_cursor": None,
    }


def test_an_inspection_has_its_key_dates_and_its_findings_named_as_in_the_plan(app, client, world):
    body = get(client, world.viewer, f"/api/v1/inspections/{world.own.inspection_id}").get_json()
    with app.app_context():
        inspection = db.session.get(Inspection, world.own.inspection_id)
        expected_dates = [(k.code, k.when and k.when.isoformat(), k.set_by_manager) for k in key_dates(inspection)]
        numbers = finding_numbers(inspection)
        expected_findings = [
            (f.id, f.kind, finding_label(f.kind, numbers[f.id]) if f.id in numbers else None, f.text)
            for f in inspection.findings
        ]
    assert body["area"] == {"id": world.own.area_id, "name": "Westmarsh"}
    assert [(k["code"], k["date"], k["set_by_manager"]) for k in body["key_dates"]] == expected_dates
    assert expected_dates, "the demo letter has key dates"
    assert [(f["id"], f["kind"], f["label"], f["text"]) for f in body["findings"]] == expected_findings
    assert any(f["label"] == "Weakness 1" for f in body["findings"])


@time_machine.travel(datetime(2026, 6, 1, 9, 0), tick=False)
def test_an_action_has_its_lead_partners_dates_status_rag_flags_and_success_measure(app, client, world):
    action_id = world.own.action_ids[1]
    with app.app_context():
        action = db.session.get(Action, action_id)
        manager = db.session.get(User, world.manager_id)
        details = ActionDetails(
            title="Cut waiting times for assessments",
            finding_ids=[f.id for f in action.findings],
            lead_id=world.lead_id,
            partner_user_ids=[world.manager_id],
            partner_organisations=["Parent carer forum", "ICB"],
            start_date=date(2026, 1, 5),
            due_date=date(2026, 6, 10),
            success_measure="Assessments within 20 weeks",
            baseline="41%",
            target="90%",
        )
        edit_action(manager, action, details, action.version)
        post_update(manager, action, UpdateDetails("amber", "Recruiting", "Two posts filled"), action.version)
        flags = flags_of(action, action.local_area.thresholds, date(2026, 6, 1))
        version = action.version

    body = get(client, world.viewer, f"/api/v1/actions/{action_id}").get_json()
    assert body["lead"] == {"id": world.lead_id, "name": "Test Person"}
    assert body["partners"] == [{"id": world.manager_id, "name": "Test Person"}]
    assert body["partner_organisations"] == ["ICB", "Parent carer forum"]
    assert (body["start_date"], body["due_date"]) == ("2026-01-05", "2026-06-10")
    assert (body["status"], body["status_name"], body["rag"], body["rag_reason"]) == (
        "in_progress",
        "In progress",
        "amber",
        "Recruiting",
    )
    assert (body["success_measure"], body["baseline"], body["target"]) == ("Assessments within 20 weeks", "41%", "90%")
    assert body["flags"]["due_soon"] is flags.due_soon is True
    assert body["flags"]["raised"] == ["due_soon"] and body["flags"]["words"] == ["Due soon"]
    assert body["last_update_at"] == "2026-06-01T09:00:00+00:00"
    assert body["version"] == version


def test_pages_follow_cursors_that_neither_repeat_nor_skip_while_actions_are_added(app, client, world):
    url = f"/api/v1/inspections/{world.own.inspection_id}/actions?limit=5"
    first = get(client, world.viewer, url)
    seen = [item["id"] for item in first.get_json()["items"]]
    cursor = first.get_json()["next_cursor"]
    assert len(seen) == 5 and cursor
    assert first.headers["Link"].endswith('rel="next"') and f"cursor={cursor}" in first.headers["Link"]
    with app.app_context():  # someone adds an action while the client is paging
        manager = db.session.get(User, world.manager_id)
        inspection = db.session.get(Inspection, world.own.inspection_id)
        finding = db.session.get(Action, world.own.action_ids[0]).findings[0]
        added = create_action(manager, inspection, ActionDetails(title="A new action", finding_ids=[finding.id])).id
    while cursor:
        page = get(client, world.viewer, f"{url}&cursor={cursor}").get_json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
    assert seen == sorted(world.own.action_ids + [added])


def test_an_unchanged_answer_is_not_sent_again_and_a_change_gives_a_new_etag(app, client, world):
    url = f"/api/v1/actions/{world.own.action_ids[0]}"
    first = get(client, world.viewer, url)
    etag = first.headers["ETag"]
    assert first.headers["Cache-Control"] == "private, no-cache"
    again = get(client, world.viewer, url, **{"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    with app.app_context():
        action = db.session.get(Action, world.own.action_ids[0])
        manager = db.session.get(User, world.manager_id)
        post_update(manager, action, UpdateDetails("green", "Fine", "Done"), action.version)
    changed = get(client, world.viewer, url, **{"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


def test_updates_milestones_and_evidence_metadata(app, client, world):
    action_id = world.own.action_ids[0]
    with app.app_context():
        action = db.session.get(Action, action_id)
        post_update(db.session.get(User, world.lead_id), action, UpdateDetails("red", "Late", "Little"), action.version)
    updates = get(client, world.viewer, f"/api/v1/actions/{action_id}/updates").get_json()["items"]
    assert [(u["rag"], u["done"], u["author"]["id"]) for u in updates] == [("red", "Little", world.lead_id)]
    milestones = get(client, world.viewer, f"/api/v1/actions/{action_id}/milestones").get_json()["items"]
    assert [(m["id"], m["title"], m["due_date"], m["done_on"]) for m in milestones] == [
        (world.own.milestone_id, "Panel agreed", "2026-03-31", None)
    ]
    evidence = get(client, world.viewer, f"/api/v1/actions/{action_id}/evidence").get_json()["items"]
    by_id = {item["id"]: item for item in evidence}
    assert by_id[world.own.link_evidence_id]["file"] is None
    assert by_id[world.own.link_evidence_id]["link_url"] == "https://example.org/survey"
    stored = by_id[world.own.evidence_id]["file"]
    assert stored["filename"] == "minutes.csv" and stored["size_bytes"] == 8
    assert stored["download_url"] == f"/api/v1/evidence/{world.own.evidence_id}/file"


def test_an_evidence_file_downloads_with_the_pages_check_and_audit(app, client, world):
    with get(client, world.viewer, f"/api/v1/evidence/{world.own.evidence_id}/file") as response:
        assert response.status_code == 200
        assert response.get_data() == b"a,b\n1,2\n"
        assert response.headers["Content-Disposition"].startswith("attachment")
    with get(client, world.viewer, f"/api/v1/evidence/{world.other.evidence_id}/file") as hidden:
        assert hidden.status_code == 404 and hidden.mimetype == "application/problem+json"
    with get(client, world.viewer, f"/api/v1/evidence/{world.own.link_evidence_id}/file") as link:
        assert link.status_code == 404  # a link has no file
    with app.app_context():
        downloads = db.session.query(AuditEvent).filter_by(event="evidence.downloaded").all()
        assert [(e.actor.email, e.summary) for e in downloads] == [
            ("viewer@westmarsh.example", "Downloaded minutes.csv")
        ]


def test_me_says_who_the_token_acts_as(client, world):
    body = get(client, world.reader, "/api/v1/me").get_json()
    assert body["email"] == "manager@westmarsh.example"
    assert body["memberships"] == [{"area": {"id": world.own.area_id, "name": "Westmarsh"}, "role": "manager"}]
    assert body["token"]["name"] == "Read only" and body["token"]["scope"] == "read"


def test_inspections_can_be_listed_for_one_area_and_never_for_another(app, client, world):
    own = get(client, world.viewer, f"/api/v1/inspections?area_id={world.own.area_id}").get_json()
    assert [item["id"] for item in own["items"]] == [world.own.inspection_id]
    everything = get(client, world.viewer, "/api/v1/inspections").get_json()
    assert [item["id"] for item in everything["items"]] == [world.own.inspection_id]
    other = get(client, world.viewer, f"/api/v1/inspections?area_id={world.other.area_id}")
    assert other.status_code == 404
    with app.app_context():
        assert db.session.query(LocalArea).count() == 2


def test_an_inspection_s_key_dates_follow_what_its_cycle_has_recorded(app, client, world):
    with app.app_context():
        inspection = db.session.get(Inspection, world.own.inspection_id)
        submitted = inspection.letter_date + timedelta(days=40)
        record_submission(db.session.get(User, world.manager_id), inspection, submitted, "", date.today())
        expected = [(k.code, k.when and k.when.isoformat()) for k in key_dates(inspection, cycle_of(inspection.id))]
    detail = get(client, world.viewer, f"/api/v1/inspections/{world.own.inspection_id}").get_json()
    listed = get(client, world.viewer, "/api/v1/inspections").get_json()["items"]
    [summary] = [item for item in listed if item["id"] == world.own.inspection_id]
    for body in (detail, summary):
        assert [(k["code"], k["date"]) for k in body["key_dates"]] == expected
        assert ("statement_submitted", submitted.isoformat()) in expected
