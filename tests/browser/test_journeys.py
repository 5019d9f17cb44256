"""The product's journeys in a real browser, every page (error states included) checked for accessibility.

A manager imports the demo letter, seeds and assigns actions; an officer posts an update with evidence and
marks the action complete; the manager reviews the evidence and signs it off, reads the dashboards and
downloads the tracker.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from tests.browser.checks import PageRecorder, check_page
from tests.factories import DEMO_LETTER, PASSWORD, make_area
from wsoa.auth.services import create_user


@pytest.fixture
def people(app):
    make_area(app, "Westmarsh")
    with app.app_context():
        create_user("manager@westmarsh.example", "Morgan Hale", PASSWORD, "manager", "Westmarsh")
        create_user("officer@westmarsh.example", "Olu Adebayo", PASSWORD, "officer", "Westmarsh")
    return {"manager": "manager@westmarsh.example", "officer": "officer@westmarsh.example"}


def _submit(page: Page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state("load")


def follow(page: Page, name: str, exact: bool = True) -> None:
    """Follow a link, whether it looks like a link or (GOV.UK's start buttons) like a button."""
    page.locator("a").filter(has=page.get_by_text(name, exact=exact)).or_(
        page.get_by_role("link", name=name, exact=exact)
    ).first.click()
    page.wait_for_load_state("load")


def sign_in(page: Page, recorder: PageRecorder, base: str, email: str) -> None:
    page.goto(f"{base}/sign-in")
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    _submit(page, "Sign in")
    check_page(page, recorder)


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state("load")


def fill_date(page: Page, prefix: str, day: date) -> None:
    page.locator(f"#{prefix}-day").fill(str(day.day))
    page.locator(f"#{prefix}-month").fill(str(day.month))
    page.locator(f"#{prefix}-year").fill(str(day.year))


def test_from_letter_to_signed_off_action_to_dashboard_and_tracker(page: Page, live_server, people, tmp_path):
    base = live_server
    recorder = PageRecorder(page)
    today = date.today()

    # Sign in: the empty form first (an error state), then properly.
    page.goto(f"{base}/sign-in")
    assert check_page(page, recorder) == "Sign in"
    _submit(page, "Sign in")
    assert page.title().startswith("Error: ")
    check_page(page, recorder)
    sign_in(page, recorder, base, people["manager"])
    assert recorder.checked[-1] == "Your work queue"  # a manager starts at what waits for them

    # Import the letter through the import page, with an empty upload first.
    follow(page, "Inspections", exact=True)
    check_page(page, recorder)
    follow(page, "Import an inspection letter or report")
    check_page(page, recorder)
    _submit(page, "Read the letter")
    check_page(page, recorder)
    page.locator("input[type=file]").set_input_files(str(DEMO_LETTER))
    _submit(page, "Read the letter")
    assert check_page(page, recorder) == "Check what was read from the letter"
    _submit(page, "Confirm and import")
    # The next job is the plan: the manager lands on choosing the findings to track.
    assert check_page(page, recorder) == "Choose the findings to track"
    inspection_url = page.url.removesuffix("/seed")

    # Seed actions for every weakness and area for development, then assign 1.1.
    follow(page, "Tick all the areas for development too")
    check_page(page, recorder)
    _submit(page, "Create draft actions")
    check_page(page, recorder)
    follow(page, "the timeliness, quality and review of EHC plans", exact=False)
    check_page(page, recorder)
    follow(page, "Edit action", exact=False)
    check_page(page, recorder)
    page.get_by_label("Title").fill("")
    _submit(page, "Save action")
    check_page(page, recorder)  # error: no title
    page.get_by_label("Title").fill("Make EHC plans timely and good")
    page.get_by_label("Lead officer").select_option(label="Olu Adebayo")
    page.get_by_label("Partner organisations").fill("NHS Westmarsh ICB\nWestmarsh Voices")
    fill_date(page, "start_date", date(today.year - 1, 4, 1))
    fill_date(page, "due_date", date(today.year + 1, 3, 31))
    page.get_by_label("Success measure").fill("More EHC plans issued within 20 weeks")
    _submit(page, "Save action")
    assert check_page(page, recorder).endswith("Make EHC plans timely and good")
    action_url = page.url
    sign_out(page)

    # The officer: My actions, an update (empty first), evidence (empty first), mark complete.
    sign_in(page, recorder, base, people["officer"])
    follow(page, "My actions")
    check_page(page, recorder)
    follow(page, "Make EHC plans timely and good")
    check_page(page, recorder)
    follow(page, "Post a progress update")
    check_page(page, recorder)
    _submit(page, "Post update")
    check_page(page, recorder)
    page.get_by_label("Amber: at risk").check()
    page.get_by_label("Reason for the rating", exact=False).fill("Recruitment is slow")
    page.get_by_label("What has been done", exact=False).fill("Two caseworkers recruited")
    _submit(page, "Post update")
    check_page(page, recorder)
    follow(page, "Add evidence")
    check_page(page, recorder)
    _submit(page, "Add evidence")
    check_page(page, recorder)
    page.get_by_label("Impact: what changed for children and young people").check()
    page.get_by_label("Description").fill("20-week timeliness figures")
    fill_date(page, "as_at", today)
    evidence_file = tmp_path / "timeliness.csv"
    evidence_file.write_text("month,within 20 weeks\nJanuary,71%\n", encoding="utf-8")
    page.locator("input[type=file]").set_input_files(str(evidence_file))
    _submit(page, "Add evidence")
    check_page(page, recorder)
    follow(page, "Mark complete")
    check_page(page, recorder)
    _submit(page, "Confirm")
    check_page(page, recorder)
    sign_out(page)

    # The manager reviews the evidence and signs the action off (an empty decision first).
    sign_in(page, recorder, base, people["manager"])
    page.goto(action_url)
    check_page(page, recorder)
    page.locator("a[href*=review]").first.click()
    page.wait_for_load_state("load")
    check_page(page, recorder)
    _submit(page, "Save review")
    check_page(page, recorder)
    page.get_by_label("Accept").check()
    _submit(page, "Save review")
    check_page(page, recorder)
    follow(page, "Sign off or return", exact=False)
    check_page(page, recorder)
    _submit(page, "Save decision")
    check_page(page, recorder)
    page.get_by_label("Sign off the action").check()
    _submit(page, "Save decision")
    check_page(page, recorder)
    expect(page.locator(".govuk-tag", has_text="Signed off").first).to_be_visible()

    # Dashboards: the overview, the area's dashboard (with a wrong date once), actions, readiness, owners.
    follow(page, "Dashboard")
    assert check_page(page, recorder) == "Dashboard"
    follow(page, "Westmarsh")
    assert check_page(page, recorder) == "Dashboard for Westmarsh"
    expect(page.locator("svg.app-chart[role=img]")).to_have_count(2)
    page.locator("#since-day").fill("30")
    page.locator("#since-month").fill("2")
    page.locator("#since-year").fill("2025")
    _submit(page, "Show changes")
    assert page.title().startswith("Error: ")
    check_page(page, recorder)
    fill_date(page, "since", date(today.year - 1, 1, 1))
    _submit(page, "Show changes")
    check_page(page, recorder)
    expect(page.locator("#changes")).to_contain_text("since 1 January")

    follow(page, "Find actions")
    check_page(page, recorder)
    page.get_by_label("Search action titles", exact=False).fill("caseworkers")
    page.get_by_label("Status").select_option("signed_off")
    _submit(page, "Apply filters")
    check_page(page, recorder)
    expect(page.get_by_label("Search action titles", exact=False)).to_have_value("caseworkers")
    expect(page.get_by_label("Status")).to_have_value("signed_off")
    expect(page.locator("tbody tr")).to_have_count(1)

    follow(page, "Revisit readiness")
    assert check_page(page, recorder) == "Revisit readiness for Westmarsh"
    page.get_by_label("Evidence is out of date", exact=False).fill("0")
    _submit(page, "Show problems")
    check_page(page, recorder)  # error: months out of range
    follow(page, "Workload by owner")
    check_page(page, recorder)
    expect(page.locator("#leads")).to_contain_text("Olu Adebayo")

    # The tracker, both ways.
    follow(page, "Dashboard", exact=True)
    follow(page, "Westmarsh")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Excel spreadsheet (XLSX)").click()
    xlsx_path = Path(download_info.value.path())
    assert download_info.value.suggested_filename.endswith(".xlsx")
    book = openpyxl.load_workbook(io.BytesIO(xlsx_path.read_bytes()))
    assert book["About"]["B2"].value == "Westmarsh"
    references = [row[0] for row in book.active.iter_rows(min_row=2, values_only=True)]
    assert references[0] == "1.1" and len(references) == 13
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV", exact=True).click()
    lines = list(csv.reader(io.StringIO(Path(download_info.value.path()).read_text(encoding="utf-8-sig"))))
    assert lines[0][0] == "Reference"
    assert any(row and row[0] == "1.1" and "Signed off" in row for row in lines)

    # Back to where we started: the inspection page still passes too.
    page.goto(inspection_url)
    check_page(page, recorder)
    assert len(recorder.checked) >= 40
