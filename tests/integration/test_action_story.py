"""The whole story through the web pages: import a letter, seed, assign, update, evidence, review, sign off."""

import io
import re

from tests.factories import letter_text, make_area, make_user
from tests.pages import assert_page, csrf_token, post_form, redirect_target, sign_in
from wsoa.extensions import db
from wsoa.models import Action, AuditEvent


def sign_out(client):
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/")})


def test_a_weakness_goes_from_the_letter_to_a_signed_off_action_with_its_audit_trail(app, client):
    make_area(app, "Westmarsh")
    manager = make_user(app, role="manager", area="Westmarsh")
    officer = make_user(app, role="officer", area="Westmarsh")

    # A manager imports the letter from the browser.
    sign_in(client, manager)
    preview = post_form(
        client,
        "/inspections/import",
        {"letter": (io.BytesIO(letter_text().encode()), "letter.txt")},
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    reading = re.search(r'name="reading" type="hidden" value="([^"]+)"', preview).group(1)
    inspection_url = post_form(
        client,
        "/inspections/import/confirm",
        page="/inspections/import",
        data={
            "reading": reading,
            "local_area": "Westmarsh",
            "letter_date": ["14", "3", "2025"],
            "inspection_start": ["3", "2", "2025"],
            "inspection_end": ["7", "2", "2025"],
        },
    ).headers["Location"]
    inspection_id = int(inspection_url.removesuffix("/seed").rsplit("/", 1)[1])

    # Seeds a draft action for every weakness and area for development.
    seed_page = f"/inspections/{inspection_id}/seed?with=all"
    finding_ids = re.findall(
        r'name="findings" type="checkbox" value="(\d+)" checked', client.get(seed_page).get_data(as_text=True)
    )
    assert len(finding_ids) == 4 + 9  # four significant weaknesses, nine areas for development
    post_form(client, seed_page, {"findings": finding_ids})
    with app.app_context():
        action = db.session.query(Action).filter_by(reference="1.1").one()
        action_id, first_finding = action.id, action.findings[0].id
    assert (
        action.title
        == "The timeliness, quality and review of EHC plans, including the contributions made by health and social care"
    )

    # Assigns it to the officer with a due date and success measure.
    edit_page = f"/actions/{action_id}/edit"
    version = re.search(
        r'name="version" type="hidden" value="(\d+)"', client.get(edit_page).get_data(as_text=True)
    ).group(1)
    response = post_form(
        client,
        edit_page,
        {
            "version": version,
            "title": "Make EHC plans timely and good",
            "description": "Recovery plan for the EHC team",
            "findings": [first_finding],
            "lead": str(officer.id),
            "partner_organisations": "NHS Westmarsh ICB\nWestmarsh Voices",
            "start_date": ["1", "4", "2025"],
            "due_date": ["31", "3", "2026"],
            "success_measure": "More EHC plans issued within 20 weeks",
            "baseline": "38%",
            "target": "90%",
        },
    )
    assert redirect_target(response) == f"/actions/{action_id}", response.get_data(as_text=True)
    sign_out(client)

    # The officer sees it in My actions, posts an update and adds evidence.
    sign_in(client, officer)
    assert "Make EHC plans timely and good" in assert_page(client.get("/my-actions"), "My actions")
    post_form(
        client,
        f"/actions/{action_id}/update",
        {
            "rag": "amber",
            "rag_reason": "Recruitment is slow",
            "done": "Two caseworkers recruited",
            "next_steps": "Audit plans",
            "percent_complete": "40",
        },
    )
    post_form(
        client,
        f"/actions/{action_id}/evidence/new",
        {
            "kind": "impact",
            "description": "20-week timeliness figures",
            "as_at": ["31", "1", "2026"],
            "file": (io.BytesIO(b"month,within 20 weeks\nJanuary,71%\n"), "timeliness.csv"),
            "link_url": "",
        },
        content_type="multipart/form-data",
    )
    post_form(client, f"/actions/{action_id}/complete", {})
    sign_out(client)

    # The manager accepts the evidence and signs the action off.
    sign_in(client, manager)
    page = client.get(f"/actions/{action_id}").get_data(as_text=True)
    evidence_id = re.search(r"/evidence/(\d+)/review", page).group(1)
    post_form(client, f"/evidence/{evidence_id}/review", {"decision": "accept", "comment": ""})
    response = post_form(client, f"/actions/{action_id}/sign-off", {"decision": "sign_off", "reason": ""})
    assert redirect_target(response) == f"/actions/{action_id}"
    page = assert_page(client.get(f"/actions/{action_id}"), "1.1 Make EHC plans timely and good")
    assert "Signed off" in page

    with app.app_context():
        action = db.session.get(Action, action_id)
        assert (action.status, action.rag, action.lead.email) == ("signed_off", "amber", officer.email)
        trail = [
            (e.event, e.actor.email)
            for e in db.session.query(AuditEvent).filter_by(action_id=action_id).order_by(AuditEvent.id)
        ]
    assert trail == [
        ("action.seeded", manager.email),
        ("action.edited", manager.email),
        ("action.updated", officer.email),
        ("evidence.added", officer.email),
        ("action.completed", officer.email),
        ("evidence.reviewed", manager.email),
        ("action.signed_off", manager.email),
    ]
    assert "Recovery plan for the EHC team" in page and "Two caseworkers recruited" in page
