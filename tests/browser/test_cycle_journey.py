"""A manager records what happens after the plan, in the browser: a decision refused before any submission,
the submission and the decision, the revisit (refused before its notice), the judgements, the follow-on plan,
the timeline and a calendar address. Every page is checked (axe-core, structure, valid HTML, keyboard) and
photographed into $WSOA_SCREENSHOTS (default: the test's temporary directory) for a person to look at."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Page

from tests.browser.checks import PageRecorder, check_page
from tests.browser.test_journeys import fill_date, sign_in
from tests.factories import make_actions, make_inspection, make_user
from wsoa.extensions import db
from wsoa.models import LocalArea


def submit(page: Page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state("load")


def test_recording_a_decision_and_judgements_to_the_follow_on_plan(page: Page, live_server, app, tmp_path):
    shots = Path(os.environ.get("WSOA_SCREENSHOTS", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    inspection = make_inspection(app, "Westmarsh")
    manager = make_user(app, role="manager", area="Westmarsh", email="manager@westmarsh.example")
    make_actions(app, inspection, manager)
    with app.app_context():
        area_id = db.session.query(LocalArea).filter_by(name="Westmarsh").one().id
    recorder = PageRecorder(page)
    base = f"{live_server}/inspections/{inspection.id}"

    def checked(name: str) -> str:
        heading = check_page(page, recorder)
        page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
        return heading

    sign_in(page, recorder, live_server, manager.email)
    page.goto(base + "/cycle")
    assert checked("cycle-empty") == "After the plan: Westmarsh"

    page.goto(base + "/decision")  # nothing was submitted yet
    page.get_by_label("Accepted as fit for purpose").check()
    fill_date(page, "decided_on", date(2025, 9, 1))
    submit(page, "Record the decision")
    assert checked("decision-refused") == "Record the decision on the written statement of action"
    assert "before the decision on it" in page.locator(".govuk-error-summary").inner_text()

    page.goto(base + "/cycle")
    page.get_by_role("link", name="Record a submission of the written statement of action").click()
    assert checked("submission") == "Record the written statement of action's submission"
    fill_date(page, "submitted_on", date(2025, 6, 20))
    submit(page, "Record the submission")
    page.get_by_role("link", name="Record the decision on the written statement of action").click()
    page.get_by_label("Accepted as fit for purpose").check()
    fill_date(page, "decided_on", date(2025, 9, 1))
    submit(page, "Record the decision")
    assert "Decision recorded" in page.content()

    page.get_by_role("link", name="Record the notice and dates of the revisit").click()
    fill_date(page, "notice_on", date(2026, 9, 14))
    fill_date(page, "starts_on", date(2026, 9, 11))
    fill_date(page, "ends_on", date(2026, 9, 30))
    submit(page, "Save")
    assert checked("revisit-refused") == "Record the revisit"
    assert "cannot start before the notice" in page.locator(".govuk-error-summary").inner_text()
    fill_date(page, "starts_on", date(2026, 9, 28))
    submit(page, "Save")

    page.get_by_role("link", name="Record the judgements").click()
    assert checked("judgements") == "Judgements from the revisit letter"
    page.get_by_role("group", name="Progress on weakness 1").get_by_label("Insufficient progress").check()
    page.get_by_label("The inspectors' words on weakness 1").fill("Too few plans are finished on time.")
    page.get_by_role("group", name="Progress on weakness 2").get_by_label("Sufficient progress", exact=True).check()
    submit(page, "Save the judgements")
    assert checked("cycle-judged") == "After the plan: Westmarsh"
    assert "Too few plans are finished on time." in page.locator("#judgements").inner_text()

    page.get_by_role("link", name="Open the accelerated progress plan").click()
    assert checked("open-follow-on-plan") == "Open the accelerated progress plan"
    submit(page, "Open the plan")
    assert checked("follow-on-plan") == "Accelerated progress plan for Westmarsh"

    page.goto(f"{base}/actions")
    assert checked("closed-plan") == "Action plan for Westmarsh"
    page.goto(f"{live_server}/areas/{area_id}/timeline")
    assert checked("timeline") == "Timeline for Westmarsh"
    page.goto(f"{base}/dashboard")
    checked("dashboard-with-judgements")

    page.goto(f"{live_server}/account/calendars")
    assert checked("calendars") == "Calendar feeds"
    page.get_by_label("Westmarsh: key dates, the revisit and meetings").check()
    submit(page, "Make a secret address")
    assert checked("calendar-address") == "Calendar feeds"
    address = urlsplit(page.locator("#new-feed").inner_text())  # on APP_BASE_URL: fetched here from the live server
    feed = page.request.get(live_server + address.path)
    assert feed.ok and b"BEGIN:VCALENDAR" in feed.body()
