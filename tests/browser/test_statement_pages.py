"""The written statement in the browser: write the intended outcome, generate a version, record it as submitted,
change the plan, generate again and read what changed; the evidence pack page. Every page checked (axe-core,
structure, keyboard), error states included. Screenshots go to $WSOA_SCREENSHOTS_DIR when it is set."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from playwright.sync_api import Page

from tests.browser.checks import PageRecorder, check_page
from tests.browser.test_journeys import fill_date, sign_in
from tests.statement_factories import build_statement_plan
from wsoa.extensions import db
from wsoa.models import Action


def _submit(page: Page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state("load")


def _screenshot(page: Page, tmp_path: Path, name: str) -> None:
    folder = Path(os.environ.get("WSOA_SCREENSHOTS_DIR") or tmp_path)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def test_generate_a_statement_record_it_submitted_and_see_what_changed(page: Page, live_server, app, tmp_path):
    plan = build_statement_plan(app)
    recorder = PageRecorder(page)
    sign_in(page, recorder, live_server, plan.manager.email)
    statement = f"{live_server}/inspections/{plan.inspection.id}/statement"

    page.goto(statement)
    assert check_page(page, recorder) == "Written statement of action"
    page.get_by_role("link", name="Write the intended outcome for each finding").click()
    assert check_page(page, recorder) == "Intended outcomes"
    page.get_by_label("Intended outcome for Weakness 1").fill("Families get a plan within 20 weeks.")
    _submit(page, "Save intended outcomes")
    assert check_page(page, recorder) == "Written statement of action"

    _submit(page, "Generate a new version")
    assert check_page(page, recorder) == "Written statement of action"
    assert page.locator("#version-1").is_visible()

    page.locator("#version-1").get_by_role("link", name="Record as submitted").click()
    assert check_page(page, recorder) == "Record version 1 as submitted"
    _submit(page, "Record as submitted")  # no date: an error, nothing recorded
    assert page.title().startswith("Error: ")
    check_page(page, recorder)
    fill_date(page, "submitted_on", date.today())
    _submit(page, "Record as submitted")
    assert check_page(page, recorder) == "Written statement of action"

    with app.app_context():
        action = db.session.get(Action, plan.action("1.1").id)
        action.due_date = date(2026, 9, 30)
        action.measured_by = "Monthly SEN2 return"
        db.session.commit()
    page.reload()
    assert page.locator("#not-yet-in-a-version").is_visible()
    _submit(page, "Generate a new version")
    check_page(page, recorder)
    assert page.locator("#since-submitted").is_visible()
    changes = page.locator(".app-change").first.inner_text()
    assert "Weakness 1" in changes and "30 September 2026" in changes and "Monthly SEN2 return" in changes
    _screenshot(page, tmp_path, "statement")

    page.get_by_role("link", name="Download an evidence pack").click()
    assert check_page(page, recorder) == "Download an evidence pack"
    _screenshot(page, tmp_path, "evidence-pack")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the evidence pack", exact=True).click()
    assert download.value.suggested_filename.startswith("evidence-pack-westmarsh-the-whole-plan-")


def test_the_statements_settings_pages_and_their_error_states(page: Page, live_server, app, tmp_path):
    plan = build_statement_plan(app)
    recorder = PageRecorder(page)
    sign_in(page, recorder, live_server, plan.manager.email)
    page.goto(f"{live_server}/areas/1/statement/governance")
    assert check_page(page, recorder) == "Governance and co-production"
    page.get_by_label("Board", exact=True).fill("B" * 201)
    _submit(page, "Save")
    assert page.title().startswith("Error: ")
    check_page(page, recorder)

    page.goto(f"{live_server}/areas/1/members/{plan.lead.id}/details")
    assert check_page(page, recorder) == "Test Person's job title and organisation"
    page.get_by_label("Job title").fill("Head of SEND")
    page.get_by_label("Organisation").fill("Westmarsh Council")
    _submit(page, "Save")
    assert check_page(page, recorder) == "Members of Westmarsh"
    assert "Head of SEND, Westmarsh Council" in page.content()
    _screenshot(page, tmp_path, "members")
